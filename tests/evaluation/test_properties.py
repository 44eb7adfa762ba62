"""Properties of judging, each protecting a rule of the evaluation rules page.

Generated with the public strategies in :mod:`safeguarding_plan.strategies`.
"""

from __future__ import annotations

import itertools
import re
from datetime import date

import attrs
from hypothesis import assume, given
from hypothesis import strategies as st

from safeguarding_plan import (
    RAG,
    AbsoluteChange,
    AtLeast,
    AtMost,
    Between,
    Direction,
    FinancialYear,
    Improve,
    Indicator,
    Measure,
    Observation,
    Outcome,
    Partnership,
    Plan,
    Priority,
    Reference,
    RelativeChange,
    Rule,
    Status,
    Target,
    TolerancePolicy,
    evaluate,
    quantity,
)
from safeguarding_plan.strategies import (
    indicators,
    observations,
    observations_for,
    plans,
    rules,
    targets,
    values,
)

YEARS = (FinancialYear(2023), FinancialYear(2024))
BASELINE_YEAR = FinancialYear(2022)
as_of_dates = st.dates(min_value=date(2023, 4, 1), max_value=date(2025, 9, 30))
tolerances = st.builds(
    TolerancePolicy,
    relative=st.floats(0, 2),
    absolute=st.none() | st.floats(0, 1000),
)
# Quarters and months of the plan's years: a figure of any granularity is judged.
PARTS = [p for y in YEARS for p in (*y.quarters(), *y.months())]
SINGLE_SIDED = (AtLeast, AtMost, RelativeChange, AbsoluteChange, Improve)


def one_indicator_plan(indicator: Indicator, plan_targets: list[Target]) -> Plan:
    return Plan(
        id="p",
        title="Property plan",
        start="2023/24",
        end="2024/25",
        indicators=[indicator],
        priorities=[
            Priority(
                id="adults",
                title="Adults",
                partnership=Partnership.ADULTS,
                outcomes=[Outcome(id="o", text="Measured.", targets=plan_targets)],
            )
        ],
    )


@st.composite
def cases(
    draw,
    *,
    unit: str = "count",
    kinds=(AtLeast, AtMost, Between, *SINGLE_SIDED[2:]),
    references=(Reference.BASELINE, Reference.PREVIOUS),
):
    """An indicator with a known baseline, targets for 2023/24 and 2024/25, and data."""
    indicator = draw(
        indicators(
            id="ind",
            unit=unit,
            baseline=True,
            baseline_known=True,
            baseline_period=BASELINE_YEAR,
        )
    )
    plan_targets = [
        draw(
            targets(
                indicator,
                id=f"t-{year.start_year}",
                period=year,
                rule=rules(unit=unit, kinds=kinds, references=references),
            )
        )
        for year in YEARS
    ]
    periods = [BASELINE_YEAR, *YEARS, *PARTS]
    chosen = draw(st.lists(st.sampled_from(periods), unique=True, min_size=1))
    data = [
        draw(observations_for(indicator, period=p, suppressed=False, counts=False)) for p in chosen
    ]
    return indicator, plan_targets, data


# --------------------------------------------------------------------------- mirror symmetry


def mirror_rule(rule: Rule) -> Rule:
    if isinstance(rule, AtLeast):
        return AtMost(value=-rule.value)
    if isinstance(rule, AtMost):
        return AtLeast(value=-rule.value)
    if isinstance(rule, Between):
        return Between(low=-rule.high, high=-rule.low)
    if isinstance(rule, AbsoluteChange):
        return AbsoluteChange(amount=-rule.amount, reference=rule.reference)
    return rule  # a relative change or an improvement means the same of negated values


def mirror(indicator: Indicator, plan_targets: list[Target], data: list[Observation]):
    assert indicator.baseline is not None
    assert indicator.baseline.value is not None
    flipped = attrs.evolve(
        indicator,
        direction=indicator.direction.flipped(),
        baseline=attrs.evolve(indicator.baseline, value=-indicator.baseline.value),
    )
    return (
        flipped,
        [attrs.evolve(t, rule=mirror_rule(t.rule)) for t in plan_targets],
        [attrs.evolve(o, value=-o.value) for o in data],
    )


@given(cases(unit="dimensionless"), as_of_dates)
def test_mirror_symmetry(case, as_of):
    """Every indicator "declares which way is better ... it is declared, never guessed":
    negating every value and flipping the direction (and the rule's sense) gives the same
    status and RAG. (A count cannot be negative, so the values here are pure numbers.)"""
    indicator, plan_targets, data = case
    m_indicator, m_targets, m_data = mirror(indicator, plan_targets, data)
    original = evaluate(one_indicator_plan(indicator, plan_targets), data, as_of=as_of)
    mirrored = evaluate(one_indicator_plan(m_indicator, m_targets), m_data, as_of=as_of)
    assert [(r.status, r.rag) for r in original.targets] == [
        (r.status, r.rag) for r in mirrored.targets
    ]


# --------------------------------------------------------------------------- monotonicity


def along_direction(target: Target, direction: Direction) -> Target:
    """The target with a floor or ceiling that agrees with the direction.

    A floor on something that should fall is legal but contradicts the direction, so
    "better" has no single meaning for it.
    """
    rule = target.rule
    if isinstance(rule, AtLeast | AtMost):
        value = rule.value
        sense = AtLeast if direction is Direction.HIGHER_IS_BETTER else AtMost
        return attrs.evolve(target, rule=sense(value=value))
    return target


RANK = {
    Status.OFF_TRACK: 0,
    Status.NOT_MET: 0,
    Status.AT_RISK: 1,
    Status.ON_TRACK: 2,
    Status.MET: 2,
}


@given(
    # Measured from the baseline, so the varied value never moves a target's reference.
    cases(unit="percent", kinds=SINGLE_SIDED, references=(Reference.BASELINE,)),
    st.sampled_from([*YEARS, *PARTS]),
    values("percent"),
    values("percent"),
    as_of_dates,
)
def test_better_actual_is_never_judged_worse(case, period, first, second, as_of):
    """ "ON_TRACK: it meets the expected value (in the indicator's direction, inclusive)"; MET
    "by the rule": a better actual never gets a worse status or RAG."""
    indicator, plan_targets, data = case
    plan_targets = [along_direction(t, indicator.direction) for t in plan_targets]
    data = [o for o in data if o.period != period]
    sign = indicator.direction.sign
    worse, better = sorted((first, second), key=lambda v: v * sign)
    plan = one_indicator_plan(indicator, plan_targets)
    judged = [
        evaluate(plan, [*data, Observation(indicator=indicator.id, period=period, value=v)],
                 as_of=as_of).targets
        for v in (worse, better)
    ]  # fmt: skip
    for w, b in zip(*judged, strict=True):
        if w.status in RANK and b.status in RANK:
            assert RANK[b.status] >= RANK[w.status]
            assert b.rag.severity <= w.rag.severity


# --------------------------------------------------------------------------- met is green


@given(st.data(), as_of_dates, tolerances)
def test_met_is_green_whatever_the_tolerance(data, as_of, policy):
    """ "RAG. GREEN for MET and ON_TRACK": a target met at period end is GREEN whatever the
    policy's tolerance."""
    plan = data.draw(plans(start=FinancialYear(2023)))
    recorded = data.draw(observations(plan))
    report = evaluate(plan, recorded, as_of=as_of, policy=policy)
    for result in report.targets:
        if result.status in (Status.MET, Status.ON_TRACK):
            assert result.rag is RAG.GREEN
        if not result.status.judged:
            assert result.rag is RAG.GREY


@given(cases(), tolerances)
def test_met_at_period_end_is_green(case, policy):
    """ "Once the period has ended ... MET / NOT_MET by the rule; AMBER for NOT_MET within the
    tolerance": a value meeting its target at period end is GREEN for any tolerance."""
    indicator, plan_targets, data = case
    target = plan_targets[0]
    assume(isinstance(target.rule, AtLeast | AtMost | Between))
    rule = target.rule
    meeting = rule.low if isinstance(rule, Between) else rule.value
    data = [o for o in data if o.period != target.period]
    data.append(Observation(indicator=indicator.id, period=target.period, value=meeting))
    report = evaluate(
        one_indicator_plan(indicator, plan_targets), data, as_of=target.period.end, policy=policy
    )
    result = report.target(target.id)
    assert (result.status, result.rag) == (Status.MET, RAG.GREEN)


# --------------------------------------------------------------------------- trajectory


@given(st.data(), as_of_dates)
def test_trajectory_passes_through_baseline_and_every_milestone(data, as_of):
    """ "The baseline and the targets of one indicator form a piecewise-linear path through the
    points (period end date, value)": it passes through the baseline and every milestone."""
    plan = data.draw(plans(start=FinancialYear(2023)))
    recorded = data.draw(observations(plan, suppressed=False))
    report = evaluate(plan, recorded, as_of=as_of)
    for indicator in plan.indicators:
        path = report.trajectories.get(indicator.id)
        base = indicator.baseline
        if base is not None and base.value is not None:
            assert path is not None
            assert path.at(base.period.end) == base.value
    for result in report.targets:
        rule = result.target.rule
        if result.target_value is None or isinstance(rule, Between):
            continue
        path = report.trajectories[result.indicator.id]
        assert path.at(result.target.period.end) == result.target_value


@given(st.lists(st.tuples(st.dates(), values("count")), min_size=2, unique_by=lambda p: p[0]))
def test_trajectory_is_linear_between_points(points):
    """ "The expected value on any date between two points is linear in calendar days": it
    never leaves the range of its two neighbouring points."""
    from safeguarding_plan import Trajectory

    path = Trajectory(points=points)
    ordered = sorted(points)
    for (d0, v0), (d1, v1) in itertools.pairwise(ordered):
        middle = d0 + (d1 - d0) / 2
        value = path.at(middle)
        assert value is not None
        assert min(v0, v1) - 1e-9 <= value <= max(v0, v1) + 1e-9


# --------------------------------------------------------------------------- units


@given(cases(unit="percent"), as_of_dates)
def test_unit_invariance(case, as_of):
    """ "Every indicator has a unit through pint": the same values given as 0.64 dimensionless
    or as 64 percent judge the same."""
    indicator, plan_targets, data = case
    assume(indicator.measure is Measure.LEVEL)
    plan = one_indicator_plan(indicator, plan_targets)
    as_quantities = [attrs.evolve(o, value=quantity(o.value / 100, "dimensionless")) for o in data]
    plain = evaluate(plan, data, as_of=as_of).targets
    converted = evaluate(plan, as_quantities, as_of=as_of).targets
    assert [(r.status, r.rag) for r in plain] == [(r.status, r.rag) for r in converted]


def test_direction_flip_is_an_involution():
    """Flipping a direction twice gives it back (used by the mirror property)."""
    assert [d.flipped().flipped() for d in Direction] == list(Direction)


# --------------------------------------------------------------------------- roll-ups


@given(st.data(), as_of_dates)
def test_overall_rag_is_the_worst_judged_rag(data, as_of):
    """ "An overall RAG that is the worst RAG among judged items (GREY only when nothing could
    be judged)", for every priority, partnership and the plan."""
    plan = data.draw(plans(start=FinancialYear(2023)))
    report = evaluate(plan, data.draw(observations(plan)), as_of=as_of)
    for rollup in (*report.priorities, *report.partnerships, report.overall):
        judged = [rag for rag, n in rollup.rags.items() for _ in range(n) if rag is not RAG.GREY]
        expected = max(judged, key=lambda rag: rag.severity) if judged else RAG.GREY
        assert rollup.rag is expected
        assert sum(rollup.counts.values()) == rollup.total == sum(rollup.rags.values())
    assert report.overall.total == len(report.targets) + len(report.actions) + len(report.outcomes)


# --------------------------------------------------------------------------- wording

TRAILING_POINT = re.compile(r"\d\.(?!\d)")
NEGATIVE_ZERO = re.compile(r"(?<![\w.])-0(?![.,]?\d)")
ONE_POINTS = re.compile(r"(?<![\d.,])1 percentage points")


@given(cases(unit="percent"), as_of_dates, tolerances)
def test_explanations_print_numbers_by_the_one_rounding_rule(case, as_of, policy):
    """Figures in explanations have no trailing point, no -0 and "1 percentage point"."""
    indicator, plan_targets, data = case
    # the indicator's name is the user's text ("0." is a name), not a figure printed: give
    # it one without digits, so every digit in the sentence is a figure the engine wrote
    indicator = attrs.evolve(indicator, name="adults asked")
    report = evaluate(one_indicator_plan(indicator, plan_targets), data, as_of=as_of,
                      policy=policy)  # fmt: skip
    for result in report.targets:
        sentence = result.explanation.removesuffix(".")
        assert TRAILING_POINT.search(sentence) is None
        assert NEGATIVE_ZERO.search(sentence) is None
        assert ONE_POINTS.search(sentence) is None
