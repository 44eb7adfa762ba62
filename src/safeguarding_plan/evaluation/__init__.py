"""Judge a plan against what was observed, exactly as the evaluation rules say.

:func:`evaluate` takes a :class:`~safeguarding_plan.Plan`, the
:class:`~safeguarding_plan.observations.Observation` values recorded for its indicators,
the :class:`~safeguarding_plan.observations.ActionUpdate` records of its actions and the
:class:`~safeguarding_plan.observations.Assessment` records of its qualitative outcomes,
and judges every target, action and qualitative outcome as at a date. The result is an
immutable :class:`Report`: one :class:`TargetResult` per target, one
:class:`ActionResult` per action, one :class:`OutcomeResult` per qualitative outcome and
a :class:`Rollup` per priority, per partnership and for the whole plan.

The engine works in one direction, each job in a private module named for it:
observations are indexed into a series per indicator (``_series``); each target's rule
becomes one :class:`Goal` with a :class:`Sense` and the reference it was resolved from
(``_goals``); one decision path turns goal, series, date and tolerance into a status, a
RAG, figures and a :class:`Reason` (``_targets``); one module writes English from the
reason (``_explain``); results, roll-ups and the report follow (``_results``,
``_rollups``, ``_data`` for results as data). Statuses and RAG are in ``_vocabulary``,
tolerance, roll-up and publication policies in ``_policies``, the trajectory and the
Wilson interval in ``_numbers``.

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
* A forecast's trend rests on recorded observations only (history before the baseline
  counts; the plan's own baseline figure, a value of a whole year, does not join a trend
  of quarters), one granularity at a time: quarters, else months, else financial years,
  else calendar years. A projection is kept possible: 0 or more, at most 100 for a
  percentage.
* A flow's run-rate forecast is UNCERTAIN when the projection lies within the tolerance
  of the target on either side (just above is as uncertain as just below), and runs on
  the year-to-date total the status uses (unbroken from the start of the period).
* Comparators are listed only beside an actual of one period: a flow's in-year
  year-to-date total is not compared. A comparator's withheld value is not listed.

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
    The latest figure for contacts not progressing to a Section 42 enquiry, for 2023/24 Q2,
    is 75%, 1 percentage point worse than the 74% expected by 30 September 2023 (within the
    tolerance of 3.7 percentage points), towards at most 64% by the end of 2023/24.
"""

from __future__ import annotations

from safeguarding_plan.evaluation._comparators import Benchmark, Comparison
from safeguarding_plan.evaluation._data import REPORT_FORMAT, report_schema
from safeguarding_plan.evaluation._evaluate import as_date, evaluate
from safeguarding_plan.evaluation._forecast import Forecast, ForecastBasis, Outlook
from safeguarding_plan.evaluation._goals import Goal, MissingReference, Sense
from safeguarding_plan.evaluation._many import evaluate_many, reports_to_dataframe
from safeguarding_plan.evaluation._numbers import FIGURE_DECIMALS, Z_95, Interval, Trajectory
from safeguarding_plan.evaluation._plausibility import (
    FAR_FACTOR,
    combine_observations,
    plausibility_problems,
)
from safeguarding_plan.evaluation._policies import (
    SUPPRESSED_MARKER,
    PublicationPolicy,
    RollupRule,
    Tolerance,
    TolerancePolicy,
    WorstRag,
)
from safeguarding_plan.evaluation._results import (
    ActionResult,
    Item,
    OutcomeResult,
    Report,
    Rollup,
    TargetResult,
    TargetRevision,
)
from safeguarding_plan.evaluation._targets import Reason, ReasonKind
from safeguarding_plan.evaluation._versions import evaluate_versions, in_force
from safeguarding_plan.evaluation._vocabulary import (
    RAG,
    ActionStatus,
    Confidence,
    DirectionOfTravel,
    Status,
    Travel,
)

__all__ = [
    "FAR_FACTOR",
    "FIGURE_DECIMALS",
    "RAG",
    "REPORT_FORMAT",
    "SUPPRESSED_MARKER",
    "Z_95",
    "ActionResult",
    "ActionStatus",
    "Benchmark",
    "Comparison",
    "Confidence",
    "DirectionOfTravel",
    "Forecast",
    "ForecastBasis",
    "Goal",
    "Interval",
    "Item",
    "MissingReference",
    "OutcomeResult",
    "Outlook",
    "PublicationPolicy",
    "Reason",
    "ReasonKind",
    "Report",
    "Rollup",
    "RollupRule",
    "Sense",
    "Status",
    "TargetResult",
    "TargetRevision",
    "Tolerance",
    "TolerancePolicy",
    "Trajectory",
    "Travel",
    "WorstRag",
    "as_date",
    "combine_observations",
    "evaluate",
    "evaluate_many",
    "evaluate_versions",
    "in_force",
    "plausibility_problems",
    "report_schema",
    "reports_to_dataframe",
]

# The public face: each class and function says it lives here, where users import it
# from (for reprs, pickling and the API docs' cross-references).
for _name in __all__:
    _obj = globals()[_name]
    if getattr(_obj, "__module__", "").startswith(f"{__name__}._"):
        _obj.__module__ = __name__
del _name, _obj


def __dir__() -> list[str]:
    return list(__all__)
