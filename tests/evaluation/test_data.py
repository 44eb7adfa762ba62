"""Results as data: to_dict, to_json, from_dict, to_records, the schema, and as_of."""

from __future__ import annotations

import datetime as dt
import json
import pathlib

import pandas as pd
import pytest

from safeguarding_plan import (
    ActionUpdate,
    Assessment,
    InvalidValueError,
    SafeguardingPlanError,
    evaluate,
)
from safeguarding_plan.evaluation import Report, report_schema
from safeguarding_plan.plans import stockport_2023_26

EXAMPLES = pathlib.Path(__file__).parents[2] / "docs" / "examples"


@pytest.fixture(scope="module")
def stockport_report() -> Report:
    """The Stockport plan with the tutorial's figures, as at 30 April 2024."""
    from safeguarding_plan import load_observations

    plan = stockport_2023_26()
    data = load_observations(EXAMPLES / "stockport-2023-24.csv", plan)
    return evaluate(
        plan,
        data,
        updates=[ActionUpdate(action="maars-audit", on=dt.date(2024, 1, 10), state="complete")],
        as_of=dt.date(2024, 4, 30),
    )


def test_a_report_comes_back_equal_from_its_json(stockport_report):
    """Last quarter's stored results load back equal."""
    expected = stockport_report

    actual = Report.from_dict(json.loads(stockport_report.to_json()))

    assert expected == actual


def test_a_report_comes_back_equal_with_the_plan_given(stockport_report):
    """A tool that has the plan already need not read it from the data."""
    expected = stockport_report

    actual = Report.from_dict(stockport_report.to_dict(), plan=stockport_report.plan)

    assert expected == actual


def test_explanations_survive_the_round_trip(stockport_report):
    """The sentences are rendered from the stored reasons as before."""
    expected = [t.explanation for t in stockport_report.targets]

    actual = [t.explanation for t in Report.from_dict(stockport_report.to_dict()).targets]

    assert expected == actual


def _floats(value: object) -> list[float]:
    if isinstance(value, float):
        return [value]
    if isinstance(value, dict):
        return [f for v in value.values() for f in _floats(v)]
    if isinstance(value, list):
        return [f for v in value for f in _floats(v)]
    return []


def test_no_figure_carries_binary_noise(stockport_report):
    """Every float in the data has at most 10 decimal places."""
    floats = _floats(stockport_report.to_dict())

    noisy = [f for f in floats if round(f, 10) != f]

    assert [] == noisy
    assert floats


def test_dates_and_enums_are_plain_text(stockport_report):
    """ISO dates and enum values as strings."""
    data = stockport_report.to_dict()
    target = data["targets"][0]
    expected = ("2024-04-30", str, str)

    actual = (data["as_of"], type(target["status"]), type(target["rag"]))

    assert expected == actual


def test_the_data_fits_the_shipped_schema(stockport_report, report_schema_validator):
    """report.schema.json ships beside plan.schema.json and describes to_dict."""
    errors = list(report_schema_validator.iter_errors(stockport_report.to_dict()))

    assert [] == errors


def test_records_go_straight_into_json(stockport_report):
    """to_records holds ISO dates, so json.dumps takes it as it is."""
    records = stockport_report.to_records()

    text = json.dumps(records)

    assert json.loads(text) == records


def test_a_broken_report_names_the_field(stockport_report):
    """from_dict says what is wrong and where."""
    data = stockport_report.to_dict()
    data["targets"][0]["status"] = "fine"

    with pytest.raises(InvalidValueError, match=r"targets\[0\]\.status"):
        Report.from_dict(data)


def test_the_schema_says_its_id():
    """The schema names itself like the plan schema."""
    expected = "https://safeguarding-plan.readthedocs.io/schemas/report.schema.json"

    actual = report_schema()["$id"]

    assert expected == actual


# --------------------------------------------------------------------------- as_of


@pytest.mark.parametrize(
    "as_of",
    [
        dt.date(2024, 9, 30),
        dt.datetime(2024, 9, 30, 17, 45),  # noqa: DTZ001 - naive, as users pass it
        "2024-09-30",
        pd.Timestamp("2024-09-30"),
    ],
)
def test_as_of_takes_a_date_a_datetime_iso_text_or_a_timestamp(s42_plan, as_of):
    """evaluate(as_of=...) judges at the same day whichever form the day comes in."""
    expected = dt.date(2024, 9, 30)

    actual = evaluate(s42_plan, as_of=as_of).as_of

    assert expected == actual


@pytest.mark.parametrize("as_of", ["30/09/2024", 20240930, None])
def test_anything_else_as_of_is_an_invalid_value_saying_what_was_given(s42_plan, as_of):
    """No AttributeError: a SafeguardingPlanError naming as_of and the value."""
    with pytest.raises(InvalidValueError) as info:
        evaluate(s42_plan, as_of=as_of)

    assert (True, "as_of", as_of) == (
        isinstance(info.value, SafeguardingPlanError),
        info.value.field,
        info.value.value,
    )


def test_the_schema_is_valid_json_schema():
    """The shipped schema passes its own metaschema."""
    import jsonschema

    jsonschema.validators.validator_for(report_schema()).check_schema(report_schema())


def test_a_report_with_actions_and_outcomes_round_trips(stockport_report):
    """Action and outcome results, roll-ups, problems and trajectories come back too."""
    report = stockport_report
    expected = (report.actions, report.outcomes, report.priorities, report.problems)

    back = Report.from_dict(report.to_dict())
    actual = (back.actions, back.outcomes, back.priorities, back.problems)

    assert expected == actual


@pytest.mark.parametrize(
    ("path", "value"),
    [(("targets", 0, "reason", "period_over"), "no"), (("overall", "total"), "33")],
)
def test_a_value_of_the_wrong_type_is_refused_not_converted(stockport_report, path, value):
    """"no" is not read as true, nor "33" as a number."""
    data = stockport_report.to_dict()
    where = data
    for step in path[:-1]:
        where = where[step]
    where[path[-1]] = value

    with pytest.raises(InvalidValueError, match=path[-1]):
        Report.from_dict(data)


def test_outcome_explanations_survive_the_round_trip(stockport_report):
    """An outcome's sentence, written from its fields and the date judged, comes back."""
    expected = [o.explanation for o in stockport_report.outcomes]

    actual = [o.explanation for o in Report.from_dict(stockport_report.to_dict()).outcomes]

    assert expected == actual
    assert "has been recorded by 30 April 2024." in expected[0]


def test_outcome_explanations_are_written_only_when_read(monkeypatch):
    """Like targets' and actions', an outcome's sentence is written when it is read."""
    from safeguarding_plan.evaluation import _explain

    calls = []
    original = _explain.outcome_sentence

    def counted(*args, **kwargs):
        calls.append(args[0].id)
        return original(*args, **kwargs)

    monkeypatch.setattr(_explain, "outcome_sentence", counted)
    assessment = Assessment(outcome="trauma-informed-practice", on=dt.date(2024, 5, 1),
                            judgement="on track", evidence="practitioner survey")
    report = evaluate(stockport_2023_26(), assessments=[assessment], as_of=dt.date(2024, 6, 30))
    made = len(calls)
    sentence = report.outcome("trauma-informed-practice").explanation

    assert (0, ["trauma-informed-practice"]) == (made, calls)
    assert sentence.endswith("was assessed as on track on 1 May 2024 (practitioner survey).")
