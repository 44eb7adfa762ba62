"""The safeguarding-plan command line: every command, its exit codes and its errors."""

import datetime as dt
import io
import json
import os
import pathlib
import re
import shlex
import shutil
import subprocess
import sys

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safeguarding_plan import cli
from safeguarding_plan.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, main
from safeguarding_plan.evaluation import Status, evaluate
from safeguarding_plan.files import dumps_plan
from safeguarding_plan.model import (
    AbsoluteTolerance,
    Between,
    Measure,
    RelativeTolerance,
    format_value,
)
from safeguarding_plan.observation_files import load_observations
from safeguarding_plan.plans import stockport_2023_26

ROOT = pathlib.Path(__file__).parent.parent
DATA = ROOT / "examples" / "data"
OBSERVATIONS = str(DATA / "stockport-illustrative.csv")
UPDATES = str(DATA / "stockport-illustrative-updates.csv")
ASSESSMENTS = str(DATA / "stockport-illustrative-assessments.csv")

QUICK_START = (
    "safeguarding-plan evaluate stockport-2023-26 examples/data/stockport-illustrative.csv "
    "--updates examples/data/stockport-illustrative-updates.csv "
    "--assessments examples/data/stockport-illustrative-assessments.csv --as-of 2024-03-31"
)

TINY = """\
id: tiny
title: A tiny plan
start: 2023/24
end: 2024/25
indicators:
  - {id: msp-asked, name: adults asked about their outcomes, unit: percent,
     direction: higher_is_better, baseline: {period: 2022/23, value: 70}}
  - {id: s42, name: contacts not progressing to an enquiry, unit: percent,
     direction: lower_is_better, baseline: {period: 2022/23, value: 84}}
priorities:
  - id: adults
    title: Make safeguarding personal
    partnership: adults
    why:
      - text: Only 70% of adults were asked in 2022/23.
    actions:
      - {id: refresh-guidance, text: Refresh the SAR guidance., due: 2023/24,
         owner: Adults Sub-Group}
    outcomes:
      - id: asked-more
        text: More adults will be asked.
        targets:
          - {id: msp-asked-2023-24, indicator: msp-asked, period: 2023/24,
             rule: {kind: at_least, value: 80}}
          - {id: s42-2023-24, indicator: s42, period: 2023/24,
             rule: {kind: at_least, value: 90}}
      - id: feel-confident
        text: Practitioners will feel confident.
"""


@pytest.fixture(name="plan_file")
def _plan_file(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY)
    return path


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


class TestGeneral:
    @pytest.mark.parametrize(
        "command", [[], ["plans"], ["show"], ["validate"], ["evaluate"], ["report"], ["schema"]]
    )
    def test_help_everywhere(self, capsys, command):
        """--help works on the program and on every command, and exits 0."""
        code, out, _ = run(capsys, *command, "--help")

        assert EXIT_OK == code
        assert "usage: safeguarding-plan" in out
        assert "exit codes" in out

    def test_version(self, capsys):
        """--version prints the version."""
        code, out, _ = run(capsys, "--version")

        assert EXIT_OK == code
        assert out.startswith("safeguarding-plan ")

    @pytest.mark.parametrize(
        "args",
        [
            [],
            ["frobnicate"],
            ["evaluate", "stockport-2023-26", OBSERVATIONS],
            ["evaluate", "stockport-2023-26", OBSERVATIONS, "--as-of", "31/03/2024"],
            ["report", "stockport-2023-26", OBSERVATIONS, "--as-of", "2024-03-31",
             "--format", "pdf", "--output", "x"],
            ["report", "stockport-2023-26", OBSERVATIONS, "--as-of", "2024-03-31",
             "--format", "md", "--output", "x", "--suppress-below", "0"],
            ["schema", "everything"],
        ],
    )  # fmt: skip
    def test_usage_errors_exit_2(self, capsys, args):
        """A wrong command line exits 2 with a usage message, never a traceback."""
        code, _, err = run(capsys, *args)

        assert EXIT_USAGE == code
        assert "usage:" in err
        assert "Traceback" not in err

    def test_python_dash_m_runs_the_command_line(self):
        """python -m safeguarding_plan is the same program."""
        result = subprocess.run(
            [sys.executable, "-m", "safeguarding_plan", "plans"],
            capture_output=True, text=True, check=False, cwd=ROOT,
        )  # fmt: skip

        assert 0 == result.returncode, result.stderr
        assert "stockport-2023-26" in result.stdout

    def test_the_readme_quick_start_command_works(self):
        """The README's first command, exactly, prints a RAG table and exits 0."""
        script = pathlib.Path(sys.executable).with_name("safeguarding-plan")
        if not script.exists():
            pytest.skip(f"the console script is not installed next to {sys.executable}")
        args = shlex.split(QUICK_START)

        result = subprocess.run(  # noqa: S603 - our own console script
            [str(script), *args[1:]], capture_output=True, text=True, check=False, cwd=ROOT,
            env={**os.environ, "NO_COLOR": "1"},
        )  # fmt: skip

        assert 0 == result.returncode, result.stderr
        assert "As at 2024-03-31" in result.stdout
        assert "\N{HEAVY CHECK MARK} Green" in result.stdout

    def test_the_readme_quick_start_is_the_readme_s_first_command(self):
        """The quick-start command above is the one the README gives."""
        readme = (ROOT / "README.md").read_text(encoding="utf-8")

        assert QUICK_START in readme


class TestPlans:
    def test_lists_the_bundled_plans(self, capsys):
        """'plans' lists each bundled plan, sorted by name, with its title and years."""
        code, out, _ = run(capsys, "plans")
        names = [line.split("\t")[0] for line in out.splitlines()]

        assert EXIT_OK == code
        assert ["darlington-cypp-2017-22", "stockport-2023-26"] == names
        assert "2023/24 to 2025/26" in out
        assert "2017/18 to 2022/23" in out


class TestShow:
    def test_shows_every_priority_action_outcome_and_target(self, capsys):
        """'show' prints the whole plan in plain English, targets via describe()."""
        plan = stockport_2023_26()

        code, text, _ = run(capsys, "show", "stockport-2023-26")
        out = " ".join(text.split())

        assert EXIT_OK == code
        assert max(len(line) for line in text.splitlines()) <= 100
        for priority in plan.priorities:
            assert priority.title in out
        for action in plan.iter_actions():
            assert f"By the end of {action.due} ({action.owner or 'owner not named'}" in out
        for outcome in plan.iter_outcomes():
            assert outcome.text in out
        for target in plan.iter_targets():
            assert plan.describe(target) in out
        assert "Warnings: 0" in out

    def test_action_details_are_listed_under_their_action(self, capsys):
        """"Multi-agency guidance will be developed on:" is followed by what it is on."""
        action = stockport_2023_26().action("working-with-men-guidance")

        code, text, _ = run(capsys, "show", "stockport-2023-26")
        lines = text.splitlines()
        at = next(i for i, line in enumerate(lines) if f"[{action.id}]" in line)

        assert EXIT_OK == code
        expected = [f"       * {detail}" for detail in action.details]
        assert expected == lines[at + 1 : at + 1 + len(action.details)]

    def test_warnings_are_visible(self, capsys, plan_file):
        """A plan's warnings (a floor above... below its baseline) are printed, not hidden."""
        code, text, _ = run(capsys, "show", plan_file)
        out = " ".join(text.split())

        assert EXIT_OK == code
        assert "Warnings: 2" in out
        assert "warning: priorities[0].outcomes[0].targets[1].rule" in out
        assert "Why? - Only 70% of adults were asked in 2022/23." in out
        assert "By the end of 2023/24 (Adults Sub-Group): Refresh the SAR guidance." in out

    def test_an_unknown_plan_name_suggests_the_nearest(self, capsys):
        """A plan that is neither bundled nor a file is one line, with a suggestion."""
        code, out, err = run(capsys, "show", "stockport-2023-25")

        assert EXIT_PROBLEMS == code
        assert "" == out
        assert 1 == len(err.splitlines())
        assert "did you mean 'stockport-2023-26'?" in err


class TestValidate:
    def test_a_valid_plan_file(self, capsys, plan_file):
        """A valid plan exits 0, printing its warnings to stderr."""
        code, out, err = run(capsys, "validate", plan_file)

        assert EXIT_OK == code
        assert "valid plan 'tiny'" in out
        assert err.startswith("warning: ")

    @pytest.mark.parametrize("name", ["stockport-2023-26", "darlington-cypp-2017-22"])
    def test_a_bundled_plan_by_name(self, capsys, name):
        """validate takes a bundled plan's name, as show and evaluate do."""
        code, out, _ = run(capsys, "validate", name)

        assert EXIT_OK == code
        assert out.startswith(f"{name}: valid plan {name!r}: ")

    def test_an_invalid_plan_file_lists_every_problem(self, capsys, tmp_path):
        """Every problem in a plan file is printed, one line each, and it exits 1."""
        path = tmp_path / "bad.yaml"
        path.write_text(
            TINY.replace("partnership: adults", "partnership: everyone")
            .replace("period: 2023/24,\n             rule: {kind: at_least, value: 80}",
                     "period: 2023/25,\n             rule: {kind: at_least, value: 80}")
            .replace("    why:", "    colour: red\n    why:")
        )  # fmt: skip

        code, _, err = run(capsys, "validate", path)

        assert EXIT_PROBLEMS == code
        lines = err.splitlines()
        assert len(lines) >= 3
        assert all(line.startswith("error: ") for line in lines)
        assert "Traceback" not in err

    def test_a_valid_observations_file(self, capsys):
        """An observations file is checked against the plan given with --plan."""
        code, out, _ = run(capsys, "validate", OBSERVATIONS, "--plan", "stockport-2023-26")

        assert EXIT_OK == code
        assert "valid for plan 'stockport-2023-26'" in out
        assert "withheld" in out

    def test_observations_without_a_plan_are_a_usage_error(self, capsys):
        """'validate of observations requires a plan (a clear usage error without one)'."""
        code, out, err = run(capsys, "validate", OBSERVATIONS)

        assert (EXIT_USAGE, "") == (code, out)
        assert "add --plan PLAN" in err

    def test_an_invalid_observations_file_lists_every_problem(self, capsys, tmp_path, plan_file):
        """Every bad row is one line naming file, line and column; exit code 1."""
        path = tmp_path / "q.csv"
        path.write_text(
            "indicator,period,value\nmsp-askd,2023/24,80\nmsp-asked,2023/25,80\n"
            "msp-asked,2024/25,180\n"
        )

        code, _, err = run(capsys, "validate", path, "--plan", plan_file)

        assert EXIT_PROBLEMS == code
        lines = err.splitlines()
        assert 3 == len(lines)
        assert lines[0].startswith(f"error: {path}, line 2, column indicator: ")
        assert "did you mean 'msp-asked'?" in lines[0]
        assert f"{path}, line 3, column period" in lines[1]
        assert f"{path}, line 4, column value" in lines[2]

    def test_custom_markers(self, capsys, tmp_path, plan_file):
        """--markers replaces the suppression markers."""
        path = tmp_path / "q.csv"
        path.write_text("indicator,period,value\nmsp-asked,2023/24,..\n")

        code, out, _ = run(capsys, "validate", path, "--plan", plan_file, "--markers", "..")

        assert EXIT_OK == code
        assert "(1 withheld)" in out

    def test_a_missing_file(self, capsys, tmp_path):
        """A missing file is one line and exit code 1."""
        code, _, err = run(capsys, "validate", tmp_path / "nope.csv")

        assert EXIT_PROBLEMS == code
        assert "no such file" in err
        assert 1 == len(err.splitlines())


class TestEvaluate:
    def test_prints_a_rag_table_with_words_and_symbols(self, capsys):
        """Every target, action and qualitative outcome gets a RAG word and symbol."""
        code, out, _ = run(
            capsys, "evaluate", "stockport-2023-26", OBSERVATIONS, "--as-of", "2024-12-31",
            "--updates", UPDATES, "--assessments", ASSESSMENTS,
        )  # fmt: skip

        assert EXIT_OK == code
        plan = stockport_2023_26()
        for target in plan.iter_targets():
            assert target.id in out
        for action in plan.iter_actions():
            assert f"action {action.id}" in out
        for word in ("\N{HEAVY CHECK MARK} Green", "! Amber", "\N{HEAVY MULTIPLICATION X} Red",
                     "\N{EN DASH} Grey", "overdue", "withheld", "percentage points"):  # fmt: skip
            assert word in out
        assert "\033[" not in out

    def test_colour_only_on_a_terminal_without_no_color(self, monkeypatch):
        """Colour is used on a terminal, and not when NO_COLOR is set."""

        class Terminal:
            def isatty(self):
                return True

        monkeypatch.delenv("NO_COLOR", raising=False)
        monkeypatch.setenv("TERM", "xterm")
        assert cli._use_colour(Terminal())
        monkeypatch.setenv("NO_COLOR", "1")
        assert not cli._use_colour(Terminal())

    def test_colour_never_replaces_the_words(self, capsys, monkeypatch):
        """On a terminal RAG is coloured, and still written as a word and a symbol."""
        monkeypatch.setattr(cli, "_use_colour", lambda _: True)

        code, out, _ = run(
            capsys, "evaluate", "stockport-2023-26", OBSERVATIONS, "--as-of", "2024-12-31"
        )

        assert EXIT_OK == code
        assert "\033[31m\N{HEAVY MULTIPLICATION X} Red" in out
        assert "\033[32m\N{HEAVY CHECK MARK} Green" in out

    def test_a_plan_path_works_like_a_name(self, capsys, plan_file, tmp_path):
        """PLAN may be a plan file."""
        data = tmp_path / "q.csv"
        data.write_text("indicator,period,value\nmsp-asked,2023/24,82\ns42,2023/24,70\n")

        code, out, _ = run(capsys, "evaluate", plan_file, data, "--as-of", "2024-04-01")

        assert EXIT_OK == code
        assert "met" in out
        assert "msp-asked-2023-24" in out

    def test_problems_in_every_file_are_all_reported(self, capsys, tmp_path):
        """Problems in the observations, updates and assessments files all print."""
        bad_obs = tmp_path / "o.csv"
        bad_obs.write_text("indicator,period,value\nmsp-askd,2023/24,80\n")
        bad_updates = tmp_path / "u.csv"
        bad_updates.write_text("action,date,state\nnope,2024-01-01,complete\n")

        code, out, err = run(
            capsys, "evaluate", "stockport-2023-26", bad_obs, "--as-of", "2024-03-31",
            "--updates", bad_updates,
        )  # fmt: skip

        assert EXIT_PROBLEMS == code
        assert "" == out
        assert 2 == len(err.splitlines())
        assert "o.csv" in err
        assert "u.csv" in err

    def test_a_missing_observations_file(self, capsys, tmp_path):
        """A missing file is one error line, exit code 1, no traceback."""
        code, _, err = run(
            capsys, "evaluate", "stockport-2023-26", tmp_path / "none.csv", "--as-of",
            "2024-03-31",
        )  # fmt: skip

        assert EXIT_PROBLEMS == code
        assert 1 == len(err.splitlines())
        assert "cannot read the file" in err


def table_rows(out):
    """The rows of the wide ``evaluate`` table, each as its cells (split on two spaces)."""
    return [re.split(r"\s{2,}", line.strip()) for line in out.splitlines() if line.startswith("  ")]


class TestTolerance:
    """'--tolerance on the command line ... the report says which tolerance applied'."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("10%", RelativeTolerance(percent=10)),
            ("relative:2.5", RelativeTolerance(percent=2.5)),
            ("2pp", AbsoluteTolerance(amount=2)),
            ("2 pp", AbsoluteTolerance(amount=2)),
            ("2", AbsoluteTolerance(amount=2)),
            ("absolute:0", AbsoluteTolerance(amount=0)),
        ],
    )
    def test_tolerance_forms(self, text, expected):
        """10% is relative; 2, 2pp and absolute:2 are absolute."""
        assert expected == cli._tolerance(text)

    @pytest.mark.parametrize("text", ["", "lots", "-2pp", "10%%", "nan", "inf%", "middle:3"])
    def test_anything_else_is_a_usage_error(self, capsys, text):
        """A tolerance that cannot be read exits 2 and says what to write."""
        code, _, err = run(
            capsys, "evaluate", "stockport-2023-26", OBSERVATIONS, "--as-of", "2024-06-30",
            f"--tolerance={text}",
        )  # fmt: skip

        assert EXIT_USAGE == code
        assert "'10%'" in err

    def test_the_command_line_tolerance_replaces_the_plans_and_is_said(self, capsys):
        """A run with --tolerance 2pp judges with 2 points and says so."""
        code, out, _ = run(
            capsys, "evaluate", "stockport-2023-26", OBSERVATIONS, "--as-of", "2024-06-30",
            "--tolerance", "2pp", "--explain",
        )  # fmt: skip

        assert EXIT_OK == code
        said = " ".join(out.split())
        expected = (
            "Tolerance for amber: 2 in each indicator's unit, percentage points for a "
            "percentage (from the command line)."
        )
        assert expected in said

    def test_the_default_is_said(self, capsys):
        """Without tolerances anywhere, the report says the default applied."""
        _, out, _ = run(
            capsys, "evaluate", "stockport-2023-26", OBSERVATIONS, "--as-of", "2024-06-30"
        )

        assert "Tolerance for amber: 5% of the value compared with (the default)." in " ".join(
            out.split()
        )

    def test_a_plan_file_tolerance_is_the_default_policy(self, capsys, tmp_path):
        """The plan's tolerance judges when no --tolerance is given: 66% is red against
        'at most 64%' with 1 point, amber with the default 3.2."""
        plan = stockport_2023_26()
        data = tmp_path / "q.csv"
        data.write_text("indicator,period,value\ns42-non-conversion,2023/24,66\n")
        strict = tmp_path / "strict.yaml"
        strict.write_text(dumps_plan(attrs.evolve(plan, tolerance=AbsoluteTolerance(amount=1))))

        _, default, _ = run(capsys, "evaluate", "stockport-2023-26", data, "--as-of", "2024-06-30")
        _, own, _ = run(capsys, "evaluate", strict, data, "--as-of", "2024-06-30")

        row = [line for line in default.splitlines() if "s42-non-conversion-2023-24" in line]
        assert "Amber" in row[0]
        row = [line for line in own.splitlines() if "s42-non-conversion-2023-24" in line]
        assert "Red" in row[0]
        said = (
            "1 in each indicator's unit, percentage points for a percentage "
            "(the plan's tolerance)"
        )
        assert said in " ".join(own.split())


def test_evaluating_before_the_plan_starts_says_so(capsys):
    """'Evaluating before the plan starts says so instead of printing a sheet of grey'."""
    code, out, err = run(
        capsys, "evaluate", "stockport-2023-26", OBSERVATIONS, "--as-of", "2023-03-31"
    )

    assert (EXIT_PROBLEMS, "") == (code, out)
    assert "has not started" in err
    assert "--as-of 2023-04-01" in err


class TestEvaluateTable:
    HEADINGS = ("RAG", "STATUS", "ITEM", "DUE", "TARGET", "LATEST ACTUAL", "EXPECTED",
                "GAP TO EXPECTED", "GAP TO TARGET", "SHORT-TERM", "YEAR ON YEAR", "FORECAST",
                "COMPARATORS")  # fmt: skip

    @pytest.fixture(name="wide", autouse=True)
    def _wide(self, monkeypatch):
        monkeypatch.setenv("COLUMNS", "400")

    def test_in_year_the_gap_is_to_the_expected_value(self, capsys, plan_file, tmp_path):
        """In-year, 76% against the 75% expected on 30 September 2023 is +1 percentage point."""
        data = tmp_path / "q2.csv"
        data.write_text("indicator,period,value\nmsp-asked,2023/24 Q2,76\n")

        code, out, _ = run(capsys, "evaluate", plan_file, data, "--as-of", "2023-10-31")
        rows = table_rows(out)
        row = next(r for r in rows if "msp-asked-2023-24" in r)

        assert EXIT_OK == code
        assert list(self.HEADINGS) == rows[0]
        expected = [
            "\N{HEAVY CHECK MARK} Green", "on track", "msp-asked-2023-24", "by 2023/24",
            "at least 80%", "76% (2023/24 Q2)", "75%", "+1 percentage point", "-", "-", "-",
            "\N{EN DASH} insufficient data", "-",
        ]  # fmt: skip
        assert expected == row

    def test_after_the_period_the_gap_is_to_the_target(self, capsys, plan_file, tmp_path):
        """Once 2023/24 has ended, 82% against at least 80% is +2 percentage points to TARGET."""
        data = tmp_path / "year.csv"
        data.write_text("indicator,period,value\nmsp-asked,2023/24,82\n")

        _, out, _ = run(capsys, "evaluate", plan_file, data, "--as-of", "2024-04-01")
        row = next(r for r in table_rows(out) if "msp-asked-2023-24" in r)

        expected = [
            "\N{HEAVY CHECK MARK} Green", "met", "msp-asked-2023-24", "by 2023/24",
            "at least 80%", "82% (2023/24)", "-", "-", "+2 percentage points", "improving",
            "improving", "-", "-",
        ]  # fmt: skip
        assert expected == row

    def test_gaps_reconcile_with_the_figures_shown(self, capsys):
        """Every in-year gap is the actual minus EXPECTED (a flow's pro rata figure)."""
        _, out, _ = run(capsys, "evaluate", "stockport-2023-26", OBSERVATIONS, "--as-of",
                        "2024-10-31")  # fmt: skip
        report = evaluate(stockport_2023_26(), load_observations(OBSERVATIONS,
                          stockport_2023_26()), as_of=dt.date(2024, 10, 31))  # fmt: skip
        rows = {r[2]: r for r in table_rows(out) if len(r) == len(self.HEADINGS)}
        in_year = [t for t in report.targets if t.status in
                   (Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK)]  # fmt: skip

        assert any(t.indicator.measure is Measure.FLOW for t in in_year)
        for t in in_year:
            gap = t.actual - t.expected
            if isinstance(t.target.rule, Between) and not t.shortfall:
                gap = 0.0
            expected = format_value(gap, t.indicator.difference_unit, signed=True)
            assert expected == rows[t.id][7]
            assert ("(pro rata)" in rows[t.id][6]) == (t.indicator.measure is Measure.FLOW)

    def test_a_band_shows_both_bounds(self, capsys):
        """Repeat MAARS referrals "between 7% and 10%" show both bounds as the target."""
        _, out, _ = run(capsys, "evaluate", "stockport-2023-26", OBSERVATIONS, "--as-of",
                        "2024-10-31")  # fmt: skip
        row = next(r for r in table_rows(out) if "maars-repeat-referrals-2024-25" in r)

        assert "between 7% and 10%" == row[4]

    def test_explain_prints_each_explanation_under_its_row(self, capsys, plan_file, tmp_path):
        """With --explain, each item's explanation follows its own row."""
        data = tmp_path / "q2.csv"
        data.write_text("indicator,period,value\nmsp-asked,2023/24 Q2,76\n")

        def line_after_row(*options):
            _, out, _ = run(capsys, "evaluate", plan_file, data, "--as-of", "2023-10-31", *options)
            lines = out.splitlines()
            return lines[next(i for i, line in enumerate(lines) if "msp-asked-2023-24" in line) + 1]

        assert line_after_row("--explain").startswith("      The latest figure for adults asked")
        assert "s42-2023-24" in line_after_row()

    @staticmethod
    def lines_at(columns, *options):
        """The lines ``evaluate`` prints with COLUMNS set to ``columns``."""
        out = io.StringIO()
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("COLUMNS", str(columns))
            patch.setattr(sys, "stdout", out)
            main(["evaluate", "stockport-2023-26", OBSERVATIONS, "--as-of", "2024-10-31",
                  *options])  # fmt: skip
        return out.getvalue().splitlines()

    @given(st.integers(min_value=80, max_value=260))
    @settings(max_examples=10)
    def test_the_output_fits_the_terminal(self, width):
        """With COLUMNS set, no line is wider; the table is used only when it fits."""
        headings = " ".join(self.HEADINGS).split()
        wide = self.lines_at(10_000)
        widest = max(len(line) for line in wide[: wide.index("Notes:")] if line[:2] == "  ")

        lines = self.lines_at(width, "--explain")
        table = any(line.split() == headings for line in lines)

        assert max(len(line) for line in lines) <= width
        assert (widest <= width) == table


class TestReport:
    @pytest.mark.parametrize("fmt", ["md", "html", "json"])
    def test_writes_each_format(self, capsys, tmp_path, fmt):
        """'report' writes the quarterly report in the format asked for."""
        out_path = tmp_path / f"report.{fmt}"

        code, out, _ = run(
            capsys, "report", "stockport-2023-26", OBSERVATIONS, "--as-of", "2024-12-31",
            "--updates", UPDATES, "--assessments", ASSESSMENTS, "--format", fmt,
            "--output", out_path,
        )  # fmt: skip

        assert EXIT_OK == code
        assert f"wrote {out_path}" in out
        text = out_path.read_text(encoding="utf-8")
        assert "Working with men" in text
        if fmt == "json":
            assert "2024-12-31" == json.loads(text)["as_of"]

    @pytest.mark.parametrize("fmt", ["md", "html", "json"])
    def test_the_output_suffix_says_the_format(self, capsys, tmp_path, fmt):
        """Without --format, the report is written in the format --output's suffix says."""
        out_path = tmp_path / f"report.{fmt}"

        code, out, _ = run(
            capsys, "report", "stockport-2023-26", OBSERVATIONS, "--as-of", "2024-03-31",
            "--output", out_path,
        )  # fmt: skip

        assert EXIT_OK == code
        assert f"wrote {out_path} ({fmt}, as at 2024-03-31)" in out

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--output", "report.txt"],
             "--format for --output report.txt: cannot tell the report format"),
            (["--output", "-"], "--format for standard output: cannot tell the report format"),
            (["--format", "html", "--output", "report.md"],
             "--format for --output report.md: a .md file is md, not html"),
        ],
    )  # fmt: skip
    def test_a_format_nothing_says_or_that_disagrees_is_a_usage_error(
        self, capsys, tmp_path, monkeypatch, args, message
    ):
        """No format from --format or the suffix, or the two disagree: exit 2, nothing written."""
        monkeypatch.chdir(tmp_path)

        code, _, err = run(
            capsys, "report", "stockport-2023-26", OBSERVATIONS, "--as-of", "2024-03-31", *args
        )

        assert EXIT_USAGE == code
        assert "usage: safeguarding-plan report" in err
        assert message in err
        assert [] == list(tmp_path.iterdir())

    def test_html_with_charts(self, capsys, tmp_path):
        """--charts embeds an image per indicator in the HTML."""
        pytest.importorskip("matplotlib")
        out_path = tmp_path / "report.html"

        code, _, _ = run(
            capsys, "report", "stockport-2023-26", OBSERVATIONS, "--as-of", "2024-12-31",
            "--format", "html", "--charts", "--output", out_path,
        )  # fmt: skip

        assert EXIT_OK == code
        html = out_path.read_text(encoding="utf-8")
        assert html.count('<img src="data:image/svg+xml;base64,') >= 10

    def test_chart_files(self, capsys, tmp_path):
        """--chart-dir writes a chart per indicator as PNG or SVG."""
        pytest.importorskip("matplotlib")

        code, _, _ = run(
            capsys, "report", "stockport-2023-26", OBSERVATIONS, "--as-of", "2024-12-31",
            "--format", "md", "--output", tmp_path / "r.md", "--chart-dir", tmp_path / "c",
            "--chart-format", "svg",
        )  # fmt: skip

        assert EXIT_OK == code
        assert (tmp_path / "c" / "msp-asked.svg").read_bytes().startswith(b"<?xml")

    def test_output_to_stdout(self, capsys):
        """--output - writes the report to standard output."""
        code, out, _ = run(
            capsys, "report", "stockport-2023-26", OBSERVATIONS, "--as-of", "2024-03-31",
            "--format", "md", "--output", "-",
        )  # fmt: skip

        assert EXIT_OK == code
        assert out.startswith("# Quarterly scrutiny report")

    def test_suppress_below(self, capsys):
        """--suppress-below N prints small counts as [c]."""
        code, out, _ = run(
            capsys, "report", "stockport-2023-26", OBSERVATIONS, "--as-of", "2024-12-31",
            "--format", "md", "--output", "-", "--suppress-below", "10",
        )  # fmt: skip

        assert EXIT_OK == code
        assert "Counts below 10 are shown as `[c]`" in out
        assert "[c]" in out

    def test_an_unwritable_output_is_one_line(self, capsys, tmp_path):
        """An OSError writing the report is one clear line and exit code 1."""
        code, _, err = run(
            capsys, "report", "stockport-2023-26", OBSERVATIONS, "--as-of", "2024-03-31",
            "--format", "md", "--output", tmp_path / "no" / "such" / "dir.md",
        )  # fmt: skip

        assert EXIT_PROBLEMS == code
        assert 1 == len(err.splitlines())
        assert err.startswith("error: ")


class TestSchema:
    @pytest.mark.parametrize("which", ["plan", "observations"])
    def test_prints_a_json_schema(self, capsys, which):
        """'schema plan' and 'schema observations' print JSON Schemas."""
        code, out, _ = run(capsys, "schema", which)

        assert EXIT_OK == code
        assert "$schema" in json.loads(out)

    def test_plan_is_the_default(self, capsys):
        """'schema' alone prints the plan schema."""
        _, default, _ = run(capsys, "schema")
        _, plan, _ = run(capsys, "schema", "plan")

        assert plan == default


class TestUnexpectedErrors:
    def test_an_unexpected_error_is_one_line(self, capsys, monkeypatch):
        """Even a bug is reported in one line with exit code 1, unless a traceback is asked for."""

        def broken(_):
            raise RuntimeError("something\nbroke")

        monkeypatch.setattr(cli, "_cmd_plans", broken)
        monkeypatch.delenv("SAFEGUARDING_PLAN_TRACEBACK", raising=False)

        code, _, err = run(capsys, "plans")

        assert EXIT_PROBLEMS == code
        expected = (
            "error: unexpected RuntimeError: something broke "
            "(set SAFEGUARDING_PLAN_TRACEBACK=1 to see where)"
        )
        assert [expected] == err.splitlines()

        monkeypatch.setenv("SAFEGUARDING_PLAN_TRACEBACK", "1")
        with pytest.raises(RuntimeError):
            main(["plans"])


class TestReportNeverClobbers:
    """The report's outputs never overwrite its inputs, and a failed run leaves nothing."""

    @pytest.fixture(name="inputs")
    def _inputs(self, tmp_path, plan_file):
        """Copies of the run's input files, so a failure here cannot harm the real ones."""
        folder = tmp_path / "in"
        folder.mkdir()
        copies = {}
        for name, source in (("obs", OBSERVATIONS), ("upd", UPDATES), ("ass", ASSESSMENTS)):
            copies[name] = folder / pathlib.Path(source).name
            shutil.copy(source, copies[name])
        copies["plan"] = plan_file
        return copies

    @staticmethod
    def report(capsys, inputs, *more):
        return run(
            capsys, "report", "stockport-2023-26", inputs["obs"], "--updates", inputs["upd"],
            "--assessments", inputs["ass"], "--as-of", "2024-03-31", "--format", "md", *more,
        )  # fmt: skip

    @staticmethod
    def contents(folder):
        return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    @pytest.mark.parametrize(
        ("name", "what"),
        [("obs", "the observations file"), ("upd", "the updates file"),
         ("ass", "the assessments file")],
    )  # fmt: skip
    def test_output_may_not_be_an_input(self, capsys, tmp_path, inputs, name, what):
        """--output naming an input file is a usage error (exit 2); nothing is written."""
        before = self.contents(tmp_path)

        code, _, err = self.report(capsys, inputs, "--output", inputs[name])

        assert (EXIT_USAGE, 1) == (code, len(err.splitlines()))
        assert f"is {what} of this run" in err
        assert before == self.contents(tmp_path)

    def test_output_may_not_be_the_plan_file_however_spelt(self, capsys, tmp_path, plan_file):
        """The plan file is protected under another spelling of its path too."""
        before = self.contents(tmp_path)
        spelt = tmp_path / "in" / ".." / plan_file.name

        code, _, err = run(
            capsys, "report", plan_file, OBSERVATIONS, "--as-of", "2024-03-31",
            "--format", "md", "--output", spelt,
        )  # fmt: skip

        assert EXIT_USAGE == code
        assert "is the plan file of this run" in err
        assert before == self.contents(tmp_path)

    @pytest.mark.parametrize("kind", ["hard link", "symbolic link"])
    def test_output_may_not_be_a_link_to_an_input(self, capsys, tmp_path, inputs, kind):
        """A hard or symbolic link to an input is the input: it is refused too."""
        link = tmp_path / "report.md"
        if kind == "hard link":
            link.hardlink_to(inputs["obs"])
        else:
            link.symlink_to(inputs["obs"])
        before = self.contents(tmp_path)

        code, _, err = self.report(capsys, inputs, "--output", link)

        assert EXIT_USAGE == code
        assert "is the observations file of this run" in err
        assert before == self.contents(tmp_path)

    def test_a_chart_may_not_overwrite_an_input_or_the_report(self, capsys, tmp_path, inputs):
        """Chart files are outputs too: one that would replace an input or the report is refused."""
        pytest.importorskip("matplotlib")
        charts = tmp_path / "charts"
        charts.mkdir()
        (charts / "msp-asked.png").symlink_to(inputs["obs"])  # a chart's name, an input's file
        before = self.contents(tmp_path)

        taken, _, taken_err = self.report(
            capsys, inputs, "--output", tmp_path / "r.md", "--chart-dir", charts
        )
        clash, _, clash_err = self.report(
            capsys, inputs, "--output", tmp_path / "c" / "msp-asked.png",
            "--chart-dir", tmp_path / "c",
        )  # fmt: skip

        assert (EXIT_USAGE, EXIT_USAGE) == (taken, clash)
        assert "--chart-dir" in taken_err
        assert "is --output of this run" in clash_err
        assert before == self.contents(tmp_path)

    def test_a_failing_output_leaves_no_charts_behind(self, capsys, tmp_path, inputs):
        """If the report cannot be written, no chart file or chart folder is left."""
        pytest.importorskip("matplotlib")
        before = self.contents(tmp_path)

        code, _, err = self.report(
            capsys, inputs, "--output", tmp_path / "missing" / "r.md",
            "--chart-dir", tmp_path / "new" / "charts",
        )  # fmt: skip

        assert (EXIT_PROBLEMS, 1) == (code, len(err.splitlines()))
        assert str(tmp_path / "missing" / "r.md") in err
        assert before == self.contents(tmp_path)
        assert not (tmp_path / "new").exists()

    def test_a_failed_write_keeps_the_previous_report(self, capsys, tmp_path, inputs, monkeypatch):
        """A write that fails part-way leaves the previous report whole, and nothing else."""
        out = tmp_path / "r.md"
        out.write_text("last quarter's report\n", encoding="utf-8")
        before = self.contents(tmp_path)

        def fail(_):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr("os.fsync", fail)
        code, _, err = self.report(capsys, inputs, "--output", out)

        assert EXIT_PROBLEMS == code
        assert f"error: {out}: No space left on device" == err.strip()
        assert before == self.contents(tmp_path)
