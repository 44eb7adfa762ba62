"""The report says which tolerance applied.

"A plan file may set its own tolerance for the whole plan and per indicator ... and the
command line may override it for a run; the report says which tolerance was applied."
"""

from __future__ import annotations

import json
from datetime import date

import attrs

from safeguarding_plan import (
    AbsoluteTolerance,
    RelativeTolerance,
    Report,
    TolerancePolicy,
    evaluate,
    report_schema,
)
from safeguarding_plan.plans import stockport_2023_26
from safeguarding_plan.reports import render_html, render_json, render_markdown

PLAN = stockport_2023_26()
AS_OF = date(2024, 4, 30)
DEFAULT = "Tolerance for amber: 5% of the value compared with (the default)."


def test_the_default_tolerance_is_named():
    """Without a policy, the plan's tolerance applies; the bundled plan has the default."""
    assert DEFAULT == evaluate(PLAN, as_of=AS_OF).tolerance


def test_the_plans_own_tolerance_is_named_with_its_exceptions():
    """A plan-wide 10%, and 2 percentage points for S42 non-conversion, are both named."""
    s42 = PLAN.indicator("s42-non-conversion")
    indicators = [
        attrs.evolve(i, tolerance=AbsoluteTolerance(amount=2)) if i is s42 else i
        for i in PLAN.indicators
    ]
    plan = attrs.evolve(PLAN, tolerance=RelativeTolerance(percent=10), indicators=indicators)

    expected = (
        "Tolerance for amber: 10% of the value compared with (the plan's tolerance); "
        "except s42-non-conversion: 2 percentage points (indicator s42-non-conversion)."
    )
    assert expected == evaluate(plan, as_of=AS_OF).tolerance


def test_a_tolerance_for_the_run_is_named():
    """The command line's --tolerance replaces the plan's, and the report says so."""
    policy = PLAN.tolerance_policy(RelativeTolerance(percent=10))

    expected = "Tolerance for amber: 10% of the value compared with (from the command line)."
    assert expected == evaluate(PLAN, as_of=AS_OF, policy=policy).tolerance


def test_a_policy_given_to_evaluate_is_named():
    """A TolerancePolicy passed to evaluate is described as such."""
    report = evaluate(PLAN, as_of=AS_OF, policy=TolerancePolicy(absolute=2))

    expected = (
        "Tolerance for amber: 2 in each indicator's unit, percentage points for a percentage "
        "(the policy given to evaluate)."
    )
    assert expected == report.tolerance


def test_the_tolerance_round_trips_and_the_schema_describes_it(report_schema_validator):
    """to_dict carries the tolerance, from_dict reads it back, the schema accepts it."""
    report = evaluate(PLAN, as_of=AS_OF)
    data = json.loads(json.dumps(report.to_dict()))

    assert [] == list(report_schema_validator.iter_errors(data))
    assert "string" == report_schema()["properties"]["tolerance"]["type"]
    assert (DEFAULT, DEFAULT) == (data["tolerance"], Report.from_dict(data).tolerance)


def test_data_without_a_tolerance_reads_as_unknown():
    """A report written before the tolerance was recorded reads back with an empty one."""
    data = evaluate(PLAN, as_of=AS_OF).to_dict()
    del data["tolerance"]

    assert "" == Report.from_dict(data).tolerance


def test_every_rendering_says_which_tolerance_applied():
    """The Markdown, HTML and JSON reports each carry the sentence."""
    report = evaluate(PLAN, as_of=AS_OF)

    assert DEFAULT in render_markdown(report)
    assert DEFAULT in render_html(report)
    assert DEFAULT == json.loads(render_json(report))["tolerance"]
