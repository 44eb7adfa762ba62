"""Roll-ups: counts and an overall RAG per priority, per partnership and for the plan."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

from safeguarding_plan.evaluation._policies import RollupRule
from safeguarding_plan.evaluation._results import (
    ActionResult,
    Item,
    OutcomeResult,
    Rollup,
    TargetResult,
)
from safeguarding_plan.evaluation._vocabulary import RAG, ActionStatus, Status
from safeguarding_plan.model import Plan

__all__ = ["rollup", "rollups"]


_E = TypeVar("_E", Status | ActionStatus, RAG)


def _tally(members: list[_E]) -> dict[_E, int]:
    """How many of each member, in order of first appearance.

    Members are compared by identity (``in`` and ``list.count``), which is much cheaper
    than hashing an enum member for every item.
    """
    seen: list[_E] = []
    for member in members:
        if member not in seen:
            seen.append(member)
    return {member: members.count(member) for member in seen}


def rollup(key: str, title: str, items: Iterable[Item], rule: RollupRule) -> Rollup:
    """Count a group's items by status and RAG; its RAG by ``rule`` (GREY if none judged)."""
    listed = list(items)
    rags = [item.rag for item in listed]
    judged = [rag for rag in rags if rag is not RAG.GREY]
    return Rollup(
        id=key,
        title=title,
        counts=_tally([item.status for item in listed]),
        rags=_tally(rags),
        rag=rule(judged) if judged else RAG.GREY,
        total=len(listed),
        judged=len(judged),
    )


def rollups(
    plan: Plan,
    targets_of: Mapping[str, Sequence[TargetResult]],
    actions_of: Mapping[str, Sequence[ActionResult]],
    outcomes_of: Mapping[str, Sequence[OutcomeResult]],
    rule: RollupRule,
) -> tuple[tuple[Rollup, ...], tuple[Rollup, ...]]:
    """One roll-up per priority and one per partnership that has priorities.

    An action serving several priorities counts once in each of their roll-ups and once
    in each partnership's.
    """
    priorities = tuple(
        rollup(p.id, p.title, [*targets_of[p.id], *actions_of[p.id], *outcomes_of[p.id]], rule)
        for p in plan.priorities
    )
    partnerships = []
    for partnership in plan.partnerships:
        members = [p for p in plan.priorities if p.partnership == partnership.id]
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
        partnerships.append(
            rollup(partnership.id, f"{partnership.label} partnership", items, rule)
        )
    return priorities, tuple(partnerships)
