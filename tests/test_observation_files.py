"""Observation files: CSV, JSON and DataFrames in; every problem out, located."""

import json
import pathlib

import jsonschema
import pytest

from safeguarding_plan import (
    ActionUpdate,
    Assessment,
    InvalidValueError,
    Observation,
    ObservationError,
    loads_plan,
)
from safeguarding_plan.observation_files import (
    file_kind,
    load_action_updates,
    load_assessments,
    load_observations,
    load_progress,
    loads_observations,
    loads_progress,
    observations_from_dataframe,
    observations_from_records,
    observations_schema,
)
from safeguarding_plan.observations import Judgement, UpdateState
from safeguarding_plan.periods import parse_period
from safeguarding_plan.plans import stockport_2023_26

EXAMPLES = pathlib.Path(__file__).parent.parent / "examples" / "data"

TINY = """
id: tiny
title: A tiny plan
start: 2023/24
end: 2024/25
indicators:
  - {id: msp-asked, name: adults asked about their outcomes, unit: percent,
     direction: higher_is_better, baseline: {period: 2022/23, value: 70}}
  - {id: sar-referrals, name: SAR referrals, unit: count, direction: higher_is_better,
     measure: flow, baseline: {period: 2022/23, value: 8}}
priorities:
  - id: adults
    title: Make safeguarding personal
    partnership: adults
    actions:
      - {id: refresh-guidance, text: Refresh the SAR guidance., due: 2023/24,
         owner: Adults Sub-Group}
    outcomes:
      - id: asked-more
        text: More adults will be asked.
        targets:
          - {id: msp-asked-2023-24, indicator: msp-asked, period: 2023/24,
             rule: {kind: at_least, value: 80}}
          - {id: sar-2023-24, indicator: sar-referrals, period: 2023/24,
             rule: {kind: at_least, value: 10}}
      - id: feel-confident
        text: Practitioners will feel confident.
"""

HEADER = "indicator,period,value,numerator,denominator,source,note\n"


@pytest.fixture(name="plan", scope="module")
def _plan():
    return loads_plan(TINY)


def problems_of(text, plan, **kwargs):
    with pytest.raises(ObservationError) as info:
        loads_progress(text, plan, name="q.csv", **kwargs)
    return info.value.problems


def only_problem(text, plan, **kwargs):
    problems = problems_of(text, plan, **kwargs)
    assert 1 == len(problems), [str(p) for p in problems]
    return problems[0]


class TestReadingCsv:
    def test_long_format_rows_become_observations(self, plan):
        """One row per indicator and period: value, counts, source and note are kept."""
        text = HEADER + (
            "msp-asked,2023/24 Q1,,45,60,MSP return,first quarter\n"
            "sar-referrals,Q2 2023/24,3,,,dashboard,\n"
        )

        first, second = loads_observations(text, plan)

        assert (parse_period("2023/24 Q1"), 75.0, 45.0, 60.0) == (
            first.period, first.value, first.numerator, first.denominator
        )
        assert ("MSP return", "first quarter") == (first.source, first.note)
        assert (parse_period("2023/24 Q2"), 3.0, None) == (
            second.period, second.value, second.note
        )

    @pytest.mark.parametrize("marker", ["c", "x", "*", "[c]", "[x]", "C", " [x] "])
    def test_default_suppression_markers_mean_withheld(self, plan, marker):
        """c, x, *, [c] and [x] (any case) are withheld values, never zero or missing."""
        (obs,) = loads_observations(HEADER + f"sar-referrals,2023/24,{marker},,,,\n", plan)

        assert obs.is_suppressed
        assert obs.value is None

    def test_suppression_markers_are_configurable(self, plan):
        """Other publishers' markers can be given; the defaults then no longer apply."""
        (obs,) = loads_observations(
            HEADER + "sar-referrals,2023/24,..,,,,\n", plan, markers=("..",)
        )

        assert ".." == obs.suppressed
        problem = only_problem(HEADER + "sar-referrals,2023/24,c,,,,\n", plan, markers=("..",))
        assert "column value" in problem.location

    def test_comments_and_blank_lines_are_skipped_and_lines_still_count(self, plan):
        """Lines starting with # are comments; problems still name the file's own line."""
        text = "# ILLUSTRATIVE\n\n" + HEADER + "\nmsp-asked,2023/24,180,,,,\n"

        problem = only_problem(text, plan)

        assert "q.csv, line 5, column value" == problem.location

    def test_a_percent_sign_is_accepted_for_a_percentage(self, plan):
        """'64%' is read as 64 for a percentage indicator."""
        (obs,) = loads_observations(HEADER + "msp-asked,2023/24,64%,,,,\n", plan)

        assert 64.0 == obs.value

    def test_a_unit_column_converts_to_the_indicators_unit(self, plan):
        """0.64 dimensionless is 64% for a percentage indicator."""
        (obs,) = loads_observations(
            "indicator,period,value,unit\nmsp-asked,2023/24,0.64,dimensionless\n", plan
        )

        assert 64.0 == pytest.approx(obs.value)

    def test_the_header_tells_updates_and_assessments_apart(self, plan):
        """A CSV with an 'action' column holds updates; with 'outcome', assessments."""
        updates = loads_progress(
            "action,date,state,note\nrefresh-guidance,2024-01-10,in progress,begun\n", plan
        )
        assessed = loads_progress(
            "outcome,date,judgement,evidence\nfeel-confident,2024-03-01,at risk,survey\n",
            plan,
        )

        assert UpdateState.IN_PROGRESS == updates.action_updates[0].state
        assert Judgement.AT_RISK == assessed.assessments[0].judgement
        assert "survey" == assessed.assessments[0].evidence


class TestProblems:
    def test_unknown_indicator_suggests_the_nearest_id(self, plan):
        """An unknown id names file, line and column, and the nearest known id."""
        problem = only_problem(HEADER + "msp-askd,2023/24,80,,,,\n", plan)

        assert "q.csv, line 2, column indicator" == problem.location
        assert "did you mean 'msp-asked'?" in problem.message
        assert "msp-askd" == problem.value

    def test_unparseable_period(self, plan):
        """A period that is not a financial year or quarter is a problem in its column."""
        problem = only_problem(HEADER + "msp-asked,2023/25,80,,,,\n", plan)

        assert "q.csv, line 2, column period" == problem.location
        assert "2023/25" == problem.value

    def test_wrong_unit_in_the_unit_column(self, plan):
        """A unit that does not fit the indicator's unit is a problem naming both."""
        problem = only_problem(
            "indicator,period,value,unit\nsar-referrals,2023/24,4,percent\n", plan
        )

        assert "q.csv, line 2, column unit" == problem.location
        assert "wrong unit" in problem.message
        assert "'count'" in problem.message

    def test_wrong_unit_a_percentage_for_a_count(self, plan):
        """'5%' for a count indicator is a wrong unit, not 5."""
        problem = only_problem(HEADER + "sar-referrals,2023/24,5%,,,,\n", plan)

        assert "column value" in problem.location
        assert "wrong unit" in problem.message

    def test_duplicate_indicator_and_period(self, plan):
        """A second value for the same indicator and period names the first one's line."""
        problem = only_problem(
            HEADER + "msp-asked,2023/24,80,,,,\nmsp-asked,2023-24,81,,,,\n", plan
        )

        assert "q.csv, line 3, column period" == problem.location
        assert "line 2" in problem.message

    @pytest.mark.parametrize("value", ["-1", "100.5", "180"])
    def test_percentage_outside_0_to_100(self, plan, value):
        """A percentage must lie within 0-100."""
        problem = only_problem(HEADER + f"msp-asked,2023/24,{value},,,,\n", plan)

        assert "column value" in problem.location
        assert "0-100" in problem.message

    def test_numerator_above_denominator(self, plan):
        """17 of 16 is impossible."""
        problem = only_problem(HEADER + "msp-asked,2023/24,,17,16,,\n", plan)

        assert "q.csv, line 2, column numerator" == problem.location
        assert 17 == problem.value

    def test_value_disagreeing_with_its_counts(self, plan):
        """A value given with counts must agree with them."""
        problem = only_problem(HEADER + "msp-asked,2023/24,90,11,16,,\n", plan)

        assert "column value" in problem.location
        assert "disagrees" in problem.message

    @pytest.mark.parametrize(
        ("row", "column"),
        [
            ("msp-asked,2023/24,eighty,,,,", "value"),
            ("msp-asked,2023/24,,11,,,", "denominator"),
            ("msp-asked,2023/24,,11.5,16,,", "numerator"),
            ("msp-asked,2023/24,,,,,", "value"),
            ("sar-referrals,2023/24,c,2,4,,", "numerator"),
            (",2023/24,5,,,,", "indicator"),
            ("sar-referrals,2023/24,-2,,,,", "value"),
            ("sar-referrals,,5,,,,", "period"),
        ],
    )
    def test_other_bad_cells(self, plan, row, column):
        """A cell that cannot be read is reported in its own column, never skipped."""
        problem = only_problem(HEADER + row + "\n", plan)

        assert f"q.csv, line 2, column {column}" == problem.location

    def test_unknown_and_missing_columns(self, plan):
        """An unknown column is reported (with a suggestion); a required one missing too."""
        problems = problems_of("indicator,value,perod\nmsp-asked,80,2023/24\n", plan)
        messages = [str(p) for p in problems]

        assert any("column perod" in m and "did you mean 'period'" in m for m in messages)
        assert any("'period' is missing" in m for m in messages)

    def test_every_problem_is_reported_at_once(self, plan):
        """Five bad rows give five problems, in file order, in one error naming the file."""
        text = HEADER + (
            "msp-askd,2023/24,80,,,,\n"
            "msp-asked,2023/25,80,,,,\n"
            "msp-asked,2024/25,180,,,,\n"
            "msp-asked,2023/24 Q1,,17,16,,\n"
            "sar-referrals,2023/24,5%,,,,\n"
            "msp-asked,2023/24 Q2,70,,,,\n"
        )

        with pytest.raises(ObservationError) as info:
            loads_observations(text, plan, name="q.csv")

        lines = [p.location.split(",")[1].strip() for p in info.value.problems]
        assert ["line 2", "line 3", "line 4", "line 5", "line 6"] == lines
        assert str(info.value).startswith("q.csv: 5 problems")

    def test_unknown_action_and_outcome_ids_suggest_the_nearest(self, plan):
        """Updates and assessments name unknown ids with the nearest known one."""
        update = only_problem("action,date,state\nrefresh-guidanc,2024-01-10,complete\n", plan)
        assessment = only_problem(
            "outcome,date,judgement\nfeel-confidnt,2024-01-10,met\n", plan
        )

        assert "did you mean 'refresh-guidance'?" in update.message
        assert "did you mean 'feel-confident'?" in assessment.message

    @pytest.mark.parametrize(
        ("text", "column"),
        [
            ("action,date,state\nrefresh-guidance,10/01/2024,complete\n", "date"),
            ("action,date,state\nrefresh-guidance,2024-01-10,finished-ish\n", "state"),
            ("outcome,date,judgement\nfeel-confident,2024-01-10,great\n", "judgement"),
        ],
    )
    def test_bad_dates_states_and_judgements(self, plan, text, column):
        """Dates are ISO; states and judgements come from their fixed lists."""
        problem = only_problem(text, plan)

        assert f"q.csv, line 2, column {column}" == problem.location

    def test_duplicate_updates(self, plan):
        """Two updates of one action on one date are a problem."""
        problem = only_problem(
            "action,date,state\nrefresh-guidance,2024-01-10,complete\n"
            "refresh-guidance,2024-01-10,in progress\n",
            plan,
        )

        assert "duplicate" in problem.message

    def test_a_header_that_says_nothing(self, plan):
        """A CSV without an indicator, action or outcome column is one clear problem."""
        problem = only_problem("a,b\n1,2\n", plan)

        assert "cannot tell what the file holds" in problem.message


class TestJson:
    def test_json_holds_all_three_kinds(self, plan):
        """A JSON object may hold observations, action_updates and assessments."""
        text = json.dumps(
            {
                "description": "ILLUSTRATIVE",
                "observations": [
                    {"indicator": "msp-asked", "period": "2023/24", "value": 81},
                    {"indicator": "sar-referrals", "period": "2023/24", "value": "[c]"},
                ],
                "action_updates": [
                    {"action": "refresh-guidance", "date": "2024-01-10", "state": "complete"}
                ],
                "assessments": [
                    {"outcome": "feel-confident", "date": "2024-03-01", "judgement": "met"}
                ],
            }
        )

        data = loads_progress(text, plan, format="json")

        assert [81.0, None] == [o.value for o in data.observations]
        assert 1 == len(data.action_updates) == len(data.assessments)

    def test_json_problems_name_the_record_and_its_line(self, plan):
        """A bad JSON record is located by array index, line and field."""
        text = (
            "{\n"
            '  "observations": [\n'
            '    {"indicator": "msp-asked", "period": "2023/24",\n'
            '     "value": 81},\n'
            '    {"indicator": "msp-askd", "period": "2023/24", "value": 1}\n'
            "  ]\n"
            "}\n"
        )

        problem = only_problem(text, plan, format="json")

        assert "q.csv, observations[1] (line 5), column indicator" == problem.location

    def test_invalid_json_names_the_line(self, plan):
        """A syntax error is one problem with its line and column."""
        problem = only_problem('{"observations": [\n  {"indicator": }\n]}', plan, format="json")

        assert "line 2" in problem.location
        assert "not valid JSON" in problem.message

    def test_the_schema_accepts_valid_json_and_rejects_unknown_fields(self):
        """The shipped JSON Schema describes the JSON form."""
        schema = observations_schema()
        good = {"observations": [{"indicator": "a", "period": "2023/24", "value": "c"}]}
        bad = {"observations": [{"indicator": "a", "period": "2023/24", "valeu": 1}]}

        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.validate(good, schema)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)


class TestFiles:
    def test_missing_file_is_an_observation_error(self, plan, tmp_path):
        """A file that cannot be read is one problem naming it, not an OSError."""
        with pytest.raises(ObservationError, match="cannot read the file"):
            load_observations(tmp_path / "nope.csv", plan)

    def test_unknown_suffix(self, plan, tmp_path):
        """Only .csv and .json are read."""
        path = tmp_path / "data.xlsx"
        path.write_text("x")

        with pytest.raises(ObservationError, match=r"use \.csv or \.json"):
            load_observations(path, plan)

    def test_loading_the_wrong_kind_is_an_error(self, plan, tmp_path):
        """Asking for observations from an updates file says what the file holds."""
        path = tmp_path / "updates.csv"
        path.write_text("action,date,state\nrefresh-guidance,2024-01-10,complete\n")

        with pytest.raises(ObservationError, match="holds action updates"):
            load_observations(path, plan)

    def test_file_kind_tells_plans_from_progress(self, tmp_path):
        """YAML and TOML are plans; JSON with plan keys is a plan; CSV is progress data."""
        plan_json = tmp_path / "p.json"
        plan_json.write_text('{"id": "x", "title": "X"}')
        data_json = tmp_path / "d.json"
        data_json.write_text('{"observations": []}')

        assert "plan" == file_kind("a.yaml") == file_kind(plan_json)
        assert "progress" == file_kind("a.csv") == file_kind(data_json)


class TestIllustrativeData:
    def test_the_example_data_loads_against_the_bundled_plan(self):
        """examples/data holds valid, clearly labelled illustrative data for Stockport."""
        plan = stockport_2023_26()
        observations = load_observations(EXAMPLES / "stockport-illustrative.csv", plan)
        updates = load_action_updates(EXAMPLES / "stockport-illustrative-updates.csv", plan)
        assessments = load_assessments(
            EXAMPLES / "stockport-illustrative-assessments.csv", plan
        )

        assert observations
        assert updates
        assert assessments
        for name in EXAMPLES.glob("*.csv"):
            assert "ILLUSTRATIVE" in name.read_text().splitlines()[0]

    def test_the_json_sample_follows_the_schema_and_loads(self):
        """The JSON sample is valid against the shipped schema and against the plan."""
        path = EXAMPLES / "stockport-illustrative-sample.json"
        document = json.loads(path.read_text(encoding="utf-8"))

        jsonschema.validate(document, observations_schema())
        data = load_progress(path, stockport_2023_26())
        assert "ILLUSTRATIVE" in document["description"]
        assert (7, 2, 1) == (
            len(data.observations), len(data.action_updates), len(data.assessments)
        )
        assert [o.comparator for o in data.observations].count("england") == 1

    def test_load_progress_reads_the_example_observations(self):
        """load_progress returns the same observations."""
        plan = stockport_2023_26()
        path = EXAMPLES / "stockport-illustrative.csv"

        assert load_progress(path, plan).observations == load_observations(path, plan)


class TestRecordsAndDataFrames:
    def test_records_with_numbers_and_blanks(self, plan):
        """Mappings may hold numbers, None and NaN for blanks."""
        records = [
            {"indicator": "msp-asked", "period": "2023/24", "value": float("nan"),
             "numerator": 40, "denominator": 50},
            {"indicator": "sar-referrals", "period": "2023/24", "value": 12, "note": None},
        ]  # fmt: skip

        first, second = observations_from_records(records, plan)

        assert (80.0, 12.0) == (first.value, second.value)

    def test_a_dataframe_in_long_format(self, plan):
        """A pandas DataFrame reads like a CSV file; problems name the frame's row."""
        pd = pytest.importorskip("pandas")
        frame = pd.DataFrame(
            {
                "indicator": ["msp-asked", "sar-referrals", "msp-asked"],
                "period": ["2023/24 Q1", "2023/24", "2023/24 Q2"],
                "value": [75, "c", 150],
            },
            index=["a", "b", "c"],
        )

        with pytest.raises(ObservationError) as info:
            observations_from_dataframe(frame, plan)
        (problem,) = info.value.problems
        assert "DataFrame, row c, column value" == problem.location

        good = observations_from_dataframe(frame.iloc[:2], plan)
        assert [75.0, None] == [o.value for o in good]
        assert good[1].is_suppressed


# --------------------------------------------------------------------------- text rule

# The plan's rule for text holds for what is recorded too: no control characters other
# than tab and line feed, no lone surrogates (they would garble a report or a terminal).
REFUSED_TEXT = ["\x00", "\r", "\x1b[31m", "\x7f", "\x85", "\ud800"]


@pytest.mark.parametrize("char", REFUSED_TEXT)
@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda t: Observation(indicator="i", period="2023/24", value=1, note=t), "note"),
        (lambda t: Observation(indicator="i", period="2023/24", value=1, source=t), "source"),
        (lambda t: Observation(indicator="i", period="2023/24", suppressed=f"c{t}"),
         "suppressed"),
        (lambda t: ActionUpdate(action="a", on="2024-01-01", state="complete", note=t), "note"),
        (lambda t: Assessment(outcome="o", on="2024-01-01", judgement="met", evidence=t),
         "evidence"),
        (lambda t: Assessment(outcome="o", on="2024-01-01", judgement="met", note=t), "note"),
    ],
)
def test_recorded_text_refuses_control_characters(make, field, char):
    """Notes, sources, evidence and markers refuse the characters plan text refuses."""
    with pytest.raises(InvalidValueError) as info:
        make(f"seen {char}")

    assert field == info.value.field
    assert f"U+{ord(char[0]):04X}" in info.value.message


def test_recorded_text_keeps_tabs_line_feeds_and_other_characters():
    """Tab, line feed and every character plan text accepts are kept exactly."""
    text = "tab\tline\nfeed \u2028 \U0001f600 \u0175"
    update = ActionUpdate(action="a", on="2024-01-01", state="complete", note=text)

    assert text == update.note


@pytest.mark.parametrize(
    ("kind_header", "row", "column"),
    [
        (HEADER, 'msp-asked,2023/24 Q1,75,,,audit,"bad \x1b[31m note"', "note"),
        (HEADER, 'msp-asked,2023/24 Q1,75,,,"bad \x07 source",', "source"),
        ("action,date,state,note\n", 'refresh-guidance,2024-01-10,complete,"a\rb"', "note"),
        (
            "outcome,date,judgement,evidence,note\n",
            'feel-confident,2024-01-10,met,"sur\x85vey",',
            "evidence",
        ),
    ],
)
def test_readers_report_control_characters_in_text_cells(plan, kind_header, row, column):
    """A control character in a text cell is one located problem, not a crash."""
    problem = only_problem(kind_header + row + "\n", plan)

    assert "q.csv, line 2, column " + column == problem.location
    assert "control character" in problem.message


def test_readers_report_a_bad_note_with_the_rows_other_problems(plan):
    """The note's problem is reported together with the rest of the row's problems."""
    problems = problems_of(HEADER + 'msp-askd,2023/24 Q1,75,,,,"\x1b"\n', plan)

    assert ["indicator", "note"] == sorted(p.location.rsplit(" ", 1)[1] for p in problems)
