"""Time the HTML report with charts for the bundled Stockport plan.

Two figures, comparable from one commit to the next on the same machine:

* ``command``: the README's report step (``safeguarding-plan report ... --charts``) run
  as a fresh process, imports included: what a user waits for. Best of ``--repeat`` runs.
* ``render``: ``render_html(report, charts=True)`` in a warm process (plan loaded, data
  read and judged beforehand): the drawing itself. Best of ``--repeat`` runs.

Run with ``python benchmarks/bench_report.py [--repeat R]`` from the repository's root.
"""

from __future__ import annotations

import argparse
import datetime as dt
import pathlib
import subprocess
import sys
import tempfile
import time

from safeguarding_plan.evaluation import evaluate
from safeguarding_plan.observation_files import load_progress
from safeguarding_plan.plans import stockport_2023_26
from safeguarding_plan.reports import render_html

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "examples" / "data"
FILES = [
    DATA / "stockport-illustrative.csv",
    "--updates", DATA / "stockport-illustrative-updates.csv",
    "--assessments", DATA / "stockport-illustrative-assessments.csv",
]  # fmt: skip
AS_OF = dt.date(2024, 12, 31)


def time_command(repeat: int) -> float:
    """Best wall time of the report command with charts, in a fresh process each time."""
    best = float("inf")
    with tempfile.TemporaryDirectory() as folder:
        output = pathlib.Path(folder) / "report.html"
        command = [
            sys.executable, "-m", "safeguarding_plan", "report", "stockport-2023-26", *FILES,
            "--as-of", AS_OF.isoformat(), "--format", "html", "--charts", "--output", output,
        ]  # fmt: skip
        for _ in range(repeat):
            started = time.perf_counter()
            subprocess.run([str(c) for c in command], check=True, capture_output=True)  # noqa: S603
            best = min(best, time.perf_counter() - started)
    return best


def time_render(repeat: int) -> tuple[float, int]:
    """Best time of render_html with charts in a warm process, and the number of charts."""
    plan = stockport_2023_26()
    data = load_progress(DATA / "stockport-illustrative.csv", plan)
    updates = load_progress(DATA / "stockport-illustrative-updates.csv", plan)
    assessments = load_progress(DATA / "stockport-illustrative-assessments.csv", plan)
    report = evaluate(
        plan,
        data.observations,
        updates=updates.action_updates,
        assessments=assessments.assessments,
        as_of=AS_OF,
    )
    page = render_html(report, observations=data.observations, charts=True)  # warm up
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        render_html(report, observations=data.observations, charts=True)
        best = min(best, time.perf_counter() - started)
    return best, page.count("<img ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    render, charts = time_render(args.repeat)
    command = time_command(args.repeat)
    print(f"Stockport plan, HTML report with {charts} charts, as at {AS_OF}; best of {args.repeat}")
    print(f"command (fresh process): {command:.3f} s")
    print(f"render_html (warm):      {render:.3f} s")


if __name__ == "__main__":
    main()
