"""What changed between two versions of a plan: a typed, plain-English diff.

:func:`diff` compares two plans item by item. Items are matched by id (a glossary entry
by its term), never by position, so a target keeps its identity when it moves, and a
revision that renumbers ids reads as removals and additions. For each item found in both
versions, every field is compared and each difference is one :class:`Change`; an item
found in only one version is one change, ``added`` or ``removed``. The plan's own
fields (title, span, version, adoption date, narrative sections, tolerance, ...) are
compared as *plan metadata*.

Every change is said in the library's own words: a target's rule as
:meth:`~safeguarding_plan.Plan.describe` says it, numbers through the one number
formatter ("at most 44%", "5 percentage points").

Example:
    >>> import attrs
    >>> from safeguarding_plan import AtMost, diff
    >>> from safeguarding_plan.plans import stockport_2023_26
    >>> old = stockport_2023_26()
    >>> target = old.target("s42-non-conversion-2024-25")
    >>> new = attrs.evolve(old, version="2", priorities=[
    ...     attrs.evolve(p, outcomes=[
    ...         attrs.evolve(o, targets=[
    ...             attrs.evolve(t, rule=AtMost(value=50)) if t.id == target.id else t
    ...             for t in o.targets])
    ...         for o in p.outcomes])
    ...     for p in old.priorities])
    >>> changes = diff(old, new)
    >>> bool(changes), len(changes)
    (True, 2)
    >>> print(changes.changes[1])
    the 2024/25 target for contacts to Adult Social Care that do not progress to a Section
    42 enquiry changed from at most 44% to at most 50%
    >>> bool(diff(old, old))
    False
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs

from safeguarding_plan import _format
from safeguarding_plan.model import (
    Above,
    AbsoluteChange,
    AbsoluteTolerance,
    Action,
    AtLeast,
    AtMost,
    Baseline,
    Below,
    Between,
    Direction,
    Figure,
    GlossaryEntry,
    Improve,
    Indicator,
    Outcome,
    Plan,
    RelativeChange,
    RelativeTolerance,
    Rule,
    Target,
    format_value,
)
from safeguarding_plan.periods import Period

__all__ = ["Change", "ChangeKind", "DiffItem", "PlanDiff", "diff", "diff_schema", "rule_phrase"]


class ChangeKind(enum.Enum):
    """Whether an item was added, removed or changed between two versions.

    Example:
        >>> ChangeKind.ADDED.opposite, ChangeKind.CHANGED.opposite
        (<ChangeKind.REMOVED: 'removed'>, <ChangeKind.CHANGED: 'changed'>)
    """

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"

    @property
    def opposite(self) -> ChangeKind:
        """The kind seen from the other version: added and removed swap."""
        if self is ChangeKind.ADDED:
            return ChangeKind.REMOVED
        if self is ChangeKind.REMOVED:
            return ChangeKind.ADDED
        return self


class DiffItem(enum.Enum):
    """What kind of thing a :class:`Change` is about.

    Example:
        >>> DiffItem.TARGET.value, DiffItem.PLAN.label
        ('target', 'plan metadata')
    """

    PLAN = "plan"
    PARTNERSHIP = "partnership"
    INDICATOR = "indicator"
    PRIORITY = "priority"
    OUTCOME = "outcome"
    TARGET = "target"
    ACTION = "action"
    GLOSSARY = "glossary"

    @property
    def label(self) -> str:
        """The thing in words: ``target``, ``glossary term``, ``plan metadata``."""
        return {"plan": "plan metadata", "glossary": "glossary term"}.get(self.value, self.value)


@attrs.frozen(kw_only=True)
class Change:
    """One difference between two versions of a plan.

    Attributes:
        kind: :class:`ChangeKind`: added, removed or changed.
        item: :class:`DiffItem`: what kind of thing changed.
        id: The item's id (a glossary entry's term; for plan metadata, the field's name,
            so a change of the plan's id is matched like any other field).
        field: The field that changed (``rule``, ``due``, ``baseline``), or None for an
            item added or removed whole.
        old: The old value (the whole item when removed; None when added), as the model
            holds it (a :class:`~safeguarding_plan.Target`, a rule, a period, text).
        new: The new value (the whole item when added; None when removed).
        description: The change in plain English.

    Example:
        >>> from safeguarding_plan import AtMost
        >>> change = Change(kind=ChangeKind.CHANGED, item=DiffItem.TARGET, id="s42-2024-25",
        ...                 field="rule", old=AtMost(value=44), new=AtMost(value=50),
        ...                 description="the rule changed")
        >>> change.to_dict()["old"], str(change)
        ({'kind': 'at_most', 'value': 44.0}, 'the rule changed')
    """

    kind: ChangeKind
    item: DiffItem
    id: str
    field: str | None = None
    old: Any = None
    new: Any = None
    description: str = ""

    def __str__(self) -> str:
        return self.description

    def to_dict(self) -> dict[str, Any]:
        """The change as plain data for JSON (values as a plan file writes them)."""
        return {
            "kind": self.kind.value,
            "item": self.item.value,
            "id": self.id,
            "field": self.field,
            "old": _plain(self.old),
            "new": _plain(self.new),
            "description": self.description,
        }


def _plain(value: Any) -> Any:
    from safeguarding_plan.files import _converter  # noqa: PLC0415 - cattrs when needed

    if value is None:
        return None
    data = _converter().unstructure(value)
    return _drop_none(data)


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_drop_none(v) for v in value]
    return value


def _label(plan: Plan) -> str:
    return plan.id if plan.version is None else f"{plan.id} version {plan.version}"


@attrs.frozen(kw_only=True)
class PlanDiff:
    """Every change between two versions of a plan, in order. Immutable.

    False when there is no change; iterate it for its :class:`Change` objects.
    :meth:`describe` (and ``str``) says it in plain English, :meth:`to_dict` gives it
    as plain data (the shape of :func:`diff_schema`).

    Attributes:
        old_plan: The old plan's id.
        old_version: The old plan's version, if it names one.
        new_plan: The new plan's id.
        new_version: The new plan's version, if it names one.
        changes: The changes: plan metadata, then partnerships, indicators, priorities,
            outcomes, targets, actions and glossary terms, each in plan order (removed
            items after those of the new version).

    Example:
        >>> from safeguarding_plan import diff
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> plan = stockport_2023_26()
        >>> nothing = diff(plan, plan)
        >>> bool(nothing), len(nothing), nothing.describe()
        (False, 0, 'no changes from stockport-2023-26 to stockport-2023-26')
    """

    old_plan: str
    old_version: str | None = None
    new_plan: str
    new_version: str | None = None
    changes: tuple[Change, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def __str__(self) -> str:
        return self.describe()

    @property
    def targets_revised(self) -> tuple[str, ...]:
        """The ids of the targets added, removed or changed, each once, in order."""
        return tuple(dict.fromkeys(c.id for c in self.changes if c.item is DiffItem.TARGET))

    def of(self, item: DiffItem) -> tuple[Change, ...]:
        """The changes about one kind of item (``diff.of(DiffItem.TARGET)``)."""
        return tuple(c for c in self.changes if c.item is item)

    def describe(self) -> str:
        """The changes in plain English: a heading line, then one line per change."""
        old = _name(self.old_plan, self.old_version)
        new = _name(self.new_plan, self.new_version)
        if not self.changes:
            return f"no changes from {old} to {new}"
        count = len(self.changes)
        lines = [f"{count} change{'' if count == 1 else 's'} from {old} to {new}:"]
        lines += [f"- {c.description}" for c in self.changes]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The diff as plain data for JSON (see :func:`diff_schema`)."""
        return {
            "old": {"plan": self.old_plan, "version": self.old_version},
            "new": {"plan": self.new_plan, "version": self.new_version},
            "changes": [c.to_dict() for c in self.changes],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text (UTF-8, not ASCII-escaped)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def _name(plan: str, version: str | None) -> str:
    return plan if version is None else f"{plan} version {version}"


# --------------------------------------------------------------------------- words


_FIELD_WORDS = {
    "adopted": "adoption date",
    "due": "due year",
    "partner_boards": "partner boards",
    "start": "first year",
    "end": "last year",
    "abbreviation": "abbreviation",
    "why": "evidence",
    "serves": "other priorities served",
    "supersedes": "superseded version",
}

_SHORT = 80
"""Text up to this long is quoted in a description; longer text is only said to change."""


def _field_words(field: str) -> str:
    return _FIELD_WORDS.get(field, field.replace("_", " "))


def rule_phrase(rule: Rule, indicator: Indicator | None, period: Period) -> str:  # noqa: PLR0911
    """A target's rule in words: ``at most 44%``, ``between 7% and 10%``.

    Example:
        >>> from safeguarding_plan import AtMost, FinancialYear
        >>> from safeguarding_plan.plan_diff import rule_phrase
        >>> rule_phrase(AtMost(value=44), None, FinancialYear(2024))
        'at most 44'
    """

    def fmt(value: float) -> str:
        return indicator.format(value) if indicator is not None else _format.format_number(value)

    if isinstance(rule, AtLeast):
        return f"at least {fmt(rule.value)}"
    if isinstance(rule, AtMost):
        return f"at most {fmt(rule.value)}"
    if isinstance(rule, Below):
        return f"below {fmt(rule.value)}"
    if isinstance(rule, Above):
        return f"above {fmt(rule.value)}"
    if isinstance(rule, Between):
        return f"between {fmt(rule.low)} and {fmt(rule.high)}"
    source = (
        f"the actual for {period.previous()}"
        if rule.reference.value == "previous"
        else "the baseline"
    )
    if isinstance(rule, RelativeChange):
        size = format_value(rule.percent, "percent", signed=True)
        return f"a change of {size} (relative) from {source}"
    if isinstance(rule, AbsoluteChange):
        unit = indicator.difference_unit if indicator is not None else "count"
        return f"a change of {format_value(rule.amount, unit, signed=True)} from {source}"
    better = (
        "better than"
        if indicator is None
        else ("higher than" if indicator.direction is Direction.HIGHER_IS_BETTER else "lower than")
    )
    assert isinstance(rule, Improve)  # noqa: S101 - the rules are a closed set
    return f"{better} {source}"


def _quoted(text: str) -> str:
    return f"\u201c{text}\u201d"


def _value_words(value: Any, indicator: Indicator | None) -> str | None:  # noqa: C901, PLR0911, PLR0912
    """A value in words, or None when it is too long or too complex to say in a line."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, enum.Enum):
        return str(value.value).replace("_", " ")
    if isinstance(value, str):
        return _quoted(value) if len(value) <= _SHORT else None
    if isinstance(value, int | float):
        return _format.format_number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Period):
        return str(value)
    if isinstance(value, Baseline):
        if value.value is None:
            return f"not yet measured ({value.period})"
        shown = indicator.format(value.value) if indicator else _format.format_number(value.value)
        return f"{shown} ({value.period})"
    if isinstance(value, AbsoluteTolerance | RelativeTolerance):
        if indicator is not None:
            return value.describe(indicator)
        if isinstance(value, RelativeTolerance):
            return f"{format_value(value.percent, 'percent')} of the value compared with"
        return f"{_format.format_number(value.amount)} in each indicator's difference unit"
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        joined = "; ".join(value)
        if not value:
            return "none"
        return _quoted(joined) if len(joined) <= _SHORT else None
    return None


def _from_to(old: Any, new: Any, old_ind: Indicator | None, new_ind: Indicator | None) -> str:
    before, after = _value_words(old, old_ind), _value_words(new, new_ind)
    if before is None or after is None:
        return "changed"
    return f"changed from {before} to {after}"


# --------------------------------------------------------------------------- items


@attrs.frozen
class _Kind:
    """How one kind of item is found in a plan, compared and said.

    To diff a new plan-level collection, add one entry to :data:`_KINDS`: how to find
    its items by key, the plan fields it is read from (so plan metadata skips them),
    the fields of an item that other entries cover, and how to name an item.
    """

    item: DiffItem
    find: Callable[[Plan], Mapping[str, Any]]
    plan_fields: tuple[str, ...]
    skip: tuple[str, ...]
    name: Callable[[Plan, Any], str]
    whole: Callable[[Plan, Any], str]


def _indicator_of(plan: Plan, target: Target) -> Indicator | None:
    return next((i for i in plan.indicators if i.id == target.indicator), None)


def _target_name(plan: Plan, target: Target) -> str:
    ind = _indicator_of(plan, target)
    name = ind.name if ind is not None else target.indicator
    same = [t for t in plan.targets_for(target.indicator) if t.period == target.period]
    own = f" ({target.id})" if len(same) > 1 else ""
    return f"the {target.period} target for {name}{own}"


def _target_whole(plan: Plan, target: Target) -> str:
    return f"the target {target.id}: {plan.describe(target)}"


def _action_whole(_: Plan, action: Action) -> str:
    owner = f", owned by {action.owner}" if action.owner else ""
    return f"the action {action.id} (due by the end of {action.due}{owner}): {action.describe()}"


def _glossary_key(entry: GlossaryEntry) -> str:
    return entry.term


_KINDS: tuple[_Kind, ...] = (
    _Kind(
        DiffItem.PARTNERSHIP,
        lambda p: {x.id: x for x in p.partnerships},
        ("partnerships",),
        (),
        lambda _, x: f"the partnership {x.id}",
        lambda _, x: f"the partnership {x.id} ({x.label})",
    ),
    _Kind(
        DiffItem.INDICATOR,
        lambda p: {x.id: x for x in p.indicators},
        ("indicators",),
        (),
        lambda _, x: f"the indicator {x.id} ({x.name})",
        lambda _, x: (
            f"the indicator {x.id}: {x.name} ({x.unit}, {x.direction.value.replace('_', ' ')})"
        ),
    ),
    _Kind(
        DiffItem.PRIORITY,
        lambda p: {x.id: x for x in p.priorities},
        ("priorities",),
        ("actions", "outcomes"),
        lambda _, x: f"the priority {x.id}",
        lambda _, x: f"the priority {x.id}: {x.title}",
    ),
    _Kind(
        DiffItem.OUTCOME,
        lambda p: {x.id: x for x in p.iter_outcomes()},
        (),
        ("targets",),
        lambda _, x: f"the outcome {x.id}",
        lambda _, x: f"the outcome {x.id}: {x.text}",
    ),
    _Kind(
        DiffItem.TARGET,
        lambda p: {x.id: x for x in p.iter_targets()},
        (),
        (),
        _target_name,
        _target_whole,
    ),
    _Kind(
        DiffItem.ACTION,
        lambda p: {x.id: x for x in p.iter_actions()},
        (),
        (),
        lambda _, x: f"the action {x.id}",
        _action_whole,
    ),
    _Kind(
        DiffItem.GLOSSARY,
        lambda p: {_glossary_key(x): x for x in p.glossary},
        ("glossary",),
        (),
        lambda _, x: f"the glossary term {x.term}",
        lambda _, x: (
            f"the glossary term {x.term}" + (f" ({x.abbreviation})" if x.abbreviation else "")
        ),
    ),
)
"""Every kind of item diffed by key, in the order changes are listed."""


_HOME: dict[type, str] = {Outcome: "priority", Target: "outcome", Action: "priority"}
"""Items whose place in the plan is compared too: the priority or outcome holding them."""


def _home(plan: Plan, value: Any) -> str | None:
    if isinstance(value, Target):
        return plan.outcome_of(value).id
    if isinstance(value, Outcome | Action):
        return plan.priority_of(value).id
    return None


def _fields(value: Any, skip: tuple[str, ...]) -> list[str]:
    return [a.name for a in attrs.fields(type(value)) if a.name not in skip]


def _indicator_for(plan: Plan, value: Any) -> Indicator | None:
    if isinstance(value, Indicator):
        return value
    if isinstance(value, Target):
        return _indicator_of(plan, value)
    return None


def _compare(  # noqa: PLR0917
    kind: _Kind, old_plan: Plan, new_plan: Plan, key: str, old: Any, new: Any
) -> list[Change]:
    found: list[Change] = []
    old_ind, new_ind = _indicator_for(old_plan, old), _indicator_for(new_plan, new)
    subject = kind.name(new_plan, new)
    for field in _fields(new, kind.skip):
        before, after = getattr(old, field), getattr(new, field)
        if before == after:
            continue
        if kind.item is DiffItem.TARGET and field == "rule":
            text = (
                f"{subject} changed from {rule_phrase(before, old_ind, old.period)} "
                f"to {rule_phrase(after, new_ind, new.period)}"
            )
        elif kind.item is DiffItem.TARGET and field == "period":
            text = f"the target {key} moved from {before} to {after}"
        else:
            words = _from_to(before, after, old_ind, new_ind)
            text = f"the {_field_words(field)} of {subject} {words}"
        found.append(
            Change(
                kind=ChangeKind.CHANGED,
                item=kind.item,
                id=key,
                field=field,
                old=before,
                new=after,
                description=text,
            )
        )
    if type(new) in _HOME:
        before_home, after_home = _home(old_plan, old), _home(new_plan, new)
        if before_home != after_home:
            where = _HOME[type(new)]
            found.append(
                Change(
                    kind=ChangeKind.CHANGED,
                    item=kind.item,
                    id=key,
                    field=where,
                    old=before_home,
                    new=after_home,
                    description=f"{subject} moved from the {where} {before_home} to the "
                    f"{where} {after_home}",
                )
            )
    return found


def _plan_changes(old: Plan, new: Plan) -> list[Change]:
    covered = {f for k in _KINDS for f in k.plan_fields}
    found: list[Change] = []
    for field in _fields(new, tuple(covered)):
        before, after = getattr(old, field), getattr(new, field)
        if before == after:
            continue
        words = _from_to(before, after, None, None)
        if isinstance(before, tuple) and before and isinstance(before[0], Figure):
            words = "changed"
        found.append(
            Change(
                kind=ChangeKind.CHANGED,
                item=DiffItem.PLAN,
                id=field,
                field=field,
                old=before,
                new=after,
                description=f"the plan's {_field_words(field)} {words}",
            )
        )
    return found


def _whole(change: ChangeKind, kind: _Kind, key: str, plan: Plan, value: Any) -> Change:
    """An item added (found in ``plan``, the new one) or removed (from ``plan``, the old one)."""
    added = change is ChangeKind.ADDED
    return Change(
        kind=change,
        item=kind.item,
        id=key,
        old=None if added else value,
        new=value if added else None,
        description=f"{change.value} {kind.whole(plan, value)}",
    )


def diff(old: Plan, new: Plan) -> PlanDiff:
    """Every change from ``old`` to ``new``, matched by id, in plain English and as data.

    Targets, actions, outcomes, priorities, indicators and partnerships are matched by
    id, glossary entries by term. An item in both versions is compared field by field
    (an outcome's targets, a priority's actions and outcomes are items of their own, so
    they are not compared twice; where a target, outcome or action sits is compared).

    ``diff(a, a)`` is empty, and ``diff(b, a)`` is ``diff(a, b)`` with added and
    removed swapped and each change's old and new values swapped.

    Example:
        >>> import attrs
        >>> from safeguarding_plan import diff
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> old = stockport_2023_26()
        >>> new = attrs.evolve(old, version="2", supersedes="1")
        >>> print(diff(attrs.evolve(old, version="1"), new))
        2 changes from stockport-2023-26 version 1 to stockport-2023-26 version 2:
        - the plan's version changed from “1” to “2”
        - the plan's superseded version changed from none to “1”
    """
    changes = _plan_changes(old, new)
    for kind in _KINDS:
        before, after = kind.find(old), kind.find(new)
        for key, value in after.items():
            if key not in before:
                changes.append(_whole(ChangeKind.ADDED, kind, key, new, value))
            elif before[key] != value or type(value) in _HOME:
                changes += _compare(kind, old, new, key, before[key], value)
        changes += (
            _whole(ChangeKind.REMOVED, kind, key, old, value)
            for key, value in before.items()
            if key not in after
        )
    return PlanDiff(
        old_plan=old.id,
        old_version=old.version,
        new_plan=new.id,
        new_version=new.version,
        changes=tuple(changes),
    )


def diff_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :meth:`PlanDiff.to_dict`'s data.

    The same schema ships with the package as ``schemas/diff.schema.json``; the
    command line's ``diff --format json`` prints data of this shape.

    Example:
        >>> sorted(diff_schema()["properties"])
        ['changes', 'new', 'old']
    """
    side = {
        "type": "object",
        "properties": {
            "plan": {"type": "string"},
            "version": {"type": ["string", "null"]},
        },
        "required": ["plan", "version"],
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://safeguarding-plan.readthedocs.io/schemas/diff.schema.json",
        "title": "safeguarding_plan plan diff",
        "description": "What changed between two versions of a plan, as written by "
        "PlanDiff.to_dict and 'safeguarding-plan diff --format json'.",
        "type": "object",
        "properties": {
            "old": side,
            "new": side,
            "changes": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "kind": {"enum": [k.value for k in ChangeKind]},
                        "item": {"enum": [i.value for i in DiffItem]},
                        "id": {"type": "string"},
                        "field": {"type": ["string", "null"]},
                        "old": {"description": "the old value, as a plan file writes it"},
                        "new": {"description": "the new value, as a plan file writes it"},
                        "description": {"type": "string"},
                    },
                    "required": ["kind", "item", "id", "field", "old", "new", "description"],
                    "additionalProperties": False,
                },
            },
        },
        "required": ["old", "new", "changes"],
        "additionalProperties": False,
    }
