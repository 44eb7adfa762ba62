"""The quarterly scrutiny report, as Markdown, HTML or JSON.

The report is written for the Independent Chair and Scrutineer and the chairs of the
sub-groups. It starts with a summary (counts by RAG, and what needs attention: red and
amber items and anything overdue; next to it, what is likely to be missed on its trend
or run rate), then goes through each partnership and priority:

* every target with its baseline, milestone (the target value; both bounds of a band),
  the value expected now, the latest actual, status, RAG, the gap judged (the actual
  minus what it was judged against: the expected value in-year, the milestone once due;
  in percentage points for a percentage), progress,
  direction of travel twice (against the previous value, and year on year) and, where the
  figure comes from a small sample, its 95% interval and whether it is conclusive; the
  forecast for a target whose period has not ended (a symbol and words: likely to be met,
  uncertain, likely to be missed, insufficient data, with the projected value and its 80%
  prediction interval); and each comparator's value for the same period, the difference
  (percentage points for percentages) and better, similar or worse;
* every action with its details (the sub-points the plan lists under it), owner, due
  year and state;
* every qualitative outcome with its latest assessment.

RAG is always shown as a word and a symbol (``✔ Green``, ``! Amber``, ``✖ Red``,
``\N{EN DASH} Grey``), never by colour alone. Values withheld for disclosure control are never
printed. For publication, ``suppress_below=N`` also replaces every count below ``N``
(and every figure of that target that could reveal it) with :data:`SUPPRESSED_MARKER`.

The HTML is one self-contained file (styles inline, charts embedded as images) with a
``lang``, a skip link to the report, table captions, ``<th scope>`` headers, print
styles, and every value from a file escaped (Jinja2 autoescaping). In Markdown, text from
a plan or a data file is escaped too, so a note such as ``[x](javascript:...)``,
``![img](...)`` or ``<script>`` is shown as the text it is, never as a link, an image or
markup.

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
import functools
import json
import math
import pathlib
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from safeguarding_plan._io import write_atomic
from safeguarding_plan.errors import ReportError
from safeguarding_plan.evaluation import (
    RAG,
    ActionResult,
    ActionStatus,
    Benchmark,
    OutcomeResult,
    Outlook,
    PublicationPolicy,
    Report,
    Rollup,
    Status,
    TargetResult,
    TargetRevision,
)
from safeguarding_plan.model import Between, Indicator, format_value
from safeguarding_plan.observations import Commentary, Observation

if TYPE_CHECKING:
    import jinja2

    from safeguarding_plan.charts import Chart

__all__ = [
    "FORMATS",
    "SUFFIXES",
    "SUPPRESSED_MARKER",
    "ReportFormat",
    "format_for",
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

SUFFIXES: dict[str, ReportFormat] = {
    ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json",
}  # fmt: skip
"""The file suffixes that say a report's format (lower case)."""

SUPPRESSED_MARKER = PublicationPolicy().marker
"""What a value withheld from the output for publication is printed as (``[c]``, the
marker of :class:`~safeguarding_plan.evaluation.PublicationPolicy`)."""


_WITHHELD = "withheld"
_DASH = "\N{EN DASH}"

_RAG_ORDER = (RAG.RED, RAG.AMBER, RAG.GREEN, RAG.GREY)

_FORECAST_KEY = (
    "Direction: against the previous value of the same granularity; year on year: against "
    "the same period a year earlier. Forecast (never part of the status or RAG): "
    f"{Outlook.LIKELY_MET.symbol} likely to be met, {Outlook.UNCERTAIN.symbol} uncertain, "
    f"{Outlook.LIKELY_MISSED.symbol} likely to be missed, by the trend of the last 3 years' "
    "values (80% prediction interval) or a flow's run rate; "
    f"{Outlook.INSUFFICIENT_DATA.symbol} insufficient data. Comparators: the difference is the "
    "actual minus the comparator's value (percentage points for percentages); "
    f"{Benchmark.BETTER.symbol} better, {Benchmark.SIMILAR.symbol} similar, "
    f"{Benchmark.WORSE.symbol} worse, in the indicator's direction."
)


# --------------------------------------------------------------------------- figures


def _fmt(value: float | None, unit: str) -> str:
    if value is None or not math.isfinite(value):
        return _DASH
    return format_value(value, unit)


def _signed(value: float | None, indicator: Indicator) -> str:
    if value is None or not math.isfinite(value):
        return _DASH
    return format_value(value, indicator.difference_unit, signed=True)


def _gap_words(indicator: Indicator) -> str:
    return "percentage points" if indicator.is_percent else indicator.unit.replace("_", " ")


def _percent(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return _DASH
    return format_value(value * 100, "percent", decimals=0)


def _milestone(result: TargetResult) -> str:
    """The target's value; both bounds of a band."""
    rule = result.target.rule
    if isinstance(rule, Between):
        unit = result.indicator.unit
        return f"{_fmt(rule.low, unit)} to {_fmt(rule.high, unit)}"
    return _fmt(result.target_value, result.indicator.unit)


def _rag_text(rag: RAG) -> str:
    return f"{rag.symbol} {rag.label}"


def _commentary_text(commentary: Commentary | None) -> str:
    """The owner's account in one line: commentary, corrective action, owner and due date."""
    if commentary is None:
        return ""
    parts = []
    if commentary.commentary:
        parts.append(f"Commentary ({commentary.period}): {commentary.commentary}")
    if commentary.corrective_action or commentary.action_owner or commentary.action_due:
        action = commentary.corrective_action or "not described"
        who = [f"owner: {commentary.action_owner}"] if commentary.action_owner else []
        if commentary.action_due is not None:
            due = commentary.action_due
            who.append(f"due {due.day} {due:%B %Y}")
        tail = f" ({'; '.join(who)})" if who else ""
        parts.append(f"Corrective action: {action}{tail}")
    return " ".join(p if p.endswith((".", "!", "?")) else f"{p}." for p in parts)


def _range_text(result: TargetResult) -> str:
    """A withheld figure's range (never a point): ``withheld: 7.69% to 38.46%``."""
    span = result.actual_range
    if span is None:
        return _WITHHELD
    low, high = _fmt(span.low, result.unit), _fmt(span.high, result.unit)
    return f"{_WITHHELD}: {low} to {high}" if low != high else f"{_WITHHELD}: {low}"


def _status_text(result: TargetResult) -> str:
    if result.overdue:
        return "no data (overdue)"
    return result.status.label


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
        "milestone": _milestone(result),
        "expected": _fmt(result.expected, ind.unit),
        "actual": _fmt(result.actual, ind.unit),
        "actual_period": str(result.period) if result.period is not None else "",
        "gap": _signed(result.judged_gap, ind),
        "gap_unit": _gap_words(ind),
        "progress": _percent(result.progress),
        "direction": result.direction.label,
        "confidence": confidence,
        "status": _status_text(result),
        "rag": result.rag.value,
        "rag_text": _rag_text(result.rag),
        "explanation": result.explain(publication),
        "overdue": result.overdue,
        "commentary": _commentary_text(result.commentary),
    }
    view.update(_beyond_view(result, publication, hidden=hidden))
    if result.status is Status.SUPPRESSED or result.actual_range is not None:
        view["actual"] = _range_text(result)
    if result.rests_on_withheld:
        view["status"] += " (rests on a withheld value)"
    if hidden:
        for key in ("baseline", "milestone", "expected", "actual", "gap", "progress"):
            view[key] = publication.marker
        view["confidence"] = ""
    return view


def _beyond_view(
    result: TargetResult, publication: PublicationPolicy, *, hidden: bool
) -> dict[str, Any]:
    """The forecast, the year-on-year travel and the comparators (never the status)."""
    ind = result.indicator
    forecast = result.forecast
    outlook = forecast.outlook if forecast is not None else None
    projected = ""
    if forecast is not None and forecast.value is not None:
        projected = _fmt(forecast.value, ind.unit)
        if forecast.interval is not None:
            low, high = forecast.interval.low, forecast.interval.high
            projected += f" (80%: {_fmt(low, ind.unit)} to {_fmt(high, ind.unit)})"
        if forecast.on is not None:
            projected += f" by {forecast.on.isoformat()}"
    comparators = [
        {
            "label": c.label,
            "value": _fmt(c.value, ind.unit),
            "difference": _signed(c.difference, ind),
            "benchmark": c.benchmark.label,
            "benchmark_text": f"{c.benchmark.symbol} {c.benchmark.label}",
        }
        for c in result.comparators
    ]
    view: dict[str, Any] = {
        "year_on_year": result.travel_year_on_year.label,
        "forecast": outlook.value if outlook is not None else "",
        "forecast_text": f"{outlook.symbol} {outlook.label}" if outlook is not None else _DASH,
        "forecast_value": projected,
        "forecast_explanation": result.forecast_explanation if forecast is not None else "",
        "comparators": comparators,
        "comparators_text": "; ".join(
            f"{c['label']} {c['value']} ({c['difference']}, {c['benchmark_text']})"
            for c in comparators
        ),
        "comparators_explanation": result.comparators_explanation,
    }
    if hidden:
        withheld = result.explain(publication)  # what a hidden result says instead
        view.update(
            forecast_value=publication.marker if projected else "",
            forecast_explanation=withheld if forecast is not None else "",
            comparators=[],
            comparators_text="",
            comparators_explanation="",
        )
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
        "details": list(action.details),
        "description": action.describe(),
        "owner": action.owner or "not named in the plan",
        "due": str(action.due),
        "state": state,
        "rag": result.rag.value,
        "rag_text": _rag_text(result.rag),
        "updated": update.on.isoformat() if update is not None else "",
        "note": (update.note or "") if update is not None else "",
        "evidence": (update.evidence or "") if update is not None else "",
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
    charts: dict[str, Chart] | None = None,
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
                "commentary": view.get("commentary", ""),
            }
            for view in views.values()
            if view["rag"] in {"red", "amber"} or view.get("overdue")
        )
    attention.sort(key=lambda v: {"red": 0, "amber": 1}.get(v["rag"], 2))
    likely_missed = [
        {
            "id": view["id"],
            "description": view["description"],
            "rag": view["rag"],
            "rag_text": view["rag_text"],
            "status": view["status"],
            "forecast_text": view["forecast_text"],
            "forecast_value": view["forecast_value"],
            "explanation": view["forecast_explanation"],
        }
        for view in targets.values()
        if view["forecast"] == "likely_missed"
    ]
    rollups = {r.id: r for r in report.priorities}
    partnerships = []
    partnership_rollups = {r.id: r for r in report.partnerships}
    for partnership in plan.partnerships:
        members = [p for p in plan.priorities if p.partnership == partnership.id]
        if not members:
            continue
        priorities = []
        for priority in members:
            ptargets = [targets[t.id] for t in priority.targets]
            for view in ptargets:
                view["chart"] = (charts or {}).get(view["indicator"])
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
                "id": partnership.id,
                "title": f"{partnership.label} partnership",
                "rollup": _rollup_view(partnership_rollups[partnership.id]),
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
        "likely_missed": likely_missed,
        "partnerships": partnerships,
        "problems": [str(p) for p in report.problems],
        "revisions": [str(r) for r in report.revisions],
        "tolerance": report.tolerance,
        "forecast_key": _FORECAST_KEY,
        "threshold": publication.suppress_below,
        "marker": publication.marker,
    }


# --------------------------------------------------------------------------- Markdown


# What Markdown would read as markup in text from a plan or a data file: backslashes,
# emphasis and code, a "](" that would make a link or an image, "<" (raw HTML, autolinks),
# "&" before what would read as an entity, table pipes, and the "://" and "www." that
# GitHub turns into links.
_MD_MARKUP = re.compile(r"[\\`*_~|<]|\](?=\()|&(?=#?\w+;)|:(?=//)|(?<=www)\.", re.IGNORECASE)


def _md(text: object) -> str:
    """Text as Markdown that shows it literally: no links, images, markup or entities.

    Whitespace (newlines too) becomes single spaces, so text stays in its table cell or
    list item.
    """
    return _MD_MARKUP.sub(lambda m: "\\" + m.group(0), " ".join(str(text).split()))


def _md_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = [
        "| " + " | ".join(_md(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines.extend("| " + " | ".join(_md(c) for c in row) + " |" for row in rows)
    return [*lines, ""]


def _md_targets(targets: list[dict[str, Any]]) -> list[str]:
    """A priority's targets as a Markdown table, then each one's explanation."""
    out: list[str] = []
    out += ["#### Targets", ""]
    out += _md_table(
        ["Target", "Baseline", "Milestone", "Latest actual", "Expected", "Gap judged",
         "Progress", "Direction", "Year on year", "Status", "RAG", "Forecast",
         "Comparators"],
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
                t["year_on_year"],
                t["status"] + (f"; {t['confidence']}" if t["confidence"] else ""),
                t["rag_text"],
                t["forecast_text"]
                + (f": {t['forecast_value']}" if t["forecast_value"] else ""),
                t["comparators_text"] or _DASH,
            ]
            for t in targets
        ),
    )
    for t in targets:
        parts = (t["explanation"], t["forecast_explanation"], t["comparators_explanation"])
        said = " ".join(dict.fromkeys(x for x in parts if x))  # a withheld sentence once
        out += [f"- {_md(t['id'])}: {_md(said)}"]
        if t["commentary"]:
            out += [f"  - {_md(t['commentary'])}"]
    out += [""]
    return out


def _md_watch_lists(v: dict[str, Any]) -> list[str]:
    """'Needs attention' and, next to it, 'Likely to be missed'."""
    out: list[str] = []
    out += ["### Needs attention", ""]
    if v["attention"]:
        out += _md_table(
            ["RAG", "Item", "Status", "Why"],
            (
                [a["rag_text"], f"{a['kind']} {a['id']}", a["status"],
                 f"{a['explanation']} {a['commentary']}".strip()]
                for a in v["attention"]
            ),
        )
    else:
        out += ["Nothing is red, amber or overdue.", ""]
    out += ["### Likely to be missed", ""]
    if v["likely_missed"]:
        out += _md_table(
            ["RAG now", "Target", "Forecast", "Projected", "Why"],
            (
                [m["rag_text"], f"{m['description']} ({m['id']})", m["forecast_text"],
                 m["forecast_value"], m["explanation"]]
                for m in v["likely_missed"]
            ),
        )
    else:
        out += ["No target is likely to be missed on its current trend or run rate.", ""]
    return out


def _md_list(heading: str, items: Sequence[str]) -> list[str]:
    """A section of bullet points under a heading, or nothing when there are none."""
    if not items:
        return []
    return [f"## {heading}", "", *(f"- {_md(item)}" for item in items), ""]


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

    Example:
        >>> from datetime import date
        >>> from safeguarding_plan import Observation, evaluate
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> report = evaluate(
        ...     stockport_2023_26(),
        ...     [Observation(indicator="s42-non-conversion", period="2023/24", value=66)],
        ...     as_of=date(2024, 6, 30),
        ... )
        >>> from safeguarding_plan.reports import render_markdown
        >>> print(render_markdown(report))
        # Quarterly scrutiny report: Stockport Safeguarding Children Partnership ...
        <BLANKLINE>
        As at 30 June 2024.
        <BLANKLINE>
        ## Summary
        <BLANKLINE>
        Overall: **✖ Red**.
        ...
    """
    policy = PublicationPolicy.given(publication, suppress_below)
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
    out += _md_watch_lists(v)
    for partnership in v["partnerships"]:
        out += [f"## {_md(partnership['title'])}", ""]
        for p in partnership["priorities"]:
            counts = ", ".join(f"{c['count']} {c['label']}" for c in p["rollup"]["counts"])
            out += [f"### {_md(p['label'])}", "", (f"Overall: **{p['rollup']['rag_text']}** "
                    f"({counts})."), ""]
            if p["targets"]:
                out += _md_targets(p["targets"])
            if p["actions"]:
                out += ["#### Actions", ""]
                out += _md_table(
                    ["Action", "Owner", "Due", "State", "RAG", "Latest update"],
                    (
                        [a["description"], a["owner"], a["due"], a["state"], a["rag_text"],
                         f"{a['updated']} {a['note']}".strip()
                         + (f" Evidence of impact: {a['evidence']}" if a["evidence"] else "")]
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
    out += _md_list("Targets revised since the first version", v["revisions"])
    out += _md_list("Notes on the data", v["problems"])
    out += [
        ("RAG: ✔ Green = met or on track; ! Amber = at risk, or missed within the tolerance; "
        f"✖ Red = off track, missed, or overdue; {_DASH} Grey = cannot be judged (no data, no "
        "baseline, or withheld). Gaps between percentages are in percentage points."),
        "",
        _FORECAST_KEY,
        "",
    ]
    if v["tolerance"]:
        out += [_md(v["tolerance"]), ""]
    return "\n".join(out)


# --------------------------------------------------------------------------- HTML


def render_html(
    report: Report,
    *,
    observations: Iterable[Observation] | None = None,
    charts: bool = False,
    suppress_below: int | None = None,
    publication: PublicationPolicy | None = None,
) -> str:
    """The report as one self-contained, accessible HTML page.

    Args:
        report: What :func:`~safeguarding_plan.evaluation.evaluate` returned.
        observations: Leave out: charts draw the report's own observations. If given,
            they must be the ones the report judged.
        charts: Embed a chart per numeric indicator, with alt text and a caption (needs
            matplotlib, the ``charts`` extra).
        suppress_below: Replace counts below this with :data:`SUPPRESSED_MARKER` (in
            charts, such points are left out).
        publication: The :class:`~safeguarding_plan.evaluation.PublicationPolicy`
            (instead of ``suppress_below``), shared with the charts.

    Raises:
        ReportError: if ``charts`` is set and ``observations`` are not those the report
            judged.
        MissingDependencyError: if ``charts`` is set and matplotlib is not installed
            (an ``ImportError``).

    Example:
        >>> from datetime import date
        >>> from safeguarding_plan import Observation, evaluate
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> report = evaluate(
        ...     stockport_2023_26(),
        ...     [Observation(indicator="s42-non-conversion", period="2023/24", value=66)],
        ...     as_of=date(2024, 6, 30),
        ... )
        >>> from safeguarding_plan.reports import render_html
        >>> page = render_html(report)
        >>> page.startswith("<!DOCTYPE html>"), '<html lang="en-GB">' in page
        (True, True)
    """
    policy = PublicationPolicy.given(publication, suppress_below)
    images: dict[str, Chart] = {}
    if charts:
        from safeguarding_plan.charts import draw_charts  # noqa: PLC0415

        drawn = draw_charts(report, observations, publication=policy, legend=False)
        images = {chart.indicator.id: chart for chart in drawn}
    return _html_template().render(**_view(report, publication=policy, charts=images))


@functools.cache
def _html_template() -> jinja2.Template:
    """The HTML report's template, compiled once per process (many reports share it)."""
    import jinja2  # noqa: PLC0415 - keep the command line quick to start

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("safeguarding_plan", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("report.html.j2")


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
    dates as ISO text, plus each item's ``text`` (a target in plain English), a target's
    ``forecast_explanation``, ``comparators`` and ``comparators_explanation``, its
    withheld range (``actual_low``, ``actual_high``, ``withheld``, ``rests_on_withheld``)
    and the owner's commentary (``commentary``, ``corrective_action``, ``action_owner``,
    ``action_due``), an action's ``owner`` and latest update (with ``update_evidence``, its
    evidence of impact), and an outcome's latest assessment. With
    ``suppress_below``, the figures of a target involving a count below it are replaced
    with :data:`SUPPRESSED_MARKER` (or ``publication``'s marker).

    Example:
        >>> from datetime import date
        >>> from safeguarding_plan import Observation, evaluate
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> report = evaluate(
        ...     stockport_2023_26(),
        ...     [Observation(indicator="s42-non-conversion", period="2023/24", value=66)],
        ...     as_of=date(2024, 6, 30),
        ... )
        >>> import json
        >>> from safeguarding_plan.reports import render_json
        >>> data = json.loads(render_json(report))
        >>> data["as_of"], data["overall"]["rag"]
        ('2024-06-30', 'red')
        >>> [(r["id"], r["rag"], r["actual"]) for r in data["records"]
        ...  if r["id"] == "s42-non-conversion-2023-24"]
        [('s42-non-conversion-2023-24', 'amber', 66.0)]
    """
    policy = PublicationPolicy.given(publication, suppress_below)
    hidden = {t.id for t in report.targets if t.withheld_for(policy)}
    sentences = {t.id: t.explain(policy) for t in report.targets}
    extra: dict[tuple[str, str], dict[str, Any]] = {}
    for t in report.targets:
        span, remarks = t.actual_range, t.commentary
        shown = t.id not in hidden
        extra["target", t.id] = {
            "text": report.plan.describe(t.target),
            "actual_low": span.low if span is not None else None,
            "actual_high": span.high if span is not None else None,
            "withheld": str(t.withheld) if t.withheld is not None else None,
            "rests_on_withheld": t.rests_on_withheld,
            "commentary": remarks.commentary if remarks else None,
            "corrective_action": remarks.corrective_action if remarks else None,
            "action_owner": remarks.action_owner if remarks else None,
            "action_due": _plain(remarks.action_due) if remarks else None,
            "forecast_explanation": t.forecast_explanation if shown else t.explain(policy),
            "comparators": [
                {
                    "comparator": c.comparator,
                    "label": c.label,
                    "period": str(c.period),
                    "value": c.value,
                    "difference": c.difference,
                    "benchmark": c.benchmark.value,
                }
                for c in t.comparators
            ]
            if shown
            else [],
            "comparators_explanation": t.comparators_explanation if shown else "",
        }
    for a in report.actions:
        extra["action", a.id] = {
            "text": a.action.text,
            "details": list(a.action.details),
            "owner": a.action.owner,
            "updated": a.update.on.isoformat() if a.update else None,
            "update_note": a.update.note if a.update else None,
            "update_evidence": a.update.evidence if a.update else None,
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
                        "interval_low", "interval_high", "forecast_value", "forecast_low",
                        "forecast_high", "actual_low", "actual_high"):
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
        "tolerance": report.tolerance,
        "revisions": [_revision_record(r) for r in report.revisions],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _revision_record(revision: TargetRevision) -> dict[str, Any]:
    from safeguarding_plan.evaluation._data import revision_record  # noqa: PLC0415

    return {**revision_record(revision), "text": str(revision)}


# --------------------------------------------------------------------------- files


def render(
    report: Report,
    format: ReportFormat,  # noqa: A002
    *,
    observations: Iterable[Observation] | None = None,
    charts: bool = False,
    suppress_below: int | None = None,
    publication: PublicationPolicy | None = None,
) -> str:
    """The report in one of :data:`FORMATS` (charts only apply to HTML).

    Raises:
        ReportError: for an unknown format.

    Example:
        >>> from datetime import date
        >>> from safeguarding_plan import Observation, evaluate
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> report = evaluate(
        ...     stockport_2023_26(),
        ...     [Observation(indicator="s42-non-conversion", period="2023/24", value=66)],
        ...     as_of=date(2024, 6, 30),
        ... )
        >>> from safeguarding_plan.reports import FORMATS, render
        >>> FORMATS
        ('md', 'html', 'json')
        >>> render(report, "md").splitlines()[2]
        'As at 30 June 2024.'
    """
    policy = PublicationPolicy.given(publication, suppress_below)
    if format == "md":
        return render_markdown(report, publication=policy)
    if format == "html":
        return render_html(report, observations=observations, charts=charts, publication=policy)
    if format == "json":
        return render_json(report, publication=policy)
    raise ReportError(None, "format", f"unknown report format; use one of {', '.join(FORMATS)}",
                      format)  # fmt: skip


def format_for(
    path: str | pathlib.Path,
    format: ReportFormat | None = None,  # noqa: A002
) -> ReportFormat:
    """The format to write ``path`` in: ``format`` if given, else the one its suffix says.

    Args:
        path: The file to write (see :data:`SUFFIXES`).
        format: The format asked for, if any.

    Raises:
        ReportError: if neither says the format, if ``format`` is not one of
            :data:`FORMATS`, or if they disagree (``report.md`` as ``html``).

    Example:
        >>> format_for("report.html")
        'html'
        >>> format_for("report.txt", "md")
        'md'
    """
    name = str(path)
    suffix = pathlib.PurePath(name).suffix.lower()
    said = SUFFIXES.get(suffix)
    if format is not None and format not in FORMATS:
        raise ReportError(name, "format", f"use one of {', '.join(FORMATS)}", format)
    if format is None and said is None:
        raise ReportError(
            name, "format",
            "cannot tell the report format from the file name: give md, html or json, or "
            "a file name ending .md, .html or .json",
            None,
        )  # fmt: skip
    if format is not None and said is not None and format != said:
        raise ReportError(
            name, "format",
            f"a {suffix} file is {said}, not {format}: leave the format out, or change the "
            "file name",
            format,
        )  # fmt: skip
    chosen = format or said
    assert chosen is not None  # noqa: S101 - both None raised above
    return chosen


def write_report(
    report: Report,
    path: str | pathlib.Path,
    *,
    format: ReportFormat | None = None,  # noqa: A002
    observations: Iterable[Observation] | None = None,
    charts: bool = False,
    suppress_below: int | None = None,
    publication: PublicationPolicy | None = None,
) -> pathlib.Path:
    """Write the report to a file; the format comes from the suffix unless given.

    Charts (HTML only) draw the report's own observations.

    Returns:
        The path written.

    Raises:
        ReportError: if the format cannot be told from the suffix, disagrees with it, or
            ``observations`` are given that are not those the report judged.
        OSError: if the file cannot be written.

    Example:
        >>> from datetime import date
        >>> from safeguarding_plan import Observation, evaluate
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> report = evaluate(
        ...     stockport_2023_26(),
        ...     [Observation(indicator="s42-non-conversion", period="2023/24", value=66)],
        ...     as_of=date(2024, 6, 30),
        ... )
        >>> import pathlib, tempfile
        >>> from safeguarding_plan import write_report
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = write_report(report, pathlib.Path(folder) / "q1-2024-25.html")
        ...     path.name, path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        ('q1-2024-25.html', True)
    """
    path = pathlib.Path(path)
    chosen = format_for(path, format)
    try:
        text = render(
            report, chosen, observations=observations, charts=charts,
            publication=PublicationPolicy.given(publication, suppress_below),
        )  # fmt: skip
    except ReportError as exc:
        raise ReportError(str(path), exc.field, exc.message, exc.value) from None
    write_atomic(path, text)  # a failed write leaves the previous file as it was
    return path
