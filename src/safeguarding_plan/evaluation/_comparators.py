"""How the partnership compares with England, the region and its statistical neighbours.

Observations recorded for a comparator the plan declares are indexed apart from the
partnership's own (they are never its actual). Each result lists, for each comparator
with a value for the same period as its actual, that value, the difference and whether
the partnership is BETTER, SIMILAR or WORSE in the indicator's direction. Floats only;
no English here. A comparison never changes a status or a RAG.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence

import attrs

from safeguarding_plan.errors import Problem, Severity, did_you_mean
from safeguarding_plan.evaluation._numbers import Interval, close, tidy
from safeguarding_plan.evaluation._policies import Tolerance
from safeguarding_plan.evaluation._series import (
    Series,
    Value,
    _facts,
    normalise,
    quick_value,
)
from safeguarding_plan.model import Indicator, Plan
from safeguarding_plan.observations import Observation
from safeguarding_plan.periods import Period

__all__ = ["Benchmark", "Comparison", "Comparisons", "ignored_comparators", "index_comparators"]


class Benchmark(enum.Enum):
    """How the partnership's actual stands against a comparator's value.

    BETTER or WORSE in the indicator's direction; SIMILAR when the difference is within
    the tolerance of the comparator's value or, when both values carry a numerator and
    a denominator, when their 95% :term:`Wilson score interval` s overlap.

    Example:
        >>> Benchmark.SIMILAR.label, Benchmark.BETTER.symbol
        ('similar', '+')
    """

    BETTER = "better"
    SIMILAR = "similar"
    WORSE = "worse"

    @property
    def label(self) -> str:
        """``"better"``, ``"similar"`` or ``"worse"``."""
        return self.value

    @property
    def symbol(self) -> str:
        """``+``, ``=`` or a minus sign: a mark that does not rely on colour."""
        return {"better": "+", "similar": "=", "worse": "\N{MINUS SIGN}"}[self.value]


@attrs.frozen(kw_only=True)
class Comparison:
    """One comparator's value beside a result's actual.

    Attributes:
        comparator: The comparator's id.
        label: Its label ("England").
        period: The period of both values (the actual's).
        value: The comparator's value, in the indicator's unit.
        difference: The actual minus ``value`` (percentage points for a percentage).
        benchmark: :class:`Benchmark`: BETTER, SIMILAR or WORSE.
        tolerance: The tolerance of the comparator's value, used when the intervals are
            not (in the indicator's unit; None when the intervals decided).
        interval: The comparator's 95% Wilson interval when it carries counts.
        by_intervals: Whether overlapping (or separate) Wilson intervals decided.

    Example:
        Stockport's 66% beside England's 70% (the bundled plan declares England, the
        North West and the statistical neighbours; lower is better):

        >>> from datetime import date
        >>> from safeguarding_plan import Observation, evaluate
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> plan = stockport_2023_26()
        >>> data = [
        ...     Observation(indicator="s42-non-conversion", period="2023/24", value=66),
        ...     Observation(indicator="s42-non-conversion", period="2023/24", value=70,
        ...                 comparator="england"),
        ... ]
        >>> result = evaluate(plan, data, as_of=date(2024, 6, 30)).target(
        ...     "s42-non-conversion-2023-24")
        >>> (england,) = result.comparators
        >>> england.label, england.value, england.difference, england.benchmark.name
        ('England', 70.0, -4.0, 'BETTER')
    """

    comparator: str
    label: str
    period: Period
    value: float
    difference: float
    benchmark: Benchmark
    tolerance: float | None = None
    interval: Interval | None = None
    by_intervals: bool = False


def index_comparators(
    plan: Plan,
    observations: Iterable[Observation],
    as_of: dt.date,
    late: list[int] | None = None,
) -> tuple[dict[str, dict[str, dict[int, Value]]], list[Problem]]:
    """The comparators' observations, normalised and indexed, with their problems.

    Returns ``{indicator id: {comparator id: {period key: value}}}`` for values of
    periods ending no later than ``as_of``. The partnership's own observations (no
    comparator) are left to the engine's own index. ``late``, when given, receives the
    place of each value without a problem whose period ends after the plan's last year
    (for :func:`ignored_comparators`).
    """
    last = plan.end.end
    problems: list[Problem] = []
    indexed: dict[str, dict[str, dict[int, Value]]] = {}
    indicators = {i.id: i for i in plan.indicators}
    percent = {i.id: i.is_percent for i in plan.indicators}
    declared = [c.id for c in plan.comparators]
    known = set(declared)
    seen: dict[tuple[str, str, int], int] = {}
    value: Value | None
    for number, obs in enumerate(observations):
        comparator = obs.comparator
        if comparator is None:
            continue
        if comparator not in known:
            listed = ", ".join(declared) or "none"
            problems.append(
                Problem(
                    location=f"observations[{number}].comparator",
                    message=f"the plan declares no comparator with this id (declared: "
                    f"{listed}); declare it under 'comparators' with an id and a label"
                    + did_you_mean(comparator, declared),
                    value=comparator,
                )
            )
            continue
        indicator = indicators.get(obs.indicator)
        if indicator is None:
            problems.append(
                Problem(
                    location=f"observations[{number}].indicator",
                    message="the plan has no indicator with this id"
                    + did_you_mean(obs.indicator, indicators),
                    value=obs.indicator,
                )
            )
            continue
        period_key, end = _facts(obs.period)
        key = (obs.indicator, comparator, period_key)
        if key in seen:
            problems.append(
                Problem(
                    location=f"observations[{number}].period",
                    message=f"{obs.indicator} already has a value for {obs.period} for the "
                    f"comparator {comparator} (observations[{seen[key]}]); give one value "
                    "per indicator, comparator and period",
                    value=str(obs.period),
                )
            )
            continue
        seen[key] = number
        value = quick_value(obs, period_key, end, percent=percent[obs.indicator])
        found: list[Problem] = []
        if value is None:  # not one of the common cases: the full check
            value, found = normalise(obs, indicator, period_key)
        if value is None:
            problems += [
                Problem(
                    location=f"observations[{number}].{p.location}",
                    message=p.message,
                    value=p.value,
                )
                for p in found
            ]
            continue
        if end > last and late is not None:
            late.append(number)
        if end <= as_of:
            indexed.setdefault(obs.indicator, {}).setdefault(comparator, {})[period_key] = value
    return indexed, problems


def ignored_comparators(
    plan: Plan, observations: Sequence[Observation], late: Sequence[int] | None = None
) -> list[Problem]:
    """A warning for each comparator's value after the plan's last year (never used).

    ``late`` lists the places of those values when :func:`index_comparators` has found
    them already (None: found here).
    """
    last = plan.end.end
    if late is None:
        late = [
            n
            for n, o in enumerate(observations)
            if o.comparator is not None and _facts(o.period)[1] > last
        ]
    return [
        Problem(
            location=f"observations[{n}]",
            message=f"{o.indicator} {o.period} for the comparator {o.comparator} is after the "
            f"plan's last year ({plan.end}): the plan judges nothing after it, so this value "
            "is ignored",
            value=str(o.period),
            severity=Severity.WARNING,
        )
        for n in late
        for o in (observations[n],)
    ]


def _wilson(value: Value, percent: bool) -> Interval | None:
    numerator, denominator = value.numerator, value.denominator
    if numerator is None or denominator is None or not 0 <= numerator <= denominator:
        return None
    if denominator <= 0:
        return None
    return Interval.wilson(numerator, denominator, scale=100.0 if percent else 1.0)


class Comparisons:
    """Compares results with the plan's comparators as at one date."""

    def __init__(
        self,
        plan: Plan,
        indexed: dict[str, dict[str, dict[int, Value]]],
        tolerance: Tolerance,
    ) -> None:
        self.labels = {c.id: c.label for c in plan.comparators}
        self.order = [c.id for c in plan.comparators]
        self.tolerance = tolerance
        self.plan_start = plan.start.start
        self.indexed = indexed
        # each comparator's series of one indicator, made when first compared with
        self.series: dict[tuple[str, str], Series] = {}

    def compare(
        self,
        indicator: Indicator,
        period: Period | None,
        actual: float | None,
        interval: Interval | None,
    ) -> tuple[Comparison, ...]:
        """Each comparator with a value for ``period`` beside ``actual``, in plan order.

        ``interval`` is the actual's 95% Wilson interval when it carries counts.
        """
        mine = self.indexed.get(indicator.id)
        if not mine or period is None or actual is None:
            return ()
        out = []
        key = _facts(period)[0]
        for cid in self.order:
            values = mine.get(cid)
            if values is None:
                continue
            s = self.series.get((indicator.id, cid))
            if s is None:
                s = Series(indicator, values, None, self.plan_start)
                self.series[indicator.id, cid] = s
            found = s.at_key(key, period)
            if found is None or found.value is None:
                continue  # not recorded, or withheld: nothing to compare with
            out.append(self._one(indicator, cid, found, actual, interval))
        return tuple(out)

    def _one(
        self,
        indicator: Indicator,
        cid: str,
        found: Value,
        actual: float,
        interval: Interval | None,
    ) -> Comparison:
        theirs = found.value or 0.0
        difference = actual - theirs
        their_interval = _wilson(found, indicator.is_percent)
        tolerance: float | None = None
        by_intervals = interval is not None and their_interval is not None
        if interval is not None and their_interval is not None:
            similar = interval.low <= their_interval.high and their_interval.low <= interval.high
        else:
            tolerance = max(0.0, float(self.tolerance.allowance(indicator, theirs)))
            similar = abs(difference) <= tolerance or close(abs(difference), tolerance)
        if similar or close(actual, theirs):
            benchmark = Benchmark.SIMILAR
        else:
            better = difference * indicator.direction.sign > 0
            benchmark = Benchmark.BETTER if better else Benchmark.WORSE
        shown = None
        if their_interval is not None:
            shown = Interval(
                low=tidy(their_interval.low) or 0.0, high=tidy(their_interval.high) or 0.0
            )
        return Comparison(
            comparator=cid,
            label=self.labels[cid],
            period=found.period,
            value=tidy(theirs) or 0.0,
            difference=tidy(difference) or 0.0,
            benchmark=benchmark,
            tolerance=tidy(tolerance),
            interval=shown,
            by_intervals=by_intervals,
        )
