"""evaluate_many(): many plans judged as at one date, each from its share of one dataset."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from safeguarding_plan.errors import (
    InvalidValueError,
    MissingDependencyError,
    ObservationError,
    Problem,
    did_you_mean,
)
from safeguarding_plan.evaluation._evaluate import evaluate
from safeguarding_plan.evaluation._policies import RollupRule, Tolerance, WorstRag
from safeguarding_plan.evaluation._results import Report
from safeguarding_plan.model import Plan
from safeguarding_plan.observations import ActionUpdate, Assessment, Observation

if TYPE_CHECKING:
    import pandas  # noqa: ICN001 - named in full, as Report.to_dataframe does

__all__ = ["evaluate_many", "reports_to_dataframe"]

_DEFAULT_ROLLUP = WorstRag()


def _unknown(what: str, given: Mapping[str, object], plans: Mapping[str, Plan]) -> list[Problem]:
    return [
        Problem(
            location=f"{what}[{key!r}]",
            message=f"no plan has this id{did_you_mean(key, plans)}",
            value=key,
        )
        for key in given
        if key not in plans
    ]


def evaluate_many(
    plans: Iterable[Plan],
    observations: Mapping[str, Iterable[Observation]],
    *,
    as_of: dt.date | dt.datetime | str,
    updates: Mapping[str, Sequence[ActionUpdate]] | None = None,
    assessments: Mapping[str, Sequence[Assessment]] | None = None,
    policy: Tolerance | None = None,
    rollup: RollupRule = _DEFAULT_ROLLUP,
) -> dict[str, Report]:
    r"""Judge many plans as at one date, each from its own observations of one dataset.

    For a regional or national body that judges every partnership's plan from one
    published dataset: read the dataset once with
    :func:`~safeguarding_plan.load_observations_by_plan` (a CSV file with a ``plan``
    column), which checks each row against its own plan and gives each plan's
    observations; then each plan is judged with :func:`~safeguarding_plan.evaluate`
    from its share, with the same ``as_of``, ``policy`` and ``rollup``.

    Args:
        plans: The plans (their ids must differ).
        observations: Each plan's observations, by plan id; a plan without any is judged
            on none.
        as_of: The date to judge at (as :func:`~safeguarding_plan.evaluate` takes it).
        updates: Each plan's action updates, by plan id.
        assessments: Each plan's assessments, by plan id.
        policy: The tolerance for every plan (by default each plan's own).
        rollup: How a group's RAG is made from its items' RAGs.

    Returns:
        Each plan's :class:`~safeguarding_plan.evaluation.Report`, by plan id, in the
        order of ``plans``.

    Raises:
        ObservationError: if a key of ``observations``, ``updates`` or ``assessments``
            is not the id of one of the plans (naming the nearest id), or as
            :func:`~safeguarding_plan.evaluate` raises for a plan's data.
        InvalidValueError: if two plans have the same id.

    Example:
        >>> from safeguarding_plan import evaluate_many, loads_observations_by_plan
        >>> from safeguarding_plan.plans import bundled_plan, stockport_2023_26
        >>> plans = [stockport_2023_26(), bundled_plan("darlington-cypp-2017-22")]
        >>> data = loads_observations_by_plan(
        ...     "plan,indicator,period,value\n"
        ...     "stockport-2023-26,s42-non-conversion,2023/24,66\n", plans)
        >>> reports = evaluate_many(plans, data, as_of="2024-06-30")
        >>> list(reports)
        ['stockport-2023-26', 'darlington-cypp-2017-22']
        >>> reports["stockport-2023-26"].target("s42-non-conversion-2023-24").rag.name
        'AMBER'
    """
    by_id: dict[str, Plan] = {}
    for plan in plans:
        if plan.id in by_id:
            raise InvalidValueError("plans", "two plans have the same id", plan.id)
        by_id[plan.id] = plan
    problems = _unknown("observations", observations, by_id)
    problems += _unknown("updates", updates or {}, by_id)
    problems += _unknown("assessments", assessments or {}, by_id)
    if problems:
        raise ObservationError(problems)
    return {
        plan_id: evaluate(
            plan,
            observations.get(plan_id, ()),
            updates=(updates or {}).get(plan_id, ()),
            assessments=(assessments or {}).get(plan_id, ()),
            as_of=as_of,
            policy=policy,
            rollup=rollup,
        )
        for plan_id, plan in by_id.items()
    }


def reports_to_dataframe(reports: Mapping[str, Report]) -> pandas.DataFrame:
    r"""Many plans' results as one pandas DataFrame: a ``plan`` column, then each record.

    Each report's :meth:`~safeguarding_plan.Report.to_records` (one row per target,
    action and qualitative outcome), with the plan's id in front, in the order of
    ``reports`` (as :func:`evaluate_many` gives them), for an analyst comparing
    partnerships: ``frame.groupby(["plan", "rag"]).size()``.

    Raises:
        MissingDependencyError: if pandas is not installed (an ``ImportError``)
            (``pip install safeguarding-plan[pandas]``).

    Example:
        >>> from safeguarding_plan import (
        ...     evaluate_many, loads_observations_by_plan, reports_to_dataframe)
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> plans = [stockport_2023_26()]
        >>> data = loads_observations_by_plan(
        ...     "plan,indicator,period,value\n"
        ...     "stockport-2023-26,s42-non-conversion,2023/24,66\n", plans)
        >>> frame = reports_to_dataframe(evaluate_many(plans, data, as_of="2024-06-30"))
        >>> row = frame[frame["id"] == "s42-non-conversion-2023-24"].iloc[0]
        >>> row["plan"], row["rag"], float(row["actual"])
        ('stockport-2023-26', 'amber', 66.0)
    """
    try:
        import pandas  # noqa: ICN001, PLC0415 - an optional extra, named in full as above
    except ImportError:
        raise MissingDependencyError(
            "reports_to_dataframe needs pandas; install it with "
            "'pip install safeguarding-plan[pandas]'"
        ) from None
    rows = [
        {"plan": plan_id, **record}
        for plan_id, report in reports.items()
        for record in report.to_records()
    ]
    if not rows:
        return pandas.DataFrame(columns=["plan"])
    return pandas.DataFrame.from_records(rows)
