"""Judge a plan against what was observed, exactly as the evaluation rules say.

:func:`evaluate` takes a :class:`~safeguarding_plan.Plan`, the
:class:`~safeguarding_plan.observations.Observation` values recorded for its indicators,
the :class:`~safeguarding_plan.observations.ActionUpdate` records of its actions and the
:class:`~safeguarding_plan.observations.Assessment` records of its qualitative outcomes,
and judges every target, action and qualitative outcome as at a date. The result is an
immutable :class:`Report`: one :class:`TargetResult` per target, one
:class:`ActionResult` per action, one :class:`OutcomeResult` per qualitative outcome and
a :class:`Rollup` per priority, per partnership and for the whole plan.

How a target is judged (the rules page, in short):

* **Trajectory.** The baseline and the targets of one indicator form a piecewise-linear
  path through (period end, value), linear in calendar days (see :class:`Trajectory`).
* **Before the target's period ends** the latest observation no later than ``as_of`` is
  compared with the path at that observation's period end: ON_TRACK, AT_RISK (missed
  within the tolerance) or OFF_TRACK; NO_DATA without one. A flow compares its
  year-to-date total with the annual target pro rata by elapsed days.
* **Once the period has ended** the value for exactly that period decides: MET or
  NOT_MET (AMBER within the tolerance, RED beyond); NO_DATA (overdue) if missing. A year
  with no value of its own is derived from all four of its quarters where the rules allow.
* NO_BASELINE when a change's reference is unknown; SUPPRESSED when the only value is
  withheld.

Choices made where the rules page is silent (each is also said where it applies):

* Observations of periods ending on or before the indicator's baseline period (or before
  the plan starts, when there is no baseline) are history, not progress: they serve as
  references and for direction of travel, never as the in-year figure.
* In-year, a suppressed latest value is passed over for the latest value that is not
  suppressed; SUPPRESSED is given only when every candidate value is withheld.
* When a year and its own Q4 (same end date) both have values, the year is used.
* A band (between ``lo`` and ``hi``) is not a point of the trajectory: in-year values are
  compared with the band itself. Its ``expected`` and ``target_value`` are the bound
  nearer the actual; its ``gap`` is the distance outside the band (0 inside) and its
  progress is None.
* "Improve" puts the reference on the trajectory as its milestone; in-year comparisons
  are inclusive like every other in-year comparison, the final one is strict.
  A value that only equals its reference is NOT_MET, and AMBER (it misses by nothing).
* In-year values are compared with the expected value in the indicator's direction, as
  the rules say, even under a rule that contradicts the direction (a floor on something
  that should fall); the final judgement follows the rule itself.
* A flow's in-year figures (year-to-date total, annual target pro rata) are not put on the
  trajectory, and its progress is None until its period ends.
  Its year-to-date total is the sum of the quarters of the target's year recorded so far
  (a missing quarter counts as nothing recorded, not as zero); with none, it is NO_DATA.
* ``gap`` and ``progress`` always measure against the target's own value (the end of the
  line), also in-year; ``expected`` and ``shortfall`` measure against the trajectory.
* The actual for the baseline period is the plan's baseline where the plan has one (a
  conflicting observation is reported in :attr:`Report.problems` and not used).
* A qualitative NOT_MET assessment is RED: there is no number to measure a tolerance on.
* An action with no update at all is OVERDUE once its due date has passed (and NO_UPDATE
  before); the latest update no later than ``as_of`` decides, ties going to the one
  given last.
* An action serving several priorities is counted once in each of their roll-ups, once in
  each partnership's roll-up and once in the plan's.

Example:
    >>> from datetime import date
    >>> from safeguarding_plan import (AtMost, Baseline, Direction, Indicator, Observation,
    ...     Outcome, Partnership, Plan, Priority, Target, evaluate)
    >>> s42 = Indicator(id="s42", name="contacts not progressing to a Section 42 enquiry",
    ...                 unit="percent", direction=Direction.LOWER_IS_BETTER,
    ...                 baseline=Baseline(period="2022/23", value=84))
    >>> plan = Plan(id="demo", title="Demo", start="2023/24", end="2024/25",
    ...     indicators=[s42],
    ...     priorities=[Priority(id="adults", title="Adults", partnership=Partnership.ADULTS,
    ...         outcomes=[Outcome(id="right-response", text="The right response.", targets=[
    ...             Target(id="s42-2023-24", indicator="s42", period="2023/24",
    ...                    rule=AtMost(value=64))])])])
    >>> data = [Observation(indicator="s42", period="2023/24 Q2", value=75)]
    >>> result = evaluate(plan, data, as_of=date(2023, 10, 31)).targets[0]
    >>> result.status, result.rag, result.expected
    (<Status.AT_RISK: 'at_risk'>, <RAG.AMBER: 'amber'>, 74.0)
    >>> print(result.explanation)
    Contacts not progressing to a Section 42 enquiry was 75% in 2023/24 Q2, 1 percentage
    point worse than the 74% expected by 30 September 2023 (within the tolerance of 3.7
    percentage points), towards at most 64% by the end of 2023/24.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import enum
import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, TypeVar, runtime_checkable

import attrs

from safeguarding_plan import _units
from safeguarding_plan.errors import (
    InvalidValueError,
    ObservationError,
    Problem,
    Severity,
    UnitError,
)
from safeguarding_plan.model import (
    AbsoluteChange,
    Action,
    AtLeast,
    AtMost,
    Between,
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
    Target,
    format_value,
)
from safeguarding_plan.observations import (
    ActionUpdate,
    Assessment,
    Judgement,
    Observation,
    UpdateState,
)
from safeguarding_plan.periods import FinancialYear, Period, Quarter

if TYPE_CHECKING:
    import pandas  # noqa: ICN001 - the full name lets the API docs resolve the type

__all__ = [
    "RAG",
    "Z_95",
    "ActionResult",
    "ActionStatus",
    "Confidence",
    "DirectionOfTravel",
    "Interval",
    "OutcomeResult",
    "Report",
    "Rollup",
    "RollupRule",
    "Status",
    "TargetResult",
    "Tolerance",
    "TolerancePolicy",
    "Trajectory",
    "Travel",
    "WorstRag",
    "evaluate",
]

Z_95 = 1.959964
"""The standard normal quantile of a two-sided 95% interval."""

_EPS = 1e-9


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= _EPS * max(1.0, abs(a), abs(b))


# --------------------------------------------------------------------------- enums


_SYMBOLS = {
    "green": "\N{HEAVY CHECK MARK}",
    "amber": "!",
    "red": "\N{HEAVY MULTIPLICATION X}",
    "grey": "\N{EN DASH}",
}


class RAG(enum.Enum):
    """Red, amber, green, or grey when nothing could be judged.

    Each has a :attr:`symbol` that does not rely on colour (a check mark, ``!``, a cross,
    an en dash) and a :attr:`label`.

    Example:
        >>> RAG.AMBER.symbol, RAG.AMBER.label
        ('!', 'Amber')
    """

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    GREY = "grey"

    @property
    def symbol(self) -> str:
        """The colour-blind-safe mark (a check mark, ``!``, a cross or an en dash)."""
        return _SYMBOLS[self.value]

    @property
    def label(self) -> str:
        """``"Green"``, ``"Amber"``, ``"Red"`` or ``"Grey"``."""
        return self.value.capitalize()

    @property
    def severity(self) -> int:
        """How bad it is, for ordering (grey 0, green 1, amber 2, red 3)."""
        return {"grey": 0, "green": 1, "amber": 2, "red": 3}[self.value]


class Status(enum.Enum):
    """The judgement of a target (or of a qualitative outcome).

    MET and NOT_MET once the target's period has ended; ON_TRACK, AT_RISK and OFF_TRACK
    before; NO_DATA, NO_BASELINE and SUPPRESSED when it cannot be judged.

    Example:
        >>> Status.NOT_MET.label, Status.NOT_MET.judged
        ('not met', True)
    """

    MET = "met"
    NOT_MET = "not_met"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"
    NO_BASELINE = "no_baseline"
    SUPPRESSED = "suppressed"

    @property
    def label(self) -> str:
        """In plain words, such as ``"on track"`` or ``"no baseline"``."""
        return self.value.replace("_", " ")

    @property
    def judged(self) -> bool:
        """Whether a judgement was made (not NO_DATA, NO_BASELINE or SUPPRESSED)."""
        return self not in (Status.NO_DATA, Status.NO_BASELINE, Status.SUPPRESSED)


class ActionStatus(enum.Enum):
    """The state of an action as at a date.

    Example:
        >>> ActionStatus.NOT_STARTED.label
        'not started'
    """

    COMPLETE = "complete"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"
    OVERDUE = "overdue"
    NO_UPDATE = "no_update"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        """In plain words, such as ``"in progress"``."""
        return self.value.replace("_", " ")


class Travel(enum.Enum):
    """Direction of travel against the previous value of the same granularity.

    Example:
        >>> Travel.IMPROVING.label
        'improving'
    """

    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_CHANGE = "no_change"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        """In plain words, such as ``"no change"``."""
        return self.value.replace("_", " ")


DirectionOfTravel: TypeAlias = Travel
"""Another name for :class:`Travel`."""


class Confidence(enum.Enum):
    """Whether a small sample settles the judgement.

    CONCLUSIVE when the whole 95% Wilson interval lies on one side of the value compared
    with; INCONCLUSIVE otherwise.
    """

    CONCLUSIVE = "conclusive"
    INCONCLUSIVE = "inconclusive"


# --------------------------------------------------------------------------- values


@attrs.frozen(kw_only=True)
class Interval:
    """A closed interval ``[low, high]``, in the indicator's unit.

    Attributes:
        low: The lower end.
        high: The upper end.

    Example:
        >>> ci = Interval.wilson(11, 16, scale=100)
        >>> round(ci.low, 1), round(ci.high, 1)
        (44.4, 85.8)
    """

    low: float
    high: float

    @classmethod
    def wilson(
        cls, successes: float, trials: float, *, z: float = Z_95, scale: float = 1.0
    ) -> Interval:
        """The Wilson score interval of ``successes`` out of ``trials``.

        ``scale`` multiplies both ends (100 for a percentage).

        The centre is ``(p + z²/2n) / (1 + z²/n)`` and the half-width
        ``z / (1 + z²/n) * sqrt(p(1-p)/n + z²/4n²)``, with ``p = successes / trials``.

        Raises:
            ValueError: if ``trials`` is not above zero or ``successes`` is outside
                ``0..trials``.
        """
        if not trials > 0 or not 0 <= successes <= trials:
            raise ValueError(f"need 0 <= successes <= trials, trials > 0: {successes}/{trials}")
        n = float(trials)
        p = successes / n
        z2 = z * z
        denominator = 1 + z2 / n
        centre = (p + z2 / (2 * n)) / denominator
        half = z / denominator * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
        # At 0 or n successes the exact ends are 0 and 1; keep rounding from moving them.
        low = 0.0 if successes == 0 else max(0.0, centre - half)
        high = 1.0 if successes == trials else min(1.0, centre + half)
        return cls(low=low * scale, high=high * scale)

    def __contains__(self, value: object) -> bool:
        """Whether a number lies in the interval (inclusive)."""
        return isinstance(value, int | float) and self.low <= value <= self.high


@runtime_checkable
class Tolerance(Protocol):
    """What :func:`evaluate` asks of a tolerance policy.

    ``allowance`` returns how far (in the indicator's unit, so percentage points for a
    percentage) a value may miss ``compared_with`` and still be AMBER rather than RED.
    """

    def allowance(self, indicator: Indicator, compared_with: float) -> float:
        """The largest miss that is still AMBER (inclusive)."""
        ...  # pragma: no cover


@attrs.frozen(kw_only=True)
class TolerancePolicy:
    """The default tolerance: relative to the value compared with, or absolute.

    The value compared with is the expected value before the target's period ends and
    the target value after (the nearer bound of a band; the reference of "improve").
    By default the tolerance is 5% of that value: 67.2% is the edge of AMBER for
    "at most 64%", 76% for "at least 80%". With ``absolute`` set, it is that many units
    of the indicator (percentage points for a percentage) whatever the value.

    Attributes:
        relative: The fraction of the value compared with (0.05 for 5%).
        absolute: A fixed allowance in the indicator's unit; used instead of
            ``relative`` when given.

    Example:
        >>> from safeguarding_plan import Direction, Indicator
        >>> s42 = Indicator(id="s42", name="s42", unit="percent",
        ...                 direction=Direction.LOWER_IS_BETTER)
        >>> round(TolerancePolicy().allowance(s42, 64), 6)
        3.2
        >>> TolerancePolicy(absolute=2).allowance(s42, 64)
        2.0
    """

    relative: float = attrs.field(default=0.05, converter=float)
    absolute: float | None = attrs.field(default=None, converter=attrs.converters.optional(float))

    @relative.validator
    def _check_relative(self, _: attrs.Attribute[float], value: float) -> None:
        if not (math.isfinite(value) and value >= 0):
            raise InvalidValueError("relative", "must be a finite fraction of zero or more", value)

    @absolute.validator
    def _check_absolute(self, _: attrs.Attribute[float | None], value: float | None) -> None:
        if value is not None and not (math.isfinite(value) and value >= 0):
            raise InvalidValueError("absolute", "must be a finite amount of zero or more", value)

    def allowance(self, indicator: Indicator, compared_with: float) -> float:  # noqa: ARG002
        """``absolute`` if set, else ``relative`` times the size of ``compared_with``."""
        if self.absolute is not None:
            return self.absolute
        return self.relative * abs(compared_with)


@runtime_checkable
class RollupRule(Protocol):
    """What :func:`evaluate` asks of a roll-up rule: one RAG from many."""

    def __call__(self, rags: Sequence[RAG]) -> RAG:
        """The overall RAG of a group of items."""
        ...  # pragma: no cover


@attrs.frozen
class WorstRag:
    """The default roll-up rule: the worst RAG among judged items; GREY if none was judged.

    Example:
        >>> WorstRag()([RAG.GREEN, RAG.GREY, RAG.AMBER])
        <RAG.AMBER: 'amber'>
        >>> WorstRag()([RAG.GREY])
        <RAG.GREY: 'grey'>
    """

    def __call__(self, rags: Sequence[RAG]) -> RAG:
        """The worst of ``rags`` (red, then amber, then green), or GREY."""
        return max(rags, key=lambda rag: rag.severity, default=RAG.GREY)


def _sorted_points(
    points: Iterable[tuple[dt.date, float]],
) -> tuple[tuple[dt.date, float], ...]:
    return tuple(sorted(points, key=lambda point: point[0]))


@attrs.frozen(kw_only=True)
class Trajectory:
    """A piecewise-linear path through (date, value) points, linear in calendar days.

    Flat before its first point and after its last.

    Attributes:
        points: ``(date, value)`` pairs in date order.

    Example:
        >>> path = Trajectory(points=((dt.date(2023, 3, 31), 84.0), (dt.date(2024, 3, 31), 64.0)))
        >>> path.at(dt.date(2023, 9, 30))
        74.0
    """

    points: tuple[tuple[dt.date, float], ...] = attrs.field(converter=_sorted_points)
    _days: tuple[int, ...] = attrs.field(init=False, repr=False, eq=False)

    @_days.default
    def _ordinals(self) -> tuple[int, ...]:
        return tuple(day.toordinal() for day, _ in self.points)

    def at(self, day: dt.date) -> float | None:
        """The expected value on ``day`` (None if the path has no points)."""
        if not self.points:
            return None
        ordinal = day.toordinal()
        days = self._days
        i = bisect.bisect_right(days, ordinal)
        if i == 0:
            return self.points[0][1]
        if i == len(days):
            return self.points[-1][1]
        (d0, v0), (d1, v1) = (days[i - 1], self.points[i - 1][1]), (days[i], self.points[i][1])
        return v0 + (v1 - v0) * (ordinal - d0) / (d1 - d0)


# --------------------------------------------------------------------------- results


def _q(value: float | None, unit: str) -> Any:
    return None if value is None else _units.quantity(value, unit)


@attrs.frozen(kw_only=True)
class TargetResult:
    """The judgement of one target as at a date.

    Every figure is a float in the indicator's unit; the ``*_quantity`` properties give
    the same figures as pint quantities (gaps, shortfalls and tolerances of a percentage
    in percentage points).

    Attributes:
        target: The target judged.
        indicator: Its indicator.
        priority: The id of the priority that holds it.
        outcome: The id of the outcome it measures.
        partnership: The partnership of its priority.
        status: The :class:`Status`.
        rag: The :class:`RAG`.
        actual: The figure judged: the period's value, or before the period ends the
            latest value (a flow's year-to-date total); None if none.
        period: The period ``actual`` describes (for a flow's year-to-date total, the
            latest quarter counted).
        expected: The value ``actual`` was compared with: the trajectory at
            ``period``'s end before the target's period ends (a flow's annual target
            pro rata), the target value after.
        target_value: The value the rule resolves to (a band's nearer bound; the
            reference of "improve"); None when it cannot be resolved.
        baseline: The indicator's baseline value, from the plan or recorded later.
        reference: The reference value of a change or improvement, if resolved.
        gap: ``actual - target_value`` (a band: the distance outside it, 0 inside).
        progress: ``(actual - baseline) / (target_value - baseline)``, unclamped; None
            where undefined.
        shortfall: How far ``actual`` misses ``expected`` in the worse direction (0 when
            it does not miss).
        tolerance: The allowance used for AMBER, in the indicator's unit.
        direction: :class:`Travel` against the previous value of the same granularity.
        interval: The 95% Wilson interval when the figure comes with counts.
        confidence: :class:`Confidence` when there is an interval.
        explanation: One plain-English sentence saying why.
    """

    target: Target
    indicator: Indicator
    priority: str
    outcome: str
    partnership: Partnership
    status: Status
    rag: RAG
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
    explanation: str

    @property
    def id(self) -> str:
        """The target's id."""
        return self.target.id

    @property
    def unit(self) -> str:
        """The indicator's unit."""
        return self.indicator.unit

    @property
    def judged(self) -> bool:
        """Whether the target could be judged (its status is not GREY)."""
        return self.status.judged

    @property
    def actual_quantity(self) -> Any:
        """``actual`` as a pint quantity (None if missing)."""
        return _q(self.actual, self.unit)

    @property
    def expected_quantity(self) -> Any:
        """``expected`` as a pint quantity."""
        return _q(self.expected, self.unit)

    @property
    def target_quantity(self) -> Any:
        """``target_value`` as a pint quantity."""
        return _q(self.target_value, self.unit)

    @property
    def baseline_quantity(self) -> Any:
        """``baseline`` as a pint quantity."""
        return _q(self.baseline, self.unit)

    @property
    def reference_quantity(self) -> Any:
        """``reference`` as a pint quantity."""
        return _q(self.reference, self.unit)

    @property
    def interval_quantity(self) -> tuple[Any, Any] | None:
        """``interval`` as a pair of pint quantities (low, high), or None."""
        if self.interval is None:
            return None
        return (_q(self.interval.low, self.unit), _q(self.interval.high, self.unit))

    @property
    def gap_quantity(self) -> Any:
        """``gap`` as a pint quantity, in percentage points for a percentage."""
        return _q(self.gap, self.indicator.difference_unit)

    @property
    def shortfall_quantity(self) -> Any:
        """``shortfall`` as a pint quantity, in percentage points for a percentage."""
        return _q(self.shortfall, self.indicator.difference_unit)

    @property
    def tolerance_quantity(self) -> Any:
        """``tolerance`` as a pint quantity, in percentage points for a percentage."""
        return _q(self.tolerance, self.indicator.difference_unit)


@attrs.frozen(kw_only=True)
class ActionResult:
    """The state of one action as at a date.

    Attributes:
        action: The action.
        priorities: The ids of every priority it serves (the one holding it first).
        partnerships: The partnerships of those priorities, without repeats.
        status: The :class:`ActionStatus`.
        rag: GREEN for complete or in progress, AMBER for not started before it is due,
            RED for overdue, GREY for no update or dropped.
        update: The latest update no later than the date, if any.
        completed_on: When it was completed, if it is complete.
        late: Whether it was completed after its due date.
        explanation: One plain-English sentence.
    """

    action: Action
    priorities: tuple[str, ...]
    partnerships: tuple[Partnership, ...]
    status: ActionStatus
    rag: RAG
    update: ActionUpdate | None = None
    completed_on: dt.date | None = None
    late: bool = False
    explanation: str

    @property
    def id(self) -> str:
        """The action's id."""
        return self.action.id

    @property
    def due(self) -> FinancialYear:
        """The year it is due by (its end is the due date)."""
        return self.action.due


@attrs.frozen(kw_only=True)
class OutcomeResult:
    """The judgement of one qualitative outcome, from its latest assessment.

    Attributes:
        outcome: The outcome.
        priority: The id of the priority that holds it.
        partnership: That priority's partnership.
        status: The assessment's judgement as a :class:`Status`; NO_DATA if none.
        rag: GREEN for met or on track, AMBER at risk, RED not met or off track, GREY
            without an assessment.
        assessment: The latest assessment no later than the date, if any.
        explanation: One plain-English sentence.
    """

    outcome: Outcome
    priority: str
    partnership: Partnership
    status: Status
    rag: RAG
    assessment: Assessment | None = None
    explanation: str

    @property
    def id(self) -> str:
        """The outcome's id."""
        return self.outcome.id


Item: TypeAlias = TargetResult | ActionResult | OutcomeResult
"""Any one judged item."""


@attrs.frozen(kw_only=True)
class Rollup:
    """Counts and an overall RAG for a group of judged items.

    Attributes:
        id: The priority's id, the partnership's value (``"adults"``) or the plan's id.
        title: What the group is, for people.
        counts: How many items have each status (target and outcome :class:`Status`,
            :class:`ActionStatus`); statuses with no items are left out.
        rags: How many items have each :class:`RAG`.
        rag: The overall RAG by the roll-up rule (by default the worst judged RAG,
            GREY only when nothing could be judged).
        total: How many items.
        judged: How many items are not GREY.
    """

    id: str
    title: str
    counts: Mapping[Status | ActionStatus, int]
    rags: Mapping[RAG, int]
    rag: RAG
    total: int
    judged: int

    def count(self, status: Status | ActionStatus | RAG) -> int:
        """How many items have this status or RAG (0 if none)."""
        if isinstance(status, RAG):
            return self.rags.get(status, 0)
        return self.counts.get(status, 0)


def _rollup(key: str, title: str, items: Iterable[Item], rule: RollupRule) -> Rollup:
    counts: dict[Status | ActionStatus, int] = {}
    rags: dict[RAG, int] = {}
    judged: list[RAG] = []
    total = 0
    for item in items:
        total += 1
        counts[item.status] = counts.get(item.status, 0) + 1
        rags[item.rag] = rags.get(item.rag, 0) + 1
        if item.rag is not RAG.GREY:
            judged.append(item.rag)
    return Rollup(
        id=key,
        title=title,
        counts=counts,
        rags=rags,
        rag=rule(judged) if judged else RAG.GREY,
        total=total,
        judged=len(judged),
    )


def _plain(value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, FinancialYear | Quarter):
        return str(value)
    return value


@attrs.frozen(kw_only=True)
class Report:
    """Everything :func:`evaluate` found, as at one date. Immutable.

    Attributes:
        as_of: The date judged at.
        plan: The plan judged.
        targets: One result per target, in plan order.
        actions: One result per action, in plan order.
        outcomes: One result per qualitative outcome, in plan order.
        priorities: One roll-up per priority, in plan order (targets, actions serving
            it, qualitative outcomes).
        partnerships: One roll-up per partnership that has priorities.
        overall: The roll-up of the whole plan.
        problems: Things a reader must know: a recorded value that conflicts with the
            plan's baseline, a value that is overdue.
        trajectories: The trajectory of each indicator with at least one point.
    """

    as_of: dt.date
    plan: Plan
    targets: tuple[TargetResult, ...]
    actions: tuple[ActionResult, ...]
    outcomes: tuple[OutcomeResult, ...]
    priorities: tuple[Rollup, ...]
    partnerships: tuple[Rollup, ...]
    overall: Rollup
    problems: tuple[Problem, ...] = ()
    trajectories: Mapping[str, Trajectory] = attrs.field(factory=dict)

    def target(self, id: str) -> TargetResult:  # noqa: A002
        """The result for one target.

        Raises:
            KeyError: if the plan has no target with that id.
        """
        return _find(self.targets, id, "target")

    def action(self, id: str) -> ActionResult:  # noqa: A002
        """The result for one action (KeyError if none)."""
        return _find(self.actions, id, "action")

    def outcome(self, id: str) -> OutcomeResult:  # noqa: A002
        """The result for one qualitative outcome (KeyError if none)."""
        return _find(self.outcomes, id, "outcome")

    def priority(self, id: str) -> Rollup:  # noqa: A002
        """The roll-up of one priority (KeyError if none)."""
        return _find(self.priorities, id, "priority")

    def to_records(self) -> list[dict[str, object]]:
        """Every target, action and outcome result as a dict of plain values.

        Keys are the same for every row; enums become their values, periods their
        labels, dates stay :class:`datetime.date`.
        """
        rows: list[dict[str, object]] = []
        blank: dict[str, object] = dict.fromkeys(
            (
                "indicator", "period", "unit", "actual", "expected", "target_value",
                "baseline", "gap", "progress", "direction", "interval_low",
                "interval_high", "confidence", "due",
            ),
        )  # fmt: skip
        rows.extend(
            {
                "kind": "target",
                "id": t.id,
                "priority": t.priority,
                "partnership": t.partnership.value,
                "status": t.status.value,
                "rag": t.rag.value,
                **blank,
                "indicator": t.indicator.id,
                "period": _plain(t.target.period),
                "unit": t.unit,
                "actual": t.actual,
                "expected": t.expected,
                "target_value": t.target_value,
                "baseline": t.baseline,
                "gap": t.gap,
                "progress": t.progress,
                "direction": t.direction.value,
                "interval_low": t.interval.low if t.interval else None,
                "interval_high": t.interval.high if t.interval else None,
                "confidence": _plain(t.confidence),
                "explanation": t.explanation,
            }
            for t in self.targets
        )
        rows.extend(
            {
                "kind": "action",
                "id": a.id,
                "priority": a.priorities[0],
                "partnership": a.partnerships[0].value,
                "status": a.status.value,
                "rag": a.rag.value,
                **blank,
                "period": str(a.due),
                "due": a.due.end,
                "explanation": a.explanation,
            }
            for a in self.actions
        )
        rows.extend(
            {
                "kind": "outcome",
                "id": o.id,
                "priority": o.priority,
                "partnership": o.partnership.value,
                "status": o.status.value,
                "rag": o.rag.value,
                **blank,
                "explanation": o.explanation,
            }
            for o in self.outcomes
        )
        return rows

    def to_dataframe(self) -> pandas.DataFrame:
        """The records of :meth:`to_records` as a pandas DataFrame.

        Raises:
            ImportError: if pandas is not installed (``pip install
                safeguarding-plan[pandas]``).
        """
        try:
            import pandas  # noqa: ICN001, PLC0415 - an optional extra, named in full as above
        except ImportError:
            raise ImportError(
                "Report.to_dataframe needs pandas; install it with "
                "'pip install safeguarding-plan[pandas]'"
            ) from None
        return pandas.DataFrame.from_records(self.to_records())


class _HasId(Protocol):
    @property
    def id(self) -> str: ...  # pragma: no cover


_R = TypeVar("_R", bound=_HasId)


def _find(items: Sequence[_R], key: str, kind: str) -> _R:
    for item in items:
        if item.id == key:
            return item
    near = difflib.get_close_matches(key, [item.id for item in items], n=1)
    hint = f"; did you mean {near[0]!r}?" if near else ""
    raise KeyError(f"no {kind} with id {key!r} in the report{hint}")


# --------------------------------------------------------------------------- indexing


def _key(period: Period) -> int:
    """A cheap dict key for a period: 5 per year, 0 for the year, 1-4 for its quarters."""
    if isinstance(period, FinancialYear):
        return period.start_year * 5
    return period.year.start_year * 5 + period.number


def _end(period: Period) -> dt.date:
    """A period's end date, without building other periods (the hot path needs it often)."""
    if isinstance(period, FinancialYear):
        return dt.date(period.start_year + 1, 3, 31)
    year = period.year.start_year
    return _QUARTER_ENDS[period.number](year)


_QUARTER_ENDS = {
    1: lambda year: dt.date(year, 6, 30),
    2: lambda year: dt.date(year, 9, 30),
    3: lambda year: dt.date(year, 12, 31),
    4: lambda year: dt.date(year + 1, 3, 31),
}


class _Value:
    """A normalised value: a float in the indicator's unit, counts, or a marker."""

    __slots__ = ("denominator", "end", "key", "numerator", "period", "suppressed", "value")

    def __init__(
        self,
        period: Period,
        value: float | None,
        numerator: float | None = None,
        denominator: float | None = None,
        suppressed: str | None = None,
    ) -> None:
        self.period = period
        self.key = _key(period)
        self.end = _end(period)
        self.value = value
        self.numerator = numerator
        self.denominator = denominator
        self.suppressed = suppressed


def _amount(value: float, unit: str) -> str:
    """A difference for people: ``1 percentage point``, ``3.2 percentage points``, ``6.5``."""
    text = format_value(value, unit)
    if _close(value, 1.0):
        text = text.replace("percentage points", "percentage point")
    return text


@functools.lru_cache(maxsize=4096)
def _date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


class _Series:
    """The values of one indicator no later than ``as_of``, with derived years."""

    def __init__(
        self,
        indicator: Indicator,
        recorded: dict[int, _Value],
        baseline: float | None,
        plan_start: dt.date,
    ) -> None:
        self.indicator = indicator
        self.recorded = recorded
        self.baseline = baseline
        self.sign = indicator.direction.sign
        base = indicator.baseline
        self.base_period: Period | None = base.period if base is not None else None
        self.base_key = _key(base.period) if base is not None else None
        self.plan_baseline = base.value if base is not None else None
        # In-year figures must come after the baseline (or from within the plan).
        self.history_end = _end(base.period) if base is not None else plan_start
        self._years: dict[int, _Value | None] = {}

    def actual(self, period: Period) -> _Value | None:
        key = _key(period)
        if key == self.base_key and self.plan_baseline is not None:
            return _Value(period, self.plan_baseline)
        if isinstance(period, FinancialYear):
            return self.year(period)
        return self.recorded.get(key)

    def year(self, year: FinancialYear) -> _Value | None:
        key = _key(year)
        if key in self._years:
            return self._years[key]
        own = self.recorded.get(key)
        result = own if own is not None else self._derive(year, key)
        self._years[key] = result
        return result

    def _derive(self, year: FinancialYear, key: int) -> _Value | None:
        get = self.recorded.get
        parts = [get(key + 1), get(key + 2), get(key + 3), get(key + 4)]
        present = [p for p in parts if p is not None]
        if len(present) < len(parts):
            return None
        marker = next((p.suppressed for p in present if p.suppressed is not None), None)
        if marker is not None:
            return _Value(year, None, suppressed=marker)
        if self.indicator.measure is Measure.FLOW:
            return _Value(year, sum(p.value or 0.0 for p in present))
        if all(p.denominator is not None for p in present):
            num = sum(p.numerator or 0.0 for p in present)
            den = sum(p.denominator or 0.0 for p in present)
            share = num / den * (100 if self.indicator.is_percent else 1)
            return _Value(year, share, num, den)
        return None

    def latest_level(self, before: dt.date) -> tuple[_Value | None, bool]:
        """The latest usable value ending after history and on/before ``before``.

        Returns the value and whether suppressed values were passed over.
        """
        best: _Value | None = None
        best_key: tuple[dt.date, int] | None = None
        withheld = False
        history_end = self.history_end
        recorded = [v for v in self.recorded.values() if history_end < v.end <= before]
        years = {v.period.year for v in recorded}
        derived = [self.year(y) for y in years if _key(y) not in self.recorded]
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

    def travel(self, value: _Value) -> Travel:
        if value.value is None:
            return Travel.UNKNOWN
        before = self.actual(value.period.previous())
        if before is None or before.value is None:
            return Travel.UNKNOWN
        change = (value.value - before.value) * self.sign
        if _close(value.value, before.value):
            return Travel.NO_CHANGE
        return Travel.IMPROVING if change > 0 else Travel.WORSENING


def _index_observations(
    plan: Plan, observations: Iterable[Observation], as_of: dt.date
) -> tuple[dict[str, dict[int, _Value]], list[tuple[int, _Value]], list[Problem]]:
    problems: list[Problem] = []
    by_indicator: dict[str, dict[int, _Value]] = {i.id: {} for i in plan.indicators}
    indicators = {i.id: i for i in plan.indicators}
    seen: dict[tuple[str, int], int] = {}
    all_values: list[tuple[int, _Value]] = []
    for number, obs in enumerate(observations):
        where = f"observations[{number}]"
        indicator = indicators.get(obs.indicator)
        if indicator is None:
            near = difflib.get_close_matches(obs.indicator, list(indicators), n=1)
            hint = f"; did you mean {near[0]!r}?" if near else ""
            problems.append(
                Problem(
                    location=f"{where}.indicator",
                    message=f"the plan has no indicator with this id{hint}",
                    value=obs.indicator,
                )
            )
            continue
        key = (obs.indicator, _key(obs.period))
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
        try:
            value = _normalise(obs, indicator)
        except UnitError as exc:
            problems.append(
                Problem(location=f"{where}.value", message=exc.message, value=obs.value)
            )
            continue
        except InvalidValueError as exc:
            problems.append(
                Problem(location=f"{where}.{exc.field}", message=exc.message, value=exc.value)
            )
            continue
        all_values.append((number, value))
        if value.end <= as_of:
            by_indicator[obs.indicator][value.key] = value
    return by_indicator, all_values, problems


def _normalise(obs: Observation, indicator: Indicator) -> _Value:
    """The observation as floats in the indicator's unit (pint only for quantities)."""
    if obs.suppressed is not None:
        return _Value(obs.period, None, suppressed=obs.suppressed)
    numerator, denominator = obs.numerator, obs.denominator
    if denominator is None and isinstance(obs.value, float):
        return _Value(obs.period, obs.value)  # the common case: already a plain number
    if (
        obs.value is None
        and numerator is not None
        and denominator is not None
        and not (indicator.is_percent and numerator > denominator)
    ):
        share = numerator / denominator * (100.0 if indicator.is_percent else 1.0)
        return _Value(obs.period, share, numerator, denominator)
    norm = obs.normalised(indicator)  # converts quantities; checks counts against values
    return _Value(norm.period, norm.value, norm.numerator, norm.denominator)


def _check_ids(
    kind: str, field: str, given: Iterable[tuple[int, str]], known: Sequence[str]
) -> list[Problem]:
    problems = []
    known_set = set(known)
    for number, key in given:
        if key not in known_set:
            near = difflib.get_close_matches(key, list(known), n=1)
            hint = f"; did you mean {near[0]!r}?" if near else ""
            problems.append(
                Problem(
                    location=f"{kind}[{number}].{field}",
                    message=f"the plan has no {field} with this id{hint}",
                    value=key,
                )
            )
    return problems


# --------------------------------------------------------------------------- goals


class _Goal:
    """What a value must do: at least / at most / between / strictly better than."""

    __slots__ = ("high", "kind", "low", "value")

    def __init__(self, kind: str, value: float, low: float = 0.0, high: float = 0.0) -> None:
        self.kind = kind  # "min", "max", "band", "above", "below"
        self.value = value
        self.low = low
        self.high = high

    def scaled(self, factor: float) -> _Goal:
        return _Goal(self.kind, self.value * factor, self.low * factor, self.high * factor)

    def at(self, value: float, direction: Direction) -> _Goal:
        """Inclusive, in the indicator's direction, against another value (the trajectory).

        In-year values "meet the expected value in the indicator's direction, inclusive",
        whatever the sense of the final rule (a floor on a falling indicator included).
        """
        return _single_goal(direction, value)

    def compared_with(self, actual: float) -> float:
        if self.kind == "band":
            return self.low if abs(actual - self.low) <= abs(actual - self.high) else self.high
        return self.value

    def shortfall(self, actual: float) -> float:
        kind = self.kind
        if kind in ("min", "above"):
            miss = self.value - actual
        elif kind in ("max", "below"):
            miss = actual - self.value
        elif actual < self.low:
            miss = self.low - actual
        elif actual > self.high:
            miss = actual - self.high
        else:
            miss = 0.0
        return miss if miss > _EPS * max(1.0, abs(self.value)) else 0.0

    def met(self, actual: float) -> bool:
        kind = self.kind
        if kind == "min":
            return actual >= self.value or _close(actual, self.value)
        if kind == "max":
            return actual <= self.value or _close(actual, self.value)
        if kind == "band":
            low_ok = actual >= self.low or _close(actual, self.low)
            high_ok = actual <= self.high or _close(actual, self.high)
            return low_ok and high_ok
        better = actual > self.value if kind == "above" else actual < self.value
        return better and not _close(actual, self.value)

    def settled_by(self, interval: Interval) -> bool:
        """Whether every value in ``interval`` is judged the same way."""
        return self.met(interval.low) == self.met(interval.high) and (
            self.kind != "band" or not (interval.low < self.low and interval.high > self.high)
        )

    def phrase(self, indicator: Indicator) -> str:
        fmt = indicator.format
        if self.kind == "min":
            return f"at least {fmt(self.value)}"
        if self.kind == "max":
            return f"at most {fmt(self.value)}"
        if self.kind == "band":
            return f"between {fmt(self.low)} and {fmt(self.high)}"
        return f"{'higher' if self.kind == 'above' else 'lower'} than {fmt(self.value)}"


def _single_goal(direction: Direction, value: float) -> _Goal:
    return _Goal("min" if direction is Direction.HIGHER_IS_BETTER else "max", value)


class _Resolved:
    __slots__ = ("goal", "missing", "reference", "reference_phrase")

    def __init__(
        self,
        goal: _Goal | None,
        reference: float | None = None,
        reference_phrase: str = "",
        missing: str = "",
    ) -> None:
        self.goal = goal
        self.reference = reference
        self.reference_phrase = reference_phrase
        self.missing = missing


def _resolve(target: Target, series: _Series) -> _Resolved:
    """Turn a target's rule into a goal, resolving its reference if it has one."""
    rule = target.rule
    ind = series.indicator
    if isinstance(rule, AtLeast):
        return _Resolved(_Goal("min", rule.value))
    if isinstance(rule, AtMost):
        return _Resolved(_Goal("max", rule.value))
    if isinstance(rule, Between):
        return _Resolved(_Goal("band", rule.low, rule.low, rule.high))
    reference = rule.reference
    if reference is Reference.BASELINE:
        base = ind.baseline
        if series.baseline is None:
            where = f" for {base.period}" if base is not None else ""
            return _Resolved(None, missing=f"the baseline{where} has not been recorded")
        ref = series.baseline
        phrase = f"the baseline of {ind.format(ref)}"
    else:
        previous = target.period.previous()
        value = series.actual(previous)
        if value is None:
            return _Resolved(None, missing=f"the actual for {previous} has not been recorded")
        if value.value is None:
            return _Resolved(None, missing=f"the actual for {previous} was withheld (suppressed)")
        ref = value.value
        phrase = f"the {previous} actual of {ind.format(ref)}"
    if isinstance(rule, RelativeChange):
        goal = _single_goal(ind.direction, rule.resolve(ref))
        change = f"{'+' if rule.percent >= 0 else '-'}{format_value(abs(rule.percent), 'percent')}"
        text = f"{change} relative change on {phrase}"
    elif isinstance(rule, AbsoluteChange):
        goal = _single_goal(ind.direction, rule.resolve(ref))
        size = format_value(abs(rule.amount), ind.difference_unit)
        text = f"{'+' if rule.amount >= 0 else '-'}{size} on {phrase}"
    else:
        assert isinstance(rule, Improve)  # noqa: S101 - the rule union is closed
        kind = "above" if ind.direction is Direction.HIGHER_IS_BETTER else "below"
        goal = _Goal(kind, ref)
        text = f"improving on {phrase}"
    return _Resolved(goal, ref, text)


# --------------------------------------------------------------------------- judging


_RAG_OF = {
    Status.MET: RAG.GREEN,
    Status.ON_TRACK: RAG.GREEN,
    Status.AT_RISK: RAG.AMBER,
    Status.OFF_TRACK: RAG.RED,
    Status.NO_DATA: RAG.GREY,
    Status.NO_BASELINE: RAG.GREY,
    Status.SUPPRESSED: RAG.GREY,
}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@attrs.frozen(kw_only=True)
class _Case:
    """One target being judged, with what the judging steps share."""

    base: dict[str, Any]
    series: _Series
    target: Target
    goal: _Goal
    aim: str
    name: str


class _Judge:
    """Judges the targets of one plan as at one date."""

    def __init__(
        self,
        plan: Plan,
        series: dict[str, _Series],
        as_of: dt.date,
        tolerance: Tolerance,
    ) -> None:
        self.plan = plan
        self.series = series
        self.as_of = as_of
        self.tolerance = tolerance
        self.problems: list[Problem] = []
        self.resolved: dict[str, _Resolved] = {}
        self.paths: dict[str, Trajectory] = {}
        for ind in plan.indicators:
            s = series[ind.id]
            points: list[tuple[dt.date, float]] = []
            if s.baseline is not None and s.base_period is not None:
                points.append((s.base_period.end, s.baseline))
            for target in plan.targets_for(ind.id):
                resolved = _resolve(target, s)
                self.resolved[target.id] = resolved
                goal = resolved.goal
                if goal is not None and goal.kind != "band":
                    points.append((target.period.end, goal.value))
            if points:
                self.paths[ind.id] = Trajectory(points=points)

    def judge(self, target: Target, priority: Priority, outcome: Outcome) -> TargetResult:
        s = self.series[target.indicator]
        ind = s.indicator
        resolved = self.resolved[target.id]
        base: dict[str, Any] = {
            "target": target,
            "indicator": ind,
            "priority": priority.id,
            "outcome": outcome.id,
            "partnership": priority.partnership,
            "baseline": s.baseline,
            "reference": resolved.reference,
        }
        goal = resolved.goal
        aim = ""
        if goal is not None:
            aim = goal.phrase(ind)
            if resolved.reference_phrase:
                aim = f"{aim} ({resolved.reference_phrase})"
        name = _capital(ind.name)
        if goal is None:
            rule_text = target.describe(ind)
            return TargetResult(
                **base,
                status=Status.NO_BASELINE,
                rag=RAG.GREY,
                explanation=f"The target to {rule_text} cannot be judged yet: {resolved.missing}.",
            )
        ended = self.as_of >= _end(target.period)
        case = _Case(base=base, series=s, target=target, goal=goal, aim=aim, name=name)
        if ended:
            return self._after(case)
        if ind.measure is Measure.FLOW:
            return self._flow_in_year(case)
        return self._level_in_year(case)

    # -- the three ways of judging ------------------------------------------------

    def _after(self, case: _Case) -> TargetResult:
        base, s, target, goal, aim, name = (
            case.base,
            case.series,
            case.target,
            case.goal,
            case.aim,
            case.name,
        )
        ind = s.indicator
        period = target.period
        value = s.actual(period)
        target_value = None if goal.kind == "band" else goal.value
        if value is None:
            self.problems.append(
                Problem(
                    location=f"targets[{target.id}]",
                    message=f"the value of {ind.id} for {period} is overdue "
                    f"(the period ended on {_date(period.end)})",
                    value=str(period),
                    severity=Severity.WARNING,
                )
            )
            return TargetResult(
                **base,
                status=Status.NO_DATA,
                rag=RAG.GREY,
                target_value=target_value,
                explanation=f"No value of {ind.name} has been recorded for {period}, which "
                f"ended on {_date(period.end)}: it is overdue, so the target of {aim} cannot be "
                "judged.",
            )
        if value.value is None:
            return self._suppressed(base, ind, period, value, target_value)
        actual = value.value
        compared = goal.compared_with(actual)
        met = goal.met(actual)
        shortfall = goal.shortfall(actual)
        allowance = self.tolerance.allowance(ind, compared)
        within = met or shortfall <= allowance or _close(shortfall, allowance)
        status = Status.MET if met else Status.NOT_MET
        rag = RAG.GREEN if met else (RAG.AMBER if within else RAG.RED)
        interval, confidence, sample = _sample(ind, value, goal)
        if met:
            verdict = f"meeting the target of {aim}"
        else:
            miss = _amount(shortfall, ind.difference_unit)
            side = "within" if within else "beyond"
            tol = _amount(allowance, ind.difference_unit)
            verdict = (
                f"missing the target of {aim} by {miss} ({side} the tolerance of {tol})"
                if shortfall > 0
                else f"not better than {ind.format(goal.value)} as the target of {aim} requires"
            )
        return TargetResult(
            **base,
            status=status,
            rag=rag,
            actual=actual,
            period=period,
            expected=compared if goal.kind == "band" else goal.value,
            target_value=compared if goal.kind == "band" else target_value,
            gap=self._gap(actual, goal),
            progress=self._progress(s, actual, goal),
            shortfall=shortfall,
            tolerance=allowance,
            direction=s.travel(value),
            interval=interval,
            confidence=confidence,
            explanation=f"{name} was {ind.format(actual)} in {period}{sample}, {verdict}.",
        )

    def _level_in_year(self, case: _Case) -> TargetResult:
        base, s, target, goal, aim, name = (
            case.base,
            case.series,
            case.target,
            case.goal,
            case.aim,
            case.name,
        )
        ind = s.indicator
        value, withheld = s.latest_level(min(self.as_of, target.period.end))
        target_value = None if goal.kind == "band" else goal.value
        by = f"by the end of {target.period}"
        if value is None or value.value is None:
            if withheld:
                return TargetResult(
                    **base,
                    status=Status.SUPPRESSED,
                    rag=RAG.GREY,
                    target_value=target_value,
                    explanation=f"Every recent value of {ind.name} was withheld for "
                    f"disclosure control, so progress towards the target of {aim} {by} "
                    "cannot be judged.",
                )
            return TargetResult(
                **base,
                status=Status.NO_DATA,
                rag=RAG.GREY,
                target_value=target_value,
                explanation=f"No value of {ind.name} has been recorded since "
                f"{_date(s.history_end)}, so progress towards the target of {aim} {by} "
                "cannot be judged yet.",
            )
        actual = value.value
        when = value.end
        if goal.kind == "band":
            now = goal
        elif ind.id in self.paths:
            expected = self.paths[ind.id].at(when)
            now = goal.at(goal.value if expected is None else expected, ind.direction)
        else:
            now = goal.at(goal.value, ind.direction)
        return self._in_year(
            case,
            value,
            actual,
            now,
            lead=f"{name} was {ind.format(actual)} in {value.period}",
            when=when,
            travel=s.travel(value),
            progress=True,
        )

    def _flow_in_year(self, case: _Case) -> TargetResult:
        base, s, target, goal, aim, name = (
            case.base,
            case.series,
            case.target,
            case.goal,
            case.aim,
            case.name,
        )
        ind = s.indicator
        period = target.period
        target_value = None if goal.kind == "band" else goal.value
        by = f"by the end of {period}"
        quarters = period.quarters() if isinstance(period, FinancialYear) else ()
        found = (s.recorded.get(_key(q)) for q in quarters)
        seen = [v for v in found if v is not None and v.end <= self.as_of]
        if not seen:
            return TargetResult(
                **base,
                status=Status.NO_DATA,
                rag=RAG.GREY,
                target_value=target_value,
                explanation=f"No quarter of {period} has been recorded yet for {ind.name}, so "
                f"progress towards the target of {aim} {by} cannot be judged.",
            )
        if any(v.suppressed is not None for v in seen):
            return TargetResult(
                **base,
                status=Status.SUPPRESSED,
                rag=RAG.GREY,
                target_value=target_value,
                explanation=f"A quarter of {ind.name} in {period} was withheld for disclosure "
                f"control, so the year-to-date total towards the target of {aim} {by} cannot "
                "be judged.",
            )
        latest = seen[-1]
        total = sum(v.value or 0.0 for v in seen)
        elapsed = (latest.end - period.start).days + 1
        share = elapsed / period.days
        now = goal.scaled(share)
        if now.kind != "band":
            now = now.at(now.value, ind.direction)
        lead = f"{name} totalled {ind.format(total)} in {period} to the end of {latest.period}"

        return self._in_year(
            case,
            latest,
            total,
            now,
            lead=lead,
            when=latest.end,
            travel=s.travel(latest),
            progress=False,
            pro_rata=True,
        )

    def _in_year(
        self,
        case: _Case,
        value: _Value,
        actual: float,
        now: _Goal,
        *,
        lead: str,
        when: dt.date,
        travel: Travel,
        progress: bool,
        pro_rata: bool = False,
    ) -> TargetResult:
        s, goal, aim = case.series, case.goal, case.aim
        base = case.base
        ind = s.indicator
        by = f"by the end of {case.target.period}"
        compared = now.compared_with(actual)
        shortfall = now.shortfall(actual)
        allowance = self.tolerance.allowance(ind, compared)
        if now.met(actual):
            status = Status.ON_TRACK
        elif shortfall <= allowance or _close(shortfall, allowance):
            status = Status.AT_RISK
        else:
            status = Status.OFF_TRACK
        interval, confidence, sample = (
            _sample(ind, value, now) if not pro_rata else (None, None, "")
        )
        what = "the pro rata" if pro_rata else "the"
        side = "within" if status is Status.AT_RISK else "beyond"
        miss = _amount(shortfall, ind.difference_unit)
        tol = _amount(allowance, ind.difference_unit)
        if now.kind == "band":
            band = f"{what} band of {ind.format(now.low)} to {ind.format(now.high)}"
            where = "inside" if status is Status.ON_TRACK else f"{miss} outside"
            tail = "" if status is Status.ON_TRACK else f" ({side} the tolerance of {tol})"
            explanation = f"{lead}{sample}, {where} {band} it must keep to {by}{tail}."
        else:
            against = f"{what} {ind.format(compared)} expected by {_date(when)}"
            if status is Status.ON_TRACK:
                verdict = f"on track against {against}"
            else:
                verdict = f"{miss} worse than {against} ({side} the tolerance of {tol})"
            explanation = f"{lead}{sample}, {verdict}, towards {aim} {by}."
        target_value = goal.compared_with(actual) if goal.kind == "band" else goal.value
        return TargetResult(
            **base,
            status=status,
            rag=_RAG_OF[status],
            actual=actual,
            period=value.period,
            expected=compared,
            target_value=target_value,
            gap=self._gap(actual, goal),
            progress=self._progress(s, actual, goal) if progress else None,
            shortfall=shortfall,
            tolerance=allowance,
            direction=travel,
            interval=interval,
            confidence=confidence,
            explanation=explanation,
        )

    # -- helpers --------------------------------------------------------------------

    @staticmethod
    def _suppressed(
        base: dict[str, Any],
        ind: Indicator,
        period: Period,
        value: _Value,
        target_value: float | None,
    ) -> TargetResult:
        return TargetResult(
            **base,
            status=Status.SUPPRESSED,
            rag=RAG.GREY,
            period=period,
            target_value=target_value,
            explanation=f"The value of {ind.name} for {period} was withheld for disclosure "
            f"control (marked {value.suppressed!r}), so the target cannot be judged.",
        )

    @staticmethod
    def _gap(actual: float, goal: _Goal) -> float:
        if goal.kind != "band":
            return actual - goal.value
        if actual < goal.low:
            return actual - goal.low
        if actual > goal.high:
            return actual - goal.high
        return 0.0

    @staticmethod
    def _progress(s: _Series, actual: float, goal: _Goal) -> float | None:
        if s.baseline is None or goal.kind == "band" or _close(goal.value, s.baseline):
            return None
        return (actual - s.baseline) / (goal.value - s.baseline)


def _sample(
    ind: Indicator, value: _Value, goal: _Goal
) -> tuple[Interval | None, Confidence | None, str]:
    numerator, denominator = value.numerator, value.denominator
    if numerator is None or denominator is None or numerator > denominator:
        return None, None, ""  # no counts, or counts that are not a proportion
    scale = 100.0 if ind.is_percent else 1.0
    interval = Interval.wilson(numerator, denominator, scale=scale)
    confidence = Confidence.CONCLUSIVE if goal.settled_by(interval) else Confidence.INCONCLUSIVE
    text = (
        f" ({value.numerator:g} of {value.denominator:g}; 95% interval "
        f"{ind.format(round(interval.low))} to {ind.format(round(interval.high))}, "
        f"{confidence.value})"
    )
    return interval, confidence, text


# --------------------------------------------------------------------------- actions


def _judge_action(
    action: Action,
    priorities: tuple[Priority, ...],
    updates: Sequence[ActionUpdate],
    as_of: dt.date,
) -> ActionResult:
    due = action.due.end
    what = action.text.rstrip(".")
    base: dict[str, Any] = {
        "action": action,
        "priorities": tuple(p.id for p in priorities),
        "partnerships": tuple(dict.fromkeys(p.partnership for p in priorities)),
    }
    relevant = [u for u in updates if u.on <= as_of]
    if not relevant:
        if as_of > due:
            return ActionResult(
                **base,
                status=ActionStatus.OVERDUE,
                rag=RAG.RED,
                explanation=f"{what!r} was due by {_date(due)} and no update has been "
                "recorded: it is overdue.",
            )
        return ActionResult(
            **base,
            status=ActionStatus.NO_UPDATE,
            rag=RAG.GREY,
            explanation=f"No update has been recorded for {what!r}, which is due by {_date(due)}.",
        )
    latest = max(enumerate(relevant), key=lambda pair: (pair[1].on, pair[0]))[1]
    state = latest.state
    if state is UpdateState.DROPPED:
        reason = latest.note or "no reason recorded"
        return ActionResult(
            **base,
            status=ActionStatus.DROPPED,
            rag=RAG.GREY,
            update=latest,
            explanation=f"{what!r} was dropped on {_date(latest.on)}: {reason}.",
        )
    if state is UpdateState.COMPLETE:
        completed = latest.on
        for update in sorted(relevant, key=lambda u: u.on, reverse=True):
            if update.state is not UpdateState.COMPLETE:
                break
            completed = update.on
        late = completed > due
        note = f", after its due date of {_date(due)}" if late else ""
        return ActionResult(
            **base,
            status=ActionStatus.COMPLETE,
            rag=RAG.GREEN,
            update=latest,
            completed_on=completed,
            late=late,
            explanation=f"{what!r} was completed on {_date(completed)}{note}.",
        )
    if as_of > due:
        return ActionResult(
            **base,
            status=ActionStatus.OVERDUE,
            rag=RAG.RED,
            update=latest,
            explanation=f"{what!r} was due by {_date(due)} and is not complete (last "
            f"update on {_date(latest.on)}: {state.value.replace('_', ' ')}).",
        )
    if state is UpdateState.IN_PROGRESS:
        return ActionResult(
            **base,
            status=ActionStatus.IN_PROGRESS,
            rag=RAG.GREEN,
            update=latest,
            explanation=f"{what!r} is in progress (updated {_date(latest.on)}) and is due "
            f"by {_date(due)}.",
        )
    return ActionResult(
        **base,
        status=ActionStatus.NOT_STARTED,
        rag=RAG.AMBER,
        update=latest,
        explanation=f"{what!r} has not started (updated {_date(latest.on)}) and is due by "
        f"{_date(due)}.",
    )


_JUDGEMENT = {
    Judgement.MET: (Status.MET, RAG.GREEN),
    Judgement.NOT_MET: (Status.NOT_MET, RAG.RED),
    Judgement.ON_TRACK: (Status.ON_TRACK, RAG.GREEN),
    Judgement.AT_RISK: (Status.AT_RISK, RAG.AMBER),
    Judgement.OFF_TRACK: (Status.OFF_TRACK, RAG.RED),
}


def _judge_outcome(
    outcome: Outcome, priority: Priority, assessments: Sequence[Assessment], as_of: dt.date
) -> OutcomeResult:
    base: dict[str, Any] = {
        "outcome": outcome,
        "priority": priority.id,
        "partnership": priority.partnership,
    }
    what = outcome.text.rstrip(".")
    relevant = [a for a in assessments if a.on <= as_of]
    if not relevant:
        return OutcomeResult(
            **base,
            status=Status.NO_DATA,
            rag=RAG.GREY,
            explanation=f"No assessment of {what!r} has been recorded by {_date(as_of)}.",
        )
    latest = max(enumerate(relevant), key=lambda pair: (pair[1].on, pair[0]))[1]
    status, rag = _JUDGEMENT[latest.judgement]
    evidence = f" ({latest.evidence})" if latest.evidence else ""
    return OutcomeResult(
        **base,
        status=status,
        rag=rag,
        assessment=latest,
        explanation=f"{what!r} was assessed as {status.label} on {_date(latest.on)}{evidence}.",
    )


# --------------------------------------------------------------------------- evaluate

_DEFAULT_TOLERANCE = TolerancePolicy()
_DEFAULT_ROLLUP = WorstRag()


def evaluate(
    plan: Plan,
    observations: Iterable[Observation] = (),
    *,
    updates: Iterable[ActionUpdate] = (),
    assessments: Iterable[Assessment] = (),
    as_of: dt.date,
    policy: Tolerance = _DEFAULT_TOLERANCE,
    rollup: RollupRule = _DEFAULT_ROLLUP,
) -> Report:
    """Judge every target, action and qualitative outcome of ``plan`` as at ``as_of``.

    Args:
        plan: The plan.
        observations: Values of the plan's indicators, at most one per indicator and
            period. Values of periods ending after ``as_of`` are not used (but are still
            checked). A value for an indicator's baseline period records a baseline the
            plan lacks; one that conflicts with a baseline the plan has is reported in
            :attr:`Report.problems` and not used.
        updates: Dated states of the plan's actions.
        assessments: Dated judgements of the plan's qualitative outcomes.
        as_of: The date to judge at.
        policy: The tolerance for AMBER (:class:`TolerancePolicy` by default: 5% of the
            value compared with).
        rollup: How a group's RAG is made from its items' RAGs (:class:`WorstRag`).

    Returns:
        The :class:`Report`.

    Raises:
        ObservationError: listing every problem with the data: an unknown indicator,
            action or outcome id (with the nearest known id), a value in the wrong unit,
            more than one value for the same indicator and period.

    Example:
        >>> from datetime import date
        >>> from safeguarding_plan import ActionUpdate, Observation, evaluate
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> report = evaluate(
        ...     stockport_2023_26(),
        ...     [Observation(indicator="s42-non-conversion", period="2023/24", value=66)],
        ...     updates=[ActionUpdate(action="maars-audit", on=date(2024, 6, 1),
        ...                           state="in progress")],
        ...     as_of=date(2024, 6, 30),
        ... )
        >>> result = report.target("s42-non-conversion-2023-24")
        >>> result.status.name, result.rag.name, result.gap  # gap in percentage points
        ('NOT_MET', 'AMBER', 2.0)
        >>> report.action("maars-audit").status.name
        'IN_PROGRESS'
    """
    observations = list(observations)
    updates = list(updates)
    assessments = list(assessments)
    values, all_values, problems = _index_observations(plan, observations, as_of)
    problems += _check_ids(
        "updates",
        "action",
        ((n, u.action) for n, u in enumerate(updates)),
        [a.id for a in plan.iter_actions()],
    )
    problems += _check_ids(
        "assessments",
        "outcome",
        ((n, a.outcome) for n, a in enumerate(assessments)),
        [o.id for o in plan.iter_outcomes()],
    )
    if problems:
        raise ObservationError(problems)

    notes: list[Problem] = []
    series: dict[str, _Series] = {}
    plan_start = plan.start.start
    for ind in plan.indicators:
        recorded = values[ind.id]
        baseline = ind.baseline.value if ind.baseline is not None else None
        if ind.baseline is not None:
            period = ind.baseline.period
            s = _Series(ind, recorded, None, plan_start)
            observed = (
                s.year(period) if isinstance(period, FinancialYear) else recorded.get(_key(period))
            )
            if observed is not None and observed.value is not None:
                if baseline is None:
                    baseline = observed.value
                elif not _close(observed.value, baseline):
                    number = next((n for n, v in all_values if v is observed), None)
                    where = f"observations[{number}]" if number is not None else ind.id
                    notes.append(
                        Problem(
                            location=where,
                            message=f"{ind.id} for {period} conflicts with the plan's baseline "
                            f"of {ind.format(baseline)}; the plan's baseline is kept",
                            value=observed.value,
                            severity=Severity.WARNING,
                        )
                    )
        series[ind.id] = _Series(ind, recorded, baseline, plan_start)

    judge = _Judge(plan, series, as_of, policy)
    target_results: list[TargetResult] = []
    outcome_results: list[OutcomeResult] = []
    by_outcome: dict[str, list[Assessment]] = {}
    for assessment in assessments:
        by_outcome.setdefault(assessment.outcome, []).append(assessment)
    targets_of: dict[str, list[TargetResult]] = {}
    outcomes_of: dict[str, list[OutcomeResult]] = {}
    for priority in plan.priorities:
        mine_t = targets_of.setdefault(priority.id, [])
        mine_o = outcomes_of.setdefault(priority.id, [])
        for outcome in priority.outcomes:
            if outcome.qualitative:
                result = _judge_outcome(outcome, priority, by_outcome.get(outcome.id, ()), as_of)
                outcome_results.append(result)
                mine_o.append(result)
            for target in outcome.targets:
                tresult = judge.judge(target, priority, outcome)
                target_results.append(tresult)
                mine_t.append(tresult)

    by_action: dict[str, list[ActionUpdate]] = {}
    for update in updates:
        by_action.setdefault(update.action, []).append(update)
    action_results: list[ActionResult] = []
    actions_of: dict[str, list[ActionResult]] = {p.id: [] for p in plan.priorities}
    for action in plan.iter_actions():
        served = plan.priorities_served_by(action)
        aresult = _judge_action(action, served, by_action.get(action.id, ()), as_of)
        action_results.append(aresult)
        for p in served:
            actions_of[p.id].append(aresult)

    priority_rollups = tuple(
        _rollup(
            p.id,
            p.title,
            [*targets_of[p.id], *actions_of[p.id], *outcomes_of[p.id]],
            rollup,
        )
        for p in plan.priorities
    )
    partnership_rollups = []
    for partnership in Partnership:
        members = [p for p in plan.priorities if p.partnership is partnership]
        if not members:
            continue
        items: list[Item] = []
        seen_actions: set[str] = set()
        for p in members:
            items += targets_of[p.id]
            items += outcomes_of[p.id]
            for a in actions_of[p.id]:
                if a.id not in seen_actions:
                    seen_actions.add(a.id)
                    items.append(a)
        partnership_rollups.append(
            _rollup(partnership.value, f"{partnership.label} partnership", items, rollup)
        )
    overall = _rollup(
        plan.id, plan.title, [*target_results, *action_results, *outcome_results], rollup
    )
    return Report(
        as_of=as_of,
        plan=plan,
        targets=tuple(target_results),
        actions=tuple(action_results),
        outcomes=tuple(outcome_results),
        priorities=priority_rollups,
        partnerships=tuple(partnership_rollups),
        overall=overall,
        problems=tuple(notes + judge.problems),
        trajectories=dict(judge.paths),
    )
