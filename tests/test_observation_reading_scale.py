"""Reading large observation files: the quick way agrees with the careful way, problems are bounded.

The CSV reader has a quick way for plain rows (ids, periods and figures looked up once per
file, observations built from checked figures) and reads any other row in full. These
tests hold the two to the same answers on rows of every kind, good and bad, and check
that a file with very many problems gives a short message.
"""

from __future__ import annotations

import copy
import datetime as dt
import pathlib
import pickle
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeguarding_plan import ObservationError, _reading, parse_period
from safeguarding_plan import observation_files as files
from safeguarding_plan.observation_files import load_observations, loads_observations
from safeguarding_plan.plans import stockport_2023_26

PLAN = stockport_2023_26()

CELLS = {
    "indicator": ["s42-non-conversion", "msp-asked", " msp-asked ", "sar-referrals", "msp-askd",
                  "", "  "],
    "period": ["2023/24", "2023/24 Q1", "2023/24 Q2", "Q3 2023/24", "May 2023", "2024-05",
               "2011-12", "2030/31", "bad", "", " 2023/24 ", "sept 2023"],
    "value": ["", "66", "64%", "75.5", " 80 ", "c", "[x]", "C", "1,234", "1e5", "-5", "101",
              "abc", "0.64", "70", "68.8", "68.75", "99999999999999999999", "3 %", "%"],
    "numerator": ["", "11", "45", "-1", "1.5", "x", "16"],
    "denominator": ["", "16", "60", "0", "10", " 16"],
    "unit": ["", "percent", "dimensionless", "count", "kg", " percent "],
    "source": ["", "MSP audit", "a\x01b", "case #1", " spaced "],
    "note": ["", "withheld", "a\x01b", "x"],
    "comment": ["", "anything"],
    "comparator": ["", "", "england", " england ", "north-west", "englund", "England"],
    "withheld": ["", "dfe", "1-5", "bad"],
    "commentary": ["", "", "we are on it", "  ", "a\x01b"],
    "corrective_action": ["", "", "audit", " \t"],
    "action_owner": ["", "", "QA sub-group"],
    "action_due": ["", "", "2024-06-30", "soon", " "],
}  # fmt: skip
OPTIONAL = ["value", "numerator", "denominator", "unit", "source", "note", "comment",
            "comparator", "withheld", "commentary", "corrective_action", "action_owner",
            "action_due"]  # fmt: skip


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    """CSV texts of observations: any columns, rows good and bad, blank and comment lines."""
    columns = ["indicator", "period"]
    columns += draw(st.lists(st.sampled_from(OPTIONAL), unique=True, max_size=len(OPTIONAL)))
    columns = draw(st.permutations(columns))
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    lines = [",".join(columns)]
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.integers(0, 20))
        if kind == 0:
            lines.append(draw(st.sampled_from(["", "  ", "# a comment", " \t"])))
        elif kind == 1:
            lines.append("msp-asked,2023/24")  # too few cells, unless two columns
        else:
            cells = [draw(st.sampled_from(CELLS[c])) for c in columns]
            if kind == 2:
                cells[0] = f'"{cells[0]}"'
            lines.append(",".join(cells))
    directive = draw(st.sampled_from(["", "", "# withheld: dfe" + end, "# withheld: 1-9" + end]))
    return directive + end.join(lines) + draw(st.sampled_from(["", end]))


def read(text: str, name: str = "data.csv") -> tuple[str, object]:
    try:
        found = loads_observations(text, PLAN, name=name)
    except ObservationError as exc:
        return "error", str(exc)
    # where each came from and what a marker hides are kept too (location is not compared)
    return "ok", [(o, o.location, o.withheld) for o in found]


@contextmanager
def careful_way() -> Iterator[None]:
    """Read every text line by line and every row in full (the quick way switched off)."""
    with (
        mock.patch.object(files, "_QUICK_COLUMNS", frozenset()),
        mock.patch.object(files, "_UNPLAIN_RE", re.compile("")),
    ):
        yield


@given(csv_texts())
def test_the_quick_way_agrees_with_the_careful_way(text: str) -> None:
    quick = read(text)
    with careful_way():
        careful = read(text)
    assert quick == careful


REMARKS = ["commentary", "corrective_action", "action_owner", "action_due"]


@given(
    st.lists(st.sampled_from(REMARKS), min_size=1, unique=True),
    st.lists(st.integers(0, 2**16), min_size=1, max_size=8),
    st.data(),
)
def test_a_plain_file_with_remark_columns_reads_as_the_careful_way(
    remarks: list[str], seeds: list[int], data: st.DataObject
) -> None:
    """Plain rows whose remark cells are blank take the quick way; a row with a remark
    is read in full: both as the careful way reads them."""
    header = ["indicator", "period", "value", *remarks]
    lines = [",".join(header)]
    for number, seed in enumerate(seeds):
        year = 2022 + number // 4
        period = f"{year}/{(year + 1) % 100} Q{number % 4 + 1}"  # 2022/23 Q1 onwards
        cells = ["msp-asked", period, str(seed % 101)]
        cells += [data.draw(st.sampled_from(CELLS[column])) for column in remarks]
        lines.append(",".join(cells))
    text = "\n".join(lines) + "\n"
    quick = read(text)
    with careful_way():
        assert quick == read(text)


def test_a_remark_on_one_row_is_kept_and_the_blank_ones_read_as_absent() -> None:
    text = (
        "indicator,period,value,commentary,action_due\n"
        "msp-asked,2023/24 Q1,70,,\n"
        "msp-asked,2023/24 Q2,72,on track after the audit,2024-06-30\n"
        "msp-asked,2023/24 Q3,74,  ,\n"
    )
    first, second, third = loads_observations(text, PLAN, name="q.csv")
    assert (first.commentary, first.action_due, third.commentary) == (None, None, None)
    assert second.commentary == "on track after the audit"
    assert second.action_due == dt.date(2024, 6, 30)
    assert [o.location for o in (first, second, third)] == [
        "q.csv, line 2", "q.csv, line 3", "q.csv, line 4"
    ]


@given(csv_texts(), st.sampled_from(["", "\ufeff", "\ufeff\ufeff"]))
def test_a_file_streamed_reads_as_its_text_does(text: str, bom: str) -> None:
    """A plain file is streamed (never held whole); every file reads as its text does."""
    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/data.csv"
        pathlib.Path(path).write_bytes((bom + text).encode())
        try:
            found = load_observations(path, PLAN)
        except ObservationError as exc:
            streamed: tuple[str, object] = ("error", str(exc))
        else:
            streamed = ("ok", [(o, o.location, o.withheld) for o in found])
        assert streamed == read(_reading.strip_bom(bom + text), name=path)


@given(csv_texts(), st.data())
def test_a_file_of_many_plans_streamed_reads_as_its_text_does(
    text: str, data: st.DataObject
) -> None:
    from safeguarding_plan import (
        load_observations_by_plan,
        loads_observations_by_plan,
        plan_from_dict,
        plan_to_dict,
    )

    plans = [PLAN, plan_from_dict({**plan_to_dict(PLAN), "id": "another"})]
    lines, header = [], False  # a plan column before the others, a plan id in each row
    for original in text.splitlines(keepends=True):
        line = original
        if not header and line.strip() and not line.startswith("#"):
            line, header = "plan," + line, True
        elif header and line.strip():
            plan = data.draw(st.sampled_from(["stockport-2023-26", "another", "nope", ""]))
            line = f"{plan},{line}"
        lines.append(line)
    text = "".join(lines)

    def outcome(read):  # type: ignore[no-untyped-def]
        try:
            found = read()
        except ObservationError as exc:
            return "error", str(exc)
        return "ok", {k: [(o, o.location, o.withheld) for o in v] for k, v in found.items()}

    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "all.csv"
        path.write_bytes(text.encode())
        streamed = outcome(lambda: load_observations_by_plan(path, iter(plans)))
        whole = outcome(lambda: loads_observations_by_plan(text, plans, name=str(path)))
    assert streamed == whole


def test_a_plain_file_is_streamed_and_any_other_is_read_whole(tmp_path) -> None:  # type: ignore[no-untyped-def]
    plain = tmp_path / "plain.csv"
    plain.write_text("indicator,period,value\nmsp-asked,2023/24 Q1,70\n")
    quoted = tmp_path / "quoted.csv"
    quoted.write_text('indicator,period,value\n"msp-asked",2023/24 Q1,70\n')
    with mock.patch.object(files, "_read_text", side_effect=AssertionError("read whole")):
        assert [o.location for o in load_observations(plain, PLAN)] == [f"{plain}, line 2"]
        from safeguarding_plan import load_observations_by_plan

        many = tmp_path / "many.csv"
        many.write_text("plan,indicator,period,value\nstockport-2023-26,msp-asked,2023/24,70\n")
        found = load_observations_by_plan(many, [PLAN])
        assert [o.location for o in found[PLAN.id]] == [f"{many}, line 2"]
        with pytest.raises(AssertionError, match="read whole"):
            load_observations(quoted, PLAN)
    assert [o.location for o in load_observations(quoted, PLAN)] == [f"{quoted}, line 2"]
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"indicator,period,value\nmsp-asked,2023/24 Q1,7\xff\n")
    with pytest.raises(ObservationError, match="line 2: the file is not UTF-8 text: byte 45 "):
        load_observations(broken, PLAN)


def test_a_file_that_changes_after_its_scan_is_read_whole(tmp_path) -> None:  # type: ignore[no-untyped-def]
    quoted = tmp_path / "quoted.csv"  # a cell over two lines: the quick way would miscount
    quoted.write_text('indicator,period,value,note\nmsp-asked,2023/24 Q1,70,"two\nlines"\n'
                      "msp-asked,2023/24 Q2,71,\n")  # fmt: skip
    with mock.patch.object(files, "_plain_bytes", return_value=True):  # as if plain when scanned
        found = load_observations(quoted, PLAN)
    assert [(o.note, o.location) for o in found] == [
        ("two\nlines", f"{quoted}, line 2"), (None, f"{quoted}, line 4")
    ]


def test_a_location_kept_as_a_line_reads_as_text_wherever_it_goes() -> None:
    from safeguarding_plan import Observation

    read_one = loads_observations("indicator,period,value\nmsp-asked,2023/24 Q1,70\n", PLAN,
                                  name="q.csv")[0]  # fmt: skip
    assert read_one.location == "q.csv, line 2"
    copies = [
        pickle.loads(pickle.dumps(read_one)),  # noqa: S301 - our own object
        copy.copy(read_one),
        copy.deepcopy(read_one),
        attrs.evolve(read_one, value=71.0),
        Observation(**attrs.asdict(read_one, recurse=False)),
    ]
    assert [c.location for c in copies] == ["q.csv, line 2"] * len(copies)
    assert attrs.evolve(read_one, location="elsewhere").location == "elsewhere"
    assert attrs.asdict(read_one)["location"] == "q.csv, line 2"
    assert copies[-1] == read_one == attrs.evolve(read_one, location=None)  # not its identity
    assert "location" not in repr(read_one)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        read_one.location = "changed"  # type: ignore[misc]
    built = Observation(indicator="msp-asked", period="2023/24 Q1", value=70, location="a.csv")
    assert built.location == "a.csv"
    assert Observation(indicator="x", period="2024", value=1).location is None
    unnamed = loads_observations("indicator,period,value\nmsp-asked,2023/24 Q1,70\n", PLAN)
    assert unnamed[0].location == "line 2"


def test_a_frame_row_is_located_by_its_label() -> None:
    import pandas as pd

    from safeguarding_plan.observation_files import observations_from_dataframe

    data = {"indicator": ["msp-asked"] * 2, "period": ["2023/24 Q1", "2023/24 Q2"],
            "value": [70.0, 71.0]}  # fmt: skip
    counted = observations_from_dataframe(pd.DataFrame(data), PLAN)
    named = observations_from_dataframe(pd.DataFrame(data, index=["a", "b"]), PLAN, name="f")
    shifted = observations_from_dataframe(pd.DataFrame(data, index=[5, 6]), PLAN)
    assert [o.location for o in counted] == ["DataFrame, row 0", "DataFrame, row 1"]
    assert [o.location for o in named] == ["f, row a", "f, row b"]
    assert [o.location for o in shifted] == ["DataFrame, row 5", "DataFrame, row 6"]


@given(csv_texts())
def test_every_observation_read_quickly_equals_one_built_with_every_check(text: str) -> None:
    outcome, found = read(text)
    if outcome == "ok":
        for observation, _, _ in found:  # type: ignore[attr-defined]
            fields = attrs.asdict(observation, recurse=False)
            rebuilt = type(observation)(**fields)  # every check made again
            assert rebuilt == observation
            assert rebuilt.location == observation.location
            assert isinstance(observation.value, float | None)


def test_a_million_duplicates_make_a_short_message() -> None:
    rows = "".join("msp-asked,2023/24 Q1,70\n" for _ in range(20_000))
    with pytest.raises(ObservationError) as info:
        loads_observations("indicator,period,value\n" + rows, PLAN, name="big.csv")
    problems = info.value.problems
    limit = _reading.MAX_PROBLEMS_PER_KIND
    assert len(problems) == limit + 1
    assert problems[0].location == "big.csv, line 3, column period"
    assert problems[0].message == (
        "duplicate: msp-asked already has a value for 2023/24 Q1 at line 2"
    )
    assert problems[-1].location == "big.csv, column period"
    assert problems[-1].message == (
        f"... and {20_000 - 1 - limit:,} more rows with the same problem"
    )
    assert len(str(info.value)) < 5_000
    assert info.value.total == 20_000 - 1
    assert str(info.value).startswith("big.csv: 19,999 problems\n")
    again = pickle.loads(pickle.dumps(info.value))  # noqa: S301 - our own error
    assert (again.total, again.problems, str(again)) == (
        info.value.total, info.value.problems, str(info.value)
    )


def test_each_kind_of_problem_is_bounded_and_counted_where_it_stops() -> None:
    bad_periods = "".join(f"msp-asked,bad {n},70\n" for n in range(30))
    unknown = "".join(f"msp-ask{n},2023/24,70\n" for n in range(25))
    text = "indicator,period,value\n" + bad_periods + unknown
    with pytest.raises(ObservationError) as info:
        loads_observations(text, PLAN, name="q.csv")
    messages = [p.message for p in info.value.problems]
    limit = _reading.MAX_PROBLEMS_PER_KIND
    assert messages[limit] == f"... and {30 - limit} more rows with the same problem"
    assert messages[-1] == f"... and {25 - limit} more rows with the same problem"
    assert len(messages) == 2 * limit + 2
    assert info.value.total == 30 + 25  # every problem counted, listed or not
    assert str(info.value).startswith("q.csv: 55 problems\n")


def test_a_duplicate_of_a_row_read_quickly_names_its_line() -> None:
    text = "indicator,period,value\nmsp-asked,2023/24 Q1,70\nsar-referrals,2023/24,4\n"
    text += "sar-referrals,2023/24,5\nmsp-asked,2023/24 Q1,71\n"
    with pytest.raises(ObservationError) as info:
        loads_observations(text, PLAN)
    assert [p.message for p in info.value.problems] == [
        "duplicate: sar-referrals already has a value for 2023/24 at line 3",
        "duplicate: msp-asked already has a value for 2023/24 Q1 at line 2",
    ]


def test_a_csv_file_may_be_larger_than_a_plan_file(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(_reading, "MAX_FILE_BYTES", 60)
    text = "indicator,period,value\n" + "".join(
        f"sar-referrals,2023/24 Q{q},{q}\n" for q in (1, 2, 3, 4)
    )
    path = tmp_path / "data.csv"
    path.write_text(text)
    assert len(load_observations(path, PLAN)) == 4
    json_path = tmp_path / "data.json"
    json_path.write_text('{"observations": [' + " " * 60 + "]}")
    with pytest.raises(ObservationError, match="larger than the limit of 60 bytes"):
        load_observations(json_path, PLAN)
    monkeypatch.setattr(_reading, "MAX_DATA_FILE_BYTES", 60)
    with pytest.raises(ObservationError, match="larger than the limit of 60 bytes"):
        load_observations(path, PLAN)


def test_a_period_label_is_parsed_once_and_shared() -> None:
    assert parse_period("2023/24 Q2") is parse_period("2023/24 Q2")
    assert hash(parse_period("2023/24 Q2")) == hash(parse_period("Q2 2023/24"))


# --------------------------------------------------------------------------- DataFrames

FRAME_CELLS = {
    "indicator": ["s42-non-conversion", "msp-asked", "sar-referrals", "msp-askd", None,
                  float("nan"), 7],
    "period": ["2023/24", "2023/24 Q1", "May 2023", "bad", None, 2024,
               parse_period("2023/24 Q2")],
    "value": [66.0, 64.5, float("nan"), -5.0, 1e-05, 1e16, 101.0, 66, "64%", "c", "abc",
              None, True, 68.8, 70],
    "numerator": [float("nan"), 11.0, 11, 45, -1.0, 1.5, None, "x"],
    "denominator": [float("nan"), 16.0, 16, 60, 0, None],
    "unit": [None, "percent", "dimensionless", "kg", float("nan")],
    "source": [None, "MSP audit", "a\x01b", float("nan")],
    "note": [None, "withheld", ["a", "list"]],
    "comment": [None, "x"],
    "comparator": [None, "england", "englund", float("nan")],
    "withheld": [None, "dfe", "bad"],
    "commentary": [None, None, "we are on it", float("nan"), "  ", 3],
    "corrective_action": [None, None, "audit", float("nan")],
    "action_owner": [None, "QA sub-group", float("nan")],
    "action_due": [None, None, "2024-06-30", "soon", float("nan"), dt.date(2024, 6, 30)],
}  # fmt: skip


@st.composite
def frames(draw: st.DrawFn):  # type: ignore[no-untyped-def]
    import pandas as pd

    columns = ["indicator", "period"]
    columns += draw(st.lists(st.sampled_from(OPTIONAL), unique=True, max_size=len(OPTIONAL)))
    columns = draw(st.permutations(columns))
    size = draw(st.integers(0, 10))
    data = {c: [draw(st.sampled_from(FRAME_CELLS[c])) for _ in range(size)] for c in columns}
    indexes = [None, [f"r{n}" for n in range(size)], pd.RangeIndex(1, size + 1),
               pd.RangeIndex(0, 2 * size, 2)]  # fmt: skip
    index = draw(st.sampled_from(indexes))
    return pd.DataFrame(data, index=index, dtype=object if draw(st.booleans()) else None)


@given(frames())
def test_a_frame_is_read_as_its_records_are(frame) -> None:  # type: ignore[no-untyped-def]
    from safeguarding_plan.observation_files import (
        observations_from_dataframe,
        observations_from_records,
    )

    labels = list(frame.index)

    def outcome(read):  # type: ignore[no-untyped-def]
        try:
            return "ok", [(o, o.location, o.withheld) for o in read()]
        except ObservationError as exc:
            return "error", str(exc)

    quick = outcome(lambda: observations_from_dataframe(frame, PLAN))
    records = frame.to_dict(orient="records")
    general = outcome(
        lambda: observations_from_records(
            records, PLAN, name="DataFrame", where=lambda i: f"row {labels[i]}"
        )
    )
    assert quick == general


def test_a_marker_that_looks_like_a_number_is_still_a_marker() -> None:
    text = "indicator,period,value\nsar-referrals,2023/24 Q1,4\nsar-referrals,2023/24 Q2,0\n"
    quick = loads_observations(text, PLAN, markers=("0", "c"))
    with careful_way():
        careful = loads_observations(text, PLAN, markers=("0", "c"))
    assert quick == careful
    assert [(o.value, o.suppressed) for o in quick] == [(4.0, None), (None, "0")]


def test_the_fields_the_quick_way_leaves_have_plain_defaults() -> None:
    from safeguarding_plan.observations import _OTHER_FIELDS

    for _, default in _OTHER_FIELDS:
        assert default is None


@given(st.lists(st.sampled_from([b"a", b"b", b"\n", b"\r"]), max_size=60), st.integers(1, 12))
def test_the_scan_for_long_lines_measures_as_splitting_does(
    parts: list[bytes], longest: int
) -> None:
    piece = b"".join(parts)
    by_splitting = max(map(len, piece.split(b"\n"))) + 1 <= longest
    assert files._lines_within(piece, longest) == by_splitting
