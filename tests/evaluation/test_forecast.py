"""The forecast: will a target be met by its deadline (the rules page, "Beyond the status").

Worked by hand with the rules page's S42 example, by example for each answer and each
reason no answer can be given, and by property: a perfectly linear series is projected
onto its own line, a flat series already meeting the target is LIKELY_MET, and the
forecast never changes a status or a RAG.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeguarding_plan import (
    AtLeast,
    AtMost,
    Baseline,
    Between,
    Direction,
    Forecast,
    ForecastBasis,
    Indicator,
    Measure,
    Observation,
    Outcome,
    Outlook,
    Partnership,
    Plan,
    Priority,
    Target,
    evaluate,
)
from safeguarding_plan.errors import InvalidValueError
from safeguarding_plan.evaluation import _evaluate
from safeguarding_plan.evaluation._forecast import t_quantile
from safeguarding_plan.periods import FinancialYear, Quarter
from safeguarding_plan.plans import stockport_2023_26

S42 = "s42-non-conversion"


def plan_of(indicator: Indicator, *targets: Target, start: str = "2023/24") -> Plan:
    return Plan(
        id="p",
        title="Forecast plan",
        start=start,
        end="2025/26",
        indicators=[indicator],
        priorities=[
            Priority(
                id="adults",
                title="Adults",
                partnership=Partnership.ADULTS,
                outcomes=[Outcome(id="o", text="Measured.", targets=list(targets))],
            )
        ],
    )


def level(direction: Direction = Direction.HIGHER_IS_BETTER, unit: str = "percent") -> Indicator:
    return Indicator(id="msp", name="adults asked", unit=unit, direction=direction)


def flow() -> Indicator:
    return Indicator(
        id="sar",
        name="SAR referrals",
        unit="count",
        direction=Direction.HIGHER_IS_BETTER,
        measure=Measure.FLOW,
    )


# --------------------------------------------------------------------------- Student's t

# Published values of Student's t (two-sided 80%, 90% and 95% intervals' upper quantiles).
KNOWN = [
    (0.90, 1, 3.077684),
    (0.90, 2, 1.885618),
    (0.90, 3, 1.637744),
    (0.90, 4, 1.533206),
    (0.90, 5, 1.475884),
    (0.90, 6, 1.439756),
    (0.90, 7, 1.414924),
    (0.90, 8, 1.396815),
    (0.90, 9, 1.383029),
    (0.90, 10, 1.372184),
    (0.90, 15, 1.340606),
    (0.90, 20, 1.325341),
    (0.90, 30, 1.310415),
    (0.90, 60, 1.295821),
    (0.90, 120, 1.288646),
    (0.95, 1, 6.313752),
    (0.95, 10, 1.812461),
    (0.975, 1, 12.706205),
    (0.975, 2, 4.302653),
    (0.975, 5, 2.570582),
    (0.975, 30, 2.042272),
    (0.995, 3, 5.840909),
]


@pytest.mark.parametrize(("p", "df", "expected"), KNOWN)
def test_t_quantiles_match_published_tables(p, df, expected):
    assert t_quantile(p, df) == pytest.approx(expected, abs=5e-7)


def test_t_tends_to_the_normal_quantile():
    """With many degrees of freedom t is the normal: z(0.9) = 1.2815515655."""
    assert t_quantile(0.9, 100_000) == pytest.approx(1.2815515655, abs=1e-4)


@given(st.floats(0.501, 0.999), st.integers(1, 200))
def test_t_is_symmetric_and_beats_the_normal(p, df):
    assert t_quantile(1 - p, df) == pytest.approx(-t_quantile(p, df), rel=1e-9, abs=1e-9)
    assert t_quantile(p, df) >= t_quantile(p, df + 1) - 1e-9


@pytest.mark.parametrize(("p", "df"), [(0.0, 3), (1.0, 3), (0.9, 0), (0.9, -1), (0.9, math.inf)])
def test_t_refuses_what_has_no_quantile(p, df):
    with pytest.raises(InvalidValueError):
        t_quantile(p, df)


# --------------------------------------------------------------------------- the worked example


def s42_quarters() -> list[Observation]:
    return [
        Observation(indicator=S42, period=f"2023/24 Q{n}", value=v)
        for n, v in zip((1, 2, 3, 4), (80, 76, 72, 68), strict=True)
    ]


def by_hand() -> tuple[float, float, float]:
    """The rules page's S42 example worked out step by step, without the library."""
    ends = [date(2023, 6, 30), date(2023, 9, 30), date(2023, 12, 31), date(2024, 3, 31)]
    ys = [80.0, 76.0, 72.0, 68.0]
    xs = [(d - ends[0]).days for d in ends]  # 0, 92, 184, 275
    assert xs == [0, 92, 184, 275]
    n = 4
    mean_x, mean_y = sum(xs) / n, sum(ys) / n  # 137.75, 74
    sxx = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
    x0 = (date(2025, 3, 31) - ends[0]).days  # 640
    centre = mean_y + slope * (x0 - mean_x)
    residuals = [y - (mean_y + slope * (x - mean_x)) for x, y in zip(xs, ys, strict=True)]
    s = math.sqrt(sum(r * r for r in residuals) / (n - 2))
    half = 1.885618083 * s * math.sqrt(1 + 1 / n + (x0 - mean_x) ** 2 / sxx)  # t(0.9, 2)
    return centre, centre - half, centre + half


def test_the_s42_example_by_hand():
    """80, 76, 72, 68% in the quarters of 2023/24 -> 52.1% on 31 March 2025, about 52.0-52.2%.

    The page's interval agrees with the exact t interval: 52.006 to 52.178.
    """
    centre, low, high = by_hand()
    assert round(centre, 1) == 52.1
    assert (round(low, 1), round(high, 1)) == (52.0, 52.2)
    report = evaluate(stockport_2023_26(), s42_quarters(), as_of=date(2024, 12, 31))
    forecast = report.target("s42-non-conversion-2024-25").forecast
    assert forecast is not None
    assert forecast.outlook is Outlook.LIKELY_MISSED  # "at most 44%"
    assert forecast.basis is ForecastBasis.TREND
    assert forecast.value == pytest.approx(centre, abs=1e-9)
    assert forecast.interval.low == pytest.approx(low, abs=1e-6)
    assert forecast.interval.high == pytest.approx(high, abs=1e-6)
    assert forecast.on == date(2025, 3, 31)
    assert forecast.granularity == "quarter"
    assert [str(p) for p in forecast.periods] == [f"2023/24 Q{n}" for n in (1, 2, 3, 4)]
    assert forecast.slope == pytest.approx(-15.92, abs=0.01)  # percentage points a year


def test_the_s42_example_in_words():
    report = evaluate(stockport_2023_26(), s42_quarters(), as_of=date(2024, 12, 31))
    text = report.target("s42-non-conversion-2024-25").forecast_explanation
    assert text.startswith("On the trend of the last 4 quarters (2023/24 Q1 to 2023/24 Q4, ")
    assert "falling by 15.92 percentage points a year" in text
    assert "projected to be 52.09% on 31 March 2025" in text
    assert "(80% prediction interval 52.01% to 52.18%)" in text
    assert text.endswith("likely to be missed against the target of at most 44%.")


def test_a_target_whose_period_is_over_has_no_forecast():
    report = evaluate(stockport_2023_26(), s42_quarters(), as_of=date(2024, 12, 31))
    result = report.target("s42-non-conversion-2023-24")
    assert result.forecast is None
    assert result.forecast_explanation == ""


# --------------------------------------------------------------------------- levels


def quarters_from(first: Quarter, values: list[float], ind: str = "msp") -> list[Observation]:
    out, quarter = [], first
    for value in values:
        out.append(Observation(indicator=ind, period=quarter, value=value))
        quarter = quarter.next()
    return out


def msp_plan(rule=None) -> Plan:
    rule = rule or AtLeast(value=80)
    return plan_of(level(), Target(id="t", indicator="msp", period="2024/25", rule=rule))


def forecast_of(plan: Plan, data: list[Observation], as_of: date) -> Forecast:
    forecast = evaluate(plan, data, as_of=as_of).target("t").forecast
    assert forecast is not None
    return forecast


Q1_2023 = Quarter(FinancialYear(2023), 1)


def test_a_wide_interval_is_uncertain():
    data = quarters_from(Q1_2023, [70, 90, 72, 88])
    forecast = forecast_of(msp_plan(), data, date(2024, 4, 30))
    assert forecast.outlook is Outlook.UNCERTAIN
    assert forecast.interval.low < 80 < forecast.interval.high


def test_a_rising_trend_is_likely_met():
    data = quarters_from(Q1_2023, [60, 65, 70, 75])
    forecast = forecast_of(msp_plan(), data, date(2024, 4, 30))
    assert forecast.outlook is Outlook.LIKELY_MET
    assert forecast.interval.low >= 80


def test_a_band_is_met_only_when_the_whole_interval_lies_inside():
    inside = quarters_from(Q1_2023, [8, 8.1, 8.2, 8.3])
    rule = Between(low=7, high=10)
    assert forecast_of(msp_plan(rule), inside, date(2024, 4, 30)).outlook is Outlook.LIKELY_MET
    above = quarters_from(Q1_2023, [12, 13, 14, 15])
    assert forecast_of(msp_plan(rule), above, date(2024, 4, 30)).outlook is Outlook.LIKELY_MISSED


def test_two_values_are_too_few():
    data = quarters_from(Q1_2023, [60, 65])
    forecast = forecast_of(msp_plan(), data, date(2024, 4, 30))
    assert forecast.outlook is Outlook.INSUFFICIENT_DATA
    assert forecast.basis is ForecastBasis.TOO_FEW_VALUES
    assert forecast.found == 2
    assert forecast.value is None
    assert forecast.interval is None
    text = evaluate(msp_plan(), data, as_of=date(2024, 4, 30)).target("t").forecast_explanation
    assert text == (
        "No forecast: a trend needs at least 3 values of adults asked of one kind (quarters, "
        "months or years) in the 3 years before the date judged, and 2 were recorded."
    )


def test_withheld_values_are_not_counted():
    data = [*quarters_from(Q1_2023, [60, 65]), Observation(indicator="msp", period="2023/24 Q3",
                                                           suppressed="c")]
    forecast = forecast_of(msp_plan(), data, date(2024, 4, 30))
    assert forecast.basis is ForecastBasis.TOO_FEW_VALUES


def test_values_of_different_granularities_are_not_mixed():
    """Two quarters and two months are not four values of one kind."""
    data = [
        *quarters_from(Q1_2023, [60, 65]),
        Observation(indicator="msp", period="2023-10", value=70),
        Observation(indicator="msp", period="2023-11", value=71),
    ]
    assert forecast_of(msp_plan(), data, date(2024, 4, 30)).found == 2


def test_quarters_are_preferred_to_months_then_years():
    months = [Observation(indicator="msp", period=f"2023-{m:02d}", value=50 + m) for m in
              range(4, 13)]
    years = [Observation(indicator="msp", period=y, value=v) for y, v in
             (("2020/21", 40), ("2021/22", 45), ("2022/23", 50))]
    quarters = quarters_from(Q1_2023, [60, 65, 70])
    as_of = date(2024, 1, 31)
    assert forecast_of(msp_plan(), [*months, *years, *quarters], as_of).granularity == "quarter"
    assert forecast_of(msp_plan(), [*months, *years], as_of).granularity == "month"
    assert forecast_of(msp_plan(), years, as_of).granularity == "year"


def test_only_the_three_years_before_as_of_count():
    """2020/21 Q4 ended on 31 March 2021, more than 3 years before 30 April 2024."""
    data = [
        Observation(indicator="msp", period="2020/21 Q4", value=10),
        *quarters_from(Q1_2023, [60, 65]),
    ]
    forecast = forecast_of(msp_plan(), data, date(2024, 4, 30))
    assert forecast.basis is ForecastBasis.TOO_FEW_VALUES
    later = [Observation(indicator="msp", period="2021/22 Q1", value=10), *data]
    forecast = forecast_of(msp_plan(), later, date(2024, 4, 30))
    assert forecast.basis is ForecastBasis.TREND
    assert [str(p) for p in forecast.periods] == ["2021/22 Q1", "2023/24 Q1", "2023/24 Q2"]


def test_values_after_as_of_are_not_used():
    data = quarters_from(Q1_2023, [60, 65, 70, 75])
    forecast = forecast_of(msp_plan(), data, date(2023, 12, 31))
    assert [str(p) for p in forecast.periods] == ["2023/24 Q1", "2023/24 Q2", "2023/24 Q3"]


def test_a_percentage_is_projected_within_0_to_100():
    data = quarters_from(Q1_2023, [70, 80, 90, 99])
    forecast = forecast_of(msp_plan(), data, date(2024, 4, 30))
    assert forecast.value == 100.0
    assert forecast.interval.high == 100.0
    falling = quarters_from(Q1_2023, [40, 25, 10, 1])
    forecast = forecast_of(msp_plan(), falling, date(2024, 4, 30))
    assert forecast.value == 0.0
    assert forecast.interval.low == 0.0


def test_no_reference_no_forecast():
    """A change from a baseline nobody has recorded: the target's value is unknown."""
    from safeguarding_plan import Reference, RelativeChange

    ind = attrs.evolve(level(), baseline=Baseline(period="2022/23"))
    plan = plan_of(
        ind,
        Target(id="t", indicator="msp", period="2024/25",
               rule=RelativeChange(percent=10, reference=Reference.BASELINE)),
    )  # fmt: skip
    data = quarters_from(Q1_2023, [60, 65, 70])
    result = evaluate(plan, data, as_of=date(2024, 4, 30)).target("t")
    assert result.forecast.outlook is Outlook.INSUFFICIENT_DATA
    assert result.forecast.basis is ForecastBasis.NO_REFERENCE
    assert result.forecast_explanation == (
        "No forecast: the target's value is not known yet: the baseline for 2022/23 has not "
        "been recorded."
    )


# --------------------------------------------------------------------------- flows


def sar_plan(value: float = 25) -> Plan:
    return plan_of(
        flow(), Target(id="t", indicator="sar", period="2023/24", rule=AtLeast(value=value))
    )


def sar(*values: float | str) -> list[Observation]:
    return [
        Observation(indicator="sar", period=f"2023/24 Q{n}", value=v)
        if not isinstance(v, str)
        else Observation(indicator="sar", period=f"2023/24 Q{n}", suppressed=v)
        for n, v in enumerate(values, start=1)
    ]


def test_a_flow_at_its_run_rate():
    """6 referrals by the end of Q2 (183 of 366 days) run to 12 against at least 25."""
    forecast = forecast_of(sar_plan(), sar(2, 4), date(2023, 10, 15))
    assert forecast.basis is ForecastBasis.RUN_RATE
    assert (forecast.total, forecast.elapsed, forecast.days) == (6.0, 183, 366)
    assert forecast.value == pytest.approx(6 * 366 / 183)
    assert forecast.interval is None
    assert forecast.tolerance == pytest.approx(1.25)  # 5% of 25
    assert forecast.outlook is Outlook.LIKELY_MISSED
    text = evaluate(sar_plan(), sar(2, 4), as_of=date(2023, 10, 15)).target("t")
    assert text.forecast_explanation == (
        "At the run rate of its year-to-date total (6 to the end of 2023/24 Q2, 183 of 366 "
        "days), the year's total of SAR referrals is projected to reach 12 by 31 March 2024: "
        "likely to be missed against the target of at least 25 (by more than the tolerance "
        "of 1.25)."
    )


@pytest.mark.parametrize(
    ("counts", "outlook"),
    [
        ((6, 6), Outlook.UNCERTAIN),  # 24: within 1.25 of 25
        ((7, 6), Outlook.UNCERTAIN),  # 26: within 1.25 of 25, on the met side
        ((8, 7), Outlook.LIKELY_MET),  # 30
        ((5, 5), Outlook.LIKELY_MISSED),  # 20
    ],
)
def test_a_flow_is_uncertain_within_the_tolerance(counts, outlook):
    assert forecast_of(sar_plan(), sar(*counts), date(2023, 10, 15)).outlook is outlook


def test_a_flow_with_nothing_recorded_this_year_cannot_be_projected():
    forecast = forecast_of(sar_plan(), [], date(2023, 10, 15))
    assert forecast.basis is ForecastBasis.NO_YEAR_TO_DATE
    assert forecast.outlook is Outlook.INSUFFICIENT_DATA


def test_a_flow_with_a_withheld_part_cannot_be_projected():
    forecast = forecast_of(sar_plan(), sar(3, "c"), date(2023, 10, 15))
    assert forecast.basis is ForecastBasis.WITHHELD
    assert forecast.value is None


# --------------------------------------------------------------------------- properties

lines = st.tuples(
    st.floats(20, 80, allow_nan=False),  # value on 30 June 2023
    st.floats(-0.02, 0.02, allow_nan=False),  # change per day
    st.integers(3, 8),
)


@given(lines)
def test_a_perfectly_linear_series_is_projected_onto_its_line(line):
    start, per_day, n = line
    first = Q1_2023
    data, quarter = [], first
    for _ in range(n):
        days = (quarter.end - first.end).days
        data.append(Observation(indicator="msp", period=quarter, value=start + per_day * days))
        quarter = quarter.next()
    as_of = quarter.start  # the day after the last value
    plan = plan_of(level(), Target(id="t", indicator="msp", period="2025/26",
                                   rule=AtLeast(value=50)))  # fmt: skip
    forecast = forecast_of(plan, data, as_of)
    expected = start + per_day * (date(2026, 3, 31) - first.end).days
    expected = min(max(expected, 0.0), 100.0)
    assert forecast.value == pytest.approx(expected, abs=1e-6)
    assert forecast.interval.low == pytest.approx(expected, abs=1e-6)
    assert forecast.interval.high == pytest.approx(expected, abs=1e-6)


@given(
    st.floats(0, 100, allow_nan=False),
    st.floats(0, 100, allow_nan=False),
    st.integers(3, 8),
    st.sampled_from(Direction),
)
def test_a_flat_series_already_meeting_the_target_is_likely_met(value, target, n, direction):
    meets = value >= target if direction is Direction.HIGHER_IS_BETTER else value <= target
    if not meets:
        value, target = target, value
    rule = AtLeast(value=target) if direction is Direction.HIGHER_IS_BETTER else AtMost(
        value=target)  # fmt: skip
    plan = plan_of(level(direction), Target(id="t", indicator="msp", period="2024/25", rule=rule))
    data = quarters_from(Q1_2023, [value] * n)
    assert forecast_of(plan, data, date(2025, 3, 30)).outlook is Outlook.LIKELY_MET


_values = st.lists(st.floats(0, 100, allow_nan=False), min_size=0, max_size=9)


@given(_values, st.dates(date(2023, 4, 1), date(2026, 3, 30)), st.sampled_from(Direction))
def test_the_forecast_never_changes_a_status_or_rag(values, as_of, direction):
    """Judging with the forecast switched off gives the same results but for the forecast."""
    plan = plan_of(
        level(direction),
        Target(id="t1", indicator="msp", period="2023/24", rule=AtLeast(value=60)),
        Target(id="t2", indicator="msp", period="2024/25", rule=AtMost(value=50)),
        Target(id="t3", indicator="msp", period="2025/26", rule=Between(low=40, high=60)),
    )
    data = quarters_from(Q1_2023, values)
    with_forecast = evaluate(plan, data, as_of=as_of)

    class Blind(_evaluate.Forecaster):
        def forecast(self, target, goal):  # noqa: ARG002 - blind to both
            return Forecast(outlook=Outlook.INSUFFICIENT_DATA,
                            basis=ForecastBasis.TOO_FEW_VALUES)  # fmt: skip

    original = _evaluate.Forecaster
    _evaluate.Forecaster = Blind  # type: ignore[misc]
    try:
        without = evaluate(plan, data, as_of=as_of)
    finally:
        _evaluate.Forecaster = original  # type: ignore[misc]
    for a, b in zip(with_forecast.targets, without.targets, strict=True):
        assert attrs.evolve(a, forecast=None) == attrs.evolve(b, forecast=None)
        assert a.explanation == b.explanation
        assert (a.forecast is None) == (b.forecast is None) == a.period_over
    assert with_forecast.overall == without.overall


@given(_values, st.dates(date(2023, 4, 1), date(2026, 3, 30)))
def test_every_open_target_has_a_forecast_and_no_closed_one_does(values, as_of):
    plan = plan_of(
        level(),
        Target(id="t1", indicator="msp", period="2023/24", rule=AtLeast(value=60)),
        Target(id="t2", indicator="msp", period="2025/26", rule=AtLeast(value=60)),
    )
    report = evaluate(plan, quarters_from(Q1_2023, values), as_of=as_of)
    for result in report.targets:
        assert (result.forecast is None) == (as_of >= result.target.period.end)
        if result.forecast is not None:
            f = result.forecast
            assert (f.value is None) == (f.outlook is Outlook.INSUFFICIENT_DATA)
            assert result.forecast_explanation
            if f.interval is not None:
                assert 0 <= f.interval.low <= f.value <= f.interval.high <= 100


def test_a_forecast_survives_the_round_trip():
    from safeguarding_plan import Report

    report = evaluate(stockport_2023_26(), s42_quarters(), as_of=date(2024, 12, 31))
    back = Report.from_dict(report.to_dict())
    assert back.targets == report.targets
    assert [t.forecast_explanation for t in back.targets] == [
        t.forecast_explanation for t in report.targets
    ]
    record = next(r for r in report.to_records() if r["id"] == "s42-non-conversion-2024-25")
    assert record["forecast"] == "likely_missed"
    assert round(record["forecast_value"], 1) == 52.1


def test_as_of_on_29_february_looks_back_three_years():
    data = [Observation(indicator="msp", period="2021/22 Q1", value=50),
            *quarters_from(Q1_2023, [60, 65])]  # fmt: skip
    forecast = forecast_of(msp_plan(), data, date(2024, 2, 29))
    assert forecast.basis is ForecastBasis.TREND  # 30 June 2021 is after 28 Feb 2021
    assert date(2024, 2, 29) - timedelta(days=3 * 365) < date(2021, 6, 30)
