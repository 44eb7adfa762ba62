"""The result objects: one per target, action and outcome, the roll-ups and the report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, TypeVar

import attrs

from safeguarding_plan import _units
from safeguarding_plan.errors import MissingDependencyError, Problem, ResultNotFoundError, suggest
from safeguarding_plan.evaluation._comparators import Comparison
from safeguarding_plan.evaluation._forecast import Forecast
from safeguarding_plan.evaluation._numbers import Interval, Trajectory
from safeguarding_plan.evaluation._policies import PublicationPolicy
from safeguarding_plan.evaluation._targets import Reason
from safeguarding_plan.evaluation._vocabulary import RAG, ActionStatus, Confidence, Status, Travel
from safeguarding_plan.model import Action, Indicator, Outcome, Plan, Target
from safeguarding_plan.observations import (
    ActionUpdate,
    Assessment,
    Commentary,
    Observation,
    WithheldRange,
)
from safeguarding_plan.periods import FinancialYear, Period
from safeguarding_plan.plan_diff import ChangeKind

if TYPE_CHECKING:
    import pandas  # noqa: ICN001 - the full name lets the API docs resolve the type

__all__ = [
    "ActionResult",
    "Item",
    "OutcomeResult",
    "Report",
    "Rollup",
    "TargetResult",
    "TargetRevision",
]


def _q(value: float | None, unit: str) -> Any:
    return None if value is None else _units.quantity(value, unit)


@attrs.frozen(kw_only=True)
class TargetResult:
    """The judgement of one target as at a date.

    Every figure is a float in the indicator's unit, rounded to 10 decimal places (so no
    binary noise such as ``-112.00000000000003``); the ``*_quantity`` properties give the
    same figures as pint quantities (gaps, shortfalls and tolerances of a percentage in
    percentage points).

    Attributes:
        target: The target judged.
        indicator: Its indicator.
        priority: The id of the priority that holds it.
        outcome: The id of the outcome it measures.
        partnership: The id of its priority's declared partnership (``"adults"``).
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
        baseline: The indicator's :term:`baseline` value, from the plan or recorded later.
        reference: The reference value of a change or improvement, if resolved.
        gap: ``actual - target_value`` (a band: the distance outside it, 0 inside).
        progress: ``(actual - baseline) / (target_value - baseline)``, unclamped; None
            where undefined.
        shortfall: How far ``actual`` misses ``expected`` in the worse direction (0 when
            it does not miss).
        tolerance: The :term:`tolerance` used for AMBER, in the indicator's unit.
        direction: :class:`Travel` against the previous value of the same granularity
            (short-term: 2024/25 Q2 against 2024/25 Q1).
        travel_year_on_year: :class:`Travel` against the same period a year earlier
            (2024/25 Q2 against 2023/24 Q2; 2024/25 against 2023/24), blind to seasonal
            patterns.
        interval: The 95% :term:`Wilson score interval` when the figure comes with counts.
        confidence: :class:`Confidence` when there is an interval.
        reason: Why, as data: the goal (the rule in normal form, with its sense and the
            reference it was resolved from), what was compared with what, the tolerance
            and the margin, whether the period is over and whether the value is overdue.
        actual_range: When the figure judged was withheld and its range declared: that
            range in the indicator's unit (``actual`` is then None; a report may print
            the range, never a point). The status rests on a withheld value when it is
            not SUPPRESSED.
        withheld: The declared :class:`~safeguarding_plan.WithheldRange` (with its
            provenance: the DfE's, NHS Digital's or a custom range) it rests on.
        commentary: The owner's :class:`~safeguarding_plan.Commentary` and corrective
            action, from the latest observation of the target's period (by ``as_of``)
            that carries one.
        forecast: Whether the target is likely to be met by its deadline
            (:class:`Forecast`), for a target whose period has not ended (None after).
            It never changes ``status`` or ``rag``.
        comparators: For each comparator the plan declares with a value for ``period``,
            that value, the difference and BETTER, SIMILAR or WORSE
            (:class:`Comparison`), in the plan's order. Never changes ``status``.

    :attr:`explanation` is one plain-English sentence saying why, rendered from
    ``reason`` when it is read (a sentence given as ``explanation=`` is used instead).

    Example:
        >>> from datetime import date
        >>> from safeguarding_plan import Observation, evaluate
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> report = evaluate(
        ...     stockport_2023_26(),
        ...     [Observation(indicator="s42-non-conversion", period="2023/24", value=66)],
        ...     as_of=date(2024, 6, 30),
        ... )
        >>> result = report.target("s42-non-conversion-2023-24")
        >>> result.status.name, result.rag.name, result.actual, result.target_value
        ('NOT_MET', 'AMBER', 66.0, 64.0)
        >>> print(result.gap_quantity)
        2.0 percentage_point
        >>> print(result.explanation)
        Contacts to Adult Social Care ... was 66% in 2023/24, missing the target of at most
        64% by 2 percentage points (within the tolerance of 3.2 percentage points).
    """

    target: Target
    indicator: Indicator
    priority: str
    outcome: str
    partnership: str
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
    reason: Reason | None = None
    actual_range: Interval | None = None
    withheld: WithheldRange | None = None
    commentary: Commentary | None = None
    travel_year_on_year: Travel = Travel.UNKNOWN
    forecast: Forecast | None = None
    comparators: tuple[Comparison, ...] = ()
    _explanation: str | None = attrs.field(default=None, alias="explanation", eq=False, repr=False)

    @property
    def rests_on_withheld(self) -> bool:
        """Whether the status was judged from a withheld value's declared range."""
        return self.actual_range is not None and self.status is not Status.SUPPRESSED

    @property
    def forecast_explanation(self) -> str:
        """The forecast in plain English ("" when the target's period has ended).

        Example:
            >>> from datetime import date
            >>> from safeguarding_plan import Observation, evaluate
            >>> from safeguarding_plan.plans import stockport_2023_26
            >>> data = [Observation(indicator="s42-non-conversion", period=f"2023/24 Q{n}",
            ...                     value=v) for n, v in zip((1, 2, 3, 4), (80, 76, 72, 68))]
            >>> report = evaluate(stockport_2023_26(), data, as_of=date(2024, 12, 31))
            >>> print(report.target("s42-non-conversion-2024-25").forecast_explanation)
            On the trend of the last 4 quarters (2023/24 Q1 to 2023/24 Q4, falling by 15.92
            percentage points a year), ... is projected to be 52.09% on 31 March 2025 (80%
            prediction interval 52.01% to 52.18%): likely to be missed against the target of
            at most 44%.
        """
        from safeguarding_plan.evaluation._explain import forecast_sentence  # noqa: PLC0415

        return forecast_sentence(self)

    @property
    def comparators_explanation(self) -> str:
        """The comparators in plain English ("" when none has a value for the period)."""
        from safeguarding_plan.evaluation._explain import comparators_sentence  # noqa: PLC0415

        return comparators_sentence(self)

    @property
    def explanation(self) -> str:
        """One plain-English sentence saying why (rendered from :attr:`reason`)."""
        if self._explanation is not None:
            return self._explanation
        from safeguarding_plan.evaluation._explain import target_sentence  # noqa: PLC0415

        return target_sentence(self)

    def explain(self, publication: PublicationPolicy | None = None) -> str:
        """The explanation as a publication shows it.

        Under a :class:`PublicationPolicy` with a threshold, sample counts that could
        reveal a small count print as its marker, and a result whose figures involve a
        small count says only that its figures are withheld.
        """
        if publication is None or not publication.active or self.reason is None:
            return self.explanation
        from safeguarding_plan.evaluation._explain import target_sentence  # noqa: PLC0415

        return target_sentence(self, publication)

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
    def period_over(self) -> bool:
        """Whether the target's period had ended as at the date judged."""
        return self.reason is not None and self.reason.period_over

    @property
    def overdue(self) -> bool:
        """Whether the target's period is over and its value has not been recorded."""
        return self.reason is not None and self.reason.overdue

    @property
    def judged_gap(self) -> float | None:
        """``actual`` minus what it was judged against, in the indicator's unit.

        Before the target's period ends that is ``expected`` (the trajectory's value, a
        flow's annual target pro rata); after, the target value, as :attr:`gap`. For a
        band it is 0 inside and the signed distance to the nearer bound outside. None
        when there is nothing to compare.

        Example:
            >>> from datetime import date
            >>> from safeguarding_plan import Observation, evaluate
            >>> from safeguarding_plan.plans import stockport_2023_26
            >>> q2 = Observation(indicator="s42-non-conversion", period="2023/24 Q2", value=75)
            >>> result = evaluate(stockport_2023_26(), [q2], as_of=date(2023, 10, 31)).target(
            ...     "s42-non-conversion-2023-24")
            >>> result.expected, result.judged_gap, result.gap  # 75 against 74 now, 64 at the end
            (74.0, 1.0, 11.0)
        """
        if self.actual is None or self.expected is None:
            return None
        if self.period_over:
            return self.gap
        compared_with = self.reason.compared_with if self.reason is not None else None
        if compared_with is not None and compared_with.is_band and not self.shortfall:
            return 0.0
        return self.actual - self.expected

    def withheld_for(self, publication: PublicationPolicy) -> bool:
        """Whether a publication under ``publication`` must withhold every figure."""
        return publication.hides_figures(
            self.indicator, (self.actual, self.baseline, self.reference, self.expected)
        )

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
        partnerships: The ids of those priorities' partnerships, without repeats.
        status: The :class:`ActionStatus`.
        rag: GREEN for complete or in progress, AMBER for not started before it is due,
            RED for overdue, GREY for no update or dropped.
        update: The latest update no later than the date, if any.
        completed_on: When it was completed, if it is complete.
        late: Whether it was completed after its due date.

    :attr:`explanation` is one plain-English sentence, written from the fields above when
    it is read (a sentence given as ``explanation=`` is used instead).

    Example:
        >>> from datetime import date
        >>> from safeguarding_plan import ActionUpdate, evaluate
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> update = ActionUpdate(action="maars-audit", on=date(2024, 6, 1), state="in progress")
        >>> report = evaluate(stockport_2023_26(), updates=[update], as_of=date(2024, 6, 30))
        >>> result = report.action("maars-audit")
        >>> result.status.name, result.rag.name, str(result.due), result.priorities
        ('IN_PROGRESS', 'GREEN', '2024/25', ('joint-information-sharing', 'joint-complex-trauma'))
    """

    action: Action
    priorities: tuple[str, ...]
    partnerships: tuple[str, ...]
    status: ActionStatus
    rag: RAG
    update: ActionUpdate | None = None
    completed_on: dt.date | None = None
    late: bool = False
    _explanation: str | None = attrs.field(default=None, alias="explanation", eq=False, repr=False)

    @property
    def explanation(self) -> str:
        """One plain-English sentence on the action's state."""
        if self._explanation is not None:
            return self._explanation
        from safeguarding_plan.evaluation._explain import action_sentence  # noqa: PLC0415

        return action_sentence(
            self.action, self.status, self.update, self.completed_on, late=self.late
        )

    @property
    def id(self) -> str:
        """The action's id."""
        return self.action.id

    @property
    def due(self) -> FinancialYear:
        """The year it is due by (its end is the due date)."""
        return self.action.due

    @property
    def overdue(self) -> bool:
        """Whether it is past its due date and not complete (nor dropped)."""
        return self.status is ActionStatus.OVERDUE


@attrs.frozen(kw_only=True)
class OutcomeResult:
    """The judgement of one qualitative outcome, from its latest assessment.

    Attributes:
        outcome: The outcome.
        priority: The id of the priority that holds it.
        partnership: The id of that priority's declared partnership.
        status: The assessment's judgement as a :class:`Status`; NO_DATA if none.
        rag: GREEN for met or on track, AMBER at risk, RED not met or off track, GREY
            without an assessment.
        assessment: The latest assessment no later than the date, if any.

    :attr:`explanation` is one plain-English sentence, written from the fields above when
    it is read (a sentence given as ``explanation=`` is used instead). ``as_of``, the date
    judged at, is what it names when there is no assessment.

    Example:
        >>> from datetime import date
        >>> from safeguarding_plan import Assessment, evaluate
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> assessment = Assessment(outcome="trauma-informed-practice", on=date(2024, 5, 1),
        ...                         judgement="on track")
        >>> report = evaluate(stockport_2023_26(), assessments=[assessment],
        ...                   as_of=date(2024, 6, 30))
        >>> result = report.outcome("trauma-informed-practice")
        >>> result.status.name, result.rag.name, result.partnership
        ('ON_TRACK', 'GREEN', 'joint')
    """

    outcome: Outcome
    priority: str
    partnership: str
    status: Status
    rag: RAG
    assessment: Assessment | None = None
    _explanation: str | None = attrs.field(default=None, alias="explanation", eq=False, repr=False)
    _as_of: dt.date | None = attrs.field(default=None, alias="as_of", eq=False, repr=False)

    @property
    def explanation(self) -> str:
        """One plain-English sentence on the latest assessment."""
        if self._explanation is not None:
            return self._explanation
        from safeguarding_plan.evaluation._explain import outcome_sentence  # noqa: PLC0415

        return outcome_sentence(self.outcome, self.status, self.assessment, self._as_of)

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

    Example:
        >>> from datetime import date
        >>> from safeguarding_plan import RAG, ActionStatus, Observation, evaluate
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> report = evaluate(
        ...     stockport_2023_26(),
        ...     [Observation(indicator="s42-non-conversion", period="2023/24", value=66)],
        ...     as_of=date(2024, 6, 30),
        ... )
        >>> adults = report.priority("adults-making-safeguarding-personal")
        >>> adults.rag.name, adults.total, adults.judged
        ('RED', 17, 6)
        >>> adults.count(ActionStatus.OVERDUE), adults.count(RAG.AMBER)
        (4, 2)
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


class _HasId(Protocol):
    @property
    def id(self) -> str: ...  # pragma: no cover


_R = TypeVar("_R", bound=_HasId)


def _find(items: Sequence[_R], key: str, kind: str) -> _R:
    for item in items:
        if item.id == key:
            return item
    raise ResultNotFoundError(kind, key, suggest(key, [item.id for item in items]))


@attrs.frozen(kw_only=True)
class TargetRevision:
    """One change to a target from one version of the plan in force to the next.

    :func:`~safeguarding_plan.evaluate_versions` lists them in
    :attr:`Report.revisions`, so a reader sees every target revised since the first
    version and which version each was judged against.

    Attributes:
        target: The target's id.
        change: :class:`~safeguarding_plan.ChangeKind`: added, removed or changed.
        field: The field that changed (``rule``, ``period``, ``notes``, ``outcome``), or
            None for a target added or removed.
        version: The version that made the change (its name, or ``adopted
            2024-03-01`` when it has none).
        adopted: The date that version was adopted.
        description: The change in plain English, as :func:`~safeguarding_plan.diff`
            says it.
        judged_against: The version the report judged the target against (named as
            ``version`` is); None when the current version has no such target.

    Example:
        >>> import datetime
        >>> from safeguarding_plan import ChangeKind
        >>> revision = TargetRevision(
        ...     target="s42-2024-25", change=ChangeKind.CHANGED, field="rule", version="2",
        ...     adopted=datetime.date(2024, 3, 1), judged_against="2",
        ...     description="the 2024/25 target for S42 non-conversion changed from at "
        ...     "most 44% to at most 50%")
        >>> print(revision)
        the 2024/25 target for S42 non-conversion changed from at most 44% to at most 50%
        (version 2, adopted 1 March 2024; judged against version 2)
    """

    target: str
    change: ChangeKind
    field: str | None = None
    version: str
    adopted: dt.date | None = None
    description: str
    judged_against: str | None = None

    def __str__(self) -> str:
        from safeguarding_plan.evaluation._explain import revision_sentence  # noqa: PLC0415

        return revision_sentence(self)


@attrs.frozen(kw_only=True)
class Report:
    """Everything :func:`evaluate` found, as at one date. Immutable.

    :meth:`to_dict` and :meth:`to_json` give it as plain data (the shape of
    ``schemas/report.schema.json``, see :func:`report_schema`), and :meth:`from_dict`
    reads that back into an equal report.

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
            plan's baseline, a value that is overdue, an observation or assessment that
            was ignored (a period after the plan's last year, an assessment of an outcome
            measured by its targets), an implausible value
            (:func:`plausibility_problems`, located at its file, row and column) and any
            ``notes`` given to :func:`evaluate` (such as revisions).
        trajectories: The trajectory of each indicator with at least one point.
        observations: The observations judged, as given (charts draw them).
        tolerance: Which tolerance applied, for people: ``Tolerance for amber: 5% of the
            value compared with (the default).``, naming any indicator whose own differs
            (empty in a report read from data written before it was recorded).
        revisions: Every change to a target from one version of the plan in force to
            the next, when judged with :func:`~safeguarding_plan.evaluate_versions`
            (empty for a single version).

    Example:
        >>> from datetime import date
        >>> from safeguarding_plan import Observation, evaluate
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> report = evaluate(
        ...     stockport_2023_26(),
        ...     [Observation(indicator="s42-non-conversion", period="2023/24", value=66)],
        ...     as_of=date(2024, 6, 30),
        ... )
        >>> len(report.targets), len(report.actions), len(report.outcomes)
        (35, 28, 11)
        >>> report.target("s42-non-conversion-2023-24").rag.name, report.overall.rag.name
        ('AMBER', 'RED')
        >>> print(report.problems[0])
        targets[...]: the value of ... for 2023/24 is overdue (the period ended on 31 March
        2024) (given: '2023/24')
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
    observations: tuple[Observation, ...] = attrs.field(default=(), repr=False)
    tolerance: str = ""
    revisions: tuple[TargetRevision, ...] = ()

    def target(self, id: str) -> TargetResult:  # noqa: A002
        """The result for one target.

        Raises:
            ResultNotFoundError: (a :class:`KeyError`) if the plan has no target with
                that id; the message names the nearest id.
        """
        return _find(self.targets, id, "target")

    def action(self, id: str) -> ActionResult:  # noqa: A002
        """The result for one action (:class:`ResultNotFoundError` if none)."""
        return _find(self.actions, id, "action")

    def outcome(self, id: str) -> OutcomeResult:  # noqa: A002
        """The result for one qualitative outcome (:class:`ResultNotFoundError` if none)."""
        return _find(self.outcomes, id, "outcome")

    def priority(self, id: str) -> Rollup:  # noqa: A002
        """The roll-up of one priority (:class:`ResultNotFoundError` if none)."""
        return _find(self.priorities, id, "priority")

    def to_records(self) -> list[dict[str, object]]:
        """Every target, action and outcome result as a dict of plain values.

        Keys are the same for every row; enums become their values, periods their
        labels, dates ISO text (``"2024-03-31"``), so the rows go straight into
        ``json.dumps``.
        """
        from safeguarding_plan.evaluation._data import records  # noqa: PLC0415

        return records(self)

    def to_dict(self) -> dict[str, Any]:
        """The whole report as plain data for JSON: ISO dates, enum values as text.

        Figures are floats rounded to 10 decimal places. The shape is
        ``schemas/report.schema.json`` (:func:`report_schema`); the plan is included as
        a plan file's content, so :meth:`from_dict` needs nothing else.
        """
        from safeguarding_plan.evaluation._data import report_to_dict  # noqa: PLC0415

        return report_to_dict(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text (UTF-8, not ASCII-escaped)."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, plan: Plan | None = None) -> Report:
        """Read a report back from :meth:`to_dict`'s data (or parsed :meth:`to_json`).

        Args:
            data: The data.
            plan: The plan, if already loaded (otherwise it is read from ``data``).

        Raises:
            InvalidValueError: if the data does not have the report's shape, naming the
                field and value at fault.
        """
        from safeguarding_plan.evaluation._data import report_from_dict  # noqa: PLC0415

        return report_from_dict(data, plan=plan)

    def to_dataframe(self) -> pandas.DataFrame:
        """The records of :meth:`to_records` as a pandas DataFrame.

        Raises:
            MissingDependencyError: if pandas is not installed (an ``ImportError``) (``pip install
                safeguarding-plan[pandas]``).
        """
        try:
            import pandas  # noqa: ICN001, PLC0415 - an optional extra, named in full as above
        except ImportError:
            raise MissingDependencyError(
                "Report.to_dataframe needs pandas; install it with "
                "'pip install safeguarding-plan[pandas]'"
            ) from None
        return pandas.DataFrame.from_records(self.to_records())
