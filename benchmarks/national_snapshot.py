"""The national-scale judging's output, written to a file and compared with a file written before.

Every report of ``bench_national.py``'s 150 plans as ``to_dict()`` (every field, the
explanation sentences included), and the Markdown and HTML reports of the first three
plans, as one JSON document. Write it before changing the engine, and compare after each
step: a speed-up must change nothing anyone can read.

Run from the repository's root::

    python benchmarks/national_snapshot.py write /tmp/before.json
    python benchmarks/national_snapshot.py check /tmp/before.json
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
from typing import Any

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_national import AS_OF, cases  # noqa: E402

from safeguarding_plan import evaluate  # noqa: E402
from safeguarding_plan.reports import render_html, render_markdown  # noqa: E402


def snapshot(plans: int = 150) -> dict[str, Any]:
    """The reports' content, by plan id."""
    out: dict[str, Any] = {}
    for number, (plan, data) in enumerate(cases(plans)):
        report = evaluate(plan, data, as_of=AS_OF)
        entry: dict[str, Any] = {"to_dict": report.to_dict()}
        if number < 3:
            entry["markdown"] = render_markdown(report)
            entry["html"] = render_html(report)
        out[plan.id] = entry
    return out


def differences(before: Any, after: Any, where: str = "") -> list[str]:
    """Where two JSON values differ (at most the first few places)."""
    if isinstance(before, dict) and isinstance(after, dict):
        found = []
        for key in sorted(set(before) | set(after)):
            found += differences(before.get(key), after.get(key), f"{where}.{key}")
        return found
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        found = []
        for n, (b, a) in enumerate(zip(before, after, strict=True)):
            found += differences(b, a, f"{where}[{n}]")
        return found
    return [] if before == after else [f"{where}: {before!r} -> {after!r}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("action", choices=("write", "check"))
    parser.add_argument("path", type=pathlib.Path)
    args = parser.parse_args()
    now = json.loads(json.dumps(snapshot()))
    if args.action == "write":
        args.path.write_text(json.dumps(now, sort_keys=True), encoding="utf-8")
        print(f"wrote {len(now)} plans' reports to {args.path}")
        return
    found = differences(json.loads(args.path.read_text(encoding="utf-8")), now)
    for line in found[:20]:
        print(line)
    print(f"{len(found)} differences in {len(now)} plans' reports")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
