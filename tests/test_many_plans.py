"""Many plans judged from one dataset: one CSV file with a ``plan`` column, read once."""

from __future__ import annotations

import datetime as dt
import math

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeguarding_plan import (
    InvalidValueError,
    ObservationError,
    _reading,
    evaluate,
    evaluate_many,
    loads_observations,
    loads_observations_by_plan,
    plan_from_dict,
    plan_to_dict,
)
from safeguarding_plan.plans import bundled_plan, stockport_2023_26

STOCKPORT = stockport_2023_26()
OTHER = plan_from_dict({**plan_to_dict(STOCKPORT), "id": "another-2023-26"})
DARLINGTON = bundled_plan("darlington-cypp-2017-22")
PLANS = [STOCKPORT, OTHER, DARLINGTON]
AS_OF = dt.date(2024, 6, 30)


def test_each_plan_gets_its_own_rows_in_order() -> None:
    text = (
        "plan,indicator,period,value\n"
        "stockport-2023-26,s42-non-conversion,2023/24,66\n"
        "another-2023-26,s42-non-conversion,2023/24,60\n"
        "stockport-2023-26,msp-asked,2023/24,70\n"
    )
    found = loads_observations_by_plan(text, PLANS)
    assert list(found) == ["stockport-2023-26", "another-2023-26", "darlington-cypp-2017-22"]
    assert [o.value for o in found["stockport-2023-26"]] == [66.0, 70.0]
    assert [o.value for o in found["another-2023-26"]] == [60.0]
    assert found["darlington-cypp-2017-22"] == ()


def test_each_row_is_checked_against_its_own_plan() -> None:
    darlington_id = DARLINGTON.indicators[0].id
    text = (
        "plan,indicator,period,value\n"
        f"stockport-2023-26,{darlington_id},2023/24,5\n"
        "stockport-2023-26,msp-asked,2023/24 Q1,70\n"
        "stockport-2023-26,msp-asked,2023/24 Q1,71\n"
        "another-2023-26,msp-asked,2023/24 Q1,72\n"
        "nowhere,msp-asked,2023/24,1\n"
        ",msp-asked,2023/24,1\n"
    )
    with pytest.raises(ObservationError) as info:
        loads_observations_by_plan(text, PLANS, name="all.csv")
    shown = [(p.location, p.message.split(";")[0]) for p in info.value.problems]
    assert shown == [
        ("all.csv, line 2, column indicator", "no indicator has this id"),
        ("all.csv, line 4, column period",
         "duplicate: msp-asked already has a value for 2023/24 Q1 at line 3"),
        ("all.csv, line 6, column plan", "no plan has this id"),
        ("all.csv, line 7, column plan", "a plan id is required"),
    ]  # fmt: skip


def test_the_plan_column_is_required_and_plans_differ() -> None:
    with pytest.raises(
        ObservationError, match=r"the required column 'plan' \(plan ids\) or 'area' .* missing"
    ):
        loads_observations_by_plan("indicator,period,value\nmsp-asked,2023/24,70\n", PLANS)
    with pytest.raises(InvalidValueError, match="two plans have the same id"):
        loads_observations_by_plan("plan,indicator,period\n", [STOCKPORT, STOCKPORT])
    with pytest.raises(InvalidValueError, match="two plans have the same id"):
        evaluate_many([STOCKPORT, STOCKPORT], {}, as_of=AS_OF)


# --------------------------------------------------------------------------- areas

AREAS = [
    attrs.evolve(STOCKPORT, areas=("E08000007", "356", "Stockport")),
    attrs.evolve(OTHER, areas=("E99999999",)),
    DARLINGTON,
]


def test_an_area_column_names_each_rows_plan_by_a_declared_area() -> None:
    """ONS code, DfE number or name, case and spaces around it aside."""
    text = (
        "indicator,area,period,value\n"
        "s42-non-conversion,E08000007,2023/24 Q1,66\n"
        "s42-non-conversion,356,2023/24 Q2,65\n"
        "s42-non-conversion, STOCKPORT ,2023/24 Q3,64\n"
        "s42-non-conversion,e99999999,2023/24,70\n"
    )
    found = loads_observations_by_plan(text, AREAS)
    assert [o.value for o in found["stockport-2023-26"]] == [66.0, 65.0, 64.0]
    assert [o.value for o in found["another-2023-26"]] == [70.0]
    by_id = loads_observations_by_plan(
        "plan,indicator,period,value\n"
        "stockport-2023-26,s42-non-conversion,2023/24 Q1,66\n"
        "stockport-2023-26,s42-non-conversion,2023/24 Q2,65\n"
        "stockport-2023-26,s42-non-conversion,2023/24 Q3,64\n"
        "another-2023-26,s42-non-conversion,2023/24,70\n",
        AREAS,
    )
    assert found == by_id


def test_an_unknown_or_missing_area_is_located() -> None:
    text = (
        "area,indicator,period,value\n"
        "E08000070,s42-non-conversion,2023/24,66\n"
        ",s42-non-conversion,2023/24,66\n"
        "E08000007,s42-non-conversion,2023/24,66\n"
        "E08000007,s42-non-conversion,2023/24,67\n"
    )
    with pytest.raises(ObservationError) as info:
        loads_observations_by_plan(text, AREAS, name="lait.csv")
    shown = [(p.location, p.message, p.value) for p in info.value.problems]
    assert shown[0] == (
        "lait.csv, line 2, column area",
        "no plan names this area; did you mean 'E08000007'?",
        "E08000070",
    )
    assert shown[1] == ("lait.csv, line 3, column area", "an area is required", None)
    assert shown[2][0] == "lait.csv, line 5, column period"
    assert "line 4" in shown[2][1]
    assert len(shown) == 3
    with pytest.raises(ObservationError, match="none of the plans declares its areas"):
        loads_observations_by_plan(text, PLANS)


def test_plan_and_area_columns_together_are_refused() -> None:
    with pytest.raises(ObservationError, match="give the column 'plan' or 'area', not both"):
        loads_observations_by_plan(
            "plan,area,indicator,period,value\n"
            "stockport-2023-26,E08000007,s42-non-conversion,2023/24,66\n",
            AREAS,
        )


def test_two_plans_naming_one_area_are_refused() -> None:
    twin = attrs.evolve(OTHER, areas=("stockport",))
    with pytest.raises(InvalidValueError, match="both name this area"):
        loads_observations_by_plan("area,indicator,period\n", [AREAS[0], twin])


def test_a_plans_areas_are_checked_and_round_trip() -> None:
    import json

    from safeguarding_plan import PlanFileError, dumps_plan, loads_plan

    plan = AREAS[0]
    for fmt in ("yaml", "json", "toml"):
        assert loads_plan(dumps_plan(plan, format=fmt), format=fmt) == plan
    data = plan_to_dict(STOCKPORT)
    data["areas"] = ["E08000007", " e08000007", "  "]
    with pytest.raises(PlanFileError) as info:
        plan_from_dict(data)
    assert [(p.location, p.message) for p in info.value.problems] == [
        ("areas[1]", "this area is already named at areas[0] (case aside)"),
        ("areas[2]", "an area must not be blank"),
    ]
    assert "areas" in json.dumps(plan_to_dict(plan))


def test_unknown_plan_rows_are_bounded() -> None:
    text = "plan,indicator,period,value\n" + "nowhere,msp-asked,2023/24,1\n" * 1000
    with pytest.raises(ObservationError) as info:
        loads_observations_by_plan(text, PLANS)
    assert len(info.value.problems) == 21
    assert info.value.problems[-1].message == "... and 980 more rows with the same problem"


def test_evaluate_many_is_evaluate_for_each_plan() -> None:
    text = (
        "plan,indicator,period,value,numerator,denominator\n"
        "stockport-2023-26,s42-non-conversion,2023/24,66,,\n"
        "another-2023-26,s42-non-conversion,2023/24,70,,\n"
        "another-2023-26,msp-asked,2023/24 Q4,,11,16\n"
    )
    data = loads_observations_by_plan(text, PLANS)
    reports = evaluate_many(PLANS, data, as_of=AS_OF)
    assert list(reports) == [p.id for p in PLANS]
    for plan in PLANS:
        alone = evaluate(plan, data[plan.id], as_of=AS_OF)
        assert reports[plan.id].to_dict() == alone.to_dict()


def test_evaluate_many_refuses_data_for_a_plan_it_was_not_given() -> None:
    with pytest.raises(ObservationError, match="no plan has this id; did you mean"):
        evaluate_many([STOCKPORT], {"stockport-2023-25": ()}, as_of=AS_OF)


ROWS = st.tuples(
    st.sampled_from(["stockport-2023-26", "another-2023-26"]),
    st.sampled_from(["s42-non-conversion", "msp-asked", "sar-referrals", "nope"]),
    st.sampled_from(["2023/24", "2023/24 Q1", "2023/24 Q2", "May 2023", "bad"]),
    st.sampled_from(["", "66", "c", "70%", "-3", "x1"]),
)


@given(st.lists(ROWS, max_size=12))
def test_reading_by_plan_agrees_with_reading_each_plans_rows_alone(rows: list) -> None:  # type: ignore[type-arg]
    text = "plan,indicator,period,value\n" + "".join(f"{','.join(r)}\n" for r in rows)
    try:
        together = loads_observations_by_plan(text, PLANS)
    except ObservationError:
        together = None
    alone = {}
    for plan in PLANS:
        mine = "".join(f"{','.join(r[1:])}\n" for r in rows if r[0] == plan.id)
        try:
            alone[plan.id] = loads_observations("indicator,period,value\n" + mine, plan)
        except ObservationError:
            alone = None
            break
    assert together == alone


# --------------------------------------------------------------------------- command line


def _dataset(folder):  # type: ignore[no-untyped-def]
    import json

    plans = folder / "plans"
    plans.mkdir()
    (plans / "another.json").write_text(json.dumps(plan_to_dict(OTHER)))
    (plans / "notes.txt").write_text("not a plan")
    data = folder / "national.csv"
    data.write_text(
        "plan,indicator,period,value\n"
        "stockport-2023-26,s42-non-conversion,2023/24,66\n"
        "another-2023-26,s42-non-conversion,2023/24,70\n"
    )
    return plans, data


def test_report_many_writes_one_report_per_plan(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from safeguarding_plan.cli import main

    plans, data = _dataset(tmp_path)
    out = tmp_path / "out"
    code = main([
        "report-many", "stockport-2023-26", str(plans), "--observations", str(data),
        "--as-of", "2024-06-30", "--output-dir", str(out), "--format", "json",
    ])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == [
        "another-2023-26.json",
        "stockport-2023-26.json",
    ]
    import json

    written = json.loads((out / "another-2023-26.json").read_text())
    expected = evaluate_many(
        [STOCKPORT, OTHER],
        loads_observations_by_plan(data.read_text(), [STOCKPORT, OTHER]),
        as_of=AS_OF,
    )["another-2023-26"]
    from safeguarding_plan.reports import render

    assert written == json.loads(render(expected, "json", observations=expected.observations))


def test_report_many_writes_one_combined_report(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from safeguarding_plan.cli import main

    plans, data = _dataset(tmp_path)
    args = ["report-many", "stockport-2023-26", str(plans), "--observations", str(data),
            "--as-of", "2024-06-30"]  # fmt: skip
    assert main([*args, "--output", "-"]) == 0
    text = capsys.readouterr().out
    assert text.count("\n---\n") == 1
    assert main([*args, "--output", "-", "--format", "html"]) == 2
    assert "give --output-dir" in capsys.readouterr().err
    assert main([*args, "--output", str(tmp_path / "all.json"), "--format", "json"]) == 0
    import json

    combined = json.loads((tmp_path / "all.json").read_text())
    assert list(combined["reports"]) == ["stockport-2023-26", "another-2023-26"]


def test_report_many_names_a_row_for_an_unknown_plan(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from safeguarding_plan.cli import main

    plans, data = _dataset(tmp_path)
    code = main(["report-many", str(plans), "--observations", str(data),
                 "--as-of", "2024-06-30", "--output", "-"])  # fmt: skip
    assert code == 1
    err = capsys.readouterr().err
    assert "line 2, column plan: no plan has this id" in err


def test_report_many_takes_the_format_from_the_output_suffix(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    """``--output all.json`` is JSON, never Markdown in a file named .json (the how-to's
    own command)."""
    import json

    from safeguarding_plan.cli import main

    plans, data = _dataset(tmp_path)
    args = ["report-many", "stockport-2023-26", str(plans), "--observations", str(data),
            "--as-of", "2024-06-30"]  # fmt: skip
    assert main([*args, "--output", str(tmp_path / "all.json")]) == 0
    assert "(json, 2 plans, as at 2024-06-30)" in capsys.readouterr().out
    combined = json.loads((tmp_path / "all.json").read_text())
    assert list(combined["reports"]) == ["stockport-2023-26", "another-2023-26"]
    assert main([*args, "--output", str(tmp_path / "all.md")]) == 0
    assert (tmp_path / "all.md").read_text().startswith("# Quarterly scrutiny report")
    capsys.readouterr()
    assert main([*args, "--output", str(tmp_path / "all.txt")]) == 2
    assert "cannot tell the report format" in capsys.readouterr().err
    assert main([*args, "--output", str(tmp_path / "all.md"), "--format", "json"]) == 2
    assert not (tmp_path / "all.txt").exists()
    assert main([*args, "--output", str(tmp_path / "all.html")]) == 2
    assert "give --output-dir" in capsys.readouterr().err


def test_report_many_tolerance_replaces_every_plans_own(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    """Against at most 64%, 66% misses by 2pp and 70% by 6pp: AMBER and RED within the
    default 5% (3.2pp); both RED with --tolerance 1pp, both AMBER with 10pp."""
    import json

    from safeguarding_plan.cli import main

    plans, data = _dataset(tmp_path)
    args = ["report-many", "stockport-2023-26", str(plans), "--observations", str(data),
            "--as-of", "2024-06-30", "--output", "-", "--format", "json"]  # fmt: skip

    def rags(extra: list[str]) -> list[str]:
        assert main([*args, *extra]) == 0
        reports = json.loads(capsys.readouterr().out)["reports"]
        return [
            next(r["rag"] for r in report["records"] if r["id"] == "s42-non-conversion-2023-24")
            for report in reports.values()
        ]

    assert rags([]) == ["amber", "red"]
    assert rags(["--tolerance", "1pp"]) == ["red", "red"]
    assert rags(["--tolerance", "10pp"]) == ["amber", "amber"]


def test_report_many_strict_refuses_an_implausible_value(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from safeguarding_plan.cli import main

    plans, data = _dataset(tmp_path)
    data.write_text(
        "plan,indicator,period,value\n"
        "stockport-2023-26,s42-non-conversion,2023/24 Q1,66\n"
        "stockport-2023-26,s42-non-conversion,2023/24 Q2,0.65\n"
        "another-2023-26,s42-non-conversion,2023/24,70\n"
    )
    out = tmp_path / "out"
    args = ["report-many", "stockport-2023-26", str(plans), "--observations", str(data),
            "--as-of", "2024-06-30", "--output-dir", str(out)]  # fmt: skip
    assert main([*args, "--strict"]) == 1
    err = capsys.readouterr().err
    assert "line 3" in err
    assert "refused by --strict" in err
    assert not out.exists() or not any(out.iterdir())
    assert main(args) == 0
    assert "0.65" in (out / "stockport-2023-26.md").read_text()


def test_report_many_charts_each_html_report(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("matplotlib")
    from safeguarding_plan.cli import main

    plans, data = _dataset(tmp_path)
    out = tmp_path / "out"
    code = main([
        "report-many", "stockport-2023-26", str(plans), "--observations", str(data),
        "--as-of", "2024-06-30", "--output-dir", str(out), "--format", "html", "--charts",
    ])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert "wrote 2 reports" in capsys.readouterr().out
    for name in ("stockport-2023-26.html", "another-2023-26.html"):
        assert "<figure" in (out / name).read_text()


def test_show_lists_a_plans_areas(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from safeguarding_plan import dump_plan
    from safeguarding_plan.cli import main

    path = tmp_path / "stockport.yaml"
    dump_plan(AREAS[0], path)
    assert main(["show", str(path)]) == 0
    assert "Areas: E08000007; 356; Stockport" in capsys.readouterr().out


def test_report_many_reads_an_area_column(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from safeguarding_plan import dump_plan
    from safeguarding_plan.cli import main

    plan = tmp_path / "stockport.yaml"
    dump_plan(AREAS[0], plan)
    data = tmp_path / "lait.csv"
    data.write_text("area,indicator,period,value\nE08000007,s42-non-conversion,2023/24,66\n")
    code = main(["report-many", str(plan), "--observations", str(data), "--as-of",
                 "2024-06-30", "--output", "-"])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert "66%" in capsys.readouterr().out
    data.write_text("area,indicator,period,value\nE08000070,s42-non-conversion,2023/24,66\n")
    code = main(["report-many", str(plan), "--observations", str(data), "--as-of",
                 "2024-06-30", "--output", "-"])  # fmt: skip
    assert code == 1
    assert "line 2, column area: no plan names this area" in capsys.readouterr().err


def test_what_the_markers_hide_is_read_for_many_plans_too() -> None:
    """A row's cell, else the file's comment, else the argument; else none."""
    text = (
        "plan,indicator,period,value,withheld\n"
        "stockport-2023-26,sar-referrals,2023/24 Q1,c,\n"
        "stockport-2023-26,sar-referrals,2023/24 Q2,c,nhs\n"
        "another-2023-26,sar-referrals,2023/24 Q1,c,\n"
    )

    def ranges(found: dict[str, tuple[object, ...]]) -> list[str | None]:
        return [
            None if o.withheld is None else str(o.withheld)  # type: ignore[attr-defined]
            for key in ("stockport-2023-26", "another-2023-26")
            for o in found[key]
        ]

    assert ranges(loads_observations_by_plan(text, PLANS)) == [None, "nhs", None]
    assert ranges(loads_observations_by_plan(text, PLANS, withheld="dfe")) == [
        "dfe", "nhs", "dfe"
    ]  # fmt: skip
    commented = "# withheld: 1-9\n" + text
    assert ranges(loads_observations_by_plan(commented, PLANS, withheld="dfe")) == [
        "1-9", "nhs", "1-9"
    ]  # fmt: skip
    with pytest.raises(ObservationError, match="withheld"):
        loads_observations_by_plan(text, PLANS, withheld="5-1")


def test_report_many_withheld_judges_a_withheld_count_at_both_ends(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    """SAR referrals: 8 in 2022/23, so at least 10 in 2023/24; quarters 2, 3, c, 4. With
    --withheld dfe the year is 10 to 14: MET at both ends; without, SUPPRESSED."""
    import json

    from safeguarding_plan.cli import main

    _, data = _dataset(tmp_path)
    data.write_text(
        "plan,indicator,period,value\n"
        "stockport-2023-26,sar-referrals,2022/23,8\n"
        "stockport-2023-26,sar-referrals,2023/24 Q1,2\n"
        "stockport-2023-26,sar-referrals,2023/24 Q2,3\n"
        "stockport-2023-26,sar-referrals,2023/24 Q3,c\n"
        "stockport-2023-26,sar-referrals,2023/24 Q4,4\n"
    )
    args = ["report-many", "stockport-2023-26", "--observations", str(data),
            "--as-of", "2024-06-30", "--output", "-", "--format", "json"]  # fmt: skip

    def judged(extra: list[str]) -> tuple[str, object]:
        assert main([*args, *extra]) == 0, capsys.readouterr().err
        report = json.loads(capsys.readouterr().out)["reports"]["stockport-2023-26"]
        (record,) = [r for r in report["records"] if r["id"] == "sar-referrals-2023-24"]
        return record["status"], (record["actual_low"], record["actual_high"])

    assert judged(["--withheld", "dfe"]) == ("met", (10.0, 14.0))
    assert judged([]) == ("suppressed", (None, None))


# --------------------------------------------------------------------------- frames


def test_a_frame_of_many_plans_reads_as_the_csv_text_does() -> None:
    pd = pytest.importorskip("pandas")
    from safeguarding_plan import observations_by_plan_from_dataframe

    text = (
        "plan,indicator,period,value,numerator,denominator\n"
        "stockport-2023-26,s42-non-conversion,2023/24,66,,\n"
        "another-2023-26,s42-non-conversion,2023/24,70,,\n"
        "stockport-2023-26,msp-asked,2023/24 Q4,,11,16\n"
    )
    import io

    frame = pd.read_csv(io.StringIO(text))
    assert observations_by_plan_from_dataframe(frame, PLANS) == loads_observations_by_plan(
        text, PLANS
    )
    by_area = frame.rename(columns={"plan": "area"}).replace(
        {"stockport-2023-26": "e08000007", "another-2023-26": "E99999999"}
    )
    assert observations_by_plan_from_dataframe(by_area, AREAS) == loads_observations_by_plan(
        text, PLANS
    )


def test_a_frame_of_many_plans_locates_each_problem_by_its_index() -> None:
    pd = pytest.importorskip("pandas")
    from safeguarding_plan import observations_by_plan_from_dataframe

    frame = pd.DataFrame(
        {
            "plan": ["stockport-2023-26", "nowhere", None, "another-2023-26"],
            "indicator": ["s42-non-conversion", "msp-asked", "msp-asked", "no-such"],
            "period": ["2023/24", "2023/24", "2023/24", "2023/24"],
            "value": [66.0, 1.0, 1.0, 2.0],
        },
        index=[10, 11, 12, 13],
    )
    with pytest.raises(ObservationError) as info:
        observations_by_plan_from_dataframe(frame, PLANS, name="national")
    shown = [(p.location, p.message.split(";")[0]) for p in info.value.problems]
    assert shown == [
        ("national, row 11, column plan", "no plan has this id"),
        ("national, row 12, column plan", "a plan id is required"),
        ("national, row 13, column indicator", "no indicator has this id"),
    ]
    assert info.value.total == 3
    with pytest.raises(ObservationError, match=r"'plan' .* or 'area' .* is missing"):
        observations_by_plan_from_dataframe(frame.drop(columns="plan"), PLANS)
    with pytest.raises(InvalidValueError, match="two plans have the same id"):
        observations_by_plan_from_dataframe(frame, [STOCKPORT, STOCKPORT])


def test_a_frame_of_many_plans_lists_so_many_problems_of_a_kind_in_all() -> None:
    """The bound on problems of one kind holds across the frame, not plan by plan:
    30 bad periods in each of two plans list 20, then count the other 40."""
    pd = pytest.importorskip("pandas")
    from safeguarding_plan import observations_by_plan_from_dataframe

    limit = _reading.MAX_PROBLEMS_PER_KIND
    each = 30
    frame = pd.DataFrame(
        {
            "plan": ["stockport-2023-26"] * each + ["another-2023-26"] * each,
            "indicator": ["msp-asked"] * (2 * each),
            "period": [f"bad {n}" for n in range(2 * each)],
            "value": [70.0] * (2 * each),
        }
    )
    with pytest.raises(ObservationError) as info:
        observations_by_plan_from_dataframe(frame, PLANS, name="national", withheld="nonsense")
    problems = info.value.problems
    assert info.value.total == 2 * each + 1  # every problem counted, listed or not
    withheld = [p for p in problems if p.location == "national, column withheld"]
    assert len(withheld) == 1  # the argument is wrong once, not once a plan
    periods = [p for p in problems if p.location.endswith("column period")]
    assert len(periods) == limit + 1
    assert periods[0].location == "national, row 0, column period"
    assert periods[limit - 1].location == f"national, row {limit - 1}, column period"
    assert periods[-1].message == (
        f"... and {2 * each - limit} more rows with the same problem"
    )


def test_many_reports_as_one_frame() -> None:
    pytest.importorskip("pandas")
    from safeguarding_plan import reports_to_dataframe

    data = loads_observations_by_plan(
        "plan,indicator,period,value\n"
        "stockport-2023-26,s42-non-conversion,2023/24,66\n"
        "another-2023-26,s42-non-conversion,2023/24,70\n",
        PLANS,
    )
    reports = evaluate_many(PLANS, data, as_of=AS_OF)
    frame = reports_to_dataframe(reports)
    assert list(frame.columns)[:3] == ["plan", "kind", "id"]
    assert len(frame) == sum(len(r.to_records()) for r in reports.values())
    s42 = frame[frame["id"] == "s42-non-conversion-2023-24"]
    assert s42[["plan", "rag", "actual"]].to_records(index=False).tolist() == [
        ("stockport-2023-26", "amber", 66.0),
        ("another-2023-26", "red", 70.0),
    ]
    def plain(value: object) -> object:
        return None if isinstance(value, float) and math.isnan(value) else value

    for plan_id, report in reports.items():
        mine = frame[frame["plan"] == plan_id].drop(columns="plan").to_dict(orient="records")
        assert [{k: plain(v) for k, v in row.items()} for row in mine] == report.to_records()
    assert list(reports_to_dataframe({}).columns) == ["plan"]


def test_repeated_partnerships_comparators_and_areas_are_located() -> None:
    from safeguarding_plan import PlanFileError

    data = plan_to_dict(STOCKPORT)
    data["partnerships"] = [*data["partnerships"], {"id": "adults", "label": "Adults again"}]
    data["comparators"] = [*data["comparators"], {"id": "england", "label": "England again"}]
    data["areas"] = ["E08000007", "", "e08000007"]
    with pytest.raises(PlanFileError) as info:
        plan_from_dict(data)
    assert [(p.location, p.message, p.value) for p in info.value.problems] == [
        ("partnerships[3].id", "partnership id is already used at partnerships[2]", "adults"),
        ("areas[1]", "an area must not be blank", ""),
        ("areas[2]", "this area is already named at areas[0] (case aside)", "e08000007"),
        ("comparators[3].id", "comparator id is already used at comparators[0]", "england"),
    ]


def test_a_frame_with_its_plan_column_twice_is_refused() -> None:
    """Never the first of two plan columns silently: the frame is refused, naming it."""
    pd = pytest.importorskip("pandas")
    from safeguarding_plan import observations_by_plan_from_dataframe

    frame = pd.DataFrame(
        [["stockport-2023-26", "sar-referrals", "2023/24", 3, "another-2023-26"]],
        columns=["plan", "indicator", "period", "value", "plan"],
    )
    with pytest.raises(ObservationError) as info:
        observations_by_plan_from_dataframe(frame, PLANS, name="national")
    assert [(p.location, p.message) for p in info.value.problems] == [
        ("national, column plan", "the column appears twice; give each column once")
    ]


def test_a_bad_withheld_comment_in_a_file_of_many_plans_is_located() -> None:
    text = (
        "# withheld: 9-1\n"
        "plan,indicator,period,value\n"
        "stockport-2023-26,sar-referrals,2023/24,c\n"
    )
    with pytest.raises(ObservationError) as info:
        loads_observations_by_plan(text, PLANS, name="national.csv")
    assert [(p.location, p.value) for p in info.value.problems] == [
        ("national.csv, line 1, column withheld", "9-1")
    ]
