"""Months, calendar years, strict rules and repeated targets where they are used.

"Observation files accept them"; "below and above rules; several targets on one indicator
for one period"; the engine judges them all.
"""

import datetime as dt

import attrs
import pytest

from safeguarding_plan import (
    Above,
    Below,
    CalendarYear,
    Month,
    Observation,
    ObservationError,
    Quarter,
    Status,
    evaluate,
)
from safeguarding_plan.observation_files import loads_observations
from safeguarding_plan.plans import stockport_2023_26

PLAN = stockport_2023_26()
HEADER = "indicator,period,value\n"


def test_observation_files_accept_months_and_calendar_years():
    """2024-05, May 2024 and 2024 are periods in an observations file."""
    text = HEADER + "msp-asked,2024-05,80\ns42-non-conversion,June 2024,60\nmsp-asked,2024,81\n"

    periods = [o.period for o in loads_observations(text, PLAN)]

    assert [Month(2024, 5), Month(2024, 6), CalendarYear(2024)] == periods


def test_an_ambiguous_period_in_a_file_is_located():
    """'2011-12' in a file is refused at its line and column, asking for 2011/12 or Dec 2011."""
    with pytest.raises(ObservationError) as info:
        loads_observations(HEADER + "msp-asked,2011-12,80\n", PLAN, name="q.csv")

    (problem,) = info.value.problems
    assert "line 2, column period" in problem.location
    assert "'2011/12'" in problem.message
    assert "'Dec 2011'" in problem.message


def test_evaluate_judges_months():
    """A monthly value is judged: May 2023 is the latest figure for msp-asked."""
    data = [
        Observation(indicator="msp-asked", period="2023/24 Q1", value=80),
        Observation(indicator="msp-asked", period="May 2023", value=81),
    ]
    result = evaluate(PLAN, data, as_of=dt.date(2023, 9, 30)).target("msp-asked-2023-24")

    assert (Quarter.parse("2023/24 Q1"), Status.ON_TRACK) == (result.period, result.status)


def test_quarters_still_judge_as_before():
    """Financial years and quarters are judged exactly as before."""
    data = [Observation(indicator="s42-non-conversion", period=Quarter.parse("2023/24 Q2"),
                        value=74)]  # fmt: skip
    report = evaluate(PLAN, data, as_of=dt.date(2023, 10, 31))

    assert Status.ON_TRACK is report.target("s42-non-conversion-2023-24").status


@pytest.mark.parametrize(
    ("actual", "reduce", "band"),
    [(8, Status.MET, Status.MET), (9, Status.NOT_MET, Status.MET),
     (6.5, Status.MET, Status.NOT_MET), (10.5, Status.NOT_MET, Status.NOT_MET)],
)  # fmt: skip
def test_both_repeat_referral_targets_are_judged_on_their_own(actual, reduce, band):
    """'Will reduce and will continue to be between 7% - 10%': two judgements a year."""
    data = [Observation(indicator="maars-repeat-referrals", period="2023/24", value=actual)]
    report = evaluate(PLAN, data, as_of=dt.date(2024, 6, 30))

    assert (reduce, band) == (
        report.target("maars-repeat-referrals-reduce-2023-24").status,
        report.target("maars-repeat-referrals-2023-24").status,
    )


@pytest.mark.parametrize(
    ("rule", "actual", "expected"),
    [(Below(value=64), 64, Status.NOT_MET), (Below(value=64), 63.9, Status.MET),
     (Above(value=64), 64, Status.NOT_MET), (Above(value=64), 64.1, Status.MET)],
)  # fmt: skip
def test_below_and_above_are_strict(rule, actual, expected):
    """'Only below / above are strict': exactly the value does not hold."""
    s42 = PLAN.target("s42-non-conversion-2023-24")
    plan = _with_rule(s42.id, rule)
    data = [Observation(indicator="s42-non-conversion", period="2023/24", value=actual)]

    report = evaluate(plan, data, as_of=dt.date(2024, 6, 30))

    assert expected is report.target(s42.id).status


def _with_rule(target_id, rule):
    priorities = []
    for priority in PLAN.priorities:
        outcomes = [
            attrs.evolve(o, targets=[attrs.evolve(t, rule=rule) if t.id == target_id else t
                                     for t in o.targets])
            for o in priority.outcomes
        ]  # fmt: skip
        priorities.append(attrs.evolve(priority, outcomes=outcomes))
    return attrs.evolve(PLAN, priorities=priorities)


def test_judging_before_the_plan_starts_says_so():
    """ "Evaluating before the plan starts says so instead of printing a sheet of grey": the
    first problem, located at as_of, gives the plan's span."""
    report = evaluate(PLAN, as_of=dt.date(2023, 3, 31))

    first = report.problems[0]
    assert ("as_of", "2023-03-31") == (first.location, first.value)
    assert "has not started: it runs from 2023-04-01 (2023/24) to 2026-03-31" in first.message


def test_judging_from_the_first_day_of_the_plan_has_no_such_note():
    """On the plan's first day there is nothing to say about its start."""
    report = evaluate(PLAN, as_of=dt.date(2023, 4, 1))

    assert [] == [p for p in report.problems if p.location == "as_of"]
