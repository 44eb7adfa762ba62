"""Examples: every script in examples/ runs and exits 0."""

import pathlib
import subprocess
import sys

import pytest

EXAMPLES = sorted((pathlib.Path(__file__).parent.parent / "examples").glob("*.py"))


def test_there_are_examples():
    """At least one example ships."""
    assert EXAMPLES


@pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: p.name)
def test_example_runs(script):
    """Each example runs to completion with the installed package."""
    result = subprocess.run(  # noqa: S603 - our own scripts, run with this interpreter
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=script.parent.parent,
    )

    assert 0 == result.returncode, result.stderr
    assert result.stdout.strip()


def test_summarise_plan_prints_targets_in_the_plans_words():
    """The summary lists priorities, actions by due year, and each target via describe()."""
    result = subprocess.run(
        [sys.executable, "examples/summarise_plan.py", "docs/examples/small-plan.yaml"],
        capture_output=True,
        text=True,
        check=True,
        cwd=pathlib.Path(__file__).parent.parent,
    )

    assert "1. [Adults'] Make safeguarding personal" in result.stdout
    assert "By the end of 2024/25 (31 March 2025):" in result.stdout
    assert (
        "  - keep repeat referrals to the risk panel between 7% and 10% by the end of 2024/25"
        in result.stdout
    )
