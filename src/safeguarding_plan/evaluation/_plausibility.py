"""Plausibility: values that are legal but almost certainly typed wrong, as located warnings.

The checks (each a :class:`~safeguarding_plan.Problem` of severity WARNING, naming the
row (``q1.csv, line 7, column value``, or ``observations[3].value`` for an observation
that was not read from a file) and saying how far off the value is):

* **a fraction for a percent**: a value in (0, 1] for a percent indicator whose plan
  figures (baseline, target values) are above 1, when a hundred times it would sit among
  those figures (:func:`~safeguarding_plan.model.typed_as_a_fraction`):
  ``0.64`` typed for ``64`` among figures from 44% to 84%, but not 0.6% against a target
  of at most 5%, a real small percentage;
* **far outside**: a value more than :data:`FAR_FACTOR` (10) times the largest of
  everything else recorded for the indicator (its plan figures and every other value
  given for it; for a flow, only the values of the same kind of period, since its
  quarters add up to its years), or, for a level, below a tenth of the smallest
  positive one;
* **a count that is not a whole number** (``12.5`` referrals);
* **a year that disagrees with its quarters**: a flow's year against the sum of its four
  quarters; a level given with counts, against the quarters' summed numerators over their
  summed denominators (a withheld quarter with a declared range: against the interval);
* **a revision** (:func:`combine_observations`): a later file gives another value for
  the same indicator and period (and comparator); both are shown.

A comparator's values (``Observation.comparator``: England, the region) are someone
else's figures and are not checked, except for revisions.

``evaluate`` puts these warnings in :attr:`Report.problems`; ``safeguarding-plan validate``
and the command line print them, and ``--strict`` turns them into errors.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from safeguarding_plan._format import format_number
from safeguarding_plan.errors import Problem, Severity
from safeguarding_plan.evaluation._series import key_of
from safeguarding_plan.model import (
    Indicator,
    Measure,
    Plan,
    _percent_figures,
    format_value,
    typed_as_a_fraction,
)
from safeguarding_plan.observations import (
    Observation,
    WithheldRange,
    _decimals,
    checked_value,
)
from safeguarding_plan.periods import CalendarYear, FinancialYear, Quarter

__all__ = ["FAR_FACTOR", "combine_observations", "plausibility_problems"]

FAR_FACTOR = 10.0
"""How many times beyond everything else recorded a value must lie to be "far outside"."""


def _where(obs: Observation, number: int, column: str) -> str:
    if obs.location:
        return f"{obs.location}, column {column}"
    return f"observations[{number}].{column}"


def _warn(obs: Observation, number: int, column: str, message: str, value: object) -> Problem:
    return Problem(
        location=_where(obs, number, column),
        message=f"{obs.indicator} {obs.period}: {message}",
        value=value,
        severity=Severity.WARNING,
    )


_HUGE_RATIO = 1e9
"""Beyond this a ratio is said as "more than 1,000,000,000" (a tiny value may make it inf)."""


def _times(ratio: float) -> str:
    if not ratio < _HUGE_RATIO:  # also inf and nan: 5e-324 against 5 overflows the ratio
        return f"more than {format_number(_HUGE_RATIO)}"
    return format_number(round(ratio, 1) if ratio < 100 else round(ratio))


def plausibility_problems(plan: Plan, observations: Iterable[Observation]) -> tuple[Problem, ...]:
    """Warnings about values that are legal but almost certainly wrong, each naming its row.

    See the module's description for the rules. Observations of indicators the plan does
    not have, or whose figures are refused, are left to the other checks.

    Example:
        0.64 typed for 64% on the way from 84% to 64%:

        >>> from safeguarding_plan import Observation, plausibility_problems
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> typed = Observation(indicator="s42-non-conversion", period="2023/24 Q2",
        ...                     value=0.64, location="q2.csv, line 3")
        >>> for problem in plausibility_problems(stockport_2023_26(), [typed]):
        ...     print(problem)
        q2.csv, line 3, column value: s42-non-conversion 2023/24 Q2: a percentage between
        0 and 1 where the plan's figures for it run up to 84%: is it a fraction typed for
        64%? (given: 0.64)
    """
    return _plausibility(plan, list(observations))


_Values = list[tuple[int, Observation, Indicator, float, tuple[str, type | None]]]
"""Each observation with a value: its place, itself, its indicator, its value and the key
of the group it is compared with."""


def _plausibility(
    plan: Plan,
    observations: Sequence[Observation],
    normalised: Mapping[int, float | None] | None = None,
) -> tuple[Problem, ...]:
    """:func:`plausibility_problems`, reusing the values ``evaluate`` worked out.

    ``normalised`` gives each observation's value in its indicator's unit by its place in
    the list (None: worked out here).
    """
    indicators = {i.id: i for i in plan.indicators}
    percent_figures = {k: [f for _, f in v] for k, v in _percent_figures(plan).items()}
    values, members, years = _values(plan, observations, indicators, normalised)
    groups = {key: _Extremes(figures) for key, figures in members.items()}
    found: list[Problem] = []
    for number, obs, indicator, value, group in values:
        given = obs.value if obs.value.__class__ is float and obs.denominator is None else None
        plain = given is None or not (0 < given <= 1 or indicator.unit == "count")
        if plain and groups[group].inside(value):
            continue  # no fraction, no count, well inside the rest: nothing to say (usual)
        found += _value_problems(
            obs, number, indicator, value, percent_figures=percent_figures, groups=groups
        )
    if years:
        found += _years_against_quarters(plan, observations, indicators)
    return tuple(found)


def _values(
    plan: Plan,
    observations: Sequence[Observation],
    indicators: Mapping[str, Indicator],
    normalised: Mapping[int, float | None] | None,
) -> tuple[_Values, dict[tuple[str, type | None], list[float]], bool]:
    """The observations with values, the figures of each group, and whether any is of a year.

    Whether any of the partnership's own observations is of a year decides whether years
    are checked against their quarters. A group is an indicator's plan figures and values
    (key ``(id, None)``), and for a flow also those of one kind of period (key ``(id,
    Quarter)``); each value is listed with the key of the group it is compared with.
    """
    plan_figures = _plan_figures(plan)
    values: _Values = []
    members: dict[tuple[str, type | None], list[float]] = {}
    flow = Measure.FLOW
    years = False
    year_types = (FinancialYear, CalendarYear)
    for number, obs in enumerate(observations):
        if obs.comparator is not None:
            continue
        kind = obs.period.__class__
        if kind in year_types:
            years = True
        if obs.suppressed is not None:
            continue
        indicator = indicators.get(obs.indicator)
        if indicator is None:
            continue
        value = normalised.get(number) if normalised is not None else _checked(obs, indicator)
        if value is None:
            continue
        key: tuple[str, type | None] = (obs.indicator, None)
        group = members.get(key)
        if group is None:
            group = members[key] = list(plan_figures.get(obs.indicator, ()))
        group.append(value)
        if indicator.measure is flow:
            key = (obs.indicator, kind)
            group = members.get(key)
            if group is None:
                group = members[key] = list(plan_figures.get(obs.indicator, ()))
            group.append(value)
        values.append((number, obs, indicator, value, key))
    return values, members, years


def _checked(obs: Observation, indicator: Indicator) -> float | None:
    value, problems = checked_value(obs, indicator)
    return None if problems else value


def _value_problems(
    obs: Observation,
    number: int,
    indicator: Indicator,
    value: float,
    *,
    percent_figures: dict[str, list[float]],
    groups: dict[tuple[str, type | None], _Extremes],
) -> list[Problem]:
    """The warnings about one observation's own value."""
    given = obs.value if obs.value.__class__ is float and obs.denominator is None else None
    above = (
        [f for f in percent_figures.get(indicator.id, ()) if f > 1]
        if given is not None and 0 < given <= 1 and indicator.is_percent
        else None
    )
    if given is not None and above and typed_as_a_fraction(given, above):
        return [
            _warn(
                obs,
                number,
                "value",
                f"a percentage between 0 and 1 where the plan's figures for it run up "
                f"to {format_value(max(above), 'percent')}: is it a fraction typed for "
                f"{format_value(given * 100, 'percent')}?",
                given,
            )
        ]
    found = []
    if given is not None and indicator.unit == "count" and not given.is_integer():
        found.append(_warn(obs, number, "value", "a count that is not a whole number", given))
    # a flow's quarters add up to its years: compare with the same kind of period
    flow = indicator.measure is Measure.FLOW
    far = groups[indicator.id, type(obs.period) if flow else None].far(indicator, value)
    if far is not None:
        shown = given if given is not None else indicator.format(value)
        found.append(_warn(obs, number, "value", far, shown))
    return found


def _plan_figures(plan: Plan) -> dict[str, list[float]]:
    figures: dict[str, list[float]] = {}
    for ind in plan.indicators:
        if ind.baseline is not None and ind.baseline.value is not None:
            figures.setdefault(ind.id, []).append(ind.baseline.value)
    for target in plan.iter_targets():
        for name in ("value", "low", "high"):
            figure = getattr(target.rule, name, None)
            if isinstance(figure, int | float) and not isinstance(figure, bool):
                figures.setdefault(target.indicator, []).append(float(figure))
    return figures


class _Extremes:
    """The two largest magnitudes and two smallest positive figures of a group.

    Each member is then compared with the rest of its group in constant time.
    """

    def __init__(self, figures: Sequence[float]) -> None:
        # the two largest |figure|, largest first; the two smallest positive, smallest first
        self.largest: list[float] = sorted(map(abs, figures), reverse=True)[:2]
        self.smallest: list[float] = sorted(f for f in figures if f > 0)[:2]

    @staticmethod
    def _other(pair: list[float], value: float) -> float | None:
        """The extreme of the group without one member equal to ``value``."""
        if not pair:
            return None
        if pair[0] == value:
            return pair[1] if len(pair) > 1 else None
        return pair[0]

    def inside(self, value: float) -> bool:
        """Whether ``value`` is well inside the rest, whichever member it is (the usual case)."""
        largest_two, smallest_two = self.largest, self.smallest
        return (
            len(largest_two) > 1
            and abs(value) <= FAR_FACTOR * largest_two[1]
            and (not smallest_two or value * FAR_FACTOR >= smallest_two[-1] or value <= 0)
        )

    def far(self, indicator: Indicator, value: float) -> str | None:
        """Words saying how far outside the rest of the group ``value`` lies, or None."""
        if self.inside(value):
            return None
        largest = self._other(self.largest, abs(value))
        if largest is not None and largest > 0 and abs(value) > FAR_FACTOR * largest:
            return (
                f"{_times(abs(value) / largest)} times the largest other figure recorded for "
                f"it ({indicator.format(largest)}); values more than {_times(FAR_FACTOR)} "
                "times beyond everything else recorded are flagged"
            )
        smallest = self._other(self.smallest, value) if value > 0 else None
        level = indicator.measure is not Measure.FLOW
        if level and smallest is not None and value * FAR_FACTOR < smallest:
            return (
                f"{_times(smallest / value)} times smaller than the smallest other figure "
                f"recorded for it ({indicator.format(smallest)}); values more than "
                f"{_times(FAR_FACTOR)} times beyond everything else recorded are flagged"
            )
        return None


def _bounds(obs: Observation, indicator: Indicator, plan: Plan) -> tuple[float, float] | None:
    if obs.suppressed is None:
        value, problems = checked_value(obs, indicator)
        return None if problems or value is None else (value, value)
    withheld = obs.withheld or (WithheldRange.parse(plan.withheld) if plan.withheld else None)
    if withheld is None or indicator.unit != "count":
        return None
    return float(withheld.low), float(withheld.high)


def _years_against_quarters(
    plan: Plan, observations: Sequence[Observation], indicators: dict[str, Indicator]
) -> list[Problem]:
    ours = [(n, o) for n, o in enumerate(observations) if o.comparator is None]
    index = {(o.indicator, key_of(o.period)): (n, o) for n, o in ours}
    found: list[Problem] = []
    for number, obs in ours:
        indicator = indicators.get(obs.indicator)
        period = obs.period
        if indicator is None or not isinstance(period, FinancialYear | CalendarYear):
            continue
        quarters = _quarters_of(period)
        parts = [index.get((obs.indicator, key_of(q))) for q in quarters]
        if any(p is None for p in parts):
            continue
        quarter_obs = [p[1] for p in parts if p is not None]
        if indicator.measure is Measure.FLOW:
            own = _bounds(obs, indicator, plan)
            bounds = [_bounds(q, indicator, plan) for q in quarter_obs]
            if own is None or own[0] != own[1] or any(b is None for b in bounds):
                continue
            low = sum(b[0] for b in bounds if b is not None)
            high = sum(b[1] for b in bounds if b is not None)
            if not low - 1e-9 <= own[0] <= high + 1e-9:
                total = (
                    indicator.format(low)
                    if low == high
                    else (f"{indicator.format(low)} to {indicator.format(high)}")
                )
                found.append(
                    _warn(
                        obs,
                        number,
                        "value",
                        f"the year's own value {indicator.format(own[0])} disagrees with the "
                        f"sum of its four quarters, {total}",
                        own[0],
                    )
                )
            continue
        found += _level_year(obs, number, indicator, quarter_obs)
    return found


def _level_year(
    obs: Observation, number: int, indicator: Indicator, quarters: list[Observation]
) -> list[Problem]:
    if obs.suppressed is not None or any(
        q.suppressed is not None or q.numerator is None or q.denominator is None for q in quarters
    ):
        return []
    num = sum(q.numerator or 0.0 for q in quarters)
    den = sum(q.denominator or 0.0 for q in quarters)
    share = num / den * (100.0 if indicator.is_percent else 1.0)
    counts = f"{format_number(num)} of {format_number(den)}"
    if obs.numerator is not None and obs.denominator is not None:
        if (obs.numerator, obs.denominator) != (num, den):
            mine = f"{format_number(obs.numerator)} of {format_number(obs.denominator)}"
            return [
                _warn(
                    obs,
                    number,
                    "numerator",
                    f"the year's own counts, {mine}, disagree with its four quarters' summed "
                    f"counts, {counts}",
                    mine,
                )
            ]
        return []
    value, problems = checked_value(obs, indicator)
    if problems or value is None or not isinstance(obs.value, float):
        return []
    allowance = 0.5 * 10 ** -_decimals(obs.value) + 1e-9 * max(1.0, share)
    if math.fabs(value - share) > allowance:
        return [
            _warn(
                obs,
                number,
                "value",
                f"the year's own value {indicator.format(value)} disagrees with its four "
                f"quarters' summed counts, {counts} ({indicator.format(share)})",
                obs.value,
            )
        ]
    return []


def _quarters_of(period: FinancialYear | CalendarYear) -> list[Quarter]:
    if isinstance(period, FinancialYear):
        return [Quarter(period, n) for n in (1, 2, 3, 4)]
    before = FinancialYear(period.number - 1)
    this = FinancialYear(period.number)
    return [Quarter(before, 4), Quarter(this, 1), Quarter(this, 2), Quarter(this, 3)]


def _shown(obs: Observation) -> str:
    if obs.suppressed is not None:
        return f"withheld ({obs.suppressed!r})"
    if obs.value is None and obs.denominator is not None:
        return f"{format_number(obs.numerator or 0.0)} of {format_number(obs.denominator)}"
    value = obs.value
    return format_number(value) if isinstance(value, float) else str(value)


def _figures(obs: Observation) -> tuple[object, ...]:
    return (str(obs.value), obs.numerator, obs.denominator, obs.suppressed)


def combine_observations(
    *batches: Iterable[Observation],
) -> tuple[tuple[Observation, ...], tuple[Problem, ...]]:
    """Several files' observations as one, a later file's value revising an earlier one's.

    Each indicator and period keeps the value of the last batch that gives it, in the
    place it was first given. A value that changed is a revision: a warning, located at
    the later row, shows both values (and where the earlier one was). Giving the same
    figures again is not a revision.

    Returns:
        The combined observations and the revision warnings (pass them to
        :func:`~safeguarding_plan.evaluate` as ``notes=`` to keep them in the report).

    Example:
        >>> from safeguarding_plan import Observation, combine_observations
        >>> q1 = Observation(indicator="sar-referrals", period="2023/24 Q1", value=2,
        ...                  location="q1.csv, line 2")
        >>> again = Observation(indicator="sar-referrals", period="2023/24 Q1", value=3,
        ...                     location="q2.csv, line 2")
        >>> combined, revisions = combine_observations([q1], [again])
        >>> combined[0].value
        3.0
        >>> print(revisions[0])
        q2.csv, line 2, column value: sar-referrals 2023/24 Q1: revised from 2 (q1.csv, line
        2) to 3 (given: '3')
    """
    kept: dict[tuple[str, int, str | None], Observation] = {}
    found: list[Problem] = []
    for batch_number, batch in enumerate(batches):
        for number, obs in enumerate(batch):
            key = (obs.indicator, key_of(obs.period), obs.comparator)
            earlier = kept.get(key)
            if earlier is not None and _figures(earlier) != _figures(obs):
                where = f" ({earlier.location})" if earlier.location else ""
                found.append(
                    Problem(
                        location=obs.location + ", column value"
                        if obs.location
                        else f"batches[{batch_number}][{number}].value",
                        message=f"{obs.indicator} {obs.period}: revised from "
                        f"{_shown(earlier)}{where} to {_shown(obs)}",
                        value=_shown(obs),
                        severity=Severity.WARNING,
                    )
                )
            kept[key] = obs
    return tuple(kept.values()), tuple(found)
