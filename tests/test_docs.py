"""Docs: the README's commands are the ones CI runs, and documented examples work."""

import pathlib
import re
import shlex
import shutil
import subprocess
import sys

import attrs
import pytest
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


def test_the_main_job_installs_what_it_needs_and_writes_the_report_with_charts():
    """The main job installs the charts extra and writes the HTML report with charts."""
    main_job = _console_commands(README)[0]

    assert '.venv/bin/python -m pip install -q ".[charts]" && ' in main_job
    assert main_job.endswith("--charts --output report.html")


def test_the_main_job_runs_as_written(tmp_path):
    """Each safeguarding-plan step of the main job, word for word, exits 0 and writes."""
    pytest.importorskip("matplotlib")
    script = pathlib.Path(sys.executable).with_name("safeguarding-plan")
    if not script.exists():
        pytest.skip(f"the console script is not installed next to {sys.executable}")
    shutil.copytree(ROOT / "examples" / "data", tmp_path / "examples" / "data")
    steps = [
        shlex.split(step) for step in _console_commands(README)[0].split(" && ")
        if step.startswith(".venv/bin/safeguarding-plan ")
    ]  # fmt: skip

    for step in steps:
        result = subprocess.run(  # noqa: S603 - our own console script, the README's words
            [str(script), *step[1:]], capture_output=True, text=True, check=False,
            cwd=tmp_path,
        )  # fmt: skip
        assert 0 == result.returncode, result.stderr

    assert ["evaluate", "report"] == [step[1] for step in steps]
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert report.count('<img src="data:image/svg+xml;base64,') >= 10


def test_ci_runs_the_readme_main_job_word_for_word():
    """.ci/run reads the README's main-job command from README.md and runs it."""
    printed = subprocess.run(  # noqa: S603 - our own CI script
        ["bash", str(ROOT / ".ci" / "run"), "--print-main-job"],  # noqa: S607 - bash on PATH
        capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout  # fmt: skip

    assert _console_commands(README)[0] + "\n" == printed
    assert 'step "readme main job" run_readme_main_job' in CI_RUN
    assert 'bash -euo pipefail -c "${command}"' in CI_RUN


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
