"""The series of values of each indicator: indexing, normalising, derived years, latest level."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from safeguarding_plan.errors import Problem, did_you_mean
from safeguarding_plan.evaluation._numbers import close
from safeguarding_plan.evaluation._vocabulary import Travel
from safeguarding_plan.model import Indicator, Measure, Plan
from safeguarding_plan.observations import Observation, WithheldRange, checked_value
from safeguarding_plan.periods import CalendarYear, FinancialYear, Month, Period, Quarter

__all__ = [
    "Index",
    "Series",
    "Value",
    "index_observations",
    "is_past_due",
    "is_period_over",
    "key_of",
    "normalise",
    "quick_value",
    "unknown_ids",
]


def is_period_over(end: dt.date, as_of: dt.date) -> bool:
    """Whether a period ending on ``end`` has ended as at ``as_of`` (its last day counts)."""
    return as_of >= end


def is_past_due(due: dt.date, as_of: dt.date) -> bool:
    """Whether something due by ``due`` is late as at ``as_of`` (the due date itself is not)."""
    return as_of > due


_PER_YEAR = 32  # keys per financial year: room for the year, quarters, months, calendar year
_MONTHS_FROM = 5  # a financial year's months take keys 5 (April) to 16 (March)
_CALENDAR = 17  # calendar year N takes the key 17 after financial year N/N+1's base


def key_of(period: Period) -> int:
    """A cheap dict key for a period of any granularity.

    32 keys per financial year (``start_year * 32``): 0 for the year, 1-4 for its quarters,
    5-16 for its months (April to March); calendar year ``N`` is ``N * 32 + 17``.
    """
    if isinstance(period, Quarter):
        return period.year.start_year * _PER_YEAR + period.number
    if isinstance(period, FinancialYear):
        return period.start_year * _PER_YEAR
    if isinstance(period, Month):
        number = period.number
        start_year = period.calendar_year if number >= 4 else period.calendar_year - 1
        return start_year * _PER_YEAR + _MONTHS_FROM + (number - 4) % 12
    return period.number * _PER_YEAR + _CALENDAR


_FACTS: dict[Period, tuple[int, dt.date]] = {}
_MOST_FACTS = 1 << 16


def _facts(period: Period) -> tuple[int, dt.date]:
    """The key and the end of a period, worked out once per period (periods are shared)."""
    found = _FACTS.get(period)
    if found is None:
        if len(_FACTS) >= _MOST_FACTS:
            _FACTS.clear()
        found = _FACTS[period] = (key_of(period), period.end)
    return found


# How long the period of a key's offset is, for ties at one end date: year > quarter > month.
_LENGTH_RANK = (2, 1, 1, 1, 1, *([0] * 12), 2, *([0] * (_PER_YEAR - _CALENDAR - 1)))


def _year_quarter_keys(key: int) -> tuple[int, ...]:
    """The keys of the quarters that make up the financial or calendar year ``key`` (else none)."""
    base, offset = divmod(key, _PER_YEAR)
    first = base * _PER_YEAR
    if offset == 0:
        return (first + 1, first + 2, first + 3, first + 4)
    if offset == _CALENDAR:  # Q4 of (N-1)/N, then Q1-Q3 of N/(N+1)
        return (first - _PER_YEAR + 4, first + 1, first + 2, first + 3)
    return ()


def _month_keys(quarter_key: int) -> tuple[int, int, int]:
    """The keys of a quarter's three months."""
    base, number = divmod(quarter_key, _PER_YEAR)
    first = base * _PER_YEAR + _MONTHS_FROM + 3 * (number - 1)
    return (first, first + 1, first + 2)


def _period_of_key(key: int) -> Period:
    """The financial year, quarter or calendar year with ``key`` (never a month)."""
    base, offset = divmod(key, _PER_YEAR)
    if offset == _CALENDAR:
        return CalendarYear(base)
    if offset == 0:
        return FinancialYear(base)
    return Quarter(FinancialYear(base), offset)


class Value:
    """A normalised value: a float in the indicator's unit, counts, or a marker.

    A withheld value whose range is declared (:class:`WithheldRange`) has no ``value``
    but ``low`` and ``high`` in the indicator's unit, and, for a rate, the range of its
    numerator (``num_low``, ``num_high``) over its ``denominator``.
    """

    __slots__ = (
        "denominator", "derived", "end", "high", "key", "low", "num_high", "num_low",
        "numerator", "period", "suppressed", "value", "withheld",
    )  # fmt: skip

    def __init__(
        self,
        period: Period,
        value: float | None,
        numerator: float | None = None,
        denominator: float | None = None,
        suppressed: str | None = None,
        *,
        key: int | None = None,
        end: dt.date | None = None,
        low: float | None = None,
        high: float | None = None,
        num_low: float | None = None,
        num_high: float | None = None,
        withheld: WithheldRange | None = None,
    ) -> None:
        self.period = period
        self.key = key_of(period) if key is None else key
        self.end = period.end if end is None else end
        self.value = value
        self.numerator = numerator
        self.denominator = denominator
        self.suppressed = suppressed
        self.low = low
        self.high = high
        self.num_low = num_low
        self.num_high = num_high
        self.withheld = withheld
        self.derived = False  # a withheld range of a period made from its parts

    @property
    def ranged(self) -> bool:
        """Whether it is withheld with a declared range (judged at both ends)."""
        return self.low is not None

    def bounds(self) -> tuple[float, float] | None:
        """``(low, high)``: the value twice, a withheld range, or None if unknown."""
        if self.value is not None:
            return self.value, self.value
        if self.low is not None and self.high is not None:
            return self.low, self.high
        return None

    def count_bounds(self) -> tuple[float, float] | None:
        """The numerator's ``(low, high)`` (the numerator twice when known), or None."""
        if self.numerator is not None:
            return self.numerator, self.numerator
        if self.num_low is not None and self.num_high is not None:
            return self.num_low, self.num_high
        return None


def ranged_value(
    obs: Observation, indicator: Indicator, withheld: WithheldRange | None, key: int | None
) -> Value:
    """A withheld observation as a value: with its range when one applies, else a marker.

    A range applies to a count (the value is in [low, high]) and to a rate whose
    numerator is withheld and denominator given (``low / den`` to ``high / den``, times
    100 for a percentage; a count above the denominator is impossible and left out).
    """
    plain = Value(obs.period, None, suppressed=obs.suppressed, key=key)
    if withheld is None:
        return plain
    den = obs.denominator
    if den is not None:
        if withheld.low > den:
            return plain
        high = min(float(withheld.high), den)
        scale = 100.0 if indicator.is_percent else 1.0
        return Value(
            obs.period, None, None, den, obs.suppressed, key=key,
            low=withheld.low / den * scale, high=high / den * scale,
            num_low=float(withheld.low), num_high=high, withheld=withheld,
        )  # fmt: skip
    if indicator.unit == "count":
        return Value(
            obs.period, None, suppressed=obs.suppressed, key=key,
            low=float(withheld.low), high=float(withheld.high), withheld=withheld,
        )  # fmt: skip
    return plain


def quick_value(obs: Observation, key: int, end: dt.date, *, percent: bool) -> Value | None:
    """The common cases of :func:`normalise`, which no rule can refuse; None otherwise.

    A plain number from 0 to 100 (no counts), and counts without a value (the value is
    their share: :func:`~safeguarding_plan.observations.checked_value` finds no problem
    in either). Anything else (a marker, a quantity, a value beside counts, a number
    outside 0-100) is left to :func:`normalise`. The engine makes one for nearly every
    observation, so the :class:`Value` is built directly, skipping the constructor's
    argument handling (a test holds the two equal).
    """
    if obs.suppressed is not None:
        return None
    given = obs.value
    numerator = obs.numerator
    denominator = obs.denominator
    if denominator is None:
        if given.__class__ is not float or not 0.0 <= given <= 100.0:
            return None
    elif given is None:
        given = (numerator or 0.0) / denominator * (100.0 if percent else 1.0)
    else:
        return None
    made = _new_value(Value)
    made.period = obs.period
    made.value = given
    made.numerator = numerator
    made.denominator = denominator
    made.suppressed = None
    made.key = key
    made.end = end
    made.low = made.high = made.num_low = made.num_high = made.withheld = None
    made.derived = False
    return made


_new_value = object.__new__


def normalise(
    obs: Observation,
    indicator: Indicator,
    key: int | None = None,
    withheld: WithheldRange | None = None,
) -> tuple[Value | None, list[Problem]]:
    """The observation as floats in the indicator's unit, or ``None``, with its problems.

    The checks are :func:`~safeguarding_plan.observations.checked_value`'s, the ones
    the file readers make too; each problem is located by the field at fault. A withheld
    value takes its own range, else ``withheld`` (the plan's convention).
    """
    if obs.suppressed is not None:
        return ranged_value(obs, indicator, obs.withheld or withheld, key), []
    value, problems = checked_value(obs, indicator)
    if problems:
        return None, problems
    return Value(obs.period, value, obs.numerator, obs.denominator, key=key), []


class Series:
    """The values of one indicator no later than ``as_of``, with derived quarters and years.

    A quarter without a value of its own is derived from its three months, and a financial
    or calendar year from its four quarters (each its own value, or derived from its
    months): the sum for a flow; for a level given as counts, the summed numerators over
    the summed denominators; otherwise not derived. A period's own value always wins.
    """

    def __init__(
        self,
        indicator: Indicator,
        recorded: dict[int, Value],
        baseline: float | None,
        plan_start: dt.date,
        *,
        calendar: bool = False,
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
        # The plan's own kind of year: the one whose derived values are in-year figures.
        self.year_offset = _CALENDAR if calendar else 0
        self._derived: dict[int, Value | None] = {}

    def actual(self, period: Period) -> Value | None:
        """The value for exactly ``period`` (the plan's baseline for its period)."""
        key = key_of(period)
        if key == self.base_key and self.plan_baseline is not None:
            return Value(period, self.plan_baseline, key=key)
        return self.at_key(key, period)

    def at_key(self, key: int, period: Period | None = None) -> Value | None:
        """The recorded value of the period with ``key``, or one derived from its parts."""
        own = self.recorded.get(key)
        if own is not None:
            return own
        offset = key % _PER_YEAR
        if _MONTHS_FROM <= offset < _CALENDAR:
            return None  # a month is never derived
        if key in self._derived:
            return self._derived[key]
        parts: list[Value | None] = []
        get = self.recorded.get
        if offset in (0, _CALENDAR):
            for quarter_key in _year_quarter_keys(key):
                part = get(quarter_key) or self.at_key(quarter_key)
                if part is None:  # a missing quarter: no year (stop looking)
                    self._derived[key] = None
                    return None
                parts.append(part)
        else:
            parts = [get(k) for k in _month_keys(key)]
        result = self._derive(parts, key, period)
        self._derived[key] = result
        return result

    def _derive(self, parts: list[Value | None], key: int, period: Period | None) -> Value | None:
        present = [p for p in parts if p is not None]
        if len(present) < len(parts):
            return None
        period = period if period is not None else _period_of_key(key)
        marker = next((p.suppressed for p in present if p.suppressed is not None), None)
        if marker is not None:
            return self._derive_range(present, key, period, marker)
        if self.indicator.measure is Measure.FLOW:
            return Value(period, sum(p.value or 0.0 for p in present), key=key)
        if all(p.denominator is not None for p in present):
            num = sum(p.numerator or 0.0 for p in present)
            den = sum(p.denominator or 0.0 for p in present)
            share = num / den * (100 if self.indicator.is_percent else 1)
            return Value(period, share, num, den, key=key)
        return None

    def _derive_range(
        self, parts: list[Value], key: int, period: Period, marker: str
    ) -> Value | None:
        """A period from parts some of which are withheld: an interval if all are bounded.

        A flow: the sum of the parts' intervals. A level with counts: the summed
        numerators (intervals) over the summed denominators. Otherwise withheld.
        """
        plain = Value(period, None, suppressed=marker, key=key)
        withheld = next((p.withheld for p in parts if p.withheld is not None), None)
        if self.indicator.measure is Measure.FLOW:
            bounds = [p.bounds() for p in parts]
            if any(b is None for b in bounds):
                return plain
            low = sum(b[0] for b in bounds if b is not None)
            high = sum(b[1] for b in bounds if b is not None)
            flow = Value(
                period, None, suppressed=marker, key=key, low=low, high=high, withheld=withheld
            )
            flow.derived = True
            return flow
        counts = [p.count_bounds() for p in parts]
        if any(c is None for c in counts) or any(p.denominator is None for p in parts):
            return plain
        den = sum(p.denominator or 0.0 for p in parts)
        num_low = sum(c[0] for c in counts if c is not None)
        num_high = sum(c[1] for c in counts if c is not None)
        scale = 100.0 if self.indicator.is_percent else 1.0
        level = Value(
            period, None, None, den, marker, key=key,
            low=num_low / den * scale, high=num_high / den * scale,
            num_low=num_low, num_high=num_high, withheld=withheld,
        )  # fmt: skip
        level.derived = True
        return level

    def _parents(self, values: Iterable[Value]) -> set[int]:
        """The keys of the quarters and plan years that ``values`` help derive."""
        parents: set[int] = set()
        year_offset = self.year_offset
        for value in values:
            base, offset = divmod(value.key, _PER_YEAR)
            if offset in (0, _CALENDAR):
                continue
            number = offset if offset < _MONTHS_FROM else 1 + (offset - _MONTHS_FROM) // 3
            if offset >= _MONTHS_FROM:
                parents.add(base * _PER_YEAR + number)
            if year_offset == 0:
                parents.add(base * _PER_YEAR)
            else:  # Q4 of N/N+1 ends calendar year N+1; Q1-Q3 lie in calendar year N
                parents.add((base + 1 if number == 4 else base) * _PER_YEAR + _CALENDAR)
        return parents

    def latest_level(
        self, before: dt.date, *, ranged: bool = True
    ) -> tuple[Value | None, bool, Period | None]:
        """The latest usable value ending after history and on/before ``before``.

        Candidates are the recorded values of any granularity and the quarters and plan
        years (financial, or calendar for a calendar-year plan) derived from them. The
        latest end date wins; at the same end date the longer period wins (a year over its
        last quarter over its last month: it rests on more cases).

        A withheld value with a declared range is a candidate too (unless ``ranged`` is
        false): it is judged at both ends.

        Returns the value, whether suppressed values were passed over, and the period of
        the latest withheld value that ends after the value returned (None if none does).
        """
        best: Value | None = None
        best_key: tuple[dt.date, int] | None = None
        withheld = False
        latest_withheld: Value | None = None
        history_end = self.history_end
        recorded = [v for v in self.recorded.values() if history_end < v.end <= before]
        recorded_keys = self.recorded
        derived = [self.at_key(k) for k in self._parents(recorded) if k not in recorded_keys]
        for value in [*recorded, *derived]:
            if value is None or not history_end < value.end <= before:
                continue
            if value.suppressed is not None and not (ranged and value.low is not None):
                withheld = True
                if latest_withheld is None or value.end > latest_withheld.end:
                    latest_withheld = value
                continue
            key = (value.end, _LENGTH_RANK[value.key % _PER_YEAR])
            if best_key is None or key > best_key:
                best, best_key = value, key
        later = latest_withheld
        if best is None or later is None or later.end <= best.end:
            return best, withheld, None
        return best, withheld, later.period

    def year_to_date(self, period: Period, as_of: dt.date) -> tuple[list[Value], dt.date | None]:
        """The parts of ``period`` recorded by ``as_of``, in order (a flow's in-year total).

        A year's parts are its quarters, each its own value or else its recorded months; a
        quarter's parts are its months. Nothing is counted twice. The parts run unbroken
        from the start of ``period``: a part not recorded ends the total there (Q1 = 6,
        Q2 missing, Q3 = 3 is a year-to-date total of 6 to the end of Q1, never 9 to the
        end of Q3, which would count Q2 as nothing).

        Returns the parts and, when a part is missing while a later one is recorded, the
        date the missing part starts (None otherwise).
        """
        recorded = self.recorded
        if isinstance(period, Quarter):
            keys: list[int] = list(_month_keys(key_of(period)))
        else:
            keys = []
            for quarter_key in _year_quarter_keys(key_of(period)):
                if quarter_key in recorded:
                    keys.append(quarter_key)
                else:
                    keys.extend(_month_keys(quarter_key))
        parts: list[Value] = []
        for number, key in enumerate(keys):
            value = recorded.get(key)
            if value is None or value.end > as_of:
                later = (recorded.get(k) for k in keys[number + 1 :])
                if value is None and any(v is not None and v.end <= as_of for v in later):
                    start = parts[-1].end + dt.timedelta(days=1) if parts else period.start
                    return parts, start
                break
            parts.append(value)
        return parts, None

    def travel(self, value: Value, *, year_on_year: bool = False) -> Travel:
        """Direction of travel against the previous value of the same granularity.

        With ``year_on_year``, against the same period a year earlier instead (2024/25 Q2
        against 2023/24 Q2, May 2025 against May 2024, 2024/25 against 2023/24).
        """
        if value.value is None:
            return Travel.UNKNOWN
        key = value.key
        earlier = key - _PER_YEAR if year_on_year else _previous_key(key)
        if earlier == self.base_key and self.plan_baseline is not None:
            before: float | None = self.plan_baseline  # what actual() gives for it
        else:
            found = self.at_key(earlier)
            before = None if found is None else found.value
        if before is None:
            return Travel.UNKNOWN
        change = (value.value - before) * self.sign
        if close(value.value, before):
            return Travel.NO_CHANGE
        return Travel.IMPROVING if change > 0 else Travel.WORSENING


def _previous_key(key: int) -> int:
    """The key of the period before the one with ``key``, of the same granularity.

    A year (financial or calendar): the year before. A quarter: the one before (Q4 of the
    year before Q1). A month: the one before (March, the last month of the financial
    year before, before April).
    """
    offset = key % _PER_YEAR
    if offset in (0, _CALENDAR):
        return key - _PER_YEAR
    if offset == 1:  # Q1: Q4 of the year before
        return key - _PER_YEAR + 3
    if offset == _MONTHS_FROM:  # April: March of the year before
        return key - _PER_YEAR + 11
    return key - 1


class Index(NamedTuple):
    """What one pass over the observations finds (see :func:`index_observations`)."""

    values: dict[str, dict[int, Value]]
    """The partnership's own values ending by ``as_of``, by indicator id and period key."""
    all_values: list[tuple[int, Value]]
    """Every own value without a problem, with its place in the list."""
    compared: dict[str, dict[str, dict[int, Value]]]
    """The comparators' values ending by ``as_of``, by indicator, comparator and key."""
    late: list[int]
    """The places of the comparators' values after the plan's last year."""
    problems: list[Problem]
    """The problems, in the order of the observations."""
    checked: list[tuple[int, Observation, Indicator, float]]
    """Each own value that is not withheld, with its place, observation and indicator
    (what the plausibility checks read)."""
    years: bool
    """Whether any own observation is of a financial or calendar year."""
    commented: dict[str, list[Observation]]
    """The own observations with a commentary or corrective action, by indicator."""


_YEAR_TYPES = (FinancialYear, CalendarYear)


def index_observations(  # noqa: C901, PLR0912, PLR0915 - one pass, for speed
    plan: Plan, observations: Iterable[Observation], as_of: dt.date
) -> Index:
    """Every observation normalised and indexed, the partnership's own and each comparator's.

    One pass over the observations. The partnership's own values are indexed by indicator
    and period; a comparator's (``Observation.comparator``) by indicator, comparator and
    period (never the partnership's actual). Values of periods ending after ``as_of`` are
    checked but not indexed. Each problem is located at its observation's field: an
    unknown indicator or comparator, a second value for the same indicator and period
    (and comparator), a value the rules refuse.
    """
    problems: list[Problem] = []
    by_indicator: dict[str, dict[int, Value]] = {i.id: {} for i in plan.indicators}
    indicators = {i.id: i for i in plan.indicators}
    # each indicator, whether it is a percentage, where each period's value was first
    # given, and its values by key: one look-up per observation
    about: dict[str, tuple[Indicator, bool, dict[int, int], dict[int, Value]]] = {
        i.id: (i, i.is_percent, {}, by_indicator[i.id]) for i in plan.indicators
    }
    all_values: list[tuple[int, Value]] = []
    checked: list[tuple[int, Observation, Indicator, float]] = []
    commented: dict[str, list[Observation]] = {}
    convention = WithheldRange.parse(plan.withheld) if plan.withheld is not None else None
    last = plan.end.end
    compared: dict[str, dict[str, dict[int, Value]]] = {}
    late: list[int] = []
    declared = [c.id for c in plan.comparators]
    known = set(declared)
    seen_compared: dict[tuple[str, str, int], int] = {}
    facts = _FACTS.get
    years = False
    year_types = _YEAR_TYPES
    value: Value | None
    for number, obs in enumerate(observations):
        comparator = obs.comparator
        period = obs.period
        if comparator is None and period.__class__ in year_types:
            years = True
        if comparator is not None and comparator not in known:
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
        mine = about.get(obs.indicator)
        if mine is None:
            problems.append(
                Problem(
                    location=f"observations[{number}].indicator",
                    message="the plan has no indicator with this id"
                    + did_you_mean(obs.indicator, indicators),
                    value=obs.indicator,
                )
            )
            continue
        indicator, percent, seen, own = mine
        found_facts = facts(period)
        period_key, end = found_facts if found_facts is not None else _facts(period)
        if comparator is None:
            if period_key in seen:
                problems.append(
                    Problem(
                        location=f"observations[{number}].period",
                        message=f"{obs.indicator} already has a value for {period} "
                        f"(observations[{seen[period_key]}]); give one value per indicator "
                        "and period",
                        value=str(period),
                    )
                )
                continue
            seen[period_key] = number
        else:
            key = (obs.indicator, comparator, period_key)
            if key in seen_compared:
                problems.append(
                    Problem(
                        location=f"observations[{number}].period",
                        message=f"{obs.indicator} already has a value for {period} for the "
                        f"comparator {comparator} (observations[{seen_compared[key]}]); give "
                        "one value per indicator, comparator and period",
                        value=str(period),
                    )
                )
                continue
            seen_compared[key] = number
        value = quick_value(obs, period_key, end, percent=percent)
        if value is None:  # not one of the common cases: the full check
            value, found = normalise(
                obs, indicator, period_key, convention if comparator is None else None
            )
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
        if comparator is not None:
            if end > last:
                late.append(number)
            if end <= as_of:
                compared.setdefault(obs.indicator, {}).setdefault(comparator, {})[period_key] = (
                    value
                )
            continue
        all_values.append((number, value))
        if value.end <= as_of:
            own[period_key] = value
        if obs.suppressed is None and value.value is not None:
            checked.append((number, obs, indicator, value.value))
        if obs.commented:
            commented.setdefault(obs.indicator, []).append(obs)
    return Index(
        by_indicator, all_values, compared, late, problems, checked, years, commented
    )


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
