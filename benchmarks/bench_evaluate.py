"""Throughput of evaluate() on a national-scale case.

150 plans of the Stockport shape (the bundled plan with each council's own ids and
values) with 12 quarters of observations each (2022/23 Q1 to 2024/25 Q4), every plan
evaluated as at 30 April 2025. Prints plans judged per second and targets judged per
second. Run with ``python benchmarks/bench_evaluate.py [--plans N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date
from typing import Any

from safeguarding_plan import Observation, evaluate, plan_from_dict, plan_to_dict
from safeguarding_plan.periods import FinancialYear
from safeguarding_plan.plans import stockport_2023_26

QUARTERS = [q for y in (2022, 2023, 2024) for q in FinancialYear(y).quarters()]
AS_OF = date(2025, 4, 30)


def council_plan(base: dict[str, Any], number: int, rng: random.Random) -> Any:
    """The Stockport plan with another council's id and values."""
    data = dict(base)
    data["id"] = f"council-{number:03d}"
    indicators = []
    for original in base.get("indicators", []):
        ind = dict(original)
        baseline = ind.get("baseline")
        if baseline and baseline.get("value") is not None:
            value = baseline["value"] * rng.uniform(0.8, 1.2)
            if ind.get("unit") == "percent":
                value = min(value, 100.0)
            ind["baseline"] = {**baseline, "value": round(value, 1)}
        indicators.append(ind)
    data["indicators"] = indicators
    return plan_from_dict(data)


def council_observations(plan: Any, rng: random.Random) -> list[Observation]:
    """Twelve quarters of data for every indicator, some with counts, a few suppressed."""
    out = []
    for ind in plan.indicators:
        start = ind.baseline.value if ind.baseline and ind.baseline.value is not None else 30.0
        for quarter in QUARTERS:
            if rng.random() < 0.03:
                out.append(Observation(indicator=ind.id, period=quarter, suppressed="c"))
                continue
            if ind.measure.value == "flow":
                out.append(Observation(indicator=ind.id, period=quarter, value=rng.randint(0, 12)))
            elif ind.is_percent and rng.random() < 0.5:
                denominator = rng.randint(10, 60)
                share = min(max(start * rng.uniform(0.7, 1.1) / 100, 0.0), 1.0)
                out.append(
                    Observation(
                        indicator=ind.id,
                        period=quarter,
                        numerator=round(share * denominator),
                        denominator=denominator,
                    )
                )
            else:
                value = start * rng.uniform(0.7, 1.1)
                if ind.is_percent:
                    value = min(value, 100.0)
                out.append(Observation(indicator=ind.id, period=quarter, value=round(value, 1)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plans", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(20230401)
    base = plan_to_dict(stockport_2023_26())
    cases = []
    for number in range(args.plans):
        plan = council_plan(base, number, rng)
        cases.append((plan, council_observations(plan, rng)))
    targets = sum(len(tuple(plan.iter_targets())) for plan, _ in cases)
    observations = sum(len(data) for _, data in cases)
    evaluate(*cases[0], as_of=AS_OF)  # warm up (plan indexes, caches)
    best = float("inf")
    for _ in range(args.repeat):
        started = time.perf_counter()
        for plan, data in cases:
            evaluate(plan, data, as_of=AS_OF)
        best = min(best, time.perf_counter() - started)
    print(
        f"{args.plans} plans, {targets} targets, {observations} observations; "
        f"best of {args.repeat}: {best:.3f} s"
    )
    print(f"{args.plans / best:,.0f} plans/s, {targets / best:,.0f} targets judged/s")


if __name__ == "__main__":
    main()
