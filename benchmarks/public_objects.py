"""What building the public result objects alone costs, beside the floor.

``evaluate`` returns a :class:`~safeguarding_plan.Report` of frozen attrs objects: a
``TargetResult`` (with its ``Reason``, ``Goal`` objects, ``Interval`` objects, a
``Forecast`` and ``Comparison`` objects) per target, an ``ActionResult`` per action, an
``OutcomeResult`` per qualitative outcome, a ``Rollup`` per priority, partnership and
plan, a ``Problem`` per warning, and the ``Report``. Partner tools read these; the
floor (``floor.py``) returns tuples and dicts.

This takes ``bench_national.py``'s 150 reports, records every public object in them with
the arguments it was made with, and times making them all again (nothing else: no
judging, no look-ups), against the floor judging the same 150 plans. The share it prints
is the part of the floor's time that ``evaluate`` must spend on top of any judging just to
hand its answers over in the public types: with the issue's bound of 1.25 times the
floor, it is what is left of the 0.25 for everything else ``evaluate`` does that the
floor does not. It also times ``evaluate`` in the same rounds and prints its ratio to the
floor, and to the floor plus making the objects (what a floor returning the public types
would take at least).

Run from the repository's root: ``python benchmarks/public_objects.py [--repeat R]``.
"""

from __future__ import annotations

import argparse
import collections
import gc
import pathlib
import sys
from typing import Any

import attrs

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_national import AS_OF, best_cpu, cases  # noqa: E402
from floor import floor_evaluate  # noqa: E402

from safeguarding_plan import evaluate  # noqa: E402

_PUBLIC = ("safeguarding_plan.evaluation", "safeguarding_plan.errors")


def _public(value: object) -> bool:
    kind = type(value)
    return attrs.has(kind) and kind.__module__.startswith(_PUBLIC)


def _arguments(value: object) -> dict[str, Any]:
    """The keyword arguments that make ``value`` again (its init fields, by alias)."""
    return {
        (field.alias or field.name): getattr(value, field.name)
        for field in attrs.fields(type(value))
        if field.init
    }


def recorded(value: object, into: list[tuple[type, dict[str, Any]]], seen: set[int]) -> None:
    """Every public result object in ``value``, innermost first, with its arguments.

    An object found twice (a goal shared by a target's result and its reason, say) is
    recorded once: ``evaluate`` makes it once.
    """
    if id(value) in seen:
        return
    seen.add(id(value))
    arguments = _arguments(value)
    for inner in arguments.values():
        members = inner if isinstance(inner, tuple) else (inner,)
        for member in members:
            if _public(member):
                recorded(member, into, seen)
    into.append((type(value), arguments))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    all_cases = cases(150)
    jobs: list[tuple[type, dict[str, Any]]] = []
    reports = [evaluate(plan, data, as_of=AS_OF) for plan, data in all_cases]
    seen: set[int] = set()
    for report in reports:
        recorded(report, jobs, seen)
    gc.freeze()  # the data and the recorded arguments: out of the collector's way

    def build() -> None:
        for kind, arguments in jobs:
            kind(**arguments)

    def floor() -> None:
        for plan, data in all_cases:
            floor_evaluate(plan, data, AS_OF)

    def engine() -> None:
        for plan, data in all_cases:
            evaluate(plan, data, as_of=AS_OF)

    build_best, floor_best, engine_best = float("inf"), float("inf"), float("inf")
    for _ in range(args.repeat):  # alternate, so all three see the same machine
        build_best = min(build_best, best_cpu(build, 1))
        floor_best = min(floor_best, best_cpu(floor, 1))
        engine_best = min(engine_best, best_cpu(engine, 1))
    kinds = collections.Counter(kind.__name__ for kind, _ in jobs)
    print(f"{len(jobs):,} public objects in 150 reports:")
    print("  " + ", ".join(f"{name} {count:,}" for name, count in kinds.most_common()))
    print(
        f"making them again: {build_best:.3f} s; the floor judging the 150 plans: "
        f"{floor_best:.3f} s; the objects alone are {build_best / floor_best:.2f} times "
        "the floor"
    )
    print(
        f"evaluate: {engine_best:.3f} s, {engine_best / floor_best:.2f} times the floor and "
        f"{engine_best / (floor_best + build_best):.2f} times the floor with the objects made"
    )


if __name__ == "__main__":
    main()
