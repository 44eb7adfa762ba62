"""The quarterly scrutiny report, as Markdown, HTML or JSON.

The report is written for the Independent Chair and Scrutineer and the chairs of the
sub-groups. It starts with a summary (counts by RAG, and what needs attention: red and
amber items and anything overdue), then goes through each partnership and priority:

* every target with its baseline, milestone (the target value), the value expected now,
  the latest actual, status, RAG, gap (in percentage points for a percentage), progress,
  direction of travel and, where the figure comes from a small sample, its 95% interval
  and whether it is conclusive;
* every action with its owner, due year and state;
* every qualitative outcome with its latest assessment.

RAG is always shown as a word and a symbol (``✔ Green``, ``! Amber``, ``✖ Red``,
``\N{EN DASH} Grey``), never by colour alone. Values withheld for disclosure control are never
printed. For publication, ``suppress_below=N`` also replaces every count below ``N``
(and every figure of that target that could reveal it) with :data:`SUPPRESSED_MARKER`.

The HTML is one self-contained file (styles inline, charts embedded as images) with a
``lang``, table captions, ``<th scope>`` headers, print styles, and every value from a
file escaped (Jinja2 autoescaping).

Example:
    >>> import datetime as dt
    >>> from safeguarding_plan.evaluation import evaluate
    >>> from safeguarding_plan.plans import stockport_2023_26
    >>> report = evaluate(stockport_2023_26(), as_of=dt.date(2024, 3, 31))
    >>> text = render_markdown(report)
    >>> text.splitlines()[0]
    '# Quarterly scrutiny report: Stockport Safeguarding Children Partnership and ...'
"""

from __future__ import annotations

import datetime as dt
import json
import math
import pathlib
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from safeguarding_plan.errors import InvalidValueError
from safeguarding_plan.evaluation import (
    RAG,
    ActionResult,
    ActionStatus,
    OutcomeResult,
    PublicationPolicy,
    Report,
    Rollup,
    Status,
    TargetResult,
)
from safeguarding_plan.model import Indicator, Partnership, format_value
from safeguarding_plan.observations import Observation

__all__ = [
    "FORMATS",
    "SUPPRESSED_MARKER",
    "ReportFormat",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "write_report",
]

ReportFormat = Literal["md", "html", "json"]
"""A report format: Markdown, HTML or JSON."""

FORMATS: tuple[ReportFormat, ...] = ("md", "html", "json")
"""The report formats, in the order the command line lists them."""

SUPPRESSED_MARKER = PublicationPolicy().marker
"""What a value withheld from the output for publication is printed as (``[c]``, the
marker of :class:`~safeguarding_plan.evaluation.PublicationPolicy`)."""


_WITHHELD = "withheld"
_DASH = "\N{EN DASH}"

_RAG_ORDER = (RAG.RED, RAG.AMBER, RAG.GREEN, RAG.GREY)


# --------------------------------------------------------------------------- figures


def _fmt(value: float | None, unit: str) -> str:
    if value is None or not math.isfinite(value):
        return _DASH
    return format_value(round(value, 2), unit)


def _signed(value: float | None, indicator: Indicator) -> str:
    if value is None or not math.isfinite(value):
        return _DASH
    text = format_value(round(value, 2), indicator.difference_unit)
    return f"+{text}" if value > 0 else text


def _gap_words(indicator: Indicator) -> str:
    return "percentage points" if indicator.is_percent else indicator.unit.replace("_", " ")


def _percent(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return _DASH
    return f"{value * 100:,.0f}%"


def _rag_text(rag: RAG) -> str:
    return f"{rag.symbol} {rag.label}"


def _status_text(result: TargetResult) -> str:
    if result.overdue:
        return "no data (overdue)"
    return result.status.label


def _publication(
    publication: PublicationPolicy | None, suppress_below: int | None
) -> PublicationPolicy:
    """The publication policy: the one given, or one from ``suppress_below``."""
    if publication is not None:
        return publication
    return PublicationPolicy(suppress_below=suppress_below)


# --------------------------------------------------------------------------- view model


def _target_view(
    result: TargetResult, report: Report, publication: PublicationPolicy
) -> dict[str, Any]:
    ind = result.indicator
    hidden = result.withheld_for(publication)
    confidence = ""
    if result.interval is not None and result.confidence is not None:
        confidence = (
            f"{result.confidence.value} (95% interval {_fmt(result.interval.low, ind.unit)}"
            f" to {_fmt(result.interval.high, ind.unit)})"
        )
    view: dict[str, Any] = {
        "id": result.id,
        "description": report.plan.describe(result.target),
        "indicator": ind.id,
        "period": str(result.target.period),
        "baseline": _fmt(result.baseline, ind.unit),
        "milestone": _fmt(result.target_value, ind.unit),
        "expected": _fmt(result.expected, ind.unit),
        "actual": _fmt(result.actual, ind.unit),
        "actual_period": str(result.period) if result.period is not None else "",
        "gap": _signed(result.gap, ind),
        "gap_unit": _gap_words(ind),
        "progress": _percent(result.progress),
        "direction": result.direction.label,
        "confidence": confidence,
        "status": _status_text(result),
        "rag": result.rag.value,
        "rag_text": _rag_text(result.rag),
        "explanation": result.explain(publication),
        "overdue": result.overdue,
    }
    if result.status is Status.SUPPRESSED:
        view["actual"] = _WITHHELD
    if hidden:
        for key in ("baseline", "milestone", "expected", "actual", "gap", "progress"):
            view[key] = publication.marker
        view["confidence"] = ""
    return view


def _action_view(result: ActionResult) -> dict[str, Any]:
    action = result.action
    update = result.update
    state = result.status.label
    if result.status is ActionStatus.COMPLETE and result.late:
        state = "complete (late)"
    return {
        "id": result.id,
        "text": action.text,
        "owner": action.owner or "not named in the plan",
        "due": str(action.due),
        "state": state,
        "rag": result.rag.value,
        "rag_text": _rag_text(result.rag),
        "updated": update.on.isoformat() if update is not None else "",
        "note": (update.note or "") if update is not None else "",
        "explanation": result.explanation,
        "overdue": result.overdue,
    }


def _outcome_view(result: OutcomeResult) -> dict[str, Any]:
    assessment = result.assessment
    return {
        "id": result.id,
        "text": result.outcome.text,
        "judgement": result.status.label if assessment is not None else "not yet assessed",
        "assessed": assessment.on.isoformat() if assessment is not None else "",
        "evidence": (assessment.evidence or "") if assessment is not None else "",
        "note": (assessment.note or "") if assessment is not None else "",
        "rag": result.rag.value,
        "rag_text": _rag_text(result.rag),
        "explanation": result.explanation,
    }


def _rollup_view(rollup: Rollup) -> dict[str, Any]:
    return {
        "id": rollup.id,
        "title": rollup.title,
        "rag": rollup.rag.value,
        "rag_text": _rag_text(rollup.rag),
        "total": rollup.total,
        "judged": rollup.judged,
        "counts": [
            {"rag": rag.value, "label": _rag_text(rag), "count": rollup.count(rag)}
            for rag in _RAG_ORDER
        ],
    }


def _kind_counts(items: Iterable[TargetResult | ActionResult | OutcomeResult]) -> dict[str, int]:
    counts = dict.fromkeys((r.value for r in _RAG_ORDER), 0)
    for item in items:
        counts[item.rag.value] += 1
    return counts


def _view(
    report: Report,
    *,
    publication: PublicationPolicy,
    charts: dict[str, str] | None = None,
) -> dict[str, Any]:
    plan = report.plan
    targets = {t.id: _target_view(t, report, publication) for t in report.targets}
    actions = {a.id: _action_view(a) for a in report.actions}
    outcomes = {o.id: _outcome_view(o) for o in report.outcomes}
    attention: list[dict[str, str]] = []
    for item_kind, views in (("Target", targets), ("Action", actions), ("Outcome", outcomes)):
        attention.extend(
            {
                "kind": item_kind,
                "id": view["id"],
                "rag": view["rag"],
                "rag_text": view["rag_text"],
                "status": view.get("status") or view.get("state") or view["judgement"],
                "explanation": view["explanation"],
            }
            for view in views.values()
            if view["rag"] in {"red", "amber"} or view.get("overdue")
        )
    attention.sort(key=lambda v: {"red": 0, "amber": 1}.get(v["rag"], 2))
    rollups = {r.id: r for r in report.priorities}
    partnerships = []
    partnership_rollups = {r.id: r for r in report.partnerships}
    for partnership in Partnership:
        members = [p for p in plan.priorities if p.partnership is partnership]
        if not members:
            continue
        priorities = []
        for priority in members:
            ptargets = [targets[t.id] for t in priority.targets]
            for view in ptargets:
                view["chart"] = (charts or {}).get(view["indicator"], "")
            priorities.append(
                {
                    "id": priority.id,
                    "title": priority.title,
                    "label": f"{partnership.label} priority: {priority.title}",
                    "rollup": _rollup_view(rollups[priority.id]),
                    "targets": ptargets,
                    "actions": [actions[a.id] for a in plan.actions_for(priority)],
                    "outcomes": [outcomes[o.id] for o in priority.outcomes if o.qualitative],
                }
            )
        partnerships.append(
            {
                "id": partnership.value,
                "title": f"{partnership.label} partnership",
                "rollup": _rollup_view(partnership_rollups[partnership.value]),
                "priorities": priorities,
            }
        )
    summary_rows = [
        {"kind": "Targets", **_kind_counts(report.targets), "total": len(report.targets)},
        {"kind": "Actions", **_kind_counts(report.actions), "total": len(report.actions)},
        {
            "kind": "Qualitative outcomes",
            **_kind_counts(report.outcomes),
            "total": len(report.outcomes),
        },
    ]
    return {
        "title": f"Quarterly scrutiny report: {plan.title}",
        "plan_title": plan.title,
        "plan_id": plan.id,
        "as_of": report.as_of.isoformat(),
        "as_of_long": f"{report.as_of.day} {report.as_of:%B %Y}",
        "overall": _rollup_view(report.overall),
        "summary_rows": summary_rows,
        "rag_columns": [{"rag": r.value, "label": _rag_text(r)} for r in _RAG_ORDER],
        "rag_symbols": {r.value: r.symbol for r in RAG},
        "rag_labels": {r.value: r.label for r in RAG},
        "attention": attention,
        "partnerships": partnerships,
        "problems": [str(p) for p in report.problems],
        "threshold": publication.suppress_below,
        "marker": publication.marker,
    }


# --------------------------------------------------------------------------- Markdown


def _md(text: object) -> str:
    """Escape text for a Markdown table cell: no raw HTML, no table breaks."""
    value = str(text)
    for old, new in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|")):
        value = value.replace(old, new)
    return " ".join(value.split())


def _md_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = [
        "| " + " | ".join(_md(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines.extend("| " + " | ".join(_md(c) for c in row) + " |" for row in rows)
    return [*lines, ""]


def render_markdown(
    report: Report,
    *,
    suppress_below: int | None = None,
    publication: PublicationPolicy | None = None,
) -> str:
    """The report as Markdown (GitHub-flavoured tables).

    Args:
        report: What :func:`~safeguarding_plan.evaluation.evaluate` returned.
        suppress_below: Replace counts below this with :data:`SUPPRESSED_MARKER`.
        publication: The :class:`~safeguarding_plan.evaluation.PublicationPolicy`
            (instead of ``suppress_below``).
    """
    policy = _publication(publication, suppress_below)
    v = _view(report, publication=policy)
    out = [f"# {_md(v['title'])}", "", f"As at {v['as_of_long']}.", ""]
    if policy.active:
        out += [
            (f"Counts below {policy.suppress_below} are shown as `{policy.marker}` "
            "(small-number suppression for publication)."),
            "",
        ]
    out += ["## Summary", "", f"Overall: **{v['overall']['rag_text']}**.", ""]
    cols = v["rag_columns"]
    out += _md_table(
        ["", *(c["label"] for c in cols), "Total"],
        ([r["kind"], *(r[c["rag"]] for c in cols), r["total"]] for r in v["summary_rows"]),
    )
    out += _md_table(
        ["Partnership", "Overall", *(c["label"] for c in cols)],
        (
            [p["title"], p["rollup"]["rag_text"], *(c["count"] for c in p["rollup"]["counts"])]
            for p in v["partnerships"]
        ),
    )
    out += ["### Needs attention", ""]
    if v["attention"]:
        out += _md_table(
            ["RAG", "Item", "Status", "Why"],
            (
                [a["rag_text"], f"{a['kind']} {a['id']}", a["status"], a["explanation"]]
                for a in v["attention"]
            ),
        )
    else:
        out += ["Nothing is red, amber or overdue.", ""]
    for partnership in v["partnerships"]:
        out += [f"## {_md(partnership['title'])}", ""]
        for p in partnership["priorities"]:
            counts = ", ".join(f"{c['count']} {c['label']}" for c in p["rollup"]["counts"])
            out += [f"### {_md(p['label'])}", "", (f"Overall: **{p['rollup']['rag_text']}** "
                    f"({counts})."), ""]
            if p["targets"]:
                out += ["#### Targets", ""]
                out += _md_table(
                    ["Target", "Baseline", "Milestone", "Latest actual", "Expected", "Gap",
                     "Progress", "Direction", "Status", "RAG"],
                    (
                        [
                            f"{t['description']} ({t['id']})",
                            t["baseline"],
                            t["milestone"],
                            f"{t['actual']} ({t['actual_period']})"
                            if t["actual_period"] else t["actual"],
                            t["expected"],
                            t["gap"],
                            t["progress"],
                            t["direction"],
                            t["status"] + (f"; {t['confidence']}" if t["confidence"] else ""),
                            t["rag_text"],
                        ]
                        for t in p["targets"]
                    ),
                )
                out += [f"- {_md(t['id'])}: {_md(t['explanation'])}" for t in p["targets"]]
                out += [""]
            if p["actions"]:
                out += ["#### Actions", ""]
                out += _md_table(
                    ["Action", "Owner", "Due", "State", "RAG", "Latest update"],
                    (
                        [a["text"], a["owner"], a["due"], a["state"], a["rag_text"],
                         f"{a['updated']} {a['note']}".strip()]
                        for a in p["actions"]
                    ),
                )
            if p["outcomes"]:
                out += ["#### Qualitative outcomes", ""]
                out += _md_table(
                    ["Outcome", "Assessment", "Assessed", "Evidence", "RAG"],
                    (
                        [o["text"], o["judgement"], o["assessed"],
                         f"{o['evidence']} {o['note']}".strip(), o["rag_text"]]
                        for o in p["outcomes"]
                    ),
                )
    if v["problems"]:
        out += ["## Notes on the data", ""]
        out += [f"- {_md(p)}" for p in v["problems"]]
        out += [""]
    out += [
        ("RAG: ✔ Green = met or on track; ! Amber = at risk, or missed within the tolerance; "
        f"✖ Red = off track, missed, or overdue; {_DASH} Grey = cannot be judged (no data, no "
        "baseline, or withheld). Gaps between percentages are in percentage points."),
        "",
    ]
    return "\n".join(out)


# --------------------------------------------------------------------------- HTML


def render_html(
    report: Report,
    *,
    observations: Iterable[Observation] = (),
    charts: bool = False,
    suppress_below: int | None = None,
    publication: PublicationPolicy | None = None,
) -> str:
    """The report as one self-contained, accessible HTML page.

    Args:
        report: What :func:`~safeguarding_plan.evaluation.evaluate` returned.
        observations: The observations evaluated; needed only for charts.
        charts: Embed a chart per numeric indicator (needs matplotlib, the ``charts``
            extra).
        suppress_below: Replace counts below this with :data:`SUPPRESSED_MARKER` (in
            charts, such points are left out).
        publication: The :class:`~safeguarding_plan.evaluation.PublicationPolicy`
            (instead of ``suppress_below``), shared with the charts.

    Raises:
        ImportError: if ``charts`` is set and matplotlib is not installed.
    """
    import jinja2  # noqa: PLC0415 - keep the command line quick to start

    policy = _publication(publication, suppress_below)
    images: dict[str, str] = {}
    if charts:
        from safeguarding_plan.charts import chart_data_uris  # noqa: PLC0415

        images = chart_data_uris(report, tuple(observations), publication=policy)
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("safeguarding_plan", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = env.get_template("report.html.j2")
    return template.render(**_view(report, publication=policy, charts=images))


# --------------------------------------------------------------------------- JSON


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def render_json(
    report: Report,
    *,
    suppress_below: int | None = None,
    publication: PublicationPolicy | None = None,
) -> str:
    """The report as JSON: the summary roll-ups and one record per item.

    Records are those of :meth:`~safeguarding_plan.evaluation.Report.to_records`, with
    dates as ISO text, plus each item's ``text`` (a target in plain English), an action's
    ``owner`` and latest update, and an outcome's latest assessment. With
    ``suppress_below``, the figures of a target involving a count below it are replaced
    with :data:`SUPPRESSED_MARKER` (or ``publication``'s marker).
    """
    policy = _publication(publication, suppress_below)
    hidden = {t.id for t in report.targets if t.withheld_for(policy)}
    sentences = {t.id: t.explain(policy) for t in report.targets}
    extra: dict[tuple[str, str], dict[str, Any]] = {}
    for t in report.targets:
        extra["target", t.id] = {"text": report.plan.describe(t.target)}
    for a in report.actions:
        extra["action", a.id] = {
            "text": a.action.text,
            "owner": a.action.owner,
            "updated": a.update.on.isoformat() if a.update else None,
            "update_note": a.update.note if a.update else None,
        }
    for o in report.outcomes:
        assessment = o.assessment
        extra["outcome", o.id] = {
            "text": o.outcome.text,
            "assessed": assessment.on.isoformat() if assessment else None,
            "evidence": assessment.evidence if assessment else None,
            "assessment_note": assessment.note if assessment else None,
        }
    records = []
    for record in report.to_records():
        row = {k: _plain(v) for k, v in record.items()}
        row.update(extra.get((str(row["kind"]), str(row["id"])), {}))
        if row["kind"] == "target":
            row["explanation"] = sentences[str(row["id"])]
        if row["kind"] == "target" and row["id"] in hidden:
            for key in ("actual", "expected", "target_value", "baseline", "gap", "progress",
                        "interval_low", "interval_high"):
                row[key] = policy.marker
        records.append(row)

    def rollup(r: Rollup) -> dict[str, Any]:
        return {
            "id": r.id,
            "title": r.title,
            "rag": r.rag.value,
            "total": r.total,
            "judged": r.judged,
            "rags": {rag.value: r.count(rag) for rag in _RAG_ORDER},
            "counts": {status.value: n for status, n in r.counts.items()},
        }

    document = {
        "plan": report.plan.id,
        "title": report.plan.title,
        "as_of": report.as_of.isoformat(),
        "suppressed_below": policy.suppress_below,
        "overall": rollup(report.overall),
        "partnerships": [rollup(r) for r in report.partnerships],
        "priorities": [rollup(r) for r in report.priorities],
        "records": records,
        "problems": [
            {"location": p.location, "message": p.message, "severity": p.severity.value}
            for p in report.problems
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- files


def render(
    report: Report,
    format: ReportFormat,  # noqa: A002
    *,
    observations: Iterable[Observation] = (),
    charts: bool = False,
    suppress_below: int | None = None,
    publication: PublicationPolicy | None = None,
) -> str:
    """The report in one of :data:`FORMATS` (charts only apply to HTML).

    Raises:
        InvalidValueError: (a :class:`ValueError`) for an unknown format.
    """
    policy = _publication(publication, suppress_below)
    if format == "md":
        return render_markdown(report, publication=policy)
    if format == "html":
        return render_html(report, observations=observations, charts=charts, publication=policy)
    if format == "json":
        return render_json(report, publication=policy)
    raise InvalidValueError("format", f"unknown report format; use one of {', '.join(FORMATS)}",
                            format)  # fmt: skip


def write_report(
    report: Report,
    path: str | pathlib.Path,
    *,
    format: ReportFormat | None = None,  # noqa: A002
    observations: Iterable[Observation] = (),
    charts: bool = False,
    suppress_below: int | None = None,
    publication: PublicationPolicy | None = None,
) -> pathlib.Path:
    """Write the report to a file; the format comes from the suffix unless given.

    Returns:
        The path written.

    Raises:
        InvalidValueError: (a :class:`ValueError`) if the format cannot be told from the suffix.
        OSError: if the file cannot be written.
    """
    path = pathlib.Path(path)
    if format is None:
        suffixes: dict[str, ReportFormat] = {
            ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json",
        }  # fmt: skip
        if path.suffix.lower() not in suffixes:
            raise InvalidValueError(
                "path", "cannot tell the report format from the suffix; use .md, .html or .json",
                path.name,
            )  # fmt: skip
        format = suffixes[path.suffix.lower()]  # noqa: A001
    text = render(
        report,
        format,
        observations=observations,
        charts=charts,
        publication=_publication(publication, suppress_below),
    )
    path.write_text(text, encoding="utf-8")
    return path
