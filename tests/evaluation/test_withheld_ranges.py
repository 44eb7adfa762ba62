"""Withheld values with a declared range: judged at both ends (evaluation rules, "Suppressed
values"). Examples use the plan's own numbers; properties protect the rule itself."""

from __future__ import annotations

import datetime as dt
import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeguarding_plan import (
    RAG,
    AtLeast,
    AtMost,
    Between,
    Direction,
    Indicator,
    InvalidValueError,
    Measure,
    Observation,
    Outcome,
    Partnership,
    Plan,
    Priority,
    Report,
    Status,
    Target,
    WithheldRange,
    evaluate,
)
from safeguarding_plan.evaluation import Interval, ReasonKind
from safeguarding_plan.plans import stockport_2023_26

PLAN = stockport_2023_26()
AFTER_2023_24 = dt.date(2024, 6, 30)


def sar(period: str, value: float | None = None, **kw: object) -> Observation:
    return Observation(indicator="sar-referrals", period=period, value=value, **kw)  # type: ignore[arg-type]


def sar_year(q3: Observation) -> list[Observation]:
    """SAR referrals: 8 in 2022/23, so at least 10 in 2023/24 (+25%); Q1-Q4 2, 3, ?, 4."""
    return [sar("2022/23", 8), sar("2023/24 Q1", 2), sar("2023/24 Q2", 3), q3, sar("2023/24 Q4", 4)]


class TestWithheldRange:
    def test_named_conventions_and_a_custom_range(self):
        assert (1, 5, "dfe") == attrs.astuple(WithheldRange.parse("DfE"))
        assert (0, 4, "nhs") == attrs.astuple(WithheldRange.parse(" nhs "))
        assert (1, 9, None) == attrs.astuple(WithheldRange.parse("1 - 9"))
        assert "1-9" == str(WithheldRange.parse("1-9"))

    @pytest.mark.parametrize("spec", ["", "abc", "5-1", "1-", "-5", "1.5-3", "1-5-7", "\uff11-5"])
    def test_anything_else_is_refused_saying_what_is_accepted(self, spec):
        with pytest.raises(InvalidValueError, match="withheld"):
            WithheldRange.parse(spec)

    def test_a_range_goes_only_with_a_marker(self):
        with pytest.raises(InvalidValueError, match="suppression marker"):
            sar("2023/24 Q3", 3, withheld="dfe")

    def test_a_withheld_numerator_may_carry_its_denominator_but_not_a_numerator(self):
        Observation(indicator="msp-asked", period="2023/24", suppressed="c", denominator=16)
        with pytest.raises(InvalidValueError, match="numerator"):
            Observation(indicator="msp-asked", period="2023/24", suppressed="c", numerator=3)


class TestJudgedAtBothEnds:
    def test_a_rate_whose_numerator_is_withheld_meets_at_both_ends(self):
        """Rapid reviews citing information sharing: c of 13 (DfE: 1-5) is 7.69%-38.46%,
        at most 40% at both ends: MET, resting on a withheld value, with no point figure."""
        obs = Observation(
            indicator="rapid-reviews-information-sharing", period="2023/24", suppressed="c",
            denominator=13, withheld="dfe",
        )  # fmt: skip
        result = evaluate(PLAN, [obs], as_of=AFTER_2023_24).target(
            "rapid-reviews-information-sharing-2023-24"
        )
        assert (Status.MET, RAG.GREEN) == (result.status, result.rag)
        assert result.rests_on_withheld
        assert Interval(low=7.6923076923, high=38.4615384615) == result.actual_range
        assert (None, None, None) == (result.actual, result.gap, result.progress)
        assert ReasonKind.WITHHELD_RANGE is result.reason.kind
        assert "7.69% to 38.46%" in result.explanation
        assert "rests on a withheld value" in result.explanation

    def test_a_derived_year_with_a_withheld_quarter_is_an_interval(self):
        """2 + 3 + [1, 5] + 4 = 10 to 14 against at least 10: MET at both ends."""
        report = evaluate(PLAN, sar_year(sar("2023/24 Q3", suppressed="c", withheld="dfe")),
                          as_of=AFTER_2023_24)  # fmt: skip
        result = report.target("sar-referrals-2023-24")
        assert Status.MET is result.status
        assert Interval(low=10.0, high=14.0) == result.actual_range
        assert result.reason.from_parts
        assert "for 2023/24, made from its quarters, includes a withheld value" in (
            result.explanation
        )

    def test_a_range_that_straddles_the_target_is_suppressed(self):
        """NHS Digital's '*' (0-4): 9 to 13 against at least 10: SUPPRESSED, range kept."""
        report = evaluate(PLAN, sar_year(sar("2023/24 Q3", suppressed="*", withheld="nhs")),
                          as_of=AFTER_2023_24)  # fmt: skip
        result = report.target("sar-referrals-2023-24")
        assert (Status.SUPPRESSED, RAG.GREY) == (result.status, result.rag)
        assert Interval(low=9.0, high=13.0) == result.actual_range
        assert not result.rests_on_withheld
        assert "straddles" in result.explanation

    def test_without_a_declared_range_it_is_suppressed_as_before(self):
        report = evaluate(PLAN, sar_year(sar("2023/24 Q3", suppressed="c")), as_of=AFTER_2023_24)
        result = report.target("sar-referrals-2023-24")
        assert Status.SUPPRESSED is result.status
        assert result.actual_range is None

    def test_the_plan_may_name_the_convention(self):
        plan = attrs.evolve(PLAN, withheld="dfe")
        result = evaluate(plan, sar_year(sar("2023/24 Q3", suppressed="c")),
                          as_of=AFTER_2023_24).target("sar-referrals-2023-24")  # fmt: skip
        assert (Status.MET, "dfe") == (result.status, result.withheld.convention)

    def test_an_observations_own_range_comes_before_the_plans(self):
        plan = attrs.evolve(PLAN, withheld="dfe")
        result = evaluate(plan, sar_year(sar("2023/24 Q3", suppressed="*", withheld="nhs")),
                          as_of=AFTER_2023_24).target("sar-referrals-2023-24")  # fmt: skip
        assert Status.SUPPRESSED is result.status

    def test_a_range_does_not_apply_to_a_percentage_without_counts(self):
        obs = Observation(indicator="s42-non-conversion", period="2023/24", suppressed="c",
                          withheld="dfe")  # fmt: skip
        result = evaluate(PLAN, [obs], as_of=AFTER_2023_24).target("s42-non-conversion-2023-24")
        assert (Status.SUPPRESSED, None) == (result.status, result.actual_range)

    def test_in_year_a_flow_total_with_a_withheld_quarter_is_an_interval(self):
        """By the end of Q3: 2 + 3 + [1, 5] = 6 to 10 against 10 x 275/366 = 7.51 pro rata."""
        report = evaluate(PLAN, sar_year(sar("2023/24 Q3", suppressed="c", withheld="dfe")),
                          as_of=dt.date(2024, 1, 31))  # fmt: skip
        result = report.target("sar-referrals-2023-24")
        assert Status.SUPPRESSED is result.status
        assert Interval(low=6.0, high=10.0) == result.actual_range
        assert "year-to-date total" in result.explanation

    def test_a_band_straddled_from_both_sides_is_suppressed(self):
        """Repeat referrals must stay within 7%-10%: c of 40 (1-5) is 2.5%-12.5%, which
        misses at both ends but meets inside: SUPPRESSED, never NOT_MET."""
        obs = Observation(indicator="maars-repeat-referrals", period="2023/24", suppressed="c",
                          denominator=40, withheld="dfe")  # fmt: skip
        result = evaluate(PLAN, [obs], as_of=AFTER_2023_24).target("maars-repeat-referrals-2023-24")
        assert Status.SUPPRESSED is result.status

    def test_a_miss_at_both_ends_takes_the_worse_rag(self):
        """At most 40% (tolerance 2 percentage points): a custom range 5-6 of 12 is 41.67%
        (a miss within the tolerance) to 50% (beyond it): NOT_MET at both ends, RED."""
        obs = Observation(indicator="rapid-reviews-information-sharing", period="2023/24",
                          suppressed="c", denominator=12, withheld="5-6")  # fmt: skip
        result = evaluate(PLAN, [obs], as_of=AFTER_2023_24).target(
            "rapid-reviews-information-sharing-2023-24"
        )
        assert (Status.NOT_MET, RAG.RED) == (result.status, result.rag)
        assert result.rests_on_withheld

    def test_a_level_year_from_quarters_sums_numerator_intervals(self):
        """MSP asked: 45/60, 52/66, c/64 (1-5), 55/64 -> 153-157 of 254, 60.2%-61.8%,
        against at least 80%: NOT_MET at both ends."""
        obs = [
            Observation(indicator="msp-asked", period="2023/24 Q1", numerator=45, denominator=60),
            Observation(indicator="msp-asked", period="2023/24 Q2", numerator=52, denominator=66),
            Observation(indicator="msp-asked", period="2023/24 Q3", suppressed="c",
                        denominator=64, withheld="dfe"),
            Observation(indicator="msp-asked", period="2023/24 Q4", numerator=55, denominator=64),
        ]  # fmt: skip
        result = evaluate(PLAN, obs, as_of=AFTER_2023_24).target("msp-asked-2023-24")
        assert Status.NOT_MET is result.status
        assert result.actual_range == Interval(low=round(153 / 254 * 100, 10),
                                               high=round(157 / 254 * 100, 10))  # fmt: skip

    def test_in_year_a_straddling_latest_value_is_passed_over_for_an_exact_one(self):
        obs = [
            Observation(indicator="rapid-reviews-information-sharing", period="2023/24 Q1",
                        numerator=3, denominator=10),
            Observation(indicator="rapid-reviews-information-sharing", period="2023/24 Q2",
                        suppressed="c", denominator=5, withheld="dfe"),
        ]  # fmt: skip
        result = evaluate(PLAN, obs, as_of=dt.date(2023, 10, 31)).target(
            "rapid-reviews-information-sharing-2023-24"
        )
        assert str(result.period) == "2023/24 Q1"
        assert str(result.reason.passed_over) == "2023/24 Q2"
        assert result.actual == 30.0

    def test_results_round_trip_with_their_range(self):
        report = evaluate(PLAN, sar_year(sar("2023/24 Q3", suppressed="c", withheld="dfe")),
                          as_of=AFTER_2023_24)  # fmt: skip
        again = Report.from_dict(json.loads(report.to_json()))
        assert again == report
        assert again.target("sar-referrals-2023-24").actual_range == Interval(low=10, high=14)


# --------------------------------------------------------------------------- properties


def _count_plan(rule: AtLeast | AtMost | Between) -> Plan:
    indicator = Indicator(id="n", name="cases", unit="count", measure=Measure.LEVEL,
                          direction=Direction.LOWER_IS_BETTER)  # fmt: skip
    target = Target(id="n-2024-25", indicator="n", period="2024/25", rule=rule)
    priority = Priority(id="p", title="P", partnership=Partnership.ADULTS,
                        outcomes=[Outcome(id="o", text="O", targets=[target])])  # fmt: skip
    return Plan(id="x", title="X", start="2024/25", end="2024/25", indicators=[indicator],
                priorities=[priority])  # fmt: skip


@st.composite
def _count_rules(draw: st.DrawFn) -> AtLeast | AtMost | Between:
    kind = draw(st.sampled_from(["at_least", "at_most", "between"]))
    if kind == "between":
        low = draw(st.integers(0, 12))
        return Between(low=low, high=low + draw(st.integers(1, 6)))
    value = draw(st.integers(0, 15))
    return AtLeast(value=value) if kind == "at_least" else AtMost(value=value)


def _status(plan: Plan, observation: Observation, as_of: dt.date) -> Status:
    return evaluate(plan, [observation], as_of=as_of).target("n-2024-25").status


@given(
    rule=_count_rules(),
    low=st.integers(0, 15),
    width=st.integers(0, 6),
    period=st.sampled_from(["2024/25", "2024/25 Q2"]),
)
def test_a_range_gives_the_status_every_point_in_it_shares_else_suppressed(
    rule, low, width, period
):
    """A range wholly meeting (or wholly missing) a target gives the same status as any
    point in it; a range whose points disagree (it straddles the target) is SUPPRESSED."""
    plan = _count_plan(rule)
    as_of = dt.date(2025, 6, 30) if period == "2024/25" else dt.date(2024, 10, 31)
    high = low + width
    ranged = Observation(indicator="n", period=period, suppressed="c", withheld=f"{low}-{high}")
    got = _status(plan, ranged, as_of)
    points = {
        _status(plan, Observation(indicator="n", period=period, value=v), as_of)
        for v in range(low, high + 1)
    }
    if len(points) == 1:
        assert points == {got}
    else:
        assert Status.SUPPRESSED is got


@pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
@pytest.mark.parametrize("spec", ["dfe", "nhs", "1-9"])
def test_a_plans_withheld_convention_round_trips_through_plan_files(fmt, spec):
    from safeguarding_plan import dumps_plan, loads_plan

    plan = attrs.evolve(PLAN, withheld=spec)
    assert loads_plan(dumps_plan(plan, format=fmt), format=fmt) == plan


def test_a_plan_file_with_an_unknown_convention_is_refused_at_the_field():
    from safeguarding_plan import PlanFileError, loads_plan

    with pytest.raises(PlanFileError, match="withheld: expected 'dfe'"):
        loads_plan("id: x\ntitle: A plan\nstart: 2023/24\nend: 2024/25\nwithheld: lots\n")
