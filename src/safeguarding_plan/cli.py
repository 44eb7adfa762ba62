"""The ``safeguarding-plan`` command line (also ``python -m safeguarding_plan``).

Commands:

* ``plans``: list the bundled plans;
* ``show PLAN``: print a plan in plain English, with any warnings;
* ``validate FILE``: check a plan file, or a file of observations, action updates or
  assessments (checked against ``--plan``), listing every problem;
* ``evaluate PLAN OBSERVATIONS --as-of DATE``: print a RAG table;
* ``report PLAN OBSERVATIONS --as-of DATE --format md|html|json --output PATH``: write
  the quarterly scrutiny report (``--charts`` embeds charts in the HTML; ``--chart-dir``
  also writes them as PNG or SVG files; ``--suppress-below N`` withholds small counts);
* ``schema [plan|observations]``: print a JSON Schema.

``PLAN`` is the name of a bundled plan (see ``plans``) or the path of a plan file.

Exit codes:

* ``0``: success (``validate``: no errors; warnings are printed but do not fail);
* ``1``: problems found: a file is invalid or cannot be read, an id is unknown (also any
  unexpected error, in one line; set ``SAFEGUARDING_PLAN_TRACEBACK=1`` for the traceback);
* ``2``: usage error: an unknown option, a missing argument, a date that is not a date.

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
from typing import TYPE_CHECKING, Any, TextIO

from safeguarding_plan._version import __version__
from safeguarding_plan.errors import SafeguardingPlanError

if TYPE_CHECKING:
    from safeguarding_plan.evaluation import Report
    from safeguarding_plan.model import Plan
    from safeguarding_plan.observation_files import ProgressData

__all__ = ["EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE", "build_parser", "main"]

EXIT_OK = 0
"""Success."""
EXIT_PROBLEMS = 1
"""Problems found: invalid or unreadable files, unknown ids."""
EXIT_USAGE = 2
"""The command line itself was wrong (argparse's own exit code)."""

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


def _load_progress(
    plan: Plan,
    observations: str,
    updates: str | None,
    assessments: str | None,
    markers: Sequence[str] | None,
) -> ProgressData:
    from safeguarding_plan.observation_files import (  # noqa: PLC0415
        ProgressData,
        load_progress,
    )
    from safeguarding_plan.observations import DEFAULT_SUPPRESSION_MARKERS  # noqa: PLC0415

    chosen = tuple(markers) if markers else DEFAULT_SUPPRESSION_MARKERS
    errors: list[SafeguardingPlanError] = []
    found: list[ProgressData] = []
    for path in (observations, updates, assessments):
        if path is None:
            continue
        try:
            found.append(load_progress(path, plan, markers=chosen))
        except SafeguardingPlanError as exc:
            errors.append(exc)
    if errors:
        for error in errors:
            _print_error(error)
        raise _Failed
    return ProgressData(
        observations=tuple(o for d in found for o in d.observations),
        action_updates=tuple(u for d in found for u in d.action_updates),
        assessments=tuple(a for d in found for a in d.assessments),
    )


def _evaluate(args: argparse.Namespace) -> tuple[Report, ProgressData]:
    from safeguarding_plan.evaluation import evaluate  # noqa: PLC0415

    plan = _load_plan(args.plan)
    data = _load_progress(plan, args.observations, args.updates, args.assessments, args.markers)
    report = evaluate(
        plan,
        data.observations,
        updates=data.action_updates,
        assessments=data.assessments,
        as_of=args.as_of,
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
    if plan.organisations:
        out += _wrap("Owned by: " + "; ".join(plan.organisations), "")
    if plan.vision:
        out += ["", *_wrap(f"Vision: {plan.vision}", "")]
    for number, priority in enumerate(plan.priorities, start=1):
        heading = f"{number}. {priority.partnership.label} priority: {priority.title}"
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
                    f"By the end of {action.due} ({owner}){shared}: {action.text} "
                    f"[{action.id}]",
                    "   - ",
                )
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


def _cmd_validate(args: argparse.Namespace) -> int:
    from safeguarding_plan.observation_files import file_kind, load_progress  # noqa: PLC0415
    from safeguarding_plan.observations import DEFAULT_SUPPRESSION_MARKERS  # noqa: PLC0415

    path = pathlib.Path(args.file)
    if not path.exists():
        _say(f"error: {path}: no such file", file=sys.stderr)
        return EXIT_PROBLEMS
    if file_kind(path) == "plan":
        from safeguarding_plan.files import load_plan  # noqa: PLC0415
        from safeguarding_plan.model import validate  # noqa: PLC0415

        plan = load_plan(path)
        warnings = validate(plan)
        for warning in warnings:
            _say(f"warning: {path}: {warning}", file=sys.stderr)
        counts = (
            _n(len(plan.priorities), "priority", "priorities"),
            _n(sum(1 for _ in plan.iter_targets()), "target"),
            _n(sum(1 for _ in plan.iter_actions()), "action"),
            _n(len(warnings), "warning"),
        )
        _say(f"{path}: valid plan {plan.id!r}: {', '.join(counts)}")
        return EXIT_OK
    plan = _load_plan(args.plan)
    markers = tuple(args.markers) if args.markers else DEFAULT_SUPPRESSION_MARKERS
    data = load_progress(path, plan, markers=markers)
    withheld = sum(1 for o in data.observations if o.is_suppressed)
    _say(
        f"{path}: valid for plan {plan.id!r}: {_n(len(data.observations), 'observation')} "
        f"({withheld} withheld), {_n(len(data.action_updates), 'action update')}, "
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


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from safeguarding_plan.evaluation import RAG, Status  # noqa: PLC0415
    from safeguarding_plan.model import format_value  # noqa: PLC0415

    report, _ = _evaluate(args)
    colour = _use_colour(sys.stdout)

    def rag(r: RAG) -> str:
        return _paint(f"{r.symbol} {r.label}".ljust(8), r.value, colour)

    def figure(value: float | None, unit: str) -> str:
        return "-" if value is None else format_value(round(value, 2), unit)

    plan = report.plan
    overall = report.overall
    counts = ", ".join(f"{overall.count(r)} {r.label.lower()}" for r in RAG)
    out = [
        f"{plan.title}",
        f"As at {report.as_of.isoformat()}. Overall: {rag(overall.rag).rstrip()} ({counts}).",
    ]
    by_priority = {p.id: p for p in plan.priorities}
    for rollup in report.priorities:
        priority = by_priority[rollup.id]
        heading = f"{priority.partnership.label} priority: {priority.title}"
        out += ["", f"{heading}  [overall {rag(rollup.rag).rstrip()}]"]
        rows = [["RAG", "STATUS", "ITEM", "DUE", "LATEST ACTUAL", "EXPECTED", "GAP"]]
        cells: list[tuple[Any, list[str]]] = []
        for t in (t for t in report.targets if t.priority == priority.id):
            status = t.status.label
            if t.overdue:
                status = "no data (overdue)"
            actual = "withheld" if t.status is Status.SUPPRESSED else figure(t.actual, t.unit)
            if t.actual is not None and t.period is not None:
                actual = f"{actual} ({t.period})"
            gap = figure(t.gap, t.indicator.difference_unit)
            if t.gap is not None and t.gap > 0:
                gap = f"+{gap}"
            cells.append((t.rag, [status, t.id, f"by {t.target.period}", actual,
                                  figure(t.expected, t.unit), gap]))  # fmt: skip
        for a in plan.actions_for(priority):
            result = report.action(a.id)
            cells.append((result.rag, [result.status.label, f"action {a.id}",
                                       f"due {a.due}", "", "", ""]))  # fmt: skip
        cells.extend(
            (o.rag, [o.status.label, f"outcome {o.id}", "", "", "", ""])
            for o in report.outcomes
            if o.priority == priority.id
        )
        plain = rows + [[f"{r.symbol} {r.label}", *c] for r, c in cells]
        widths = [max(len(row[i]) for row in plain) for i in range(len(plain[0]))]
        for number, row in enumerate(plain):
            text = "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
            if number and colour:
                r = cells[number - 1][0]
                text = _paint(row[0].ljust(widths[0]), r.value, colour) + text[widths[0]:]
            out.append("  " + text)
    if report.problems:
        out += ["", "Notes:"]
        out += [f"  {p.severity.value}: {p}" for p in report.problems]
    _say("\n".join(out))
    return EXIT_OK


def _cmd_report(args: argparse.Namespace) -> int:
    from safeguarding_plan.evaluation import PublicationPolicy  # noqa: PLC0415
    from safeguarding_plan.reports import render  # noqa: PLC0415

    publication = PublicationPolicy(suppress_below=args.suppress_below)
    if args.charts and args.format != "html":
        _say("warning: --charts applies only to --format html; ignored", file=sys.stderr)
    report, data = _evaluate(args)
    try:
        text = render(
            report,
            args.format,
            observations=data.observations,
            charts=args.charts and args.format == "html",
            publication=publication,
        )
    except ImportError as exc:
        _say(f"error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    written: list[pathlib.Path] = []
    if args.chart_dir is not None:
        try:
            from safeguarding_plan.charts import write_charts  # noqa: PLC0415

            written = write_charts(
                report,
                args.chart_dir,
                data.observations,
                format=args.chart_format,
                publication=publication,
            )
        except ImportError as exc:
            _say(f"error: {exc}", file=sys.stderr)
            return EXIT_PROBLEMS
    if args.output == "-":
        sys.stdout.write(text)
    else:
        path = pathlib.Path(args.output)
        path.write_text(text, encoding="utf-8")
        _say(f"wrote {path} ({args.format}, as at {report.as_of.isoformat()})")
    if written:
        _say(
            f"wrote {len(written)} charts to {args.chart_dir} ({args.chart_format})",
            file=sys.stderr if args.output == "-" else None,
        )
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    import json  # noqa: PLC0415

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
        help="a CSV or JSON file of observations (a JSON file may also hold action "
        "updates and assessments)",
    )
    parser.add_argument(
        "--as-of", required=True, type=_date, metavar="DATE",
        help="the date to judge at, YYYY-MM-DD (e.g. 2024-03-31)",
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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``safeguarding-plan``, with every command."""
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
        "--plan", default="stockport-2023-26", metavar="PLAN",
        help="the plan an observations file is checked against (default: %(default)s)",
    )  # fmt: skip
    validate.add_argument(
        "--markers", type=_markers, metavar="LIST",
        help="comma-separated suppression markers (default: c,x,*,[c],[x])",
    )  # fmt: skip
    validate.set_defaults(run=_cmd_validate)

    evaluate = commands.add_parser(
        "evaluate", help="print a RAG table", epilog=_EPILOG,
        description="Judge every target, action and qualitative outcome as at a date and "
        "print a RAG table (RAG as words and symbols; colour only on a terminal, and "
        "never when NO_COLOR is set).",
    )  # fmt: skip
    _add_evaluation_arguments(evaluate)
    evaluate.set_defaults(run=_cmd_evaluate)

    report = commands.add_parser(
        "report", help="write the quarterly scrutiny report", epilog=_EPILOG,
        description="Write the quarterly scrutiny report as Markdown, HTML (one "
        "self-contained, accessible file) or JSON.",
    )  # fmt: skip
    _add_evaluation_arguments(report)
    report.add_argument(
        "--format", required=True, choices=("md", "html", "json"), help="the report format"
    )
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
    report.set_defaults(run=_cmd_report)

    schema = commands.add_parser(
        "schema", help="print a JSON Schema", epilog=_EPILOG,
        description="Print the JSON Schema of plan files or of the JSON form of "
        "observation files.",
    )  # fmt: skip
    schema.add_argument(
        "which", nargs="?", default="plan", choices=("plan", "observations"),
        help="which schema (default: %(default)s)",
    )  # fmt: skip
    schema.set_defaults(run=_cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code.

    Args:
        argv: The arguments, without the program name (default: ``sys.argv[1:]``).

    Returns:
        :data:`EXIT_OK`, :data:`EXIT_PROBLEMS` or :data:`EXIT_USAGE`.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    try:
        code: int = args.run(args)
    except _Failed:
        return EXIT_PROBLEMS
    except _Usage as exc:
        _say(f"error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except SafeguardingPlanError as exc:
        _print_error(exc)
        return EXIT_PROBLEMS
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        _say(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_PROBLEMS
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
        return EXIT_PROBLEMS
    return code
