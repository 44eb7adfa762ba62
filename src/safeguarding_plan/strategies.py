"""Hypothesis strategies for safeguarding_plan: periods, indicators, targets, plans, data.

Partner developers use these to property-test their own tools against any valid plan,
not only the bundled one. Install them with the ``testing`` extra
(``python -m pip install ".[testing]"`` from a clone, or just Hypothesis); the package's
``__init__`` never imports this module, so Hypothesis is not needed at run time.

Every strategy generates *valid* objects: building a :class:`~safeguarding_plan.Plan`
never raises, ids are unique, percentages lie within 0-100, baselines come before
targets and each indicator has at most one target per period (unless
``plans(declarations=True)`` adds a second). Strategies are small and compose; keyword
arguments narrow them.

Numbers are drawn on a one-decimal grid (``64.5``, ``12.0``) so they survive plan files
(YAML, JSON, TOML) unchanged.

In the examples, ``_simplest(strategy)`` draws one value, like ``strategy.example()`` but quietly.

Example:
    >>> from hypothesis import given
    >>> from safeguarding_plan.strategies import plans
    >>> @given(plans(max_priorities=2))
    ... def test_every_target_has_an_indicator(plan):
    ...     for target in plan.iter_targets():
    ...         assert plan.indicator(target.indicator).id == target.indicator
    >>> test_every_target_has_an_indicator()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, TypeVar

import attrs
from hypothesis import Phase, find, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from safeguarding_plan.model import (
    Above,
    AbsoluteChange,
    AbsoluteTolerance,
    Action,
    AtLeast,
    AtMost,
    Baseline,
    Below,
    Between,
    Comparator,
    DeclaredPartnership,
    Direction,
    Improve,
    Indicator,
    Measure,
    Outcome,
    Partnership,
    Plan,
    Priority,
    Reference,
    RelativeChange,
    RelativeTolerance,
    Rule,
    Target,
    ToleranceDeclaration,
    _with_targets,
    area_key,
)
from safeguarding_plan.observations import (
    DEFAULT_SUPPRESSION_MARKERS,
    Observation,
    WithheldRange,
)
from safeguarding_plan.periods import CalendarYear, FinancialYear, Month, Period, Quarter

__all__ = [
    "UNITS",
    "any_periods",
    "calendar_years",
    "directions",
    "financial_years",
    "ids",
    "indicators",
    "measures",
    "months",
    "observations",
    "observations_for",
    "partnerships",
    "periods",
    "plans",
    "quarters",
    "revisions",
    "rules",
    "targets",
    "texts",
    "tolerances",
    "units",
    "values",
    "withheld_ranges",
]

_T = TypeVar("_T")

UNITS: tuple[str, ...] = ("percent", "count", "per_100k_population", "per_10k_children")
"""The units :func:`units` draws from by default."""

_WORDS = (
    "adults", "children", "safeguarding", "referrals", "audit", "partnership", "MAARS",
    "SAR", "practitioners", "confident", "records", "risk", "housing", "exploitation",
    "neglect", "voice", "families", "review", "training", "Section 42",
)  # fmt: skip

_ALPHABET = st.characters(
    codec="utf-8", exclude_categories=("Cc", "Cs"), include_characters="\t\n"
)
"""Every character plan text may hold: all but the control characters other than tab and
line feed, and lone surrogates (see the file format's rule on text)."""

_MAX_VALUE = {"percent": 1000}  # tenths: 0.0 - 100.0
_DEFAULT_MAX_TENTHS = 100_000  # tenths: 0.0 - 10,000.0


def _items(items: Sequence[object]) -> Any:
    # The model's ``converter=tuple`` fields confuse mypy's view of their parameters.
    return tuple(items)


def _simplest(strategy: SearchStrategy[_T]) -> _T:
    """An example value, drawn without shrinking or a database (for the docs' examples)."""
    quick = settings(database=None, phases=[Phase.generate], max_examples=1)
    return find(strategy, lambda _: True, settings=quick)


def financial_years(*, min_year: int = 2015, max_year: int = 2035) -> SearchStrategy[FinancialYear]:
    """Financial years starting between ``min_year`` and ``max_year`` (inclusive).

    Example:
        >>> _simplest(financial_years(min_year=2023, max_year=2023))
        FinancialYear('2023/24')
    """
    return st.builds(FinancialYear, st.integers(min_year, max_year))


def quarters(*, years: SearchStrategy[FinancialYear] | None = None) -> SearchStrategy[Quarter]:
    """Quarters of the years ``years`` draws (any of :func:`financial_years` by default).

    Example:
        >>> q = _simplest(quarters(years=st.just(FinancialYear(2023))))
        >>> q.year
        FinancialYear('2023/24')
    """
    return st.builds(Quarter, financial_years() if years is None else years, st.integers(1, 4))


def months(*, min_year: int = 2015, max_year: int = 2035) -> SearchStrategy[Month]:
    """Calendar months of the calendar years ``min_year`` to ``max_year`` (inclusive).

    Example:
        >>> _simplest(months(min_year=2024, max_year=2024)).calendar_year
        2024
    """
    return st.builds(Month, st.integers(min_year, max_year), st.integers(1, 12))


def calendar_years(
    *, min_year: int = 2015, max_year: int = 2035
) -> SearchStrategy[CalendarYear]:
    """Calendar years from ``min_year`` to ``max_year`` (inclusive).

    Example:
        >>> _simplest(calendar_years(min_year=2024, max_year=2024))
        CalendarYear('2024')
    """
    return st.builds(CalendarYear, st.integers(min_year, max_year))


def any_periods(*, min_year: int = 2015, max_year: int = 2035) -> SearchStrategy[Period]:
    """Any period: financial years, quarters, months and calendar years around those years.

    Example:
        >>> from safeguarding_plan.periods import Period
        >>> isinstance(_simplest(any_periods()), Period)
        True
    """
    years = financial_years(min_year=min_year, max_year=max_year)
    return st.one_of(
        years,
        quarters(years=years),
        months(min_year=min_year, max_year=max_year),
        calendar_years(min_year=min_year, max_year=max_year),
    )


def periods(
    *, years: SearchStrategy[FinancialYear] | None = None, include_quarters: bool = True
) -> SearchStrategy[Period]:
    """Financial years or, unless ``include_quarters=False``, quarters of them.

    Example:
        >>> _simplest(periods(years=st.just(FinancialYear(2024)), include_quarters=False))
        FinancialYear('2024/25')
    """
    base = financial_years() if years is None else years
    if not include_quarters:
        return base
    return st.one_of(base, quarters(years=base))


def ids(*, prefix: str = "") -> SearchStrategy[str]:
    """Ids the model accepts: lower-case letters, digits and ``-``, after ``prefix``.

    Example:
        >>> _simplest(ids(prefix="s42-")).startswith("s42-")
        True
    """
    return st.from_regex(r"[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,5}){0,2}", fullmatch=True).map(
        lambda text: prefix + text
    )


def texts(*, plain: bool = False) -> SearchStrategy[str]:
    """Text the model accepts: short phrases, often with any accepted characters around.

    The model accepts every Unicode character except control characters other than tab
    and line feed, and lone surrogates; these texts draw on all of it (line feeds, the
    line separators, characters beyond the Basic Multilingual Plane, ...), so tools are
    tested against what a plan file can really hold. ``plain=True`` draws only plain-English
    phrases ("adults safeguarding audit").

    Example:
        >>> phrase = _simplest(texts(plain=True))
        >>> phrase == phrase.strip() and all(word.isalnum() for word in phrase.split())
        True
    """
    phrases = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6).map(" ".join)
    if plain:
        return phrases
    around = st.text(_ALPHABET, max_size=8)
    return st.one_of(
        phrases,
        st.tuples(around, phrases, around).map("".join),
        st.text(_ALPHABET, min_size=1, max_size=40).filter(str.strip),
    )


def directions() -> SearchStrategy[Direction]:
    """Either :class:`~safeguarding_plan.Direction`.

    Example:
        >>> _simplest(directions()) in set(Direction)
        True
    """
    return st.sampled_from(Direction)


def measures() -> SearchStrategy[Measure]:
    """Either :class:`~safeguarding_plan.Measure` (level or flow).

    Example:
        >>> _simplest(measures()) in set(Measure)
        True
    """
    return st.sampled_from(Measure)


def units() -> SearchStrategy[str]:
    """Units safeguarding data uses: percent, count and the two population rates.

    Example:
        >>> _simplest(units()) in UNITS
        True
    """
    return st.sampled_from(UNITS)


def values(unit: str = "percent", *, allow_negative: bool = False) -> SearchStrategy[float]:
    """Values valid in ``unit`` on a one-decimal grid: 0-100 for percent, else 0-10,000.

    With ``allow_negative=True`` (not for percent) the range is mirrored below zero, for
    symmetry properties.

    Example:
        >>> 0 <= _simplest(values("percent")) <= 100
        True
    """
    top = _MAX_VALUE.get(unit, _DEFAULT_MAX_TENTHS)
    bottom = -top if allow_negative and unit != "percent" else 0
    return st.integers(bottom, top).map(lambda tenths: tenths / 10)


def indicators(
    *,
    id: str | None = None,  # noqa: A002
    unit: str | None = None,
    direction: Direction | None = None,
    measure: Measure | None = None,
    baseline_period: Period | None = None,
    baseline: bool | None = None,
    baseline_known: bool | None = None,
) -> SearchStrategy[Indicator]:
    """Indicators, optionally with a baseline (known or not yet measured).

    Flows are only drawn for counts. Each keyword fixes one thing; ``baseline`` says
    whether there is one, ``baseline_known`` whether its value is known.

    Example:
        >>> ind = _simplest(indicators(unit="percent", baseline=True,
        ...                            baseline_period=FinancialYear(2022)))
        >>> ind.unit, ind.baseline.period
        ('percent', FinancialYear('2022/23'))
    """
    return _indicators(
        id=id,
        unit=unit,
        direction=direction,
        measure=measure,
        baseline_period=baseline_period,
        baseline=baseline,
        baseline_known=baseline_known,
    )


@st.composite
def _indicators(
    draw: st.DrawFn,
    *,
    id: str | None = None,  # noqa: A002
    unit: str | None = None,
    direction: Direction | None = None,
    measure: Measure | None = None,
    baseline_period: Period | None = None,
    baseline: bool | None = None,
    baseline_known: bool | None = None,
) -> Indicator:
    unit = unit or draw(units())
    if measure is None:
        measure = draw(measures()) if unit == "count" else Measure.LEVEL
    has_baseline = draw(st.booleans()) if baseline is None else baseline
    base: Baseline | None = None
    if has_baseline:
        known = draw(st.booleans()) if baseline_known is None else baseline_known
        base = Baseline(
            period=baseline_period or draw(financial_years(max_year=2022)),
            value=draw(values(unit)) if known else None,
        )
    return Indicator(
        id=id or draw(ids()),
        name=draw(texts()),
        unit=unit,
        direction=direction or draw(directions()),
        measure=measure,
        baseline=base,
        source=draw(st.none() | texts()),
    )


def rules(
    *,
    unit: str = "percent",
    references: Sequence[Reference] = (Reference.BASELINE, Reference.PREVIOUS),
    kinds: Sequence[type] = (AtLeast, AtMost, Between, RelativeChange, AbsoluteChange, Improve),
) -> SearchStrategy[Rule]:
    """Target rules with values valid in ``unit``.

    ``references`` limits what changes and improvements are measured from (pass only
    ``(Reference.PREVIOUS,)`` for an indicator without a baseline); ``kinds`` limits the
    rule classes (add :class:`~safeguarding_plan.Below` and
    :class:`~safeguarding_plan.Above` for the strict rules). With no references allowed,
    only level rules are drawn.

    Example:
        >>> type(_simplest(rules(kinds=(Between,)))).__name__
        'Between'
    """
    return _rules(unit=unit, references=references, kinds=kinds)


@st.composite
def _rules(
    draw: st.DrawFn,
    *,
    unit: str = "percent",
    references: Sequence[Reference] = (Reference.BASELINE, Reference.PREVIOUS),
    kinds: Sequence[type] = (AtLeast, AtMost, Between, RelativeChange, AbsoluteChange, Improve),
) -> Rule:
    allowed = [k for k in kinds if references or k in (AtLeast, AtMost, Between, Below, Above)]
    kind = draw(st.sampled_from(allowed))
    if kind is AtLeast:
        return AtLeast(value=draw(values(unit)))
    if kind is AtMost:
        return AtMost(value=draw(values(unit)))
    if kind is Between:
        low, high = sorted(draw(st.lists(values(unit), min_size=2, max_size=2, unique=True)))
        return Between(low=low, high=high)
    if kind is Below:
        return Below(value=draw(values(unit)))
    if kind is Above:
        return Above(value=draw(values(unit)))
    reference = draw(st.sampled_from(tuple(references)))
    if kind is RelativeChange:
        percent = draw(st.integers(-990, 2000).map(lambda tenths: tenths / 10))
        return RelativeChange(percent=percent, reference=reference)
    if kind is AbsoluteChange:
        return AbsoluteChange(amount=draw(st.integers(-300, 300)) / 10, reference=reference)
    return Improve(reference=reference)


def targets(
    indicator: Indicator,
    *,
    id: str | None = None,  # noqa: A002
    period: Period | None = None,
    rule: SearchStrategy[Rule] | None = None,
) -> SearchStrategy[Target]:
    """Targets on ``indicator``: after its baseline, with a rule valid for its unit.

    Example:
        >>> from safeguarding_plan import Direction, Indicator
        >>> msp = Indicator(id="msp", name="adults asked", unit="percent",
        ...                 direction=Direction.HIGHER_IS_BETTER)
        >>> _simplest(targets(msp, period=FinancialYear(2023))).period
        FinancialYear('2023/24')
    """
    return _targets(indicator, id=id, period=period, rule=rule)


@st.composite
def _targets(
    draw: st.DrawFn,
    indicator: Indicator,
    *,
    id: str | None = None,  # noqa: A002
    period: Period | None = None,
    rule: SearchStrategy[Rule] | None = None,
) -> Target:
    if period is None:
        base = indicator.baseline
        first = FinancialYear.containing(base.period.end).start_year + 1 if base else 2015
        period = draw(financial_years(min_year=first, max_year=first + 5))
    references = (
        (Reference.BASELINE, Reference.PREVIOUS) if indicator.baseline else (Reference.PREVIOUS,)
    )
    return Target(
        id=id or draw(ids(prefix="t-")),
        indicator=indicator.id,
        period=period,
        rule=draw(rule if rule is not None else rules(unit=indicator.unit, references=references)),
    )


def tolerances() -> SearchStrategy[ToleranceDeclaration]:
    """Absolute or relative tolerances, on a one-decimal grid from 0 to 20.

    Example:
        >>> type(_simplest(tolerances())).__name__ in ("AbsoluteTolerance", "RelativeTolerance")
        True
    """
    amounts = st.integers(0, 200).map(lambda tenths: tenths / 10)
    return st.one_of(
        st.builds(AbsoluteTolerance, amount=amounts),
        st.builds(RelativeTolerance, percent=amounts),
    )


def partnerships(*, min_size: int = 1, max_size: int = 4) -> SearchStrategy[
    tuple[DeclaredPartnership, ...]
]:
    """Declared partnerships with unique ids and plain-English labels.

    Example:
        >>> found = _simplest(partnerships(min_size=2, max_size=2))
        >>> len({p.id for p in found})
        2
    """
    return st.lists(
        st.builds(DeclaredPartnership, id=ids(), label=texts()),
        min_size=min_size,
        max_size=max_size,
        unique_by=lambda p: p.id,
    ).map(tuple)


def plans(
    *,
    max_priorities: int = 3,
    max_indicators: int = 4,
    max_outcomes: int = 3,
    max_actions: int = 3,
    max_years: int = 3,
    start: FinancialYear | None = None,
    declarations: bool = False,
) -> SearchStrategy[Plan]:
    """Valid plans: priorities with actions and outcomes, targets on plan indicators.

    The plan covers up to ``max_years`` financial years from ``start`` (drawn if not
    given); every baseline is for the year before the plan starts; every target falls
    in one of the plan's years, with at most one target per indicator per year; some
    outcomes are qualitative (no targets); some actions serve other priorities too.

    With ``declarations=True`` the plan also declares its own partnerships (ids other
    than the standard three), comparators and areas, may set tolerances (plan-wide and per
    indicator), may use the strict rules, and may give an indicator a second target for a
    year.

    Example:
        >>> plan = _simplest(plans(max_priorities=2, start=FinancialYear(2023)))
        >>> plan.start, len(plan.priorities) <= 2
        (FinancialYear('2023/24'), True)
    """
    return _plans(
        max_priorities=max_priorities,
        max_indicators=max_indicators,
        max_outcomes=max_outcomes,
        max_actions=max_actions,
        max_years=max_years,
        start=start,
        declarations=declarations,
    )


@st.composite
def _plans(
    draw: st.DrawFn,
    *,
    max_priorities: int = 3,
    max_indicators: int = 4,
    max_outcomes: int = 3,
    max_actions: int = 3,
    max_years: int = 3,
    start: FinancialYear | None = None,
    declarations: bool = False,
) -> Plan:
    first = start or draw(financial_years(min_year=2018, max_year=2030))
    years = [FinancialYear(first.start_year + i) for i in range(draw(st.integers(1, max_years)))]
    n_priorities = draw(st.integers(1, max_priorities))
    n_indicators = draw(st.integers(0, max_indicators))
    shape = [
        (draw(st.integers(0, max_actions)), draw(st.integers(1, max_outcomes)))
        for _ in range(n_priorities)
    ]
    n_ids = 1 + n_indicators + sum(1 + a + o for a, o in shape)
    pool = iter(draw(st.lists(ids(), min_size=n_ids, max_size=n_ids, unique=True)))
    plan_id = next(pool)
    inds = [
        draw(indicators(id=next(pool), baseline_period=first.previous()))
        for _ in range(n_indicators)
    ]
    if declarations:
        inds = [
            attrs.evolve(i, tolerance=draw(st.none() | tolerances())) for i in inds
        ]
    slots = [(ind, year) for ind in inds for year in years]
    chosen = draw(st.lists(st.sampled_from(slots), unique=True)) if slots else []
    if declarations and chosen:
        chosen += draw(st.lists(st.sampled_from(chosen), max_size=2))  # a second target
    target_ids = draw(
        st.lists(ids(prefix="t-"), min_size=len(chosen), max_size=len(chosen), unique=True)
    )
    kinds = (*_DEFAULT_KINDS, Below, Above) if declarations else _DEFAULT_KINDS
    all_targets = [
        draw(targets(ind, id=tid, period=year, rule=_rule_for(ind, kinds, declarations)))
        for (ind, year), tid in zip(chosen, target_ids, strict=True)
    ]
    declared = draw(partnerships()) if declarations else ()
    owners: tuple[str, ...] = tuple(p.id for p in declared) or tuple(p.value for p in Partnership)
    priority_ids = [next(pool) for _ in shape]
    n_all_outcomes = sum(o for _, o in shape)
    dealt = 0
    priorities: list[Priority] = []
    for pid, (n_actions, n_outcomes) in zip(priority_ids, shape, strict=True):
        others = [p for p in priority_ids if p != pid]
        actions = [
            Action(
                id=next(pool),
                text=draw(texts()),
                due=draw(st.sampled_from(years)),
                owner=draw(st.none() | texts()),
                serves=draw(st.lists(st.sampled_from(others), unique=True, max_size=1))
                if others
                else (),
            )
            for _ in range(n_actions)
        ]
        outcomes = []
        for _ in range(n_outcomes):
            # Deal the targets out round-robin over every outcome of every priority.
            mine = all_targets[dealt::n_all_outcomes]
            dealt += 1
            outcomes.append(Outcome(id=next(pool), text=draw(texts()), targets=_items(mine)))
        priorities.append(
            Priority(
                id=pid,
                title=draw(texts()),
                partnership=draw(st.sampled_from(owners)),
                actions=_items(actions),
                outcomes=_items(outcomes),
            )
        )
    extra: dict[str, object] = {}
    if declarations:
        extra = {
            "partnerships": declared,
            "tolerance": draw(st.none() | tolerances()),
            "comparators": draw(
                st.lists(
                    st.builds(Comparator, id=ids(), label=texts()),
                    max_size=3,
                    unique_by=lambda c: c.id,
                )
            ),
            "areas": draw(
                st.lists(
                    texts().filter(lambda text: area_key(text) != ""),
                    max_size=3,
                    unique_by=area_key,
                )
            ),
        }
    return Plan(
        id=plan_id,
        title=draw(texts()),
        start=first,
        end=years[-1],
        vision=draw(st.none() | texts()),
        indicators=_items(inds),
        priorities=_items(priorities),
        notes=_items(draw(st.lists(texts(), max_size=2))),
        **extra,  # type: ignore[arg-type]
    )


_DEFAULT_KINDS: tuple[type, ...] = (
    AtLeast, AtMost, Between, RelativeChange, AbsoluteChange, Improve
)  # fmt: skip


def _rule_for(
    indicator: Indicator, kinds: Sequence[type], wanted: bool
) -> SearchStrategy[Rule] | None:
    if not wanted:
        return None  # targets() draws its own rule, as before declarations existed
    references = (
        (Reference.BASELINE, Reference.PREVIOUS) if indicator.baseline else (Reference.PREVIOUS,)
    )
    return rules(unit=indicator.unit, references=references, kinds=kinds)


def _years_and_quarters(years: Sequence[FinancialYear]) -> list[Period]:
    out: list[Period] = []
    for year in years:
        out.append(year)
        out.extend(year.quarters())
    return out


def withheld_ranges(*, max_count: int = 20) -> SearchStrategy[WithheldRange]:
    """What a suppression marker hides: the DfE's or NHS Digital's convention, or a custom range.

    Custom ranges run over whole counts from 0 to ``max_count``, low never above high.

    Example:
        >>> dfe = _simplest(withheld_ranges())
        >>> dfe.convention, dfe.low, dfe.high
        ('dfe', 1, 5)
        >>> rng = _simplest(withheld_ranges().filter(lambda r: r.convention is None))
        >>> 0 <= rng.low <= rng.high <= 20
        True
    """
    custom = st.tuples(st.integers(0, max_count), st.integers(0, max_count)).map(
        lambda ends: WithheldRange(low=min(ends), high=max(ends))
    )
    return st.one_of(st.sampled_from([WithheldRange.parse("dfe"), WithheldRange.parse("nhs")]),
                     custom)  # fmt: skip


def observations_for(
    indicator: Indicator,
    *,
    period: Period | None = None,
    suppressed: bool | None = None,
    counts: bool | None = None,
    withheld: bool | None = False,
    commentary: bool | None = False,
) -> SearchStrategy[Observation]:
    """One observation of ``indicator``: a value, counts (percentages only) or suppressed.

    ``suppressed`` and ``counts`` force or forbid those forms; flows get whole counts.
    ``withheld`` gives a suppressed observation the range its marker hides (see
    :func:`withheld_ranges`; a percentage then keeps its denominator, so the engine can
    judge the rate at both ends); ``commentary`` adds an owner's commentary and corrective
    action. For these two, True always, False never (the default), None sometimes.

    Example:
        >>> from safeguarding_plan import Direction, Indicator
        >>> msp = Indicator(id="msp", name="adults asked", unit="percent",
        ...                 direction=Direction.HIGHER_IS_BETTER)
        >>> obs = _simplest(observations_for(msp, period=FinancialYear(2023), counts=True,
        ...                             suppressed=False))
        >>> obs.has_counts, obs.period
        (True, FinancialYear('2023/24'))
        >>> hidden = _simplest(observations_for(msp, suppressed=True, withheld=True,
        ...                                     commentary=True))
        >>> hidden.is_suppressed, hidden.withheld is not None, hidden.commented
        (True, True, True)
    """
    return _observations_for(
        indicator, period=period, suppressed=suppressed, counts=counts, withheld=withheld,
        commentary=commentary,
    )  # fmt: skip


def _sometimes(draw: st.DrawFn, choice: bool | None) -> bool:
    return draw(st.booleans()) if choice is None else choice


@st.composite
def _commentary(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "commentary": draw(texts(plain=True)),
        "corrective_action": draw(texts(plain=True)),
        "action_owner": draw(st.sampled_from(_OWNERS)),
        "action_due": draw(st.dates(dt.date(2020, 4, 1), dt.date(2027, 3, 31))),
    }


_OWNERS = ("Complex Safeguarding Sub-Group", "Adult Social Care", "Quality Assurance Sub-Group")


@st.composite
def _observations_for(
    draw: st.DrawFn,
    indicator: Indicator,
    *,
    period: Period | None = None,
    suppressed: bool | None = None,
    counts: bool | None = None,
    withheld: bool | None = False,
    commentary: bool | None = False,
) -> Observation:
    when = period or draw(periods(years=financial_years(min_year=2020, max_year=2026)))
    extra = draw(_commentary()) if _sometimes(draw, commentary) else {}
    if suppressed is None:
        suppressed = draw(st.integers(0, 9)) == 0
    if suppressed:
        marker = draw(st.sampled_from(DEFAULT_SUPPRESSION_MARKERS))
        if _sometimes(draw, withheld):
            extra["withheld"] = hides = draw(withheld_ranges())
            if indicator.is_percent:
                extra["denominator"] = draw(st.integers(max(hides.high, 1), 500))
        return Observation(indicator=indicator.id, period=when, suppressed=marker, **extra)
    if counts is None:
        counts = indicator.is_percent and draw(st.booleans())
    if counts:
        denominator = draw(st.integers(1, 500))
        numerator = draw(st.integers(0, denominator))
        return Observation(
            indicator=indicator.id, period=when, numerator=numerator, denominator=denominator,
            **extra,
        )  # fmt: skip
    if indicator.measure is Measure.FLOW:
        value: float = float(draw(st.integers(0, 500)))
    else:
        value = draw(values(indicator.unit))
    return Observation(indicator=indicator.id, period=when, value=value, **extra)


def observations(
    plan: Plan,
    *,
    suppressed: bool | None = None,
    withheld: bool | None = False,
    commentary: bool | None = False,
) -> SearchStrategy[list[Observation]]:
    """Observations for a plan: for each indicator, some of its years and quarters.

    Periods (years and quarters) run from the year before the plan starts (the usual
    baseline year) to the plan's last year; each indicator has at most one observation per
    period, so the list is always accepted by :func:`~safeguarding_plan.evaluate`.
    ``suppressed=False`` forbids suppressed values; ``withheld`` and ``commentary`` are
    passed to :func:`observations_for` (None: sometimes).

    Example:
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> plan = stockport_2023_26()
        >>> data = _simplest(observations(plan, suppressed=False))
        >>> all(o.suppressed is None for o in data)
        True
    """
    return _observations(plan, suppressed=suppressed, withheld=withheld, commentary=commentary)


@st.composite
def _observations(
    draw: st.DrawFn,
    plan: Plan,
    *,
    suppressed: bool | None = None,
    withheld: bool | None = False,
    commentary: bool | None = False,
) -> list[Observation]:
    first, last = FinancialYear.containing(plan.start.start), FinancialYear.containing(plan.end.end)
    years = [FinancialYear(y) for y in range(first.start_year - 1, last.start_year + 1)]
    out: list[Observation] = []
    for indicator in plan.indicators:
        chosen = draw(st.lists(st.sampled_from(_years_and_quarters(years)), unique=True))
        out.extend(
            draw(observations_for(indicator, period=when, suppressed=suppressed,
                                  withheld=withheld, commentary=commentary))
            for when in sorted(chosen)
        )  # fmt: skip
    return out


def revisions(plan: Plan) -> SearchStrategy[tuple[Plan, Plan]]:
    """A plan as version 1 and a revision of it as version 2, adopted later.

    Version 1 is ``plan`` adopted on a drawn date around its first year; version 2
    supersedes it, adopted on a later date, with some targets' values moved (a floor,
    ceiling or strict bound to another value of the indicator's unit). Ids are kept, so
    :func:`~safeguarding_plan.diff` matches every item.

    Example:
        >>> one, two = _simplest(plans(max_priorities=1).flatmap(revisions))
        >>> one.version, two.version, two.supersedes, one.adopted < two.adopted
        ('1', '2', '1', True)
    """
    return _revisions(plan)


@st.composite
def _revisions(draw: st.DrawFn, plan: Plan) -> tuple[Plan, Plan]:
    first_day = plan.start.start
    last_day = plan.end.end
    adopted = draw(st.dates(first_day - dt.timedelta(days=60), last_day - dt.timedelta(days=1)))
    later = draw(st.dates(adopted + dt.timedelta(days=1), last_day + dt.timedelta(days=60)))
    moved: dict[str, Target] = {}
    for target in plan.iter_targets():
        rule = target.rule
        if isinstance(rule, AtLeast | AtMost | Below | Above) and draw(st.booleans()):
            unit = plan.indicator(target.indicator).unit
            value = draw(values(unit))
            moved[target.id] = attrs.evolve(target, rule=type(rule)(value=value))
    one = attrs.evolve(plan, version="1", adopted=adopted, supersedes=None)
    two = attrs.evolve(_with_targets(one, moved), version="2", adopted=later, supersedes="1")
    return one, two
