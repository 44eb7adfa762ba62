"""Time and memory of reading a large observations file (10^6 rows by default).

The file is written once by :mod:`national_data` (a plan with 1,000 indicators, 1,000 rows
each: values, percentages, counts, suppressed values, sources and notes). Each reading
runs in a fresh process, so its peak memory (``ru_maxrss``, the whole process: the
interpreter, the package and the data) is its own.

Run from the repository's root::

    python benchmarks/bench_read.py                    # this checkout
    python benchmarks/bench_read.py --before /path/to/other/python   # and another, same file

Times are CPU seconds of the reading (``time.process_time``), the best of the runs: on
a shared machine the wall time includes waiting for a core; both are printed.

``--before`` names the interpreter of another installation of the package (an older
commit, say); both are timed on the same file, alternately, and the ratio is printed.
The file size limit of an older package is lifted for its run (it refused files over
5 MB).
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent

_CHILD = r"""
import json, resource, sys, time, tracemalloc
sys.path.insert(0, sys.argv[1])
from national_data import wide_plan
from safeguarding_plan import _reading
from safeguarding_plan.observation_files import load_observations
if not hasattr(_reading, "MAX_DATA_FILE_BYTES"):
    _reading.MAX_FILE_BYTES = 10**9  # an older package: lift its 5 MB limit
plan = wide_plan()
path, trace, frame = sys.argv[2], sys.argv[3] == "1", sys.argv[4] == "frame"
if frame:  # the analyst's frame, as pandas reads the file (not timed)
    import pandas
    from safeguarding_plan.observation_files import observations_from_dataframe
    data = pandas.read_csv(path, dtype={"value": str, "unit": str, "source": str, "note": str},
                           keep_default_na=False, na_values={"numerator": [""],
                           "denominator": [""]})
if trace:
    tracemalloc.start()
started, cpu = time.perf_counter(), time.process_time()
if frame:
    observations = observations_from_dataframe(data, plan)
else:
    observations = load_observations(path, plan)
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
peak = tracemalloc.get_traced_memory()[1] if trace else None
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"rows": len(observations), "seconds": seconds, "cpu": cpu, "maxrss": rss,
                  "traced_peak": peak}))
"""


def measure(
    python: str, path: pathlib.Path, *, trace: bool = False, frame: bool = False
) -> dict[str, float]:
    """One reading of ``path`` (or of a DataFrame of it) by ``python``'s package, afresh."""
    mode = "frame" if frame else "csv"
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [python, "-c", _CHILD, str(HERE), str(path), "1" if trace else "0", mode],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    sys.path.insert(0, str(HERE))
    from national_data import write_rows  # noqa: PLC0415

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", metavar="PYTHON", help="another installation to compare")
    parser.add_argument("--trace", action="store_true", help="also a run under tracemalloc")
    parser.add_argument(
        "--frame", action="store_true", help="also read a pandas DataFrame of the same rows"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "national.csv"
        size = write_rows(path, args.rows)
        print(f"{args.rows:,} rows, {size / 1e6:.1f} MB; best of {args.repeat}, fresh process each")
        pythons = {"after": sys.executable}
        if args.before:
            pythons = {"before": args.before, **pythons}
        if args.frame:
            pythons["frame"] = sys.executable
        best: dict[str, dict[str, float]] = {}
        for _ in range(args.repeat):
            for label, python in pythons.items():
                found = measure(python, path, frame=label == "frame")
                if label not in best or found["cpu"] < best[label]["cpu"]:
                    best[label] = found
        for label, found in best.items():
            per_row = found["cpu"] / found["rows"] * 1e6
            print(
                f"{label:>6}: {found['cpu']:.2f} s of CPU ({per_row:.2f} us a row; "
                f"{found['seconds']:.2f} s wall), peak memory (maxrss) "
                f"{found['maxrss'] / 1e6:.0f} MB"
            )
            if args.trace:
                traced = measure(pythons[label], path, trace=True, frame=label == "frame")
                print(f"        traced peak (tracemalloc) {traced['traced_peak'] / 1e6:.0f} MB")
        if "before" in best:
            ratio = best["before"]["cpu"] / best["after"]["cpu"]
            memory = best["before"]["maxrss"] / best["after"]["maxrss"]
            print(f"before/after: {ratio:.1f} times faster, {memory:.1f} times less memory")


if __name__ == "__main__":
    main()
