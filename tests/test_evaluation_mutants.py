"""Laws of the judging engine that mutation testing found unguarded.

Each test here kills mutants of :mod:`safeguarding_plan.evaluation` that the rest of the
suite let survive (docs/explanation/mutation-testing.md lists the run). They test through
the public API only (``evaluate``, ``TargetResult``, ``Trajectory``, ``Interval``,
``TolerancePolicy``, ``WorstRag``), so they outlive a reorganisation of the engine.
Numbers come from the Stockport Business Plan 2023-2026 where it has them.
"""

from __future__ import annotations

from datetime import date

from safeguarding_plan import (
    AtLeast,
    Direction,
    Indicator,
    Observation,
    Outcome,
    Partnership,
    Plan,
    Priority,
    Status,
    Target,
    TargetResult,
    evaluate,
)

MSP_NO_BASELINE = Indicator(
    id="msp-asked",
    name="adults asked about their Making Safeguarding Personal outcomes",
    unit="percent",
    direction=Direction.HIGHER_IS_BETTER,
)
MSP_70 = Target(id="msp-2023-24", indicator="msp-asked", period="2023/24", rule=AtLeast(value=70))
MSP_80 = Target(id="msp-2024-25", indicator="msp-asked", period="2024/25", rule=AtLeast(value=80))


def one_indicator_plan(indicator: Indicator, targets: list[Target]) -> Plan:
    """A plan of one indicator and its targets, 2023/24 to 2025/26."""
    return Plan(
        id="mutants",
        title="Mutants",
        start="2023/24",
        end="2025/26",
        indicators=[indicator],
        priorities=[
            Priority(
                id="adults",
                title="Adults",
                partnership=Partnership.ADULTS,
                outcomes=[Outcome(id="measured", text="Measured.", targets=targets)],
            )
        ],
    )


def judge(
    indicator: Indicator,
    targets: list[Target],
    observations: list[Observation],
    as_of: date,
    target_id: str | None = None,
    **kw: object,
) -> TargetResult:
    """Evaluate a one-indicator plan; the result of ``target_id`` (default: the first)."""
    report = evaluate(one_indicator_plan(indicator, targets), observations, as_of=as_of, **kw)  # type: ignore[arg-type]
    return report.target(target_id or targets[0].id)


def obs(indicator: Indicator, period: str, value: object = None, **kw: object) -> Observation:
    return Observation(indicator=indicator.id, period=period, value=value, **kw)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- trajectory


def test_without_a_baseline_the_path_runs_between_successive_targets():
    """No baseline, at least 70% (2023/24) then 80% (2024/25): 70 + 10 x 183/365 = 75.01% on 30 Sep 2024."""
    result = judge(
        MSP_NO_BASELINE,
        [MSP_70, MSP_80],
        [obs(MSP_NO_BASELINE, "2024/25 Q2", 75.5)],
        date(2024, 10, 31),
        target_id=MSP_80.id,
    )
    assert (Status.ON_TRACK, 75.01) == (result.status, round(result.expected or 0, 2))


def test_without_a_baseline_the_path_is_flat_at_the_first_target():
    """No baseline: the expectation is 70% throughout 2023/24, also for the 2024/25 target of 80%."""
    result = judge(
        MSP_NO_BASELINE,
        [MSP_70, MSP_80],
        [obs(MSP_NO_BASELINE, "2023/24 Q2", 71)],
        date(2023, 10, 31),
        target_id=MSP_80.id,
    )
    assert (Status.ON_TRACK, 70.0) == (result.status, result.expected)
