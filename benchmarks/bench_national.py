"""The national-scale run: 150 plans judged, and a file of 10^6 rows read.

* **judging**: 150 plans of the Stockport shape (35 targets each, 14 of them on
  indicators with a trajectory; 12 quarters of observations per indicator, 2022/23 Q1 to
  2024/25 Q4, about 1.5% of them typed wrong for the plausibility checks; England's value
  every quarter and the region's and the statistical neighbours' every fourth quarter),
  each judged with ``evaluate`` as at 31 January 2025 (2023/24 over, 2024/25 in-year, so
  forecasts are made), against :func:`floor.floor_evaluate`, a minimal float-only
  implementation computing the same fields. Both are first checked to give the same
  status, RAG, actual, expected, gap, progress, direction of travel (and year on year),
  interval, comparators and forecast for every target, and the same number of
  plausibility warnings for every plan; then each is timed (CPU time, best of
  ``--repeat``, alternating) and the ratio printed;
* **reading**: ``bench_read.py``'s file of 10^6 rows read by ``load_observations`` in a
  fresh process (CPU time and peak memory);
* **many plans from one file**: the 150 plans' observations written to one CSV file with
  an ``area`` column, read once and every plan judged with ``evaluate_many``.

Run from the repository's root: ``python benchmarks/bench_national.py [--repeat R]``
(``--rows N`` for a smaller file).
"""

from __future__ import annotations

import argparse
import datetime as dt
import pathlib
import random
import resource
import sys
import tempfile
import time
from typing import Any

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_evaluate import QUARTERS, council_observations, council_plan  # noqa: E402
from floor import floor_evaluate  # noqa: E402

from safeguarding_plan import Observation, evaluate, plan_to_dict  # noqa: E402
from safeguarding_plan.plans import stockport_2023_26  # noqa: E402

AS_OF = dt.date(2025, 1, 31)
"""The date judged: 2023/24 is over, 2024/25 in its fourth quarter (so forecasts are made)."""


def comparator_rows(plan: Any, rng: random.Random) -> list[Observation]:
    """England's value every quarter, the region's and the neighbours' in each fourth quarter.

    A percentage's comparator values carry counts half the time (then similar means that
    the Wilson intervals overlap, when the partnership's value has counts too).
    """
    out = []
    for ind in plan.indicators:
        start = ind.baseline.value if ind.baseline and ind.baseline.value is not None else 30.0
        for quarter in QUARTERS:
            for comparator in ("england", "north-west", "statistical-neighbours"):
                if comparator != "england" and quarter.number != 4:
                    continue
                if ind.measure.value == "flow":
                    value: dict[str, Any] = {"value": rng.randint(0, 12)}
                elif ind.is_percent and rng.random() < 0.5:
                    denominator = rng.randint(200, 2000)
                    share = min(max(start * rng.uniform(0.8, 1.1) / 100, 0.0), 1.0)
                    value = {"numerator": round(share * denominator), "denominator": denominator}
                else:
                    value = {"value": round(min(start * rng.uniform(0.8, 1.1), 100.0), 1)}
                out.append(
                    Observation(indicator=ind.id, period=quarter, comparator=comparator, **value)
                )
    return out


def slips(plan: Any, data: list[Observation], rng: random.Random) -> list[Observation]:
    """A few values typed wrong, for the plausibility checks: a percentage typed as a
    fraction, a value ten times too large with a count that is not whole, and so on."""
    percent = {i.id for i in plan.indicators if i.is_percent}
    out = []
    for o in data:
        roll = rng.random()
        if o.value is None or o.denominator is not None or roll > 0.03:
            out.append(o)
        elif o.indicator in percent and roll < 0.015:
            out.append(
                Observation(indicator=o.indicator, period=o.period, value=round(o.value / 100, 3))
            )
        elif o.indicator not in percent:
            out.append(Observation(indicator=o.indicator, period=o.period, value=o.value * 20.5))
        else:
            out.append(o)
    return out


def cases(plans: int) -> list[tuple[Any, list[Any]]]:
    """The plans and their observations (the same every run): each plan's own twelve
    quarters (a few typed wrong) and its comparators' values."""
    rng = random.Random(20230401)
    other = random.Random(15)
    base = plan_to_dict(stockport_2023_26())
    out = []
    for number in range(plans):
        plan = council_plan(base, number, rng)
        own = slips(plan, council_observations(plan, rng), other)
        out.append((plan, own + comparator_rows(plan, other)))
    return out


def _plausibility_warnings(report: Any) -> int:
    """The report's plausibility warnings: those located at an observation's column."""
    return sum(
        1 for p in report.problems if p.location.startswith("observations[") and "]." in p.location
    )


def _forecast(result: Any) -> tuple | None:
    forecast = result.forecast
    if forecast is None:
        return None
    interval = forecast.interval
    shown = None if interval is None else (interval.low, interval.high)
    return (forecast.outlook.value, forecast.value, shown)


def disagreements(all_cases: list[tuple[Any, list[Any]]]) -> list[str]:
    """Where the floor and ``evaluate`` differ: status, RAG, actual, expected, gap,
    progress, direction of travel, year on year, the Wilson interval, each comparator's
    difference and benchmark, the forecast's outlook, value and interval; and the number
    of plausibility warnings of each plan."""
    found = []
    for plan, data in all_cases:
        report = evaluate(plan, data, as_of=AS_OF)
        floor = floor_evaluate(plan, data, AS_OF)
        for result in report.targets:
            mine = floor["targets"][result.id]
            interval = result.interval
            theirs = (
                result.status.value, result.rag.value, result.actual, result.expected,
                result.gap, result.progress, result.direction.value,
                result.travel_year_on_year.value,
                None if interval is None else (interval.low, interval.high),
                tuple((c.comparator, c.difference, c.benchmark.value) for c in result.comparators),
                _forecast(result),
            )  # fmt: skip
            ours = (
                mine[0], mine[1], mine[2], mine[4], mine[6], mine[7], mine[9], mine[11], mine[10],
                mine[12], mine[13],
            )  # fmt: skip
            if theirs != ours:
                found.append(f"{plan.id} {result.id}: evaluate {theirs}, floor {ours}")
        warned = _plausibility_warnings(report)
        if warned != floor["plausibility"]:
            found.append(
                f"{plan.id}: {warned} plausibility warnings, floor {floor['plausibility']}"
            )
    return found


def best_cpu(run: Any, repeat: int) -> float:
    """The least CPU time of ``repeat`` runs of ``run()``."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return best


def judging(repeat: int, plans: int) -> None:
    all_cases = cases(plans)
    targets = sum(len(tuple(plan.iter_targets())) for plan, _ in all_cases)
    rows = sum(len(data) for _, data in all_cases)
    differ = disagreements(all_cases)
    print(f"judging: {plans} plans, {targets:,} targets, {rows:,} observations, as at {AS_OF}")
    print(f"  the floor and evaluate agree on {targets - len(differ):,} of {targets:,} targets")
    for line in differ[:5]:
        print(f"    {line}")

    def engine() -> None:
        for plan, data in all_cases:
            evaluate(plan, data, as_of=AS_OF)

    def floor() -> None:
        for plan, data in all_cases:
            floor_evaluate(plan, data, AS_OF)

    engine_best, floor_best = float("inf"), float("inf")
    for _ in range(repeat):  # alternate, so both see the same machine
        engine_best = min(engine_best, best_cpu(engine, 1))
        floor_best = min(floor_best, best_cpu(floor, 1))
    print(
        f"  evaluate: {engine_best:.3f} s ({engine_best / plans * 1000:.2f} ms a plan); "
        f"floor: {floor_best:.3f} s; ratio {engine_best / floor_best:.2f}"
    )


def _cell(number: float | None) -> str:
    return "" if number is None else repr(number)


def _judged(report: Any) -> dict[str, Any]:
    """A report's judgements, without the observations as given (a file holds their text)
    and without the problems' locations (a file's line, or a place in a list)."""
    data = report.to_dict()
    data.pop("observations", None)
    for problem in data.get("problems", []):
        problem.pop("location", None)
    return data


def many_plans(repeat: int, plans: int) -> None:
    """The plans' observations as one CSV file with a ``plan`` column, read and judged."""
    from safeguarding_plan import evaluate_many, load_observations_by_plan  # noqa: PLC0415

    all_cases = cases(plans)
    lines = ["plan,indicator,period,value,numerator,denominator,comparator\n"]
    for plan, data in all_cases:
        for o in data:
            value = o.suppressed or _cell(o.value)
            lines.append(
                f"{plan.id},{o.indicator},{o.period},{value},{_cell(o.numerator)},"
                f"{_cell(o.denominator)},{o.comparator or ''}\n"
            )
    plan_list = [plan for plan, _ in all_cases]
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "national.csv"
        path.write_text("".join(lines))
        found: dict[str, Any] = {}

        def read() -> None:
            found.update(load_observations_by_plan(path, plan_list))

        read_best = best_cpu(read, repeat)
        judge_best = best_cpu(lambda: evaluate_many(plan_list, found, as_of=AS_OF), repeat)
    same = all(
        _judged(evaluate(plan, data, as_of=AS_OF))
        == _judged(evaluate(plan, found[plan.id], as_of=AS_OF))
        for plan, data in all_cases[:10]
    )
    print(
        f"many plans from one file: {len(lines) - 1:,} rows of {plans} plans read in "
        f"{read_best:.3f} s, judged with evaluate_many in {judge_best:.3f} s "
        f"(reports as from each plan's own data: {same})"
    )


def reading(rows: int) -> None:
    from bench_read import measure  # noqa: PLC0415
    from national_data import write_rows  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "national.csv"
        size = write_rows(path, rows)
        found = measure(sys.executable, path)
    print(
        f"reading: {rows:,} rows ({size / 1e6:.1f} MB): {found['cpu']:.2f} s of CPU "
        f"({found['seconds']:.2f} s wall), peak memory (maxrss) {found['maxrss'] / 1e6:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--plans", type=int, default=150)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    judging(args.repeat, args.plans)
    many_plans(args.repeat, args.plans)
    reading(args.rows)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"peak memory of this process (judging): {peak / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
