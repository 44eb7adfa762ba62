"""The ``safeguarding-plan`` command line (also ``python -m safeguarding_plan``).

Commands:

* ``plans``: list the bundled plans;
* ``show PLAN``: print a plan in plain English, with any warnings;
* ``validate FILE``: check a plan file, or a file of observations, action updates or
  assessments (checked against ``--plan``), listing every problem;
* ``evaluate PLAN OBSERVATIONS --as-of DATE``: print a RAG table with each target, the
  latest actual and the gap that was judged (``--explain`` adds each explanation); the
  table fits the terminal's width (``COLUMNS``), else each item is a short block;
* ``report PLAN OBSERVATIONS --as-of DATE --output PATH [--format md|html|json]``: write
  the quarterly scrutiny report, in the format ``PATH``'s suffix says (``.md``,
  ``.html``, ``.json``) unless ``--format`` says it (``--charts`` embeds charts in the
  HTML; ``--chart-dir`` also writes them as PNG or SVG files; ``--suppress-below N``
  withholds small counts);
* ``report-many PLAN... --observations FILE --as-of DATE (--output PATH | --output-dir
  DIR)``: judge many plans (bundled names, plan files or directories of them) from one
  CSV file with a ``plan`` column (or an ``area`` column naming the areas the plans
  declare), and write one combined report (Markdown or JSON) or
  one report per plan (``DIR/<plan id>.md``, ``.html`` or ``.json``);
* ``diff OLD NEW [--format text|json]``: what changed between two versions of a plan
  (each a bundled plan name or a plan file), in plain English or as JSON (the shape of
  ``schemas/diff.schema.json``);
* ``schema [plan|observations|diff]``: print a JSON Schema.

``PLAN`` is the name of a bundled plan (see ``plans``) or the path of a plan file.
``evaluate`` and ``report`` take earlier versions of the plan with ``--earlier-version
PLAN`` (repeated for each): each target is then judged against the version in force when
its period started (:func:`~safeguarding_plan.evaluate_versions`), and the targets
revised since the first version are listed.

Exit codes:

* ``0``: success (``validate``: no errors; warnings are printed but do not fail);
* ``1``: problems found: a file is invalid or cannot be read, an id is unknown (also any
  unexpected error, in one line; set ``SAFEGUARDING_PLAN_TRACEBACK=1`` for the traceback);
* ``2``: usage error: an unknown option, a missing argument, a date that is not a date,
  a report format that neither ``--format`` nor the ``--output`` suffix says, or that
  they disagree on; an output (``--output``, a chart file) that would overwrite an input
  of the run or another output.

``diff`` exits as ``diff(1)`` does: ``0`` when the plans are the same, ``1`` when they
differ, ``2`` for trouble (a file that cannot be read or is not a valid plan, with the
library's located errors, or a usage error).

``report`` never leaves a half-written file: the report and its chart files are each
written beside their final place and renamed into it together once all are written, so a
failure leaves the previous files as they were and nothing else behind.

Errors are printed to standard error, one line each, never as a traceback. Colour is used
only when standard output is a terminal and ``NO_COLOR`` is not set, and RAG is always
also shown as a word and a symbol.

Heavy modules (pint, matplotlib, Jinja2, pandas) are imported inside the commands that
need them, so ``--help`` and ``plans`` start quickly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pathlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from safeguarding_plan._version import __version__
from safeguarding_plan.errors import Problem, SafeguardingPlanError

if TYPE_CHECKING:
    from safeguarding_plan.evaluation import RAG, Report, TargetResult
    from safeguarding_plan.model import (
        Plan,
        Priority,
        ToleranceDeclaration,
    )
    from safeguarding_plan.observation_files import ProgressData
    from safeguarding_plan.reports import ReportFormat

__all__ = ["EXIT_DIFFERENT", "EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE", "build_parser", "main"]

EXIT_OK = 0
"""Success."""
EXIT_PROBLEMS = 1
"""Problems found: invalid or unreadable files, unknown ids."""
EXIT_USAGE = 2
"""The command line itself was wrong (argparse's own exit code); for ``diff``, any trouble."""
EXIT_DIFFERENT = 1
"""``diff``: the plans differ (as ``diff(1)``)."""

_EPILOG = (
    "exit codes: 0 success; 1 problems found (invalid or unreadable file, unknown id); "
    "2 usage error. PLAN is a bundled plan name (see 'plans') or a plan file."
)

_COLOURS = {"green": "32", "amber": "33", "red": "31", "grey": "90"}


# --------------------------------------------------------------------------- helpers


class _Failed(Exception):  # noqa: N818 - private control flow, never escapes main()
    """Stop a command with exit code 1 after its problems have been printed."""


def _say(text: str, file: TextIO | None = None) -> None:
    """Write a line to standard output (or ``file``)."""
    (sys.stdout if file is None else file).write(f"{text}\n")


def _use_colour(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    return stream.isatty()


def _paint(text: str, rag: str, colour: bool) -> str:
    if not colour:
        return text
    return f"\033[{_COLOURS[rag]}m{text}\033[0m"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date such as 2024-03-31 (YYYY-MM-DD), not {text!r}"
        ) from None


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not {text!r}")
    return value


_TOLERANCE_FORMS = (
    "expected a tolerance such as '10%' (relative: 10% of the value compared with) or "
    "'2' / '2pp' (absolute: 2 in each indicator's difference unit, percentage points for "
    "a percentage); 'relative:10' and 'absolute:2' are read too"
)


def _tolerance(text: str) -> ToleranceDeclaration:
    """``--tolerance``: ``10%`` or ``relative:10``; ``2``, ``2pp`` or ``absolute:2``."""
    from safeguarding_plan.model import AbsoluteTolerance, RelativeTolerance  # noqa: PLC0415

    cleaned = "".join(text.split()).lower()
    kind, _, amount = cleaned.rpartition(":")
    if kind == "" and amount.endswith("%"):
        kind, amount = "relative", amount[:-1]
    elif kind == "" and amount.endswith("pp"):
        kind, amount = "absolute", amount[:-2]
    elif kind == "":
        kind = "absolute"
    try:
        number = float(amount)
        if kind == "relative":
            return RelativeTolerance(percent=number)
        if kind == "absolute":
            return AbsoluteTolerance(amount=number)
    except (ValueError, SafeguardingPlanError):
        pass
    raise argparse.ArgumentTypeError(f"{_TOLERANCE_FORMS}, not {text!r}") from None


def _markers(text: str) -> tuple[str, ...]:
    markers = tuple(m.strip() for m in text.split(",") if m.strip())
    if not markers:
        raise argparse.ArgumentTypeError("give at least one marker, such as 'c,x,*'")
    return markers


def _load_plan(name: str) -> Plan:
    from safeguarding_plan import plans  # noqa: PLC0415
    from safeguarding_plan.files import load_plan  # noqa: PLC0415

    if name in plans.available():
        return plans.bundled_plan(name)
    path = pathlib.Path(name)
    if path.exists():
        return load_plan(path)
    from safeguarding_plan.errors import did_you_mean  # noqa: PLC0415

    hint = did_you_mean(name, plans.available())
    listed = ", ".join(plans.available())
    raise _Usage(f"no bundled plan or plan file named {name!r}{hint} (bundled: {listed})")


class _Usage(Exception):  # noqa: N818 - private control flow, never escapes main()
    """A problem with what was asked for that is not a file's fault (exit code 1)."""


class _BadArguments(Exception):  # noqa: N818 - private control flow, never escapes main()
    """The command line itself is wrong in a way argparse cannot see (exit code 2)."""


def _load_progress(
    plan: Plan,
    observations: str | Sequence[str],
    updates: str | None,
    assessments: str | None,
    markers: Sequence[str] | None,
    *,
    withheld: str | None = None,
) -> tuple[ProgressData, tuple[Problem, ...]]:
    """Every file's records, with the observation files combined, and the revisions found.

    A later observations file's value for the same indicator and period revises an
    earlier one's.
    """
    from safeguarding_plan.evaluation import combine_observations  # noqa: PLC0415
    from safeguarding_plan.observation_files import (  # noqa: PLC0415
        ProgressData,
        load_progress,
    )
    from safeguarding_plan.observations import DEFAULT_SUPPRESSION_MARKERS  # noqa: PLC0415

    chosen = tuple(markers) if markers else DEFAULT_SUPPRESSION_MARKERS
    errors: list[SafeguardingPlanError] = []
    found: list[ProgressData] = []
    paths = [observations] if isinstance(observations, str) else list(observations)
    for path in (*paths, updates, assessments):
        if path is None:
            continue
        try:
            found.append(load_progress(path, plan, markers=chosen, withheld=withheld))
        except SafeguardingPlanError as exc:
            errors.append(exc)
    if errors:
        for error in errors:
            _print_error(error)
        raise _Failed
    combined, revisions = combine_observations(*(d.observations for d in found))
    data = ProgressData(
        observations=combined,
        action_updates=tuple(u for d in found for u in d.action_updates),
        assessments=tuple(a for d in found for a in d.assessments),
    )
    return data, revisions


def _plausibility(
    plan: Plan,
    data: ProgressData,
    revisions: Sequence[Problem],
    *,
    strict: bool,
    warn: bool = False,
) -> None:
    """With --strict, print the implausible values and revisions as errors and stop (exit 1).

    Without it they are warnings: printed here when ``warn`` (validate), else left to the
    report's notes (evaluate and report carry them in ``Report.problems``).
    """
    if not (strict or warn):
        return
    from safeguarding_plan.evaluation import plausibility_problems  # noqa: PLC0415

    _implausible([*revisions, *plausibility_problems(plan, data.observations)], strict=strict)


def _implausible(found: Sequence[Problem], *, strict: bool, where: str = "") -> None:
    """Print implausible values: as errors with --strict, which then stops (exit 1)."""
    label = "error" if strict else "warning"
    for problem in found:
        _say(f"{label}: {problem}", file=sys.stderr)
    if strict and found:
        _say(
            f"error: {_n(len(found), 'implausible value')} refused by --strict; correct "
            f"them, or run without --strict to see them as warnings{where}",
            file=sys.stderr,
        )
        raise _Failed


def _evaluate(args: argparse.Namespace) -> tuple[Report, ProgressData]:
    from safeguarding_plan.evaluation import evaluate_versions, in_force  # noqa: PLC0415

    plan = _load_plan(args.plan)
    versions = [plan, *(_load_plan(name) for name in args.earlier_versions or ())]
    if len(versions) > 1:
        plan = in_force(versions, args.as_of)
    if args.as_of < plan.start.start:
        raise _Usage(
            f"as at {args.as_of.isoformat()} the plan {plan.id!r} has not started: it runs "
            f"from {plan.start.start.isoformat()} ({plan.start}) to "
            f"{plan.end.end.isoformat()} ({plan.end}), so nothing in it can be judged yet; "
            f"give --as-of {plan.start.start.isoformat()} or later"
        )
    data, revisions = _load_progress(
        plan, args.observations, args.updates, args.assessments, args.markers,
        withheld=args.withheld,
    )  # fmt: skip
    _plausibility(plan, data, revisions, strict=args.strict)
    # One version alone is judged exactly as evaluate() judges it.
    report = evaluate_versions(
        versions,
        data.observations,
        updates=data.action_updates,
        assessments=data.assessments,
        as_of=args.as_of,
        policy=plan.tolerance_policy(args.tolerance),
        notes=revisions,
    )
    return report, data


def _problem_lines(exc: BaseException) -> list[str]:
    problems = getattr(exc, "problems", None)
    if problems:
        path = getattr(exc, "path", None)
        lines = []
        for problem in problems:
            text = str(problem)
            if path and not text.startswith(str(path)):
                text = f"{path}: {text}"
            severity = getattr(getattr(problem, "severity", None), "value", "error")
            lines.append(f"{severity}: {text}")
        return lines
    return [f"error: {' '.join(str(exc).split())}"]


def _print_error(exc: BaseException) -> None:
    for line in _problem_lines(exc):
        _say(line, file=sys.stderr)


# --------------------------------------------------------------------------- commands


def _plan_heading(name: str) -> str:
    """``title (start to end)`` of a bundled plan, read quickly from its file's top."""
    from safeguarding_plan import plans  # noqa: PLC0415

    try:
        import yaml  # noqa: PLC0415

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        text = plans.bundled_plan_path(name).read_text(encoding="utf-8")
        data = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
        return f"{data['title']} ({data['start']} to {data['end']})"
    except Exception:  # noqa: BLE001 - fall back to the full, checked load
        plan = plans.bundled_plan(name)
        return f"{plan.title} ({plan.start} to {plan.end})"


def _cmd_plans(_: argparse.Namespace) -> int:
    from safeguarding_plan import plans  # noqa: PLC0415

    for name in plans.available():
        _say(f"{name}\t{_plan_heading(name)}")
    return EXIT_OK


def _wrap(text: str, indent: str, hang: str = "") -> list[str]:
    """Wrap ``text`` to the terminal's width (at most 100), keeping ids whole."""
    import shutil  # noqa: PLC0415
    import textwrap  # noqa: PLC0415

    width = max(60, min(100, shutil.get_terminal_size((100, 24)).columns))
    return textwrap.wrap(
        text,
        width=width,
        initial_indent=indent,
        subsequent_indent=" " * len(indent) + hang,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _cmd_show(args: argparse.Namespace) -> int:
    from safeguarding_plan.model import validate  # noqa: PLC0415

    plan = _load_plan(args.plan)
    out: list[str] = [*_wrap(plan.title, ""), f"{plan.start} to {plan.end}"]
    if plan.version is not None or plan.adopted is not None:
        parts = [f"Version {plan.version}" if plan.version is not None else "Version"]
        if plan.adopted is not None:
            parts.append(f"adopted {plan.adopted.isoformat()}")
        if plan.supersedes is not None:
            parts.append(f"supersedes version {plan.supersedes}")
        out.append(", ".join(parts))
    if plan.organisations:
        out += _wrap("Owned by: " + "; ".join(plan.organisations), "")
    if plan.areas:
        out += _wrap("Areas: " + "; ".join(plan.areas), "")
    if plan.vision:
        out += ["", *_wrap(f"Vision: {plan.vision}", "")]
    if plan.comparators:
        labels = "; ".join(f"{c.label} [{c.id}]" for c in plan.comparators)
        out += _wrap(f"Compared with: {labels}", "")
    for number, priority in enumerate(plan.priorities, start=1):
        label = plan.partnership_of(priority).label
        heading = f"{number}. {label} priority: {priority.title}"
        out += ["", *_wrap(heading, ""), f"   [{priority.id}]"]
        if priority.why:
            out.append("   Why?")
            for evidence in priority.why:
                out += _wrap(evidence.text, "   - ")
        actions = plan.actions_for(priority)
        if actions:
            out.append("   How?")
            for action in actions:
                owner = action.owner or "owner not named in the plan"
                shared = "" if action in priority.actions else " (shared with another priority)"
                out += _wrap(
                    f"By the end of {action.due} ({owner}){shared}: {action.text} [{action.id}]",
                    "   - ",
                )
                for detail in action.details:
                    out += _wrap(detail, "       * ")
        if priority.outcomes:
            out.append("   So what?")
            for outcome in priority.outcomes:
                kind = " (qualitative: judged by assessment)" if outcome.qualitative else ""
                out += _wrap(f"{outcome.text}{kind} [{outcome.id}]", "   - ")
                for target in outcome.targets:
                    out += _wrap(f"{plan.describe(target)} [{target.id}]", "       target: ")
    warnings = validate(plan)
    out += ["", f"Warnings: {len(warnings)}"]
    for warning in warnings:
        out += _wrap(str(warning), "  warning: ")
    _say("\n".join(out))
    return EXIT_OK


def _check_validate(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """A usage error (exit 2) for an observations file without ``--plan``."""
    from safeguarding_plan.observation_files import file_kind  # noqa: PLC0415

    path = pathlib.Path(args.file)
    if args.plan is None and path.exists() and file_kind(path) != "plan":
        parser.error(
            f"{path} holds observations, updates or assessments, which are checked against "
            "a plan: add --plan PLAN (a bundled plan name such as stockport-2023-26, or a "
            "plan file)"
        )


def _cmd_validate(args: argparse.Namespace) -> int:
    from safeguarding_plan import plans  # noqa: PLC0415
    from safeguarding_plan.observation_files import file_kind, load_progress  # noqa: PLC0415
    from safeguarding_plan.observations import DEFAULT_SUPPRESSION_MARKERS  # noqa: PLC0415

    path = pathlib.Path(args.file)
    bundled = not path.exists() and args.file in plans.available()
    if bundled:
        path = plans.bundled_plan_path(args.file)
    if not path.exists():
        _say(f"error: {path}: no such file", file=sys.stderr)
        return EXIT_PROBLEMS
    if bundled or file_kind(path) == "plan":
        from safeguarding_plan.files import load_plan  # noqa: PLC0415
        from safeguarding_plan.model import validate  # noqa: PLC0415

        plan = load_plan(path)
        warnings = validate(plan)
        name = args.file if bundled else path
        label = "error" if args.strict else "warning"
        for warning in warnings:
            _say(f"{label}: {name}: {warning}", file=sys.stderr)
        if args.strict and warnings:
            _say(f"error: {name}: {_n(len(warnings), 'warning')} refused by --strict",
                 file=sys.stderr)  # fmt: skip
            return EXIT_PROBLEMS
        counts = (
            _n(len(plan.priorities), "priority", "priorities"),
            _n(sum(1 for _ in plan.iter_targets()), "target"),
            _n(sum(1 for _ in plan.iter_actions()), "action"),
            _n(len(warnings), "warning"),
        )
        _say(f"{name}: valid plan {plan.id!r}: {', '.join(counts)}")
        return EXIT_OK
    plan = _load_plan(args.plan)
    markers = tuple(args.markers) if args.markers else DEFAULT_SUPPRESSION_MARKERS
    data = load_progress(path, plan, markers=markers, withheld=args.withheld)
    _plausibility(plan, data, (), strict=args.strict, warn=True)
    withheld = sum(1 for o in data.observations if o.is_suppressed)
    compared = sum(1 for o in data.observations if o.comparator is not None)
    others = f", {compared} for comparators" if compared else ""
    _say(
        f"{path}: valid for plan {plan.id!r}: {_n(len(data.observations), 'observation')} "
        f"({withheld} withheld{others}), {_n(len(data.action_updates), 'action update')}, "
        f"{_n(len(data.assessments), 'assessment')}"
    )
    return EXIT_OK


def _n(count: int, singular: str, plural: str | None = None) -> str:
    """``1 action``, ``2 actions``, ``0 priorities``."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def _table(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            for row in rows]  # fmt: skip


_EVALUATE_HEADINGS = (
    "RAG", "STATUS", "ITEM", "DUE", "TARGET", "LATEST ACTUAL", "EXPECTED", "GAP TO EXPECTED",
    "GAP TO TARGET", "SHORT-TERM", "YEAR ON YEAR", "FORECAST", "COMPARATORS",
)  # fmt: skip

_EVALUATE_KEY = (
    "Before its period ends, a target is judged against EXPECTED: where the path from the "
    "baseline to the target should be at the end of the latest actual's period (for a count "
    "that adds up over the year, the target pro rata); GAP TO EXPECTED is the actual minus "
    "it. Once the period has ended, a target is judged against TARGET; GAP TO TARGET is the "
    "actual minus the target. A band's gap is how far the actual is outside it. Gaps between "
    "percentages are in percentage points. SHORT-TERM compares the latest actual with the "
    "previous value of the same granularity, YEAR ON YEAR with the same period a year "
    "earlier. FORECAST (never part of the status or RAG) says whether a target whose period "
    "has not ended is likely to be met, from the trend of recent values or a count's run "
    "rate, with the projected value. COMPARATORS says whether the actual is better, similar "
    "or worse than each comparator's value for the same period (--explain gives the figures)."
)


def _terminal_width() -> int | None:
    """The terminal's width (``COLUMNS`` first); None when output is not a terminal."""
    import shutil  # noqa: PLC0415

    columns = shutil.get_terminal_size((0, 0)).columns
    return columns if columns > 0 else None


def _target_text(result: TargetResult) -> str:
    """What the target asks, with both bounds of a band and a change resolved if it can be."""
    from safeguarding_plan import model  # noqa: PLC0415

    rule, ind = result.target.rule, result.indicator
    if isinstance(rule, model.Between):
        return f"between {ind.format(rule.low)} and {ind.format(rule.high)}"
    if isinstance(rule, model.AtLeast):
        return f"at least {ind.format(rule.value)}"
    if isinstance(rule, model.AtMost):
        return f"at most {ind.format(rule.value)}"
    if isinstance(rule, model.Below):
        return f"below {ind.format(rule.value)}"
    if isinstance(rule, model.Above):
        return f"above {ind.format(rule.value)}"
    higher = ind.direction is model.Direction.HIGHER_IS_BETTER
    if result.target_value is not None:
        if isinstance(rule, model.Improve):
            return f"{'higher' if higher else 'lower'} than {ind.format(result.target_value)}"
        return f"{'at least' if higher else 'at most'} {ind.format(result.target_value)}"
    source = (
        "the baseline"
        if rule.reference is model.Reference.BASELINE
        else str(result.target.period.previous())
    )
    if isinstance(rule, model.RelativeChange):
        return f"{model.format_value(rule.percent, 'percent', signed=True)} on {source}"
    if isinstance(rule, model.AbsoluteChange):
        change = model.format_value(rule.amount, ind.difference_unit, signed=True)
        return f"{change} on {source}"
    return f"better than {source}"


def _target_row(result: TargetResult, as_of: dt.date) -> dict[str, str]:
    """The cells of one target: in-year gaps against EXPECTED, afterwards against TARGET."""
    from safeguarding_plan.evaluation import Status  # noqa: PLC0415
    from safeguarding_plan.model import Measure, format_value  # noqa: PLC0415

    ind = result.indicator
    ended = as_of >= result.target.period.end
    status = result.status.label
    if result.overdue:
        status = "no data (overdue)"
    actual = "-" if result.actual is None else ind.format(result.actual)
    if result.status is Status.SUPPRESSED:
        actual = "withheld"
    elif result.actual is not None and result.period is not None:
        actual = f"{actual} ({result.period})"
    row = dict.fromkeys(_EVALUATE_HEADINGS, "-")
    row.update(STATUS=status, ITEM=result.id, DUE=f"by {result.target.period}",
               TARGET=_target_text(result), **{"LATEST ACTUAL": actual})  # fmt: skip
    row.update(_beyond_cells(result))
    gap = result.judged_gap
    if gap is None or result.expected is None:
        return row
    if ended:
        row["GAP TO TARGET"] = format_value(gap, ind.difference_unit, signed=True)
        return row
    expected = ind.format(result.expected)
    if ind.measure is Measure.FLOW:
        expected = f"{expected} (pro rata)"
    row["EXPECTED"] = expected
    row["GAP TO EXPECTED"] = format_value(gap, ind.difference_unit, signed=True)
    return row


def _beyond_cells(result: TargetResult) -> dict[str, str]:
    """Both directions of travel, the forecast and the comparators, in a few words."""
    from safeguarding_plan.evaluation import Travel  # noqa: PLC0415

    cells: dict[str, str] = {}
    if result.actual is not None:
        for heading, travel in (("SHORT-TERM", result.direction),
                                ("YEAR ON YEAR", result.travel_year_on_year)):  # fmt: skip
            cells[heading] = "-" if travel is Travel.UNKNOWN else travel.label
    forecast = result.forecast
    if forecast is not None:
        text = f"{forecast.outlook.symbol} {forecast.outlook.label}"
        if forecast.value is not None:
            text += f" ({result.indicator.format(forecast.value)})"
        cells["FORECAST"] = text
    if result.comparators:
        cells["COMPARATORS"] = ", ".join(
            f"{c.label} {c.benchmark.label}" for c in result.comparators
        )
    return cells


def _target_explanation(result: TargetResult) -> str:
    """The explanation, then the forecast's and the comparators' (for --explain)."""
    parts = (result.explanation, result.forecast_explanation, result.comparators_explanation)
    return " ".join(part for part in parts if part)


def _evaluate_rows(report: Report, priority: Priority) -> list[tuple[RAG, dict[str, str], str]]:
    """Each item of a priority: its RAG, its cells and its explanation."""
    rows: list[tuple[RAG, dict[str, str], str]] = [
        (t.rag, _target_row(t, report.as_of), _target_explanation(t))
        for t in report.targets
        if t.priority == priority.id
    ]
    blank = dict.fromkeys(_EVALUATE_HEADINGS, "")
    for action in report.plan.actions_for(priority):
        a = report.action(action.id)
        cells = {**blank, "STATUS": a.status.label, "ITEM": f"action {a.id}", "DUE": f"due {a.due}"}
        rows.append((a.rag, cells, a.explanation))
    for o in report.outcomes:
        if o.priority == priority.id:
            cells = {**blank, "STATUS": o.status.label, "ITEM": f"outcome {o.id}"}
            rows.append((o.rag, cells, o.explanation))
    for rag, cells, _ in rows:
        cells["RAG"] = f"{rag.symbol} {rag.label}"
    return rows


def _as_table(
    rows: Sequence[tuple[RAG, dict[str, str], str]], colour: bool
) -> list[tuple[str, str]]:
    """One line per row under a heading line, columns padded; (line, explanation) pairs."""
    widths = {h: max(len(h), *(len(cells[h]) for _, cells, _ in rows)) for h in _EVALUATE_HEADINGS}
    lines = [("  ".join(h.ljust(widths[h]) for h in _EVALUATE_HEADINGS).rstrip(), "")]
    for rag, cells, explanation in rows:
        text = "  ".join(cells[h].ljust(widths[h]) for h in _EVALUATE_HEADINGS).rstrip()
        rag_cell = cells["RAG"].ljust(widths["RAG"])
        lines.append((_paint(rag_cell, rag.value, colour) + text[len(rag_cell) :], explanation))
    return lines


def _as_blocks(
    rows: Sequence[tuple[RAG, dict[str, str], str]], colour: bool, width: int
) -> list[tuple[str, str]]:
    """For a narrow terminal: each item as a heading line and its figures below it."""
    lines: list[tuple[str, str]] = []
    for rag, cells, explanation in rows:
        head = f"{_paint(cells['RAG'], rag.value, colour)}  {cells['STATUS']}  {cells['ITEM']}"
        parts = [cells["DUE"]] + [
            f"{h.lower()} {cells[h]}" for h in _EVALUATE_HEADINGS[4:] if cells[h] not in ("", "-")
        ]
        body = "; ".join(p for p in parts if p)
        text = "\n".join([head, *_fit(body, "  ", width - 2)]) if body else head
        lines.append((text, explanation))
    return lines


def _fit(text: str, indent: str, width: int | None) -> list[str]:
    """``text`` wrapped to ``width`` (100 when the width is unknown) after ``indent``."""
    import textwrap  # noqa: PLC0415

    return textwrap.wrap(
        text, width=max(40, width or 100), initial_indent=indent, subsequent_indent=indent,
        break_long_words=False, break_on_hyphens=False,
    )  # fmt: skip


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from safeguarding_plan.evaluation import RAG  # noqa: PLC0415

    report, _ = _evaluate(args)
    colour = _use_colour(sys.stdout)
    width = _terminal_width()

    def rag(r: RAG) -> str:
        return _paint(f"{r.symbol} {r.label}", r.value, colour)

    def joined(first: str, second: str, r: RAG) -> list[str]:
        """``first second`` on one line if it fits, else on two; ``RAG`` marks the RAG."""
        plain = f"{first} {second.replace('RAG', f'{r.symbol} {r.label}')}"
        painted = second.replace("RAG", rag(r))
        if width is None or len(plain) <= width:
            return [f"{first} {painted}"]
        return [*_fit(first, "", width), painted]

    plan = report.plan
    overall = report.overall
    counts = ", ".join(f"{overall.count(r)} {r.label.lower()}" for r in RAG)
    out = [
        *([plan.title] if width is None else _fit(plan.title, "", width)),
        *joined(f"As at {report.as_of.isoformat()}.", f"Overall: RAG ({counts}).",
                overall.rag),
    ]  # fmt: skip
    by_priority = {p.id: p for p in plan.priorities}
    blocks = [(by_priority[r.id], r, _evaluate_rows(report, by_priority[r.id]))
              for r in report.priorities]  # fmt: skip
    widest = max((len(line) for *_, rows in blocks for line, _ in _as_table(rows, colour=False)),
                 default=0)  # fmt: skip
    narrow = width is not None and widest + 2 > width
    for priority, rollup, rows in blocks:
        heading = f"{report.plan.partnership_of(priority).label} priority: {priority.title}"
        out += ["", *joined(f"{heading} ", "[overall RAG]", rollup.rag)]
        lines = _as_blocks(rows, colour, width or 0) if narrow else _as_table(rows, colour)
        for line, explanation in lines:
            out += [f"  {part}" for part in line.split("\n")]
            if args.explain and explanation:
                out += _fit(explanation, "      ", width)
    tolerance = [report.tolerance] if report.tolerance else []
    out += ["", *_fit(_EVALUATE_KEY, "", width)]
    for line in tolerance:
        out += _fit(line, "", width)
    if report.revisions:
        out += ["", "Targets revised since the first version:"]
        for revision in report.revisions:
            out += _fit(str(revision), "  ", width) if width else [f"  {revision}"]
    if report.problems:
        out += ["", "Notes:"]
        for problem in report.problems:
            note = f"{problem.severity.value}: {problem}"
            out += _fit(note, "  ", width) if width else [f"  {note}"]
    _say("\n".join(out))
    return EXIT_OK


def _check_report(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Settle the report's format from --format and --output's suffix.

    A usage error (exit 2) if neither says it, or if they disagree.
    """
    from safeguarding_plan.reports import format_for  # noqa: PLC0415

    to_stdout = args.output == "-"
    try:
        args.format = format_for("" if to_stdout else args.output, args.format)
    except SafeguardingPlanError as exc:
        where = "standard output" if to_stdout else f"--output {args.output}"
        parser.error(f"--format for {where}: {getattr(exc, 'message', exc)}")


def _inputs(args: argparse.Namespace) -> dict[str, pathlib.Path]:
    """The files this run reads, by what they are to it."""
    from safeguarding_plan import plans  # noqa: PLC0415

    named = {
        "the plan file": (
            plans.bundled_plan_path(args.plan)
            if args.plan in plans.available()
            else pathlib.Path(args.plan)
        ),
    }
    for number, given in enumerate(args.observations, start=1):
        label = (
            "the observations file"
            if len(args.observations) == 1
            else (f"observations file {number}")
        )
        named[label] = pathlib.Path(given)
    for number, name in enumerate(args.earlier_versions or (), start=1):
        named[f"earlier version {number} of the plan"] = (
            plans.bundled_plan_path(name) if name in plans.available() else pathlib.Path(name)
        )
    for what, given in (("updates", args.updates), ("assessments", args.assessments)):
        if given is not None:
            named[f"the {what} file"] = pathlib.Path(given)
    return named


def _refuse_overwriting(
    args: argparse.Namespace, outputs: Sequence[tuple[str, pathlib.Path]]
) -> None:
    """Stop (a usage error) if an output would overwrite an input, or another output."""
    from safeguarding_plan._io import same_file  # noqa: PLC0415

    inputs = list(_inputs(args).items())
    for number, (option, path) in enumerate(outputs):
        for what, other in [*inputs, *outputs[:number]]:
            if same_file(path, other):
                raise _BadArguments(
                    f"{option} {str(path)!r} is {what} of this run ({other}); writing it "
                    "would overwrite it: choose another path"
                )


def _cmd_report(args: argparse.Namespace) -> int:
    from safeguarding_plan import charts  # noqa: PLC0415 - matplotlib only when drawing
    from safeguarding_plan._io import AtomicFiles  # noqa: PLC0415
    from safeguarding_plan.evaluation import PublicationPolicy  # noqa: PLC0415
    from safeguarding_plan.reports import render  # noqa: PLC0415

    publication = PublicationPolicy(suppress_below=args.suppress_below)
    output = None if args.output == "-" else pathlib.Path(args.output)
    if output is not None:
        _refuse_overwriting(args, [("--output", output)])
    if args.charts and args.format != "html":
        _say("warning: --charts applies only to --format html; ignored", file=sys.stderr)
    report, data = _evaluate(args)
    images: dict[str, bytes] = {}
    try:
        text = render(
            report,
            args.format,
            observations=data.observations,
            charts=args.charts and args.format == "html",
            publication=publication,
        )
        if args.chart_dir is not None:
            images = charts._chart_images(  # noqa: SLF001 - the package's own helper
                report,
                data.observations,
                format=args.chart_format,
                publication=publication,
            )
    except ImportError as exc:
        _say(f"error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    outputs = [("--output", output)] if output is not None else []
    if images:
        outputs += [
            ("--chart-dir", path)
            for path in charts._chart_paths(args.chart_dir, images, args.chart_format)  # noqa: SLF001
        ]
    _refuse_overwriting(args, outputs)
    # The report and its charts are put in place together, or not at all.
    with AtomicFiles() as files:
        if images:
            charts._stage_charts(files, args.chart_dir, images, format=args.chart_format)  # noqa: SLF001
        if output is not None:
            files.write(output, text)
    if output is None:
        sys.stdout.write(text)
    else:
        _say(f"wrote {output} ({args.format}, as at {report.as_of.isoformat()})")
    if images:
        _say(
            f"wrote {len(images)} charts to {args.chart_dir} ({args.chart_format})",
            file=sys.stderr if output is None else None,
        )
    return EXIT_OK


_PLAN_SUFFIXES = (".yaml", ".yml", ".toml", ".json")


def _plan_names(given: Sequence[str]) -> list[str]:
    """Bundled plan names and plan files, a directory standing for the plan files in it."""
    from safeguarding_plan.observation_files import file_kind  # noqa: PLC0415

    names: list[str] = []
    for name in given:
        path = pathlib.Path(name)
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir()
                if p.suffix.lower() in _PLAN_SUFFIXES and file_kind(p) == "plan"
            )  # fmt: skip
            if not found:
                raise _Usage(f"the directory {name!r} holds no plan files (.yaml, .toml, .json)")
            names += [str(p) for p in found]
        else:
            names.append(name)
    return names


def _combined(reports: dict[str, Report], texts: dict[str, str], fmt: str) -> str:
    """One text holding every plan's report: Markdown one after another, or one JSON."""
    if fmt == "json":
        import json  # noqa: PLC0415

        data = {"reports": {key: json.loads(text) for key, text in texts.items()}}
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return "\n\n---\n\n".join(texts[key].rstrip("\n") for key in reports) + "\n"


def _cmd_report_many(args: argparse.Namespace) -> int:
    from safeguarding_plan._io import AtomicFiles, same_file  # noqa: PLC0415
    from safeguarding_plan.evaluation import (  # noqa: PLC0415
        PublicationPolicy,
        evaluate_many,
        plausibility_problems,
    )
    from safeguarding_plan.model import PlanTolerancePolicy  # noqa: PLC0415
    from safeguarding_plan.observation_files import load_observations_by_plan  # noqa: PLC0415
    from safeguarding_plan.observations import DEFAULT_SUPPRESSION_MARKERS  # noqa: PLC0415
    from safeguarding_plan.reports import render  # noqa: PLC0415

    fmt: ReportFormat = args.format
    if args.charts and fmt != "html":
        _say("warning: --charts applies only to --format html; ignored", file=sys.stderr)
    plans = [_load_plan(name) for name in _plan_names(args.plans)]
    markers = tuple(args.markers) if args.markers else DEFAULT_SUPPRESSION_MARKERS
    data = load_observations_by_plan(
        args.observations, plans, markers=markers, withheld=args.withheld
    )
    if args.strict:
        found = [p for plan in plans for p in plausibility_problems(plan, data[plan.id])]
        _implausible(found, strict=True, where=" in each report")
    policy = None if args.tolerance is None else PlanTolerancePolicy(override=args.tolerance)
    reports = evaluate_many(plans, data, as_of=args.as_of, policy=policy)
    publication = PublicationPolicy(suppress_below=args.suppress_below)
    try:
        texts = {
            key: render(
                report,
                fmt,
                observations=data[key],
                charts=args.charts and fmt == "html",
                publication=publication,
            )
            for key, report in reports.items()
        }
    except ImportError as exc:
        _say(f"error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.output_dir is not None:
        folder = pathlib.Path(args.output_dir)
        outputs = {key: folder / f"{key}.{fmt}" for key in reports}
    else:
        outputs = {} if args.output == "-" else {"": pathlib.Path(args.output)}
    inputs = [pathlib.Path(args.observations), *(pathlib.Path(p) for p in args.plans)]
    for path in outputs.values():
        if any(same_file(path, other) for other in inputs):
            raise _BadArguments(f"{str(path)!r} is an input of this run: choose another path")
    if args.output_dir is not None:
        pathlib.Path(args.output_dir).mkdir(parents=True, exist_ok=True)
    text = _combined(reports, texts, fmt) if args.output_dir is None else ""
    with AtomicFiles() as files:
        for key, path in outputs.items():
            files.write(path, texts[key] if key else text)
    as_of = args.as_of.isoformat()
    if not outputs:
        sys.stdout.write(text)
    elif args.output_dir is not None:
        _say(f"wrote {_n(len(outputs), 'report')} to {args.output_dir} ({fmt}, as at {as_of})")
    else:
        _say(f"wrote {args.output} ({fmt}, {_n(len(reports), 'plan')}, as at {as_of})")
    return EXIT_OK


def _check_report_many(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Settle the format: --format, else --output's suffix; Markdown for --output-dir or -.

    A combined report is Markdown or JSON (HTML is one file per plan); a usage error (exit
    2) if the format cannot be told, or --format and the suffix disagree.
    """
    if args.output_dir is not None or args.output == "-":
        args.format = args.format or "md"
        if args.output_dir is not None:
            return
    _check_report(parser, args)
    if args.format == "html":
        parser.error(
            "a combined report is Markdown or JSON; give --output-dir for one HTML report per plan"
        )


def _cmd_diff(args: argparse.Namespace) -> int:
    from safeguarding_plan.plan_diff import diff  # noqa: PLC0415

    loaded: list[Plan] = []
    for name in (args.old, args.new):
        try:
            loaded.append(_load_plan(name))
        except _Usage as exc:
            _say(f"error: {exc}", file=sys.stderr)
        except SafeguardingPlanError as exc:
            _print_error(exc)
    if len(loaded) != 2:  # the old plan and the new
        return EXIT_USAGE
    found = diff(loaded[0], loaded[1])
    _say(found.to_json() if args.format == "json" else found.describe())
    return EXIT_DIFFERENT if found else EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    import json  # noqa: PLC0415

    if args.which == "diff":
        from safeguarding_plan.plan_diff import diff_schema  # noqa: PLC0415

        _say(json.dumps(diff_schema(), indent=2, ensure_ascii=False))
        return EXIT_OK
    if args.which == "plan":
        from safeguarding_plan.files import plan_schema  # noqa: PLC0415

        schema = plan_schema()
    else:
        from safeguarding_plan.observation_files import observations_schema  # noqa: PLC0415

        schema = observations_schema()
    _say(json.dumps(schema, indent=2, ensure_ascii=False))
    return EXIT_OK


# --------------------------------------------------------------------------- parser


def _add_evaluation_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("plan", metavar="PLAN", help="a bundled plan name or a plan file")
    parser.add_argument(
        "observations",
        metavar="OBSERVATIONS",
        nargs="+",
        help="one or more CSV or JSON files of observations (a JSON file may also hold "
        "action updates and assessments); a later file's value for the same indicator "
        "and period revises an earlier one's, with a warning showing both",
    )
    parser.add_argument(
        "--as-of", required=True, type=_date, metavar="DATE",
        help="the date to judge at, YYYY-MM-DD (e.g. 2024-03-31)",
    )  # fmt: skip
    parser.add_argument(
        "--earlier-version", dest="earlier_versions", action="append", metavar="PLAN",
        help="an earlier version of PLAN (a bundled plan name or a plan file; repeat for "
        "each): each target is judged against the version in force when its period "
        "started, by the versions' 'adopted' dates, and the targets revised since the "
        "first version are listed",
    )  # fmt: skip
    parser.add_argument("--updates", metavar="FILE", help="a CSV or JSON file of action updates")
    parser.add_argument(
        "--assessments", metavar="FILE", help="a CSV or JSON file of qualitative assessments"
    )
    parser.add_argument(
        "--markers", type=_markers, metavar="LIST",
        help="comma-separated suppression markers for withheld values "
        "(default: c,x,*,[c],[x])",
    )  # fmt: skip
    _add_checking_arguments(parser)
    parser.add_argument(
        "--tolerance", type=_tolerance, metavar="TOL",
        help="the tolerance for amber in this run, replacing the plan's: '10%%' (of the "
        "value compared with) or '2pp' / '2' (in each indicator's difference unit); "
        "default: the plan's own, else 5%%",
    )  # fmt: skip


def _withheld(text: str) -> str:
    from safeguarding_plan.observations import WithheldRange  # noqa: PLC0415

    try:
        return str(WithheldRange.parse(text))
    except SafeguardingPlanError as exc:
        raise argparse.ArgumentTypeError(getattr(exc, "message", str(exc))) from None


def _add_checking_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--withheld", type=_withheld, metavar="RANGE",
        help="what the suppression markers hide, for files that do not say: 'dfe' (a "
        "count from 1 to 5), 'nhs' (0 to 4) or MIN-MAX such as '1-9'; a withheld value "
        "is then judged at both ends of the range (default: the plan's own, else none)",
    )  # fmt: skip
    parser.add_argument(
        "--strict", action="store_true",
        help="refuse implausible values (a fraction typed for a percentage, a value far "
        "outside everything else recorded, a count that is not whole, a year that "
        "disagrees with its quarters, a revised value): errors, exit 1",
    )  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``safeguarding-plan``, with every command.

    Example:
        >>> from safeguarding_plan.cli import build_parser
        >>> arguments = build_parser().parse_args(
        ...     ["evaluate", "stockport-2023-26", "q1.csv", "--as-of", "2024-06-30"])
        >>> arguments.command, arguments.plan, arguments.as_of
        ('evaluate', 'stockport-2023-26', datetime.date(2024, 6, 30))
    """
    parser = argparse.ArgumentParser(
        prog="safeguarding-plan",
        description="Turn a safeguarding partnership's business plan into code and judge "
        "progress against it.",
        epilog=_EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    plans = commands.add_parser(
        "plans", help="list the bundled plans", description="List the bundled plans.",
        epilog=_EPILOG,
    )  # fmt: skip
    plans.set_defaults(run=_cmd_plans)

    show = commands.add_parser(
        "show", help="print a plan in plain English", epilog=_EPILOG,
        description="Print a plan in plain English: every priority with its evidence, "
        "actions (due year and owner), outcomes and targets, then any warnings.",
    )  # fmt: skip
    show.add_argument("plan", metavar="PLAN", help="a bundled plan name or a plan file")
    show.set_defaults(run=_cmd_show)

    validate = commands.add_parser(
        "validate", help="check a plan file or an observations file", epilog=_EPILOG,
        description="Check a plan file (.yaml, .yml, .toml, .json) or a file of "
        "observations, action updates or assessments (.csv, .json) and list every "
        "problem. Exits 1 if there are errors.",
    )  # fmt: skip
    validate.add_argument("file", metavar="FILE", help="the file to check")
    validate.add_argument(
        "--plan", metavar="PLAN",
        help="the plan an observations file is checked against (required for one): a "
        "bundled plan name or a plan file",
    )  # fmt: skip
    validate.add_argument(
        "--markers", type=_markers, metavar="LIST",
        help="comma-separated suppression markers (default: c,x,*,[c],[x])",
    )  # fmt: skip
    _add_checking_arguments(validate)
    validate.set_defaults(run=_cmd_validate, check=lambda args: _check_validate(validate, args))

    evaluate = commands.add_parser(
        "evaluate", help="print a RAG table", epilog=_EPILOG,
        description="Judge every target, action and qualitative outcome as at a date and "
        "print a RAG table (RAG as words and symbols; colour only on a terminal, and "
        "never when NO_COLOR is set). The table fits the terminal's width (COLUMNS): "
        "when it is too wide, each item is printed as a short block instead.",
    )  # fmt: skip
    _add_evaluation_arguments(evaluate)
    evaluate.add_argument(
        "--explain", action="store_true",
        help="print each item's explanation under its row",
    )  # fmt: skip
    evaluate.set_defaults(run=_cmd_evaluate)

    report = commands.add_parser(
        "report", help="write the quarterly scrutiny report", epilog=_EPILOG,
        description="Write the quarterly scrutiny report as Markdown, HTML (one "
        "self-contained, accessible file) or JSON.",
    )  # fmt: skip
    _add_evaluation_arguments(report)
    report.add_argument(
        "--format", choices=("md", "html", "json"),
        help="the report format (default: the one --output's suffix says: .md, .html, "
        ".json; needed with --output -)",
    )  # fmt: skip
    report.add_argument(
        "--output", required=True, metavar="PATH", help="the file to write ('-' for stdout)"
    )
    report.add_argument(
        "--charts", action="store_true",
        help="embed a chart per indicator in the HTML (needs matplotlib)",
    )  # fmt: skip
    report.add_argument(
        "--chart-dir", metavar="DIR",
        help="also write a chart per indicator into DIR (needs matplotlib)",
    )  # fmt: skip
    report.add_argument(
        "--chart-format", choices=("png", "svg"), default="png",
        help="the format of the files --chart-dir writes (default: %(default)s)",
    )  # fmt: skip
    report.add_argument(
        "--suppress-below", type=_positive_int, metavar="N",
        help="for publication: print counts below N (and figures that would reveal them) "
        "as [c]",
    )  # fmt: skip
    report.set_defaults(run=_cmd_report, check=lambda args: _check_report(report, args))

    many = commands.add_parser(
        "report-many", help="judge many plans from one dataset", epilog=_EPILOG,
        description="Judge many plans as at a date from one CSV file of observations "
        "with a 'plan' column (each row's plan id) or an 'area' column (its area's code "
        "or name, as a plan declares in its 'areas'), and write one combined report "
        "(--output: Markdown or JSON) or one report per plan (--output-dir).",
    )  # fmt: skip
    many.add_argument(
        "plans", metavar="PLAN", nargs="+",
        help="bundled plan names, plan files, or directories of plan files",
    )  # fmt: skip
    many.add_argument(
        "--observations", required=True, metavar="FILE",
        help="a CSV file of observations with a 'plan' column (each row's plan id) or an "
        "'area' column (a code or name of the area, as the plans declare in their 'areas')",
    )  # fmt: skip
    many.add_argument(
        "--as-of", required=True, type=_date, metavar="DATE",
        help="the date to judge at, YYYY-MM-DD (e.g. 2024-03-31)",
    )  # fmt: skip
    where = many.add_mutually_exclusive_group(required=True)
    where.add_argument("--output", metavar="PATH", help="one combined report ('-' for stdout)")
    where.add_argument(
        "--output-dir", metavar="DIR", help="one report per plan, DIR/<plan id>.<format>"
    )
    many.add_argument(
        "--format", choices=("md", "html", "json"),
        help="the report format (default: the one --output's suffix says, .md or .json; "
        "md with --output-dir or --output -; html only with --output-dir)",
    )  # fmt: skip
    many.add_argument(
        "--markers", type=_markers, metavar="LIST",
        help="comma-separated suppression markers (default: c,x,*,[c],[x])",
    )  # fmt: skip
    _add_checking_arguments(many)
    many.add_argument(
        "--tolerance", type=_tolerance, metavar="TOL",
        help="the tolerance for amber in this run, replacing every plan's own: '10%%' (of "
        "the value compared with) or '2pp' / '2' (in each indicator's difference unit); "
        "default: each plan's own, else 5%%",
    )  # fmt: skip
    many.add_argument(
        "--charts", action="store_true",
        help="embed a chart per indicator in each HTML report (needs matplotlib)",
    )  # fmt: skip
    many.add_argument(
        "--suppress-below", type=_positive_int, metavar="N",
        help="for publication: print counts below N (and figures that would reveal them) "
        "as [c]",
    )  # fmt: skip
    many.set_defaults(run=_cmd_report_many, check=lambda args: _check_report_many(many, args))
    difference = commands.add_parser(
        "diff", help="say what changed between two versions of a plan",
        epilog="exit codes: 0 the plans are the same; 1 they differ; 2 trouble (a plan "
        "that cannot be read or is invalid, or a usage error), as diff(1). OLD and NEW are "
        "bundled plan names (see 'plans') or plan files.",
        description="Compare two versions of a plan, matching priorities, outcomes, "
        "targets, actions, indicators and partnerships by id and glossary entries by term, "
        "and say every change in plain English (or as JSON).",
    )  # fmt: skip
    difference.add_argument("old", metavar="OLD", help="the earlier version")
    difference.add_argument("new", metavar="NEW", help="the later version")
    difference.add_argument(
        "--format", choices=("text", "json"), default="text",
        help="plain English (default) or JSON for tools",
    )  # fmt: skip
    difference.set_defaults(run=_cmd_diff, trouble=EXIT_USAGE)

    schema = commands.add_parser(
        "schema", help="print a JSON Schema", epilog=_EPILOG,
        description="Print the JSON Schema of plan files, of the JSON form of "
        "observation files, or of 'diff --format json'.",
    )  # fmt: skip
    schema.add_argument(
        "which", nargs="?", default="plan", choices=("plan", "observations", "diff"),
        help="which schema (default: %(default)s)",
    )  # fmt: skip
    schema.set_defaults(run=_cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code.

    Args:
        argv: The arguments, without the program name (default: ``sys.argv[1:]``).

    Returns:
        :data:`EXIT_OK`, :data:`EXIT_PROBLEMS` or :data:`EXIT_USAGE` (``diff``:
        :data:`EXIT_OK`, :data:`EXIT_DIFFERENT` or :data:`EXIT_USAGE`).

    Example:
        >>> from safeguarding_plan.cli import main
        >>> from safeguarding_plan.plans import bundled_plan_path
        >>> main(["validate", str(bundled_plan_path("stockport-2023-26"))])
        /...stockport-2023-26.yaml: valid plan 'stockport-2023-26': 5 priorities, 35 targets,
        28 actions, 0 warnings
        0
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        check = getattr(args, "check", None)
        if check is not None:
            check(args)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    # ``diff`` keeps 1 for "the plans differ", so its trouble is 2.
    trouble: int = getattr(args, "trouble", EXIT_PROBLEMS)
    try:
        code: int = args.run(args)
    except _Failed:
        return trouble
    except _Usage as exc:
        _say(f"error: {exc}", file=sys.stderr)
        return trouble
    except _BadArguments as exc:
        _say(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SafeguardingPlanError as exc:
        _print_error(exc)
        return trouble
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        _say(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
        return trouble
    except KeyboardInterrupt:
        _say("error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the promise is one line, never a traceback
        if os.environ.get("SAFEGUARDING_PLAN_TRACEBACK"):
            raise
        _say(
            f"error: unexpected {type(exc).__name__}: {' '.join(str(exc).split())} "
            "(set SAFEGUARDING_PLAN_TRACEBACK=1 to see where)",
            file=sys.stderr,
        )
        return trouble
    return code
