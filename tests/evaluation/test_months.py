"""Months and calendar years, judged as the rules page says.

"A quarter can be derived from its three months and a year from its twelve months exactly
as a year is derived from its quarters; a flow's year-to-date total can be built from
months. ... 'the previous value of the same granularity' means month to month, quarter to
quarter, year to year."
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeguarding_plan import (
    AtLeast,
    AtMost,
    Baseline,
    CalendarYear,
    Direction,
    FinancialYear,
    Indicator,
    Measure,
    Month,
    Observation,
    Outcome,
    Partnership,
    Plan,
    Priority,
    Quarter,
    Status,
    Target,
    Travel,
    evaluate,
)
from safeguarding_plan.evaluation._series import key_of
from safeguarding_plan.plans import stockport_2023_26

PLAN = stockport_2023_26()
S42 = "s42-non-conversion"
SAR = "sar-referrals"
FY23 = FinancialYear(2023)


def months_of(year: FinancialYear | CalendarYear | Quarter) -> list[Month]:
    return list(year.months())


def s42(period: object, numerator: float, denominator: float = 100) -> Observation:
    return Observation(indicator=S42, period=period, numerator=numerator, denominator=denominator)


def sar(period: object, value: float) -> Observation:
    return Observation(indicator=SAR, period=period, value=value)


# --------------------------------------------------------------------------- examples


def test_a_quarter_from_its_months_is_the_in_year_figure():
    """S42 non-conversion counted monthly: Q2 2023/24 is the summed counts of July to
    September (216 of 300, 72%), compared with the 74% expected on 30 September 2023."""
    counts = [80, 78, 76, 74, 72, 70]
    data = [s42(m, n) for m, n in zip(months_of(FY23)[:6], counts, strict=True)]

    result = evaluate(PLAN, data, as_of=date(2023, 10, 5)).target("s42-non-conversion-2023-24")

    assert (Quarter(FY23, 2), 72.0, 74.0, Status.ON_TRACK) == (
        result.period,
        result.actual,
        result.expected,
        result.status,
    )


def test_quarter_to_quarter_travel_from_derived_quarters():
    """Short-term travel compares the derived Q2 (72%) with the derived Q1 (78%): lower is
    better, so IMPROVING."""
    counts = [80, 78, 76, 74, 72, 70]
    data = [s42(m, n) for m, n in zip(months_of(FY23)[:6], counts, strict=True)]

    result = evaluate(PLAN, data, as_of=date(2023, 10, 5)).target("s42-non-conversion-2023-24")

    assert Travel.IMPROVING is result.direction


def test_a_level_without_counts_uses_its_latest_month():
    """A percentage without counts is not derived: the latest month (September 2023, 71%)
    is the in-year figure, against the 74% expected on 30 September; travel is month to
    month (72% in August: IMPROVING)."""
    data = [
        Observation(indicator=S42, period=Month(2023, 8), value=72),
        Observation(indicator=S42, period=Month(2023, 9), value=71),
    ]

    result = evaluate(PLAN, data, as_of=date(2023, 10, 5)).target("s42-non-conversion-2023-24")

    assert (Month(2023, 9), 71.0, 74.0, Travel.IMPROVING) == (
        result.period,
        result.actual,
        result.expected,
        result.direction,
    )


def test_a_year_from_its_twelve_months_decides_the_target():
    """Twelve months of 60 in 100 make 2023/24's 60% (720 of 1,200): "at most 64%" is MET."""
    data = [s42(m, 60) for m in months_of(FY23)]

    result = evaluate(PLAN, data, as_of=date(2024, 4, 30)).target("s42-non-conversion-2023-24")

    assert (FinancialYear(2023), 60.0, Status.MET) == (
        result.period,
        result.actual,
        result.status,
    )


def test_eleven_months_do_not_make_a_year():
    """A year needs all twelve months (or four quarters): with March missing, NO_DATA."""
    data = [s42(m, 60) for m in months_of(FY23)[:11]]

    result = evaluate(PLAN, data, as_of=date(2024, 4, 30)).target("s42-non-conversion-2023-24")

    assert Status.NO_DATA is result.status


def test_a_flows_year_to_date_from_months():
    """SAR referrals, 20 in 2022/23, must rise 25% to 25: 2 a month from April to September
    is 12 by 30 September, against 25 x 183/366 = 12.5 pro rata: AT_RISK."""
    data = [sar("2022/23", 20), *(sar(m, 2) for m in months_of(FY23)[:6])]

    result = evaluate(PLAN, data, as_of=date(2023, 10, 5)).target("sar-referrals-2023-24")

    assert (12.0, 12.5, Month(2023, 9), Status.AT_RISK) == (
        result.actual,
        result.expected,
        result.period,
        result.status,
    )


def test_a_flows_year_to_date_from_quarters_and_months():
    """Q1 given as a quarter (6), then July and August as months (2 each): 10 by 31 August,
    nothing counted twice."""
    data = [
        sar("2022/23", 20),
        sar("2023/24 Q1", 6),
        sar(Month(2023, 4), 99),  # inside a quarter that has its own value: not counted
        sar(Month(2023, 7), 2),
        sar(Month(2023, 8), 2),
    ]

    result = evaluate(PLAN, data, as_of=date(2023, 9, 5)).target("sar-referrals-2023-24")

    assert (10.0, Month(2023, 8)) == (result.actual, result.period)


def test_a_years_own_value_is_preferred_to_its_months():
    """When a year and its months both have values, the year's own value is used."""
    data = [s42("2023/24", 62), *(s42(m, 70) for m in months_of(FY23))]

    result = evaluate(PLAN, data, as_of=date(2024, 4, 30)).target("s42-non-conversion-2023-24")

    assert 62.0 == result.actual


def test_at_the_same_end_date_the_longer_period_is_the_latest_figure():
    """2023/24, its Q4 and March 2024 all end on 31 March 2024: the year (the most cases) is
    the in-year figure for 2024/25."""
    data = [
        Observation(indicator=S42, period="2023/24", value=60),
        Observation(indicator=S42, period="2023/24 Q4", value=58),
        Observation(indicator=S42, period=Month(2024, 3), value=57),
    ]

    result = evaluate(PLAN, data, as_of=date(2024, 4, 30)).target("s42-non-conversion-2024-25")

    assert (FinancialYear(2023), 60.0) == (result.period, result.actual)


# --------------------------------------------------------------------------- calendar years

REPEATS = Indicator(
    id="repeats",
    name="repeat referrals",
    unit="percent",
    direction=Direction.LOWER_IS_BETTER,
    baseline=Baseline(period="2023", value=12),
)
CALLS = Indicator(
    id="calls",
    name="calls to the adult safeguarding line",
    unit="count",
    direction=Direction.HIGHER_IS_BETTER,
    measure=Measure.FLOW,
)


def calendar_plan(*targets: Target) -> Plan:
    """A partnership that plans in calendar years, 2024 and 2025."""
    return Plan(
        id="calendar-plan",
        title="A calendar-year plan",
        start="2024",
        end="2025",
        indicators=[REPEATS, CALLS],
        priorities=[
            Priority(
                id="adults",
                title="Adults",
                partnership=Partnership.ADULTS,
                outcomes=[Outcome(id="measured", text="Measured.", targets=targets)],
            )
        ],
    )


REPEATS_2024 = Target(id="repeats-2024", indicator="repeats", period="2024", rule=AtMost(value=10))
CALLS_2024 = Target(id="calls-2024", indicator="calls", period="2024", rule=AtLeast(value=120))


def test_a_calendar_year_target_is_judged_on_the_calendar_years_value():
    """At most 10% in 2024: 2024's own value of 9.5% meets it."""
    plan = calendar_plan(REPEATS_2024)
    data = [Observation(indicator="repeats", period="2024", value=9.5)]

    result = evaluate(plan, data, as_of=date(2025, 1, 31)).target("repeats-2024")

    assert (CalendarYear(2024), Status.MET) == (result.period, result.status)


def test_a_calendar_year_from_its_twelve_months():
    """Twelve months of 9 calls in 2024 make 108, short of at least 120 (by 12: beyond 5% of
    120), and the year's figure is the calendar year 2024."""
    plan = calendar_plan(CALLS_2024)
    data = [Observation(indicator="calls", period=m, value=9) for m in CalendarYear(2024).months()]

    result = evaluate(plan, data, as_of=date(2025, 1, 31)).target("calls-2024")

    assert (CalendarYear(2024), 108.0, Status.NOT_MET) == (
        result.period,
        result.actual,
        result.status,
    )


def test_a_calendar_years_flow_in_year_is_pro_rata_from_january():
    """Ten calls a month from January to June 2024 is 60 by 30 June, against 120 x 182/366
    (59.67) pro rata: ON_TRACK."""
    plan = calendar_plan(CALLS_2024)
    data = [Observation(indicator="calls", period=Month(2024, n), value=10) for n in range(1, 7)]

    result = evaluate(plan, data, as_of=date(2024, 7, 10)).target("calls-2024")

    assert (60.0, 59.67, Status.ON_TRACK) == (
        result.actual,
        round(result.expected, 2),
        result.status,
    )


def test_a_calendar_year_plan_prefers_its_derived_year_at_its_end():
    """In a calendar-year plan, December 2024's figure and the year 2024 derived from its
    months both end on 31 December: the year is the in-year figure for 2025."""
    plan = calendar_plan(Target(id="repeats-2025", indicator="repeats", period="2025",
                                rule=AtMost(value=8)))  # fmt: skip
    data = [
        Observation(indicator="repeats", period=m, numerator=n, denominator=100)
        for m, n in zip(CalendarYear(2024).months(), [10] * 11 + [4], strict=True)
    ]

    result = evaluate(plan, data, as_of=date(2025, 1, 31)).target("repeats-2025")

    assert (CalendarYear(2024), 9.5) == (result.period, result.actual)


def test_year_to_year_travel_for_calendar_years():
    """2024 (9.5%) against 2023 (the baseline, 12%): lower is better, IMPROVING."""
    plan = calendar_plan(REPEATS_2024)
    data = [Observation(indicator="repeats", period="2024", value=9.5)]

    result = evaluate(plan, data, as_of=date(2025, 1, 31)).target("repeats-2024")

    assert Travel.IMPROVING is result.direction


# --------------------------------------------------------------------------- properties

counts = st.integers(min_value=0, max_value=500)


def one_flow_plan() -> Plan:
    flow = Indicator(
        id="flow",
        name="referrals",
        unit="count",
        direction=Direction.HIGHER_IS_BETTER,
        measure=Measure.FLOW,
    )
    return _plan(flow, Target(id="t", indicator="flow", period="2023/24", rule=AtLeast(value=40)))


def one_share_plan() -> Plan:
    share = Indicator(
        id="share", name="share", unit="percent", direction=Direction.HIGHER_IS_BETTER
    )
    return _plan(share, Target(id="t", indicator="share", period="2023/24", rule=AtLeast(value=50)))


def _plan(indicator: Indicator, target: Target) -> Plan:
    return Plan(
        id="p",
        title="P",
        start="2023/24",
        end="2024/25",
        indicators=[indicator],
        priorities=[
            Priority(
                id="adults",
                title="Adults",
                partnership=Partnership.ADULTS,
                outcomes=[Outcome(id="o", text="O.", targets=[target])],
            )
        ],
    )


def _judged(plan: Plan, data: list[Observation], as_of: date) -> tuple[object, ...]:
    result = evaluate(plan, data, as_of=as_of).target("t")
    return (result.status, result.rag, result.actual, result.expected)


@given(st.lists(counts, min_size=3, max_size=3), st.integers(0, 3))
def test_a_flows_quarter_from_months_equals_the_quarter_given(monthly, number):
    """ "A quarter can be derived from its three months ... the sum for a flow": judging the
    months is judging their sum given as the quarter."""
    plan = one_flow_plan()
    quarter = FY23.quarters()[number]
    as_of = quarter.end
    months = [Observation(indicator="flow", period=m, value=v)
              for m, v in zip(quarter.months(), monthly, strict=True)]  # fmt: skip
    given_quarter = [Observation(indicator="flow", period=quarter, value=sum(monthly))]

    by_months = _judged(plan, months, as_of)
    by_quarter = _judged(plan, given_quarter, as_of)

    assert by_quarter[:2] == by_months[:2]
    assert by_quarter[2] == by_months[2]


samples = st.tuples(st.integers(1, 60), st.integers(0, 60)).map(lambda t: (min(t), t[0]))


@given(st.lists(samples, min_size=3, max_size=3), st.integers(0, 3))
def test_a_levels_quarter_from_monthly_counts_equals_the_quarter_given(monthly, number):
    """ "Summed numerators over summed denominators": a quarter from its months' counts is
    the same quarter given with the summed counts."""
    plan = one_share_plan()
    quarter = FY23.quarters()[number]
    as_of = quarter.end
    months = [Observation(indicator="share", period=m, numerator=n, denominator=d)
              for m, (n, d) in zip(quarter.months(), monthly, strict=True)]  # fmt: skip
    numerator = sum(n for n, _ in monthly)
    denominator = sum(d for _, d in monthly)
    given_quarter = [Observation(indicator="share", period=quarter, numerator=numerator,
                                 denominator=denominator)]  # fmt: skip

    assert _judged(plan, given_quarter, as_of) == _judged(plan, months, as_of)


@given(st.lists(samples, min_size=12, max_size=12))
def test_a_year_from_twelve_months_equals_the_year_from_four_quarters(monthly):
    """ "A year from its twelve months exactly as a year is derived from its quarters": the
    twelve months judge the year as the four quarters made from them do."""
    plan = one_share_plan()
    as_of = date(2024, 4, 30)
    months = [Observation(indicator="share", period=m, numerator=n, denominator=d)
              for m, (n, d) in zip(FY23.months(), monthly, strict=True)]  # fmt: skip
    quarters = [
        Observation(
            indicator="share",
            period=q,
            numerator=sum(n for n, _ in monthly[3 * i : 3 * i + 3]),
            denominator=sum(d for _, d in monthly[3 * i : 3 * i + 3]),
        )
        for i, q in enumerate(FY23.quarters())
    ]

    assert _judged(plan, quarters, as_of) == _judged(plan, months, as_of)


@pytest.mark.parametrize("key_periods", [
    [*FY23.months(), *FY23.quarters(), FY23, CalendarYear(2023), CalendarYear(2024)],
])  # fmt: skip
def test_every_period_has_its_own_series_key(key_periods):
    """Months, quarters, financial and calendar years never share a key."""
    keys = [key_of(p) for p in key_periods]

    assert len(key_periods) == len(set(keys))


def test_a_quarter_targets_flow_in_year_is_its_months_to_date():
    """A flow's quarterly target in-year: July and August 2023 (4 and 5) make 9 by 31 August,
    against at least 12 x 62/92 pro rata (8.09): ON_TRACK."""
    flow = one_flow_plan().indicators[0]
    plan = _plan(flow, Target(id="t", indicator="flow", period="2023/24 Q2",
                              rule=AtLeast(value=12)))  # fmt: skip
    data = [
        Observation(indicator="flow", period=Month(2023, n), value=v) for n, v in ((7, 4), (8, 5))
    ]

    result = evaluate(plan, data, as_of=date(2023, 9, 5)).target("t")

    assert (9.0, 8.09, Status.ON_TRACK) == (
        result.actual,
        round(result.expected, 2),
        result.status,
    )


def test_a_quarter_targets_flow_without_months_says_no_month_was_recorded():
    """Before any month of a quarterly flow target is recorded, the explanation says so."""
    flow = one_flow_plan().indicators[0]
    plan = _plan(flow, Target(id="t", indicator="flow", period="2023/24 Q2",
                              rule=AtLeast(value=12)))  # fmt: skip

    result = evaluate(plan, [], as_of=date(2023, 7, 5)).target("t")

    assert result.explanation.startswith("No month of 2023/24 Q2 has been recorded yet")
