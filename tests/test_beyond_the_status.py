"""The three answers beyond the status, where a reader looks: reports, charts, command line.

With the bundled illustrative data as at 31 December 2024 (the README's report): will a
target be met (the forecast), are we improving year on year, and how do we compare with
England, the North West and our statistical neighbours.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib

import pytest

from safeguarding_plan import Benchmark, Observation, Outlook, Travel, evaluate
from safeguarding_plan.cli import main
from safeguarding_plan.observation_files import (
    load_action_updates,
    load_assessments,
    load_observations,
)
from safeguarding_plan.plans import stockport_2023_26
from safeguarding_plan.reports import render_html, render_json, render_markdown

ROOT = pathlib.Path(__file__).parent.parent
DATA = ROOT / "examples" / "data"
AS_OF = dt.date(2024, 12, 31)
S42 = "s42-non-conversion-2024-25"


@pytest.fixture(name="observations", scope="module")
def _observations():
    return load_observations(DATA / "stockport-illustrative.csv", stockport_2023_26())


@pytest.fixture(name="report", scope="module")
def _report(observations):
    plan = stockport_2023_26()
    return evaluate(
        plan,
        observations,
        updates=load_action_updates(DATA / "stockport-illustrative-updates.csv", plan),
        assessments=load_assessments(DATA / "stockport-illustrative-assessments.csv", plan),
        as_of=AS_OF,
    )


# --------------------------------------------------------------------------- the data


def test_the_illustrative_data_gives_all_three_answers(report):
    result = report.target(S42)
    assert result.forecast.outlook is Outlook.LIKELY_MISSED
    assert len(result.forecast.periods) >= 3
    assert result.travel_year_on_year is Travel.IMPROVING  # 58% against 67% a year before
    assert [c.comparator for c in result.comparators] == [
        "england", "north-west", "statistical-neighbours",
    ]  # fmt: skip
    outlooks = {t.forecast.outlook for t in report.targets if t.forecast is not None}
    assert {Outlook.LIKELY_MISSED, Outlook.INSUFFICIENT_DATA} <= outlooks
    assert len(outlooks) >= 3
    benchmarks = {c.benchmark for t in report.targets for c in t.comparators}
    assert benchmarks == set(Benchmark)


def test_the_illustrative_comparators_are_never_stockports_own(observations):
    own = [o for o in observations if o.comparator is None]
    plan = stockport_2023_26()
    alone = evaluate(plan, own, as_of=AS_OF)
    beside = evaluate(plan, observations, as_of=AS_OF)
    assert [(t.status, t.rag, t.actual) for t in alone.targets] == [
        (t.status, t.rag, t.actual) for t in beside.targets
    ]


# --------------------------------------------------------------------------- reports


def test_markdown_shows_the_forecast_travel_and_comparators(report):
    text = render_markdown(report)
    likely = text[text.index("### Likely to be missed") : text.index("## Joint partnership")]
    assert S42 in likely
    assert "On the trend of the last 6 quarters" in likely
    assert "| Direction | Year on year | Status | RAG | Forecast | Comparators |" in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and f"({S42})" in line]
    row = rows[-1]  # the priority's table (the first is in "Likely to be missed")
    assert "\N{SOUTH EAST ARROW} likely to be missed: " in row
    assert "England 70% (-12 percentage points, + better)" in row
    assert "Statistical neighbours 59% (-1 percentage point, = similar)" in row
    assert "year on year: against the same period a year earlier" in text


def test_html_shows_the_forecast_travel_and_comparators(report):
    page = render_html(report)
    assert '<h3 id="likely-missed">Likely to be missed: the forecast</h3>' in page
    assert '<th scope="col">Direction of travel: short-term; year on year</th>' in page
    assert '<span class="explain">year on year: improving</span>' in page
    assert '<th scope="col">Forecast</th>' in page
    assert "<caption>Compared with others: " in page
    row = (
        '<td>England</td><td class="num">70%</td><td class="num">-12 percentage points</td>'
        "<td>+ better</td>"
    )
    assert row in page
    assert "80% prediction interval" in page


def test_json_carries_the_forecast_and_comparators(report):
    records = {r["id"]: r for r in json.loads(render_json(report))["records"]}
    s42 = records[S42]
    assert s42["forecast"] == "likely_missed"
    assert s42["travel_year_on_year"] == "improving"
    assert [c["benchmark"] for c in s42["comparators"]] == ["better", "better", "similar"]
    assert s42["forecast_explanation"].startswith("On the trend of the last 6 quarters")


def test_a_target_withheld_for_publication_withholds_its_forecast_and_comparators():
    plan = stockport_2023_26()
    data = [
        Observation(indicator="s42-non-conversion", period=f"2023/24 Q{n}", value=v)
        for n, v in ((1, 70), (2, 67), (3, 65))
    ]
    data += [
        Observation(indicator="sar-referrals", period="2022/23", value=8),
        Observation(indicator="sar-referrals", period="2023/24 Q1", value=2),
        Observation(indicator="sar-referrals", period="2023/24 Q1", value=900,
                    comparator="england"),
    ]  # fmt: skip
    report = evaluate(plan, data, as_of=dt.date(2023, 7, 31))
    result = report.target("sar-referrals-2023-24")
    assert result.forecast.value is not None
    records = {r["id"]: r for r in json.loads(render_json(report, suppress_below=5))["records"]}
    hidden = records["sar-referrals-2023-24"]
    assert hidden["forecast_value"] == "[c]"
    assert hidden["comparators"] == []
    assert hidden["forecast_explanation"].startswith("Figures withheld for publication")
    text = render_markdown(report, suppress_below=5)
    row = [line for line in text.splitlines() if "(sar-referrals-2023-24) |" in line][-1]
    forecast_cell = row.split(" | ")[-2]
    assert forecast_cell.endswith(": [c]")  # the outlook, never the projected count
    assert result.forecast_explanation not in text  # the run rate would reveal the count
    assert "900" not in text


# --------------------------------------------------------------------------- command line


def test_the_command_line_shows_them(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "500")
    code = main(["evaluate", "stockport-2023-26", str(DATA / "stockport-illustrative.csv"),
                 "--as-of", AS_OF.isoformat(), "--explain"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    header = next(line for line in out.splitlines() if line.startswith("  RAG "))
    for heading in ("SHORT-TERM", "YEAR ON YEAR", "FORECAST", "COMPARATORS"):
        assert heading in header
    row = next(line for line in out.splitlines() if f"  {S42}  " in line)
    assert "\N{SOUTH EAST ARROW} likely to be missed (" in row
    assert "England better, North West better, Statistical neighbours similar" in row
    assert "On the trend of the last 6 quarters (2023/24 Q1 to 2024/25 Q2" in out
    assert "For 2024/25 Q2, 58% compared with England at 70%" in out


# --------------------------------------------------------------------------- charts


def test_the_chart_draws_the_projection_and_the_comparators(report):
    pytest.importorskip("matplotlib")
    from safeguarding_plan.charts import draw_charts

    charts = {c.indicator.id: c for c in draw_charts(report)}
    s42 = charts["s42-non-conversion"]
    assert "dotted green line: the forecast: the trend of recent values" in s42.caption
    assert "green bar: the forecast's 80% prediction interval" in s42.caption
    assert "dash-dot purple line with crosses: England's values (comparator)" in s42.caption
    assert "the forecast: the trend of recent values" in s42.alt
    for chart in charts.values():
        svg = chart.image.decode()
        assert ("the forecast:" in chart.caption) == ("projection (forecast)" in svg)
        assert ("80% prediction interval" in chart.caption) == (
            "80% prediction interval" in svg
        )
        for comparator in report.plan.comparators:
            said = f"{comparator.label}'s values (comparator)" in chart.caption
            assert said == (f"{comparator.label} (comparator)" in svg), chart.indicator.id


def test_a_comparators_values_are_never_drawn_as_the_partnerships():
    pytest.importorskip("matplotlib")
    from safeguarding_plan import charts

    indicator = stockport_2023_26().indicator("s42-non-conversion")
    theirs = [Observation(indicator=indicator.id, period="2023/24 Q1", value=70,
                          comparator="england")]  # fmt: skip
    quarters, years, withheld = charts._actuals(
        indicator, theirs, AS_OF, lambda _: False
    )
    assert (quarters, years, withheld) == ([], [], 0)


def test_show_and_validate_name_the_comparators(capsys):
    assert main(["show", "stockport-2023-26"]) == 0
    out = capsys.readouterr().out
    assert (
        "Compared with: England [england]; North West [north-west]; Statistical neighbours "
        "[statistical-neighbours]"
    ) in " ".join(out.split())
    path = str(DATA / "stockport-illustrative.csv")
    assert main(["validate", path, "--plan", "stockport-2023-26"]) == 0
    assert "(3 withheld, 15 for comparators)" in capsys.readouterr().out
