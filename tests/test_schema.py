"""The published JSON Schema: "tools in other languages can validate plan files"."""

import functools
import importlib.resources
import json
import pathlib

import jsonschema
import pytest
import yaml
from hypothesis import given, settings

from safeguarding_plan import PlanFileError, dumps_plan, load_plan, plan_from_dict, plan_schema
from safeguarding_plan.plans import available, bundled_plan_path
from safeguarding_plan.strategies import plans

EXAMPLE = pathlib.Path(__file__).parent.parent / "docs" / "examples" / "small-plan.yaml"
REGENERATE = (
    'python -c "import json, safeguarding_plan as s; '
    "open('src/safeguarding_plan/schemas/plan.schema.json', 'w', encoding='utf-8')"
    ".write(json.dumps(s.plan_schema(), indent=2, ensure_ascii=False) + '\\n')\""
)


@functools.cache
def validator():
    schema = plan_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def shipped_schema():
    resource = importlib.resources.files("safeguarding_plan") / "schemas" / "plan.schema.json"
    return json.loads(resource.read_text(encoding="utf-8"))


def test_shipped_schema_is_the_generated_one():
    """The schema file shipped with the package equals plan_schema()."""
    assert plan_schema() == shipped_schema(), f"regenerate it with: {REGENERATE}"


def test_schema_is_a_valid_draft_2020_12_schema():
    """The schema itself is valid JSON Schema (draft 2020-12)."""
    jsonschema.Draft202012Validator.check_schema(shipped_schema())


@pytest.mark.parametrize(
    "path", [EXAMPLE, *(bundled_plan_path(n) for n in available())], ids=lambda p: p.name
)
def test_plan_files_validate(path):
    """Every plan file we ship validates against the schema."""
    validator().validate(yaml.safe_load(path.read_text(encoding="utf-8")))


# Schema validation of a whole plan is slow; a third of the profile's examples suffices.
@settings(max_examples=max(10, settings.default.max_examples // 3))
@given(plan=plans())
def test_dumped_plans_validate(plan):
    """Every dumped plan, as JSON, validates against the schema."""
    validator().validate(json.loads(dumps_plan(plan, format="json")))


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.update(colour="red"), ()),
        (lambda d: d.pop("title"), ()),
        (lambda d: d["indicators"][0].update(direction="up"), ("indicators", 0, "direction")),
        (lambda d: d.update(start="2023/25 Q7"), ("start",)),
        (
            lambda d: d["priorities"][0]["outcomes"][0]["targets"][0].update(
                rule={"kind": "at_leest", "value": 80}
            ),
            ("priorities", 0, "outcomes", 0, "targets", 0, "rule"),
        ),
        (
            lambda d: d["priorities"][0]["outcomes"][0]["targets"][0]["rule"].update(value="80"),
            ("priorities", 0, "outcomes", 0, "targets", 0, "rule"),
        ),
    ],
)
def test_invalid_files_fail(change, where):
    """Unknown fields, missing fields, bad enums, periods and rules fail validation."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    change(data)

    errors = list(validator().iter_errors(data))

    assert errors
    assert any(tuple(e.absolute_path)[: len(where)] == where for e in errors)
    with pytest.raises(PlanFileError):  # the library agrees
        plan_from_dict(data)


def test_schema_can_be_loaded_for_a_file(tmp_path):
    """A dumped file read back by the library and the schema agree."""
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))))

    validator().validate(json.loads(path.read_text()))
    assert load_plan(path) == load_plan(EXAMPLE)


@pytest.mark.parametrize(
    ("title", "valid"),
    [
        ("tab\tline feed\n\u2028 \U0001f600 \ufeff", True),
        ("carriage return\r", False),
        ("escape \x1b[2J", False),
        ("DEL \x7f", False),
        ("NEL \x85", False),
    ],
)
def test_the_schema_states_the_rule_on_text(title, valid):
    """The schema accepts the text the model accepts, and refuses control characters."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["title"] = title

    assert valid == validator().is_valid(data)
