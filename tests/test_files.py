"""Plan files: "Nothing is lost", and bad files say what is wrong, where, and with what value."""

import json
import pathlib
import threading

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from safeguarding_plan import (
    PlanFileError,
    SafeguardingPlanError,
    dump_plan,
    dumps_plan,
    load_plan,
    loads_plan,
    plan_from_dict,
    plan_to_dict,
)
from safeguarding_plan.periods import parse_period
from safeguarding_plan.plans import available, bundled_plan, bundled_plan_path
from safeguarding_plan.strategies import plans, texts

ROOT = pathlib.Path(__file__).parent.parent
EXAMPLE = ROOT / "docs" / "examples" / "small-plan.yaml"

VALID = {
    "id": "tiny",
    "title": "A tiny plan",
    "start": "2024/25",
    "end": "2024/25",
    "indicators": [
        {"id": "asked", "name": "adults asked", "unit": "percent", "direction": "higher_is_better"}
    ],
    "priorities": [
        {
            "id": "msp",
            "title": "Make safeguarding personal",
            "partnership": "adults",
            "outcomes": [
                {
                    "id": "asked-more",
                    "text": "More adults will be asked.",
                    "targets": [
                        {
                            "id": "asked-2024-25",
                            "indicator": "asked",
                            "period": "2024/25",
                            "rule": {"kind": "at_least", "value": 80},
                        }
                    ],
                }
            ],
        }
    ],
}
TARGET = "priorities[0].outcomes[0].targets[0]"


def with_change(path, value):
    """A deep copy of VALID with one value replaced (or removed, for value=...)."""
    data = json.loads(json.dumps(VALID))
    *parents, last = path
    node = data
    for key in parents:
        node = node[key]
    if value is ...:
        del node[last]
    else:
        node[last] = value
    return data


def problems(data, source=None):
    with pytest.raises(PlanFileError) as info:
        plan_from_dict(data, source=source)
    return [(p.location, p.value) for p in info.value.problems]


TARGET_PATH = ("priorities", 0, "outcomes", 0, "targets", 0)


def test_valid_data_loads():
    """The smallest useful plan loads."""
    assert "asked-2024-25" == next(plan_from_dict(VALID).iter_targets()).id


# -- every problem kind, with location and value ----------------------------------------------


def test_unknown_field_is_an_error():
    """Unknown fields are errors, not silently dropped."""
    data = with_change(("indicators", 0, "directon"), "higher_is_better")

    assert [("indicators[0].directon", "directon")] == problems(data)


def test_missing_field():
    """A required field that is missing is reported where it should be."""
    data = with_change((*TARGET_PATH, "period"), ...)

    assert [(f"{TARGET}.period", None)] == problems(data)


@pytest.mark.parametrize(
    ("path", "value", "location"),
    [
        ((*TARGET_PATH, "rule", "value"), "80", f"{TARGET}.rule.value"),
        (("title",), 5, "title"),
        (("indicators",), "asked", "indicators"),
        ((*TARGET_PATH, "rule", "value"), True, f"{TARGET}.rule.value"),
    ],
)
def test_wrong_type(path, value, location):
    """Numbers are numbers and text is text: '80' is not a number."""
    assert [(location, value)] == problems(with_change(path, value))


def test_bad_period():
    """A period that cannot be read is reported with the text given."""
    data = with_change((*TARGET_PATH, "period"), "2024/26")

    with pytest.raises(PlanFileError) as info:
        plan_from_dict(data)

    (problem,) = info.value.problems
    assert (f"{TARGET}.period", "2024/26") == (problem.location, problem.value)
    assert "consecutive" in problem.message


def test_quarter_where_a_year_is_needed():
    """The plan's start is a financial year, not a quarter."""
    assert [("start", "2024/25 Q1")] == problems(with_change(("start",), "2024/25 Q1"))


def test_bad_enum():
    """An enumeration's allowed values are listed."""
    with pytest.raises(PlanFileError) as info:
        plan_from_dict(with_change(("indicators", 0, "direction"), "up"))

    (problem,) = info.value.problems
    assert ("indicators[0].direction", "up") == (problem.location, problem.value)
    assert "'higher_is_better', 'lower_is_better'" in problem.message


def test_bad_rule_kind():
    """A rule's kind must be one of the rules."""
    data = with_change((*TARGET_PATH, "rule"), {"kind": "at_leest", "value": 80})

    assert [(f"{TARGET}.rule.kind", "at_leest")] == problems(data)


def test_rule_not_a_mapping():
    """A rule is a mapping with a kind."""
    assert [(f"{TARGET}.rule", 80)] == problems(with_change((*TARGET_PATH, "rule"), 80))


def test_invalid_value_inside_a_rule():
    """Errors from a class's own checks are located too (a band's high below its low)."""
    data = with_change((*TARGET_PATH, "rule"), {"kind": "between", "low": 10, "high": 7})

    assert [(f"{TARGET}.rule.high", 7.0)] == problems(data)


def test_plan_rules_are_reported_as_file_problems():
    """A reference that does not resolve is a file problem, located in the file."""
    data = with_change((*TARGET_PATH, "indicator"), "askd")

    assert [(f"{TARGET}.indicator", "askd")] == problems(data)


@pytest.mark.parametrize("data", [[1, 2], "plan", None, 3])
def test_not_a_mapping(data):
    """A plan file holds a mapping of fields."""
    with pytest.raises(PlanFileError) as info:
        plan_from_dict(data, source="plan.yaml")

    assert "plan.yaml" == info.value.path
    assert "mapping" in info.value.problems[0].message


@pytest.mark.parametrize("value", [[], "asked", 5])
def test_nested_not_a_mapping(value):
    """Where a mapping of fields is expected inside a plan, anything else is located."""
    assert [("indicators[0]", value)] == problems(with_change(("indicators", 0), value))


def test_several_problems_in_one_file_are_reported_together(tmp_path):
    """A plan file with four mistakes reports all four, naming the file."""
    data = with_change(("indicators", 0, "direction"), "up")
    data["indicators"][0]["colour"] = "red"
    data["priorities"][0]["outcomes"][0]["targets"][0]["period"] = "soon"
    data["priorities"][0]["partnership"] = "everyone"
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(PlanFileError) as info:
        load_plan(path)

    error = info.value
    assert str(path) == error.path
    assert {
        "indicators[0].direction",
        "indicators[0].colour",
        f"{TARGET}.period",
        "priorities[0].partnership",
    } == {p.location for p in error.problems}
    assert str(error).startswith(f"{path}: 4 problems")


# -- syntax and files ---------------------------------------------------------------------


def test_bad_yaml_syntax_names_the_line(tmp_path):
    """YAML syntax errors give the line and column."""
    path = tmp_path / "plan.yaml"
    path.write_text("id: x\ntitle: [unclosed\nstart: 2023/24\n", encoding="utf-8")

    with pytest.raises(PlanFileError) as info:
        load_plan(path)

    (problem,) = info.value.problems
    assert problem.location.startswith("line 3")
    assert "not valid YAML" in problem.message
    assert str(path) == info.value.path


def test_bad_json_syntax_names_the_line():
    """JSON syntax errors give the line and column."""
    with pytest.raises(PlanFileError) as info:
        loads_plan('{\n  "id": "x",\n  "title": \n}', format="json")

    assert "line 4, column 1" == info.value.problems[0].location


def test_bad_toml_syntax():
    """TOML syntax errors are PlanFileErrors too."""
    with pytest.raises(PlanFileError) as info:
        loads_plan('id = "x"\ntitle = \n', format="toml")

    assert "not valid TOML" in info.value.problems[0].message


def test_yaml_is_loaded_safely():
    """YAML is loaded safely: a tag that would build a Python object is refused."""
    text = "id: !!python/object/apply:os.system ['echo hacked']\ntitle: x\n"

    with pytest.raises(PlanFileError) as info:
        loads_plan(text, format="yaml")

    assert "not valid YAML" in info.value.problems[0].message


def test_missing_file(tmp_path):
    """A missing file is a PlanFileError naming it (and still a ValueError)."""
    path = tmp_path / "nowhere.yaml"

    with pytest.raises(PlanFileError) as info:
        load_plan(path)

    assert str(path) == info.value.path
    assert "cannot read" in info.value.problems[0].message
    assert isinstance(info.value, SafeguardingPlanError)


def test_unknown_suffix(tmp_path):
    """The format comes from the suffix; an unknown suffix is refused, naming it."""
    path = tmp_path / "plan.txt"
    path.write_text("id: x", encoding="utf-8")

    with pytest.raises(PlanFileError) as info:
        load_plan(path)

    assert ".txt" == info.value.problems[0].value


def test_format_can_be_given(tmp_path):
    """An explicit format overrides the suffix."""
    path = tmp_path / "plan.txt"
    path.write_text(json.dumps(VALID), encoding="utf-8")

    assert plan_from_dict(VALID) == load_plan(path, format="json")


def test_non_utf8_file(tmp_path):
    """A file that is not UTF-8 is reported, not crashed on."""
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"title: caf\xe9\n")

    with pytest.raises(PlanFileError):
        load_plan(path)


# -- nothing is lost ----------------------------------------------------------------------


@given(plan=plans())
def test_load_dump_round_trip(plan):
    """load(dump(plan)) == plan for every valid plan, in every format."""
    for fmt in ("yaml", "json", "toml"):
        assert plan == loads_plan(dumps_plan(plan, format=fmt), format=fmt), fmt


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json", ".toml"])
@pytest.mark.parametrize("name", available())
def test_bundled_plans_round_trip_through_files(tmp_path, name, suffix):
    """Every bundled plan survives being written and read in every format."""
    plan = bundled_plan(name)
    path = tmp_path / f"plan{suffix}"

    dump_plan(plan, path)

    assert plan == load_plan(path)


def _keeps(original, dumped, where="plan"):
    """Every field of the original is in the dumped data, equal, unless it was a default."""
    defaults = (None, [], {}, "level")
    if isinstance(original, dict):
        assert isinstance(dumped, dict), where
        for key, value in original.items():
            if key not in dumped:
                assert value in defaults, f"{where}.{key} was lost"
            else:
                _keeps(value, dumped[key], f"{where}.{key}")
    elif isinstance(original, list):
        assert len(original) == len(dumped), where
        for index, (a, b) in enumerate(zip(original, dumped, strict=True)):
            _keeps(a, b, f"{where}[{index}]")
    elif isinstance(original, str) and original != dumped:
        assert parse_period(original) == parse_period(dumped), where
    else:
        assert original == dumped, where


@pytest.mark.parametrize(
    "path", [EXAMPLE, *(bundled_plan_path(n) for n in available())], ids=lambda p: p.name
)
def test_dump_of_load_keeps_every_field_of_the_file(path):
    """dump(load(file)) keeps every field of the file."""
    original = yaml.safe_load(path.read_text(encoding="utf-8"))

    dumped = yaml.safe_load(dumps_plan(load_plan(path)))

    _keeps(original, dumped)
    assert plan_to_dict(load_plan(path)) == dumped


@given(st.sampled_from(["yaml", "json", "toml"]))
def test_dumped_text_is_plain_data(fmt):
    """Dumped files hold only plain data, so any tool can read them."""
    text = dumps_plan(load_plan(EXAMPLE), format=fmt)

    assert "!!python" not in text


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(["id", "kind", "value", "period", "x"]), inner, max_size=3),
    max_leaves=6,
)


@st.composite
def _mutated(draw):
    """VALID with one value, anywhere in it, replaced by arbitrary JSON."""
    data = json.loads(json.dumps(VALID))
    node, key = data, None
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            break
        key = draw(st.sampled_from(keys))
        child = node[key]
        if not isinstance(child, dict | list) or draw(st.booleans()):
            break
        node = child
    if key is not None:
        node[key] = draw(_JSON)
    return data


@given(_mutated())
def test_any_data_gives_a_plan_or_a_plan_file_error(data):
    """Whatever a file holds, reading it gives a plan or a PlanFileError, never a crash."""
    try:
        plan_from_dict(data)
    except PlanFileError as error:
        located = [isinstance(p.location, str) and bool(p.message) for p in error.problems]
    else:
        located = [True]

    assert located
    assert all(located)


# -- every accepted text survives every format --------------------------------------------


@given(text=texts(), fmt=st.sampled_from(["yaml", "json", "toml"]))
def test_every_accepted_text_round_trips_in_every_format(text, fmt):
    """load(dump(plan)) keeps every text the model accepts exactly, in YAML, JSON and TOML."""
    data = with_change(("title",), text)
    data["notes"] = [text, f"{text}\n{text}"]
    data["priorities"][0]["actions"] = [{"id": "a", "text": text, "due": "2024/25", "owner": text}]
    plan = plan_from_dict(data)

    assert plan == loads_plan(dumps_plan(plan, format=fmt), format=fmt)


@pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
@pytest.mark.parametrize(
    "text",
    [
        "tab\there, line\nfeed, \"quotes\" and 'apostrophes', back\\slash",
        "line\u2028and paragraph\u2029separators",
        "non-characters \ufffe\uffff and the last \U0010ffff",
        "\ufeffbyte order mark",
        "  leading and trailing spaces  ",
        "a line feed at the end\n",
        "yes",
        "2023-04-01",
        "# not a comment",
    ],
)
def test_awkward_text_round_trips_exactly(fmt, text):
    """Text the model accepts is read back exactly as written, in YAML, JSON and TOML."""
    plan = plan_from_dict(with_change(("title",), text))

    assert text == loads_plan(dumps_plan(plan, format=fmt), format=fmt).title


@pytest.mark.parametrize(
    ("fmt", "escaped", "code"),
    [
        ("yaml", "\\N", "U+0085"),  # YAML read it back as a space
        ("yaml", "\\x7f", "U+007F"),  # TOML wrote it raw and could not read its own file
        ("json", "\\ud800", "U+D800"),  # no UTF-8 for it: no file can hold it
        ("json", "\\r", "U+000D"),
        ("toml", "\\u001b", "U+001B"),
    ],
)
def test_text_no_format_can_hold_is_refused_with_its_location(fmt, escaped, code):
    """A control character or lone surrogate is refused on reading, naming file and field."""
    plan = plan_from_dict(with_change(("title",), "A-plan"))
    written = "toml" if fmt == "toml" else "json"  # JSON is YAML, with double quotes
    text = dumps_plan(plan, format=written).replace("A-plan", f"A{escaped}plan")

    with pytest.raises(PlanFileError) as info:
        loads_plan(text, format=fmt, source=f"plan.{fmt}")

    assert (f"plan.{fmt}", ["title"]) == (
        info.value.path, [p.location for p in info.value.problems]
    )
    assert f"{code}, at character 2" in info.value.problems[0].message


def test_subclasses_of_str_and_float_are_written_as_plain_values():
    """A str subclass (an enum's value) and a float subclass (numpy.float64) write cleanly."""

    class Text(str):
        __slots__ = ()

    class Float64(float):
        def __repr__(self):
            return f"np.float64({float(self)!r})"

    data = with_change(("title",), Text("A tiny plan"))
    data["priorities"][0]["outcomes"][0]["targets"][0]["rule"]["value"] = Float64(80.5)
    plan = plan_from_dict(data)

    for fmt in ("yaml", "json", "toml"):
        assert plan == loads_plan(dumps_plan(plan, format=fmt), format=fmt), fmt


# -- writing is all or nothing ------------------------------------------------------------


def test_a_failed_write_leaves_the_previous_file_and_nothing_else(tmp_path, monkeypatch):
    """If writing fails part-way, the old file is untouched and no temporary file is left."""
    path = tmp_path / "plan.yaml"
    path.write_text("previous content\n", encoding="utf-8")

    def fail(_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", fail)
    with pytest.raises(PlanFileError) as info:
        dump_plan(plan_from_dict(VALID), path)

    assert str(path) == info.value.path
    assert "No space left on device" in info.value.problems[0].message
    assert ["plan.yaml"] == [p.name for p in tmp_path.iterdir()]
    assert "previous content\n" == path.read_text(encoding="utf-8")


def test_writing_into_a_missing_folder_names_the_file_and_makes_nothing(tmp_path):
    """A plan file in a folder that does not exist is an error naming it; nothing is made."""
    path = tmp_path / "missing" / "plan.json"

    with pytest.raises(PlanFileError) as info:
        dump_plan(plan_from_dict(VALID), path)

    assert str(path) == info.value.path
    assert [] == list(tmp_path.iterdir())


def test_writing_replaces_the_file_whole_and_keeps_its_mode(tmp_path):
    """The new file replaces the old one whole, with the old file's permissions."""
    path = tmp_path / "plan.toml"
    path.write_text("x" * 100_000, encoding="utf-8")
    path.chmod(0o640)
    plan = plan_from_dict(VALID)

    dump_plan(plan, path)

    assert (plan, 0o640) == (load_plan(path), path.stat().st_mode & 0o777)
    assert ["plan.toml"] == [p.name for p in tmp_path.iterdir()]


def test_writing_through_a_symbolic_link_keeps_the_link(tmp_path):
    """A plan file reached by a symbolic link is replaced where it lives; the link stays."""
    real = tmp_path / "real.yaml"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    plan = plan_from_dict(VALID)

    dump_plan(plan, link)

    assert (True, plan) == (link.is_symlink(), load_plan(real))


def test_two_writers_to_one_path_never_interleave(tmp_path):
    """Writers racing to one path leave one of their files whole, never a mixture."""
    path = tmp_path / "plan.json"
    plans_written = [
        plan_from_dict(with_change(("title",), letter * 50_000)) for letter in "ab"
    ]
    threads = [
        threading.Thread(target=lambda p=p: [dump_plan(p, path) for _ in range(10)])
        for p in plans_written
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert load_plan(path) in plans_written
    assert ["plan.json"] == [p.name for p in tmp_path.iterdir()]
