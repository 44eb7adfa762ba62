"""Each TargetResult carries a Reason a program reads without parsing English."""

from __future__ import annotations

from datetime import date

from safeguarding_plan import Observation, evaluate
from safeguarding_plan.evaluation import Goal, Reason, ReasonKind, Sense
from safeguarding_plan.periods import FinancialYear, Quarter


def test_in_year_reason_says_what_was_compared_with_what(s42_plan):
    """75% in 2023/24 Q2 against the 74% expected on the path to "at most 64%"."""
    data = [Observation(indicator="s42", period="2023/24 Q2", value=75)]
    expected = Reason(
        kind=ReasonKind.COMPARED,
        period_over=False,
        goal=Goal(sense=Sense.AT_MOST, value=64.0),
        compared_with=Goal(sense=Sense.AT_MOST, value=74.0),
        actual=75.0,
        period=Quarter(FinancialYear(2023), 2),
        expected=74.0,
        expected_on=date(2023, 9, 30),
        shortfall=1.0,
        margin=-1.0,
        tolerance=3.7,
        within_tolerance=True,
    )

    actual = evaluate(s42_plan, data, as_of=date(2023, 10, 31)).target("s42-2023-24").reason

    assert expected == actual


def test_the_explanation_is_rendered_from_the_reason(s42_plan):
    """The sentence names the same figures the reason holds."""
    data = [Observation(indicator="s42", period="2023/24 Q2", value=75)]
    expected = (
        "The latest figure for contacts not progressing to a Section 42 enquiry, for 2023/24 "
        "Q2, is 75%, 1 percentage point worse than the 74% expected by 30 September 2023 "
        "(within the tolerance of 3.7 percentage points), towards at most 64% by the end of "
        "2023/24."
    )

    actual = evaluate(s42_plan, data, as_of=date(2023, 10, 31)).target("s42-2023-24").explanation

    assert expected == actual


def test_a_missing_value_after_the_period_is_overdue(s42_plan):
    """No 2023/24 value by 30 April 2024: overdue, and the period is over."""
    result = evaluate(s42_plan, as_of=date(2024, 4, 30)).target("s42-2023-24")
    expected = (ReasonKind.OVERDUE, True, True, True)

    actual = (result.reason.kind, result.reason.period_over, result.reason.overdue, result.overdue)

    assert expected == actual


def test_before_the_period_ends_nothing_is_overdue(s42_plan):
    """In-year, no value yet is not overdue."""
    result = evaluate(s42_plan, as_of=date(2023, 10, 31)).target("s42-2023-24")
    expected = (ReasonKind.NOT_YET_RECORDED, False, False)

    actual = (result.reason.kind, result.period_over, result.overdue)

    assert expected == actual


def test_a_sample_keeps_its_counts_in_the_reason(s42_plan):
    """11 of 16 audited cases: the counts are data, not words."""
    data = [Observation(indicator="s42", period="2023/24", numerator=11, denominator=16)]
    reason = evaluate(s42_plan, data, as_of=date(2024, 4, 30)).target("s42-2023-24").reason
    expected = (11.0, 16.0, 68.75, True)

    actual = (reason.numerator, reason.denominator, reason.actual, reason.period_over)

    assert expected == actual


def test_a_given_explanation_is_kept_and_does_not_change_equality(s42_plan):
    """TargetResult(explanation=...) still works as in earlier releases."""
    import attrs

    result = evaluate(s42_plan, as_of=date(2023, 10, 31)).target("s42-2023-24")
    told = attrs.evolve(result, explanation="Told.")
    expected = ("Told.", True)

    actual = (told.explanation, told == result)

    assert expected == actual
