"""A floor for ``evaluate``: the same fields, computed with plain floats, tuples and dicts.

:func:`floor_evaluate` takes what ``evaluate`` takes (a plan, its observations, a date)
and computes what ``evaluate`` computes for them:

* **the checks on the data**, in the one pass that indexes it: an unknown indicator or
  comparator, a second value for the same indicator and period (and comparator), a value
  the rules refuse (a plain number outside 0-100 for a percentage, a negative count, a
  value that disagrees with its numerator and denominator, rounded to the decimals it is
  written with). Any of them raises :class:`ValueError` whose argument is a tuple of
  ``(place in the list, field)``, as ``evaluate`` raises ``ObservationError``;
* **every target's fields** (:data:`TARGET_FIELDS`): status, RAG, actual, the period of
  the actual, expected, target value, baseline, reference, gap, progress, shortfall,
  tolerance, direction of travel (against the previous period, and year on year), the
  Wilson interval of a sample and whether it settles the goal (the confidence); the
  reason's goal, the goal compared with, the date of ``expected``, the margin, whether a
  miss is within the tolerance, the counts and the period of a later withheld value
  passed over for the actual; each comparator's value, difference,
  benchmark (better, similar or worse: the Wilson intervals overlap, else within the
  tolerance), tolerance and interval; the commentary (the latest commented own value
  within the target's period, by the date judged); and, for a target whose period has
  not ended, the forecast (a level: least squares over its last three years' quarters,
  else years, with an 80% Student-t prediction interval, the slope and the outlook; a
  flow: its run rate, year-to-date total, days and tolerance; or why there is none);
* each indicator's **trajectory** (its points by date), drawn once per indicator;
* for every action its status and RAG; for every qualitative outcome its status; the
  **roll-ups** (counts by status and by RAG, the worst RAG, the items and those judged)
  per priority, per partnership (an action once) and for the plan;
* the **warnings** ``evaluate`` adds to its problems, in its order, each as
  ``(kind, where)``: the plan not started, a recorded baseline that conflicts with the
  plan's, a value (own, then a comparator's) after the plan's last year, a period over
  without its value; and the number of plausibility warnings (a fraction typed for a
  percentage, a count that is not whole, a value ten times beyond the rest of its group);
* the observations, kept as a tuple.

It has no classes and no English: ``evaluate`` writes its sentences (explanations,
messages, the tolerance sentence) only when one is read, so the floor leaves them out, and
it returns neither labels nor titles (copies of the plan's). It knows only what the
benchmark's plans use and refuses (``NotImplementedError``) the rest: values of quarters
(a year is derived from its quarters: no values of years, months or calendar years, and
so no check of a year against its quarters);
at least, at most, between, relative change and improve; the default tolerance of 5% of
the value compared with; no withheld ranges (an observation that declares one, or a plan
convention); no pint quantities; no action updates or assessments (actions are overdue or
without an update); no two targets of one indicator ending on the same date. Of the
reason it leaves out the kind (it follows from the status and whether the period is
over), the figures repeated from the result, and two facts about a grey target: which
reference is missing, and the date after which in-year values count; of a forecast, its
date and goal (the target's); of a comparison, its label and period (the comparator's and
the actual's). The t quantile is the library's own ``t_quantile``
(bisection on the incomplete beta function), looked up once per degrees of freedom, as
the engine's cache does. It is what the engine could not do with less work: the ratio of
``evaluate``'s time to this one's is the engine's overhead.

``bench_national.py`` checks that both give the same answers before timing them.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_right
from typing import Any

from safeguarding_plan.evaluation._forecast import t_quantile
from safeguarding_plan.periods import CalendarYear, FinancialYear, Month

_RELATIVE = 0.05
_EPS = 1e-9
_Z = 1.959963984540054
_FAR = 10.0
_NOT_KNOWN = (Month, CalendarYear, FinancialYear)
_QUARTER_END = {1: (0, 6, 30), 2: (0, 9, 30), 3: (0, 12, 31), 4: (1, 3, 31)}
_WORST = {"red": 3, "amber": 2, "green": 1}
_IN_YEAR_RAG = {"on_track": "green", "at_risk": "amber", "off_track": "red"}

TARGET_FIELDS = (
    "status", "rag", "actual", "period", "expected", "target_value", "baseline",
    "reference", "gap", "progress", "shortfall", "tolerance", "direction", "interval",
    "confidence", "year_on_year", "goal", "compared_with", "expected_on", "margin",
    "within_tolerance", "counts", "passed_over", "comparators", "commentary", "forecast",
)  # fmt: skip
"""The fields of a target's tuple, in order (``period`` a key ``(start year, quarter)``,
0 for the year; ``expected_on`` a day's ordinal; a goal ``(sense, value, low, high)``)."""

FORECAST_FIELDS = (
    "outlook", "basis", "value", "interval", "periods", "granularity", "slope", "total",
    "elapsed", "days", "tolerance", "found",
)  # fmt: skip
"""The fields of a forecast's tuple, in order (``periods`` as keys)."""

COMPARATOR_FIELDS = (
    "comparator", "value", "difference", "benchmark", "tolerance", "interval", "by_intervals",
)  # fmt: skip
"""The fields of a comparison's tuple, in order."""


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= _EPS * max(1.0, abs(a), abs(b))


def _tidy(x: float | None) -> float | None:
    return None if x is None else round(x, 10) + 0.0


def _key(period: Any) -> tuple[int, int]:
    """(start year, quarter number), 0 for the whole year."""
    number = getattr(period, "number", None)
    if number is None:
        return (period.start_year, 0)
    return (period.year.start_year, number)


_ENDS: dict[tuple[int, int], int] = {}


def _end(key: tuple[int, int]) -> int:
    """The ordinal of the last day of the period with ``key``."""
    found = _ENDS.get(key)
    if found is None:
        year, number = key
        later, month, day = _QUARTER_END[number or 4]
        found = _ENDS[key] = dt.date(year + later, month, day).toordinal()
    return found


def _decimals(number: float) -> int:
    """The decimal places ``number`` is written with, trailing zeros aside (68.80 -> 1)."""
    text = format(abs(number), ".15g")
    mantissa, _, exponent = text.partition("e")
    fraction = mantissa.partition(".")[2].rstrip("0")
    return max(0, len(fraction) - int(exponent or 0))


def _refused(value: float, share: float | None, percent: bool, count: bool) -> int:
    """How many of the rules a value breaks: a percentage within 0-100, a count not
    negative, a value given with counts equal to their share as written."""
    broken = int(percent and not 0.0 <= value <= 100.0) + int(count and value < 0)
    if share is not None:
        tolerance = 0.5 * 10.0 ** -_decimals(value) + _EPS * max(1.0, share)
        broken += abs(value - share) > tolerance
    return broken


_Index = dict[str, dict[tuple[int, int], tuple]]


def _index(  # noqa: C901, PLR0912, PLR0915 - one pass, as the engine's
    plan: Any, observations: tuple, today: int
) -> tuple[_Index, dict[str, _Index], list, dict[str, list], list, list]:
    """One pass over the observations, checking each.

    Returns the plan's own values ending by ``today`` by indicator and period key, each
    ``(value, numerator, denominator, marker, end)``; the comparators' by indicator and
    comparator (every period: the floor looks up only periods that have ended); every own
    value with its observation, for the plausibility checks; the commented own
    observations by indicator, each ``(key, end, observation)``; and the places of the own
    and of the comparators' values after the plan's last year.

    Raises:
        ValueError: whose argument is a tuple of ``(place, field)``, one for each problem.
    """
    kinds = {i.id: (i.is_percent, i.unit == "count", {}, {}) for i in plan.indicators}
    out: _Index = {k: v[3] for k, v in kinds.items()}
    known = {c.id for c in plan.comparators}
    compared: dict[str, _Index] = {}
    given, late, late_compared, problems = [], [], [], []
    commented: dict[str, list] = {}
    last = plan.end.end.toordinal()
    for n, o in enumerate(observations):
        comparator, period = o.comparator, o.period
        if o.withheld is not None or isinstance(period, _NOT_KNOWN):
            raise NotImplementedError("the floor knows no withheld ranges, months or years")
        if comparator is not None and comparator not in known:
            problems.append((n, "comparator"))
            continue
        kind = kinds.get(o.indicator)
        if kind is None:
            problems.append((n, "indicator"))
            continue
        percent, count, seen, recorded = kind
        key = _key(period)
        if comparator is None:
            if key in seen:
                problems.append((n, "period"))
                continue
            seen[key] = n
        else:
            theirs = compared.setdefault(o.indicator, {}).setdefault(comparator, {})
            if key in theirs:
                problems.append((n, "period"))
                continue
        value, num, den, marker = o.value, o.numerator, o.denominator, o.suppressed
        if marker is None:
            share = None if den is None else num / den * (100.0 if percent else 1.0)
            if value is None:
                value = share
            elif value.__class__ is not float:
                raise NotImplementedError("the floor knows no pint quantities")
            elif not (share is None and 0.0 <= value <= 100.0):  # else nothing to refuse
                broken = _refused(value, share, percent, count)
                if broken:
                    problems += [(n, "value")] * broken
                    if comparator is not None:
                        theirs[key] = None  # given, if refused: a second one is a problem
                    continue
        end = _end(key)
        row = (value, num, den, marker, end)
        if comparator is not None:
            theirs[key] = row
            if end > last:
                late_compared.append(n)
            continue
        if end <= today:
            recorded[key] = row
        if end > last:
            late.append(n)
        if marker is None:
            given.append((o, key, value))
        if not (
            o.commentary is None
            and o.corrective_action is None
            and o.action_owner is None
            and o.action_due is None
        ):
            commented.setdefault(o.indicator, []).append((key, end, o))
    if problems:
        raise ValueError(tuple(problems))
    return out, compared, given, commented, late, late_compared


def _year(recorded: dict, year: int, flow: bool) -> tuple | None:
    """The year's own value, or one derived from its four quarters."""
    own = recorded.get((year, 0))
    if own is not None:
        return own
    parts = [recorded.get((year, q)) for q in (1, 2, 3, 4)]
    if any(p is None for p in parts):
        return None
    marker = next((p[3] for p in parts if p[3] is not None), None)
    if marker is not None:
        return (None, None, None, marker, _end((year, 0)))
    if flow:
        return (sum(p[0] or 0.0 for p in parts), None, None, None, _end((year, 0)))
    if all(p[2] is not None for p in parts):
        num, den = sum(p[1] for p in parts), sum(p[2] for p in parts)
        return (num / den * 100.0, num, den, None, _end((year, 0)))
    return None


def _at(recorded: dict, key: tuple[int, int], flow: bool) -> tuple | None:
    """The value of the period with ``key``: its own, or a year's from its quarters."""
    return recorded.get(key) if key[1] else _year(recorded, key[0], flow)


def _wilson(num: float, den: float, scale: float) -> tuple[float, float]:
    """The 95% Wilson score interval of ``num`` out of ``den``, times ``scale``."""
    n = float(den)
    p = num / n
    z2 = _Z * _Z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = _Z / denominator * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    low = 0.0 if num == 0 else max(0.0, centre - half)
    high = 1.0 if num == den else min(1.0, centre + half)
    return (low * scale, high * scale)


def floor_evaluate(plan: Any, observations: Any, as_of: dt.date) -> dict[str, Any]:
    """Every field ``evaluate`` computes, as plain data (see the module's docstring)."""
    if plan.withheld is not None:
        raise NotImplementedError("the floor knows no withheld ranges")
    today = as_of.toordinal()
    observations = tuple(observations)
    values, compared, given, commented, late, late_compared = _index(plan, observations, today)
    notes: list[tuple] = []
    if today < plan.start.start.toordinal():
        notes.append(("not_started", None))
    settings, trajectories = _settings(plan, values, notes)
    notes += [("late", n) for n in late]
    notes += [("late_comparator", n) for n in late_compared]
    order = [c.id for c in plan.comparators]
    fits: dict[str, Any] = {}
    targets: dict[str, tuple] = {}
    outcomes: dict[str, tuple[str, str]] = {}
    members: dict[str, list[tuple[str, str]]] = {}
    for priority in plan.priorities:
        mine = members[priority.id] = []
        for outcome in priority.outcomes:
            if outcome.qualitative:
                outcomes[outcome.id] = ("no_data", "grey")
                mine.append(("no_data", "grey"))
            for target in outcome.targets:
                setting = settings[target.indicator]
                result = _target(target, setting, today, compared, order)
                if result[0] == "no_data" and today >= target.period.end.toordinal():
                    notes.append(("overdue", target.id))
                result += (
                    _commentary(target, commented.get(target.indicator, ()), today),
                    None
                    if today >= target.period.end.toordinal()
                    else _forecast(target, setting, today, fits),
                )
                targets[target.id] = result
                mine.append((result[0], result[1]))
    actions, rollups = _actions_and_rollups(plan, today, members)
    everything = [r[:2] for r in targets.values()] + list(actions.values())
    rollups[plan.id] = _rollup(everything + list(outcomes.values()))
    return {
        "targets": targets,
        "actions": actions,
        "outcomes": outcomes,
        "rollups": rollups,
        "trajectories": trajectories,
        "notes": tuple(notes),
        "plausibility": _plausibility(plan, given),
        "observations": observations,
    }


def _actions_and_rollups(plan: Any, today: int, members: dict) -> tuple[dict, dict]:
    """Each action's (status, RAG), and the roll-up of each priority (its targets and
    outcomes, ``members``, and the actions serving it) and each partnership (an action
    once)."""
    actions: dict[str, tuple[str, str]] = {}
    served: dict[str, list[str]] = {p.id: [] for p in plan.priorities}
    for action in plan.iter_actions():
        overdue = today > action.due.end.toordinal()
        actions[action.id] = ("overdue", "red") if overdue else ("no_update", "grey")
        for priority in plan.priorities_served_by(action):
            served[priority.id].append(action.id)
    rollups = {
        key: _rollup(items + [actions[a] for a in served[key]]) for key, items in members.items()
    }
    for partnership in plan.partnerships:
        ids = [p.id for p in plan.priorities if p.partnership == partnership.id]
        if ids:
            items = [i for p in ids for i in members[p]]
            items += [actions[a] for a in dict.fromkeys(a for p in ids for a in served[p])]
            rollups[partnership.id] = _rollup(items)
    return actions, rollups


def _rollup(items: list[tuple[str, str]]) -> tuple[dict, dict, str, int, int]:
    """(counts by status, counts by RAG, the worst RAG, items, items judged)."""
    counts: dict[str, int] = {}
    rags: dict[str, int] = {}
    for status, rag in items:
        counts[status] = counts.get(status, 0) + 1
        rags[rag] = rags.get(rag, 0) + 1
    judged = [rag for rag in rags if rag != "grey"]
    worst = max(judged, key=_WORST.__getitem__) if judged else "grey"
    return counts, rags, worst, len(items), len(items) - rags.get("grey", 0)


def _settings(plan: Any, values: dict, notes: list) -> tuple[dict, dict]:
    """Each indicator's setting, worked out once: ``(indicator, values, flow, up, baseline
    period, baseline, goals by target id, trajectory days, trajectory values, the day after
    which in-year values count)``; and the
    trajectories, ``((day, value), ...)`` by indicator. A recorded baseline that conflicts
    with the plan's is noted."""
    settings: dict[str, tuple] = {}
    trajectories: dict[str, tuple] = {}
    for ind in plan.indicators:
        recorded = values[ind.id]
        flow = ind.measure.value == "flow"
        up = ind.direction.value == "higher_is_better"
        base = ind.baseline
        baseline = None if base is None else _baseline(ind, base, recorded, flow, notes)
        points: dict[int, float] = {}
        if baseline is not None and base is not None:
            points[base.period.end.toordinal()] = baseline
        goals = {}
        for target in plan.targets_for(ind.id):
            goal = goals[target.id] = _goal(target, recorded, base, baseline, up, flow)
            if goal is not None and goal[0] != "between":
                end = target.period.end.toordinal()
                if end in points and (base is None or end != base.period.end.toordinal()):
                    raise NotImplementedError("two targets of one indicator end on one day")
                points[end] = goal[1]
        path = tuple(sorted(points.items()))
        if path:
            trajectories[ind.id] = path
        days = [d for d, _ in path]
        history = (base.period.end if base is not None else plan.start.start).toordinal()
        settings[ind.id] = (ind, recorded, flow, up, base, baseline, goals, days, path, history)
    return settings, trajectories


def _baseline(ind: Any, base: Any, recorded: dict, flow: bool, notes: list) -> float | None:
    """The plan's baseline, else the value recorded for its period; a recorded value that
    conflicts with the plan's is noted."""
    found = _at(recorded, _key(base.period), flow)
    if found is None or found[0] is None:
        return base.value
    if base.value is None:
        return found[0]
    if not _close(found[0], base.value):
        notes.append(("baseline_conflict", ind.id))
    return base.value


def _goal(  # noqa: PLR0917
    target: Any, recorded: dict, base: Any, baseline: float | None, up: bool, flow: bool
) -> tuple | None:
    """(sense, value, low, high, reference) of the target's rule, or None when its
    reference is missing."""
    rule = target.rule
    kind = type(rule).__name__
    if kind == "AtLeast":
        return ("at_least", rule.value, None, None, None)
    if kind == "AtMost":
        return ("at_most", rule.value, None, None, None)
    if kind == "Between":
        return ("between", None, rule.low, rule.high, None)
    if rule.reference.value == "baseline":
        reference = baseline
    else:
        year = target.period.start_year - 1
        if base is not None and base.value is not None and _key(base.period) == (year, 0):
            reference = base.value  # the plan's baseline is that year's value
        else:
            found = _year(recorded, year, flow)
            reference = None if found is None else found[0]
    if reference is None:
        return None
    if kind == "RelativeChange":
        value = _tidy(reference * (1 + rule.percent / 100))
        return ("at_least" if up else "at_most", value, None, None, _tidy(reference))
    if kind == "Improve":
        return ("above" if up else "below", _tidy(reference), None, None, _tidy(reference))
    raise NotImplementedError(kind)


def _met(sense: str, value: float, low: Any, high: Any, actual: float) -> tuple[bool, float]:
    """Whether ``actual`` meets the goal, and the shortfall."""
    if sense == "between":
        if actual < low and not _close(actual, low):
            return False, low - actual
        if actual > high and not _close(actual, high):
            return False, actual - high
        miss = low - actual if actual < low else (actual - high if actual > high else 0.0)
        return True, miss if miss > _EPS * max(1.0, abs(low)) else 0.0
    if sense in ("at_least", "above"):
        miss = value - actual
        met = actual >= value or _close(actual, value)
        if sense == "above":
            met = actual > value and not _close(actual, value)
    else:
        miss = actual - value
        met = actual <= value or _close(actual, value)
        if sense == "below":
            met = actual < value and not _close(actual, value)
    return met, miss if miss > _EPS * max(1.0, abs(value)) else 0.0


def _settles(sense: str, value: float, low: Any, high: Any, interval: tuple) -> bool:
    """Whether the goal judges every value in ``interval`` the same way."""
    same = (
        _met(sense, value, low, high, interval[0])[0]
        == _met(sense, value, low, high, interval[1])[0]
    )
    return same and not (sense == "between" and interval[0] < low and interval[1] > high)


def _grey(status: str, setting: tuple, goal: tuple | None, key: Any = None) -> tuple:
    point = None if goal is None or goal[0] == "between" else goal[1]
    return (
        status, "grey", None, key, None, point, setting[5], None if goal is None else goal[4],
        None, None, None, None, "unknown", None, None, "unknown",
        None if goal is None else goal[:4], None, None, None, None, None, None, (),
    )  # fmt: skip


def _latest_level(recorded: dict, setting: tuple, year: int, last: int) -> tuple:
    """The latest value ending after the baseline (or the plan's start) and by ``last``,
    ``(key, value)`` or None: recorded, or a year derived from its quarters; at one end
    date the year wins. With whether a withheld value was passed over, and the key of the
    latest one if it ends after the value found."""
    flow, history = setting[2], setting[9]
    candidates = [(k, v) for k, v in recorded.items() if history < v[4] <= last]
    for y in range(year - 3, year + 1):  # years derived from their quarters
        derived = None if (y, 0) in recorded else _year(recorded, y, flow)
        if derived is not None and history < derived[4] <= last:
            candidates.append(((y, 0), derived))
    best = withheld = None
    for k, v in candidates:
        if v[0] is None:
            if withheld is None or v[4] > withheld[1][4]:
                withheld = (k, v)
        elif best is None or (v[4], k[1] == 0) > (best[1][4], best[0][1] == 0):
            best = (k, v)
    if withheld is None or best is None or withheld[1][4] <= best[1][4]:
        return best, withheld is not None, None
    return best, True, withheld[0]


def _target(  # noqa: C901, PLR0911, PLR0912, PLR0915
    target: Any, setting: tuple, today: int, compared: dict, order: list[str]
) -> tuple:
    """A target's fields (:data:`TARGET_FIELDS`) but the commentary and the forecast."""
    ind, recorded, flow, up, base, baseline, goals, days, path, _ = setting
    goal = goals[target.id]
    if goal is None:
        return _grey("no_baseline", setting, None)
    sense, point, low, high, _ = goal
    year = target.period.start_year
    end = _end((year, 0))
    expected_on = passed_over = None
    if today >= end:  # the period is over
        value = _year(recorded, year, flow)
        if value is None:
            return _grey("no_data", setting, goal)
        if value[0] is None:
            return _grey("suppressed", setting, goal, (year, 0))
        actual, key, over, pro_rata = value[0], (year, 0), True, False
        now = goal[:4]
    elif flow:
        parts = []
        for q in (1, 2, 3, 4):
            part = recorded.get((year, q))
            if part is None:
                break
            parts.append((q, part))
        if not parts:
            return _grey("no_data", setting, goal)
        if any(p[3] is not None for _, p in parts):
            return _grey("suppressed", setting, goal)
        start = _end((year - 1, 0))
        share = (parts[-1][1][4] - start) / (end - start)
        actual = sum(p[0] or 0.0 for _, p in parts)
        key, value, over, pro_rata = (year, parts[-1][0]), parts[-1][1], False, True
        upward = sense in ("at_least", "above")
        now = ("at_least" if upward else "at_most", point * share, None, None)
        expected_on = value[4]
    else:  # a level in-year: the latest value, against the trajectory
        best, withheld, passed_over = _latest_level(recorded, setting, year, min(today, end))
        if best is None:
            return _grey("suppressed" if withheld else "no_data", setting, goal)
        key, value = best
        actual, over, pro_rata = value[0], False, False
        expected_on = value[4]
        if sense == "between":
            now = goal[:4]
        else:
            i = bisect_right(days, value[4])
            if not path:
                expected = point
            elif i == 0:
                expected = path[0][1]
            elif i == len(path):
                expected = path[-1][1]
            else:
                (d0, v0), (d1, v1) = path[i - 1], path[i]
                expected = v0 + (v1 - v0) * (value[4] - d0) / (d1 - d0)
            upward = sense in ("at_least", "above")
            now = ("at_least" if upward else "at_most", expected, None, None)
    met, shortfall = _met(*now, actual)
    compared_with = now[1]
    if now[0] == "between":
        compared_with = now[2] if abs(actual - now[2]) <= abs(actual - now[3]) else now[3]
        margin = min(actual - now[2], now[3] - actual)
    else:
        margin = actual - now[1] if now[0] in ("at_least", "above") else now[1] - actual
    tolerance = _RELATIVE * abs(compared_with)
    within = met or shortfall <= tolerance or _close(shortfall, tolerance)
    if over:
        status = "met" if met else "not_met"
        rag = "green" if met else ("amber" if within else "red")
    else:
        status = "on_track" if met else ("at_risk" if within else "off_track")
        rag = _IN_YEAR_RAG[status]
    if sense == "between":
        gap = actual - low if actual < low else (actual - high if actual > high else 0.0)
        target_value = low if abs(actual - low) <= abs(actual - high) else high
    else:
        gap, target_value = actual - point, point
    progress = None
    if not pro_rata and baseline is not None and point is not None and not _close(point, baseline):
        progress = (actual - baseline) / (point - baseline)
    if (
        key[1] == 0
        and base is not None
        and base.value is not None
        and (_key(base.period) == (key[0] - 1, 0))
    ):
        previous = (base.value, None, None, None, 0)  # the plan's baseline is that year's value
    elif key[1] == 0:
        previous = _year(recorded, key[0] - 1, flow)
    else:
        previous = recorded.get((key[0], key[1] - 1) if key[1] > 1 else (key[0] - 1, 4))
    travel = _travel(value[0], previous, up)  # a flow in-year: its latest part's own value
    # year on year: a year a year earlier is the year before
    yoy = travel if key[1] == 0 else _travel(value[0], recorded.get((key[0] - 1, key[1])), up)
    interval = confidence = counts = None
    if not pro_rata and value[1] is not None and value[2] is not None and value[1] <= value[2]:
        raw = _wilson(value[1], value[2], 100.0 if ind.is_percent else 1.0)
        interval = (_tidy(raw[0]) or 0.0, _tidy(raw[1]) or 0.0)
        confidence = "conclusive" if _settles(*now, raw) else "inconclusive"
        counts = (value[1], value[2])
    shown = _tidy(actual)
    benchmarks: tuple = ()
    if not pro_rata and shown is not None:
        theirs = compared.get(ind.id, {})
        benchmarks = tuple(
            found
            for cid in order
            if cid in theirs
            and (found := _benchmark(cid, theirs[cid], key, shown, interval, ind, up, flow))
        )
    return (
        status, rag, shown, key, _tidy(compared_with), _tidy(target_value), baseline,
        goal[4], _tidy(gap), _tidy(progress), _tidy(shortfall), _tidy(tolerance), travel,
        interval, confidence, yoy, goal[:4], (now[0], *map(_tidy, now[1:])), expected_on,
        _tidy(margin),
        None if met else within, counts, passed_over, benchmarks,
    )  # fmt: skip


def _travel(actual: float, previous: tuple | None, up: bool) -> str:
    if previous is None or previous[0] is None:
        return "unknown"
    if _close(actual, previous[0]):
        return "no_change"
    return "improving" if (actual - previous[0]) * (1 if up else -1) > 0 else "worsening"


def _commentary(target: Any, commented: Any, today: int) -> tuple | None:
    """The latest commented own value within the target's period, by ``today``:
    ``(period key, commentary, corrective action, owner, due)``."""
    year = target.period.start_year
    best = None
    for key, end, o in commented:
        if key[0] == year and end <= today and (best is None or end > best[1]):
            best = (key, end, o)
    if best is None:
        return None
    o = best[2]
    return (best[0], o.commentary, o.corrective_action, o.action_owner, o.action_due)


def _benchmark(  # noqa: PLR0917
    cid: str,
    recorded: dict,
    key: tuple[int, int],
    actual: float,
    interval: tuple[float, float] | None,
    ind: Any,
    up: bool,
    flow: bool,
) -> tuple | None:
    """A comparison (:data:`COMPARATOR_FIELDS`) with the comparator's value of the
    actual's period (its own, or a year from its quarters); None without one."""
    found = _at(recorded, key, flow)
    if found is None or found[0] is None:
        return None
    theirs, num, den = found[0], found[1], found[2]
    difference = actual - theirs
    mine = shown = tolerance = None
    if num is not None and den is not None and 0 <= num <= den and den > 0:
        mine = _wilson(num, den, 100.0 if ind.is_percent else 1.0)
        shown = (_tidy(mine[0]) or 0.0, _tidy(mine[1]) or 0.0)
    if interval is not None and mine is not None:
        similar = interval[0] <= mine[1] and mine[0] <= interval[1]
    else:
        tolerance = _RELATIVE * abs(theirs)
        similar = abs(difference) <= tolerance or _close(abs(difference), tolerance)
    if similar or _close(actual, theirs):
        benchmark = "similar"
    else:
        benchmark = "better" if difference * (1 if up else -1) > 0 else "worse"
    return (
        cid, _tidy(theirs) or 0.0, _tidy(difference) or 0.0, benchmark, _tidy(tolerance),
        shown, interval is not None and mine is not None,
    )  # fmt: skip


_T_90: dict[int, float] = {}


def _t90(df: int) -> float:
    """The 90th percentile of Student's t: the library's ``t_quantile``, once per df."""
    found = _T_90.get(df)
    if found is None:
        found = _T_90[df] = t_quantile(0.9, df)
    return found


def _none(outlook: str, basis: str, periods: tuple = (), found: int | None = None) -> tuple:
    """A forecast without a projection."""
    return (outlook, basis, None, None, periods, None, None, None, None, None, None, found)


def _forecast(target: Any, setting: tuple, today: int, fits: dict) -> tuple:
    """The forecast (:data:`FORECAST_FIELDS`) of a target whose period has not ended."""
    ind, recorded, flow, *_ = setting
    goal = setting[6][target.id]
    if goal is None:
        return _none("insufficient_data", "no_reference")
    if flow:
        return _run_rate(target, recorded, goal)
    fitted = fits.get(ind.id)
    if fitted is None:
        fitted = fits[ind.id] = _fit(recorded, today)
    if len(fitted) == 1:
        return _none("insufficient_data", "too_few_values", found=fitted[0])
    n, mean_x, sxx, mean_y, slope, residual, periods, granularity = fitted
    x = target.period.end.toordinal() - mean_x
    centre = mean_y + slope * x
    half = _t90(n - 2) * residual * math.sqrt(1.0 + 1.0 / n + x * x / sxx)
    top = 100.0 if ind.is_percent else math.inf
    low = min(max(centre - half, 0.0), top)
    high = min(max(centre + half, 0.0), top)
    if _settles(*goal[:4], (low, high)):
        outlook = "likely_met" if _met(*goal[:4], low)[0] else "likely_missed"
    else:
        outlook = "uncertain"
    return (
        outlook, "trend", _tidy(min(max(centre, 0.0), top)),
        (_tidy(low) or 0.0, _tidy(high) or 0.0), periods, granularity, _tidy(slope * 365.0),
        None, None, None, None, None,
    )  # fmt: skip


def _fit(recorded: dict, today: int) -> tuple:
    """Least squares of the last three years' quarters (else years) on their end days;
    ``(most values of one granularity,)`` when neither has three."""
    day = dt.date.fromordinal(today)
    try:
        since = day.replace(year=day.year - 3).toordinal()
    except ValueError:  # 29 February
        since = day.replace(year=day.year - 3, day=28).toordinal()
    quarters, years = [], []
    for key, v in recorded.items():
        if v[0] is not None and since < v[4] <= today:
            (quarters if key[1] else years).append((v[4], v[0], key))
    chosen, granularity = (quarters, "quarter") if len(quarters) >= 3 else (years, "year")
    if len(chosen) < 3:
        return (max(len(quarters), len(years)),)
    chosen.sort()
    n = len(chosen)
    mean_x = sum(x for x, _, _ in chosen) / n
    mean_y = sum(y for _, y, _ in chosen) / n
    sxx = sum((x - mean_x) ** 2 for x, _, _ in chosen)
    slope = sum((x - mean_x) * (y - mean_y) for x, y, _ in chosen) / sxx
    squares = sum((y - mean_y - slope * (x - mean_x)) ** 2 for x, y, _ in chosen)
    periods = tuple(k for _, _, k in chosen)
    return (n, mean_x, sxx, mean_y, slope, math.sqrt(squares / (n - 2)), periods, granularity)


def _run_rate(target: Any, recorded: dict, goal: tuple) -> tuple:
    """A flow's year-to-date total at its run rate to the end of the year."""
    year = target.period.start_year
    parts = []
    for q in (1, 2, 3, 4):
        part = recorded.get((year, q))
        if part is None:
            break
        parts.append(part)
    if not parts:
        return _none("insufficient_data", "no_year_to_date")
    if any(p[0] is None for p in parts):
        periods = tuple((year, q) for q in range(1, len(parts) + 1))
        return _none("insufficient_data", "withheld", periods)
    start = _end((year - 1, 0)) + 1
    elapsed = parts[-1][4] - start + 1
    days = _end((year, 0)) - start + 1
    total = sum(p[0] for p in parts)
    projected = total * days / elapsed
    sense, value, low, high, _ = goal
    if sense == "between":
        compared = low if abs(projected - low) <= abs(projected - high) else high
        margin = min(projected - low, high - projected)
    else:
        compared = value
        margin = projected - value if sense in ("at_least", "above") else value - projected
    allowance = _RELATIVE * abs(compared)
    if abs(margin) <= allowance or math.isclose(abs(margin), allowance):
        outlook = "uncertain"
    else:
        outlook = "likely_met" if _met(*goal[:4], projected)[0] else "likely_missed"
    periods = tuple((year, q) for q in range(1, len(parts) + 1))
    return (
        outlook, "run_rate", _tidy(projected), None, periods, None, None, _tidy(total),
        elapsed, days, _tidy(allowance), None,
    )  # fmt: skip


def _plausibility(plan: Any, given: list) -> int:  # noqa: C901
    """How many plausibility warnings the plan's own values draw (a fraction typed for a
    percentage, a count not whole, a value ten times beyond the rest of its group)."""
    figures: dict[str, list[float]] = {}
    for ind in plan.indicators:
        if ind.baseline is not None and ind.baseline.value is not None:
            figures.setdefault(ind.id, []).append(ind.baseline.value)
    for target in plan.iter_targets():
        for name in ("value", "low", "high"):
            figure = getattr(target.rule, name, None)
            if isinstance(figure, int | float) and not isinstance(figure, bool):
                figures.setdefault(target.indicator, []).append(float(figure))
    kinds = {
        i.id: (i.is_percent, i.unit == "count", i.measure.value == "flow") for i in plan.indicators
    }
    groups: dict[tuple, list[float]] = {}
    for o, key, value in given:
        groups.setdefault((o.indicator, None), list(figures.get(o.indicator, ()))).append(value)
        if kinds[o.indicator][2]:
            group = (o.indicator, key[1] == 0)
            groups.setdefault(group, list(figures.get(o.indicator, ()))).append(value)
    extremes = {
        k: (sorted(map(abs, v), reverse=True)[:2], sorted(f for f in v if f > 0)[:2])
        for k, v in groups.items()
    }
    count = 0
    for o, key, value in given:
        percent, whole, flow = kinds[o.indicator]
        plain = o.value if o.denominator is None else None
        if plain is not None and percent and 0 < plain <= 1:
            above = [f for f in figures.get(o.indicator, ()) if f > 1]
            if above and min(above) / 2 <= plain * 100 <= max(above) * 2:
                count += 1
                continue
        if plain is not None and whole and not plain.is_integer():
            count += 1
        largest, smallest = extremes[(o.indicator, key[1] == 0) if flow else (o.indicator, None)]
        count += _far(largest, smallest, value, flow)
    return count


def _far(largest: list[float], smallest: list[float], value: float, flow: bool) -> int:
    """1 when ``value`` lies ten times beyond the rest of its group, else 0."""

    def other(pair: list[float], value: float) -> float | None:
        if not pair:
            return None
        if pair[0] == value:
            return pair[1] if len(pair) > 1 else None
        return pair[0]

    big = other(largest, abs(value))
    if big is not None and big > 0 and abs(value) > _FAR * big:
        return 1
    small = other(smallest, value) if value > 0 else None
    return int(not flow and small is not None and value * _FAR < small)
