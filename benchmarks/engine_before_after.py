"""Two versions of the engine judging the national run in one process, alternating.

A change to the engine saves a few per cent; on a shared machine the time of one run
moves by more than that, so two runs in two processes minutes apart do not tell the
versions apart. This loads both in one process (another checkout of the repository,
``git worktree add --detach /tmp/engine-before <commit>``, and this one), each with its
own copy of ``bench_national.py``'s 150 plans, and times them in turn, ``--rounds``
times (the order swapped each round), with ``benchmarks/floor.py`` once each round.
It prints the best and the median CPU time of each, the ratio of the two versions in
each round (its median is the figure to quote) and each version's ratio to the floor.

Both versions' plans and observations are moved out of the garbage collector's sight
(``gc.freeze()``) once loaded: a full collection walks every object alive, here both
data sets, and takes about 0.12 s, landing on whichever run it happens in. The
collector still runs on what each run makes.

Run from the repository's root::

    python benchmarks/engine_before_after.py /tmp/engine-before [--rounds 20]
"""

from __future__ import annotations

import argparse
import gc
import pathlib
import statistics
import sys
import time
from typing import Any

HERE = pathlib.Path(__file__).resolve().parent

_OURS = ("safeguarding_plan", "bench_national", "bench_evaluate", "floor")


def load(root: pathlib.Path) -> tuple[Any, Any, list[tuple[Any, list[Any]]], Any]:
    """``evaluate``, the floor, the 150 cases and the date judged, from the checkout ``root``."""
    for name in list(sys.modules):
        if name.split(".")[0] in _OURS:
            del sys.modules[name]
    sys.path[:0] = [str(root / "src"), str(root / "benchmarks")]
    try:
        import bench_national  # noqa: PLC0415 - from the checkout just put first on the path
        import floor  # noqa: PLC0415

        import safeguarding_plan  # noqa: PLC0415

        where = pathlib.Path(safeguarding_plan.__file__).resolve()
        if not where.is_relative_to(root.resolve()):
            sys.exit(f"{root}: imported safeguarding_plan from {where}, not from the checkout")
        return (
            safeguarding_plan.evaluate,
            floor.floor_evaluate,
            bench_national.cases(150),
            bench_national.AS_OF,
        )
    finally:
        del sys.path[:2]


def _cpu(run: Any) -> float:
    started = time.process_time()
    run()
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("before", type=pathlib.Path, help="the other checkout's root")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    sides = {"before": load(args.before), "after": load(HERE.parent)}
    gc.collect()
    gc.freeze()  # the loaded data is never garbage: do not walk it in every full collection
    times: dict[str, list[float]] = {"before": [], "after": [], "floor": []}
    for number in range(args.rounds):
        for name in ("before", "after") if number % 2 == 0 else ("after", "before"):
            evaluate, _, cases, as_of = sides[name]
            times[name].append(_cpu(lambda: [evaluate(p, d, as_of=as_of) for p, d in cases]))  # noqa: B023
        _, floor_evaluate, cases, as_of = sides["after"]
        times["floor"].append(_cpu(lambda: [floor_evaluate(p, d, as_of) for p, d in cases]))  # noqa: B023
    for name, taken in times.items():
        print(f"{name:7s} best {min(taken):.3f} s, median {statistics.median(taken):.3f} s")
    pairs = [a / b for a, b in zip(times["after"], times["before"], strict=True)]
    print(
        f"after / before in each round: median {statistics.median(pairs):.3f} "
        f"(from {min(pairs):.3f} to {max(pairs):.3f})"
    )
    for label, pick in (("best", min), ("median", statistics.median)):
        floor_time = pick(times["floor"])
        print(
            f"ratio to the floor ({label}): before {pick(times['before']) / floor_time:.2f}, "
            f"after {pick(times['after']) / floor_time:.2f}"
        )


if __name__ == "__main__":
    main()
