"""The evaluation rules, row by row, with the Stockport Business Plan's own numbers.

Plans are built here with the model classes, so these tests do not depend on the bundled
plan file.
"""

from __future__ import annotations

import sys
from datetime import date

import pytest

from safeguarding_plan import (
    RAG,
    Above,
    AbsoluteChange,
    Action,
    ActionStatus,
    ActionUpdate,
    Assessment,
    AtLeast,
    AtMost,
    Baseline,
    Below,
    Between,
    Confidence,
    Direction,
    Improve,
    Indicator,
    Measure,
    Observation,
    ObservationError,
    Outcome,
    Partnership,
    Plan,
    Priority,
    Reference,
    RelativeChange,
    Severity,
    Status,
    Target,
    TolerancePolicy,
    Travel,
    evaluate,
    quantity,
)

END_2023_24 = date(2024, 4, 30)  # after 2023/24 has ended
MID_2023_24 = date(2023, 10, 31)  # 2023/24 Q2 has ended, the year has not

S42 = Indicator(
    id="s42",
    name="contacts to Adult Social Care that do not progress to a Section 42 enquiry",
    unit="percent",
    direction=Direction.LOWER_IS_BETTER,
    baseline=Baseline(period="2022/23", value=84),
)
MSP = Indicator(
    id="msp-asked",
    name="adults asked about their Making Safeguarding Personal outcomes",
    unit="percent",
    direction=Direction.HIGHER_IS_BETTER,
    baseline=Baseline(period="2022/23", value=70),
)
REPEAT = Indicator(
    id="maars-repeat",
    name="repeat referrals to MAARS",
    unit="percent",
    direction=Direction.LOWER_IS_BETTER,
    baseline=Baseline(period="2022/23", value=9),
)
SAR = Indicator(
    id="sar-referrals",
    name="SAR referrals to the Safeguarding Adults Partnership",
    unit="count",
    direction=Direction.HIGHER_IS_BETTER,
    measure=Measure.FLOW,
    baseline=Baseline(period="2022/23"),
)
UNAWARE = Indicator(
    id="maars-unaware",
    name="MAARS cases where the adult is not aware of who is involved",
    unit="percent",
    direction=Direction.LOWER_IS_BETTER,
    baseline=Baseline(period="2022/23"),
)
KEY_MALES = Indicator(
    id="key-males",
    name="audited cases recording the details of key males",
    unit="percent",
    direction=Direction.HIGHER_IS_BETTER,
    baseline=Baseline(period="2021/22", value=56),
)
INFO_SHARING = Indicator(
    id="info-sharing",
    name="Rapid Reviews with information sharing as a theme",
    unit="percent",
    direction=Direction.LOWER_IS_BETTER,
    baseline=Baseline(period="2022/23", value=67),
)
NAI = Indicator(
    id="nai",
    name="children experiencing non-accidental injuries",
    unit="count",
    direction=Direction.LOWER_IS_BETTER,
)

S42_2023 = Target(id="s42-2023-24", indicator="s42", period="2023/24", rule=AtMost(value=64))
S42_2024 = Target(id="s42-2024-25", indicator="s42", period="2024/25", rule=AtMost(value=44))
MSP_2023 = Target(id="msp-2023-24", indicator="msp-asked", period="2023/24", rule=AtLeast(value=80))
REPEAT_2023 = Target(
    id="repeat-2023-24", indicator="maars-repeat", period="2023/24", rule=Between(low=7, high=10)
)
SAR_2023 = Target(
    id="sar-2023-24",
    indicator="sar-referrals",
    period="2023/24",
    rule=RelativeChange(percent=25, reference=Reference.PREVIOUS),
)
SAR_2024 = Target(
    id="sar-2024-25",
    indicator="sar-referrals",
    period="2024/25",
    rule=RelativeChange(percent=25, reference=Reference.PREVIOUS),
)
UNAWARE_2023 = Target(
    id="unaware-2023-24",
    indicator="maars-unaware",
    period="2023/24",
    rule=RelativeChange(percent=-25, reference=Reference.BASELINE),
)
UNAWARE_2024 = Target(
    id="unaware-2024-25",
    indicator="maars-unaware",
    period="2024/25",
    rule=RelativeChange(percent=-50, reference=Reference.BASELINE),
)
KEY_MALES_2023 = Target(
    id="key-males-2023-24", indicator="key-males", period="2023/24", rule=AtLeast(value=70)
)
INFO_2023 = Target(
    id="info-2023-24",
    indicator="info-sharing",
    period="2023/24",
    rule=AbsoluteChange(amount=-5, reference=Reference.BASELINE),
)
NAI_2023 = Target(
    id="nai-2023-24", indicator="nai", period="2023/24", rule=Improve(reference=Reference.PREVIOUS)
)


def make_plan(
    indicators: list[Indicator],
    targets: list[Target],
    *,
    actions: tuple[Action, ...] = (),
    qualitative: tuple[Outcome, ...] = (),
) -> Plan:
    """A two-priority plan: the adults' priority holds everything, the joint one is empty."""
    return Plan(
        id="test-plan",
        title="Test plan",
        start="2023/24",
        end="2025/26",
        indicators=indicators,
        priorities=[
            Priority(
                id="adults",
                title="Adults",
                partnership=Partnership.ADULTS,
                actions=actions,
                outcomes=[Outcome(id="measured", text="Measured.", targets=targets), *qualitative],
            ),
            Priority(id="joint", title="Joint", partnership=Partnership.JOINT),
        ],
    )


def judge(indicator: Indicator, target: Target, observations: list[Observation], as_of: date, **kw):
    """Evaluate a one-target plan and return the target's result."""
    targets = [target, *kw.pop("others", [])]
    report = evaluate(make_plan([indicator], targets), observations, as_of=as_of, **kw)
    return report.target(target.id)


def obs(indicator: Indicator, period: str, value: object = None, **kw) -> Observation:
    return Observation(indicator=indicator.id, period=period, value=value, **kw)


# --------------------------------------------------------------------------- at most / at least


def test_exactly_64_meets_at_most_64():
    """Boundaries are inclusive: exactly 64% meets "at most 64%"."""
    result = judge(S42, S42_2023, [obs(S42, "2023/24", 64)], END_2023_24)
    assert (result.status, result.rag, result.gap) == (Status.MET, RAG.GREEN, 0.0)


@pytest.mark.parametrize(
    ("actual", "status", "rag"),
    [
        (63.0, Status.MET, RAG.GREEN),
        (64.1, Status.NOT_MET, RAG.AMBER),
        (67.2, Status.NOT_MET, RAG.AMBER),  # the edge of AMBER: 64 + 5% of 64
        (67.3, Status.NOT_MET, RAG.RED),
    ],
)
def test_at_most_64_amber_up_to_67_2(actual, status, rag):
    """The default tolerance is 5% of the target value: 67.2% is the edge of AMBER."""
    result = judge(S42, S42_2023, [obs(S42, "2023/24", actual)], END_2023_24)
    assert (result.status, result.rag) == (status, rag)


@pytest.mark.parametrize(
    ("actual", "status", "rag"),
    [
        (80.0, Status.MET, RAG.GREEN),
        (76.0, Status.NOT_MET, RAG.AMBER),  # the edge of AMBER: 80 - 5% of 80
        (75.9, Status.NOT_MET, RAG.RED),
    ],
)
def test_at_least_80_amber_down_to_76(actual, status, rag):
    """76% is the edge of AMBER for "at least 80%"."""
    result = judge(MSP, MSP_2023, [obs(MSP, "2023/24", actual)], END_2023_24)
    assert (result.status, result.rag) == (status, rag)


def test_gap_is_in_percentage_points():
    """The gap of a percentage is actual minus target, in percentage points."""
    result = judge(S42, S42_2023, [obs(S42, "2023/24", 66)], END_2023_24)
    assert result.gap == pytest.approx(2.0)
    assert str(result.gap_quantity.units) == "percentage_point"
    assert result.actual_quantity.magnitude == 66.0
    assert "2 percentage points" in result.explanation


def test_explanation_is_one_sentence():
    """Every result says why in one plain-English sentence."""
    result = judge(S42, S42_2023, [obs(S42, "2023/24", 66)], END_2023_24)
    assert result.explanation.endswith(".")
    assert result.explanation.count(". ") == 0
    assert "missing the target of at most 64%" in result.explanation


def test_custom_absolute_tolerance():
    """The tolerance is a policy object: here 2 percentage points whatever the target."""
    policy = TolerancePolicy(absolute=2)
    amber = judge(S42, S42_2023, [obs(S42, "2023/24", 66)], END_2023_24, policy=policy)
    red = judge(S42, S42_2023, [obs(S42, "2023/24", 66.5)], END_2023_24, policy=policy)
    assert (amber.rag, red.rag) == (RAG.AMBER, RAG.RED)


# --------------------------------------------------------------------------- trajectory


def test_trajectory_expects_74_on_30_september_2023():
    """S42: 84% at 31 Mar 2023, 64% at 31 Mar 2024, so 84 - 20 x 183/366 = 74% on 30 Sep 2023."""
    report = evaluate(make_plan([S42], [S42_2023, S42_2024]), [], as_of=MID_2023_24)
    path = report.trajectories["s42"]
    assert path.at(date(2023, 9, 30)) == 74.0
    assert path.at(date(2023, 3, 31)) == 84.0
    assert path.at(date(2025, 3, 31)) == 44.0


@pytest.mark.parametrize(
    ("q2", "status", "rag"),
    [
        (74.0, Status.ON_TRACK, RAG.GREEN),
        (70.0, Status.ON_TRACK, RAG.GREEN),
        (77.7, Status.AT_RISK, RAG.AMBER),  # 74 + 5% of 74
        (77.8, Status.OFF_TRACK, RAG.RED),
    ],
)
def test_in_year_value_is_compared_with_the_trajectory(q2, status, rag):
    """Before the period ends, the latest value is compared with the path at its period end."""
    result = judge(S42, S42_2023, [obs(S42, "2023/24 Q2", q2)], MID_2023_24)
    assert (result.status, result.rag, result.expected) == (status, rag, 74.0)
    assert result.period is not None
    assert str(result.period) == "2023/24 Q2"


def test_no_value_yet_is_no_data():
    """NO_DATA: no observation yet."""
    result = judge(S42, S42_2023, [], MID_2023_24)
    assert (result.status, result.rag) == (Status.NO_DATA, RAG.GREY)


def test_baseline_is_not_an_in_year_value():
    """The baseline's own value is history, not progress towards the next target."""
    result = judge(S42, S42_2023, [obs(S42, "2022/23", 84)], MID_2023_24)
    assert result.status is Status.NO_DATA


def test_without_a_baseline_the_path_is_flat_at_the_target():
    """Without a baseline, a level target's path is flat at its own value until its period ends."""
    no_base = Indicator(id="msp-asked", name="adults asked", unit="percent",
                        direction=Direction.HIGHER_IS_BETTER)  # fmt: skip
    result = judge(no_base, MSP_2023, [obs(no_base, "2023/24 Q1", 79)], MID_2023_24)
    assert (result.status, result.expected) == (Status.AT_RISK, 80.0)


def test_values_after_as_of_are_not_used():
    """Only observations no later than as_of count."""
    result = judge(S42, S42_2023, [obs(S42, "2023/24 Q3", 60)], MID_2023_24)
    assert result.status is Status.NO_DATA


def test_progress_is_unclamped():
    """Progress is (actual - baseline) / (target - baseline), not clamped to 0..1."""
    half = judge(S42, S42_2023, [obs(S42, "2023/24", 74)], END_2023_24)
    beyond = judge(S42, S42_2023, [obs(S42, "2023/24", 60)], END_2023_24)
    assert (half.progress, beyond.progress) == (pytest.approx(0.5), pytest.approx(1.2))


def test_progress_is_none_without_a_baseline():
    """Progress is None where it is undefined."""
    no_base = Indicator(id="msp-asked", name="adults asked", unit="percent",
                        direction=Direction.HIGHER_IS_BETTER)  # fmt: skip
    assert judge(no_base, MSP_2023, [obs(no_base, "2023/24", 82)], END_2023_24).progress is None


@pytest.mark.parametrize(
    ("q1", "q2", "travel"),
    [(80, 76, Travel.IMPROVING), (76, 80, Travel.WORSENING), (76, 76, Travel.NO_CHANGE)],
)
def test_direction_of_travel_against_previous_quarter(q1, q2, travel):
    """Direction of travel compares with the previous value of the same granularity."""
    data = [obs(S42, "2023/24 Q1", q1), obs(S42, "2023/24 Q2", q2)]
    assert judge(S42, S42_2023, data, MID_2023_24).direction is travel


def test_direction_of_travel_unknown_without_previous():
    """UNKNOWN when there is no previous value of the same granularity."""
    assert judge(S42, S42_2023, [obs(S42, "2023/24 Q2", 70)], MID_2023_24).direction is (
        Travel.UNKNOWN
    )


def test_a_year_is_compared_with_the_previous_year():
    """A year's direction of travel is against the year before (here the baseline)."""
    result = judge(S42, S42_2023, [obs(S42, "2023/24", 70)], END_2023_24)
    assert result.direction is Travel.IMPROVING


# --------------------------------------------------------------------------- changes


def test_relative_change_from_a_baseline_recorded_later():
    """A baseline the plan lacks is recorded by an observation; 40% reduced by 25% is 30%."""
    data = [obs(UNAWARE, "2022/23", 40), obs(UNAWARE, "2023/24", 30)]
    result = judge(UNAWARE, UNAWARE_2023, data, END_2023_24, others=[UNAWARE_2024])
    assert (result.status, result.target_value, result.baseline) == (Status.MET, 30.0, 40.0)
    assert "-25% relative change" in result.explanation


def test_relative_change_minus_50_from_the_same_baseline():
    """MAARS "unaware": -50% in 2024/25, also from the audit baseline."""
    data = [obs(UNAWARE, "2022/23", 40), obs(UNAWARE, "2024/25", 21)]
    result = judge(UNAWARE, UNAWARE_2024, data, date(2025, 4, 30), others=[UNAWARE_2023])
    assert (result.status, result.target_value) == (Status.NOT_MET, 20.0)
    assert result.rag is RAG.AMBER  # 1 point over 20, within 5% of 20


def test_unknown_baseline_is_no_baseline():
    """NO_BASELINE when the reference is unknown, with a message saying which value is missing."""
    result = judge(UNAWARE, UNAWARE_2023, [obs(UNAWARE, "2023/24", 30)], END_2023_24)
    assert (result.status, result.rag) == (Status.NO_BASELINE, RAG.GREY)
    assert "the baseline for 2022/23 has not been recorded" in result.explanation


def test_relative_change_from_the_previous_years_actual():
    """SAR referrals +25% in 2023/24 over 2022/23: 20 referrals in 2022/23 make a target of 25."""
    data = [obs(SAR, "2022/23", 20), obs(SAR, "2023/24", 25)]
    result = judge(SAR, SAR_2023, data, END_2023_24)
    assert (result.status, result.reference, result.target_value) == (Status.MET, 20.0, 25.0)


def test_relative_change_chains_through_previous_actuals():
    """SAR referrals +25% in 2024/25 over 2023/24's actual (25), so at least 31.25."""
    data = [obs(SAR, "2022/23", 20), obs(SAR, "2023/24", 25), obs(SAR, "2024/25", 31)]
    result = judge(SAR, SAR_2024, data, date(2025, 4, 30), others=[SAR_2023])
    assert (result.status, result.rag, result.target_value) == (
        Status.NOT_MET,
        RAG.AMBER,
        31.25,
    )


def test_previous_actual_missing_is_no_baseline():
    """PREVIOUS for 2023/24 means the 2022/23 actual; without it the target is NO_BASELINE."""
    result = judge(SAR, SAR_2023, [obs(SAR, "2023/24", 25)], END_2023_24)
    assert result.status is Status.NO_BASELINE
    assert "the actual for 2022/23 has not been recorded" in result.explanation


def test_absolute_change_in_percentage_points():
    """An absolute change of a percentage is in percentage points: 67% - 5 points is 62%."""
    result = judge(INFO_SHARING, INFO_2023, [obs(INFO_SHARING, "2023/24", 62)], END_2023_24)
    assert (result.status, result.target_value) == (Status.MET, 62.0)
    assert "5 percentage points" in result.explanation


@pytest.mark.parametrize(
    ("actual", "status"), [(11, Status.MET), (12, Status.NOT_MET), (13, Status.NOT_MET)]
)
def test_improve_is_strictly_better(actual, status):
    """Improve on a reference: strictly better, in the indicator's direction."""
    data = [obs(NAI, "2022/23", 12), obs(NAI, "2023/24", actual)]
    assert judge(NAI, NAI_2023, data, END_2023_24).status is status


# --------------------------------------------------------------------------- bands


@pytest.mark.parametrize(
    ("actual", "status", "rag", "gap"),
    [
        (8.0, Status.MET, RAG.GREEN, 0.0),
        (7.0, Status.MET, RAG.GREEN, 0.0),
        (10.0, Status.MET, RAG.GREEN, 0.0),
        (10.5, Status.NOT_MET, RAG.AMBER, 0.5),  # 5% of the nearer bound, 10
        (10.6, Status.NOT_MET, RAG.RED, 0.6),
        (6.0, Status.NOT_MET, RAG.RED, -1.0),  # 1 below 7, beyond 0.35
    ],
)
def test_band_shortfall_is_the_distance_to_the_nearer_bound(actual, status, rag, gap):
    """Repeat referrals to MAARS between 7% and 10%: the shortfall is to the nearer bound."""
    result = judge(REPEAT, REPEAT_2023, [obs(REPEAT, "2023/24", actual)], END_2023_24)
    assert (result.status, result.rag) == (status, rag)
    assert result.gap == pytest.approx(gap)


# --------------------------------------------------------------------------- suppression


def test_suppressed_value_is_suppressed_and_never_printed():
    """SUPPRESSED when the only value is withheld; GREY, and no value is printed."""
    result = judge(S42, S42_2023, [obs(S42, "2023/24", suppressed="[c]")], END_2023_24)
    assert (result.status, result.rag, result.actual) == (Status.SUPPRESSED, RAG.GREY, None)
    assert "withheld" in result.explanation


def test_suppressed_in_year_value():
    """A withheld in-year value is SUPPRESSED, never zero or missing."""
    result = judge(S42, S42_2023, [obs(S42, "2023/24 Q2", suppressed="c")], MID_2023_24)
    assert result.status is Status.SUPPRESSED


def test_suppressed_latest_value_falls_back_to_the_latest_known():
    """A withheld latest value is passed over for the latest value that is not withheld."""
    data = [obs(S42, "2023/24 Q1", 76), obs(S42, "2023/24 Q2", suppressed="x")]
    result = judge(S42, S42_2023, data, MID_2023_24)
    assert (result.status, result.period is not None and str(result.period)) == (
        Status.ON_TRACK,
        "2023/24 Q1",
    )


# --------------------------------------------------------------------------- small samples


def test_11_of_16_against_at_least_70_is_not_met_and_inconclusive():
    """11 of 16 (68.75%) against "at least 70%": NOT_MET, INCONCLUSIVE, interval about 44%-86%."""
    data = [obs(KEY_MALES, "2023/24", numerator=11, denominator=16)]
    result = judge(KEY_MALES, KEY_MALES_2023, data, END_2023_24)
    assert (result.status, result.confidence, result.actual) == (
        Status.NOT_MET,
        Confidence.INCONCLUSIVE,
        68.75,
    )
    assert result.interval is not None
    assert (round(result.interval.low, 1), round(result.interval.high, 1)) == (44.4, 85.8)
    assert "11 of 16" in result.explanation
    assert "44% to 86%" in result.explanation


def test_a_whole_interval_on_one_side_is_conclusive():
    """CONCLUSIVE when the whole interval lies on one side of the target."""
    data = [obs(KEY_MALES, "2023/24", numerator=150, denominator=160)]
    result = judge(KEY_MALES, KEY_MALES_2023, data, END_2023_24)
    assert (result.status, result.confidence) == (Status.MET, Confidence.CONCLUSIVE)


def test_no_counts_no_interval():
    """Only observations with a numerator and denominator carry an interval."""
    result = judge(KEY_MALES, KEY_MALES_2023, [obs(KEY_MALES, "2023/24", 72)], END_2023_24)
    assert (result.interval, result.confidence) == (None, None)


# --------------------------------------------------------------------------- flows


@pytest.mark.parametrize(
    ("q1", "q2", "status"),
    [(3, 3, Status.OFF_TRACK), (6, 6, Status.AT_RISK), (7, 6, Status.ON_TRACK)],
)
def test_flow_year_to_date_against_the_annual_target_pro_rata(q1, q2, status):
    """6 SAR referrals by the end of Q2 against an annual 25 compare with 25 x 183/366 = 12.5."""
    data = [obs(SAR, "2022/23", 20), obs(SAR, "2023/24 Q1", q1), obs(SAR, "2023/24 Q2", q2)]
    result = judge(SAR, SAR_2023, data, MID_2023_24)
    assert (result.status, result.actual, result.expected) == (status, q1 + q2, 12.5)


def test_flow_year_is_the_sum_of_its_quarters():
    """A year with no value of its own is derived from all four quarters: the sum for a flow."""
    quarters = [obs(SAR, f"2023/24 Q{n}", v) for n, v in enumerate((6, 7, 6, 6), start=1)]
    result = judge(SAR, SAR_2023, [obs(SAR, "2022/23", 20), *quarters], END_2023_24)
    assert (result.status, result.actual) == (Status.MET, 25.0)


def test_level_year_from_counts_is_summed_numerators_over_denominators():
    """For a level with counts: summed numerators over summed denominators, never an average."""
    counts = [(8, 10), (1, 2), (1, 2), (1, 2)]  # 11 of 16 = 68.75%; the average of % is 56.25%
    data = [
        obs(KEY_MALES, f"2023/24 Q{n}", numerator=a, denominator=b)
        for n, (a, b) in enumerate(counts, start=1)
    ]
    result = judge(KEY_MALES, KEY_MALES_2023, data, END_2023_24)
    assert result.actual == pytest.approx(68.75)
    assert result.interval is not None


def test_level_year_without_counts_is_not_derived():
    """A level without counts is not derived; the year is then NO_DATA."""
    data = [obs(S42, f"2023/24 Q{n}", 60) for n in range(1, 5)]
    result = judge(S42, S42_2023, data, END_2023_24)
    assert result.status is Status.NO_DATA


def test_three_quarters_do_not_make_a_year():
    """A year is derived only when all four quarters are recorded."""
    data = [obs(SAR, "2022/23", 20), *(obs(SAR, f"2023/24 Q{n}", 9) for n in range(1, 4))]
    assert judge(SAR, SAR_2023, data, END_2023_24).status is Status.NO_DATA


# --------------------------------------------------------------------------- problems


def test_conflicting_baseline_is_reported_not_used():
    """A baseline the plan has is never silently replaced: the conflict is reported."""
    report = evaluate(
        make_plan([S42], [S42_2023]),
        [obs(S42, "2022/23", 80), obs(S42, "2023/24 Q2", 74)],
        as_of=MID_2023_24,
    )
    result = report.target("s42-2023-24")
    assert (result.baseline, result.expected) == (84.0, 74.0)
    [problem] = report.problems
    assert problem.severity is Severity.WARNING
    assert problem.location == "observations[0]"
    assert "conflicts with the plan's baseline of 84%" in problem.message


def test_observation_after_the_plan_is_noted_as_ignored():
    """A value for a period after the plan's last year is ignored, with a located warning."""
    report = evaluate(
        make_plan([S42], [S42_2023]),
        [obs(S42, "2023/24", 60), obs(S42, "2026/27 Q1", 50)],
        as_of=date(2026, 7, 31),
    )
    expected = (
        "observations[1]",
        Severity.WARNING,
        ("s42 2026/27 Q1 is after the plan's last year (2025/26): the plan judges nothing "
        "after it, so this value is ignored"),
        "2026/27 Q1",
    )
    ignored = [p for p in report.problems if p.location == "observations[1]"]
    assert [expected] == [(p.location, p.severity, p.message, p.value) for p in ignored]


def test_observation_in_the_plans_last_year_is_not_noted():
    """A value for the plan's last year, or history before it starts, is used: no warning."""
    report = evaluate(
        make_plan([S42], [S42_2023]),
        [obs(S42, "2021/22", 90), obs(S42, "2025/26 Q4", 50)],
        as_of=date(2026, 7, 31),
    )
    assert [] == [p for p in report.problems if p.location.startswith("observations")]


def test_assessment_of_a_measured_outcome_is_noted_as_ignored():
    """An assessment of an outcome judged by its targets is ignored, with a located warning."""
    report = evaluate(
        make_plan([S42], [S42_2023], qualitative=(CONFIDENT,)),
        [],
        assessments=[
            Assessment(outcome="confident", on=date(2024, 1, 1), judgement="met"),
            Assessment(outcome="measured", on=date(2024, 1, 1), judgement="met"),
        ],
        as_of=date(2024, 2, 1),
    )
    expected = [
        (
            "assessments[1]",
            Severity.WARNING,
            ("the outcome measured is measured by its targets, so this assessment is "
            "ignored; record values of its indicators instead"),
            "measured",
        )
    ]
    actual = [
        (p.location, p.severity, p.message, p.value)
        for p in report.problems
        if p.location.startswith("assessments")
    ]
    assert expected == actual


def test_overdue_value_is_reported():
    """NO_DATA once the period has ended, and the report says the value is overdue."""
    report = evaluate(make_plan([S42], [S42_2023]), [], as_of=END_2023_24)
    assert report.target("s42-2023-24").status is Status.NO_DATA
    assert any("overdue" in p.message for p in report.problems)
    assert "overdue" in report.target("s42-2023-24").explanation


def test_bad_observations_are_all_reported_at_once():
    """Unknown ids (with the nearest id), wrong units and duplicates raise one error."""
    plan = make_plan([S42, SAR], [S42_2023, SAR_2023])
    data = [
        Observation(indicator="s42x", period="2023/24", value=60),
        Observation(indicator="s42", period="2023/24", value=quantity(12, "count")),
        Observation(indicator="sar-referrals", period="2023/24", value=20),
        Observation(indicator="sar-referrals", period="2023/24", value=21),
    ]
    with pytest.raises(ObservationError) as info:
        evaluate(plan, data, as_of=END_2023_24)
    messages = [str(p) for p in info.value.problems]
    assert len(messages) == 3
    assert "did you mean 's42'?" in messages[0]
    assert "'count'" in messages[1]
    assert "'percent'" in messages[1]
    assert "already has a value for 2023/24" in messages[2]


def test_unknown_action_and_outcome_ids_are_reported():
    """Updates and assessments must name the plan's actions and outcomes."""
    plan = make_plan([S42], [S42_2023], actions=(Action(id="audit", text="Audit.", due="2023/24"),))
    with pytest.raises(ObservationError) as info:
        evaluate(
            plan,
            updates=[ActionUpdate(action="audits", on=date(2024, 1, 1), state="complete")],
            assessments=[Assessment(outcome="nope", on=date(2024, 1, 1), judgement="met")],
            as_of=END_2023_24,
        )
    assert len(info.value.problems) == 2
    assert "did you mean 'audit'?" in str(info.value)


# --------------------------------------------------------------------------- units


def test_dimensionless_quantity_judges_like_percent():
    """A pint quantity is converted once: 0.64 dimensionless is 64%."""
    result = judge(S42, S42_2023, [obs(S42, "2023/24", quantity(0.64, "dimensionless"))],
                   END_2023_24)  # fmt: skip
    assert (result.status, result.actual) == (Status.MET, pytest.approx(64.0))


# --------------------------------------------------------------------------- actions

DUE = Action(id="sar-guidance", text="We will refresh SAR guidance across all agencies.",
             due="2023/24")  # fmt: skip
BEFORE_DUE = date(2024, 1, 31)


def action_result(updates: list[ActionUpdate], as_of: date):
    report = evaluate(make_plan([S42], [S42_2023], actions=(DUE,)), updates=updates, as_of=as_of)
    return report.action("sar-guidance")


def update(on: date, state: str, note: str | None = None) -> ActionUpdate:
    return ActionUpdate(action="sar-guidance", on=on, state=state, note=note)


@pytest.mark.parametrize(
    ("updates", "as_of", "status", "rag"),
    [
        ([], BEFORE_DUE, ActionStatus.NO_UPDATE, RAG.GREY),
        ([], END_2023_24, ActionStatus.OVERDUE, RAG.RED),
        ([update(date(2024, 1, 10), "in progress")], BEFORE_DUE, ActionStatus.IN_PROGRESS,
         RAG.GREEN),
        ([update(date(2024, 1, 10), "not started")], BEFORE_DUE, ActionStatus.NOT_STARTED,
         RAG.AMBER),
        ([update(date(2024, 1, 10), "in progress")], END_2023_24, ActionStatus.OVERDUE, RAG.RED),
        ([update(date(2024, 1, 10), "not started")], END_2023_24, ActionStatus.OVERDUE, RAG.RED),
        ([update(date(2024, 1, 10), "complete")], END_2023_24, ActionStatus.COMPLETE, RAG.GREEN),
        ([update(date(2024, 1, 10), "dropped", "superseded by GM guidance")], END_2023_24,
         ActionStatus.DROPPED, RAG.GREY),
    ],
)  # fmt: skip
def test_action_states(updates, as_of, status, rag):
    """Actions as at a date, by their latest update and due date."""
    result = action_result(updates, as_of)
    assert (result.status, result.rag) == (status, rag)


def test_action_on_its_due_date_is_not_yet_overdue():
    """OVERDUE only after the due date (31 March 2024 for "by April 2024")."""
    result = action_result([update(date(2024, 1, 10), "in progress")], date(2024, 3, 31))
    assert result.status is ActionStatus.IN_PROGRESS


def test_late_completion_is_noted():
    """COMPLETE is GREEN, noted if completed after the due date."""
    updates = [update(date(2024, 1, 10), "in progress"), update(date(2024, 4, 15), "complete")]
    result = action_result(updates, END_2023_24)
    assert (result.status, result.late, result.completed_on) == (
        ActionStatus.COMPLETE,
        True,
        date(2024, 4, 15),
    )
    assert "after its due date of 31 March 2024" in result.explanation


def test_dropped_action_gives_its_reason():
    """DROPPED is GREY, with the reason."""
    result = action_result([update(date(2024, 1, 10), "dropped", "superseded")], END_2023_24)
    assert "superseded" in result.explanation


def test_an_action_explanation_says_what_its_details_are():
    """An overdue "guidance will be developed on:" says what the guidance is on."""
    guidance = Action(id="guidance", text="Multi-agency guidance will be developed on:",
                      due="2023/24", details=["Physical abuse", "Financial abuse"])  # fmt: skip
    report = evaluate(make_plan([S42], [S42_2023], actions=(guidance,)), as_of=END_2023_24)

    expected = (
        "'Multi-agency guidance will be developed on: Physical abuse; Financial abuse' was due "
        "by 31 March 2024 and no update has been recorded: it is overdue."
    )
    assert expected == report.action("guidance").explanation


def test_updates_after_as_of_are_ignored():
    """Only updates no later than as_of count."""
    result = action_result([update(date(2024, 2, 10), "complete")], BEFORE_DUE)
    assert result.status is ActionStatus.NO_UPDATE


def test_latest_update_wins():
    """The latest update decides, whatever order the updates are given in."""
    updates = [update(date(2024, 1, 20), "in progress"), update(date(2023, 12, 1), "not started")]
    assert action_result(updates, BEFORE_DUE).status is ActionStatus.IN_PROGRESS


def test_action_serving_two_priorities_counts_in_each():
    """An action can serve more than one priority; it counts in each priority's roll-up."""
    shared = Action(id="maars-audit", text="A multi-agency audit of MAARS.", due="2024/25",
                    serves=("joint",))  # fmt: skip
    plan = make_plan([S42], [S42_2023], actions=(shared,))
    report = evaluate(
        plan,
        updates=[ActionUpdate(action="maars-audit", on=date(2024, 1, 1), state="not started")],
        as_of=BEFORE_DUE,
    )
    assert report.priority("adults").count(ActionStatus.NOT_STARTED) == 1
    assert report.priority("joint").count(ActionStatus.NOT_STARTED) == 1
    assert report.priority("joint").rag is RAG.AMBER
    assert report.overall.count(ActionStatus.NOT_STARTED) == 1
    assert report.action("maars-audit").priorities == ("adults", "joint")


# --------------------------------------------------------------------------- qualitative

CONFIDENT = Outcome(id="confident", text="Practitioners will feel confident to share information.")


def outcome_result(assessments: list[Assessment], as_of: date = END_2023_24):
    plan = make_plan([S42], [S42_2023], qualitative=(CONFIDENT,))
    return evaluate(plan, assessments=assessments, as_of=as_of).outcome("confident")


@pytest.mark.parametrize(
    ("judgement", "status", "rag"),
    [
        ("met", Status.MET, RAG.GREEN),
        ("not met", Status.NOT_MET, RAG.RED),
        ("on track", Status.ON_TRACK, RAG.GREEN),
        ("at risk", Status.AT_RISK, RAG.AMBER),
        ("off track", Status.OFF_TRACK, RAG.RED),
    ],
)
def test_qualitative_outcome_from_its_assessment(judgement, status, rag):
    """A qualitative outcome is judged by its latest recorded assessment."""
    result = outcome_result([Assessment(outcome="confident", on=date(2024, 3, 1),
                                        judgement=judgement)])  # fmt: skip
    assert (result.status, result.rag) == (status, rag)


def test_qualitative_outcome_without_assessment_is_no_data():
    """NO_DATA and GREY when no assessment is recorded by as_of."""
    late = Assessment(outcome="confident", on=date(2024, 6, 1), judgement="met")
    result = outcome_result([late])
    assert (result.status, result.rag) == (Status.NO_DATA, RAG.GREY)


def test_latest_assessment_wins():
    """The latest assessment no later than as_of decides."""
    result = outcome_result(
        [
            Assessment(outcome="confident", on=date(2024, 1, 1), judgement="at risk"),
            Assessment(outcome="confident", on=date(2024, 3, 1), judgement="on track"),
        ]
    )
    assert result.status is Status.ON_TRACK


# --------------------------------------------------------------------------- roll-ups


def test_rollup_is_the_worst_judged_rag():
    """The overall RAG is the worst RAG among judged items."""
    plan = make_plan([S42, MSP], [S42_2023, MSP_2023])
    data = [obs(S42, "2023/24", 64), obs(MSP, "2023/24", 77)]
    report = evaluate(plan, data, as_of=END_2023_24)
    assert report.overall.rag is RAG.AMBER
    assert report.overall.count(Status.MET) == 1
    assert report.overall.count(RAG.AMBER) == 1
    assert (report.overall.total, report.overall.judged) == (2, 2)


def test_rollup_is_grey_only_when_nothing_was_judged():
    """GREY only when nothing could be judged."""
    report = evaluate(make_plan([S42], [S42_2023]), [], as_of=MID_2023_24)
    assert report.overall.rag is RAG.GREY
    assert report.priority("joint").rag is RAG.GREY


def test_rollups_per_partnership():
    """Roll-ups per priority, per partnership and for the whole plan."""
    report = evaluate(make_plan([S42], [S42_2023]), [obs(S42, "2023/24", 70)], as_of=END_2023_24)
    assert [r.id for r in report.partnerships] == ["joint", "adults"]
    assert report.partnerships[1].rag is RAG.RED


def test_rollup_rule_can_be_replaced():
    """The roll-up rule is an object the caller can replace."""

    def best(rags):
        return min(rags, key=lambda rag: rag.severity)

    plan = make_plan([S42, MSP], [S42_2023, MSP_2023])
    data = [obs(S42, "2023/24", 64), obs(MSP, "2023/24", 70)]
    assert evaluate(plan, data, as_of=END_2023_24, rollup=best).overall.rag is RAG.GREEN


# --------------------------------------------------------------------------- output


def test_rag_symbols_do_not_rely_on_colour():
    """Each RAG has a symbol and a label."""
    assert [r.symbol for r in RAG] == ["\N{HEAVY CHECK MARK}", "!", "\N{HEAVY MULTIPLICATION X}",
                                       "\N{EN DASH}"]  # fmt: skip
    assert [r.label for r in RAG] == ["Green", "Amber", "Red", "Grey"]


def test_records_are_plain_values():
    """The report converts to a list of dicts of plain values."""
    plan = make_plan([S42], [S42_2023], actions=(DUE,))
    report = evaluate(plan, [obs(S42, "2023/24", 66)], as_of=END_2023_24)
    records = report.to_records()
    assert [r["kind"] for r in records] == ["target", "action"]
    assert records[0]["status"] == "not_met"
    assert records[0]["rag"] == "amber"
    assert records[0]["actual"] == 66.0
    assert records[0]["period"] == "2023/24"
    assert set(records[0]) == set(records[1])


def test_dataframe():
    """The report converts to a pandas DataFrame."""
    report = evaluate(make_plan([S42], [S42_2023]), [obs(S42, "2023/24", 66)], as_of=END_2023_24)
    frame = report.to_dataframe()
    assert list(frame["status"]) == ["not_met"]


def test_dataframe_without_pandas(monkeypatch):
    """Without pandas, to_dataframe says how to install it."""
    monkeypatch.setitem(sys.modules, "pandas", None)
    report = evaluate(make_plan([S42], [S42_2023]), [], as_of=END_2023_24)
    with pytest.raises(ImportError, match=r"safeguarding-plan\[pandas\]"):
        report.to_dataframe()


def test_results_are_immutable():
    """Results are immutable objects."""
    import attrs

    result = judge(S42, S42_2023, [obs(S42, "2023/24", 66)], END_2023_24)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.status = Status.MET  # type: ignore[misc]


def test_unknown_target_in_report_suggests_nearest():
    """Looking up a result by a wrong id names the nearest id."""
    report = evaluate(make_plan([S42], [S42_2023]), [], as_of=END_2023_24)
    with pytest.raises(KeyError, match="s42-2023-24"):
        report.target("s42-2023-25")


@pytest.mark.parametrize(
    ("q2", "status"), [(75, Status.ON_TRACK), (74, Status.ON_TRACK), (70, Status.OFF_TRACK)]
)
def test_in_year_a_floor_on_a_falling_indicator_compares_as_a_floor(q2, status):
    """In-year, "it meets the expected value in the sense of the target's rule (at least:
    not below it ...)", even when lower is better: a floor stays a floor."""
    floor = Target(id="s42-2023-24", indicator="s42", period="2023/24", rule=AtLeast(value=64))
    in_year = judge(S42, floor, [obs(S42, "2023/24 Q2", q2)], MID_2023_24)
    assert (status, 74.0) == (in_year.status, in_year.expected)


@pytest.mark.parametrize(
    ("q2", "year", "in_year_status", "final_status"),
    [(79, 89, Status.ON_TRACK, Status.MET), (85, 95, Status.OFF_TRACK, Status.NOT_MET)],
)
def test_in_year_a_ceiling_on_a_rising_indicator_compares_as_a_ceiling(
    q2, year, in_year_status, final_status
):
    """ "A ceiling on something that should rise is on track while the value is under the
    expected ceiling, as it is met at the end when it is under it": at most 90% from 70%
    expects at most 80% on 30 September 2023."""
    ceiling = Target(id="msp-2023-24", indicator="msp-asked", period="2023/24",
                     rule=AtMost(value=90))  # fmt: skip
    in_year = judge(MSP, ceiling, [obs(MSP, "2023/24 Q2", q2)], MID_2023_24)
    final = judge(MSP, ceiling, [obs(MSP, "2023/24", year)], END_2023_24)
    assert (in_year_status, 80.0, final_status) == (
        in_year.status,
        in_year.expected,
        final.status,
    )


def test_every_figure_as_a_pint_quantity():
    """Every figure is a float in the indicator's unit and, when asked, a pint quantity."""
    data = [obs(KEY_MALES, "2023/24", numerator=11, denominator=16)]
    result = judge(KEY_MALES, KEY_MALES_2023, data, END_2023_24)
    assert str(result.actual_quantity.units) == "percent"
    assert result.target_quantity.magnitude == 70.0
    assert result.baseline_quantity.magnitude == 56.0
    assert str(result.tolerance_quantity.units) == "percentage_point"
    assert str(result.shortfall_quantity.units) == "percentage_point"
    low, high = result.interval_quantity
    assert (round(low.magnitude), round(high.magnitude)) == (44, 86)


def test_the_api_shape_partner_tools_code_against():
    """The issue's example runs on the bundled plan, whatever its current contents."""
    from safeguarding_plan.plans import stockport_2023_26

    plan = stockport_2023_26()
    first = plan.indicators[0]
    action = next(plan.iter_actions())
    report = evaluate(
        plan,
        [Observation(indicator=first.id, period="2023/24 Q2", suppressed="c")],
        updates=[ActionUpdate(action=action.id, on=date(2024, 1, 10), state="in progress")],
        as_of=date(2024, 4, 30),
    )
    for result in report.targets:
        assert isinstance(result.status, Status)
        assert isinstance(result.rag, RAG)
        assert result.explanation.endswith(".")
        for name in ("actual", "expected", "gap", "progress", "interval", "confidence"):
            assert hasattr(result, name)
        assert isinstance(result.direction, Travel)
    assert len(report.actions) == len(tuple(plan.iter_actions()))
    assert [r.id for r in report.priorities] == [p.id for p in plan.priorities]
    assert report.overall.total == len(report.to_records())


@pytest.mark.parametrize(("successes", "trials"), [(0, 5), (5, 5), (1, 1)])
def test_wilson_interval_stays_within_0_and_1(successes, trials):
    """The Wilson score interval never leaves 0..1 and contains the observed share."""
    from safeguarding_plan import Interval

    interval = Interval.wilson(successes, trials)
    assert 0 <= interval.low <= successes / trials <= interval.high <= 1


def test_wilson_interval_needs_a_proportion():
    """Successes above trials are not a proportion."""
    from safeguarding_plan import Interval

    with pytest.raises(ValueError, match="successes"):
        Interval.wilson(6, 5)


# --------------------------------------------------------------------------- wording


def test_an_in_year_figure_is_the_latest_figure_in_the_present_tense():
    """In-year, the figure judged is the latest one, so it "is", and its period is named."""
    result = judge(S42, S42_2023, [obs(S42, "2023/24 Q2", 75)], MID_2023_24)

    expected = (
        "The latest figure for contacts to Adult Social Care that do not progress to a "
        "Section 42 enquiry, for 2023/24 Q2, is 75%, 1 percentage point worse than the 74% "
        "expected by 30 September 2023 (within the tolerance of 3.7 percentage points), "
        "towards at most 64% by the end of 2023/24."
    )
    assert expected == result.explanation


def test_a_flow_in_year_is_its_year_to_date_total_in_the_present_tense():
    """6 SAR referrals by the end of Q2 "is" the year-to-date total, against 12.5 pro rata."""
    data = [obs(SAR, "2022/23", 20), obs(SAR, "2023/24 Q1", 2), obs(SAR, "2023/24 Q2", 4)]
    result = judge(SAR, SAR_2023, data, MID_2023_24)

    expected = (
        "The year-to-date total of SAR referrals to the Safeguarding Adults Partnership for "
        "2023/24, to the end of 2023/24 Q2, is 6, 6.5 worse than the pro rata 12.5 expected "
        "by 30 September 2023 (beyond the tolerance of 0.63), towards at least 25 (+25% "
        "relative change on the 2022/23 actual of 20) by the end of 2023/24."
    )
    assert expected == result.explanation


def test_a_period_that_has_ended_is_in_the_past_tense():
    """Once the period has ended its figure "was"; 1 percentage point is singular."""
    result = judge(S42, S42_2023, [obs(S42, "2023/24", 65)], END_2023_24)

    expected = (
        "Contacts to Adult Social Care that do not progress to a Section 42 enquiry was 65% "
        "in 2023/24, missing the target of at most 64% by 1 percentage point (within the "
        "tolerance of 3.2 percentage points)."
    )
    assert expected == result.explanation


def test_a_figure_that_rounds_to_a_whole_prints_without_a_point():
    """65.99999% prints 66%, not "66.%"; the miss prints 2, not "2."."""
    result = judge(S42, S42_2023, [obs(S42, "2023/24", 65.99999)], END_2023_24)

    assert "was 66% in 2023/24" in result.explanation
    assert "by 2 percentage points" in result.explanation


# ------------------------------------------------------------------- several targets, strict


S42_STRETCH = Target(id="s42-stretch-2023-24", indicator="s42", period="2023/24",
                     rule=AtMost(value=60))  # fmt: skip


def test_two_points_on_one_date_the_path_takes_the_later_target_in_plan_order():
    """Several targets on one indicator for one period: the published path runs through the
    target listed later in the plan (at most 60%, after at most 64%)."""
    plan = make_plan([S42], [S42_2023, S42_STRETCH])
    report = evaluate(plan, [], as_of=MID_2023_24)

    assert 60.0 == report.trajectories["s42"].at(date(2024, 3, 31))


def test_each_target_on_a_shared_date_is_judged_on_its_own_point():
    """ "Each is judged on its own": in-year, at most 64% expects 84 - 20 x 183/366 = 74% on
    30 September 2023, and at most 60% expects 84 - 24 x 183/366 = 72%."""
    plan = make_plan([S42], [S42_2023, S42_STRETCH])
    report = evaluate(plan, [obs(S42, "2023/24 Q2", 73)], as_of=MID_2023_24)

    assert ((74.0, Status.ON_TRACK), (72.0, Status.AT_RISK)) == (
        (report.target(S42_2023.id).expected, report.target(S42_2023.id).status),
        (report.target(S42_STRETCH.id).expected, report.target(S42_STRETCH.id).status),
    )


S42_BELOW = Target(id="s42-2023-24", indicator="s42", period="2023/24", rule=Below(value=64))


def test_exactly_the_value_of_a_strict_rule_is_not_met_and_amber():
    """ "Only below / above are strict": exactly 64% is NOT_MET for "lower than 64%", a miss
    of nothing, so AMBER ("AMBER for NOT_MET within the tolerance (inclusive)")."""
    result = judge(S42, S42_BELOW, [obs(S42, "2023/24", 64)], END_2023_24)

    assert (Status.NOT_MET, RAG.AMBER, 0.0) == (result.status, result.rag, result.shortfall)


def test_exactly_the_value_of_a_strict_rule_reads_well():
    """The explanation says what the strict rule asked for: not lower than 64%."""
    result = judge(S42, S42_BELOW, [obs(S42, "2023/24", 64)], END_2023_24)

    assert "not lower than 64% as the target of lower than 64% requires" in result.explanation


def test_exactly_the_value_of_above_reads_well():
    """For "higher than 80%", exactly 80% is "not higher than 80%"."""
    above = Target(id="msp-2023-24", indicator="msp-asked", period="2023/24", rule=Above(value=80))
    result = judge(MSP, above, [obs(MSP, "2023/24", 80)], END_2023_24)

    assert "not higher than 80% as the target of higher than 80% requires" in result.explanation


def test_in_year_a_strict_rule_is_on_track_at_the_expected_value():
    """In-year comparisons are inclusive ("at most: not above it ... inclusive"), for a
    strict rule too: 74% on 30 September 2023 is ON_TRACK for "lower than 64%"."""
    result = judge(S42, S42_BELOW, [obs(S42, "2023/24 Q2", 74)], MID_2023_24)

    assert (Status.ON_TRACK, 74.0) == (result.status, result.expected)


def test_on_a_shared_date_plan_order_decides_not_period_order():
    """June 2023 and 2023/24 Q1 both end on 30 June 2023: the path takes the one listed later
    in the plan (the quarter's 70%), though the month sorts after the quarter."""
    june = Target(id="s42-june", indicator="s42", period="Jun 2023", rule=AtMost(value=72))
    q1 = Target(id="s42-q1", indicator="s42", period="2023/24 Q1", rule=AtMost(value=70))
    report = evaluate(make_plan([S42], [june, q1]), [], as_of=MID_2023_24)

    assert 70.0 == report.trajectories["s42"].at(date(2023, 6, 30))
