"""Shared test configuration: Hypothesis profiles and the fixtures every test shares.

``ci`` is thorough and is chosen when the ``CI`` environment variable is set; ``fast`` is
the default for local runs. Choose one explicitly with ``HYPOTHESIS_PROFILE=ci``.

Every :class:`~safeguarding_plan.evaluation.Report` a test makes is checked against the
report JSON Schema that ships with the package (:func:`every_report_fits_the_schema`).
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterator
from datetime import date
from typing import Any

import jsonschema
import pytest
import referencing
from hypothesis import HealthCheck, settings

from safeguarding_plan import (
    AtMost,
    Baseline,
    Direction,
    Indicator,
    Outcome,
    Partnership,
    Plan,
    Priority,
    Target,
    plan_schema,
)
from safeguarding_plan.evaluation import Report, report_schema

settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("fast", max_examples=40, deadline=None)
_DEFAULT_PROFILE = "ci" if os.environ.get("CI") else "fast"
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", _DEFAULT_PROFILE))


# --------------------------------------------------------------------------- reports


@functools.cache
def report_validator() -> jsonschema.protocols.Validator:
    """A validator for report data, resolving the plan schema it refers to."""
    plan = plan_schema()
    registry: referencing.Registry[Any] = referencing.Registry().with_resources(
        [
            (plan["$id"], referencing.Resource.from_contents(plan)),
            ("plan.schema.json", referencing.Resource.from_contents(plan)),
        ]
    )
    schema = report_schema()
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, registry=registry, format_checker=cls.FORMAT_CHECKER)


@functools.cache
def _results_validator() -> jsonschema.protocols.Validator:
    """The report schema with its ``plan`` member checked apart (once per plan)."""
    schema = report_schema()
    schema["properties"]["plan"] = {"type": "object"}
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@functools.cache
def _plan_validator() -> jsonschema.protocols.Validator:
    """The plan schema's validator, built (and the schema checked) once."""
    schema = plan_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


_CHECKED: set[str] = set()
"""The JSON text of every plan and every report (without its plan) already validated."""


def check_report_data(report: Report) -> None:
    """Validate ``report.to_dict()`` against the shipped schema (each distinct one once).

    The plan member is validated once per distinct plan, the rest once per distinct
    report: property tests make many equal reports, and validating is what costs.
    """
    data = report.to_dict()
    plan_text = json.dumps(data["plan"], sort_keys=True)
    if plan_text not in _CHECKED:
        _plan_validator().validate(data["plan"])
        _CHECKED.add(plan_text)
    data["plan"] = {}
    text = json.dumps(data, sort_keys=True)
    if text not in _CHECKED:
        _results_validator().validate(data)
        _CHECKED.add(text)


@pytest.fixture
def report_schema_validator() -> jsonschema.protocols.Validator:
    """The report schema's validator (the plan schema resolved for ``plan``)."""
    return report_validator()


@pytest.fixture(autouse=True)
def every_report_fits_the_schema(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Check every report a test makes against the shipped report schema.

    Every report a test makes is recorded, turned into data with ``to_dict`` and
    validated: each distinct plan and each distinct report once per session.
    """
    made: list[Report] = []
    original = Report.__init__

    def recording_init(self: Report, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(Report, "__init__", recording_init)
    yield
    monkeypatch.setattr(Report, "__init__", original)
    for report in made:
        check_report_data(report)


# --------------------------------------------------------------------------- plans


@pytest.fixture
def s42() -> Indicator:
    """S42 non-conversion: lower is better, 84% in 2022/23."""
    return Indicator(
        id="s42",
        name="contacts not progressing to a Section 42 enquiry",
        unit="percent",
        direction=Direction.LOWER_IS_BETTER,
        baseline=Baseline(period="2022/23", value=84),
    )


def one_target_plan(indicator: Indicator, *targets: Target) -> Plan:
    """A plan with one priority and one outcome holding ``targets``."""
    return Plan(
        id="demo",
        title="Demo",
        start="2023/24",
        end="2025/26",
        indicators=[indicator],
        priorities=[
            Priority(
                id="adults",
                title="Adults",
                partnership=Partnership.ADULTS,
                outcomes=[Outcome(id="right-response", text="The right response.",
                                  targets=list(targets))],
            )
        ],
    )


@pytest.fixture
def plan_of() -> Any:
    """Build a one-priority plan from an indicator and its targets."""
    return one_target_plan


@pytest.fixture
def s42_plan(s42: Indicator) -> Plan:
    """The plan's S42 targets: at most 64% in 2023/24 and at most 44% in 2024/25."""
    return one_target_plan(
        s42,
        Target(id="s42-2023-24", indicator="s42", period="2023/24", rule=AtMost(value=64)),
        Target(id="s42-2024-25", indicator="s42", period="2024/25", rule=AtMost(value=44)),
    )


MID_2023_24 = date(2023, 10, 31)
"""2023/24 Q2 has ended, the year has not."""
