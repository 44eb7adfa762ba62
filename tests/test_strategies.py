"""The public Hypothesis strategies generate valid objects and honour their keywords."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from safeguarding_plan import (
    Between,
    Direction,
    FinancialYear,
    Indicator,
    Measure,
    Quarter,
    Reference,
    Report,
    Status,
    WithheldRange,
    evaluate,
    validate,
)
from safeguarding_plan.strategies import (
    financial_years,
    ids,
    indicators,
    observations,
    observations_for,
    periods,
    plans,
    quarters,
    rules,
    targets,
    values,
    withheld_ranges,
)


@given(financial_years(min_year=2020, max_year=2022))
def test_financial_years_within_bounds(year):
    """financial_years() stays within min_year..max_year."""
    assert 2020 <= year.start_year <= 2022


@given(quarters(years=st.just(FinancialYear(2023))))
def test_quarters_of_the_given_years(quarter):
    """quarters(years=...) draws quarters of those years."""
    assert isinstance(quarter, Quarter)
    assert quarter.year == FinancialYear(2023)


@given(periods(include_quarters=False))
def test_periods_without_quarters_are_years(period):
    """periods(include_quarters=False) draws only years."""
    assert isinstance(period, FinancialYear)


@given(ids(prefix="s42-"))
def test_ids_are_valid_and_prefixed(value):
    """ids() are accepted by the model."""
    assert value.startswith("s42-")
    indicator = Indicator(id=value, name="x", unit="count", direction=Direction.LOWER_IS_BETTER)
    assert indicator.id == value


@given(values("percent"))
def test_percentages_lie_within_0_100(value):
    """Percentages lie within 0-100."""
    assert 0 <= value <= 100


@given(values("count", allow_negative=True))
def test_negative_values_when_allowed(value):
    """allow_negative mirrors the range below zero."""
    assert -10_000 <= value <= 10_000


@given(indicators(unit="count", measure=Measure.FLOW, direction=Direction.HIGHER_IS_BETTER,
                  baseline=True, baseline_known=False))  # fmt: skip
def test_indicator_keywords_fix_fields(indicator):
    """Each keyword of indicators() fixes one field."""
    assert (indicator.unit, indicator.measure, indicator.direction) == (
        "count",
        Measure.FLOW,
        Direction.HIGHER_IS_BETTER,
    )
    assert indicator.baseline is not None
    assert indicator.baseline.value is None


@given(rules(unit="percent", kinds=(Between,)))
def test_rules_of_given_kinds(rule):
    """rules(kinds=...) draws only those rule classes, valid for the unit."""
    assert isinstance(rule, Between)
    assert 0 <= rule.low < rule.high <= 100


@given(indicators(baseline=False).flatmap(lambda ind: st.tuples(st.just(ind), targets(ind))))
def test_targets_without_baseline_never_use_it(pair):
    """A target on an indicator without a baseline is never measured from one."""
    _, target = pair
    assert target.reference in (None, Reference.PREVIOUS)


@given(plans(max_priorities=2, max_indicators=3))
def test_plans_are_valid_and_bounded(plan):
    """plans() builds valid plans (the Plan constructor checks) within its bounds."""
    assert len(plan.priorities) <= 2
    assert len(plan.indicators) <= 3
    validate(plan)  # warnings only: never raises
    for target in plan.iter_targets():
        assert plan.start <= target.period <= plan.end


@given(st.data())
def test_observations_are_accepted_by_evaluate(data):
    """observations(plan) are always accepted: one per indicator and period, right units."""
    plan = data.draw(plans())
    recorded = data.draw(observations(plan))
    report = evaluate(plan, recorded, as_of=plan.end.end)
    assert len(report.targets) == len(tuple(plan.iter_targets()))


@given(
    indicators(unit="percent").flatmap(
        lambda ind: observations_for(ind, period=FinancialYear(2023), suppressed=True)
    )
)
def test_suppressed_observations(observation):
    """observations_for(suppressed=True) draws withheld values."""
    assert observation.is_suppressed


@settings(max_examples=max(10, settings.default.max_examples // 3))  # whole plans: costly
@given(st.data())
def test_withheld_ranges_and_commentary_are_judged_and_kept(data):
    """Drawn with ranges and commentary, observations are judged, kept and round-tripped.

    A result that rests on a withheld value shows a range, never a point; a SUPPRESSED
    result has no actual; the report's data reads back equal.
    """
    plan = data.draw(plans())
    recorded = data.draw(observations(plan, withheld=None, commentary=None))
    report = evaluate(plan, recorded, as_of=plan.end.end)

    for result in report.targets:
        if result.rests_on_withheld:
            assert result.actual is None
            assert result.actual_range is not None
            assert result.actual_range.low <= result.actual_range.high
        if result.status is Status.SUPPRESSED:
            assert result.actual is None
    assert Report.from_dict(report.to_dict(), plan=plan) == report


@given(withheld_ranges())
def test_withheld_ranges_are_whole_counts_in_order(hidden):
    """Every drawn range is whole counts, low not above high, parsed back from its text."""
    assert 0 <= hidden.low <= hidden.high
    assert WithheldRange.parse(str(hidden)) == hidden


@given(
    indicators(unit="percent").flatmap(
        lambda ind: observations_for(ind, suppressed=True, withheld=True, commentary=True)
    )
)
def test_withheld_percentages_keep_a_denominator_that_covers_the_range(observation):
    """A withheld percentage can be judged: its denominator is at least the range's top."""
    assert observation.withheld is not None
    assert observation.denominator is not None
    assert observation.denominator >= max(observation.withheld.high, 1)
    assert observation.commented
