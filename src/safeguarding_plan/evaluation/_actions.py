"""Actions and qualitative outcomes as at a date: the latest update or assessment decides."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from safeguarding_plan.evaluation._results import ActionResult, OutcomeResult
from safeguarding_plan.evaluation._series import is_past_due
from safeguarding_plan.evaluation._vocabulary import RAG, ActionStatus, Status
from safeguarding_plan.model import Action, Outcome, Priority
from safeguarding_plan.observations import ActionUpdate, Assessment, Judgement, UpdateState

__all__ = ["judge_action", "judge_outcome"]

_JUDGEMENT = {
    Judgement.MET: (Status.MET, RAG.GREEN),
    Judgement.NOT_MET: (Status.NOT_MET, RAG.RED),
    Judgement.ON_TRACK: (Status.ON_TRACK, RAG.GREEN),
    Judgement.AT_RISK: (Status.AT_RISK, RAG.AMBER),
    Judgement.OFF_TRACK: (Status.OFF_TRACK, RAG.RED),
}

_RAG_OF_ACTION = {
    ActionStatus.COMPLETE: RAG.GREEN,
    ActionStatus.IN_PROGRESS: RAG.GREEN,
    ActionStatus.NOT_STARTED: RAG.AMBER,
    ActionStatus.OVERDUE: RAG.RED,
    ActionStatus.NO_UPDATE: RAG.GREY,
    ActionStatus.DROPPED: RAG.GREY,
}


def _completed_on(relevant: Sequence[ActionUpdate], latest: ActionUpdate) -> dt.date:
    """The first day of the unbroken run of COMPLETE updates that ends with the latest."""
    completed = latest.on
    for update in sorted(relevant, key=lambda u: u.on, reverse=True):
        if update.state is not UpdateState.COMPLETE:
            break
        completed = update.on
    return completed


def _action_status(latest: ActionUpdate | None, *, past_due: bool) -> ActionStatus:
    if latest is None:
        return ActionStatus.OVERDUE if past_due else ActionStatus.NO_UPDATE
    if latest.state is UpdateState.DROPPED:
        return ActionStatus.DROPPED
    if latest.state is UpdateState.COMPLETE:
        return ActionStatus.COMPLETE
    if past_due:
        return ActionStatus.OVERDUE
    if latest.state is UpdateState.IN_PROGRESS:
        return ActionStatus.IN_PROGRESS
    return ActionStatus.NOT_STARTED


def judge_action(
    action: Action,
    priorities: tuple[Priority, ...],
    updates: Sequence[ActionUpdate],
    as_of: dt.date,
) -> ActionResult:
    """The state of one action as at ``as_of``, from its latest update (ties: the last given)."""
    due = action.due.end
    if not updates:  # the usual case: nothing recorded
        relevant: list[ActionUpdate] = []
        latest = None
    else:
        relevant = [u for u in updates if u.on <= as_of]
        latest = (
            max(enumerate(relevant), key=lambda pair: (pair[1].on, pair[0]))[1]
            if relevant
            else None
        )
    status = _action_status(latest, past_due=is_past_due(due, as_of))
    completed = None
    if status is ActionStatus.COMPLETE and latest is not None:
        completed = _completed_on(relevant, latest)
    late = completed is not None and is_past_due(due, completed)
    return ActionResult(
        action=action,
        priorities=tuple(p.id for p in priorities),
        partnerships=tuple(dict.fromkeys(p.partnership for p in priorities)),
        status=status,
        rag=_RAG_OF_ACTION[status],
        update=latest,
        completed_on=completed,
        late=late,
    )


def judge_outcome(
    outcome: Outcome, priority: Priority, assessments: Sequence[Assessment], as_of: dt.date
) -> OutcomeResult:
    """The judgement of one qualitative outcome as at ``as_of``, from its latest assessment."""
    relevant = [a for a in assessments if a.on <= as_of] if assessments else []
    latest = (
        max(enumerate(relevant), key=lambda pair: (pair[1].on, pair[0]))[1] if relevant else None
    )
    status, rag = _JUDGEMENT[latest.judgement] if latest is not None else (Status.NO_DATA, RAG.GREY)
    return OutcomeResult(
        outcome=outcome,
        priority=priority.id,
        partnership=priority.partnership,
        status=status,
        rag=rag,
        assessment=latest,
        as_of=as_of,
    )
