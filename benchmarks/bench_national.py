"""The national-scale run: 150 plans judged, and a file of 10^6 rows read.

* **judging**: 150 plans of the Stockport shape (35 targets each, 14 of them on
  indicators with a trajectory; 12 quarters of observations per indicator, 2022/23 Q1 to
  2024/25 Q4, about 1.5% of them typed wrong for the plausibility checks and about 2%
  carrying a commentary or a corrective action; England's value every quarter and the
  region's and the statistical neighbours' every fourth quarter), each judged with
  ``evaluate`` as at 31 January 2025 (2023/24 over, 2024/25 in-year, so forecasts are
  made), against :func:`floor.floor_evaluate`, a minimal float-only implementation
  computing the same fields. Both are first checked to give the same answers
  (:func:`disagreements`): every target's fields (:data:`floor.TARGET_FIELDS`: the
  figures, the reason's goal, margin and tolerance, the confidence, the comparisons, the
  commentary, the forecast), every action, outcome and roll-up, every trajectory, the
  warnings (not started, baseline conflict, after the plan's last year, overdue) and the
  number of plausibility warnings; also for the first plan with values after the plan's
  last year, judged before the plan starts, and given data that ``evaluate`` refuses
  (the same problems, at the same places). Then each is timed (CPU time, best of
  ``--repeat``, alternating) and the ratio printed (``--old-floor PATH`` times another
  floor module beside them, such as an earlier version of ``floor.py``);
* **reading**: ``bench_read.py``'s file of 10^6 rows read by ``load_observations`` in a
  fresh process (CPU time and peak memory);
* **many plans from one file**: the 150 plans' observations written to one CSV file with
  an ``area`` column, read once and every plan judged with ``evaluate_many``.

Run from the repository's root: ``python benchmarks/bench_national.py [--repeat R]``
(``--rows N`` for a smaller file, ``--old-floor PATH``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import pathlib
import random
import resource
import sys
import tempfile
import time
from typing import Any

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import attrs  # noqa: E402
from bench_evaluate import QUARTERS, council_observations, council_plan  # noqa: E402
from floor import COMPARATOR_FIELDS, FORECAST_FIELDS, TARGET_FIELDS, floor_evaluate  # noqa: E402

from safeguarding_plan import Observation, ObservationError, evaluate, plan_to_dict  # noqa: E402
from safeguarding_plan.periods import FinancialYear  # noqa: E402
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


def commented(data: list[Observation], rng: random.Random) -> list[Observation]:
    """About 2% of the values with the owner's account: a commentary and a corrective
    action with its owner and due date, or a corrective action alone."""
    out = []
    for o in data:
        roll = rng.random()
        if roll < 0.01:
            o = attrs.evolve(  # noqa: PLW2901
                o,
                commentary="A rise in repeat concerns from one provider.",
                corrective_action="Targeted visits",
                action_owner="Adults' quality assurance",
                action_due=dt.date(2025, 3, 31),
            )
        elif roll < 0.02:
            o = attrs.evolve(o, corrective_action="Audit of the cases")  # noqa: PLW2901
        out.append(o)
    return out


def cases(plans: int) -> list[tuple[Any, list[Any]]]:
    """The plans and their observations (the same every run): each plan's own twelve
    quarters (a few typed wrong, a few commented) and its comparators' values."""
    rng = random.Random(20230401)
    other = random.Random(15)
    remarks = random.Random(16)
    base = plan_to_dict(stockport_2023_26())
    out = []
    for number in range(plans):
        plan = council_plan(base, number, rng)
        own = commented(slips(plan, council_observations(plan, rng), other), remarks)
        out.append((plan, own + comparator_rows(plan, other)))
    return out


def _key(period: Any) -> tuple[int, int] | None:
    """A period as the floor keys it: (start year, quarter number), 0 for the year."""
    if period is None:
        return None
    if isinstance(period, FinancialYear):
        return (period.start_year, 0)
    return (period.year.start_year, period.number)


def _pair(interval: Any) -> tuple[float, float] | None:
    return None if interval is None else (interval.low, interval.high)


def _goal(goal: Any) -> tuple | None:
    return None if goal is None else (goal.sense.value, goal.value, goal.low, goal.high)


def _forecast(result: Any) -> tuple | None:
    f = result.forecast
    if f is None:
        return None
    return (
        f.outlook.value, f.basis.value, f.value, _pair(f.interval),
        tuple(_key(p) for p in f.periods), f.granularity, f.slope, f.total, f.elapsed,
        f.days, f.tolerance, f.found,
    )  # fmt: skip


def _commentary(result: Any) -> tuple | None:
    c = result.commentary
    if c is None:
        return None
    return (_key(c.period), c.commentary, c.corrective_action, c.action_owner, c.action_due)


def _target(result: Any) -> tuple:
    """A result's fields in the order of :data:`floor.TARGET_FIELDS`."""
    r = result.reason
    return (
        result.status.value, result.rag.value, result.actual, _key(result.period),
        result.expected, result.target_value, result.baseline, result.reference, result.gap,
        result.progress, result.shortfall, result.tolerance, result.direction.value,
        _pair(result.interval), None if result.confidence is None else result.confidence.value,
        result.travel_year_on_year.value, _goal(r.goal), _goal(r.compared_with),
        None if r.expected_on is None else r.expected_on.toordinal(), r.margin,
        r.within_tolerance, None if r.numerator is None else (r.numerator, r.denominator),
        _key(r.passed_over),
        tuple(
            (c.comparator, c.value, c.difference, c.benchmark.value, c.tolerance,
             _pair(c.interval), c.by_intervals)
            for c in result.comparators
        ),
        _commentary(result), _forecast(result),
    )  # fmt: skip


def _rollup(rollup: Any) -> tuple:
    return (
        {k.value: v for k, v in rollup.counts.items()},
        {k.value: v for k, v in rollup.rags.items()},
        rollup.rag.value,
        rollup.total,
        rollup.judged,
    )


def _notes(report: Any) -> tuple[tuple, int]:
    """The report's warnings as the floor gives them (kind, where), and how many are
    plausibility warnings (those located at an observation's column)."""
    notes: list[tuple] = []
    plausibility = 0
    for p in report.problems:
        where = p.location
        if where == "as_of":
            notes.append(("not_started", None))
        elif where.startswith("targets["):
            notes.append(("overdue", where[len("targets[") : -1]))
        elif where.startswith("observations[") and "]." in where:
            plausibility += 1
        elif where.startswith("observations["):
            n = int(where[len("observations[") : -1])
            o = report.observations[n]
            if isinstance(p.value, float):  # a recorded baseline, not a period
                notes.append(("baseline_conflict", o.indicator))
            else:
                notes.append(("late_comparator" if o.comparator else "late", n))
        else:  # a baseline derived from its quarters: located at the indicator
            notes.append(("baseline_conflict", where))
    return tuple(notes), plausibility


def _fields(names: tuple[str, ...], theirs: Any, ours: Any) -> str:
    """The fields where two tuples differ (all of them if their shapes differ)."""
    if theirs is None or ours is None or len(theirs) != len(ours):
        return f"evaluate {theirs}, floor {ours}"
    return "; ".join(
        f"{name}: evaluate {a!r}, floor {b!r}"
        for name, a, b in zip(names, theirs, ours, strict=True)
        if a != b
    )


def _target_differences(plan: Any, report: Any, floor: dict) -> list[str]:
    found = []
    for result in report.targets:
        theirs, ours = _target(result), floor["targets"].get(result.id)
        if theirs == ours:
            continue
        detail = _fields(TARGET_FIELDS, theirs, ours)
        if ours is not None and theirs[-1] != ours[-1] and theirs[-1] and ours[-1]:
            detail += " (forecast: " + _fields(FORECAST_FIELDS, theirs[-1], ours[-1]) + ")"
        if ours is not None and theirs[-3] != ours[-3] and len(theirs[-3]) == len(ours[-3]):
            detail += "".join(
                " (comparison: " + _fields(COMPARATOR_FIELDS, a, b) + ")"
                for a, b in zip(theirs[-3], ours[-3], strict=True)
                if a != b
            )
        found.append(f"{plan.id} {result.id}: {detail}")
    return found


def differences(plan: Any, data: list[Any], as_of: dt.date) -> list[str]:
    """Where the floor and ``evaluate`` differ on one plan judged at ``as_of``: each
    target's fields, then (one line each) the actions, outcomes, roll-ups, trajectories,
    warnings, plausibility warnings and the observations kept."""
    report = evaluate(plan, data, as_of=as_of)
    floor = floor_evaluate(plan, data, as_of)
    found = _target_differences(plan, report, floor)
    if len(floor["targets"]) != len(report.targets):
        found.append(f"{plan.id}: the floor judges {len(floor['targets'])} targets")
    notes, plausibility = _notes(report)
    rollups = [*report.priorities, *report.partnerships, report.overall]
    for name, theirs in (
        ("actions", {a.id: (a.status.value, a.rag.value) for a in report.actions}),
        ("outcomes", {o.id: (o.status.value, o.rag.value) for o in report.outcomes}),
        ("rollups", {r.id: _rollup(r) for r in rollups}),
        (
            "trajectories",
            {k: tuple((d.toordinal(), v) for d, v in t.points) for k, t in
             report.trajectories.items()},
        ),
        ("notes", notes),
        ("plausibility", plausibility),
        ("observations", report.observations),
    ):  # fmt: skip
        ours = floor[name]
        if theirs != ours:
            found.append(f"{plan.id} {name}: evaluate {theirs}, floor {ours}")
    return found


def _refused(plan: Any, data: list[Any]) -> list[str]:
    """Data ``evaluate`` refuses: the floor must refuse it too, at the same places."""
    percent = next(i.id for i in plan.indicators if i.is_percent)
    count = next(i.id for i in plan.indicators if i.unit == "count")
    early = list(FinancialYear(2021).quarters())
    own = next(o for o in data if o.comparator is None)
    theirs = next(o for o in data if o.comparator is not None)
    bad = [
        Observation(indicator="no-such-indicator", period=early[0], value=1.0),
        Observation(indicator=percent, period=early[0], value=1.0, comparator="wales"),
        own,  # a second value for the same period
        theirs,  # and for the same comparator
        Observation(indicator=percent, period=early[0], value=120.0),
        Observation(indicator=count, period=early[0], value=-3.0),
        Observation(indicator=percent, period=early[1], numerator=11, denominator=16, value=70),
        Observation(indicator=percent, period=early[2], numerator=11, denominator=16, value=68.8),
        Observation(indicator=percent, period=early[3], numerator=11, denominator=16, value=69),
        Observation(indicator=percent, period=early[1], value=101.0, comparator="england"),
        Observation(indicator=percent, period=early[1], value=50.0, comparator="england"),
    ]
    try:
        evaluate(plan, data + bad, as_of=AS_OF)
    except ObservationError as error:
        theirs_found = tuple(
            (int(p.location[len("observations[") : p.location.index("]")]),
             p.location.split(".", 1)[1])
            for p in error.problems
        )  # fmt: skip
    else:
        return [f"{plan.id}: evaluate accepted the data it should refuse"]
    try:
        floor_evaluate(plan, data + bad, AS_OF)
    except ValueError as error:
        ours = error.args[0]
    else:
        return [f"{plan.id}: the floor accepted data evaluate refuses: {theirs_found}"]
    if ours != theirs_found:
        return [f"{plan.id}: evaluate refuses {theirs_found}, the floor {ours}"]
    return []


def disagreements(all_cases: list[tuple[Any, list[Any]]]) -> list[str]:
    """Where the floor and ``evaluate`` differ (:func:`differences`) on every case; and on
    the first plan with values after the plan's last year (its own and a comparator's),
    judged the day before the plan starts, and given data it refuses."""
    found = [line for plan, data in all_cases for line in differences(plan, data, AS_OF)]
    plan, data = all_cases[0]
    after = FinancialYear(2026).quarters()[0]
    late = [
        Observation(indicator=data[0].indicator, period=after, value=data[0].value or 1.0),
        Observation(indicator=data[0].indicator, period=after, value=1.0, comparator="england"),
    ]
    found += differences(plan, data + late, AS_OF)
    found += differences(plan, data, plan.start.start - dt.timedelta(days=1))
    found += _refused(plan, data)
    return found


def exercised(all_cases: list[tuple[Any, list[Any]]]) -> str:
    """What the cases exercise: how many targets have each of some rarer fields."""
    counts: dict[str, int] = {}
    for plan, data in all_cases:
        floor = floor_evaluate(plan, data, AS_OF)
        for mine in floor["targets"].values():
            fields = dict(zip(TARGET_FIELDS, mine, strict=True))
            for name in ("commentary", "confidence", "passed_over", "comparators", "forecast"):
                counts[name] = counts.get(name, 0) + bool(fields[name])
            counts["conclusive"] = counts.get("conclusive", 0) + (
                fields["confidence"] == "conclusive"
            )
        for kind, _ in floor["notes"]:
            counts[kind] = counts.get(kind, 0) + 1
    return ", ".join(f"{name} {number:,}" for name, number in counts.items())


def best_cpu(run: Any, repeat: int) -> float:
    """The least CPU time of ``repeat`` runs of ``run()``."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return best


def _load_floor(path: str) -> Any:
    """``floor_evaluate`` of another floor module (such as an earlier ``floor.py``)."""
    spec = importlib.util.spec_from_file_location("old_floor", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.floor_evaluate


def agreement(all_cases: list[tuple[Any, list[Any]]]) -> None:
    """Print how far the floor and ``evaluate`` agree, and what the cases exercise."""
    ids = {t.id for plan, _ in all_cases for t in plan.iter_targets()}
    targets = sum(len(tuple(plan.iter_targets())) for plan, _ in all_cases)
    rows = sum(len(data) for _, data in all_cases)
    differ = disagreements(all_cases)
    wrong = {line.split(":")[0] for line in differ if line.split(":")[0].split()[-1] in ids}
    print(
        f"judging: {len(all_cases)} plans, {targets:,} targets, {rows:,} observations, "
        f"as at {AS_OF}"
    )
    print(
        f"  the floor and evaluate agree on every field of {targets - len(wrong):,} of "
        f"{targets:,} targets; {len(differ) - len(wrong)} other disagreements (actions, "
        "outcomes, roll-ups, trajectories, warnings, refused data)"
    )
    for line in differ[:5]:
        print(f"    {line}")
    print(f"  exercised: {exercised(all_cases)}")


def judging(repeat: int, plans: int, old_floor: str | None = None) -> None:
    all_cases = cases(plans)
    agreement(all_cases)

    def engine() -> None:
        for plan, data in all_cases:
            evaluate(plan, data, as_of=AS_OF)

    def floor() -> None:
        for plan, data in all_cases:
            floor_evaluate(plan, data, AS_OF)

    old = None if old_floor is None else _load_floor(old_floor)

    def other() -> None:
        for plan, data in all_cases:
            old(plan, data, AS_OF)

    engine_best, floor_best, old_best = float("inf"), float("inf"), float("inf")
    for _ in range(repeat):  # alternate, so all see the same machine
        engine_best = min(engine_best, best_cpu(engine, 1))
        floor_best = min(floor_best, best_cpu(floor, 1))
        if old is not None:
            old_best = min(old_best, best_cpu(other, 1))
    print(
        f"  evaluate: {engine_best:.3f} s ({engine_best / plans * 1000:.2f} ms a plan); "
        f"floor: {floor_best:.3f} s; ratio {engine_best / floor_best:.2f}"
    )
    if old is not None:
        print(
            f"  {old_floor}: {old_best:.3f} s; evaluate's ratio to it "
            f"{engine_best / old_best:.2f}; the floor's {floor_best / old_best:.2f}"
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
    """The plans' observations as one CSV file with a ``plan`` column, read and judged.

    The file carries the owner's remarks (commentary, corrective action, its owner and
    due date) in their columns, blank but on the 2% of rows that have them.
    """
    from safeguarding_plan import evaluate_many, load_observations_by_plan  # noqa: PLC0415

    all_cases = cases(plans)
    header = (
        "plan,indicator,period,value,numerator,denominator,comparator,"
        "commentary,corrective_action,action_owner,action_due\n"
    )
    lines = [header]
    for plan, data in all_cases:
        for o in data:
            value = o.suppressed or _cell(o.value)
            due = "" if o.action_due is None else o.action_due.isoformat()
            lines.append(
                f"{plan.id},{o.indicator},{o.period},{value},{_cell(o.numerator)},"
                f"{_cell(o.denominator)},{o.comparator or ''},{o.commentary or ''},"
                f"{o.corrective_action or ''},{o.action_owner or ''},{due}\n"
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
    parser.add_argument("--old-floor", help="another floor module to time beside them")
    args = parser.parse_args()
    judging(args.repeat, args.plans, args.old_floor)
    many_plans(args.repeat, args.plans)
    reading(args.rows)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"peak memory of this process (judging): {peak / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
