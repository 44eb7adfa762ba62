"""A floor for ``evaluate``: the same fields, computed with plain floats, tuples and dicts.

:func:`floor_evaluate` takes what ``evaluate`` takes (a plan, its observations, a date)
and computes, for every target, the fields ``evaluate`` computes: status, RAG, actual,
the period of the actual, expected, target value, gap, progress, shortfall, tolerance,
direction of travel and the Wilson interval of a sample; for every action its status and
RAG; for every qualitative outcome its status; and the roll-ups (counts by status and by
RAG and the worst RAG) per priority, per partnership and for the plan. It has no classes,
no checks, no explanations (``evaluate`` writes those only when one is read) and no
error messages, and knows only what the benchmark's plans use (financial years and
quarters; at least, at most, between, relative change and improve; the default tolerance
of 5% of the value compared with). It is what the engine could not do with less work:
the ratio of ``evaluate``'s time to this one's is the engine's overhead.

``bench_national.py`` checks that both give the same answers before timing them.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_right
from typing import Any

_RELATIVE = 0.05
_EPS = 1e-9
_QUARTER_END = {1: (0, 6, 30), 2: (0, 9, 30), 3: (0, 12, 31), 4: (1, 3, 31)}
_WORST = {"red": 3, "amber": 2, "green": 1}
_ACTION_RAG = {"overdue": "red", "not_started": "amber"}


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


def _index(plan: Any, observations: Any) -> dict[str, dict[tuple[int, int], tuple]]:
    percent = {i.id: i.is_percent for i in plan.indicators}
    out: dict[str, dict[tuple[int, int], tuple]] = {i.id: {} for i in plan.indicators}
    for o in observations:
        key = _key(o.period)
        value = o.value
        if o.suppressed is None and value is None and o.denominator:
            value = o.numerator / o.denominator * (100.0 if percent[o.indicator] else 1.0)
        out[o.indicator][key] = (value, o.numerator, o.denominator, o.suppressed, _end(key))
    return out


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


def _wilson(num: float, den: float) -> tuple[float, float]:
    z = 1.959963984540054
    p = num / den
    centre = (p + z * z / (2 * den)) / (1 + z * z / den)
    half = z * math.sqrt(p * (1 - p) / den + z * z / (4 * den * den)) / (1 + z * z / den)
    return (max(0.0, centre - half) * 100, min(1.0, centre + half) * 100)


def floor_evaluate(plan: Any, observations: Any, as_of: dt.date) -> dict[str, Any]:
    """Every field ``evaluate`` computes, as plain data (see the module's docstring)."""
    today = as_of.toordinal()
    values = _index(plan, observations)
    targets: dict[str, tuple] = {}
    by_priority: dict[str, list[tuple[str, str]]] = {}
    for priority in plan.priorities:
        mine = by_priority[priority.id] = []
        for outcome in priority.outcomes:
            if outcome.qualitative:
                mine.append(("no_data", "grey"))
            for target in outcome.targets:
                result = _target(plan, target, values, today)
                targets[target.id] = result
                mine.append((result[0], result[1]))
    actions: dict[str, tuple[str, str]] = {}
    for action in plan.iter_actions():
        status = "overdue" if today > action.due.end.toordinal() else "not_started"
        actions[action.id] = (status, _ACTION_RAG[status])
        for priority in plan.priorities_served_by(action):
            by_priority[priority.id].append(actions[action.id])
    rollups = {key: _rollup(items) for key, items in by_priority.items()}
    for partnership in plan.partnerships:
        members = [p.id for p in plan.priorities if p.partnership == partnership.id]
        if members:
            items = [i for p in members for i in by_priority[p]]
            rollups[partnership.id] = _rollup(items)
    everything = [r[:2] for r in targets.values()] + list(actions.values())
    everything += [("no_data", "grey") for o in plan.iter_outcomes() if o.qualitative]
    rollups[plan.id] = _rollup(everything)
    return {"targets": targets, "actions": actions, "rollups": rollups}


def _rollup(items: list[tuple[str, str]]) -> tuple[dict, dict, str]:
    counts: dict[str, int] = {}
    rags: dict[str, int] = {}
    for status, rag in items:
        counts[status] = counts.get(status, 0) + 1
        rags[rag] = rags.get(rag, 0) + 1
    judged = [rag for rag in rags if rag != "grey"]
    return counts, rags, max(judged, key=_WORST.__getitem__) if judged else "grey"


def _goal(target: Any, recorded: dict, baseline: float | None, up: bool, flow: bool) -> tuple:
    """(sense, value, low, high) of the target's rule, or None when its reference is missing."""
    rule = target.rule
    kind = type(rule).__name__
    if kind == "AtLeast":
        return ("at_least", rule.value, None, None)
    if kind == "AtMost":
        return ("at_most", rule.value, None, None)
    if kind == "Between":
        return ("between", None, rule.low, rule.high)
    if rule.reference.value == "baseline":
        reference = baseline
    else:
        found = _year(recorded, target.period.start_year - 1, flow)
        reference = None if found is None else found[0]
    if reference is None:
        return None
    if kind == "RelativeChange":
        value = _tidy(reference * (1 + rule.percent / 100))
        return ("at_least" if up else "at_most", value, None, None)
    if kind == "Improve":
        return ("above" if up else "below", reference, None, None)
    raise NotImplementedError(kind)


def _met(sense: str, value: float, low: Any, high: Any, actual: float) -> tuple[bool, float]:
    """Whether ``actual`` meets the goal, and the shortfall."""
    if sense == "between":
        if actual < low and not _close(actual, low):
            return False, low - actual
        if actual > high and not _close(actual, high):
            return False, actual - high
        return True, 0.0
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


def _grey(status: str, point: float | None) -> tuple:
    return (status, "grey", None, None, None, point, None, None, None, "unknown", None)


def _target(plan: Any, target: Any, values: dict, today: int) -> tuple:  # noqa: C901, PLR0912, PLR0915
    ind = plan.indicator(target.indicator)
    recorded = values[ind.id]
    flow = ind.measure.value == "flow"
    up = ind.direction.value == "higher_is_better"
    base = ind.baseline
    baseline = base.value if base is not None else None
    if base is not None and baseline is None:
        found = _year(recorded, base.period.start_year, flow)
        baseline = None if found is None else found[0]
    goal = _goal(target, recorded, baseline, up, flow)
    if goal is None:
        return _grey("no_baseline", None)
    sense, point, low, high = goal
    year = target.period.start_year
    end = _end((year, 0))
    if today >= end:  # the period is over
        value = _year(recorded, year, flow)
        if value is None:
            return _grey("no_data", point)
        if value[0] is None:
            return _grey("suppressed", point)
        actual, key, expected, over, pro_rata = value[0], (year, 0), point, True, False
        now = goal
    elif flow:
        parts = []
        for q in (1, 2, 3, 4):
            part = recorded.get((year, q))
            if part is None or part[4] > today:
                break
            parts.append((q, part))
        if not parts or any(p[3] is not None for _, p in parts):
            return _grey("no_data", point)
        share = (parts[-1][1][4] - _end((year - 1, 0))) / (end - _end((year - 1, 0)))
        actual = sum(p[0] or 0.0 for _, p in parts)
        key, value, over, pro_rata = (year, parts[-1][0]), parts[-1][1], False, True
        now = (sense, None if point is None else point * share, None, None)
        expected = now[1]
        now = ("at_least" if sense in ("at_least", "above") else "at_most", *now[1:])
    else:  # a level in-year: the latest value, against the trajectory
        history = base.period.end.toordinal() if base is not None else plan.start.start.toordinal()
        best = None
        last = min(today, end)
        for k, v in recorded.items():
            later = best is None or (v[4], k[1] == 0) > (best[1][4], best[0][1] == 0)
            if history < v[4] <= last and v[0] is not None and later:
                best = (k, v)
        for y in range(year - 3, year + 1):  # years derived from their quarters
            derived = _year(recorded, y, flow)
            usable = derived is not None and derived[0] is not None
            later = usable and (best is None or derived[4] > best[1][4])
            if later and history < derived[4] <= last:
                best = ((y, 0), derived)
        if best is None:
            return _grey("no_data", point)
        key, value = best
        actual, over, pro_rata = value[0], False, False
        points = []
        if baseline is not None and base is not None:
            points.append((base.period.end.toordinal(), baseline))
        for other in plan.targets_for(ind.id):
            other_goal = _goal(other, recorded, baseline, up, flow)
            if other_goal is not None and other_goal[1] is not None and other_goal[0] != "between":
                points.append((other.period.end.toordinal(), other_goal[1]))
        points.sort()
        if sense == "between":
            now, expected = goal, None
        else:
            days = [d for d, _ in points]
            i = bisect_right(days, value[4])
            if not points:
                expected = point
            elif i == 0:
                expected = points[0][1]
            elif i == len(points):
                expected = points[-1][1]
            else:
                (d0, v0), (d1, v1) = points[i - 1], points[i]
                expected = v0 + (v1 - v0) * (value[4] - d0) / (d1 - d0)
            upward = sense in ("at_least", "above")
            now = ("at_least" if upward else "at_most", expected, None, None)
    met, shortfall = _met(now[0], now[1], now[2], now[3], actual)
    compared = now[1]
    if now[0] == "between":
        compared = now[2] if abs(actual - now[2]) <= abs(actual - now[3]) else now[3]
    tolerance = _RELATIVE * abs(compared)
    within = met or shortfall <= tolerance or _close(shortfall, tolerance)
    if over:
        status = "met" if met else "not_met"
        rag = "green" if met else ("amber" if within else "red")
    else:
        status = "on_track" if met else ("at_risk" if within else "off_track")
        rag = {"on_track": "green", "at_risk": "amber", "off_track": "red"}[status]
    if sense == "between":
        gap = actual - low if actual < low else (actual - high if actual > high else 0.0)
        target_value = low if abs(actual - low) <= abs(actual - high) else high
    else:
        gap, target_value = actual - point, point
    progress = None
    if not pro_rata and baseline is not None and point is not None and not _close(point, baseline):
        progress = (actual - baseline) / (point - baseline)
    if key[1] == 0 and base is not None and base.value is not None and (
        _key(base.period) == (key[0] - 1, 0)
    ):
        previous = (base.value, None, None, None, 0)  # the plan's baseline is that year's value
    elif key[1] == 0:
        previous = _year(recorded, key[0] - 1, flow)
    else:
        previous = recorded.get((key[0], key[1] - 1) if key[1] > 1 else (key[0] - 1, 4))
    travel = "unknown"
    if previous is not None and previous[0] is not None:
        if _close(actual, previous[0]):
            travel = "no_change"
        else:
            travel = "improving" if (actual - previous[0]) * (1 if up else -1) > 0 else "worsening"
    interval = None
    if not pro_rata and value[2] is not None and value[1] <= value[2]:
        interval = _wilson(value[1], value[2])
    return (
        status, rag, _tidy(actual), key, _tidy(compared if over else expected),
        _tidy(target_value), _tidy(gap), _tidy(progress), _tidy(shortfall), travel, interval,
    )  # fmt: skip
