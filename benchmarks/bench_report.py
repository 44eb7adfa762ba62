"""Time the HTML report with charts for the bundled Stockport plan.

Two figures, comparable from one commit to the next on the same machine:

* ``command``: the README's report step (``safeguarding-plan report ... --charts``) run
  as a fresh process, imports included: what a user waits for. Best of ``--repeat`` runs.
* ``render``: ``render_html(report, charts=True)`` in a warm process (plan loaded, data
  read and judged beforehand): the drawing itself. Best of ``--repeat`` runs.

Run with ``python benchmarks/bench_report.py [--repeat R] [--against SRC]`` from the
repository's root. The command's CPU time (user + system) is printed beside its wall time:
on a shared machine it is the steadier of the two. ``--against`` times another checkout
in the same run, taking turns, and prints the ratio; for the previous commit::

    git worktree add --detach /tmp/before HEAD~1
    python benchmarks/bench_report.py --against /tmp/before/src
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
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


def _run_command(command: list[str], src: str | None) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one fresh process running ``command``.

    ``src``, if given, is put first on PYTHONPATH: another checkout's ``src`` folder, so
    one run can time two versions of the package side by side.
    """
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = src
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"the report command failed (status {status}): {' '.join(command)}")
    return wall, usage.ru_utime + usage.ru_stime


def time_command(repeat: int, sources: list[str | None]) -> list[tuple[float, float]]:
    """Best wall and CPU time of the report command with charts, for each of ``sources``.

    Each run is a fresh process, imports included. The sources take turns, run after run,
    so a busy machine slows them alike: compare them as ratios.
    """
    best = [(float("inf"), float("inf")) for _ in sources]
    with tempfile.TemporaryDirectory() as folder:
        output = pathlib.Path(folder) / "report.html"
        command = [
            sys.executable, "-m", "safeguarding_plan", "report", "stockport-2023-26", *FILES,
            "--as-of", AS_OF.isoformat(), "--format", "html", "--charts", "--output", output,
        ]  # fmt: skip
        for _ in range(repeat):
            for index, src in enumerate(sources):
                wall, cpu = _run_command([str(c) for c in command], src)
                best[index] = (min(best[index][0], wall), min(best[index][1], cpu))
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
    parser.add_argument(
        "--against", metavar="SRC",
        help="another checkout's src folder (say, a git worktree of the previous commit): "
        "time its command in the same run, taking turns, and print the ratio",
    )  # fmt: skip
    args = parser.parse_args()
    render, charts = time_render(args.repeat)
    sources: list[str | None] = [None] if args.against is None else [None, args.against]
    (wall, cpu), *other = time_command(args.repeat, sources)
    print(f"Stockport plan, HTML report with {charts} charts, as at {AS_OF}; best of {args.repeat}")
    print(f"command (fresh process): {wall:.3f} s wall, {cpu:.3f} s CPU")
    print(f"render_html (warm):      {render:.3f} s")
    for then_wall, then_cpu in other:
        print(f"against {args.against}: {then_wall:.3f} s wall, {then_cpu:.3f} s CPU; "
              f"this one takes {wall / then_wall:.2f} x the wall time, "
              f"{cpu / then_cpu:.2f} x the CPU time")  # fmt: skip


if __name__ == "__main__":
    main()
