"""Commentary and corrective action: read from files, carried by results, shown in reports."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from safeguarding_plan import (
    ActionUpdate,
    Commentary,
    ObservationError,
    Report,
    evaluate,
    loads_observations,
    observations_from_dataframe,
)
from safeguarding_plan.observation_files import loads_progress
from safeguarding_plan.plans import stockport_2023_26
from safeguarding_plan.reports import render_html, render_json, render_markdown

PLAN = stockport_2023_26()
TEXT = (
    "indicator,period,value,commentary,corrective_action,action_owner,action_due\n"
    "s42-non-conversion,2024/25 Q1,62,,,,\n"
    's42-non-conversion,2024/25 Q2,61,"A rise in repeat concerns from one care home.",'
    "Targeted provider visits,Safeguarding Adults Board,2025-03-31\n"
    "s42-non-conversion,2023/24,66,Last year's account,Old action,SSAP,2024-06-30\n"
)
AS_OF = dt.date(2024, 10, 31)


def report() -> Report:
    updates = [
        ActionUpdate(
            action="maars-audit",
            on="2024-09-30",
            state="in progress",
            evidence="https://example.org/maars-audit-interim",
        )
    ]
    return evaluate(PLAN, loads_observations(TEXT, PLAN), updates=updates, as_of=AS_OF)


def test_the_latest_commentary_within_the_targets_period_is_carried():
    result = report().target("s42-non-conversion-2024-25")
    assert (
        Commentary(
            period="2024/25 Q2",
            commentary="A rise in repeat concerns from one care home.",
            corrective_action="Targeted provider visits",
            action_owner="Safeguarding Adults Board",
            action_due=dt.date(2025, 3, 31),
        )
        == result.commentary
    )
    assert (
        "Last year's account" == report().target("s42-non-conversion-2023-24").commentary.commentary
    )


def test_a_commentary_recorded_after_the_date_judged_is_not_used():
    early = evaluate(PLAN, loads_observations(TEXT, PLAN), as_of=dt.date(2024, 7, 31))
    assert early.target("s42-non-conversion-2024-25").commentary is None


def test_results_round_trip_with_commentary_and_evidence():
    r = report()
    again = Report.from_dict(json.loads(r.to_json()))
    assert again == r
    assert "https://example.org/maars-audit-interim" == again.action("maars-audit").update.evidence


def test_json_and_dataframe_rows_carry_it():
    text = json.dumps(
        {
            "observations": [
                {
                    "indicator": "s42-non-conversion",
                    "period": "2024/25 Q2",
                    "value": 61,
                    "commentary": "Why",
                    "corrective_action": "What",
                    "action_owner": "Who",
                    "action_due": "2025-03-31",
                }
            ],
            "action_updates": [
                {
                    "action": "maars-audit",
                    "date": "2024-09-30",
                    "state": "in progress",
                    "evidence": "A sentence.",
                }
            ],
        }
    )
    progress = loads_progress(text, PLAN, format="json")
    assert ("What", dt.date(2025, 3, 31)) == (
        progress.observations[0].corrective_action,
        progress.observations[0].action_due,
    )
    assert "A sentence." == progress.action_updates[0].evidence
    frame = pd.DataFrame(
        {
            "indicator": ["s42-non-conversion"],
            "period": ["2024/25 Q2"],
            "value": [61],
            "commentary": ["Why"],
            "action_due": [pd.Timestamp("2025-03-31")],
        }
    )
    (obs,) = observations_from_dataframe(frame, PLAN)
    assert ("Why", dt.date(2025, 3, 31)) == (obs.commentary, obs.action_due)


def test_a_bad_due_date_is_located():
    text = "indicator,period,value,action_due\ns42-non-conversion,2024/25 Q2,61,soon\n"
    with pytest.raises(ObservationError, match="line 2, column action_due"):
        loads_observations(text, PLAN)


def test_markdown_shows_it_in_needs_attention_and_beside_the_target():
    text = render_markdown(report())
    attention = text.split("### Needs attention")[1].split("\n## ")[0]
    assert (
        "Corrective action: Targeted provider visits (owner: Safeguarding Adults Board; "
        "due 31 March 2025)." in attention
    )
    assert "  - Commentary (2024/25 Q2): A rise in repeat concerns" in text
    assert "Evidence of impact: https\\://example.org/maars-audit-interim" in text


def test_html_and_json_show_it():
    html = render_html(report())
    assert html.count("Targeted provider visits") == 2  # needs attention, and the target
    assert "Evidence of impact: https://example.org/maars-audit-interim" in html
    records = json.loads(render_json(report()))["records"]
    row = next(r for r in records if r["id"] == "s42-non-conversion-2024-25")
    assert ("Targeted provider visits", "2025-03-31") == (
        row["corrective_action"],
        row["action_due"],
    )


def test_text_from_the_file_is_escaped():
    text = TEXT.replace("Targeted provider visits", "<script>x</script> [l](javascript:y)")
    r = evaluate(PLAN, loads_observations(text, PLAN), as_of=AS_OF)
    assert "<script>x" not in render_html(r)
    markdown = render_markdown(r)
    assert markdown.count("<script>") == markdown.count("\\<script>") > 0
    assert markdown.count("](javascript") == markdown.count("\\](javascript")


def test_the_json_schema_knows_the_new_fields():
    import jsonschema

    from safeguarding_plan import observations_schema

    document = {
        "withheld": "dfe",
        "observations": [
            {"indicator": "s42-non-conversion", "period": "2024/25 Q2", "value": 61,
             "commentary": "Why", "corrective_action": "What", "action_owner": "Who",
             "action_due": "2025-03-31"},
            {"indicator": "msp-asked", "period": "2024/25 Q2", "value": "c",
             "denominator": 12, "withheld": "1-9"},
        ],
        "action_updates": [{"action": "maars-audit", "date": "2024-09-30",
                            "state": "in progress", "evidence": "A sentence."}],
    }  # fmt: skip
    jsonschema.validate(document, observations_schema())
    loads_progress(json.dumps(document), PLAN, format="json")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**document, "withheld": "lots"}, observations_schema())
