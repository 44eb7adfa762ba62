"""One publication policy hides small counts for the reports, the charts and the CLI."""

from __future__ import annotations

import ast
import json
import pathlib
from datetime import date

import pytest

from safeguarding_plan import Observation, evaluate
from safeguarding_plan.evaluation import PublicationPolicy
from safeguarding_plan.reports import render_json, render_markdown

SRC = pathlib.Path(__file__).parents[2] / "src" / "safeguarding_plan"


@pytest.fixture
def audited(s42_plan):
    """S42 in 2023/24 from an audit of 11 cases out of 14 (3 not converted: a small count)."""
    data = [Observation(indicator="s42", period="2023/24", numerator=11, denominator=14)]
    return evaluate(s42_plan, data, as_of=date(2024, 4, 30)).target("s42-2023-24")


def test_a_small_sample_prints_as_the_marker_under_the_policy(audited):
    """ "11 of 14" reveals 3: the counts print as [c] of [c]; the rest of the sentence stays."""
    policy = PublicationPolicy(suppress_below=5)

    actual = audited.explain(policy)

    assert "([c] of [c]; 95% interval" in actual
    assert actual.replace("[c] of [c]", "11 of 14") == audited.explanation


def test_without_a_threshold_nothing_is_hidden(audited):
    """PublicationPolicy() hides nothing."""
    expected = audited.explanation

    actual = audited.explain(PublicationPolicy())

    assert expected == actual


def test_reports_use_the_same_policy(audited):
    """Markdown and JSON say what the result's own explain() says under the policy."""
    report = evaluate(
        _plan_of(audited),
        [Observation(indicator="s42", period="2023/24", numerator=11, denominator=14)],
        as_of=date(2024, 4, 30),
    )
    policy = PublicationPolicy(suppress_below=5)
    sentence = report.target("s42-2023-24").explain(policy)

    records = json.loads(render_json(report, publication=policy))["records"]

    assert sentence in [r["explanation"] for r in records]
    assert sentence.replace("|", "\\|") in render_markdown(report, publication=policy)


def _plan_of(result):
    from safeguarding_plan import Outcome, Partnership, Plan, Priority

    return Plan(
        id="demo", title="Demo", start="2023/24", end="2025/26", indicators=[result.indicator],
        priorities=[Priority(id="adults", title="Adults", partnership=Partnership.ADULTS,
                             outcomes=[Outcome(id="o", text="O.", targets=[result.target])])],
    )  # fmt: skip


# The one regular expression allowed: escaping Markdown markup in text from data.
_ALLOWED_PATTERNS = {"reports.py": ["_MD_MARKUP"]}


@pytest.mark.parametrize("module", ["reports.py", "charts.py", "cli.py"])
def test_no_regular_expression_reads_a_sentence(module):
    """Reports, charts and the command line read structured fields, never sentences.

    The only pattern is the Markdown escape, which changes how data's own text is shown
    and never what a sentence says.
    """
    tree = ast.parse((SRC / module).read_text("utf-8"))
    calls = [
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "re"
    ]
    compiled = [
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Attribute)
        and node.value.func.attr == "compile"
        for target in node.targets
        if isinstance(target, ast.Name)
    ]

    assert ["compile"] * len(compiled) == calls
    assert _ALLOWED_PATTERNS.get(module, []) == compiled


@pytest.mark.parametrize(
    ("value", "hidden"), [(0, False), (1, True), (4, True), (5, False), (None, False)]
)
def test_counts_above_zero_and_below_the_threshold_are_hidden(value, hidden):
    """Below 5 hides 1-4; zero is no disclosure."""
    actual = PublicationPolicy(suppress_below=5).hides_count(value)

    assert hidden == actual
