"""Hostile input (issue 10): every reader returns exactly what the file says, or raises one
SafeguardingPlanError listing located problems; nothing crashes, hangs or is silently lost.
"""

import json
import time

import pytest

from safeguarding_plan import (
    ObservationError,
    PlanFileError,
    SafeguardingPlanError,
    dumps_plan,
    load_plan,
    loads_plan,
)
from safeguarding_plan._reading import MAX_DEPTH, MAX_FILE_BYTES, MAX_TEXT
from safeguarding_plan.errors import Problem
from safeguarding_plan.observation_files import (
    load_progress,
    loads_progress,
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

    @pytest.mark.parametrize("text", ["80", "+80", "12.5", "80.", ".5", "080"])
    def test_plain_decimal_numbers_are_read(self, text):
        """Plain decimal numbers in YAML are read as decimal numbers."""
        plan = loads_plan(PLAN.replace("value: 80", f"value: {text}"))

        assert float(text) == plan.target("msp-asked-2023-24").rule.value

    def test_an_id_ending_in_a_newline_is_refused(self):
        """A YAML block scalar id (`id: |`) ends in a newline: not an id, never silently kept."""
        problem = only(plan_problems(PLAN.replace("id: tiny\n", "id: |\n  tiny\n")))

        assert ("id", "tiny\n") == (problem.location, problem.value)


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

    @pytest.mark.parametrize("suffix", [".yaml"])
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
    def test_a_problem_never_prints_an_unbounded_value(self):
        """Long text is cut to 80 characters with its length; the value itself is kept."""
        problem = Problem(location="note", message="too long", value="y" * 10_000)

        assert "...' (10,000 characters)" in str(problem)
        assert len(str(problem)) < 130
        assert 10_000 == len(problem.value)
