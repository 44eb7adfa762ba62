"""Docs: the README's commands are the ones CI runs, and documented examples work."""

import pathlib
import re

import attrs
import yaml

from safeguarding_plan import Indicator, Plan, load_plan

ROOT = pathlib.Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI_RUN = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
EXAMPLE = ROOT / "docs" / "examples" / "small-plan.yaml"


def _console_commands(text):
    return re.findall(r"```console\n(.*?)\n```", text, flags=re.DOTALL)


def test_readme_quick_start_is_two_commands():
    """The quick start is two commands: run the main job, and run the tests."""
    commands = _console_commands(README)

    assert commands[0].startswith("python3 -m venv .venv && ")
    assert "safeguarding-plan evaluate stockport-2023-26" in commands[0]
    assert commands[1].endswith("-m pytest")


def test_ci_runs_exactly_the_readme_test_command():
    """.ci/run runs the README's test command verbatim."""
    test_command = _console_commands(README)[1]

    assert f"    {test_command}\n" in CI_RUN


def test_ci_runs_the_strict_checks():
    """.ci/run adds ruff, mypy --strict and a nitpicky, warnings-as-errors Sphinx build."""
    for check in (
        "ruff check .",
        "mypy --strict src",
        "sphinx-build -q -n -W --keep-going -b html",
        "-b doctest",
    ):
        assert check in CI_RUN


def test_readme_python_example_runs():
    """The README's taste of the API runs."""
    (code,) = re.findall(r"```python\n(.*?)\n```", README, flags=re.DOTALL)

    exec(compile(code, "README.md", "exec"), {})  # noqa: S102 - our own README


def test_example_plan_file_is_complete():
    """The file-format page's example holds every field of a plan and of an indicator."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))

    assert {f.name for f in attrs.fields(Plan)} == set(data)
    assert {f.name for f in attrs.fields(Indicator)} == set().union(*data["indicators"])
    assert "example-2024-26" == load_plan(EXAMPLE).id


def test_every_reference_page_is_in_the_api_toctree():
    """Every page in docs/reference/ is reachable from the docs."""
    api = (ROOT / "docs" / "reference" / "api.md").read_text(encoding="utf-8")
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    for page in (ROOT / "docs" / "reference").glob("*.md"):
        assert page.stem in api or f"reference/{page.stem}" in index, page.name
