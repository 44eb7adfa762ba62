"""One owner for the checks on an observation: the file readers and ``evaluate`` agree.

The rule (issue 11): "One owner for ... the checks on an observation (one normaliser,
used by the file readers too)". An observation written as a CSV row and the same
observation given to ``evaluate`` as an :class:`Observation` are accepted or refused
alike, for the same reasons, and an accepted one has the same value.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from safeguarding_plan import (
    AtLeast,
    Direction,
    Indicator,
    InvalidValueError,
    Observation,
    ObservationError,
    Outcome,
    Partnership,
    Plan,
    Priority,
    Target,
    evaluate,
)
from safeguarding_plan.observation_files import loads_observations
from safeguarding_plan.observations import check_observation, observation_problems

UNITS = ("percent", "count", "dimensionless", "per 1000 children")
PERIOD = "2023/24 Q1"
AS_OF = dt.date(2024, 6, 30)
HEADER = "indicator,period,value,numerator,denominator\n"


def _plan() -> Plan:
    indicators = [
        Indicator(id=f"i-{n}", name=unit, unit=unit, direction=Direction.HIGHER_IS_BETTER)
        for n, unit in enumerate(UNITS)
    ]
    targets = [
        Target(id=f"t-{i.id}", indicator=i.id, period="2023/24", rule=AtLeast(value=1))
        for i in indicators
    ]
    outcome = Outcome(id="o", text="Better.", targets=targets)
    priority = Priority(id="p", title="P", partnership=Partnership.JOINT, outcomes=[outcome])
    return Plan(
        id="checks", title="Checks", start="2023/24", end="2024/25",
        indicators=indicators, priorities=[priority],
    )  # fmt: skip


PLAN = _plan()


@st.composite
def decimals(draw: st.DrawFn, low: int, high: int) -> tuple[float, str]:
    """A number and how it is written, with 0 to 3 decimal places."""
    places = draw(st.integers(0, 3))
    scaled = draw(st.integers(low * 10**places, high * 10**places))
    number = scaled / 10**places
    return number, format(number, f".{places}f")


@st.composite
def figures(draw: st.DrawFn) -> dict[str, object]:
    """An indicator and figures for it, often wrong: out of range, disagreeing, half given."""
    indicator = draw(st.sampled_from(PLAN.indicators))
    value = draw(st.none() | decimals(-20, 120))
    kind = draw(st.sampled_from(["none", "proportion", "anything"]))
    numerator = denominator = None
    if kind == "proportion":
        denominator = draw(st.integers(1, 40))
        numerator = draw(st.integers(0, denominator))
    elif kind == "anything":
        denominator = draw(st.none() | st.integers(0, 40) | st.just(12.5))
        numerator = draw(st.none() | st.integers(-2, 45))
    if value is None and numerator is not None and denominator and draw(st.booleans()):
        # a value that agrees with its counts, rounded to some decimals
        share = numerator / denominator * (100 if indicator.is_percent else 1)
        places = draw(st.integers(0, 3))
        value = (round(share, places), format(share, f".{places}f"))
    suppressed = draw(st.none() | st.just("c")) if value is None else None
    return {
        "indicator": indicator,
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
        "suppressed": suppressed,
    }


def _cell(number: object) -> str:
    if number is None:
        return ""
    return number if isinstance(number, str) else format(number, "g")


def read_row(case: dict[str, object]) -> tuple[float | None, set[tuple[str, str]]]:
    """The reader's value for the row, or its problems as (column, message)."""
    value = case["value"]
    value_cell = case["suppressed"] or (value[1] if value else "")
    row = ",".join(
        [case["indicator"].id, PERIOD, value_cell, _cell(case["numerator"]),
         _cell(case["denominator"])]
    )  # fmt: skip
    try:
        (observation,) = loads_observations(HEADER + row + "\n", PLAN, format="csv")
    except ObservationError as error:
        return None, {(p.location.rsplit(" ", 1)[1], p.message) for p in error.problems}
    return observation.value, set()


def evaluate_one(case: dict[str, object]) -> tuple[float | None, set[tuple[str, str]], bool]:
    """evaluate's value, or its problems as (field, message); and whether all were found.

    Building an :class:`Observation` stops at its first problem, so then only one is known.
    """
    value = case["value"]
    try:
        observation = Observation(
            indicator=case["indicator"].id,
            period=PERIOD,
            value=value[0] if value else None,
            numerator=case["numerator"],
            denominator=case["denominator"],
            suppressed=case["suppressed"],
        )
    except InvalidValueError as error:
        return None, {(error.field, error.message)}, False
    try:
        evaluate(PLAN, [observation], as_of=AS_OF)
    except ObservationError as error:
        return None, {(p.location.split(".", 1)[1], p.message) for p in error.problems}, True
    normalised, _ = check_observation(observation, case["indicator"])
    assert normalised is not None
    return normalised.value, set(), True


@given(figures())
@example(  # 11 of 16 is 68.75%: 68.8 agrees with it
    {"indicator": PLAN.indicators[0], "value": (68.8, "68.8"), "numerator": 11,
     "denominator": 16, "suppressed": None}
)  # fmt: skip
@example(  # 70 does not
    {"indicator": PLAN.indicators[0], "value": (70.0, "70"), "numerator": 11,
     "denominator": 16, "suppressed": None}
)  # fmt: skip
def test_the_reader_and_evaluate_agree_on_every_observation(case):
    """A row and the same Observation given to evaluate: same verdict, reasons and value."""
    read_value, read_problems = read_row(case)
    judged_value, judged_problems, complete = evaluate_one(case)

    if complete:
        assert read_problems == judged_problems
    else:  # the Observation stopped at its first problem: the reader found it too
        assert judged_problems <= read_problems
    assert read_value == judged_value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (69, []),  # 68.75 rounded to no decimals
        (68.8, []),  # to one
        (68.75, []),
        (70, ["value"]),
        (68.6, ["value"]),  # within 5%, but not 68.75 rounded to one decimal
    ],
)
def test_a_value_given_with_counts_is_their_share_rounded_as_written(value, expected):
    """A value with counts "must be that share rounded to as many decimals as it is
    written with (11 of 16 is 68.75%: 69, 68.8 and 68.75 agree, 70 is an error)"."""
    asked = PLAN.indicators[0]
    problems = observation_problems(asked, value=value, numerator=11, denominator=16)

    assert expected == [p.location for p in problems]


def test_a_numerator_above_its_denominator_is_refused_for_any_indicator():
    """Not only percentages: 20 of 16 is no proportion at all."""
    with pytest.raises(InvalidValueError) as caught:
        Observation(indicator="i-1", period=PERIOD, numerator=20, denominator=16)

    assert ("numerator", 20.0) == (caught.value.field, caught.value.value)


def test_evaluate_refuses_a_percentage_outside_0_to_100_as_the_reader_does():
    """A percentage above 100 is one located problem for evaluate too."""
    with pytest.raises(ObservationError) as caught:
        evaluate(PLAN, [Observation(indicator="i-0", period=PERIOD, value=112)], as_of=AS_OF)

    expected = ("observations[0].value", "a percentage must lie within 0-100", 112.0)
    assert [expected] == [(p.location, p.message, p.value) for p in caught.value.problems]


def test_trailing_zeros_do_not_count_as_decimals_written():
    """A file's ``68.80`` is the number 68.8, as in Python: it agrees with 11 of 16."""
    row = "i-0,2023/24 Q1,68.80,11,16\n"

    (observation,) = loads_observations(HEADER + row, PLAN, format="csv")

    assert (68.8, 11.0, 16.0) == (
        observation.value, observation.numerator, observation.denominator
    )


def test_the_reader_still_reports_every_problem_of_a_row():
    """A row with several wrong figures gets one located problem for each."""
    row = "i-0,2023/24 Q1,120,20,16\n"

    with pytest.raises(ObservationError) as caught:
        loads_observations(HEADER + row, PLAN, format="csv", name="q.csv")

    expected = [
        ("q.csv, line 2, column numerator", "must not be above the denominator (16)"),
        ("q.csv, line 2, column value", "a percentage must lie within 0-100"),
    ]
    assert expected == sorted((p.location, p.message) for p in caught.value.problems)
