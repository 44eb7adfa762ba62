"""Golden tests: today's explanation sentences and figures, pinned before the engine moves.

Each scenario is a plan (the bundled Stockport plan, and a variant of it that uses every
kind of rule), seeded random observations, action updates and assessments, and a date.
The file ``golden/explanations.json`` holds what :func:`evaluate` said for each; a change
to any sentence or figure fails here and must be made on purpose.

To accept a deliberate change of wording, regenerate the file with
``UPDATE_GOLDEN=1 pytest tests/evaluation/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib
import random
from typing import Any

import pytest

from safeguarding_plan import (
    ActionUpdate,
    Assessment,
    Indicator,
    Observation,
    Plan,
    TargetResult,
    evaluate,
    plan_from_dict,
    plan_to_dict,
)
from safeguarding_plan.periods import FinancialYear, Period
from safeguarding_plan.plans import stockport_2023_26
from safeguarding_plan.reports import render_json

GOLDEN = pathlib.Path(__file__).parent / "golden" / "explanations.json"
YEARS = (2021, 2022, 2023, 2024, 2025)
AS_OF = (
    dt.date(2023, 5, 15),
    dt.date(2023, 10, 31),
    dt.date(2024, 3, 31),
    dt.date(2024, 8, 1),
    dt.date(2025, 1, 31),
    dt.date(2025, 4, 30),
    dt.date(2026, 6, 30),
)
SEEDS = (1, 2, 3)


def _every_rule(base: dict[str, Any]) -> Plan:
    """The Stockport plan with some targets rewritten to use the rules it lacks."""
    data = json.loads(json.dumps(base))
    kinds = [
        {"kind": "absolute_change", "amount": -5, "reference": "baseline"},
        {"kind": "absolute_change", "amount": 3, "reference": "previous"},
        {"kind": "relative_change", "percent": -20, "reference": "previous"},
        {"kind": "improve", "reference": "previous"},
        {"kind": "between", "low": 20, "high": 60},
    ]
    number = 0
    for priority in data["priorities"]:
        for outcome in priority["outcomes"]:
            for target in outcome.get("targets", []):
                if number % 3 == 0:
                    target["rule"] = kinds[(number // 3) % len(kinds)]
                number += 1
    return plan_from_dict(data)


def _observation(ind: Indicator, period: Period, rng: random.Random) -> Observation:
    start = ind.baseline.value if ind.baseline and ind.baseline.value is not None else 30.0
    if rng.random() < 0.05:
        return Observation(indicator=ind.id, period=period, suppressed="c")
    if ind.measure.value == "flow":
        return Observation(indicator=ind.id, period=period, value=rng.randint(0, 12))
    if ind.is_percent and rng.random() < 0.4:
        den = rng.randint(4, 60)
        num = rng.randint(0, den)
        return Observation(indicator=ind.id, period=period, numerator=num, denominator=den)
    value = round(start * rng.uniform(0.6, 1.3), 1)
    if ind.is_percent:
        value = min(value, 100.0)
    return Observation(indicator=ind.id, period=period, value=value)


def _observations(plan: Plan, rng: random.Random) -> list[Observation]:
    out: list[Observation] = []
    for ind in plan.indicators:
        for year in YEARS:
            fy = FinancialYear(year)
            periods: list[Period] = list(fy.quarters()) if rng.random() < 0.8 else []
            if rng.random() < 0.3:
                periods.append(fy)
            for period in periods:
                if rng.random() < 0.15:
                    continue
                if ind.baseline is not None and period == ind.baseline.period:
                    continue
                out.append(_observation(ind, period, rng))
    return out


def _updates(plan: Plan, rng: random.Random) -> list[ActionUpdate]:
    out = []
    states = ["not started", "in progress", "complete", "dropped"]
    for action in plan.iter_actions():
        for _ in range(rng.randint(0, 3)):
            day = dt.date(2023, 4, 1) + dt.timedelta(days=rng.randint(0, 1100))
            state = rng.choice(states)
            note = (
                rng.choice([None, "a note"])
                if state != "dropped"
                else rng.choice([None, "merged into another action"])
            )
            out.append(ActionUpdate(action=action.id, on=day, state=state, note=note))
    return out


def _assessments(plan: Plan, rng: random.Random) -> list[Assessment]:
    out = []
    judgements = ["met", "not met", "on track", "at risk", "off track"]
    for outcome in plan.iter_outcomes():
        if not outcome.qualitative:
            continue
        for _ in range(rng.randint(0, 2)):
            day = dt.date(2023, 4, 1) + dt.timedelta(days=rng.randint(0, 1100))
            out.append(
                Assessment(
                    outcome=outcome.id,
                    on=day,
                    judgement=rng.choice(judgements),
                    evidence=rng.choice([None, "an audit"]),
                )
            )
    return out


def _figure(value: object) -> object:
    return round(value, 7) if isinstance(value, float) else value


def _target_row(t: TargetResult) -> list[object]:
    return [
        t.id, t.status.value, t.rag.value, _figure(t.actual),
        None if t.period is None else str(t.period), _figure(t.expected),
        _figure(t.target_value), _figure(t.reference), _figure(t.gap),
        _figure(t.progress), _figure(t.shortfall), _figure(t.tolerance),
        t.direction.value, None if t.confidence is None else t.confidence.value,
        t.explanation,
    ]  # fmt: skip


def _scenarios() -> dict[str, Any]:
    stockport = stockport_2023_26()
    plans = {"stockport": stockport, "every-rule": _every_rule(plan_to_dict(stockport))}
    out: dict[str, Any] = {}
    for name, plan in plans.items():
        for seed in SEEDS:
            rng = random.Random(seed)  # noqa: S311 - seeded test data
            data = _observations(plan, rng)
            updates = _updates(plan, rng)
            assessments = _assessments(plan, rng)
            for as_of in AS_OF:
                report = evaluate(plan, data, updates=updates, assessments=assessments, as_of=as_of)
                published = json.loads(render_json(report, suppress_below=5))
                rows = [_target_row(t) for t in report.targets]
                rows.extend([a.id, a.status.value, a.explanation] for a in report.actions)
                rows.extend([o.id, o.status.value, o.explanation] for o in report.outcomes)
                out[f"{name} seed {seed} as of {as_of}"] = {
                    "results": rows,
                    "problems": [str(p) for p in report.problems],
                    "published": [r["explanation"] for r in published["records"]],
                }
    return out


@pytest.fixture(scope="module")
def scenarios() -> dict[str, Any]:
    """What evaluate says today for every scenario."""
    actual = _scenarios()
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(_dumps(actual), "utf-8")
    return actual


def _dumps(scenarios: dict[str, Any]) -> str:
    """The golden file: one line per result, so a diff shows what changed."""
    lines = ["{"]
    for number, (name, scenario) in enumerate(scenarios.items()):
        lines.append(f" {json.dumps(name)}: {{")
        for key_number, (key, rows) in enumerate(scenario.items()):
            lines.append(f"  {json.dumps(key)}: [")
            lines.extend(
                f"   {json.dumps(row, ensure_ascii=False)}{',' if i < len(rows) - 1 else ''}"
                for i, row in enumerate(rows)
            )
            lines.append("  ]" + ("," if key_number < len(scenario) - 1 else ""))
        lines.append(" }" + ("," if number < len(scenarios) - 1 else ""))
    return "\n".join([*lines, "}"]) + "\n"


def _golden() -> dict[str, Any]:
    return json.loads(GOLDEN.read_text("utf-8"))  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", sorted(_golden()))
def test_explanations_and_figures_are_pinned(name: str, scenarios: dict[str, Any]) -> None:
    """Every sentence, status and figure is what the golden file says."""
    expected = _golden()[name]

    actual = scenarios[name]

    assert expected == actual
