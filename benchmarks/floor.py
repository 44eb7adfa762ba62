"""A floor for ``evaluate``: the same fields, computed with plain floats, tuples and dicts.

:func:`floor_evaluate` takes what ``evaluate`` takes (a plan, its observations, a date)
and computes, for every target, the fields ``evaluate`` computes: status, RAG, actual,
the period of the actual, expected, target value, gap, progress, shortfall, tolerance,
direction of travel (against the previous period, and year on year), the Wilson interval
of a sample, each comparator's difference and benchmark (better, similar or worse: the
Wilson intervals overlap, else within the tolerance) and, for a target whose period has
not ended, the forecast (a level: least squares over its last three years' quarters, with
an 80% Student-t prediction interval, and the outlook; a flow: its run rate); for every
action its status and RAG; for every qualitative outcome its status; the roll-ups (counts
by status and by RAG and the worst RAG) per priority, per partnership and for the plan;
and the number of plausibility warnings the plan's values draw (a fraction typed for a
percentage, a count that is not whole, a value ten times beyond the rest of its group).

It has no classes, no checks, no explanations (``evaluate`` writes those only when one is
read) and no error messages, and knows only what the benchmark's plans use (financial
years and quarters; at least, at most, between, relative change and improve; the default
tolerance of 5% of the value compared with; no withheld ranges: it refuses observations
that declare one, and months and years, whose plausibility check against their quarters
it does not make). The t quantile is the library's own ``t_quantile`` (bisection on the
incomplete beta function), looked up once per degrees of freedom, as the engine's cache
does. It is what the engine could not do with less work: the ratio of ``evaluate``'s time
to this one's is the engine's overhead.

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


_Index = dict[str, dict[tuple[int, int], tuple]]


def _index(plan: Any, observations: Any, today: int) -> tuple[_Index, dict[str, _Index], list]:
    """The plan's own values by indicator and period key, each ``(value, numerator,
    denominator, marker, end)``; the comparators' (ending by ``today``) by indicator and
    comparator; and every own value with its observation, for the plausibility checks."""
    percent = {i.id: i.is_percent for i in plan.indicators}
    out: _Index = {i.id: {} for i in plan.indicators}
    compared: dict[str, _Index] = {}
    given = []
    for o in observations:
        if o.withheld is not None or isinstance(o.period, _NOT_KNOWN):
            raise NotImplementedError("the floor knows no withheld ranges, months or years")
        key = _key(o.period)
        value = o.value
        if o.suppressed is None and value is None and o.denominator:
            value = o.numerator / o.denominator * (100.0 if percent[o.indicator] else 1.0)
        row = (value, o.numerator, o.denominator, o.suppressed, _end(key))
        if o.comparator is None:
            out[o.indicator][key] = row
            if value is not None and o.suppressed is None:
                given.append((o, key, value))
        elif row[4] <= today:
            compared.setdefault(o.indicator, {}).setdefault(o.comparator, {})[key] = row
    return out, compared, given


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
    today = as_of.toordinal()
    values, compared, given = _index(plan, observations, today)
    order = [c.id for c in plan.comparators]
    fits: dict[str, Any] = {}
    targets: dict[str, tuple] = {}
    by_priority: dict[str, list[tuple[str, str]]] = {}
    for priority in plan.priorities:
        mine = by_priority[priority.id] = []
        for outcome in priority.outcomes:
            if outcome.qualitative:
                mine.append(("no_data", "grey"))
            for target in outcome.targets:
                result = _target(plan, target, values, today, compared, order)
                if today < target.period.end.toordinal():
                    result += (_forecast(plan, target, values, today, fits),)
                else:
                    result += (None,)
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
    return {
        "targets": targets,
        "actions": actions,
        "rollups": rollups,
        "plausibility": _plausibility(plan, given),
    }


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
    return (
        status,
        "grey",
        None,
        None,
        None,
        point,
        None,
        None,
        None,
        "unknown",
        None,
        "unknown",
        (),
    )



def _setting(plan: Any, target: Any, values: dict) -> tuple:
    """A target's indicator, its values, whether a flow, whether up is better, the
    baseline (the plan's, else the recorded year's) and the goal."""
    ind = plan.indicator(target.indicator)
    recorded = values[ind.id]
    flow = ind.measure.value == "flow"
    up = ind.direction.value == "higher_is_better"
    base = ind.baseline
    baseline = base.value if base is not None else None
    if base is not None and baseline is None:
        found = _year(recorded, base.period.start_year, flow)
        baseline = None if found is None else found[0]
    return ind, recorded, flow, up, base, baseline, _goal(target, recorded, baseline, up, flow)

def _target(  # noqa: C901, PLR0911, PLR0912, PLR0915, PLR0917
    plan: Any, target: Any, values: dict, today: int, compared: dict, order: list[str]
) -> tuple:
    ind, recorded, flow, up, base, baseline, goal = _setting(plan, target, values)
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
        if not parts:
            return _grey("no_data", point)
        if any(p[3] is not None for _, p in parts):
            return _grey("suppressed", point)
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
    compared_with = now[1]
    if now[0] == "between":
        compared_with = now[2] if abs(actual - now[2]) <= abs(actual - now[3]) else now[3]
    tolerance = _RELATIVE * abs(compared_with)
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
    interval = None
    if not pro_rata and value[1] is not None and value[2] is not None and value[1] <= value[2]:
        low_end, high_end = _wilson(value[1], value[2], 100.0 if ind.is_percent else 1.0)
        interval = (_tidy(low_end) or 0.0, _tidy(high_end) or 0.0)
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
        status, rag, shown, key, _tidy(compared_with),
        _tidy(target_value), _tidy(gap), _tidy(progress), _tidy(shortfall), travel, interval,
        yoy, benchmarks,
    )  # fmt: skip


def _travel(actual: float, previous: tuple | None, up: bool) -> str:
    if previous is None or previous[0] is None:
        return "unknown"
    if _close(actual, previous[0]):
        return "no_change"
    return "improving" if (actual - previous[0]) * (1 if up else -1) > 0 else "worsening"


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
    """(comparator, difference, better/similar/worse) for the comparator's value of the
    actual's period (its own, or a year from its quarters); None without one."""
    found = recorded.get(key) if key[1] else _year(recorded, key[0], flow)
    if found is None or found[0] is None:
        return None
    theirs, num, den = found[0], found[1], found[2]
    difference = actual - theirs
    mine = None
    if num is not None and den is not None and 0 <= num <= den and den > 0:
        mine = _wilson(num, den, 100.0 if ind.is_percent else 1.0)
    if interval is not None and mine is not None:
        similar = interval[0] <= mine[1] and mine[0] <= interval[1]
    else:
        tolerance = _RELATIVE * abs(theirs)
        similar = abs(difference) <= tolerance or _close(abs(difference), tolerance)
    if similar or _close(actual, theirs):
        benchmark = "similar"
    else:
        benchmark = "better" if difference * (1 if up else -1) > 0 else "worse"
    return (cid, _tidy(difference), benchmark)


_T_90: dict[int, float] = {}


def _t90(df: int) -> float:
    """The 90th percentile of Student's t: the library's ``t_quantile``, once per df."""
    found = _T_90.get(df)
    if found is None:
        found = _T_90[df] = t_quantile(0.9, df)
    return found


def _forecast(plan: Any, target: Any, values: dict, today: int, fits: dict) -> tuple:
    """(outlook, projected value, 80% interval) of a target whose period has not ended."""
    ind, recorded, flow, _, _, _, goal = _setting(plan, target, values)
    if goal is None:
        return ("insufficient_data", None, None)
    if flow:
        return _run_rate(target, recorded, today, goal)
    fitted = fits.get(ind.id)
    if fitted is None:
        fitted = fits[ind.id] = _fit(recorded, today)
    if not fitted:
        return ("insufficient_data", None, None)
    n, mean_x, sxx, mean_y, slope, residual = fitted
    x = target.period.end.toordinal() - mean_x
    centre = mean_y + slope * x
    half = _t90(n - 2) * residual * math.sqrt(1.0 + 1.0 / n + x * x / sxx)
    top = 100.0 if ind.is_percent else math.inf
    low = min(max(centre - half, 0.0), top)
    high = min(max(centre + half, 0.0), top)
    met_low = _met(*goal, low)[0]
    settled = met_low == _met(*goal, high)[0]
    if goal[0] == "between":
        settled = settled and not (low < goal[2] and high > goal[3])
    outlook = ("likely_met" if met_low else "likely_missed") if settled else "uncertain"
    interval = (_tidy(low) or 0.0, _tidy(high) or 0.0)
    return (outlook, _tidy(min(max(centre, 0.0), top)), interval)


def _fit(recorded: dict, today: int) -> tuple | None:
    """Least squares of the last three years' quarters (else years) on their end days."""
    day = dt.date.fromordinal(today)
    try:
        since = day.replace(year=day.year - 3).toordinal()
    except ValueError:  # 29 February
        since = day.replace(year=day.year - 3, day=28).toordinal()
    quarters, years = [], []
    for key, v in recorded.items():
        if v[0] is not None and since < v[4] <= today:
            (quarters if key[1] else years).append((v[4], v[0]))
    chosen = quarters if len(quarters) >= 3 else years
    if len(chosen) < 3:
        return None
    chosen.sort()
    n = len(chosen)
    mean_x = sum(x for x, _ in chosen) / n
    mean_y = sum(y for _, y in chosen) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in chosen)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in chosen) / sxx
    squares = sum((y - mean_y - slope * (x - mean_x)) ** 2 for x, y in chosen)
    return (n, mean_x, sxx, mean_y, slope, math.sqrt(squares / (n - 2)))


def _run_rate(target: Any, recorded: dict, today: int, goal: tuple) -> tuple:
    """A flow's year-to-date total at its run rate to the end of the year."""
    year = target.period.start_year
    parts = []
    for q in (1, 2, 3, 4):
        part = recorded.get((year, q))
        if part is None or part[4] > today:
            break
        parts.append(part)
    if not parts or any(p[0] is None for p in parts):
        return ("insufficient_data", None, None)
    start = _end((year - 1, 0)) + 1
    elapsed = parts[-1][4] - start + 1
    projected = sum(p[0] for p in parts) * (_end((year, 0)) - start + 1) / elapsed
    sense, value, low, high = goal
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
        outlook = "likely_met" if _met(*goal, projected)[0] else "likely_missed"
    return (outlook, _tidy(projected), None)


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
