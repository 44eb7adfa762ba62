"""Comparators (England, the region, statistical neighbours) and the year-on-year travel.

The rules page: a result lists, for each comparator with a value for the same period as
its actual, the value, the difference (percentage points for percentages) and BETTER /
SIMILAR / WORSE in the indicator's direction: SIMILAR within the tolerance of the
comparator's value, or, when both values carry counts, when their 95% Wilson intervals
overlap. A comparator's value is never the partnership's own, and never changes a status.
"""

from __future__ import annotations

import json
from datetime import date

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeguarding_plan import (
    AtLeast,
    AtMost,
    Benchmark,
    Comparator,
    Direction,
    Indicator,
    Measure,
    Observation,
    ObservationError,
    Outcome,
    Partnership,
    Plan,
    PlanValidationError,
    Priority,
    Report,
    Status,
    Target,
    TolerancePolicy,
    Travel,
    dumps_plan,
    evaluate,
    loads_plan,
)
from safeguarding_plan.observation_files import loads_observations, observations_from_dataframe
from safeguarding_plan.plans import stockport_2023_26

COMPARATORS = (
    Comparator(id="england", label="England"),
    Comparator(id="north-west", label="North West"),
    Comparator(id="statistical-neighbours", label="Statistical neighbours"),
)
S42 = "s42-non-conversion"


def stockport() -> Plan:
    return attrs.evolve(stockport_2023_26(), comparators=COMPARATORS)


def obs(
    period: str, value: float | None = None, comparator: str | None = None, **kw
) -> Observation:
    return Observation(indicator=S42, period=period, value=value, comparator=comparator, **kw)


def plan_of(direction: Direction, rule, measure: Measure = Measure.LEVEL) -> Plan:
    return Plan(
        id="p",
        title="Comparator plan",
        start="2023/24",
        end="2024/25",
        indicators=[Indicator(id="i", name="the measure", unit="percent", direction=direction,
                              measure=measure)],
        priorities=[
            Priority(
                id="adults",
                title="Adults",
                partnership=Partnership.ADULTS,
                outcomes=[Outcome(id="o", text="Measured.", targets=[
                    Target(id="t", indicator="i", period="2023/24", rule=rule)])],
            )
        ],
        comparators=COMPARATORS,
    )  # fmt: skip


# --------------------------------------------------------------------------- by example


def test_stockport_beside_england_the_region_and_its_neighbours():
    """66% against England's 70% (lower is better): 4 percentage points lower, better."""
    data = [
        obs("2023/24", 66),
        obs("2023/24", 70, "england"),
        obs("2023/24", 67, "north-west"),  # within 5% of 67 = 3.35: similar
        obs("2023/24", 58, "statistical-neighbours"),
    ]
    result = evaluate(stockport(), data, as_of=date(2024, 6, 30)).target(
        "s42-non-conversion-2023-24"
    )
    assert result.actual == 66.0
    assert [(c.comparator, c.value, c.difference, c.benchmark) for c in result.comparators] == [
        ("england", 70.0, -4.0, Benchmark.BETTER),
        ("north-west", 67.0, -1.0, Benchmark.SIMILAR),
        ("statistical-neighbours", 58.0, 8.0, Benchmark.WORSE),
    ]
    assert result.comparators[1].tolerance == pytest.approx(3.35)
    assert result.comparators_explanation == (
        "For 2023/24, 66% compared with England at 70% (4 percentage points lower, better); "
        "North West at 67% (1 percentage point lower, similar (within the tolerance of 3.35 "
        "percentage points)); Statistical neighbours at 58% (8 percentage points higher, "
        "worse)."
    )


def test_only_a_value_for_the_actuals_own_period_is_listed():
    """In-year the actual is 2023/24 Q2: England's 2023/24 Q1 and 2023/24 are not beside it."""
    data = [
        obs("2023/24 Q2", 75),
        obs("2023/24 Q1", 70, "england"),
        obs("2023/24 Q2", 72, "north-west"),
    ]
    result = evaluate(stockport(), data, as_of=date(2023, 10, 31)).target(
        "s42-non-conversion-2023-24"
    )
    assert [c.comparator for c in result.comparators] == ["north-west"]
    assert str(result.comparators[0].period) == "2023/24 Q2"


def test_a_withheld_comparator_value_is_not_listed():
    data = [obs("2023/24", 66), obs("2023/24", comparator="england", suppressed="c")]
    result = evaluate(stockport(), data, as_of=date(2024, 6, 30)).target(
        "s42-non-conversion-2023-24"
    )
    assert result.comparators == ()
    assert result.comparators_explanation == ""


def test_overlapping_wilson_intervals_are_similar():
    """11 of 16 (68.75%, about 44-86%) beside 600 of 1000 (60%): the intervals overlap."""
    plan = plan_of(Direction.HIGHER_IS_BETTER, AtLeast(value=70))
    data = [
        Observation(indicator="i", period="2023/24", numerator=11, denominator=16),
        Observation(indicator="i", period="2023/24", numerator=600, denominator=1000,
                    comparator="england"),
        Observation(indicator="i", period="2023/24", numerator=300, denominator=1000,
                    comparator="north-west"),
    ]  # fmt: skip
    result = evaluate(plan, data, as_of=date(2024, 6, 30)).target("t")
    england, north_west = result.comparators
    assert england.by_intervals
    assert england.benchmark is Benchmark.SIMILAR
    assert england.tolerance is None
    assert england.interval.low == pytest.approx(56.9, abs=0.1)
    assert north_west.by_intervals
    assert north_west.benchmark is Benchmark.BETTER  # 30% is below 44%
    assert "the 95% intervals overlap" in result.comparators_explanation
    assert "the 95% intervals do not overlap" in result.comparators_explanation


def test_counts_on_one_side_only_fall_back_to_the_tolerance():
    plan = plan_of(Direction.HIGHER_IS_BETTER, AtLeast(value=70))
    data = [
        Observation(indicator="i", period="2023/24", numerator=11, denominator=16),
        Observation(indicator="i", period="2023/24", value=60, comparator="england"),
    ]
    (england,) = evaluate(plan, data, as_of=date(2024, 6, 30)).target("t").comparators
    assert not england.by_intervals
    assert england.tolerance == pytest.approx(3.0)  # 5% of 60
    assert england.benchmark is Benchmark.BETTER  # 68.75 is 8.75 above 60


def test_a_comparators_value_is_never_the_partnerships():
    """England's values alone leave every target without data."""
    data = [obs(f"2023/24 Q{n}", 70, "england") for n in (1, 2, 3, 4)]
    data.append(obs("2023/24", 70, "england"))
    report = evaluate(stockport(), data, as_of=date(2024, 12, 31))
    for result in report.targets:
        if result.indicator.id == S42:
            assert result.actual is None
            assert result.status in (Status.NO_DATA, Status.NO_BASELINE)
            assert result.comparators == ()
            if result.forecast is not None:
                assert result.forecast.value is None  # England's trend is not ours


def test_a_year_is_not_derived_from_a_comparators_quarters_into_the_partnerships():
    ours = [obs(f"2023/24 Q{n}", 60) for n in (1, 2, 3)]
    theirs = [obs("2023/24 Q4", 70, "england")]
    result = evaluate(stockport(), [*ours, *theirs], as_of=date(2024, 6, 30)).target(
        "s42-non-conversion-2023-24"
    )
    assert result.status is Status.NO_DATA  # our Q4 is missing: no year, no value


def test_an_undeclared_comparator_is_a_located_error():
    data = [obs("2023/24", 66), obs("2023/24", 70, "englnd")]
    with pytest.raises(ObservationError) as info:
        evaluate(stockport(), data, as_of=date(2024, 6, 30))
    (problem,) = info.value.problems
    assert problem.location == "observations[1].comparator"
    assert "did you mean 'england'?" in problem.message
    assert problem.value == "englnd"


def test_one_value_per_indicator_comparator_and_period():
    data = [obs("2023/24", 66), obs("2023/24", 70, "england"), obs("2023/24", 71, "england")]
    with pytest.raises(ObservationError) as info:
        evaluate(stockport(), data, as_of=date(2024, 6, 30))
    (problem,) = info.value.problems
    assert problem.location == "observations[2].period"
    assert "comparator england" in problem.message


def test_the_partnership_and_england_may_share_a_period():
    data = [obs("2023/24", 66), obs("2023/24", 66, "england")]
    (england,) = evaluate(stockport(), data, as_of=date(2024, 6, 30)).target(
        "s42-non-conversion-2023-24"
    ).comparators
    assert england.difference == 0.0
    assert england.benchmark is Benchmark.SIMILAR


def test_a_flows_year_to_date_total_is_not_compared():
    plan = plan_of(Direction.HIGHER_IS_BETTER, AtLeast(value=25), Measure.FLOW)
    plan = attrs.evolve(plan, indicators=[attrs.evolve(plan.indicators[0], unit="count")])
    data = [Observation(indicator="i", period="2023/24 Q1", value=6),
            Observation(indicator="i", period="2023/24 Q1", value=600, comparator="england")]
    result = evaluate(plan, data, as_of=date(2023, 7, 31)).target("t")  # fmt: skip
    assert result.comparators == ()


# --------------------------------------------------------------------------- files


CSV = """indicator,period,value,comparator
s42-non-conversion,2023/24,66,
s42-non-conversion,2023/24,70,england
s42-non-conversion,2023/24,67,north-west
"""


def test_a_comparator_column_in_csv_json_and_dataframes():
    plan = stockport()
    from_csv = loads_observations(CSV, plan)
    assert [o.comparator for o in from_csv] == [None, "england", "north-west"]
    rows = [
        {"indicator": S42, "period": "2023/24", "value": 66},
        {"indicator": S42, "period": "2023/24", "value": 70, "comparator": "england"},
        {"indicator": S42, "period": "2023/24", "value": 67, "comparator": "north-west"},
    ]
    from_json = loads_observations(json.dumps({"observations": rows}), plan, format="json")
    assert from_json == from_csv
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame(
        {"indicator": [S42] * 3, "period": ["2023/24"] * 3, "value": [66, 70, 67],
         "comparator": [None, "england", "north-west"]}
    )  # fmt: skip
    assert observations_from_dataframe(frame, plan) == from_csv


def test_an_undeclared_comparator_in_a_file_is_located():
    text = CSV.replace("north-west", "north-wst")
    with pytest.raises(ObservationError) as info:
        loads_observations(text, stockport(), name="q.csv")
    (problem,) = info.value.problems
    assert problem.location == "q.csv, line 4, column comparator"
    assert "did you mean 'north-west'?" in problem.message


def test_a_file_may_not_give_a_comparator_twice_for_a_period():
    text = CSV + "s42-non-conversion,2023/24,71,england\n"
    with pytest.raises(ObservationError) as info:
        loads_observations(text, stockport(), name="q.csv")
    (problem,) = info.value.problems
    assert "for the comparator england" in problem.message


# --------------------------------------------------------------------------- the plan


@pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
def test_comparators_round_trip_through_plan_files(fmt):
    plan = stockport()
    back = loads_plan(dumps_plan(plan, format=fmt), format=fmt)
    assert back.comparators == COMPARATORS
    assert back == plan


def test_a_comparator_id_is_declared_once():
    with pytest.raises(PlanValidationError) as info:
        attrs.evolve(stockport_2023_26(), comparators=[*COMPARATORS, COMPARATORS[0]])
    (problem,) = info.value.problems
    assert problem.location == "comparators[3].id"
    assert "already used at comparators[0]" in problem.message


def test_a_plan_file_with_a_bad_comparator_is_located():
    from safeguarding_plan import PlanFileError

    text = "id: p\ntitle: P\nstart: 2023/24\nend: 2023/24\ncomparators:\n  - {id: england}\n"
    with pytest.raises(PlanFileError) as info:
        loads_plan(text)
    assert any("comparators[0]" in p.location for p in info.value.problems)


def test_comparisons_round_trip_through_report_data():
    data = [obs("2023/24", 66), obs("2023/24", 70, "england")]
    report = evaluate(stockport(), data, as_of=date(2024, 6, 30))
    back = Report.from_dict(json.loads(report.to_json()))
    assert back.targets == report.targets
    assert back.observations == report.observations


# --------------------------------------------------------------------------- properties

percents = st.floats(0, 100, allow_nan=False)


SWAPPED = {
    Benchmark.BETTER: Benchmark.WORSE,
    Benchmark.WORSE: Benchmark.BETTER,
    Benchmark.SIMILAR: Benchmark.SIMILAR,
}


def _other(direction: Direction) -> Direction:
    if direction is Direction.HIGHER_IS_BETTER:
        return Direction.LOWER_IS_BETTER
    return Direction.HIGHER_IS_BETTER


def _benchmark(d: Direction, ours: dict, theirs: dict, policy=None) -> Benchmark:
    rule = AtLeast(value=50) if d is Direction.HIGHER_IS_BETTER else AtMost(value=50)
    data = [Observation(indicator="i", period="2023/24", **ours),
            Observation(indicator="i", period="2023/24", comparator="england", **theirs)]
    report = evaluate(plan_of(d, rule), data, as_of=date(2024, 6, 30), policy=policy)
    (c,) = report.target("t").comparators  # fmt: skip
    return c.benchmark


published = st.integers(0, 10_000).map(lambda k: k / 100)
"""Percentages as published, to two decimal places (0.00 to 100.00)."""
allowances = st.integers(0, 2_000).map(lambda k: k / 100)


@given(percents, percents, st.sampled_from(Direction), st.floats(0, 20))
def test_swapping_the_direction_swaps_better_and_worse(ours, theirs, direction, tolerance):
    """Any values: only the direction changes, so no arithmetic stands in the way."""
    policy = TolerancePolicy(absolute=tolerance)
    before = _benchmark(direction, {"value": ours}, {"value": theirs}, policy)
    swapped = _benchmark(_other(direction), {"value": ours}, {"value": theirs}, policy)
    assert swapped is SWAPPED[before]


@given(published, published, st.sampled_from(Direction), allowances)
def test_swapping_the_direction_or_mirroring_the_values_swaps_better_and_worse(
    ours, theirs, direction, tolerance
):
    """Swap the direction: BETTER <-> WORSE. Mirror both values (v -> 100 - v) in the same
    direction: BETTER <-> WORSE. Do both: nothing changes (the two swaps cancel).

    Values and tolerance to two decimals, as published: ``100 - v`` is not exact in
    floating point, so values a hair apart (0 and 0.0000000596) are SIMILAR once
    mirrored (99.99999994 and 100 are equal to nine significant figures, the engine's
    rule for equal figures) but not before. Found by the thorough Hypothesis profile."""
    policy = TolerancePolicy(absolute=tolerance)  # the same allowance for mirrored values
    before = _benchmark(direction, {"value": ours}, {"value": theirs}, policy)
    swapped = _benchmark(_other(direction), {"value": ours}, {"value": theirs}, policy)
    mirrored = _benchmark(direction, {"value": 100 - ours}, {"value": 100 - theirs}, policy)
    both = _benchmark(_other(direction), {"value": 100 - ours}, {"value": 100 - theirs}, policy)
    assert swapped is SWAPPED[before]
    assert mirrored is SWAPPED[before]
    assert both is before


counts = st.integers(1, 200).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n)))


@given(counts, counts, st.sampled_from(Direction))
def test_swapping_the_direction_or_mirroring_counts_swaps_better_and_worse(
    ours, theirs, direction
):
    """Counts mirrored (k of n -> n - k of n): the Wilson intervals mirror too."""

    def of(k: int, n: int) -> dict:
        return {"numerator": k, "denominator": n}

    before = _benchmark(direction, of(*ours), of(*theirs))
    swapped = _benchmark(_other(direction), of(*ours), of(*theirs))
    mirrored = _benchmark(
        direction, of(ours[1] - ours[0], ours[1]), of(theirs[1] - theirs[0], theirs[1])
    )
    assert swapped is SWAPPED[before]
    assert mirrored is SWAPPED[before]


_series = st.lists(st.one_of(st.none(), percents), min_size=0, max_size=8)


@given(_series, _series, st.dates(date(2023, 4, 1), date(2025, 6, 30)))
def test_comparators_never_change_a_status(ours, theirs, as_of):
    """The same results, comparators aside, with and without England's values."""
    quarters = [f"2023/24 Q{n}" for n in (1, 2, 3, 4)] + [f"2024/25 Q{n}" for n in (1, 2, 3, 4)]
    mine = [obs(q, v) for q, v in zip(quarters, ours, strict=False) if v is not None]
    england = [
        obs(q, v, "england") for q, v in zip(quarters, theirs, strict=False) if v is not None
    ]
    plan = stockport()
    alone = evaluate(plan, mine, as_of=as_of)
    beside = evaluate(plan, [*england, *mine], as_of=as_of)
    for a, b in zip(alone.targets, beside.targets, strict=True):
        assert attrs.evolve(b, comparators=()) == a
        assert a.explanation == b.explanation
    assert alone.overall == beside.overall
    assert alone.priorities == beside.priorities


# --------------------------------------------------------------------------- travel


def test_year_on_year_compares_the_same_quarter_a_year_earlier():
    """2024/25 Q2 (60%) against 2024/25 Q1 (55%): worse short-term; against 2023/24 Q2
    (70%): better year on year (lower is better)."""
    data = [obs("2023/24 Q2", 70), obs("2024/25 Q1", 55), obs("2024/25 Q2", 60)]
    result = evaluate(stockport(), data, as_of=date(2024, 10, 31)).target(
        "s42-non-conversion-2024-25"
    )
    assert str(result.period) == "2024/25 Q2"
    assert result.direction is Travel.WORSENING
    assert result.travel_year_on_year is Travel.IMPROVING


def test_year_on_year_for_years_and_months():
    data = [obs("2022/23", 80), obs("2023/24", 66)]
    result = evaluate(stockport(), data, as_of=date(2024, 6, 30)).target(
        "s42-non-conversion-2023-24"
    )
    # 2022/23 is the baseline period: the plan's baseline (84%) is its actual
    assert (result.direction, result.travel_year_on_year) == (Travel.IMPROVING,) * 2
    months = [obs("2023-05", 70), obs("2024-04", 60), obs("2024-05", 72)]
    result = evaluate(stockport(), months, as_of=date(2024, 6, 15)).target(
        "s42-non-conversion-2024-25"
    )
    assert str(result.period) == "May 2024"
    assert result.direction is Travel.WORSENING  # against April 2024
    assert result.travel_year_on_year is Travel.WORSENING  # against May 2023
    data = [obs("2024-04", 60), obs("2024-05", 60)]
    result = evaluate(stockport(), data, as_of=date(2024, 6, 15)).target(
        "s42-non-conversion-2024-25"
    )
    assert (result.direction, result.travel_year_on_year) == (Travel.NO_CHANGE, Travel.UNKNOWN)


def test_year_on_year_round_trips_and_reads_old_data_as_unknown():
    data = [obs("2023/24 Q2", 70), obs("2024/25 Q2", 60)]
    report = evaluate(stockport(), data, as_of=date(2024, 10, 31))
    as_data = report.to_dict()
    assert as_data["targets"][-0]["travel_year_on_year"] in {t.value for t in Travel}
    assert Report.from_dict(as_data).targets == report.targets
    for target in as_data["targets"]:
        for key in ("travel_year_on_year", "forecast", "comparators"):
            del target[key]
    old = Report.from_dict(as_data)
    assert all(t.travel_year_on_year is Travel.UNKNOWN for t in old.targets)
    assert all(t.forecast is None and t.comparators == () for t in old.targets)


def test_a_comparators_value_after_the_plan_is_ignored_with_a_warning():
    data = [obs("2026/27", 60, "england")]
    report = evaluate(stockport(), data, as_of=date(2024, 6, 30))
    (problem,) = [p for p in report.problems if p.location == "observations[0]"]
    assert problem.severity.value == "warning"
    assert "for the comparator england is after the plan's last year" in problem.message
