"""The one decision path: a goal, the series, the date and the tolerance give a verdict.

No English here: a :class:`Verdict` carries the status, the RAG, the figures and a
:class:`Reason` (what was compared with what, the tolerance and the margin), and
:mod:`~safeguarding_plan.evaluation._explain` words it.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from typing import NamedTuple

import attrs

from safeguarding_plan.errors import InvalidValueError
from safeguarding_plan.evaluation._goals import Goal, MissingReference, Sense, resolve
from safeguarding_plan.evaluation._numbers import Interval, Trajectory, close, tidy
from safeguarding_plan.evaluation._policies import Tolerance
from safeguarding_plan.evaluation._series import Series, Value, is_period_over
from safeguarding_plan.evaluation._vocabulary import RAG, RAG_OF_STATUS, Confidence, Status, Travel
from safeguarding_plan.model import Measure, Plan, Target
from safeguarding_plan.observations import WithheldRange
from safeguarding_plan.periods import Period

__all__ = ["Judge", "Reason", "ReasonKind", "Verdict"]


class ReasonKind(enum.Enum):
    """What a judgement rests on.

    COMPARED: a value was compared with a goal. NO_REFERENCE: the reference of a change
    is unknown (NO_BASELINE). OVERDUE: the period is over and its value is missing.
    NOT_YET_RECORDED: in-year, nothing recorded yet. WITHHELD: the value was withheld
    for disclosure control (SUPPRESSED; with ``actual_range`` when its declared range
    straddles the goal). WITHHELD_RANGE: the value was withheld, but its declared range
    gives the same status at both ends, so that status stands.

    Example:
        >>> from datetime import date
        >>> from safeguarding_plan import Observation, evaluate
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> q2 = Observation(indicator="s42-non-conversion", period="2023/24 Q2", value=75)
        >>> report = evaluate(stockport_2023_26(), [q2], as_of=date(2023, 10, 31))
        >>> report.target("s42-non-conversion-2023-24").reason.kind
        <ReasonKind.COMPARED: 'compared'>
        >>> report.target("sar-referrals-2023-24").reason.kind
        <ReasonKind.NO_REFERENCE: 'no_reference'>
    """

    COMPARED = "compared"
    NO_REFERENCE = "no_reference"
    OVERDUE = "overdue"
    NOT_YET_RECORDED = "not_yet_recorded"
    WITHHELD = "withheld"
    WITHHELD_RANGE = "withheld_range"


@attrs.frozen(kw_only=True)
class Reason:
    """Why a target has its status, as data a program can read without parsing English.

    Attributes:
        kind: The :class:`ReasonKind` the judgement rests on.
        period_over: Whether the target's period had ended as at the date judged.
        goal: The target's rule in normal form, with the reference it was resolved from
            (None when the reference is unknown).
        compared_with: The goal ``actual`` was compared with: the target's goal once the
            period is over; before, the trajectory's value at ``expected_on`` in the
            sense of the target's rule, inclusive (a flow: the goal pro rata), or the band
            itself.
        actual: The figure compared (a flow in-year: the year-to-date total).
        period: The period of ``actual`` (a flow in-year: the latest quarter counted).
        expected: The value ``actual`` was compared with (a band: its nearer bound).
        expected_on: The date ``expected`` is the trajectory's value on (in-year only).
        pro_rata: Whether ``expected`` is a flow's annual goal pro rata by elapsed days.
        shortfall: How far ``actual`` misses ``expected`` (0 when it does not).
        margin: How far ``actual`` lies inside the goal compared with (positive) or
            outside it (negative), in the indicator's unit.
        tolerance: The allowance for AMBER, in the indicator's unit.
        within_tolerance: Whether a miss is within the tolerance (None without a miss).
        overdue: Whether the period is over and its value has not been recorded.
        numerator: The counts behind ``actual``, when it is a proportion of a sample.
        denominator: See ``numerator``.
        marker: The suppression marker of a withheld value of the target's own period.
        since: For NOT_YET_RECORDED, the date after which values count as in-year; for a
            flow, the start of the first part of its year not recorded while later parts
            are (its year-to-date total stops there).
        missing: For NO_REFERENCE, which reference is missing and why.
        passed_over: In-year, the period of a later value withheld for disclosure control
            that was passed over for ``actual`` (None when nothing later was withheld).
        actual_range: For a withheld value with a declared range: the range of the figure
            judged, in the indicator's unit (``actual`` is then None: never a point).
        withheld: The declared :class:`~safeguarding_plan.WithheldRange` it rests on.
        from_parts: Whether that range is of a period made from its parts (a year from
            its quarters), one or more of them withheld.

    Example:
        75% in 2023/24 Q2 against the 74% expected on 30 September 2023 on the way to "at
        most 64%": 1 percentage point worse, within the tolerance of 3.7 (5% of 74):

        >>> from datetime import date
        >>> from safeguarding_plan import Observation, evaluate
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> q2 = Observation(indicator="s42-non-conversion", period="2023/24 Q2", value=75)
        >>> report = evaluate(stockport_2023_26(), [q2], as_of=date(2023, 10, 31))
        >>> reason = report.target("s42-non-conversion-2023-24").reason
        >>> reason.period_over, reason.compared_with.sense.name, reason.expected
        (False, 'AT_MOST', 74.0)
        >>> reason.expected_on, reason.shortfall, reason.margin, reason.within_tolerance
        (datetime.date(2023, 9, 30), 1.0, -1.0, True)
        >>> reason.tolerance
        3.7
    """

    kind: ReasonKind
    period_over: bool
    goal: Goal | None = None
    compared_with: Goal | None = None
    actual: float | None = None
    period: Period | None = None
    expected: float | None = None
    expected_on: dt.date | None = None
    pro_rata: bool = False
    shortfall: float | None = None
    margin: float | None = None
    tolerance: float | None = None
    within_tolerance: bool | None = None
    overdue: bool = False
    numerator: float | None = None
    denominator: float | None = None
    marker: str | None = None
    since: dt.date | None = None
    missing: MissingReference | None = None
    passed_over: Period | None = None
    actual_range: Interval | None = None
    withheld: WithheldRange | None = None
    from_parts: bool = False


class Verdict(NamedTuple):
    """The judgement of one target: status, RAG, figures and reason (no English).

    The figures are those of :class:`~safeguarding_plan.evaluation.TargetResult`, which
    documents each. (A named tuple: one is made for every target judged.)
    """

    status: Status
    rag: RAG
    reason: Reason
    actual: float | None = None
    period: Period | None = None
    expected: float | None = None
    target_value: float | None = None
    baseline: float | None = None
    reference: float | None = None
    gap: float | None = None
    progress: float | None = None
    shortfall: float | None = None
    tolerance: float | None = None
    direction: Travel = Travel.UNKNOWN
    interval: Interval | None = None
    confidence: Confidence | None = None
    actual_range: Interval | None = None
    withheld: WithheldRange | None = None
    year_on_year: Travel = Travel.UNKNOWN


_RAG_RANK = {RAG.GREEN: 0, RAG.AMBER: 1, RAG.RED: 2, RAG.GREY: 3}


def _tidy_goal(goal: Goal) -> Goal:
    """The goal with its figures rounded as results show them (no binary noise)."""
    figures = (goal.value, goal.low, goal.high, goal.reference_value)
    tidied = tuple(tidy(f) for f in figures)
    if tidied == figures:
        return goal
    value, low, high, reference_value = tidied
    return Goal(
        sense=goal.sense,
        value=value,
        low=low,
        high=high,
        reference=goal.reference,
        reference_value=reference_value,
        reference_period=goal.reference_period,
    )


def _gap(actual: float, goal: Goal) -> float:
    if not goal.is_band:
        return actual - (goal.value or 0.0)
    low, high = goal.low or 0.0, goal.high or 0.0
    if actual < low:
        return actual - low
    if actual > high:
        return actual - high
    return 0.0


def _progress(series: Series, actual: float, goal: Goal) -> float | None:
    point = goal.point
    if series.baseline is None or point is None or close(point, series.baseline):
        return None
    return (actual - series.baseline) / (point - series.baseline)


def _sample(value: Value, goal: Goal, percent: bool) -> tuple[Interval | None, Confidence | None]:
    numerator, denominator = value.numerator, value.denominator
    if numerator is None or denominator is None or numerator > denominator:
        return None, None  # no counts, or counts that are not a proportion
    interval = Interval.wilson(numerator, denominator, scale=100.0 if percent else 1.0)
    confidence = Confidence.CONCLUSIVE if goal.settled_by(interval) else Confidence.INCONCLUSIVE
    return Interval(low=tidy(interval.low) or 0.0, high=tidy(interval.high) or 0.0), confidence


def _in_year(goal: Goal, expected: float) -> Goal:
    """The in-year goal: ``expected`` in the sense of the target's rule, inclusive.

    A floor (at least, above) stays a floor and a ceiling (at most, below) a ceiling,
    whatever the indicator's direction; the strict senses are inclusive in-year.
    """
    upward = goal.sense in (Sense.AT_LEAST, Sense.ABOVE)
    return Goal(sense=Sense.AT_LEAST if upward else Sense.AT_MOST, value=expected)


@attrs.frozen(kw_only=True)
class _Comparison:
    """One value compared with one goal: the inputs of :meth:`Judge._compare`."""

    value: Value
    actual: float
    now: Goal
    period_over: bool
    expected_on: dt.date | None = None
    pro_rata: bool = False
    progress: bool = True
    passed_over: Period | None = None


class Judge:
    """Judges the targets of one plan as at one date: goals resolved once, then verdicts.

    Each indicator's trajectory runs through its baseline and the point of every target
    that has one (a band has none). Where several targets of one indicator have points on
    the same date, the published path (:attr:`paths`) takes the target listed later in the
    plan, and each of those targets is judged in-year on a path through its own point.
    """

    def __init__(
        self, plan: Plan, series: dict[str, Series], as_of: dt.date, tolerance: Tolerance
    ) -> None:
        self.series = series
        self.as_of = as_of
        self.tolerance = tolerance
        self.goals: dict[str, Goal | MissingReference] = {}
        self.paths: dict[str, Trajectory] = {}
        # A target whose point shares its date with a later one in plan order: its own path.
        self._own_paths: dict[str, Trajectory] = {}
        self._plan = plan
        self._order: dict[str, int] | None = None
        for ind in plan.indicators:
            self._path(series[ind.id], plan.targets_for(ind.id))

    def _plan_order(self, target_id: str) -> int:
        """Where a target is listed in the plan (worked out only when two share a date)."""
        if self._order is None:
            self._order = {t.id: n for n, t in enumerate(self._plan.iter_targets())}
        return self._order[target_id]

    def _path(self, s: Series, targets: tuple[Target, ...]) -> None:
        """Resolve the goals of one indicator's targets and draw its trajectory."""
        points: dict[dt.date, float] = {}
        if s.baseline is not None and s.base_period is not None:
            points[s.base_period.end] = s.baseline
        owners: list[tuple[str, dt.date, float]] = []
        held: dict[dt.date, str] = {}
        for target in targets:
            goal = resolve(target, s)
            if isinstance(goal, Goal):
                if goal.reference is not None:  # a value computed from a reference
                    goal = _tidy_goal(goal)
                point = goal.point
                if point is not None:
                    end = target.period.end
                    owners.append((target.id, end, point))
                    # several points on one date: the target listed later in the plan
                    holder = held.get(end)
                    if holder is None or self._plan_order(target.id) > self._plan_order(holder):
                        held[end] = target.id
                        points[end] = point
            self.goals[target.id] = goal
        if points:
            self.paths[s.indicator.id] = Trajectory(points=tuple(points.items()))
        for target_id, end, point in owners:
            if held[end] != target_id:  # judged in-year on a path through its own point
                own = {**points, end: point}
                self._own_paths[target_id] = Trajectory(points=tuple(own.items()))

    def judge(self, target: Target) -> Verdict:
        """The verdict on one target."""
        s = self.series[target.indicator]
        goal = self.goals[target.id]
        over = is_period_over(target.period.end, self.as_of)
        if isinstance(goal, MissingReference):
            return self._grey(
                Status.NO_BASELINE,
                s,
                Reason(kind=ReasonKind.NO_REFERENCE, period_over=over, missing=goal),
                None,
            )
        if over:
            return self._after(target, s, goal)
        if s.indicator.measure is Measure.FLOW:
            return self._flow_in_year(target, s, goal)
        return self._level_in_year(target, s, goal)

    # -- the three ways of judging ------------------------------------------------

    def _after(self, target: Target, s: Series, goal: Goal) -> Verdict:
        period = target.period
        value = s.actual(period)
        if value is None:
            reason = Reason(kind=ReasonKind.OVERDUE, period_over=True, goal=goal, overdue=True)
            return self._grey(Status.NO_DATA, s, reason, goal.point)
        if value.value is None:
            comparison = _Comparison(value=value, actual=0.0, now=goal, period_over=True)
            ranged = self._ranged(s, goal, comparison)
            if ranged is not None:
                return ranged
            reason = Reason(
                kind=ReasonKind.WITHHELD,
                period_over=True,
                goal=goal,
                period=period,
                marker=value.suppressed,
            )
            return self._grey(Status.SUPPRESSED, s, reason, goal.point)._replace(period=period)
        return self._compare(
            s, goal, _Comparison(value=value, actual=value.value, now=goal, period_over=True)
        )

    def _level_in_year(self, target: Target, s: Series, goal: Goal) -> Verdict:
        value, withheld, passed_over = s.latest_level(min(self.as_of, target.period.end))
        if value is None or (value.value is None and not value.ranged):
            kind = ReasonKind.WITHHELD if withheld else ReasonKind.NOT_YET_RECORDED
            status = Status.SUPPRESSED if withheld else Status.NO_DATA
            reason = Reason(
                kind=kind,
                period_over=False,
                goal=goal,
                since=None if withheld else s.history_end,
            )
            return self._grey(status, s, reason, goal.point)
        comparison = self._level_comparison(target, s, goal, value, passed_over)
        if value.value is not None:
            return self._compare(s, goal, comparison)
        ranged = self._ranged(s, goal, comparison)
        if ranged is not None and ranged.status is not Status.SUPPRESSED:
            return ranged
        # the range straddles the goal: fall back on the latest value not withheld
        exact, _, _ = s.latest_level(min(self.as_of, target.period.end), ranged=False)
        if exact is not None and exact.value is not None:
            later = value.period if value.end > exact.end else passed_over
            return self._compare(
                s, goal, self._level_comparison(target, s, goal, exact, later)
            )
        assert ranged is not None  # noqa: S101 - a ranged value always gives a verdict
        return ranged

    def _level_comparison(
        self, target: Target, s: Series, goal: Goal, value: Value, passed_over: Period | None
    ) -> _Comparison:
        when = value.end
        ind = s.indicator
        path = self._own_paths.get(target.id) or self.paths.get(ind.id)
        if goal.is_band:
            now = goal
        else:
            expected = path.at(when) if path is not None else None
            now = _in_year(goal, (goal.point or 0.0) if expected is None else expected)
        return _Comparison(
            value=value,
            actual=value.value if value.value is not None else 0.0,
            now=now,
            period_over=False,
            expected_on=when,
            passed_over=passed_over,
        )

    def _flow_in_year(self, target: Target, s: Series, goal: Goal) -> Verdict:
        period = target.period
        seen, gap = s.year_to_date(period, self.as_of)
        if not seen or any(v.bounds() is None for v in seen):
            withheld = bool(seen) and any(v.suppressed is not None for v in seen)
            reason = Reason(
                kind=ReasonKind.WITHHELD if withheld else ReasonKind.NOT_YET_RECORDED,
                period_over=False,
                goal=goal,
                pro_rata=True,
                since=gap if not seen else None,
            )
            return self._grey(
                Status.SUPPRESSED if withheld else Status.NO_DATA, s, reason, goal.point
            )
        latest = seen[-1]
        bounds = [v.bounds() for v in seen]
        low = sum(b[0] for b in bounds if b is not None)
        high = sum(b[1] for b in bounds if b is not None)
        share = ((latest.end - period.start).days + 1) / period.days
        now = goal.scaled(share)
        if not now.is_band:
            now = _in_year(now, now.value or 0.0)
        comparison = _Comparison(
            value=latest,
            actual=low,
            now=now,
            period_over=False,
            expected_on=latest.end,
            pro_rata=True,
            progress=False,
        )
        if all(not v.ranged for v in seen):
            return self._compare(s, goal, comparison)
        ranged_part = next(v for v in seen if v.ranged)
        return self._judge_range(
            s, goal, comparison, low, high,
            marker=ranged_part.suppressed, withheld=ranged_part.withheld,
        )  # fmt: skip

    # -- a withheld value with a declared range: judged at both ends ---------------

    def _ranged(self, s: Series, goal: Goal, c: _Comparison) -> Verdict | None:
        """The verdict on a withheld value with a declared range (None without one)."""
        value = c.value
        if value.low is None or value.high is None:
            return None
        verdict = self._judge_range(
            s, goal, c, value.low, value.high, marker=value.suppressed, withheld=value.withheld
        )
        if not value.derived:
            return verdict
        return verdict._replace(reason=attrs.evolve(verdict.reason, from_parts=True))

    def _judge_range(
        self,
        s: Series,
        goal: Goal,
        c: _Comparison,
        low: float,
        high: float,
        *,
        marker: str | None,
        withheld: WithheldRange | None,
    ) -> Verdict:
        """Judge at both ends of ``[low, high]`` (and inside a band the range overlaps).

        The same status at every point tried: it stands, with the worse RAG of the ends
        (a miss within the tolerance at one end and beyond it at the other is RED).
        Otherwise SUPPRESSED. No point figure is given: only the range.
        """
        points = [low, high]
        now = c.now
        if now.is_band and now.low is not None and now.high is not None:
            inside = max(low, now.low)
            if inside <= min(high, now.high):
                points.append(inside)
        verdicts = [self._compare(s, goal, attrs.evolve(c, actual=x)) for x in points]
        actual_range = Interval(low=tidy(low) or 0.0, high=tidy(high) or 0.0)
        statuses = {v.status for v in verdicts}
        if len(statuses) > 1:
            reason = Reason(
                kind=ReasonKind.WITHHELD,
                period_over=c.period_over,
                goal=goal,
                compared_with=verdicts[0].reason.compared_with,
                period=c.value.period,
                expected=verdicts[0].expected,
                expected_on=c.expected_on,
                pro_rata=c.pro_rata,
                marker=marker,
                actual_range=actual_range,
                withheld=withheld,
            )
            grey = self._grey(Status.SUPPRESSED, s, reason, goal.point)
            return grey._replace(
                period=c.value.period,
                expected=verdicts[0].expected,
                actual_range=actual_range,
                withheld=withheld,
            )
        worst = max(verdicts, key=lambda v: _RAG_RANK[v.rag])
        reason = attrs.evolve(
            worst.reason,
            kind=ReasonKind.WITHHELD_RANGE,
            actual=None,
            shortfall=None,
            margin=None,
            numerator=None,
            denominator=None,
            marker=marker,
            actual_range=actual_range,
            withheld=withheld,
        )
        return worst._replace(
            reason=reason,
            actual=None,
            gap=None,
            progress=None,
            shortfall=None,
            direction=Travel.UNKNOWN,
            interval=None,
            confidence=None,
            actual_range=actual_range,
            withheld=withheld,
        )

    # -- the one comparison ---------------------------------------------------------

    def _compare(self, s: Series, goal: Goal, c: _Comparison) -> Verdict:
        ind = s.indicator
        actual, now = c.actual, c.now
        compared, shortfall, met, margin = now.assess(actual)
        allowance = _checked_allowance(self.tolerance.allowance(ind, compared), ind.id)
        within = met or shortfall <= allowance or close(shortfall, allowance)
        if c.period_over:
            status = Status.MET if met else Status.NOT_MET
            rag = RAG.GREEN if met else (RAG.AMBER if within else RAG.RED)
        else:
            status = Status.ON_TRACK if met else (Status.AT_RISK if within else Status.OFF_TRACK)
            rag = RAG_OF_STATUS[status]
        interval, confidence = (None, None) if c.pro_rata else _sample(c.value, now, ind.is_percent)
        counts = not c.pro_rata and interval is not None
        shown_actual, shown_expected = tidy(actual), tidy(compared)
        shown_shortfall, shown_tolerance = tidy(shortfall), tidy(allowance)
        reason = Reason(
            kind=ReasonKind.COMPARED,
            period_over=c.period_over,
            goal=goal,
            compared_with=now if now is goal else _tidy_goal(now),
            actual=shown_actual,
            period=c.value.period,
            expected=shown_expected,
            expected_on=c.expected_on,
            pro_rata=c.pro_rata,
            shortfall=shown_shortfall,
            margin=tidy(margin),
            tolerance=shown_tolerance,
            within_tolerance=None if met else within,
            numerator=c.value.numerator if counts else None,
            denominator=c.value.denominator if counts else None,
            passed_over=c.passed_over,
        )
        band_bound = goal.compared_with(actual) if goal.is_band else None
        return Verdict(
            status=status,
            rag=rag,
            reason=reason,
            actual=shown_actual,
            period=c.value.period,
            expected=shown_expected,
            target_value=tidy(band_bound if goal.is_band else goal.point),
            baseline=s.baseline,
            reference=goal.reference_value,
            gap=tidy(_gap(actual, goal)),
            progress=tidy(_progress(s, actual, goal)) if c.progress else None,
            shortfall=shown_shortfall,
            tolerance=shown_tolerance,
            direction=s.travel(c.value),
            year_on_year=s.travel(c.value, year_on_year=True),
            interval=interval,
            confidence=confidence,
        )

    @staticmethod
    def _grey(status: Status, s: Series, reason: Reason, target_value: float | None) -> Verdict:
        goal = reason.goal
        return Verdict(
            status=status,
            rag=RAG.GREY,
            reason=reason,
            target_value=target_value,
            baseline=s.baseline,
            reference=goal.reference_value if goal is not None else None,
        )


def _checked_allowance(allowance: object, indicator: str) -> float:
    """A tolerance policy's answer, refused unless it is a finite amount of zero or more."""
    if (
        isinstance(allowance, bool)
        or not isinstance(allowance, int | float)
        or not math.isfinite(allowance)
        or allowance < 0
    ):
        raise InvalidValueError(
            "policy",
            f"allowance() must return a finite amount of zero or more (for {indicator})",
            allowance,
        )
    return float(allowance)
