"""Results as data: records, :meth:`Report.to_dict` and :meth:`Report.from_dict`.

Dates are ISO text, enums their values, periods their labels, figures floats rounded to
10 decimal places (as the results hold them). The shape is the report JSON Schema that
ships beside the plan schema (``schemas/report.schema.json``).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from safeguarding_plan.errors import InvalidValueError, Problem, Severity
from safeguarding_plan.evaluation._comparators import Benchmark, Comparison
from safeguarding_plan.evaluation._forecast import Forecast, ForecastBasis, Outlook
from safeguarding_plan.evaluation._goals import Goal, MissingReference, Sense
from safeguarding_plan.evaluation._numbers import Interval, Trajectory
from safeguarding_plan.evaluation._results import (
    ActionResult,
    OutcomeResult,
    Report,
    Rollup,
    TargetResult,
    TargetRevision,
)
from safeguarding_plan.evaluation._targets import Reason, ReasonKind
from safeguarding_plan.evaluation._vocabulary import RAG, ActionStatus, Confidence, Status, Travel
from safeguarding_plan.model import Plan, Reference
from safeguarding_plan.observations import (
    ActionUpdate,
    Assessment,
    Commentary,
    Observation,
    WithheldRange,
)
from safeguarding_plan.periods import Period, as_period

__all__ = ["REPORT_FORMAT", "records", "report_from_dict", "report_schema", "report_to_dict"]

REPORT_FORMAT = 1
"""The version of the report data's shape (``format`` in :meth:`Report.to_dict`)."""

_E = TypeVar("_E", bound=enum.Enum)
_T = TypeVar("_T")


# --------------------------------------------------------------------------- records


def _label(value: object) -> object:
    return str(value) if value is not None else None


def _target_record(t: TargetResult) -> dict[str, object]:
    return {
        "kind": "target",
        "id": t.id,
        "priority": t.priority,
        "partnership": t.partnership,
        "status": t.status.value,
        "rag": t.rag.value,
        "indicator": t.indicator.id,
        "period": str(t.target.period),
        "unit": t.unit,
        "actual": t.actual,
        "expected": t.expected,
        "target_value": t.target_value,
        "baseline": t.baseline,
        "gap": t.gap,
        "progress": t.progress,
        "direction": t.direction.value,
        "interval_low": t.interval.low if t.interval else None,
        "interval_high": t.interval.high if t.interval else None,
        "confidence": t.confidence.value if t.confidence else None,
        "due": None,
        "explanation": t.explanation,
        "travel_year_on_year": t.travel_year_on_year.value,
        "forecast": t.forecast.outlook.value if t.forecast else None,
        "forecast_value": t.forecast.value if t.forecast else None,
        "forecast_low": t.forecast.interval.low if t.forecast and t.forecast.interval else None,
        "forecast_high": t.forecast.interval.high if t.forecast and t.forecast.interval else None,
    }


def records(report: Report) -> list[dict[str, object]]:
    """Every target, action and outcome result as a flat dict of JSON-ready values."""
    blank: dict[str, object] = dict.fromkeys(
        (
            "indicator",
            "period",
            "unit",
            "actual",
            "expected",
            "target_value",
            "baseline",
            "gap",
            "progress",
            "direction",
            "interval_low",
            "interval_high",
            "confidence",
            "due",
            "travel_year_on_year",
            "forecast",
            "forecast_value",
            "forecast_low",
            "forecast_high",
        ),
    )
    rows = [_target_record(t) for t in report.targets]
    rows.extend(
        {
            "kind": "action",
            "id": a.id,
            "priority": a.priorities[0],
            "partnership": a.partnerships[0],
            "status": a.status.value,
            "rag": a.rag.value,
            **blank,
            "period": str(a.due),
            "due": a.due.end.isoformat(),
            "explanation": a.explanation,
        }
        for a in report.actions
    )
    rows.extend(
        {
            "kind": "outcome",
            "id": o.id,
            "priority": o.priority,
            "partnership": o.partnership,
            "status": o.status.value,
            "rag": o.rag.value,
            **blank,
            "explanation": o.explanation,
        }
        for o in report.outcomes
    )
    return rows


# --------------------------------------------------------------------------- to_dict


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _enum(value: enum.Enum | None) -> Any:
    return value.value if value is not None else None


def _goal(goal: Goal | None) -> dict[str, Any] | None:
    if goal is None:
        return None
    return {
        "sense": goal.sense.value,
        "value": goal.value,
        "low": goal.low,
        "high": goal.high,
        "reference": _enum(goal.reference),
        "reference_value": goal.reference_value,
        "reference_period": _label(goal.reference_period),
    }


def _reason(reason: Reason | None) -> dict[str, Any] | None:
    if reason is None:
        return None
    missing = reason.missing
    return {
        "kind": reason.kind.value,
        "period_over": reason.period_over,
        "goal": _goal(reason.goal),
        "compared_with": _goal(reason.compared_with),
        "actual": reason.actual,
        "period": _label(reason.period),
        "expected": reason.expected,
        "expected_on": _iso(reason.expected_on),
        "pro_rata": reason.pro_rata,
        "shortfall": reason.shortfall,
        "margin": reason.margin,
        "tolerance": reason.tolerance,
        "within_tolerance": reason.within_tolerance,
        "overdue": reason.overdue,
        "numerator": reason.numerator,
        "denominator": reason.denominator,
        "marker": reason.marker,
        "since": _iso(reason.since),
        "passed_over": _label(reason.passed_over),
        "actual_range": _interval(reason.actual_range),
        "withheld": _withheld(reason.withheld),
        "from_parts": reason.from_parts,
        "missing": None
        if missing is None
        else {
            "reference": missing.reference.value,
            "period": _label(missing.period),
            "withheld": missing.withheld,
        },
    }


def _interval(interval: Interval | None) -> dict[str, float] | None:
    return None if interval is None else {"low": interval.low, "high": interval.high}


def _withheld(withheld: WithheldRange | None) -> dict[str, Any] | None:
    if withheld is None:
        return None
    return {"low": withheld.low, "high": withheld.high, "convention": withheld.convention}


def _commentary(c: Commentary | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "period": str(c.period),
        "commentary": c.commentary,
        "corrective_action": c.corrective_action,
        "action_owner": c.action_owner,
        "action_due": _iso(c.action_due),
    }


def _target(t: TargetResult) -> dict[str, Any]:
    return {
        "id": t.id,
        "indicator": t.indicator.id,
        "priority": t.priority,
        "outcome": t.outcome,
        "partnership": t.partnership,
        "status": t.status.value,
        "rag": t.rag.value,
        "actual": t.actual,
        "period": _label(t.period),
        "expected": t.expected,
        "target_value": t.target_value,
        "baseline": t.baseline,
        "reference": t.reference,
        "gap": t.gap,
        "progress": t.progress,
        "shortfall": t.shortfall,
        "tolerance": t.tolerance,
        "direction": t.direction.value,
        "interval": None
        if t.interval is None
        else {
            "low": t.interval.low,
            "high": t.interval.high,
        },
        "confidence": _enum(t.confidence),
        "reason": _reason(t.reason),
        "actual_range": _interval(t.actual_range),
        "withheld": _withheld(t.withheld),
        "commentary": _commentary(t.commentary),
        "explanation": t.explanation,
        "travel_year_on_year": t.travel_year_on_year.value,
        "forecast": _forecast(t),
        "comparators": [_comparison(c) for c in t.comparators],
    }


def _forecast(t: TargetResult) -> dict[str, Any] | None:
    f = t.forecast
    if f is None:
        return None
    return {
        "outlook": f.outlook.value,
        "basis": f.basis.value,
        "value": f.value,
        "interval": _interval(f.interval),
        "on": _iso(f.on),
        "periods": [str(p) for p in f.periods],
        "granularity": f.granularity,
        "slope": f.slope,
        "total": f.total,
        "elapsed": f.elapsed,
        "days": f.days,
        "tolerance": f.tolerance,
        "found": f.found,
        "goal": _goal(f.goal),
        "explanation": t.forecast_explanation,
    }


def _comparison(c: Comparison) -> dict[str, Any]:
    return {
        "comparator": c.comparator,
        "label": c.label,
        "period": str(c.period),
        "value": c.value,
        "difference": c.difference,
        "benchmark": c.benchmark.value,
        "tolerance": c.tolerance,
        "interval": _interval(c.interval),
        "by_intervals": c.by_intervals,
    }


def _action(a: ActionResult) -> dict[str, Any]:
    u = a.update
    return {
        "id": a.id,
        "priorities": list(a.priorities),
        "partnerships": list(a.partnerships),
        "status": a.status.value,
        "rag": a.rag.value,
        "due": a.due.end.isoformat(),
        "update": None
        if u is None
        else {
            "on": u.on.isoformat(),
            "state": u.state.value,
            "note": u.note,
            "evidence": u.evidence,
        },
        "completed_on": _iso(a.completed_on),
        "late": a.late,
        "explanation": a.explanation,
    }


def _outcome(o: OutcomeResult) -> dict[str, Any]:
    a = o.assessment
    return {
        "id": o.id,
        "priority": o.priority,
        "partnership": o.partnership,
        "status": o.status.value,
        "rag": o.rag.value,
        "assessment": None
        if a is None
        else {
            "on": a.on.isoformat(),
            "judgement": a.judgement.value,
            "evidence": a.evidence,
            "note": a.note,
        },
        "explanation": o.explanation,
    }


def _rollup(r: Rollup) -> dict[str, Any]:
    return {
        "id": r.id,
        "title": r.title,
        "rag": r.rag.value,
        "total": r.total,
        "judged": r.judged,
        "counts": {s.value: n for s, n in r.counts.items()},
        "rags": {rag.value: n for rag, n in r.rags.items()},
    }


def _problem_value(value: object) -> object:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as plain data (see :meth:`Report.to_dict`)."""
    from safeguarding_plan.files import plan_to_dict  # noqa: PLC0415 - only when asked

    return {
        "format": REPORT_FORMAT,
        "as_of": report.as_of.isoformat(),
        "plan": plan_to_dict(report.plan),
        "targets": [_target(t) for t in report.targets],
        "actions": [_action(a) for a in report.actions],
        "outcomes": [_outcome(o) for o in report.outcomes],
        "priorities": [_rollup(r) for r in report.priorities],
        "partnerships": [_rollup(r) for r in report.partnerships],
        "overall": _rollup(report.overall),
        "problems": [
            {
                "location": p.location,
                "message": p.message,
                "value": _problem_value(p.value),
                "severity": p.severity.value,
            }
            for p in report.problems
        ],
        "trajectories": {
            ind: [[day.isoformat(), value] for day, value in path.points]
            for ind, path in report.trajectories.items()
        },
        "observations": [_observation(o) for o in report.observations],
        "tolerance": report.tolerance,
        "revisions": [revision_record(v) for v in report.revisions],
    }


def revision_record(v: TargetRevision) -> dict[str, Any]:
    return {
        "target": v.target,
        "change": v.change.value,
        "field": v.field,
        "version": v.version,
        "adopted": _iso(v.adopted),
        "description": v.description,
        "judged_against": v.judged_against,
    }


def _revision_from(r: _Reader) -> TargetRevision:
    from safeguarding_plan.plan_diff import ChangeKind  # noqa: PLC0415

    return TargetRevision(
        target=r.get("target", _text),
        change=r.get("change", _member(ChangeKind)),
        field=r.optional("field", _text),
        version=r.get("version", _text),
        adopted=r.optional("adopted", _day),
        description=r.get("description", _text),
        judged_against=r.optional("judged_against", _text),
    )


def _observation(o: Observation) -> dict[str, Any]:
    """An observation as given: a quantity keeps its own unit, nothing is converted."""
    value = o.value
    if value is not None and not isinstance(value, float):
        value = {"magnitude": float(value.magnitude), "unit": str(value.units)}
    return {
        "indicator": o.indicator,
        "period": str(o.period),
        "value": value,
        "numerator": o.numerator,
        "denominator": o.denominator,
        "suppressed": o.suppressed,
        "source": o.source,
        "note": o.note,
        "withheld": None if o.withheld is None else str(o.withheld),
        "commentary": o.commentary,
        "corrective_action": o.corrective_action,
        "action_owner": o.action_owner,
        "action_due": _iso(o.action_due),
        "location": o.location,
        "comparator": o.comparator,
    }


# --------------------------------------------------------------------------- from_dict


class _Reader:
    """Reads values out of report data, naming the field at fault in every error."""

    def __init__(self, data: Mapping[str, Any], path: str) -> None:
        if not isinstance(data, Mapping):
            raise InvalidValueError(path, "expected an object", data)
        self.data = data
        self.path = path

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def raw(self, key: str) -> Any:
        if key not in self.data:
            raise InvalidValueError(self.at(key), "is missing", None)
        return self.data[key]

    def get(self, key: str, convert: Callable[[Any], _T]) -> _T:
        value = self.raw(key)
        try:
            return convert(value)
        except InvalidValueError as exc:
            raise InvalidValueError(self.at(key), exc.message, value) from None
        except (TypeError, ValueError) as exc:  # a date or an enum member the stdlib refused
            raise InvalidValueError(self.at(key), str(exc), value) from None

    def optional(self, key: str, convert: Callable[[Any], _T]) -> _T | None:
        value = self.data.get(key)
        return None if value is None else self.get(key, convert)

    def child(self, key: str) -> _Reader | None:
        value = self.data.get(key)
        return None if value is None else _Reader(value, self.at(key))

    def rows(self, key: str) -> list[_Reader]:
        return [_Reader(row, f"{self.at(key)}[{n}]") for n, row in enumerate(self.raw(key))]


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidValueError("value", "expected a number", value)
    return float(value)


def _day(value: Any) -> dt.date:
    return dt.date.fromisoformat(value)


def _period(value: Any) -> Period:
    return as_period(value)


def _member(kind: type[_E]) -> Callable[[Any], _E]:
    """Read an enum member from its value (ValueError, named by the reader, if unknown)."""
    return kind


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidValueError("value", "expected true or false", value)
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidValueError("value", "expected text", value)
    return value


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValueError("value", "expected a whole number", value)
    return value


def _goal_from(r: _Reader | None) -> Goal | None:
    if r is None:
        return None
    return Goal(
        sense=r.get("sense", _member(Sense)),
        value=r.optional("value", _number),
        low=r.optional("low", _number),
        high=r.optional("high", _number),
        reference=r.optional("reference", _member(Reference)),
        reference_value=r.optional("reference_value", _number),
        reference_period=r.optional("reference_period", _period),
    )


def _reason_from(r: _Reader | None) -> Reason | None:
    if r is None:
        return None
    m = r.child("missing")
    missing = None
    if m is not None:
        missing = MissingReference(
            reference=m.get("reference", _member(Reference)),
            period=m.optional("period", _period),
            withheld=m.get("withheld", _flag),
        )
    return Reason(
        kind=r.get("kind", _member(ReasonKind)),
        period_over=r.get("period_over", _flag),
        goal=_goal_from(r.child("goal")),
        compared_with=_goal_from(r.child("compared_with")),
        actual=r.optional("actual", _number),
        period=r.optional("period", _period),
        expected=r.optional("expected", _number),
        expected_on=r.optional("expected_on", _day),
        pro_rata=r.get("pro_rata", _flag),
        shortfall=r.optional("shortfall", _number),
        margin=r.optional("margin", _number),
        tolerance=r.optional("tolerance", _number),
        within_tolerance=r.optional("within_tolerance", _flag),
        overdue=r.get("overdue", _flag),
        numerator=r.optional("numerator", _number),
        denominator=r.optional("denominator", _number),
        marker=r.optional("marker", _text),
        since=r.optional("since", _day),
        passed_over=r.optional("passed_over", _period),
        missing=missing,
        actual_range=_interval_from(r.child("actual_range")),
        withheld=_withheld_from(r.child("withheld")),
        from_parts=r.get("from_parts", _flag) if "from_parts" in r.data else False,
    )


def _interval_from(r: _Reader | None) -> Interval | None:
    if r is None:
        return None
    return Interval(low=r.get("low", _number), high=r.get("high", _number))


def _withheld_from(r: _Reader | None) -> WithheldRange | None:
    if r is None:
        return None
    try:
        return WithheldRange(
            low=r.get("low", _count),
            high=r.get("high", _count),
            convention=r.optional("convention", _text),
        )
    except InvalidValueError as exc:
        raise InvalidValueError(r.at(exc.field), exc.message, exc.value) from None


def _commentary_from(r: _Reader | None) -> Commentary | None:
    if r is None:
        return None
    try:
        return Commentary(
            period=r.get("period", _period),
            commentary=r.optional("commentary", _text),
            corrective_action=r.optional("corrective_action", _text),
            action_owner=r.optional("action_owner", _text),
            action_due=r.optional("action_due", _day),
        )
    except InvalidValueError as exc:
        raise InvalidValueError(r.at(exc.field), exc.message, exc.value) from None


def _lookup(table: Mapping[str, _T], r: _Reader, key: str) -> _T:
    value = r.raw(key)
    if value not in table:
        raise InvalidValueError(r.at(key), "the plan has no such id", value)
    return table[value]


def _target_from(r: _Reader, plan: Plan) -> TargetResult:
    interval = r.child("interval")
    return TargetResult(
        target=_lookup({t.id: t for t in plan.iter_targets()}, r, "id"),
        indicator=_lookup({i.id: i for i in plan.indicators}, r, "indicator"),
        priority=r.get("priority", _text),
        outcome=r.get("outcome", _text),
        partnership=r.get("partnership", _text),
        status=r.get("status", _member(Status)),
        rag=r.get("rag", _member(RAG)),
        actual=r.optional("actual", _number),
        period=r.optional("period", _period),
        expected=r.optional("expected", _number),
        target_value=r.optional("target_value", _number),
        baseline=r.optional("baseline", _number),
        reference=r.optional("reference", _number),
        gap=r.optional("gap", _number),
        progress=r.optional("progress", _number),
        shortfall=r.optional("shortfall", _number),
        tolerance=r.optional("tolerance", _number),
        direction=r.get("direction", _member(Travel)),
        interval=None
        if interval is None
        else Interval(low=interval.get("low", _number), high=interval.get("high", _number)),
        confidence=r.optional("confidence", _member(Confidence)),
        reason=_reason_from(r.child("reason")),
        actual_range=_interval_from(r.child("actual_range")),
        withheld=_withheld_from(r.child("withheld")),
        commentary=_commentary_from(r.child("commentary")),
        travel_year_on_year=r.optional("travel_year_on_year", _member(Travel))
        or Travel.UNKNOWN,
        forecast=_forecast_from(r.child("forecast")),
        comparators=tuple(_comparison_from(row) for row in r.rows("comparators"))
        if r.data.get("comparators") is not None
        else (),
    )


def _whole(value: Any) -> int:
    return _count(value)


def _forecast_from(r: _Reader | None) -> Forecast | None:
    if r is None:
        return None
    return Forecast(
        outlook=r.get("outlook", _member(Outlook)),
        basis=r.get("basis", _member(ForecastBasis)),
        value=r.optional("value", _number),
        interval=_interval_from(r.child("interval")),
        on=r.optional("on", _day),
        periods=tuple(r.get("periods", lambda v: [_period(p) for p in v])),
        granularity=r.optional("granularity", _text),
        slope=r.optional("slope", _number),
        total=r.optional("total", _number),
        elapsed=r.optional("elapsed", _whole),
        days=r.optional("days", _whole),
        tolerance=r.optional("tolerance", _number),
        found=r.optional("found", _whole),
        goal=_goal_from(r.child("goal")),
    )


def _comparison_from(r: _Reader) -> Comparison:
    return Comparison(
        comparator=r.get("comparator", _text),
        label=r.get("label", _text),
        period=r.get("period", _period),
        value=r.get("value", _number),
        difference=r.get("difference", _number),
        benchmark=r.get("benchmark", _member(Benchmark)),
        tolerance=r.optional("tolerance", _number),
        interval=_interval_from(r.child("interval")),
        by_intervals=r.get("by_intervals", _flag),
    )


def _action_from(r: _Reader, plan: Plan) -> ActionResult:
    action = _lookup({a.id: a for a in plan.iter_actions()}, r, "id")
    u = r.child("update")
    return ActionResult(
        action=action,
        priorities=tuple(r.get("priorities", lambda v: [str(p) for p in v])),
        partnerships=tuple(r.get("partnerships", lambda v: [_text(p) for p in v])),
        status=r.get("status", _member(ActionStatus)),
        rag=r.get("rag", _member(RAG)),
        update=None
        if u is None
        else ActionUpdate(
            action=action.id,
            on=u.get("on", _day),
            state=u.get("state", _text),
            note=u.optional("note", _text),
            evidence=u.optional("evidence", _text),
        ),
        completed_on=r.optional("completed_on", _day),
        late=r.get("late", _flag),
        explanation=r.get("explanation", _text),
    )


def _outcome_from(r: _Reader, plan: Plan) -> OutcomeResult:
    outcome = _lookup({o.id: o for o in plan.iter_outcomes()}, r, "id")
    a = r.child("assessment")
    return OutcomeResult(
        outcome=outcome,
        priority=r.get("priority", _text),
        partnership=r.get("partnership", _text),
        status=r.get("status", _member(Status)),
        rag=r.get("rag", _member(RAG)),
        assessment=None
        if a is None
        else Assessment(
            outcome=outcome.id,
            on=a.get("on", _day),
            judgement=a.get("judgement", _text),
            evidence=a.optional("evidence", _text),
            note=a.optional("note", _text),
        ),
        explanation=r.get("explanation", _text),
    )


def _status(value: Any) -> Status | ActionStatus:
    try:
        return Status(value)
    except ValueError:
        return ActionStatus(value)


def _rollup_from(r: _Reader) -> Rollup:
    return Rollup(
        id=r.get("id", _text),
        title=r.get("title", _text),
        rag=r.get("rag", _member(RAG)),
        total=r.get("total", _count),
        judged=r.get("judged", _count),
        counts=r.get("counts", lambda v: {_status(k): int(n) for k, n in v.items()}),
        rags=r.get("rags", lambda v: {RAG(k): int(n) for k, n in v.items()}),
    )


def _problem_from(r: _Reader) -> Problem:
    return Problem(
        location=r.get("location", _text),
        message=r.get("message", _text),
        value=r.data.get("value"),
        severity=r.get("severity", _member(Severity)),
    )


def _trajectory(value: Any) -> Trajectory:
    return Trajectory(points=[(dt.date.fromisoformat(day), _number(v)) for day, v in value])


def report_from_dict(data: Mapping[str, Any], *, plan: Plan | None = None) -> Report:
    """Read a report back from :func:`report_to_dict`'s data (see :meth:`Report.from_dict`)."""
    r = _Reader(data, "")
    if r.raw("format") != REPORT_FORMAT:
        raise InvalidValueError(
            "format", f"expected report data format {REPORT_FORMAT}", r.raw("format")
        )
    if plan is None:
        from safeguarding_plan.files import plan_from_dict  # noqa: PLC0415 - only when asked

        plan = plan_from_dict(r.raw("plan"))
    overall = r.child("overall")
    if overall is None:
        raise InvalidValueError("overall", "is missing", None)
    trajectories = r.child("trajectories")
    return Report(
        as_of=r.get("as_of", _day),
        plan=plan,
        targets=tuple(_target_from(row, plan) for row in r.rows("targets")),
        actions=tuple(_action_from(row, plan) for row in r.rows("actions")),
        outcomes=tuple(_outcome_from(row, plan) for row in r.rows("outcomes")),
        priorities=tuple(_rollup_from(row) for row in r.rows("priorities")),
        partnerships=tuple(_rollup_from(row) for row in r.rows("partnerships")),
        overall=_rollup_from(overall),
        problems=tuple(_problem_from(row) for row in r.rows("problems")),
        trajectories={}
        if trajectories is None
        else {k: trajectories.get(k, _trajectory) for k in trajectories.data},
        observations=tuple(_observation_from(row) for row in r.rows("observations")),
        tolerance=r.get("tolerance", _text) if "tolerance" in r.data else "",
        revisions=tuple(_revision_from(row) for row in r.rows("revisions"))
        if "revisions" in r.data
        else (),
    )


def _observation_from(r: _Reader) -> Observation:
    value: Any = r.raw("value")
    if isinstance(value, Mapping):
        from safeguarding_plan import _units  # noqa: PLC0415 - pint only for quantities

        quantity = _Reader(value, r.at("value"))
        value = _units.quantity(quantity.get("magnitude", _number), quantity.get("unit", _text))
    elif value is not None:
        value = r.get("value", _number)
    try:
        return Observation(
            indicator=r.get("indicator", _text),
            period=r.get("period", _period),
            value=value,
            numerator=r.optional("numerator", _number),
            denominator=r.optional("denominator", _number),
            suppressed=r.optional("suppressed", _text),
            source=r.optional("source", _text),
            note=r.optional("note", _text),
            withheld=r.optional("withheld", _text),
            commentary=r.optional("commentary", _text),
            corrective_action=r.optional("corrective_action", _text),
            action_owner=r.optional("action_owner", _text),
            action_due=r.optional("action_due", _day),
            location=r.optional("location", _text),
            comparator=r.optional("comparator", _text),
        )
    except InvalidValueError as exc:
        raise InvalidValueError(r.at(exc.field), exc.message, exc.value) from None


def report_schema() -> dict[str, Any]:
    """The JSON Schema of :meth:`Report.to_dict`'s data (``schemas/report.schema.json``).

    It ships with the package beside the plan schema, for tools in other languages. The
    ``plan`` member is a plan file's content: validate it with the plan schema.

    Example:
        >>> from datetime import date
        >>> from safeguarding_plan import evaluate, report_schema
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> schema = report_schema()
        >>> data = evaluate(stockport_2023_26(), as_of=date(2024, 3, 31)).to_dict()
        >>> sorted(schema["required"]) == sorted(data)
        True
        >>> schema["properties"]["as_of"], data["as_of"]
        ({'type': 'string', 'format': 'date'}, '2024-03-31')
    """
    import importlib.resources  # noqa: PLC0415
    import json  # noqa: PLC0415

    resource = importlib.resources.files("safeguarding_plan") / "schemas" / "report.schema.json"
    return json.loads(resource.read_text("utf-8"))  # type: ignore[no-any-return]
