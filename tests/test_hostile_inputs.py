"""Hostile input (issue 10): every reader returns exactly what the file says, or raises one
SafeguardingPlanError listing located problems; nothing crashes, hangs or is silently lost.
"""

import contextlib
import csv
import io
import json
import pathlib
import tempfile
import time

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from safeguarding_plan import (
    ObservationError,
    PlanFileError,
    SafeguardingPlanError,
    dumps_plan,
    load_plan,
    loads_plan,
    plan_from_dict,
)
from safeguarding_plan._reading import MAX_DEPTH, MAX_FILE_BYTES, MAX_TEXT
from safeguarding_plan.errors import Problem
from safeguarding_plan.observation_files import (
    OBSERVATION_COLUMNS,
    load_progress,
    loads_progress,
    observations_from_dataframe,
    observations_from_records,
)

PLAN = """\
id: tiny
title: A tiny plan
start: 2023/24
end: 2024/25
indicators:
  - {id: msp-asked, name: adults asked, unit: percent, direction: higher_is_better}
  - {id: sar-referrals, name: SAR referrals, unit: count, direction: higher_is_better,
     measure: flow}
priorities:
  - id: adults
    title: Make safeguarding personal
    partnership: adults
    actions:
      - {id: refresh-guidance, text: Refresh the guidance., due: 2023/24}
    outcomes:
      - id: asked-more
        text: More adults will be asked.
        targets:
          - {id: msp-asked-2023-24, indicator: msp-asked, period: 2023/24,
             rule: {kind: at_least, value: 80}}
      - id: feel-confident
        text: Practitioners will feel confident.
"""
VALUE_AT = "priorities[0].outcomes[0].targets[0].rule.value"
HEADER = "indicator,period,value,numerator,denominator,source,note\n"


@pytest.fixture(name="plan", scope="module")
def _plan():
    return loads_plan(PLAN)


def plan_problems(text, fmt="yaml"):
    with pytest.raises(PlanFileError) as info:
        loads_plan(text, format=fmt)
    return info.value.problems


def progress_problems(text, plan, fmt="csv"):
    with pytest.raises(ObservationError) as info:
        loads_progress(text, plan, format=fmt, name="q.csv")
    return info.value.problems


def only(problems):
    assert 1 == len(problems), [str(p) for p in problems]
    return problems[0]


# --------------------------------------------------------------------------- silent loss


class TestDuplicatesAreProblems:
    def test_a_yaml_key_given_twice_is_refused_at_its_line(self):
        """Two `title:` keys in one YAML mapping: refused, not "last one wins"."""
        problem = only(plan_problems(PLAN.replace("title: A tiny plan\n", "title: A\ntitle: B\n")))

        assert ("line 3, column 1", "title") == (problem.location, problem.value)
        assert "twice" in problem.message

    def test_a_json_key_given_twice_is_refused_at_its_path(self):
        """A JSON object with `id` twice is refused, located by its path."""
        text = json.dumps({"x": 1}).replace('"x": 1', '"id": "a", "id": "b"')

        problem = only(plan_problems(text, "json"))

        assert ("id", "id") == (problem.location, problem.value)

    def test_a_toml_key_given_twice_is_refused(self):
        """TOML refuses a repeated key itself; it is reported as a PlanFileError."""
        problem = only(plan_problems('id = "a"\nid = "b"\n', "toml"))

        assert "not valid TOML" in problem.message

    def test_a_json_observation_field_given_twice_is_refused(self, plan):
        """`value` twice in one JSON record is refused, with the record's path."""
        text = (
            '{"observations": [{"indicator": "msp-asked", "period": "2023/24", '
            '"value": 1, "value": 90}]}'
        )

        problem = only(progress_problems(text, plan, "json"))

        assert "q.csv, observations[0].value" == problem.location

    def test_on_and_date_together_in_a_json_record_are_refused(self, plan):
        """`on` is another name for `date`: both in one record is one field given twice."""
        text = json.dumps(
            {
                "action_updates": [
                    {
                        "action": "refresh-guidance",
                        "date": "2024-01-10",
                        "on": "2024-02-10",
                        "state": "complete",
                    }
                ]
            }
        )

        problem = only(progress_problems(text, plan, "json"))

        assert problem.location.endswith("column date")

    def test_a_csv_column_given_twice_is_refused(self, plan):
        """A header naming `value` twice is refused, naming both positions."""
        problem = only(
            progress_problems("indicator,period,value,Value\nmsp-asked,2023/24,1,90\n", plan)
        )

        assert "q.csv, line 1, column value" == problem.location
        assert "columns 3 and 4" in problem.message

    def test_a_dataframe_column_given_twice_is_refused(self):
        """A DataFrame with two `value` columns is refused before any row is read."""
        pd = pytest.importorskip("pandas")
        frame = pd.DataFrame(
            [["msp-asked", "2023/24", 1, 90]], columns=["indicator", "period", "value", "value"]
        )

        with pytest.raises(ObservationError) as info:
            observations_from_dataframe(frame, loads_plan(PLAN))

        assert "DataFrame, column value" == only(info.value.problems).location


class TestCsvIsParsedAsAWhole:
    def test_a_hash_line_inside_a_quoted_cell_is_part_of_the_cell(self, plan):
        """Comments are whole lines *between* records; inside quotes `#` is text."""
        text = (
            HEADER
            + 'msp-asked,2023/24,85,,,,"first line\n# second line"\n'
            + "sar-referrals,2023/24,3,,,,\n"
        )

        first, second = loads_progress(text, plan).observations

        assert "first line\n# second line" == first.note
        assert "sar-referrals" == second.indicator

    def test_an_unterminated_quote_is_refused_where_it_opens(self, plan):
        """An open quote would swallow the rest of the file: refused at its line."""
        text = HEADER + 'msp-asked,2023/24,85,,,,"oops\nsar-referrals,2023/24,3,,,,\n'

        problem = only(progress_problems(text, plan))

        assert "q.csv, line 2" == problem.location
        assert "never closed" in problem.message

    def test_a_unicode_line_separator_stays_inside_its_cell(self, plan):
        """Only \\n, \\r\\n and \\r end a line: U+2028 in a note is kept, not a new row."""
        text = HEADER + "msp-asked,2023/24,85,,,,a\u2028b\u2029c\n"

        (obs,) = loads_progress(text, plan).observations

        assert "a\u2028b\u2029c" == obs.note

    def test_a_next_line_character_is_refused_in_its_cell_not_a_new_row(self, plan):
        """U+0085 (NEL) is a control character: one problem in its own cell, no new row."""
        text = HEADER + "msp-asked,2023/24,85,,,,a\x85c\n"

        problem = only(progress_problems(text, plan))

        assert "q.csv, line 2, column note" == problem.location
        assert "U+0085" in problem.message

    def test_an_unquoted_thousands_separator_is_refused(self, plan):
        """`1,234` unquoted makes one cell too many: the row is refused, not shifted."""
        problem = only(progress_problems(HEADER + "sar-referrals,2023/24,1,234,,,,\n", plan))

        assert "q.csv, line 2" == problem.location
        assert "8 cells but the header has 7 columns" in problem.message

    def test_a_short_row_is_refused(self, plan):
        """A row with fewer cells than the header could be shifted: it is refused."""
        text = "indicator,period,value,note\nmsp-asked,2023/24,85\n"

        problem = only(progress_problems(text, plan))

        assert "3 cells but the header has 4 columns" in problem.message

    def test_a_stray_quote_after_a_quoted_cell_is_refused(self, plan):
        """`"85"x` is not CSV; the csv module's strict mode refuses it, located."""
        problem = only(progress_problems(HEADER + 'msp-asked,2023/24,"85"x,,,,\n', plan))

        assert "q.csv, line 2" == problem.location


class TestNumbersArePlainDecimals:
    @pytest.mark.parametrize("text", ["1:20", "0x50", "1_0", "0o17", "1e3", ".inf", "yes", "0b1"])
    def test_yaml_1_1_number_forms_are_refused_in_number_fields(self, text):
        """`1:20` is not 80 and `0x50` is not 80: such a value is text, refused as a number."""
        problem = only(plan_problems(PLAN.replace("value: 80", f"value: {text}")))

        assert (VALUE_AT, "expected a number", text) == (
            problem.location,
            problem.message,
            problem.value,
        )

    @pytest.mark.parametrize("text", ['!!int "0x50"', '!!float ".inf"', '!!bool "yes"', "!!null x"])
    def test_explicit_yaml_tags_do_not_reopen_other_number_forms(self, text):
        """`!!int "0x50"` is refused at its line, not read as 80 nor a ValueError."""
        problem = only(plan_problems(PLAN.replace("value: 80", f"value: {text}")))

        assert ("line 20, column 44", True) == (
            problem.location,
            "not a YAML 1.2" in problem.message,
        )

    @pytest.mark.parametrize("text", ["80", "+80", "12.5", "80.", ".5", "080"])
    def test_plain_decimal_numbers_are_read(self, text):
        """Plain decimal numbers in YAML are read as decimal numbers."""
        plan = loads_plan(PLAN.replace("value: 80", f"value: {text}"))

        assert float(text) == plan.target("msp-asked-2023-24").rule.value

    @pytest.mark.parametrize(
        "cell", ["1e3", "1_0", "0x50", '"1,234"', "\u0661\u0662", "1 000", "inf", "nan"]
    )
    def test_csv_number_cells_take_plain_decimals_only(self, plan, cell):
        """Exponents, separators, other scripts' digits and inf/nan are refused, not guessed."""
        problem = only(progress_problems(HEADER + f"sar-referrals,2023/24,{cell},,,,\n", plan))

        assert "q.csv, line 2, column value" == problem.location

    def test_an_id_ending_in_a_newline_is_refused(self):
        """A YAML block scalar id (`id: |`) ends in a newline: not an id, never silently kept."""
        problem = only(plan_problems(PLAN.replace("id: tiny\n", "id: |\n  tiny\n")))

        assert ("id", "tiny\n") == (problem.location, problem.value)

    def test_an_observation_id_is_matched_whole(self, plan):
        """`msp-asked\\n` in JSON is not the indicator msp-asked."""
        text = json.dumps(
            {"observations": [{"indicator": "msp-asked\n", "period": "2023/24", "value": 85}]}
        )

        problem = only(progress_problems(text, plan, "json"))

        assert "msp-asked\n" == problem.value


class TestNothingAcceptedIsIgnored:
    def test_a_value_for_a_period_after_the_plan_is_refused(self, plan):
        """The plan judges nothing after its last year, so such a row is a problem."""
        problem = only(progress_problems(HEADER + "msp-asked,2025/26 Q1,85,,,,\n", plan))

        assert ("q.csv, line 2, column period", "2025/26 Q1") == (problem.location, problem.value)

    def test_a_value_before_the_plan_is_history_and_kept(self, plan):
        """Values before the plan's start are history (the evaluation rules): kept."""
        (obs,) = loads_progress(HEADER + "msp-asked,2019/20,85,,,,\n", plan).observations

        assert "2019/20" == str(obs.period)

    def test_an_assessment_of_a_measured_outcome_is_refused(self, plan):
        """Outcomes with targets are judged by their targets; an assessment would be ignored."""
        text = "outcome,date,judgement\nasked-more,2024-01-10,met\n"

        problem = only(progress_problems(text, plan))

        assert ("q.csv, line 2, column outcome", "asked-more") == (problem.location, problem.value)

    @pytest.mark.parametrize(("value", "accepted"), [
        ("68.75", True), ("68.8", True), ("69", True), ("70", False), ("68.6", False),
    ])  # fmt: skip
    def test_a_value_must_be_its_counts_share_rounded_as_written(self, plan, value, accepted):
        """11 of 16 is 68.75%: 69 and 68.8 are that rounded; 70 (within 5%) is refused."""
        text = HEADER + f"msp-asked,2023/24,{value},11,16,,\n"

        if accepted:
            (obs,) = loads_progress(text, plan).observations
            assert float(value) == obs.value
        else:
            assert "disagrees" in only(progress_problems(text, plan)).message


# --------------------------------------------------------------------------- crashes, hangs


class TestLimits:
    @pytest.mark.parametrize(
        ("fmt", "text"),
        [
            ("json", "[" * 100_000),
            ("json", '{"id": ' + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "}"),
            ("toml", "a = " + "[" * 100_000),
            ("yaml", "a: " + "[" * 100_000),
            ("yaml", "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)),
        ],
    )
    def test_deep_nesting_is_refused(self, fmt, text):
        """Nesting beyond the limit is a PlanFileError, never a RecursionError."""
        problem = only(plan_problems(text, fmt))

        assert "nest deeper" in problem.message or "nesting depth" in problem.message

    @pytest.mark.parametrize(
        ("fmt", "text"),
        [
            ("json", '{"id": ' + "9" * 5000 + "}"),
            ("yaml", "id: " + "9" * 5000),
            ("toml", "id = " + "9" * 5000),
            ("json", '{"id": 1e16}'),
        ],
    )
    def test_huge_numbers_are_refused_with_a_short_message(self, fmt, text):
        """A number beyond 10^15 is refused; the message never prints its 5,000 digits."""
        problem = only(plan_problems(text, fmt))

        assert "1,000,000,000,000,000" in problem.message
        assert len(str(problem)) < 300

    def test_a_huge_number_in_a_json_observation_is_refused(self, plan):
        """A 400-digit value would overflow a float: refused, located."""
        text = (
            '{"observations": [{"indicator": "sar-referrals", "period": "2023/24", '
            '"value": ' + "9" * 400 + "}]}"
        )

        problem = only(progress_problems(text, plan, "json"))

        assert "q.csv, observations[0].value" == problem.location

    def test_an_alias_bomb_is_refused_quickly_and_briefly(self):
        """A billion-laughs document is refused before it is built, in a short message."""
        lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
        lines += [
            f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]"
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        ]
        text = "\n".join([*lines, "id: *i", ""])
        started = time.monotonic()

        problem = only(plan_problems(text))

        assert time.monotonic() - started < 5
        assert "aliases are expanded" in problem.message

    def test_an_alias_inside_itself_is_refused(self):
        """`&a [*a]` is a list holding itself: refused, not a RecursionError."""
        assert "refers to" in only(plan_problems("id: &a [*a]\n")).message

    def test_a_file_over_the_size_limit_is_refused_unread(self, tmp_path):
        """Plan files larger than the limit are refused, naming the limit."""
        path = tmp_path / "big.yaml"
        path.write_bytes(b"#" * (MAX_FILE_BYTES + 1))

        with pytest.raises(PlanFileError) as info:
            load_plan(path)

        assert f"{MAX_FILE_BYTES:,} bytes" in only(info.value.problems).message

    def test_text_over_the_length_limit_is_refused_and_shown_cut(self):
        """A title of 200,000 characters is refused; the message shows 80 and the length."""
        problem = only(plan_problems(PLAN.replace("A tiny plan", "x" * (2 * MAX_TEXT))))

        assert "title" == problem.location
        assert "(200,000 characters)" in str(problem)
        assert len(str(problem)) < 300

    @pytest.mark.parametrize("unit", ["1/0", "count**99999999", "(", "count)", "__import__"])
    def test_unit_expressions_are_refused_as_unknown_units(self, unit):
        """Pint never sees an expression it could choke on; every failure is located."""
        problem = only(plan_problems(PLAN.replace("unit: count", f"unit: '{unit}'")))

        assert "indicators[1].unit" == problem.location

    def test_a_rule_kind_that_is_a_list_gets_a_plain_message(self):
        """`kind: [at_least]` names the allowed kinds, not "unhashable type: 'list'"."""
        problem = only(plan_problems(PLAN.replace("kind: at_least", "kind: [at_least]")))

        assert problem.message.startswith("expected a rule kind")


class TestEncodings:
    @pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
    def test_a_byte_order_mark_is_allowed_in_every_plan_format(self, tmp_path, fmt):
        """A UTF-8 BOM at the start is allowed in YAML, JSON and TOML alike."""
        plan = loads_plan(PLAN)
        path = tmp_path / f"plan.{fmt}"
        path.write_text("\ufeff" + dumps_plan(plan, format=fmt), encoding="utf-8")

        assert plan == load_plan(path)
        assert plan == loads_plan("\ufeff" + dumps_plan(plan, format=fmt), format=fmt)

    def test_a_byte_order_mark_is_allowed_in_observation_text(self, plan):
        """The same BOM rule holds for observation files given as text."""
        assert 1 == len(
            loads_progress("\ufeff" + HEADER + "msp-asked,2023/24,85,,,,\n", plan).observations
        )

    @pytest.mark.parametrize("suffix", [".yaml", ".csv"])
    def test_not_utf8_names_the_byte_and_line(self, tmp_path, plan, suffix):
        """A Latin-1 byte is reported with its offset and line, for plans and observations."""
        path = tmp_path / f"bad{suffix}"
        path.write_bytes(b"id: tiny\ntitle: caf\xe9\n")

        read = load_plan if suffix == ".yaml" else lambda p: load_progress(p, plan)

        with pytest.raises(SafeguardingPlanError) as info:
            read(path)

        problem = only(info.value.problems)
        assert problem.location.endswith("line 2")
        assert "byte 19" in problem.message


class TestMessages:
    def test_a_long_column_name_is_cut_in_the_location_too(self, plan):
        """An unknown column of 1,000 characters: the message shows the start and the length."""
        problem = only(progress_problems("indicator,period," + "z" * 1000 + "\n", plan))

        assert len(str(problem)) < 700
        assert "... (1,0" in str(problem)

    def test_a_problem_never_prints_an_unbounded_value(self):
        """Long text is cut to 80 characters with its length; the value itself is kept."""
        problem = Problem(location="note", message="too long", value="y" * 10_000)

        assert "...' (10,000 characters)" in str(problem)
        assert len(str(problem)) < 130
        assert 10_000 == len(problem.value)


# --------------------------------------------------------------------------- properties

JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
QUICKLY = settings(deadline=5000)


def _plan_data():
    return yaml.safe_load(PLAN)


def _paths(data, path=()):
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, (*path, index))


def _replaced(data, path, new):
    if not path:
        return new
    head, *rest = path
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[head] = _replaced(data[head], rest, new)
    return copy


@st.composite
def wrong_plans(draw):
    """A valid plan with one value anywhere replaced by a random JSON-like value."""
    data = _plan_data()
    paths = list(_paths(data))
    path = draw(st.sampled_from(paths))
    return _replaced(data, path, draw(JSONISH))


class TestNothingButOurErrorsEscape:
    """Random bytes and random wrong documents: SafeguardingPlanError or a result, quickly."""

    @QUICKLY
    @given(data=st.binary(max_size=400), fmt=st.sampled_from(["yaml", "json", "toml"]))
    def test_random_bytes_as_a_plan_file(self, data, fmt):
        """Any bytes in a plan file are read or refused with a PlanFileError."""
        with tempfile.TemporaryDirectory() as folder:
            path = pathlib.Path(folder) / f"plan.{fmt}"
            path.write_bytes(data)
            with contextlib.suppress(PlanFileError):
                load_plan(path)

    @QUICKLY
    @given(text=st.text(max_size=400), fmt=st.sampled_from(["yaml", "json", "toml"]))
    def test_random_text_as_a_plan(self, text, fmt):
        """Any text is read as a plan or refused with a PlanFileError."""
        with contextlib.suppress(PlanFileError):
            loads_plan(text, format=fmt)

    @QUICKLY
    @given(data=wrong_plans())
    def test_a_plan_with_one_wrong_value(self, data):
        """A plan with any one value replaced is read or refused, as data and as JSON."""
        with contextlib.suppress(PlanFileError):
            plan_from_dict(data)
        with contextlib.suppress(PlanFileError):
            loads_plan(json.dumps(data), format="json")
        with contextlib.suppress(PlanFileError):
            loads_plan(yaml.safe_dump(data), format="yaml")

    @QUICKLY
    @given(text=st.text(max_size=400), fmt=st.sampled_from(["csv", "json"]))
    def test_random_text_as_observations(self, plan, text, fmt):
        """Any text is read as observations or refused with an ObservationError."""
        with contextlib.suppress(ObservationError):
            loads_progress(text, plan, format=fmt)

    @QUICKLY
    @given(data=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".json"]))
    def test_random_bytes_as_an_observation_file(self, plan, data, suffix):
        """Any bytes in an observation file are read or refused with an ObservationError."""
        with tempfile.TemporaryDirectory() as folder:
            path = pathlib.Path(folder) / f"q{suffix}"
            path.write_bytes(data)
            with contextlib.suppress(ObservationError):
                load_progress(path, plan)

    @QUICKLY
    @given(
        rows=st.lists(
            st.dictionaries(
                st.sampled_from([*OBSERVATION_COLUMNS, "on", "extra"]),
                st.one_of(
                    st.text(max_size=12),
                    st.sampled_from(
                        [
                            "msp-asked",
                            "sar-referrals",
                            "2023/24",
                            "2024/25 Q1",
                            "c",
                            "85",
                            "11",
                            "16",
                            "1,234",
                            "percent",
                            "count",
                        ]
                    ),
                ),
                max_size=8,
            ),
            max_size=5,
        )
    )
    def test_random_rows_as_csv_json_and_records(self, plan, rows):
        """Rows of plausible but wrong cells: read or refused, in CSV, JSON and records."""
        columns = sorted({c for row in rows for c in row}) or ["indicator"]
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
        for text, fmt in ((out.getvalue(), "csv"), (json.dumps({"observations": rows}), "json")):
            with contextlib.suppress(ObservationError):
                loads_progress(text, plan, format=fmt)
        with contextlib.suppress(ObservationError):
            observations_from_records(rows, plan)

    @QUICKLY
    @given(
        records=st.lists(st.dictionaries(st.sampled_from(OBSERVATION_COLUMNS), JSONISH), max_size=4)
    )
    def test_random_json_values_in_records(self, plan, records):
        """Any JSON-like cell values in records and JSON files: read or refused."""
        with contextlib.suppress(ObservationError):
            observations_from_records(records, plan)
        with contextlib.suppress(ObservationError):
            loads_progress(json.dumps({"observations": records}), plan, format="json")
