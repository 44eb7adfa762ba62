"""Issue 16: plan versions, the plain-English diff, and judging against the plan in force.

The second version of the Stockport plan is built here, as a partnership would make it:
by editing a dumped copy of the bundled plan (the 2024/25 S42 target moved from at most
44% to at most 50%, an action added, an outcome removed).
"""

from __future__ import annotations

import copy
import datetime as dt
import json

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safeguarding_plan import (
    ChangeKind,
    DiffItem,
    InvalidValueError,
    Observation,
    PlanFileError,
    PlanValidationError,
    Report,
    diff,
    diff_schema,
    dumps_plan,
    evaluate,
    evaluate_versions,
    loads_plan,
    plan_from_dict,
    plan_schema,
    plan_to_dict,
    report_schema,
)
from safeguarding_plan.plans import stockport_2023_26
from safeguarding_plan.reports import render
from safeguarding_plan.strategies import observations, plans, revisions

S42 = "s42-non-conversion-2024-25"
S42_NAME = "contacts to Adult Social Care that do not progress to a Section 42 enquiry"


def _version_one() -> dict:
    data = plan_to_dict(stockport_2023_26())
    data.update(version="1", adopted="2023-04-01")
    return data


def _version_two_data() -> dict:
    """The dumped Stockport plan, edited as a partnership would edit it a year on."""
    data = copy.deepcopy(_version_one())
    data.update(version="2", adopted="2024-03-01", supersedes="1")
    for priority in data["priorities"]:
        for outcome in priority.get("outcomes", []):
            for target in outcome.get("targets", []):
                if target["id"] == S42:
                    target["rule"] = {"kind": "at_most", "value": 50}
        if priority["id"] == "adults-making-safeguarding-personal":
            priority["actions"].append(
                {"id": "s42-decision-audit", "text": "Audit Section 42 decisions",
                 "due": "2024/25", "owner": "Adults Quality Assurance Partnership"}
            )  # fmt: skip
        priority["outcomes"] = [
            o for o in priority.get("outcomes", []) if o["id"] != "trauma-informed-practice"
        ]
    return data


def version_one():
    return plan_from_dict(_version_one())


def version_two():
    return plan_from_dict(_version_two_data())


# --------------------------------------------------------------------------- plan fields


def test_version_fields_default_to_absent():
    plan = stockport_2023_26()
    assert (plan.version, plan.adopted, plan.supersedes) == (None, None, None)
    assert "version" not in plan_to_dict(plan)


@pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
def test_version_fields_round_trip(fmt):
    plan = version_two()
    assert (plan.version, plan.adopted, plan.supersedes) == ("2", dt.date(2024, 3, 1), "1")
    assert loads_plan(dumps_plan(plan, format=fmt), format=fmt) == plan


def test_a_toml_date_is_read_as_the_date():
    text = dumps_plan(version_two(), format="toml").replace(
        'adopted = "2024-03-01"', "adopted = 2024-03-01"
    )
    assert loads_plan(text, format="toml").adopted == dt.date(2024, 3, 1)


def _problems(extra: str) -> list[str]:
    text = "id: tiny\ntitle: Tiny\nstart: 2024/25\nend: 2025/26\n" + extra
    with pytest.raises(PlanFileError) as caught:
        loads_plan(text)
    return [str(p) for p in caught.value.problems]


def test_bad_version_fields_are_located():
    assert _problems("version: 2\n") == ["version: expected text (given: 2)"]
    assert _problems("adopted: 2024-02-30\n") == [
        "adopted: expected a date such as '2024-04-01' (YYYY-MM-DD) (given: '2024-02-30')"
    ]
    assert _problems("adopted: '2024-04-01T10:00'\n")[0].startswith("adopted: expected a date")
    (selfish,) = _problems("version: '2'\nsupersedes: '2'\n")
    assert selfish.startswith("supersedes: a version cannot supersede itself")
    (nameless,) = _problems("supersedes: '1'\n")
    assert nameless.startswith("version: the plan supersedes version '1'")


def test_model_refuses_what_the_file_refuses():
    import attrs

    with pytest.raises(PlanValidationError):
        attrs.evolve(stockport_2023_26(), supersedes="1")
    with pytest.raises(ValueError, match="adopted"):
        attrs.evolve(stockport_2023_26(), adopted="next spring")


def test_schema_has_the_version_fields():
    schema = plan_schema()
    for name in ("version", "adopted", "supersedes"):
        assert name in schema["properties"]
    jsonschema.validate(_version_two_data(), schema)
    bad = {**_version_two_data(), "adopted": "spring"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


# --------------------------------------------------------------------------- diff


def test_the_annual_review_diff_in_plain_english():
    changes = diff(version_one(), version_two())
    assert changes
    lines = changes.describe().splitlines()
    assert lines[0] == "6 changes from stockport-2023-26 version 1 to stockport-2023-26 version 2:"
    assert (
        f"- the 2024/25 target for {S42_NAME} changed from at most 44% to at most 50%" in lines
    )
    assert "- the plan's version changed from \u201c1\u201d to \u201c2\u201d" in lines
    assert any(line.startswith("- added the action s42-decision-audit (due by the end of "
                               "2024/25, owned by Adults Quality Assurance Partnership)")
               for line in lines)  # fmt: skip
    assert any(line.startswith("- removed the outcome trauma-informed-practice: ")
               for line in lines)  # fmt: skip
    assert changes.targets_revised == (S42,)
    (target,) = changes.of(DiffItem.TARGET)
    assert (target.kind, target.field, target.id) == (ChangeKind.CHANGED, "rule", S42)
    assert str(changes) == changes.describe()


def test_diff_as_json_matches_its_schema():
    data = diff(version_one(), version_two()).to_dict()
    jsonschema.validate(data, diff_schema())
    target = next(c for c in data["changes"] if c["item"] == "target")
    assert target["old"] == {"kind": "at_most", "value": 44.0}
    assert target["new"] == {"kind": "at_most", "value": 50.0}
    json.dumps(data)


def test_shipped_diff_schema_is_the_generated_one():
    from importlib import resources

    shipped = json.loads(
        resources.files("safeguarding_plan").joinpath("schemas/diff.schema.json").read_text()
    )
    assert shipped == diff_schema()


def test_a_moved_target_and_its_fields_are_said():
    data = _version_two_data()
    outcomes = {o["id"]: o for p in data["priorities"] for o in p.get("outcomes", [])}
    target = next(t for o in outcomes.values() for t in o.get("targets", []) if t["id"] == S42)
    target["notes"] = ["Revised at the 2024 review."]
    data["indicators"][13]["baseline"]["value"] = 80
    changed = diff(version_one(), plan_from_dict(data))
    said = changed.describe()
    assert (
        f"the baseline of the indicator s42-non-conversion ({S42_NAME}) changed from "
        "84% (2022/23) to 80% (2022/23)" in said
    )
    assert f"the notes of the 2024/25 target for {S42_NAME} changed" in said


def test_a_target_moved_to_another_outcome_is_a_change():
    data = _version_one()
    outcomes = [o for p in data["priorities"] for o in p.get("outcomes", []) if o.get("targets")]
    moved = outcomes[0]["targets"].pop()
    outcomes[1]["targets"].append(moved)
    found = diff(version_one(), plan_from_dict(data))
    (change,) = found.changes
    assert (change.item, change.field) == (DiffItem.TARGET, "outcome")
    assert change.description.endswith(f"to the outcome {outcomes[1]['id']}")


# --------------------------------------------------------------------------- properties


def _flipped(change):
    return (change.kind.opposite, change.item, change.id, change.field, change.new, change.old)


def _key(change):
    return (change.kind, change.item, change.id, change.field, change.old, change.new)


# whole plans are costly to draw: a third of the profile's examples (100 in CI)
WHOLE_PLANS = settings(max_examples=max(10, settings.default.max_examples // 3))


@WHOLE_PLANS
@given(plans(declarations=True))
def test_diff_of_a_plan_with_itself_is_empty(plan):
    assert not diff(plan, plan)
    assert diff(plan, plan).describe().startswith("no changes")


@WHOLE_PLANS
@given(plans(declarations=True), st.sampled_from(["yaml", "json", "toml"]))
def test_a_round_trip_has_an_empty_diff(plan, fmt):
    assert not diff(plan, loads_plan(dumps_plan(plan, format=fmt), format=fmt))


@WHOLE_PLANS
@given(plans(declarations=True), plans(declarations=True))
def test_diff_is_antisymmetric(a, b):
    forward, backward = diff(a, b), diff(b, a)
    assert len(forward) == len(backward)
    assert sorted(map(repr, map(_flipped, forward))) == sorted(map(repr, map(_key, backward)))
    if a == b:
        assert not forward


# --------------------------------------------------------------------------- command line


def _write(path, data, fmt="yaml"):
    from safeguarding_plan import dump_plan

    dump_plan(plan_from_dict(data), path, format=fmt)
    return str(path)


def _run(capsys, *argv):
    from safeguarding_plan.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_diff_of_real_plan_files(tmp_path, capsys):
    old = _write(tmp_path / "plan-v1.yaml", _version_one())
    new = _write(tmp_path / "plan-v2.toml", _version_two_data(), "toml")
    code, out, err = _run(capsys, "diff", old, new)
    assert (code, err) == (1, "")
    assert out.splitlines()[0] == (
        "6 changes from stockport-2023-26 version 1 to stockport-2023-26 version 2:"
    )
    assert f"- the 2024/25 target for {S42_NAME} changed from at most 44% to at most 50%\n" in out
    assert out == diff(version_one(), version_two()).describe() + "\n"


def test_cli_diff_json(tmp_path, capsys):
    old = _write(tmp_path / "plan-v1.json", _version_one(), "json")
    new = _write(tmp_path / "plan-v2.yaml", _version_two_data())
    code, out, _ = _run(capsys, "diff", old, new, "--format", "json")
    assert code == 1
    data = json.loads(out)
    jsonschema.validate(data, diff_schema())
    assert data["old"] == {"plan": "stockport-2023-26", "version": "1"}
    kinds = sorted((c["kind"], c["item"], c["id"]) for c in data["changes"] if c["item"] != "plan")
    assert kinds == [
        ("added", "action", "s42-decision-audit"),
        ("changed", "target", S42),
        ("removed", "outcome", "trauma-informed-practice"),
    ]
    code, out, _ = _run(capsys, "diff", new, old, "--format", "json")
    assert code == 1
    back = json.loads(out)
    assert {c["kind"] for c in back["changes"] if c["item"] == "action"} == {"removed"}


def test_cli_diff_no_change_exits_0(tmp_path, capsys):
    copy_ = _write(tmp_path / "copy.yaml", plan_to_dict(stockport_2023_26()))
    code, out, _ = _run(capsys, "diff", "stockport-2023-26", copy_)
    assert (code, out) == (0, "no changes from stockport-2023-26 to stockport-2023-26\n")
    code, out, _ = _run(capsys, "diff", copy_, copy_, "--format", "json")
    assert code == 0
    assert json.loads(out)["changes"] == []


def test_cli_diff_trouble_exits_2_with_located_errors(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text(dumps_plan(version_one()).replace("adopted: '2023-04-01'",
                                                      "adopted: 1 March 2024"))  # fmt: skip
    code, out, err = _run(capsys, "diff", "stockport-2023-26", str(path))
    assert (code, out) == (2, "")
    assert err == (
        f"error: {path}: adopted: expected a date such as '2024-04-01' (YYYY-MM-DD) "
        "(given: '1 March 2024')\n"
    )
    code, _, err = _run(capsys, "diff", "stockport-2023-26", str(tmp_path / "missing.yaml"))
    assert code == 2
    assert "no bundled plan or plan file named" in err
    code, _, _ = _run(capsys, "diff", "stockport-2023-26")
    assert code == 2


def test_cli_schema_diff(capsys):
    code, out, _ = _run(capsys, "schema", "diff")
    assert code == 0
    assert json.loads(out) == diff_schema()


# --------------------------------------------------------------------------- judging with history


S42_2023 = "s42-non-conversion-2023-24"
DATA = [
    Observation(indicator="s42-non-conversion", period="2023/24", value=66),
    Observation(indicator="s42-non-conversion", period="2024/25", value=48),
]


def _with_2023_24_raised(data: dict) -> dict:
    """Version 2 also raises the 2023/24 ceiling from 64% to 70%, mid-year."""
    for priority in data["priorities"]:
        for outcome in priority.get("outcomes", []):
            for target in outcome.get("targets", []):
                if target["id"] == S42_2023:
                    target["rule"] = {"kind": "at_most", "value": 70}
    return data


def _versions(adopted_two="2024-03-01", adopted_one="2023-06-01"):
    one = _version_one()
    one["adopted"] = adopted_one
    two = _with_2023_24_raised(_version_two_data())
    two["adopted"] = adopted_two
    return plan_from_dict(one), plan_from_dict(two)


def test_each_period_is_judged_against_the_version_in_force_when_it_started():
    one, two = _versions()
    report = evaluate_versions([two, one], DATA, as_of=dt.date(2025, 6, 30))
    # 2023/24 began on 1 April 2023 under version 1: at most 64%, so 66% missed it.
    assert report.target(S42_2023).target.rule.value == 64
    assert (report.target(S42_2023).status.name, report.target(S42_2023).gap) == ("NOT_MET", 2)
    # 2024/25 began on 1 April 2024 under version 2 (adopted 1 March 2024): at most 50%.
    assert report.target(S42).status.name == "MET"
    assert report.plan.version == "2"
    assert report.action("s42-decision-audit")
    assert "trauma-informed-practice" not in {o.id for o in report.outcomes}
    revised = {(r.target, r.version, r.judged_against) for r in report.revisions}
    assert revised == {(S42_2023, "2", "1"), (S42, "2", "2")}
    assert str(next(r for r in report.revisions if r.target == S42)) == (
        f"the 2024/25 target for {S42_NAME} changed from at most 44% to at most 50% "
        "(version 2, adopted 1 March 2024; judged against version 2)"
    )


def test_the_alternative_judges_everything_against_the_latest():
    _, two = _versions()
    latest = evaluate(two, DATA, as_of=dt.date(2025, 6, 30))
    assert latest.target(S42_2023).status.name == "MET"  # 66% against the revised 70%
    assert latest.revisions == ()


def test_a_revision_adopted_after_a_period_started_waits_for_the_next():
    one, two = _versions(adopted_two="2024-05-01")
    report = evaluate_versions([one, two], DATA, as_of=dt.date(2025, 6, 30))
    assert report.target(S42).target.rule.value == 44
    assert report.target(S42).status.name == "NOT_MET"
    assert {r.judged_against for r in report.revisions} == {"1"}


def test_a_version_adopted_after_as_of_is_not_yet_in_force():
    one, two = _versions(adopted_two="2025-08-01")
    report = evaluate_versions([one, two], DATA, as_of=dt.date(2025, 6, 30))
    assert report.target(S42).target.rule.value == 44
    assert report.revisions == ()
    assert report.problems[-1].message.startswith(
        "stockport-2023-26 version 2 was adopted on 2025-08-01, after 2025-06-30"
    )
    alone = evaluate(one, DATA, as_of=dt.date(2025, 6, 30))
    assert report.targets == alone.targets


def test_versions_that_cannot_be_ordered_are_refused():
    one, two = _versions()
    import attrs

    with pytest.raises(InvalidValueError, match=r"versions\[1\]\.adopted: .* has no adoption"):
        evaluate_versions([one, attrs.evolve(two, adopted=None)], as_of="2024-06-30")
    with pytest.raises(InvalidValueError, match="both adopted on 2023-06-01"):
        evaluate_versions([one, attrs.evolve(two, adopted=one.adopted)], as_of="2024-06-30")
    with pytest.raises(InvalidValueError, match="at least one version"):
        evaluate_versions([], as_of="2024-06-30")


def test_revisions_round_trip_and_match_the_schema():
    one, two = _versions()
    report = evaluate_versions([one, two], DATA, as_of=dt.date(2025, 6, 30))
    data = json.loads(report.to_json())
    assert [r["target"] for r in data["revisions"]] == [S42_2023, S42]
    assert Report.from_dict(data) == report
    from referencing import Registry, Resource

    registry = Registry().with_resource(
        "plan.schema.json", Resource.from_contents(plan_schema())
    )
    validator = jsonschema.Draft202012Validator(report_schema(), registry=registry)
    validator.validate(data)
    old = {k: v for k, v in data.items() if k != "revisions"}
    assert Report.from_dict(old).revisions == ()


def test_reports_list_the_revised_targets():
    one, two = _versions()
    report = evaluate_versions([one, two], DATA, as_of=dt.date(2025, 6, 30))
    markdown = render(report, "md")
    assert "## Targets revised since the first version" in markdown
    assert "changed from at most 44% to at most 50% (version 2, adopted 1 March 2024" in markdown
    html = render(report, "html")
    assert '<h2 id="revisions">Targets revised since the first version</h2>' in html
    document = json.loads(render(report, "json"))
    assert document["revisions"][1]["text"].startswith("the 2024/25 target")
    assert "Targets revised" not in render(evaluate(one, DATA, as_of="2025-06-30"), "md")


@WHOLE_PLANS
@given(plans(), st.data(), st.dates(dt.date(2018, 1, 1), dt.date(2034, 12, 31)))
def test_no_change_keeps_every_judgement(plan, data, as_of):
    found = data.draw(observations(plan, suppressed=False))
    assert evaluate_versions([plan, plan], found, as_of=as_of) == evaluate(
        plan, found, as_of=as_of
    )


@WHOLE_PLANS
@given(st.data())
def test_a_revision_in_force_from_the_start_is_the_revision(data):
    plan = data.draw(plans())
    one, two = data.draw(revisions(plan))
    found = data.draw(observations(plan, suppressed=False))
    as_of = plan.end.end
    one_early = attrs_evolve(one, adopted=plan.start.start - dt.timedelta(days=2))
    two_early = attrs_evolve(two, adopted=plan.start.start - dt.timedelta(days=1))
    both = evaluate_versions([one_early, two_early], found, as_of=as_of)
    assert both.targets == evaluate(two_early, found, as_of=as_of).targets
    assert {r.target for r in both.revisions} == set(diff(one, two).targets_revised)
    assert all(r.judged_against == "2" for r in both.revisions)


@WHOLE_PLANS
@given(st.data())
def test_a_revision_adopted_too_late_changes_no_judgement(data):
    plan = data.draw(plans())
    one, two = data.draw(revisions(plan))
    found = data.draw(observations(plan, suppressed=False))
    as_of = data.draw(st.dates(plan.start.start, plan.end.end))
    late = attrs_evolve(two, adopted=max(as_of + dt.timedelta(days=1), two.adopted))
    both = evaluate_versions([one, late], found, as_of=as_of)
    assert both.targets == evaluate(one, found, as_of=as_of).targets
    assert both.revisions == ()


def attrs_evolve(plan, **changes):
    import attrs

    return attrs.evolve(plan, **changes)


def test_cli_evaluate_and_report_with_an_earlier_version(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    one, two = _versions()
    from safeguarding_plan import dump_plan

    dump_plan(one, tmp_path / "plan-v1.yaml")
    dump_plan(two, tmp_path / "plan-v2.yaml")
    csv = tmp_path / "s42.csv"
    csv.write_text("indicator,period,value\ns42-non-conversion,2023/24,66\n"
                   "s42-non-conversion,2024/25,48\n")  # fmt: skip
    argv = [str(tmp_path / "plan-v2.yaml"), str(csv), "--as-of", "2025-06-30",
            "--earlier-version", str(tmp_path / "plan-v1.yaml")]  # fmt: skip
    code, out, _ = _run(capsys, "evaluate", *argv)
    assert code == 0
    tail = out.split("Targets revised since the first version:\n")[1]
    assert tail.startswith(f"  the 2023/24 target for {S42_NAME} changed from at most 64% to at")
    assert "judged against version 1)" in tail
    row = next(line for line in out.splitlines() if S42_2023 in line)
    assert "not met" in row
    code, out, _ = _run(capsys, "report", *argv, "--output", "-", "--format", "json")
    assert code == 0
    assert [r["target"] for r in json.loads(out)["revisions"]] == [S42_2023, S42]
    code, _, err = _run(capsys, "report", *argv, "--output", str(tmp_path / "plan-v1.yaml"),
                        "--format", "md")  # fmt: skip
    assert code == 2
    assert "earlier version 1 of the plan" in err


def test_cli_show_names_the_version(tmp_path, capsys):
    from safeguarding_plan import dump_plan

    dump_plan(version_two(), tmp_path / "plan-v2.yaml")
    code, out, _ = _run(capsys, "show", str(tmp_path / "plan-v2.yaml"))
    assert code == 0
    assert "Version 2, adopted 2024-03-01, supersedes version 1" in out.splitlines()[:4]
    _, out, _ = _run(capsys, "show", "stockport-2023-26")
    assert not any(line.startswith("Version") for line in out.splitlines())
