"""The series of values of each indicator: indexing, normalising, derived years, latest level."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from safeguarding_plan.errors import InvalidValueError, Problem, did_you_mean
from safeguarding_plan.evaluation._numbers import close
from safeguarding_plan.evaluation._vocabulary import Travel
from safeguarding_plan.model import Indicator, Measure, Plan
from safeguarding_plan.observations import Observation, checked_value
from safeguarding_plan.periods import FinancialYear, Period, Quarter

__all__ = [
    "Series",
    "Value",
    "index_observations",
    "is_past_due",
    "is_period_over",
    "key_of",
    "normalise",
    "unknown_ids",
]


def is_period_over(end: dt.date, as_of: dt.date) -> bool:
    """Whether a period ending on ``end`` has ended as at ``as_of`` (its last day counts)."""
    return as_of >= end


def is_past_due(due: dt.date, as_of: dt.date) -> bool:
    """Whether something due by ``due`` is late as at ``as_of`` (the due date itself is not)."""
    return as_of > due


def key_of(period: Period) -> int:
    """A cheap dict key for a period: 5 per year, 0 for the year, 1-4 for its quarters."""
    if isinstance(period, FinancialYear):
        return period.start_year * 5
    if isinstance(period, Quarter):
        return period.year.start_year * 5 + period.number
    # evaluate refuses months and calendar years before they reach the series
    raise InvalidValueError("period", "months and calendar years are not judged yet", period)


class Value:
    """A normalised value: a float in the indicator's unit, counts, or a marker."""

    __slots__ = ("denominator", "end", "key", "numerator", "period", "suppressed", "value")

    def __init__(
        self,
        period: Period,
        value: float | None,
        numerator: float | None = None,
        denominator: float | None = None,
        suppressed: str | None = None,
        *,
        key: int | None = None,
    ) -> None:
        self.period = period
        self.key = key_of(period) if key is None else key
        self.end = period.end
        self.value = value
        self.numerator = numerator
        self.denominator = denominator
        self.suppressed = suppressed


def normalise(
    obs: Observation, indicator: Indicator, key: int | None = None
) -> tuple[Value | None, list[Problem]]:
    """The observation as floats in the indicator's unit, or ``None``, with its problems.

    The checks are :func:`~safeguarding_plan.observations.checked_value`'s, the ones
    the file readers make too; each problem is located by the field at fault.
    """
    if obs.suppressed is not None:
        return Value(obs.period, None, suppressed=obs.suppressed, key=key), []
    value, problems = checked_value(obs, indicator)
    if problems:
        return None, problems
    return Value(obs.period, value, obs.numerator, obs.denominator, key=key), []


class Series:
    """The values of one indicator no later than ``as_of``, with derived years."""

    def __init__(
        self,
        indicator: Indicator,
        recorded: dict[int, Value],
        baseline: float | None,
        plan_start: dt.date,
    ) -> None:
        self.indicator = indicator
        self.recorded = recorded
        self.baseline = baseline
        self.sign = indicator.direction.sign
        base = indicator.baseline
        self.base_period: Period | None = base.period if base is not None else None
        self.base_key = key_of(base.period) if base is not None else None
        self.plan_baseline = base.value if base is not None else None
        # In-year figures must come after the baseline (or from within the plan).
        self.history_end = base.period.end if base is not None else plan_start
        self._years: dict[int, Value | None] = {}

    def actual(self, period: Period) -> Value | None:
        """The value for exactly ``period`` (the plan's baseline for its period)."""
        key = key_of(period)
        if key == self.base_key and self.plan_baseline is not None:
            return Value(period, self.plan_baseline)
        if isinstance(period, FinancialYear):
            return self.year(period)
        return self.recorded.get(key)

    def year(self, year: FinancialYear) -> Value | None:
        """The year's own value, or one derived from all four of its quarters."""
        key = key_of(year)
        if key in self._years:
            return self._years[key]
        own = self.recorded.get(key)
        result = own if own is not None else self._derive(year, key)
        self._years[key] = result
        return result

    def _derive(self, year: FinancialYear, key: int) -> Value | None:
        get = self.recorded.get
        parts = [get(key + 1), get(key + 2), get(key + 3), get(key + 4)]
        present = [p for p in parts if p is not None]
        if len(present) < len(parts):
            return None
        marker = next((p.suppressed for p in present if p.suppressed is not None), None)
        if marker is not None:
            return Value(year, None, suppressed=marker)
        if self.indicator.measure is Measure.FLOW:
            return Value(year, sum(p.value or 0.0 for p in present))
        if all(p.denominator is not None for p in present):
            num = sum(p.numerator or 0.0 for p in present)
            den = sum(p.denominator or 0.0 for p in present)
            share = num / den * (100 if self.indicator.is_percent else 1)
            return Value(year, share, num, den)
        return None

    def latest_level(self, before: dt.date) -> tuple[Value | None, bool]:
        """The latest usable value ending after history and on/before ``before``.

        Returns the value and whether suppressed values were passed over.
        """
        best: Value | None = None
        best_key: tuple[dt.date, int] | None = None
        withheld = False
        history_end = self.history_end
        recorded = [v for v in self.recorded.values() if history_end < v.end <= before]
        years = {v.period.year for v in recorded if isinstance(v.period, FinancialYear | Quarter)}
        derived = [self.year(y) for y in years if key_of(y) not in self.recorded]
        for value in [*recorded, *derived]:
            if value is None or not history_end < value.end <= before:
                continue
            if value.suppressed is not None:
                withheld = True
                continue
            key = (value.end, 1 if isinstance(value.period, FinancialYear) else 0)
            if best_key is None or key > best_key:
                best, best_key = value, key
        return best, withheld

    def year_to_date(self, year: Period, as_of: dt.date) -> list[Value]:
        """The quarters of ``year`` recorded by ``as_of``, in order (a flow's in-year total)."""
        quarters = year.quarters() if isinstance(year, FinancialYear) else ()
        found = (self.recorded.get(key_of(q)) for q in quarters)
        return [v for v in found if v is not None and v.end <= as_of]

    def travel(self, value: Value) -> Travel:
        """Direction of travel against the previous value of the same granularity."""
        if value.value is None:
            return Travel.UNKNOWN
        before = self.actual(value.period.previous())
        if before is None or before.value is None:
            return Travel.UNKNOWN
        change = (value.value - before.value) * self.sign
        if close(value.value, before.value):
            return Travel.NO_CHANGE
        return Travel.IMPROVING if change > 0 else Travel.WORSENING


def index_observations(
    plan: Plan, observations: Iterable[Observation], as_of: dt.date
) -> tuple[dict[str, dict[int, Value]], list[tuple[int, Value]], list[Problem]]:
    """Every observation normalised and indexed by indicator and period, with the problems.

    Values of periods ending after ``as_of`` are checked but not indexed.
    """
    problems: list[Problem] = []
    by_indicator: dict[str, dict[int, Value]] = {i.id: {} for i in plan.indicators}
    indicators = {i.id: i for i in plan.indicators}
    seen: dict[tuple[str, int], int] = {}
    all_values: list[tuple[int, Value]] = []
    for number, obs in enumerate(observations):
        where = f"observations[{number}]"
        indicator = indicators.get(obs.indicator)
        if indicator is None:
            problems.append(
                Problem(
                    location=f"{where}.indicator",
                    message="the plan has no indicator with this id"
                    + did_you_mean(obs.indicator, indicators),
                    value=obs.indicator,
                )
            )
            continue
        period_key = key_of(obs.period)
        key = (obs.indicator, period_key)
        if key in seen:
            problems.append(
                Problem(
                    location=f"{where}.period",
                    message=f"{obs.indicator} already has a value for {obs.period} "
                    f"(observations[{seen[key]}]); give one value per indicator and period",
                    value=str(obs.period),
                )
            )
            continue
        seen[key] = number
        value, found = normalise(obs, indicator, period_key)
        if value is None:
            problems += [
                Problem(location=f"{where}.{p.location}", message=p.message, value=p.value)
                for p in found
            ]
            continue
        all_values.append((number, value))
        if value.end <= as_of:
            by_indicator[obs.indicator][value.key] = value
    return by_indicator, all_values, problems


def unknown_ids(
    kind: str, field: str, given: Iterable[tuple[int, str]], known: Sequence[str]
) -> list[Problem]:
    """A problem for each id in ``given`` that is not ``known``, with the nearest known id."""
    problems = []
    known_set = set(known)
    for number, key in given:
        if key not in known_set:
            problems.append(
                Problem(
                    location=f"{kind}[{number}].{field}",
                    message=f"the plan has no {field} with this id" + did_you_mean(key, known),
                    value=key,
                )
            )
    return problems
