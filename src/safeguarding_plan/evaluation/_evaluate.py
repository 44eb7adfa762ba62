"""evaluate(): index the observations, judge every target, action and outcome, roll up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple, TypeVar

from safeguarding_plan.errors import InvalidValueError, ObservationError, Problem, Severity
from safeguarding_plan.evaluation._actions import judge_action, judge_outcome
from safeguarding_plan.evaluation._comparators import (
    Comparison,
    Comparisons,
    ignored_comparators,
)
from safeguarding_plan.evaluation._explain import (
    baseline_conflict,
    overdue_value,
    tolerance_sentence,
)
from safeguarding_plan.evaluation._forecast import Forecast, Forecaster
from safeguarding_plan.evaluation._numbers import close
from safeguarding_plan.evaluation._plausibility import _plausibility
from safeguarding_plan.evaluation._policies import RollupRule, Tolerance, WorstRag
from safeguarding_plan.evaluation._results import (
    ActionResult,
    OutcomeResult,
    Report,
    TargetResult,
)
from safeguarding_plan.evaluation._rollups import rollup as make_rollup
from safeguarding_plan.evaluation._rollups import rollups
from safeguarding_plan.evaluation._series import (
    Index,
    Series,
    Value,
    index_observations,
    key_of,
    unknown_ids,
)
from safeguarding_plan.evaluation._targets import Judge, Verdict
from safeguarding_plan.model import Outcome, Plan, Priority, Target
from safeguarding_plan.observations import ActionUpdate, Assessment, Commentary, Observation
from safeguarding_plan.periods import CalendarYear, as_date

__all__ = ["as_date", "evaluate"]

_DEFAULT_ROLLUP = WorstRag()




def _not_started(plan: Plan, day: dt.date) -> list[Problem]:
    """A note when ``day`` is before the plan starts: why every item is grey."""
    start, end = plan.start.start, plan.end.end
    if day >= start:
        return []
    return [
        Problem(
            location="as_of",
            message=f"the plan {plan.id!r} has not started: it runs from {start.isoformat()} "
            f"({plan.start}) to {end.isoformat()} ({plan.end}), so nothing in it can be "
            f"judged yet; judge on {start.isoformat()} or later",
            value=day.isoformat(),
            severity=Severity.WARNING,
        )
    ]


def _check(
    plan: Plan,
    observations: list[Observation],
    updates: list[ActionUpdate],
    assessments: list[Assessment],
    as_of: dt.date,
) -> Index:
    """The observations indexed in one pass; raises listing every problem with the data."""
    index = index_observations(plan, observations, as_of)
    problems = index.problems
    problems += unknown_ids(
        "updates",
        "action",
        ((n, u.action) for n, u in enumerate(updates)),
        [a.id for a in plan.iter_actions()],
    )
    problems += unknown_ids(
        "assessments",
        "outcome",
        ((n, a.outcome) for n, a in enumerate(assessments)),
        [o.id for o in plan.iter_outcomes()],
    )
    if problems:
        raise ObservationError(sorted(problems, key=_observation_order))
    return index


def _observation_order(problem: Problem) -> tuple[int, int]:
    """Problems with observations in file order (a comparator's among the others)."""
    location = problem.location
    if location.startswith("observations["):
        return (0, int(location[len("observations[") : location.index("]")]))
    return (1, 0)


def _ignored(
    plan: Plan,
    observations: Sequence[Observation],
    all_values: list[tuple[int, Value]],
    assessments: Sequence[Assessment],
) -> list[Problem]:
    """A warning for each item accepted but not used: the file readers refuse these."""
    last = plan.end.end
    notes = [
        Problem(
            location=f"observations[{n}]",
            message=f"{observations[n].indicator} {v.period} is after the plan's last year "
            f"({plan.end}): the plan judges nothing after it, so this value is ignored",
            value=str(v.period),
            severity=Severity.WARNING,
        )
        for n, v in all_values
        if v.end > last
    ]
    measured = {o.id for o in plan.iter_outcomes() if not o.qualitative}
    notes += [
        Problem(
            location=f"assessments[{n}]",
            message=f"the outcome {a.outcome} is measured by its targets, so this assessment "
            "is ignored; record values of its indicators instead",
            value=a.outcome,
            severity=Severity.WARNING,
        )
        for n, a in enumerate(assessments)
        if a.outcome in measured
    ]
    return notes


def _series(
    plan: Plan, values: dict[str, dict[int, Value]], all_values: list[tuple[int, Value]]
) -> tuple[dict[str, Series], list[Problem]]:
    """The series of each indicator, with a baseline recorded where the plan lacks one."""
    notes: list[Problem] = []
    series: dict[str, Series] = {}
    plan_start = plan.start.start
    calendar = isinstance(plan.start, CalendarYear)
    for ind in plan.indicators:
        recorded = values[ind.id]
        baseline = ind.baseline.value if ind.baseline is not None else None
        # the baseline is set below: looking a value up does not depend on it
        s = series[ind.id] = Series(ind, recorded, baseline, plan_start, calendar=calendar)
        if ind.baseline is not None:
            period = ind.baseline.period
            observed = s.at_key(key_of(period), period)
            if observed is not None and observed.value is not None:
                if baseline is None:
                    baseline = observed.value
                elif not close(observed.value, baseline):
                    number = next((n for n, v in all_values if v is observed), None)
                    notes.append(
                        Problem(
                            location=f"observations[{number}]" if number is not None else ind.id,
                            message=baseline_conflict(ind, period, baseline),
                            value=observed.value,
                            severity=Severity.WARNING,
                        )
                    )
        s.baseline = baseline
    return series, notes


_T = TypeVar("_T")


def _group(items: Iterable[_T], key: Any) -> dict[str, list[_T]]:
    groups: dict[str, list[_T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups


def evaluate(
    plan: Plan,
    observations: Iterable[Observation] = (),
    *,
    updates: Iterable[ActionUpdate] = (),
    assessments: Iterable[Assessment] = (),
    as_of: dt.date | dt.datetime | str,
    policy: Tolerance | None = None,
    rollup: RollupRule = _DEFAULT_ROLLUP,
    notes: Iterable[Problem] = (),
) -> Report:
    """Judge every target, action and qualitative outcome of ``plan`` as at ``as_of``.

    Args:
        plan: The plan.
        observations: Values of the plan's indicators, at most one per indicator and
            period. Values of periods ending after ``as_of`` are not used (but are still
            checked). A value for an indicator's baseline period records a baseline the
            plan lacks; one that conflicts with a baseline the plan has is reported in
            :attr:`Report.problems` and not used. A value for a period after the plan's
            last year is not used either, and a warning in :attr:`Report.problems`
            (located ``observations[N]``) says so.
        updates: Dated states of the plan's actions.
        assessments: Dated judgements of the plan's qualitative outcomes. An assessment
            of an outcome measured by its targets is not used, with a warning located
            ``assessments[N]``.
        as_of: The date to judge at: a :class:`datetime.date`, a
            :class:`datetime.datetime` or pandas ``Timestamp`` (its date), or an ISO date
            such as ``"2024-09-30"``.
        policy: The tolerance for AMBER. By default the plan's own
            (:meth:`~safeguarding_plan.Plan.tolerance_policy`: each indicator's tolerance,
            else the plan's, else 5% of the value compared with).
        rollup: How a group's RAG is made from its items' RAGs (:class:`WorstRag`).
        notes: Problems found before evaluating that the report must carry, such as the
            revisions :func:`~safeguarding_plan.combine_observations` found.

    Plausibility warnings (:func:`~safeguarding_plan.plausibility_problems`: a fraction
    typed for a percentage, a value far outside everything else recorded, a count that is
    not whole, a year that disagrees with its quarters) are added to
    :attr:`Report.problems`, each naming its row.

    Returns:
        The :class:`Report`. Judged before the plan starts, every item is grey and the
        report's first problem, located at ``as_of``, says the plan has not started and
        gives its span.

    Raises:
        ObservationError: listing every problem with the data: an unknown indicator,
            action or outcome id (with the nearest known id), a value in the wrong unit,
            more than one value for the same indicator and period.
        InvalidValueError: if ``as_of`` is not a date, saying what was given.

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
    day = as_date(as_of)
    if policy is not None and not isinstance(policy, Tolerance):
        raise InvalidValueError(
            "policy",
            "must be a tolerance policy with allowance(indicator, compared_with), such as "
            "TolerancePolicy(relative=0.05) or TolerancePolicy(absolute=2)",
            policy,
        )
    observations = list(observations)
    updates = list(updates)
    assessments = list(assessments)
    index = _check(plan, observations, updates, assessments, day)
    all_values = index.all_values
    given_notes = list(notes)
    series, notes_found = _series(plan, index.values, all_values)
    notes_found[:0] = _not_started(plan, day)
    notes_found += _ignored(plan, observations, all_values, assessments)
    notes_found += ignored_comparators(plan, observations, index.late)
    notes_found += given_notes
    notes_found += _plausibility(plan, observations, (index.checked, index.years))

    tolerance = plan.tolerance_policy() if policy is None else policy
    judge = Judge(plan, series, day, tolerance)
    forecaster = Forecaster(series, day, tolerance)
    comparisons = Comparisons(plan, index.compared, tolerance)
    by_outcome = _group(assessments, lambda a: a.outcome)
    commented = index.commented
    target_results: list[TargetResult] = []
    outcome_results: list[OutcomeResult] = []
    targets_of: dict[str, list[TargetResult]] = {}
    outcomes_of: dict[str, list[OutcomeResult]] = {}
    for priority in plan.priorities:
        mine_t = targets_of.setdefault(priority.id, [])
        mine_o = outcomes_of.setdefault(priority.id, [])
        for outcome in priority.outcomes:
            if outcome.qualitative:
                result = judge_outcome(outcome, priority, by_outcome.get(outcome.id, ()), day)
                outcome_results.append(result)
                mine_o.append(result)
            for target in outcome.targets:
                verdict = judge.judge(target)
                if verdict.reason.overdue:
                    notes_found.append(_overdue(series[target.indicator], target))
                s = series[target.indicator]
                extras = _Extras(
                    forecast=None
                    if verdict.reason.period_over
                    else forecaster.forecast(target, judge.goals[target.id]),
                    comparators=()
                    if verdict.reason.pro_rata
                    else comparisons.compare(
                        s.indicator, verdict.period, verdict.actual, verdict.interval
                    ),
                    commentary=_commentary(target, commented.get(target.indicator, ()), day),
                )
                mine_t.append(_target_result(target, s, priority, outcome, verdict, extras=extras))
        target_results += mine_t

    by_action = _group(updates, lambda u: u.action)
    action_results: list[ActionResult] = []
    actions_of: dict[str, list[ActionResult]] = {p.id: [] for p in plan.priorities}
    priority_by_id = {p.id: p for p in plan.priorities}
    for home in plan.priorities:  # plan order: each action under the priority holding it
        for action in home.actions:
            # the priority holding it, then every other it serves (priorities_served_by)
            served = (home, *(priority_by_id[p] for p in action.serves))
            aresult = judge_action(action, served, by_action.get(action.id, ()), day)
            action_results.append(aresult)
            for p in served:
                actions_of[p.id].append(aresult)

    priority_rollups, partnership_rollups = rollups(
        plan, targets_of, actions_of, outcomes_of, rollup
    )
    overall = make_rollup(
        plan.id, plan.title, [*target_results, *action_results, *outcome_results], rollup
    )
    return Report(
        as_of=day,
        plan=plan,
        targets=tuple(target_results),
        actions=tuple(action_results),
        outcomes=tuple(outcome_results),
        priorities=priority_rollups,
        partnerships=partnership_rollups,
        overall=overall,
        problems=tuple(notes_found),
        trajectories=dict(judge.paths),
        observations=tuple(observations),
        tolerance=tolerance_sentence(plan, tolerance),
    )


def _overdue(series: Series, target: Target) -> Problem:
    return Problem(
        location=f"targets[{target.id}]",
        message=overdue_value(series.indicator, target.period),
        value=str(target.period),
        severity=Severity.WARNING,
    )


def _commentary(
    target: Target, commented: Sequence[Observation], as_of: dt.date
) -> Commentary | None:
    """The latest commentary recorded within the target's period, by ``as_of``."""
    period = target.period
    best: Observation | None = None
    for obs in commented:
        end = obs.period.end
        if period.start <= obs.period.start and end <= period.end and end <= as_of and (
            best is None or end > best.period.end
        ):
            best = obs
    return Commentary.of(best) if best is not None else None


class _Extras(NamedTuple):
    """What a result carries beside its judgement: never part of the status or RAG."""

    forecast: Forecast | None = None
    comparators: tuple[Comparison, ...] = ()
    commentary: Commentary | None = None


def _target_result(
    target: Target,
    series: Series,
    priority: Priority,
    outcome: Outcome,
    verdict: Verdict,
    *,
    extras: _Extras,
) -> TargetResult:
    return TargetResult(
        target=target,
        indicator=series.indicator,
        priority=priority.id,
        outcome=outcome.id,
        partnership=priority.partnership,
        status=verdict.status,
        rag=verdict.rag,
        actual=verdict.actual,
        period=verdict.period,
        expected=verdict.expected,
        target_value=verdict.target_value,
        baseline=verdict.baseline,
        reference=verdict.reference,
        gap=verdict.gap,
        progress=verdict.progress,
        shortfall=verdict.shortfall,
        tolerance=verdict.tolerance,
        direction=verdict.direction,
        travel_year_on_year=verdict.year_on_year,
        interval=verdict.interval,
        confidence=verdict.confidence,
        reason=verdict.reason,
        actual_range=verdict.actual_range,
        withheld=verdict.withheld,
        commentary=extras.commentary,
        forecast=extras.forecast,
        comparators=extras.comparators,
    )
