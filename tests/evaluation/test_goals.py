"""Every target rule becomes one Goal: a sense, a value or bounds, and its reference."""

from __future__ import annotations

from datetime import date

import pytest

from safeguarding_plan import (
    AbsoluteChange,
    AtLeast,
    AtMost,
    Baseline,
    Between,
    Direction,
    Improve,
    Indicator,
    Observation,
    Reference,
    RelativeChange,
    Target,
    evaluate,
)
from safeguarding_plan.evaluation import Goal, MissingReference, ReasonKind, Sense
from safeguarding_plan.periods import FinancialYear

MAARS = Indicator(
    id="maars-unaware",
    name="MAARS referrals where the adult was unaware",
    unit="percent",
    direction=Direction.LOWER_IS_BETTER,
    baseline=Baseline(period="2022/23", value=40),
)

NAI = Indicator(
    id="nai",
    name="children experiencing non-accidental injuries",
    unit="count",
    direction=Direction.LOWER_IS_BETTER,
)


def goal_of(plan_of, rule, observations=(), indicator=MAARS) -> Goal | MissingReference | None:
    target = Target(id="t", indicator=indicator.id, period="2023/24", rule=rule)
    report = evaluate(plan_of(indicator, target), observations, as_of=date(2023, 10, 31))
    reason = report.target("t").reason
    assert reason is not None
    return reason.goal if reason.kind is not ReasonKind.NO_REFERENCE else reason.missing


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (AtLeast(value=80), Goal(sense=Sense.AT_LEAST, value=80.0)),
        (AtMost(value=64), Goal(sense=Sense.AT_MOST, value=64.0)),
        (Between(low=7, high=10), Goal(sense=Sense.BETWEEN, low=7.0, high=10.0)),
    ],
)
def test_fixed_rules_become_goals_without_a_reference(plan_of, rule, expected):
    """ "at least 80%", "at most 64%" and "between 7% and 10%" are goals as they stand."""
    actual = goal_of(plan_of, rule)

    assert expected == actual


def test_a_relative_change_resolves_from_the_baseline_in_the_indicators_direction(plan_of):
    """MAARS "unaware" -25% from the 40% baseline: at most 30%, resolved from the baseline."""
    expected = Goal(
        sense=Sense.AT_MOST,
        value=30.0,
        reference=Reference.BASELINE,
        reference_value=40.0,
        reference_period=FinancialYear(2022),
    )

    actual = goal_of(plan_of, RelativeChange(percent=-25, reference=Reference.BASELINE))

    assert expected == actual


def test_an_absolute_change_resolves_to_reference_plus_amount(plan_of):
    """-5 percentage points from 40% is at most 35%."""
    actual = goal_of(plan_of, AbsoluteChange(amount=-5, reference=Reference.BASELINE))

    assert isinstance(actual, Goal)
    assert (Sense.AT_MOST, 35.0) == (actual.sense, actual.value)


def test_improve_is_strictly_below_the_previous_actual_when_lower_is_better(plan_of):
    """ "Fewer ..." on a falling indicator is strictly below the 2022/23 actual."""
    data = [Observation(indicator=NAI.id, period="2022/23", value=40)]
    expected = Goal(
        sense=Sense.BELOW,
        value=40.0,
        reference=Reference.PREVIOUS,
        reference_value=40.0,
        reference_period=FinancialYear(2022),
    )

    actual = goal_of(plan_of, Improve(reference=Reference.PREVIOUS), data, indicator=NAI)

    assert expected == actual


def test_a_missing_previous_actual_says_which_period_is_missing(plan_of):
    """Without the 2022/23 actual a change on it cannot be resolved."""
    expected = MissingReference(reference=Reference.PREVIOUS, period=FinancialYear(2022))

    actual = goal_of(
        plan_of, RelativeChange(percent=25, reference=Reference.PREVIOUS), indicator=NAI
    )

    assert expected == actual


def test_a_withheld_previous_actual_is_missing_and_withheld(plan_of):
    """A suppressed 2022/23 value cannot be a reference either."""
    data = [Observation(indicator=NAI.id, period="2022/23", suppressed="c")]
    expected = MissingReference(
        reference=Reference.PREVIOUS, period=FinancialYear(2022), withheld=True
    )

    actual = goal_of(
        plan_of, RelativeChange(percent=25, reference=Reference.PREVIOUS), data, indicator=NAI
    )

    assert expected == actual


@pytest.mark.parametrize(
    ("goal", "actual", "met", "shortfall", "margin"),
    [
        (Goal(sense=Sense.AT_MOST, value=64.0), 64.0, True, 0.0, 0.0),
        (Goal(sense=Sense.AT_MOST, value=64.0), 67.0, False, 3.0, -3.0),
        (Goal(sense=Sense.AT_LEAST, value=80.0), 76.0, False, 4.0, -4.0),
        (Goal(sense=Sense.BELOW, value=40.0), 40.0, False, 0.0, 0.0),
        (Goal(sense=Sense.BETWEEN, low=7.0, high=10.0), 8.0, True, 0.0, 1.0),
        (Goal(sense=Sense.BETWEEN, low=7.0, high=10.0), 12.0, False, 2.0, -2.0),
    ],
)
def test_a_goal_says_whether_a_value_meets_it_and_by_how_much(goal, actual, met, shortfall, margin):
    """Inclusive bounds, strict improvement, and the margin inside (+) or outside (-)."""
    expected = (met, shortfall, margin)

    actual_figures = (goal.met(actual), goal.shortfall(actual), goal.margin(actual))

    assert expected == actual_figures


def test_a_band_without_bounds_cannot_exist():
    """A goal is checked when it is made."""
    from safeguarding_plan import InvalidValueError

    with pytest.raises(InvalidValueError, match="low"):
        Goal(sense=Sense.BETWEEN, low=7.0)
