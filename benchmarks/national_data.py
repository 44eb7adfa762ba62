"""Synthetic national-scale data for the benchmarks (deterministic: the same seed, the same data).

* :func:`wide_plan`: a plan with many indicators (1,000 by default), so that one
  observations file can hold 10^6 distinct rows (indicator and period) for one plan;
* :func:`write_rows`: that file, in the long CSV format, with a realistic mix of rows:
  plain values, values with a percent sign, numerators and denominators (some with the
  value too), suppression markers, sources and notes, quarters, months and years;
* :func:`council_plans`: 150 plans of the Stockport shape, each with twelve quarters of
  observations (the case of ``bench_evaluate.py``).

Only the standard library and the package are used, so the script runs under any
installed version of the package (the "before" figure of a benchmark is the package as
it was, run on the same file).
"""

from __future__ import annotations

import calendar
import pathlib
import random
from typing import Any

PERIODS_FROM = 1950
"""The first financial year of the wide plan's rows."""

_KINDS = ("percent", "count-flow", "rate")


def _indicator(number: int) -> dict[str, Any]:
    kind = _KINDS[number % 3]
    base: dict[str, Any] = {"id": f"ind-{number:04d}", "name": f"indicator {number}"}
    if kind == "percent":
        return {**base, "unit": "percent", "direction": "higher_is_better"}
    if kind == "count-flow":
        return {**base, "unit": "count", "direction": "lower_is_better", "measure": "flow"}
    return {**base, "unit": "per 1000 children aged 0-17", "direction": "lower_is_better"}


def wide_plan_data(indicators: int = 1000) -> dict[str, Any]:
    """The plan file content of a plan with ``indicators`` indicators and one target each."""
    return {
        "id": "wide",
        "title": "A plan with many indicators",
        "start": "2024/25",
        "end": "2025/26",
        "organisations": ["Benchmark partnership"],
        "partnerships": [{"id": "joint", "label": "Joint"}],
        "indicators": [_indicator(n) for n in range(indicators)],
        "priorities": [
            {
                "id": "everything",
                "title": "Everything",
                "partnership": "joint",
                "outcomes": [
                    {
                        "id": "better",
                        "text": "Things will be better.",
                        "targets": [
                            {
                                "id": f"t-{n:04d}",
                                "indicator": f"ind-{n:04d}",
                                "period": "2025/26",
                                "rule": {"kind": "at_most", "value": 50}
                                if n % 3
                                else {"kind": "at_least", "value": 50},
                            }
                            for n in range(indicators)
                        ],
                    }
                ],
            }
        ],
    }


def wide_plan(indicators: int = 1000) -> Any:
    """The wide plan, built by the installed package."""
    from safeguarding_plan import plan_from_dict  # noqa: PLC0415

    return plan_from_dict(wide_plan_data(indicators))


def _period_labels() -> list[str]:
    """Years, quarters and months from 1950/51 to 2025/26, in the forms people write."""
    labels = []
    for year in range(PERIODS_FROM, 2026):
        labels.append(f"{year}/{(year + 1) % 100:02d}")
        labels += [f"{year}/{(year + 1) % 100:02d} Q{q}" for q in (1, 2, 3, 4)]
        for month in (*range(4, 13), 1, 2, 3):
            calendar_year = year if month >= 4 else year + 1
            labels.append(f"{calendar.month_abbr[month]} {calendar_year}")
    return labels


def _cells(ind: dict[str, Any], rng: random.Random) -> tuple[str, ...]:
    """value, numerator, denominator, unit, source and note of one row of ``ind``."""
    roll = rng.random()
    value = numerator = denominator = unit = source = note = ""
    if roll < 0.03:
        value = "c"
        note = "withheld: small numbers"
    elif ind["unit"] == "percent" and roll < 0.35:
        denominator_n = rng.randint(10, 400)
        numerator_n = rng.randint(0, denominator_n)
        numerator, denominator = str(numerator_n), str(denominator_n)
        if roll < 0.10:  # the value too, rounded to one decimal
            value = f"{numerator_n / denominator_n * 100:.1f}"
    elif ind["unit"] == "percent":
        value = f"{rng.uniform(0, 100):.1f}" + ("%" if roll > 0.9 else "")
    elif ind["unit"] == "count":
        value = str(rng.randint(0, 500))
    else:
        value = f"{rng.uniform(0, 90):.2f}"
        unit = ind["unit"] if roll > 0.95 else ""
    if roll > 0.8:
        source = "national dataset"
    return value, numerator, denominator, unit, source, note


def write_rows(path: pathlib.Path, rows: int = 1_000_000, indicators: int = 1000) -> int:
    """Write ``rows`` valid observation rows of the wide plan; return the bytes written."""
    rng = random.Random(15)
    labels = _period_labels()
    per = -(-rows // indicators)
    if per > len(labels):
        raise ValueError(f"at most {len(labels) * indicators} rows for {indicators} indicators")
    lines = ["indicator,period,value,numerator,denominator,unit,source,note\n"]
    written = 0
    for n in range(indicators):
        ind = _indicator(n)
        for label in labels[:per]:
            if written == rows:
                break
            written += 1
            cells = ",".join(_cells(ind, rng))
            lines.append(f"{ind['id']},{label},{cells}\n")
    text = "".join(lines)
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))
