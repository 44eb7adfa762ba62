"""Plausibility warnings: located at their row, in Report.problems, by validate and the
command line; --strict refuses them. Plus withheld ranges declared by files."""

from __future__ import annotations

import datetime as dt
import pathlib
import re

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeguarding_plan import (
    Observation,
    ObservationError,
    Severity,
    Status,
    combine_observations,
    dump_plan,
    evaluate,
    loads_observations,
    plausibility_problems,
    validate,
)
from safeguarding_plan.cli import EXIT_OK, EXIT_PROBLEMS, main
from safeguarding_plan.observation_files import observations_from_records
from safeguarding_plan.plans import stockport_2023_26

PLAN = stockport_2023_26()
HEADER = "indicator,period,value,numerator,denominator\n"


def warnings_of(text: str) -> list[str]:
    observations = loads_observations(HEADER + text, PLAN, name="q.csv")
    return [str(p) for p in plausibility_problems(PLAN, observations)]


class TestChecks:
    def test_a_fraction_typed_for_a_percentage(self):
        (warning,) = warnings_of("s42-non-conversion,2023/24 Q2,0.64,,\n")
        assert warning.startswith("q.csv, line 2, column value: s42-non-conversion 2023/24 Q2:")
        assert "fraction typed for 64%" in warning
        assert "up to 84%" in warning

    def test_a_percentage_from_counts_is_never_a_typed_fraction(self):
        found = warnings_of("msp-asked,2023/24 Q2,,1,200\n")  # 0.5%, far below the rest
        assert not any("fraction" in w for w in found)

    def test_a_value_far_above_everything_else_recorded_says_how_far(self):
        """SAR referrals: 2, 3, 2 a quarter; then 250 (a typo for 25?) is 83.3 times 3."""
        text = (
            "sar-referrals,2023/24 Q1,2,,\nsar-referrals,2023/24 Q2,3,,\n"
            "sar-referrals,2023/24 Q3,250,,\n"
        )
        (warning,) = warnings_of(text)
        assert "line 4, column value" in warning
        assert "83.3 times the largest other figure recorded for it (3)" in warning

    def test_a_level_far_below_everything_else(self):
        """S42 non-conversion 84% baseline, 64% and 44% targets: 4% is 11 times smaller."""
        (warning,) = warnings_of("s42-non-conversion,2023/24 Q2,4,,\n")
        assert "11 times smaller than the smallest other figure recorded for it (44%)" in warning

    def test_a_flows_quarters_are_not_far_below_its_years(self):
        assert [] == warnings_of("sar-referrals,2022/23,40,,\nsar-referrals,2023/24 Q1,2,,\n")

    def test_a_count_that_is_not_a_whole_number(self):
        (warning,) = warnings_of("sar-referrals,2023/24 Q1,2.5,,\n")
        assert "line 2, column value" in warning
        assert "a count that is not a whole number" in warning

    def test_a_flow_year_that_disagrees_with_its_quarters(self):
        rows = "".join(
            f"sar-referrals,2023/24 Q{n},{v},,\n" for n, v in ((1, 2), (2, 3), (3, 2), (4, 4))
        )
        (warning,) = warnings_of(rows + "sar-referrals,2023/24,12,,\n")
        assert "line 6, column value" in warning
        assert "the year's own value 12 disagrees with the sum of its four quarters, 11" in warning
        assert [] == warnings_of(rows + "sar-referrals,2023/24,11,,\n")

    def test_a_flow_year_against_quarters_with_a_withheld_range(self):
        rows = (
            "sar-referrals,2023/24 Q1,2,,\nsar-referrals,2023/24 Q2,3,,\n"
            "sar-referrals,2023/24 Q3,c,,\nsar-referrals,2023/24 Q4,4,,\n"
        )
        observations = loads_observations(
            HEADER + rows + "sar-referrals,2023/24,20,,\n", PLAN, withheld="dfe"
        )
        (warning,) = plausibility_problems(PLAN, observations)
        assert "sum of its four quarters, 10 to 14" in warning.message

    def test_a_level_year_that_disagrees_with_its_quarters_summed_counts(self):
        rows = "".join(
            f"msp-asked,2023/24 Q{n},,{a},{b}\n"
            for n, a, b in ((1, 45, 60), (2, 52, 66), (3, 50, 62), (4, 55, 64))
        )
        (warning,) = warnings_of(rows + "msp-asked,2023/24,,200,250\n")
        assert "line 6, column numerator" in warning
        assert "200 of 250, disagree with its four quarters' summed counts, 202 of 252" in warning
        assert [] == warnings_of(rows + "msp-asked,2023/24,80.2,,\n")  # 202/252 = 80.16%
        (warning,) = warnings_of(rows + "msp-asked,2023/24,85,,\n")
        assert "202 of 252 (80.16%)" in warning

    def test_an_observation_not_read_from_a_file_is_named_by_its_index(self):
        (problem,) = plausibility_problems(
            PLAN, [Observation(indicator="sar-referrals", period="2023/24 Q1", value=2.5)]
        )
        assert "observations[0].value" == problem.location
        assert Severity.WARNING is problem.severity

    def test_the_report_carries_the_warnings(self):
        observations = loads_observations(
            HEADER + "s42-non-conversion,2023/24,0.66,,\n", PLAN, name="q.csv"
        )
        report = evaluate(PLAN, observations, as_of=dt.date(2024, 6, 30))
        assert any(p.location == "q.csv, line 2, column value" for p in report.problems)

    def test_a_dataframe_row_is_named_by_its_label(self):
        observations = observations_from_records(
            [{"indicator": "sar-referrals", "period": "2023/24 Q1", "value": 2.5}],
            PLAN,
            name="frame",
        )
        (problem,) = plausibility_problems(PLAN, observations)
        assert "frame, row 0, column value" == problem.location


class TestRevisions:
    def test_a_later_value_revises_an_earlier_one_and_both_are_shown(self):
        q1 = loads_observations(HEADER + "sar-referrals,2023/24 Q1,2,,\n", PLAN, name="q1.csv")
        q2 = loads_observations(
            HEADER + "sar-referrals,2023/24 Q1,3,,\nsar-referrals,2023/24 Q2,4,,\n",
            PLAN,
            name="q2.csv",
        )
        combined, revisions = combine_observations(q1, q2)
        assert [3.0, 4.0] == [o.value for o in combined]
        (revision,) = revisions
        assert "q2.csv, line 2, column value" == revision.location
        assert "revised from 2 (q1.csv, line 2) to 3" in revision.message
        report = evaluate(PLAN, combined, as_of=dt.date(2023, 10, 31), notes=revisions)
        assert revision in report.problems

    def test_the_same_figure_again_is_not_a_revision(self):
        q1 = loads_observations(HEADER + "sar-referrals,2023/24 Q1,2,,\n", PLAN)
        assert () == combine_observations(q1, q1)[1]


def _fraction_plan():
    """The Stockport plan with the 2024/25 S42 target typed as 0.44 for 44%."""
    plan = stockport_2023_26()
    s42 = next(t for t in plan.iter_targets() if t.id == "s42-non-conversion-2024-25")
    bad = attrs.evolve(s42, rule=attrs.evolve(s42.rule, value=0.44))
    priorities = [
        attrs.evolve(
            p,
            outcomes=[
                attrs.evolve(o, targets=[bad if t.id == s42.id else t for t in o.targets])
                for o in p.outcomes
            ],
        )
        for p in plan.priorities
    ]
    return attrs.evolve(plan, priorities=priorities)


class TestPlanValidation:
    def test_a_percent_target_typed_as_a_fraction(self):
        (warning,) = validate(_fraction_plan())
        assert warning.location.endswith(".rule.value")
        assert "fraction typed for 44%" in warning.message

    def test_validate_strict_refuses_a_plans_warnings(self, tmp_path, capsys):
        path = tmp_path / "plan.yaml"
        dump_plan(_fraction_plan(), path)
        assert EXIT_OK == main(["validate", str(path)])
        assert "warning:" in capsys.readouterr().err
        assert EXIT_PROBLEMS == main(["validate", str(path), "--strict"])
        assert "refused by --strict" in capsys.readouterr().err


class TestFilesDeclareRanges:
    def test_a_csv_comment_before_the_header(self):
        text = "# withheld: nhs\n" + HEADER + "sar-referrals,2023/24 Q1,*,,\n"
        (obs,) = loads_observations(text, PLAN)
        assert ("nhs", "*") == (str(obs.withheld), obs.suppressed)

    def test_a_row_cell_comes_before_the_file(self):
        text = "# withheld: nhs\nindicator,period,value,withheld\nsar-referrals,2023/24 Q1,c,1-3\n"
        assert "1-3" == str(loads_observations(text, PLAN)[0].withheld)

    def test_a_json_key_and_the_argument(self):
        text = (
            '{"withheld": "dfe", "observations": [{"indicator": "sar-referrals", '
            '"period": "2023/24 Q1", "value": "c"}]}'
        )
        assert "dfe" == str(loads_observations(text, PLAN, format="json")[0].withheld)
        plain = HEADER + "sar-referrals,2023/24 Q1,c,,\n"
        assert "0-9" == str(loads_observations(plain, PLAN, withheld="0-9")[0].withheld)
        assert loads_observations(plain, PLAN)[0].withheld is None

    def test_bad_declarations_are_located(self):
        with pytest.raises(ObservationError) as caught:
            loads_observations("# withheld: lots\n" + HEADER, PLAN, name="q.csv")
        assert "q.csv, line 1, column withheld" in str(caught.value)
        text = "indicator,period,value,withheld\nsar-referrals,2023/24 Q1,3,dfe\n"
        with pytest.raises(ObservationError, match="line 2, column withheld: a withheld range"):
            loads_observations(text, PLAN)


@given(
    values=st.lists(
        st.tuples(
            st.sampled_from(["sar-referrals", "s42-non-conversion", "msp-asked"]),
            st.sampled_from(
                ["2023/24", "2023/24 Q1", "2023/24 Q2", "2023/24 Q3", "2023/24 Q4", "2024/25 Q1"]
            ),
            st.one_of(st.sampled_from(["c", "*"]), st.decimals(0, 1000, places=2).map(str)),
        ),
        max_size=12,
        unique_by=lambda r: (r[0], r[1]),
    )
)
def test_every_plausibility_warning_names_a_row(values):
    text = HEADER + "".join(f"{i},{p},{v},,\n" for i, p, v in values)
    try:
        observations = loads_observations(text, PLAN, name="q.csv", withheld="dfe")
    except ObservationError:
        return  # a percentage above 100: refused, not a plausibility matter
    lines = {f"line {n}" for n in range(2, len(values) + 2)}
    for problem in plausibility_problems(PLAN, observations):
        match = re.fullmatch(r"q\.csv, (line \d+), column (value|numerator)", problem.location)
        assert match is not None, problem.location
        assert match.group(1) in lines
        assert Severity.WARNING is problem.severity


class TestCommandLine:
    @pytest.fixture
    def files(self, tmp_path: pathlib.Path) -> tuple[str, str]:
        q1 = tmp_path / "q1.csv"
        q1.write_text(
            HEADER + "s42-non-conversion,2023/24 Q1,0.8,,\nsar-referrals,2023/24 Q1,2,,\n"
        )
        q2 = tmp_path / "q2.csv"
        q2.write_text(HEADER + "sar-referrals,2023/24 Q1,3,,\n")
        return str(q1), str(q2)

    def test_validate_warns_and_strict_refuses(self, files, capsys):
        q1, _ = files
        assert EXIT_OK == main(["validate", q1, "--plan", "stockport-2023-26"])
        err = capsys.readouterr().err
        assert f"warning: {q1}, line 2, column value: s42-non-conversion" in err
        assert EXIT_PROBLEMS == main(["validate", q1, "--plan", "stockport-2023-26", "--strict"])
        err = capsys.readouterr().err
        assert f"error: {q1}, line 2, column value" in err
        assert "refused by --strict" in err

    def test_evaluate_lists_warnings_and_revisions_in_its_notes(self, files, capsys):
        q1, q2 = files
        code = main(["evaluate", "stockport-2023-26", q1, q2, "--as-of", "2023-10-31"])
        out = capsys.readouterr().out
        assert EXIT_OK == code
        assert "fraction typed for 80%" in out
        assert "revised from 2" in out

    def test_report_strict_writes_nothing(self, files, capsys, tmp_path):
        q1, _ = files
        output = tmp_path / "r.md"
        code = main(
            [
                "report",
                "stockport-2023-26",
                q1,
                "--as-of",
                "2023-10-31",
                "--output",
                str(output),
                "--strict",
            ]
        )
        assert EXIT_PROBLEMS == code
        assert not output.exists()
        assert "fraction typed for 80%" in capsys.readouterr().err

    def test_withheld_on_the_command_line(self, tmp_path, capsys):
        path = tmp_path / "sar.csv"
        path.write_text(
            HEADER
            + "".join(
                f"sar-referrals,{p},{v},,\n"
                for p, v in (
                    ("2022/23", 8),
                    ("2023/24 Q1", 2),
                    ("2023/24 Q2", 3),
                    ("2023/24 Q3", "c"),
                    ("2023/24 Q4", 4),
                )
            )
        )
        main(
            [
                "report",
                "stockport-2023-26",
                str(path),
                "--as-of",
                "2024-06-30",
                "--output",
                "-",
                "--format",
                "json",
                "--withheld",
                "dfe",
            ]
        )
        out = capsys.readouterr().out
        assert '"status": "met"' in out
        assert '"actual_low": 10.0' in out

    def test_a_bad_withheld_option_is_a_usage_error(self, capsys):
        code = main(
            [
                "evaluate",
                "stockport-2023-26",
                "x.csv",
                "--as-of",
                "2024-06-30",
                "--withheld",
                "many",
            ]
        )
        assert 2 == code
        assert "--withheld" in capsys.readouterr().err


def test_the_illustrative_data_shows_each_case():
    """The README's report: a judgement resting on a withheld range, a plausibility
    warning, and a commentary with its corrective action."""
    from safeguarding_plan import load_action_updates, load_observations

    data = pathlib.Path(__file__).parent.parent / "examples" / "data"
    observations = load_observations(data / "stockport-illustrative.csv", PLAN)
    updates = load_action_updates(data / "stockport-illustrative-updates.csv", PLAN)
    report = evaluate(PLAN, observations, updates=updates, as_of=dt.date(2024, 12, 31))
    ranged = report.target("maars-referrals-3-plus-vulnerabilities-2024-25")
    assert (Status.ON_TRACK, True) == (ranged.status, ranged.rests_on_withheld)
    assert any("fraction typed for 38%" in p.message for p in report.problems)
    remarks = report.target("maars-exploitation-cases-2024-25").commentary
    assert remarks is not None
    assert remarks.corrective_action
    assert remarks.action_owner
    assert any(a.update is not None and a.update.evidence for a in report.actions)


def test_a_real_small_percentage_is_not_taken_for_a_fraction():
    """Darlington's published 0.6% (target: at most 5%) is a real figure, not 0.6 for 60%."""
    from safeguarding_plan.observation_files import load_observations
    from safeguarding_plan.plans import bundled_plan

    plan = bundled_plan("darlington-cypp-2017-22")
    published = pathlib.Path(__file__).parent / "data" / "darlington-published.csv"
    report = evaluate(plan, load_observations(published, plan), as_of=dt.date(2022, 6, 30))

    assert not [p for p in report.problems if "fraction" in p.message]


@given(
    st.floats(0.0, 1.0, exclude_min=True),  # down to the smallest float
    st.lists(st.floats(1.01, 100.0), min_size=1, max_size=5),
)
def test_a_fraction_is_flagged_only_when_a_hundred_times_it_sits_among_the_figures(
    value, figures
):
    """Flagged exactly when 100 x the value lies from half the least to twice the most."""
    from safeguarding_plan.model import typed_as_a_fraction

    flagged = typed_as_a_fraction(value, figures)

    assert flagged == (min(figures) / 2 <= 100 * value <= 2 * max(figures))
    if flagged:  # what the warning asks about is a percentage near the plan's own
        assert 100 * value >= min(figures) / 2
    assert not typed_as_a_fraction(value, [f / 100 for f in figures if f < 100])  # all <= 1


@pytest.mark.parametrize("value", [5e-324, 2.2250738585e-313, 1e-300])
def test_a_vanishingly_small_value_is_said_far_off_without_overflowing(value):
    """A value so small that the ratio overflows is 'more than 1,000,000,000 times' off."""
    plan = stockport_2023_26()
    rows = [Observation(indicator="s42-non-conversion", period="2023/24 Q1", value=80),
            Observation(indicator="s42-non-conversion", period="2023/24 Q2", value=value)]
    messages = [p.message for p in plausibility_problems(plan, rows)]

    assert any("more than 1,000,000,000 times smaller" in m for m in messages), messages
