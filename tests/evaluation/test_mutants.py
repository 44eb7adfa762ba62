"""Laws of the judging engine that mutation testing found unguarded.

Each test here kills mutants of :mod:`safeguarding_plan.evaluation` that the rest of the
suite let survive (docs/explanation/mutation-testing.md lists the run). They test through
the public API only (``evaluate``, ``TargetResult``, ``Trajectory``, ``Interval``,
``TolerancePolicy``, ``WorstRag``), so they outlive a reorganisation of the engine.
Numbers come from the Stockport Business Plan 2023-2026 where it has them.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeguarding_plan import (
    RAG,
    AtLeast,
    AtMost,
    Baseline,
    Between,
    Confidence,
    Direction,
    Improve,
    Indicator,
    Interval,
    Measure,
    Observation,
    Outcome,
    Partnership,
    Plan,
    Priority,
    Reference,
    RelativeChange,
    Status,
    Target,
    TargetResult,
    Trajectory,
    Travel,
    WorstRag,
    evaluate,
)

S42 = Indicator(
    id="s42",
    name="contacts to Adult Social Care that do not progress to a Section 42 enquiry",
    unit="percent",
    direction=Direction.LOWER_IS_BETTER,
    baseline=Baseline(period="2022/23", value=84),
)
S42_64 = Target(id="s42-2023-24", indicator="s42", period="2023/24", rule=AtMost(value=64))
S42_44 = Target(id="s42-2024-25", indicator="s42", period="2024/25", rule=AtMost(value=44))
REPEAT = Indicator(
    id="maars-repeat",
    name="repeat referrals to MAARS",
    unit="percent",
    direction=Direction.LOWER_IS_BETTER,
    baseline=Baseline(period="2022/23", value=9),
)
REPEAT_7_10 = Target(
    id="repeat-2023-24", indicator="maars-repeat", period="2023/24", rule=Between(low=7, high=10)
)
SAR = Indicator(
    id="sar-referrals",
    name="SAR referrals to the Safeguarding Adults Partnership",
    unit="count",
    direction=Direction.HIGHER_IS_BETTER,
    measure=Measure.FLOW,
)
SAR_20_30 = Target(
    id="sar-2023-24", indicator="sar-referrals", period="2023/24", rule=Between(low=20, high=30)
)
SAR_25 = Target(id="sar-25", indicator="sar-referrals", period="2023/24", rule=AtLeast(value=25))
NAI = Indicator(
    id="nai",
    name="children experiencing non-accidental injuries",
    unit="count",
    direction=Direction.LOWER_IS_BETTER,
)
NAI_FEWER = Target(
    id="nai-2023-24", indicator="nai", period="2023/24", rule=Improve(reference=Reference.PREVIOUS)
)
MSP = Indicator(
    id="msp-asked",
    name="adults asked about their Making Safeguarding Personal outcomes",
    unit="percent",
    direction=Direction.HIGHER_IS_BETTER,
    baseline=Baseline(period="2022/23", value=70),
)
MSP_BETTER = Target(
    id="msp-better",
    indicator="msp-asked",
    period="2023/24",
    rule=Improve(reference=Reference.BASELINE),
)
MSP_AT_LEAST_80 = Target(
    id="msp-2023-24", indicator="msp-asked", period="2023/24", rule=AtLeast(value=80)
)
END_2023_24 = date(2024, 4, 30)
MID_2023_24 = date(2023, 10, 31)

MSP_NO_BASELINE = Indicator(
    id="msp-asked",
    name="adults asked about their Making Safeguarding Personal outcomes",
    unit="percent",
    direction=Direction.HIGHER_IS_BETTER,
)
MSP_70 = Target(id="msp-2023-24", indicator="msp-asked", period="2023/24", rule=AtLeast(value=70))
MSP_80 = Target(id="msp-2024-25", indicator="msp-asked", period="2024/25", rule=AtLeast(value=80))


def one_indicator_plan(indicator: Indicator, targets: list[Target]) -> Plan:
    """A plan of one indicator and its targets, 2023/24 to 2025/26."""
    return Plan(
        id="mutants",
        title="Mutants",
        start="2023/24",
        end="2025/26",
        indicators=[indicator],
        priorities=[
            Priority(
                id="adults",
                title="Adults",
                partnership=Partnership.ADULTS,
                outcomes=[Outcome(id="measured", text="Measured.", targets=targets)],
            )
        ],
    )


def judge(
    indicator: Indicator,
    targets: list[Target],
    observations: list[Observation],
    as_of: date,
    target_id: str | None = None,
    **kw,
) -> TargetResult:
    """Evaluate a one-indicator plan; the result of ``target_id`` (default: the first)."""
    report = evaluate(one_indicator_plan(indicator, targets), observations, as_of=as_of, **kw)
    return report.target(target_id or targets[0].id)


def obs(indicator: Indicator, period: str, value: object = None, **kw) -> Observation:
    return Observation(indicator=indicator.id, period=period, value=value, **kw)


# --------------------------------------------------------------------------- trajectory


def test_without_a_baseline_the_path_runs_between_successive_targets():
    """No baseline, at least 70% then 80%: the path is 70 + 10 x 183/365 = 75.01% on 30 Sep 2024."""
    result = judge(
        MSP_NO_BASELINE,
        [MSP_70, MSP_80],
        [obs(MSP_NO_BASELINE, "2024/25 Q2", 75.5)],
        date(2024, 10, 31),
        target_id=MSP_80.id,
    )
    assert (Status.ON_TRACK, 75.01) == (result.status, round(result.expected or 0, 2))


def test_without_a_baseline_the_path_is_flat_at_the_first_target():
    """No baseline: the path is 70% throughout 2023/24, also for the 2024/25 target of 80%."""
    result = judge(
        MSP_NO_BASELINE,
        [MSP_70, MSP_80],
        [obs(MSP_NO_BASELINE, "2023/24 Q2", 71)],
        date(2023, 10, 31),
        target_id=MSP_80.id,
    )
    assert (Status.ON_TRACK, 70.0) == (result.status, result.expected)


def test_the_trajectory_is_flat_before_its_first_point_and_after_its_last():
    """A piecewise-linear path is flat before its first point (84%) and after its last (64%)."""
    path = Trajectory(points=((date(2024, 3, 31), 64.0), (date(2023, 3, 31), 84.0)))
    expected = (84.0, 84.0, 74.0, 64.0, 64.0)
    actual = tuple(
        path.at(day)
        for day in (
            date(2020, 1, 1),
            date(2023, 3, 31),
            date(2023, 9, 30),
            date(2024, 3, 31),
            date(2030, 1, 1),
        )
    )
    assert expected == actual


def test_a_trajectory_without_points_expects_nothing():
    """A path with no points has no expected value."""
    assert None is Trajectory(points=()).at(date(2023, 9, 30))


# --------------------------------------------------------------------------- in-year


def test_a_value_for_the_period_ending_on_as_of_is_used():
    """The latest observation *no later than* as_of counts: Q2 2023/24 on 30 September 2023."""
    result = judge(S42, [S42_64], [obs(S42, "2023/24 Q2", 74)], date(2023, 9, 30))
    assert (Status.ON_TRACK, 74.0, "2023/24 Q2") == (
        result.status,
        result.expected,
        str(result.period),
    )


def test_a_year_derived_from_its_quarters_is_the_latest_value_not_its_q4():
    """A year from its quarters (summed counts, 260 of 400 = 65%) is preferred to its own Q4."""
    quarters = [
        obs(S42, f"2023/24 Q{n}", numerator=num, denominator=100)
        for n, num in ((1, 80), (2, 70), (3, 60), (4, 50))
    ]
    result = judge(S42, [S42_64, S42_44], quarters, date(2024, 5, 31), target_id=S42_44.id)
    # 65% against the 64% expected at 31 March 2024: 1 point worse, within 5% of 64.
    assert (Status.AT_RISK, 65.0, 64.0, "2023/24") == (
        result.status,
        result.actual,
        result.expected,
        str(result.period),
    )


@pytest.mark.parametrize(
    ("total", "status", "expected"),
    [(12, Status.ON_TRACK, 10.0), (15, Status.ON_TRACK, 15.0), (17, Status.OFF_TRACK, 15.0)],
)
def test_a_flow_band_in_year_is_the_band_pro_rata(total, status, expected):
    """Between 20 and 30 SAR referrals a year is between 10 and 15 by the end of Q2 (183/366)."""
    data = [obs(SAR, "2023/24 Q1", 5), obs(SAR, "2023/24 Q2", total - 5)]
    result = judge(SAR, [SAR_20_30], data, date(2023, 10, 31))
    assert (status, expected) == (result.status, result.expected)


@pytest.mark.parametrize("first", ["2023/24 Q1", "2023/24 Q2"])
def test_the_latest_value_is_the_latest_period_whatever_the_order_given(first):
    """The latest observation is the one whose period ends last (Q2), not the last one given."""
    values = {"2023/24 Q1": 80, "2023/24 Q2": 74}
    data = [obs(S42, first, values[first])] + [
        obs(S42, period, value) for period, value in values.items() if period != first
    ]
    result = judge(S42, [S42_64], data, MID_2023_24)
    assert ("2023/24 Q2", 74.0) == (str(result.period), result.actual)


@pytest.mark.parametrize("year_first", [True, False])
def test_a_year_is_preferred_to_its_own_q4_whatever_the_order_given(year_first):
    """When a year and its own Q4 both have values, the year's own value (65%) is used."""
    data = [obs(S42, "2023/24", 65), obs(S42, "2023/24 Q4", 50)]
    if not year_first:
        data.reverse()
    result = judge(S42, [S42_64, S42_44], data, date(2024, 5, 31), target_id=S42_44.id)
    assert ("2023/24", 65.0) == (str(result.period), result.actual)


def test_a_withheld_quarter_does_not_hide_a_later_one():
    """In-year, a suppressed value is passed over: Q1 withheld, Q2 74% is judged (on track)."""
    data = [obs(S42, "2023/24 Q1", suppressed="c"), obs(S42, "2023/24 Q2", 74)]
    result = judge(S42, [S42_64], data, MID_2023_24)
    assert (Status.ON_TRACK, 74.0) == (result.status, result.actual)


def test_a_small_improvement_is_improving():
    """Direction of travel: S42 non-conversion from 76% to 75.5% (lower is better) is IMPROVING."""
    data = [obs(S42, "2023/24 Q1", 76), obs(S42, "2023/24 Q2", 75.5)]
    assert Travel.IMPROVING is judge(S42, [S42_64], data, MID_2023_24).direction


@pytest.mark.parametrize(
    ("actual", "status", "rag", "shortfall"),
    [(8.5, Status.ON_TRACK, RAG.GREEN, 0.0), (6.9, Status.AT_RISK, RAG.AMBER, 0.1)],
)
def test_in_year_a_band_is_compared_with_its_nearer_bound(actual, status, rag, shortfall):
    """Repeat MAARS referrals 7%-10%: 6.9% in Q2 misses the lower bound by 0.1 (within 5% of 7)."""
    result = judge(REPEAT, [REPEAT_7_10], [obs(REPEAT, "2023/24 Q2", actual)], MID_2023_24)
    assert (status, rag, 7.0, shortfall) == (
        result.status,
        result.rag,
        result.expected,
        pytest.approx(result.shortfall),
    )


# --------------------------------------------------------------------------- after the period


def test_a_flow_year_is_the_sum_of_its_four_quarters():
    """A year with no value of its own is the sum of its quarters for a flow: 5 + 6 + 7 + 8 = 26."""
    data = [obs(SAR, f"2023/24 Q{n}", n + 4) for n in (1, 2, 3, 4)]
    result = judge(SAR, [SAR_25], data, END_2023_24)
    assert (Status.MET, 26.0) == (result.status, result.actual)


def test_a_year_missing_a_quarter_is_not_derived():
    """A year is derived only when all four quarters are recorded: without Q3 it is NO_DATA."""
    data = [obs(SAR, f"2023/24 Q{n}", 10) for n in (1, 2, 4)]
    assert Status.NO_DATA is judge(SAR, [SAR_25], data, END_2023_24).status


@pytest.mark.parametrize(
    ("actual", "status", "rag", "gap", "shortfall"),
    [
        (8.5, Status.MET, RAG.GREEN, 0.0, 0.0),
        (6.9, Status.NOT_MET, RAG.AMBER, -0.1, 0.1),  # within 5% of 7 (0.35)
        (6.0, Status.NOT_MET, RAG.RED, -1.0, 1.0),
    ],
)
def test_a_band_below_its_low_bound_misses_the_low_bound(actual, status, rag, gap, shortfall):
    """Between 7% and 10%: the target is the nearer bound (7%), the gap the distance outside."""
    result = judge(REPEAT, [REPEAT_7_10], [obs(REPEAT, "2023/24", actual)], END_2023_24)
    assert (status, rag, 7.0, 7.0, gap, shortfall, None) == (
        result.status,
        result.rag,
        result.expected,
        result.target_value,
        pytest.approx(result.gap),
        pytest.approx(result.shortfall),
        result.progress,
    )


@pytest.mark.parametrize(("actual", "status"), [(63, Status.MET), (64, Status.MET)])
def test_the_shortfall_is_zero_when_the_target_is_met(actual, status):
    """Shortfall is how far the actual misses, 0 when it does not miss (63% for at most 64%)."""
    result = judge(S42, [S42_64], [obs(S42, "2023/24", actual)], END_2023_24)
    assert (status, 0.0) == (result.status, result.shortfall)


def test_on_track_has_no_shortfall():
    """In-year, a value better than the trajectory (70% against 74% expected) misses by 0."""
    result = judge(S42, [S42_64], [obs(S42, "2023/24 Q2", 70)], MID_2023_24)
    assert (Status.ON_TRACK, 0.0) == (result.status, result.shortfall)


@pytest.mark.parametrize(("actual", "rag", "shortfall"), [(68, RAG.AMBER, 2.0), (66, RAG.RED, 4.0)])
def test_not_improving_on_a_higher_is_better_baseline_misses_by_the_difference(
    actual, rag, shortfall
):
    """Improve on a 70% baseline (higher is better): 68% misses by 2, within 5% of 70 (3.5)."""
    result = judge(MSP, [MSP_BETTER], [obs(MSP, "2023/24", actual)], END_2023_24)
    assert (Status.NOT_MET, rag, shortfall) == (result.status, result.rag, result.shortfall)


@pytest.mark.parametrize(("actual", "rag", "shortfall"), [(41, RAG.AMBER, 1.0), (45, RAG.RED, 5.0)])
def test_more_injuries_than_last_year_misses_fewer(actual, rag, shortfall):
    """Improve on "fewer non-accidental injuries": 41 after 40 misses by 1, within 5% (AMBER)."""
    data = [obs(NAI, "2022/23", 40), obs(NAI, "2023/24", actual)]
    result = judge(NAI, [NAI_FEWER], data, END_2023_24)
    assert (Status.NOT_MET, rag, shortfall) == (result.status, result.rag, result.shortfall)


# --------------------------------------------------------------------------- small samples


def test_all_cases_meeting_the_measure_still_has_an_interval():
    """16 of 16 audited carries a Wilson interval ending at 100%: CONCLUSIVE for at least 80%."""
    data = [obs(MSP, "2023/24", numerator=16, denominator=16)]
    result = judge(MSP, [MSP_AT_LEAST_80], data, END_2023_24)
    assert result.interval is not None
    assert (Confidence.CONCLUSIVE, 100.0, 80.6) == (
        result.confidence,
        result.interval.high,
        round(result.interval.low, 1),
    )


def test_an_interval_is_in_the_indicator_unit():
    """A proportion (not a percentage) of 11 of 16 has the interval 0.444-0.858, not 44-86."""
    share = Indicator(
        id="share",
        name="audited cases recording key males",
        unit="dimensionless",
        direction=Direction.HIGHER_IS_BETTER,
    )
    target = Target(
        id="share-2023-24", indicator="share", period="2023/24", rule=AtLeast(value=0.7)
    )
    data = [obs(share, "2023/24", numerator=11, denominator=16)]
    result = judge(share, [target], data, END_2023_24)
    assert result.interval is not None
    assert (0.444, 0.858) == (round(result.interval.low, 3), round(result.interval.high, 3))


@pytest.mark.parametrize(
    ("numerator", "denominator", "status", "confidence"),
    [
        (850, 10_000, Status.MET, Confidence.CONCLUSIVE),  # 8.5%, interval inside 7-10%
        (1, 10, Status.MET, Confidence.INCONCLUSIVE),  # 10%, interval 1.8-40% spans the band
        (2_000, 10_000, Status.NOT_MET, Confidence.CONCLUSIVE),  # 20%, interval above 10%
        (95, 1_000, Status.MET, Confidence.INCONCLUSIVE),  # 9.5%, interval crosses 10%
    ],
)
def test_a_band_is_settled_only_by_an_interval_on_one_side_of_each_bound(
    numerator, denominator, status, confidence
):
    """CONCLUSIVE when the whole Wilson interval lies inside the 7%-10% band or outside it."""
    data = [obs(REPEAT, "2023/24", numerator=numerator, denominator=denominator)]
    result = judge(REPEAT, [REPEAT_7_10], data, END_2023_24)
    assert (status, confidence) == (result.status, result.confidence)


def test_a_wilson_interval_needs_at_least_one_trial():
    """An interval of 0 successes out of 0 trials is refused, not divided by zero."""
    with pytest.raises(ValueError, match="trials > 0"):
        Interval.wilson(0, 0)


@given(st.integers(min_value=1, max_value=10_000))
def test_wilson_ends_are_exact_at_none_and_all(trials):
    """At 0 or n successes the Wilson interval ends exactly at 0% and 100%, never 99.99...%."""
    assert (0.0, 100.0) == (
        Interval.wilson(0, trials, scale=100).low,
        Interval.wilson(trials, trials, scale=100).high,
    )


def test_an_interval_holds_its_ends_and_nothing_but_numbers():
    """``in`` is inclusive at both ends (44.4%-85.8% for 11 of 16) and false for non-numbers."""
    ci = Interval.wilson(11, 16, scale=100)
    expected = (True, True, True, False, False, False)
    actual = (
        ci.low in ci,
        ci.high in ci,
        68.75 in ci,
        ci.low - 0.01 in ci,
        ci.high + 0.01 in ci,
        "68.75" in ci,
    )
    assert expected == actual


# --------------------------------------------------------------------------- roll-up


def test_worst_rag_of_nothing_is_grey():
    """The default roll-up rule: GREY when nothing was judged, even for an empty group."""
    assert RAG.GREY is WorstRag()([])


# --------------------------------------------------------------------------- withheld and derived


def test_a_year_with_a_withheld_quarter_is_withheld_not_summed_as_zero():
    """A suppressed value is never zero: a flow year whose Q2 is withheld is SUPPRESSED."""
    data = [obs(SAR, "2023/24 Q2", suppressed="c")] + [
        obs(SAR, f"2023/24 Q{n}", 10) for n in (1, 3, 4)
    ]
    assert Status.SUPPRESSED is judge(SAR, [SAR_25], data, END_2023_24).status


def test_an_earlier_year_that_cannot_be_derived_does_not_hide_a_later_one():
    """2022/23 lacks Q4, 2023/24 has all four quarters: the latest value is 2023/24 (65%)."""
    early = Indicator(
        id="s42",
        name="contacts not progressing to a Section 42 enquiry",
        unit="percent",
        direction=Direction.LOWER_IS_BETTER,
        baseline=Baseline(period="2021/22", value=84),
    )
    data = [obs(early, f"2022/23 Q{n}", 80) for n in (1, 2, 3)] + [
        obs(early, f"2023/24 Q{n}", numerator=num, denominator=100)
        for n, num in ((1, 80), (2, 70), (3, 60), (4, 50))
    ]
    result = judge(early, [S42_64, S42_44], data, date(2024, 5, 31), target_id=S42_44.id)
    assert ("2023/24", 65.0) == (str(result.period), result.actual)


def test_in_year_a_year_withheld_for_one_quarter_gives_way_to_its_last_quarter():
    """A year derived with a withheld quarter is withheld: its own Q4 (60%) is the latest value."""
    data = [obs(S42, "2023/24 Q2", suppressed="c")] + [
        obs(S42, f"2023/24 Q{n}", numerator=60, denominator=100) for n in (1, 3, 4)
    ]
    result = judge(S42, [S42_64, S42_44], data, date(2024, 5, 31), target_id=S42_44.id)
    assert ("2023/24 Q4", 60.0) == (str(result.period), result.actual)


def test_a_quarter_of_zero_adds_nothing_to_a_flow_year():
    """A flow year is the plain sum of its quarters: 0 + 5 + 10 + 10 = 25 SAR referrals."""
    data = [obs(SAR, f"2023/24 Q{n}", v) for n, v in ((1, 0), (2, 5), (3, 10), (4, 10))]
    assert 25.0 == judge(SAR, [SAR_25], data, END_2023_24).actual


def test_a_proportion_year_is_its_summed_numerators_over_its_summed_denominators():
    """A level year from counts, never an average: (0 + 10 + 10 + 10) / (4 x 20) = 0.375."""
    share = Indicator(
        id="share",
        name="audited cases recording key males",
        unit="dimensionless",
        direction=Direction.HIGHER_IS_BETTER,
    )
    target = Target(
        id="share-2023-24", indicator="share", period="2023/24", rule=AtLeast(value=0.5)
    )
    data = [
        obs(share, f"2023/24 Q{n}", numerator=num, denominator=20)
        for n, num in ((1, 0), (2, 10), (3, 10), (4, 10))
    ]
    assert 0.375 == judge(share, [target], data, END_2023_24).actual


def test_a_change_from_a_withheld_previous_year_cannot_be_judged():
    """NO_BASELINE when the reference is unknown: SAR referrals +25% on a withheld 2022/23."""
    plus_25 = Target(
        id="sar-plus-25",
        indicator="sar-referrals",
        period="2023/24",
        rule=RelativeChange(percent=25, reference=Reference.PREVIOUS),
    )
    data = [obs(SAR, "2022/23", suppressed="c"), obs(SAR, "2023/24", 30)]
    result = judge(SAR, [plus_25], data, END_2023_24)
    assert (Status.NO_BASELINE, None) == (result.status, result.reference)
