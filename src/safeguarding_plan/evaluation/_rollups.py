"""Roll-ups: counts and an overall RAG per priority, per partnership and for the plan."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from safeguarding_plan.evaluation._policies import RollupRule
from safeguarding_plan.evaluation._results import (
    ActionResult,
    Item,
    OutcomeResult,
    Rollup,
    TargetResult,
)
from safeguarding_plan.evaluation._vocabulary import RAG
from safeguarding_plan.model import Plan

__all__ = ["rollup", "rollups"]


def rollup(key: str, title: str, items: Iterable[Item], rule: RollupRule) -> Rollup:
    """Count a group's items by status and RAG; its RAG by ``rule`` (GREY if none judged).

    One pass over the items. Statuses and RAGs are counted in order of first appearance,
    keyed by the member's identity (an int hashes much faster than an enum member).
    """
    counts: dict[int, list[Any]] = {}
    rags: dict[int, list[Any]] = {}
    judged: list[RAG] = []
    total = 0
    grey = RAG.GREY
    for item in items:
        total += 1
        status, rag = item.status, item.rag
        found = counts.get(id(status))
        if found is None:
            counts[id(status)] = [status, 1]
        else:
            found[1] += 1
        found = rags.get(id(rag))
        if found is None:
            rags[id(rag)] = [rag, 1]
        else:
            found[1] += 1
        if rag is not grey:
            judged.append(rag)
    return Rollup(
        id=key,
        title=title,
        counts=dict(counts.values()),
        rags=dict(rags.values()),
        rag=rule(judged) if judged else grey,
        total=total,
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
