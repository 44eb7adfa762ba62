"""Judging with history: each target against the version in force when its period started.

A plan is reviewed each year, and a review may revise targets for periods to come. Given
the versions of a plan (each with the date it was adopted),
:func:`evaluate_versions` judges each target against the version that was in force when
the target's period **started**: a partnership is held to what it had agreed when the
year began, and a target revised mid-year does not rewrite the year already under way.
The report notes every target revised since the first version
(:attr:`Report.revisions`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence

import attrs

from safeguarding_plan.errors import InvalidValueError, Problem, Severity
from safeguarding_plan.evaluation._evaluate import _DEFAULT_ROLLUP, evaluate
from safeguarding_plan.evaluation._policies import RollupRule, Tolerance
from safeguarding_plan.evaluation._results import Report, TargetRevision
from safeguarding_plan.model import Plan, Target, _with_targets
from safeguarding_plan.observations import ActionUpdate, Assessment, Observation
from safeguarding_plan.periods import as_date
from safeguarding_plan.plan_diff import DiffItem, diff

__all__ = ["evaluate_versions", "in_force"]


def _name(plan: Plan) -> str:
    return plan.id if plan.version is None else f"{plan.id} version {plan.version}"


def _label(plan: Plan) -> str:
    """A version's name, or when it has none the date it was adopted."""
    if plan.version is not None:
        return plan.version
    return f"adopted {plan.adopted.isoformat()}" if plan.adopted is not None else plan.id


def _ordered(versions: Sequence[Plan]) -> list[Plan]:
    """The distinct versions by adoption date; refused if that order cannot be told."""
    if not versions:
        raise InvalidValueError("versions", "give at least one version of the plan", [])
    for number, version in enumerate(versions):
        if not isinstance(version, Plan):
            raise InvalidValueError(f"versions[{number}]", "expected a Plan", version)
    distinct: list[Plan] = []
    for version in versions:
        if version not in distinct:
            distinct.append(version)
    if len(distinct) == 1:
        return distinct
    _check_dates(versions)
    return sorted(distinct, key=lambda v: v.adopted or dt.date.min)


def _check_dates(versions: Sequence[Plan]) -> None:
    """Every version has an adoption date, and no two different versions share one."""
    for number, version in enumerate(versions):
        if version.adopted is None:
            raise InvalidValueError(
                f"versions[{number}].adopted",
                f"{_name(version)} has no adoption date; with more than one version, each "
                "needs the date it was adopted to tell which was in force when",
                None,
            )
    seen: dict[dt.date, Plan] = {}
    for number, version in enumerate(versions):
        assert version.adopted is not None  # noqa: S101 - checked above
        other = seen.setdefault(version.adopted, version)
        if other != version:
            raise InvalidValueError(
                f"versions[{number}].adopted",
                f"{_name(version)} and {_name(other)} differ but were both adopted on "
                f"{version.adopted.isoformat()}: which was in force cannot be told",
                version.adopted.isoformat(),
            )


def in_force(versions: Sequence[Plan], day: dt.date) -> Plan:
    """The version in force on ``day``: the latest adopted on or before it.

    Before the first version's adoption date the first version is in force (a plan is
    usually adopted after its first year has begun, and that year is judged by it).
    A single version is in force on every day, with or without an adoption date.

    Example:
        >>> import attrs, datetime
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> one = attrs.evolve(stockport_2023_26(), version="1", adopted="2023-06-01")
        >>> two = attrs.evolve(one, version="2", adopted="2024-03-01", supersedes="1")
        >>> in_force([one, two], datetime.date(2024, 4, 1)).version
        '2'
        >>> in_force([one, two], datetime.date(2023, 4, 1)).version
        '1'
    """
    return _in_force(_ordered(versions), day)


def _in_force(ordered: Sequence[Plan], day: dt.date) -> Plan:
    """:func:`in_force` of versions already in order."""
    found = ordered[0]
    for version in ordered:
        if version.adopted is not None and version.adopted <= day:
            found = version
    return found


def evaluate_versions(
    versions: Sequence[Plan],
    observations: Iterable[Observation] = (),
    *,
    updates: Iterable[ActionUpdate] = (),
    assessments: Iterable[Assessment] = (),
    as_of: dt.date | dt.datetime | str,
    policy: Tolerance | None = None,
    rollup: RollupRule = _DEFAULT_ROLLUP,
    notes: Iterable[Problem] = (),
) -> Report:
    """Judge each target against the version of the plan in force when its period started.

    The versions are put in order of their ``adopted`` dates (given once each; the same
    plan given twice counts once). Versions adopted after ``as_of`` were not yet in force
    and are not used (a warning in :attr:`Report.problems` says so). Of the rest, the
    latest is the **current** version: the report is of its priorities, outcomes,
    actions and indicators (names, baselines, tolerances). Each of its targets is judged
    by the rule of the version in force on the first day of the target's period
    (:func:`in_force`), when that version has a target with the same id on the same
    indicator; otherwise (a target added by a later version for a period already under
    way) by the current version's. A target the current version removed is not judged
    (its outcome may be gone too); the revision notes say it was removed.

    The alternative, judging every period against the latest version, is
    :func:`evaluate` with the latest version alone: it holds the partnership to targets
    it did not have when the year began.

    :attr:`Report.revisions` lists every change to a target from one version in force
    to the next (:class:`TargetRevision`), with the version each target was judged
    against.

    Args:
        versions: The versions of the plan. With more than one, each needs ``adopted``,
            and two different versions may not share a date.
        observations: As for :func:`evaluate`.
        updates: As for :func:`evaluate`.
        assessments: As for :func:`evaluate`.
        as_of: As for :func:`evaluate`.
        policy: As for :func:`evaluate` (by default the current version's tolerances).
        rollup: As for :func:`evaluate`.
        notes: As for :func:`evaluate` (revisions from :func:`combine_observations`).

    Raises:
        InvalidValueError: for no versions, a version without an adoption date, or two
            different versions adopted on one date (located ``versions[N].adopted``).
        ObservationError: as :func:`evaluate`.

    Example:
        >>> import attrs
        >>> from datetime import date
        >>> from safeguarding_plan import AtMost, Observation, evaluate_versions
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> one = attrs.evolve(stockport_2023_26(), version="1", adopted="2023-06-01")
        >>> def revise(target):
        ...     if target.id == "s42-non-conversion-2024-25":
        ...         return attrs.evolve(target, rule=AtMost(value=50))
        ...     return target
        >>> two = attrs.evolve(one, version="2", adopted="2024-03-01", supersedes="1",
        ...     priorities=[attrs.evolve(p, outcomes=[
        ...         attrs.evolve(o, targets=[revise(t) for t in o.targets])
        ...         for o in p.outcomes]) for p in one.priorities])
        >>> report = evaluate_versions(
        ...     [one, two],
        ...     [Observation(indicator="s42-non-conversion", period="2024/25", value=48)],
        ...     as_of=date(2025, 6, 30))
        >>> report.target("s42-non-conversion-2024-25").status.name
        'MET'
        >>> (revision,) = report.revisions
        >>> print(revision.description)
        the 2024/25 target for contacts to Adult Social Care that do not progress to a
        Section 42 enquiry changed from at most 44% to at most 50%
        >>> revision.version, revision.judged_against
        ('2', '2')
    """
    ordered = _ordered(list(versions))
    day = as_date(as_of)
    usable = [v for v in ordered if v.adopted is None or v.adopted <= day] or ordered[:1]
    current = usable[-1]
    chosen: dict[str, Target] = {}
    judged_against: dict[str, Plan] = {}
    for target in current.iter_targets():
        source = _in_force(usable, target.period.start)
        judged_against[target.id] = current
        if source is current:
            continue
        try:
            earlier = source.target(target.id)
        except LookupError:
            continue
        if earlier.indicator == target.indicator:
            chosen[target.id] = earlier
            judged_against[target.id] = source
    plan = _with_targets(current, chosen)
    report = evaluate(
        plan,
        observations,
        updates=updates,
        assessments=assessments,
        as_of=day,
        policy=policy,
        rollup=rollup,
        notes=notes,
    )
    revisions = _revisions(usable, judged_against)
    later = [_not_yet(v, day) for v in ordered if v not in usable]
    if not revisions and not later:
        return report
    return attrs.evolve(
        report, revisions=tuple(revisions), problems=(*report.problems, *later)
    )


def _not_yet(version: Plan, day: dt.date) -> Problem:
    adopted = version.adopted.isoformat() if version.adopted is not None else ""
    return Problem(
        location="versions",
        message=f"{_name(version)} was adopted on {adopted}, after {day.isoformat()}: it "
        "was not yet in force, so it is not used",
        value=adopted,
        severity=Severity.WARNING,
    )


def _revisions(versions: Sequence[Plan], judged: dict[str, Plan]) -> list[TargetRevision]:
    found: list[TargetRevision] = []
    for before, after in itertools.pairwise(versions):
        for change in diff(before, after).of(DiffItem.TARGET):
            source = judged.get(change.id)
            found.append(
                TargetRevision(
                    target=change.id,
                    change=change.kind,
                    field=change.field,
                    version=_label(after),
                    adopted=after.adopted,
                    description=change.description,
                    judged_against=None if source is None else _label(source),
                )
            )
    return found

