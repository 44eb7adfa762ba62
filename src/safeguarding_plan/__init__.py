"""safeguarding_plan: a safeguarding partnership's business plan as typed code.

The public API is re-exported here; the implementation lives in modules named for what
they hold (:mod:`~safeguarding_plan.periods`, :mod:`~safeguarding_plan.model`,
:mod:`~safeguarding_plan.files`, ...).

Names are imported when first used, so ``import safeguarding_plan`` (and the command
line) stays quick: file formats, pint, Jinja2 and the report code load only when a
program asks for them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from safeguarding_plan._version import __version__

if TYPE_CHECKING:
    from safeguarding_plan._units import difference_unit, is_percent, quantity, registry
    from safeguarding_plan._version import __version__
    from safeguarding_plan.errors import (
        InvalidValueError,
        ObservationError,
        PeriodError,
        PlanFileError,
        PlanValidationError,
        Problem,
        ReportError,
        ResultNotFoundError,
        SafeguardingPlanError,
        Severity,
        UnitError,
        UnknownIdError,
    )
    from safeguarding_plan.evaluation import (
        RAG,
        ActionResult,
        ActionStatus,
        Confidence,
        DirectionOfTravel,
        Interval,
        OutcomeResult,
        PublicationPolicy,
        Report,
        Rollup,
        RollupRule,
        Status,
        TargetResult,
        Tolerance,
        TolerancePolicy,
        Trajectory,
        Travel,
        WorstRag,
        evaluate,
        report_schema,
    )
    from safeguarding_plan.files import (
        dump_plan,
        dumps_plan,
        load_plan,
        loads_plan,
        plan_from_dict,
        plan_schema,
        plan_to_dict,
    )
    from safeguarding_plan.model import (
        AbsoluteChange,
        Action,
        AtLeast,
        AtMost,
        Baseline,
        Between,
        Direction,
        Evidence,
        Figure,
        GlossaryEntry,
        Improve,
        Indicator,
        Measure,
        Outcome,
        Partnership,
        Plan,
        Priority,
        Reference,
        RelativeChange,
        Rule,
        Target,
        format_value,
        validate,
    )
    from safeguarding_plan.observation_files import (
        ProgressData,
        load_action_updates,
        load_assessments,
        load_observations,
        load_progress,
        loads_observations,
        observations_from_dataframe,
        observations_schema,
    )
    from safeguarding_plan.observations import (
        ActionUpdate,
        Assessment,
        Judgement,
        Observation,
        UpdateState,
    )
    from safeguarding_plan.periods import FinancialYear, Period, Quarter, parse_period
    from safeguarding_plan.reports import write_report


__all__ = [
    "RAG",
    "AbsoluteChange",
    "Action",
    "ActionResult",
    "ActionStatus",
    "ActionUpdate",
    "Assessment",
    "AtLeast",
    "AtMost",
    "Baseline",
    "Between",
    "Confidence",
    "Direction",
    "DirectionOfTravel",
    "Evidence",
    "Figure",
    "FinancialYear",
    "GlossaryEntry",
    "Improve",
    "Indicator",
    "Interval",
    "InvalidValueError",
    "Judgement",
    "Measure",
    "Observation",
    "ObservationError",
    "Outcome",
    "OutcomeResult",
    "Partnership",
    "Period",
    "PeriodError",
    "Plan",
    "PlanFileError",
    "PlanValidationError",
    "Priority",
    "Problem",
    "ProgressData",
    "PublicationPolicy",
    "Quarter",
    "Reference",
    "RelativeChange",
    "Report",
    "ReportError",
    "ResultNotFoundError",
    "Rollup",
    "RollupRule",
    "Rule",
    "SafeguardingPlanError",
    "Severity",
    "Status",
    "Target",
    "TargetResult",
    "Tolerance",
    "TolerancePolicy",
    "Trajectory",
    "Travel",
    "UnitError",
    "UnknownIdError",
    "UpdateState",
    "WorstRag",
    "__version__",
    "difference_unit",
    "dump_plan",
    "dumps_plan",
    "evaluate",
    "format_value",
    "is_percent",
    "load_action_updates",
    "load_assessments",
    "load_observations",
    "load_plan",
    "load_progress",
    "loads_observations",
    "loads_plan",
    "observations_from_dataframe",
    "observations_schema",
    "parse_period",
    "plan_from_dict",
    "plan_schema",
    "plan_to_dict",
    "quantity",
    "registry",
    "report_schema",
    "validate",
    "write_report",
]


_LAZY = {
    "AbsoluteChange": "safeguarding_plan.model",
    "Action": "safeguarding_plan.model",
    "ActionResult": "safeguarding_plan.evaluation",
    "ActionStatus": "safeguarding_plan.evaluation",
    "ActionUpdate": "safeguarding_plan.observations",
    "Assessment": "safeguarding_plan.observations",
    "AtLeast": "safeguarding_plan.model",
    "AtMost": "safeguarding_plan.model",
    "Baseline": "safeguarding_plan.model",
    "Between": "safeguarding_plan.model",
    "Confidence": "safeguarding_plan.evaluation",
    "Direction": "safeguarding_plan.model",
    "DirectionOfTravel": "safeguarding_plan.evaluation",
    "Evidence": "safeguarding_plan.model",
    "Figure": "safeguarding_plan.model",
    "FinancialYear": "safeguarding_plan.periods",
    "GlossaryEntry": "safeguarding_plan.model",
    "Improve": "safeguarding_plan.model",
    "Indicator": "safeguarding_plan.model",
    "Interval": "safeguarding_plan.evaluation",
    "InvalidValueError": "safeguarding_plan.errors",
    "Judgement": "safeguarding_plan.observations",
    "Measure": "safeguarding_plan.model",
    "Observation": "safeguarding_plan.observations",
    "ObservationError": "safeguarding_plan.errors",
    "Outcome": "safeguarding_plan.model",
    "OutcomeResult": "safeguarding_plan.evaluation",
    "Partnership": "safeguarding_plan.model",
    "Period": "safeguarding_plan.periods",
    "PeriodError": "safeguarding_plan.errors",
    "Plan": "safeguarding_plan.model",
    "PlanFileError": "safeguarding_plan.errors",
    "PlanValidationError": "safeguarding_plan.errors",
    "Priority": "safeguarding_plan.model",
    "Problem": "safeguarding_plan.errors",
    "ReportError": "safeguarding_plan.errors",
    "ResultNotFoundError": "safeguarding_plan.errors",
    "PublicationPolicy": "safeguarding_plan.evaluation",
    "report_schema": "safeguarding_plan.evaluation",
    "ProgressData": "safeguarding_plan.observation_files",
    "Quarter": "safeguarding_plan.periods",
    "RAG": "safeguarding_plan.evaluation",
    "Reference": "safeguarding_plan.model",
    "RelativeChange": "safeguarding_plan.model",
    "Report": "safeguarding_plan.evaluation",
    "Rollup": "safeguarding_plan.evaluation",
    "RollupRule": "safeguarding_plan.evaluation",
    "Rule": "safeguarding_plan.model",
    "SafeguardingPlanError": "safeguarding_plan.errors",
    "Severity": "safeguarding_plan.errors",
    "Status": "safeguarding_plan.evaluation",
    "Target": "safeguarding_plan.model",
    "TargetResult": "safeguarding_plan.evaluation",
    "Tolerance": "safeguarding_plan.evaluation",
    "TolerancePolicy": "safeguarding_plan.evaluation",
    "Trajectory": "safeguarding_plan.evaluation",
    "Travel": "safeguarding_plan.evaluation",
    "UnitError": "safeguarding_plan.errors",
    "UnknownIdError": "safeguarding_plan.errors",
    "UpdateState": "safeguarding_plan.observations",
    "WorstRag": "safeguarding_plan.evaluation",
    "difference_unit": "safeguarding_plan._units",
    "dump_plan": "safeguarding_plan.files",
    "dumps_plan": "safeguarding_plan.files",
    "evaluate": "safeguarding_plan.evaluation",
    "format_value": "safeguarding_plan.model",
    "is_percent": "safeguarding_plan._units",
    "load_action_updates": "safeguarding_plan.observation_files",
    "load_assessments": "safeguarding_plan.observation_files",
    "load_observations": "safeguarding_plan.observation_files",
    "load_plan": "safeguarding_plan.files",
    "load_progress": "safeguarding_plan.observation_files",
    "loads_observations": "safeguarding_plan.observation_files",
    "loads_plan": "safeguarding_plan.files",
    "observations_from_dataframe": "safeguarding_plan.observation_files",
    "observations_schema": "safeguarding_plan.observation_files",
    "parse_period": "safeguarding_plan.periods",
    "plan_from_dict": "safeguarding_plan.files",
    "plan_schema": "safeguarding_plan.files",
    "plan_to_dict": "safeguarding_plan.files",
    "quantity": "safeguarding_plan._units",
    "registry": "safeguarding_plan._units",
    "validate": "safeguarding_plan.model",
    "write_report": "safeguarding_plan.reports",
}
"""Where each public name lives; it is imported from there when first asked for."""

_SUBMODULES = frozenset(
    {
        "charts", "cli", "errors", "evaluation", "files", "model", "observation_files",
        "observations", "periods", "plans", "reports", "strategies",
    }
)  # fmt: skip


def __getattr__(name: str) -> Any:
    """Import a public name (or a submodule) the first time it is used."""
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
