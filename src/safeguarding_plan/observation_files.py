r"""Observation files: what the partnership records each quarter, read from CSV and JSON.

Three kinds of record are read, each checked against a :class:`~safeguarding_plan.Plan`:

* **observations**, long format, one row per indicator and period, with the columns
  ``indicator``, ``period``, ``value``, ``numerator``, ``denominator``, ``unit``,
  ``source``, ``note`` and ``comparator`` (only ``indicator`` and ``period`` are
  required as columns; a ``comparator`` cell names a comparator the plan declares,
  blank for the partnership itself);
* **action updates**, with the columns ``action``, ``date``, ``state`` and ``note``;
* **assessments** of qualitative outcomes, with the columns ``outcome``, ``date``,
  ``judgement``, ``evidence`` and ``note``.

A CSV file holds one kind, told by its header (a column ``indicator``, ``action`` or
``outcome``). The whole text is parsed as CSV by the ``csv`` module: a line starting
with ``#`` is a comment and a blank line is ignored only *between* records (a ``#`` line
inside a quoted multi-line cell is part of the cell); only ``\n``, ``\r\n`` and ``\r``
end a line. Every row has exactly one cell per column of the header, and a column may
appear only once. A JSON file is an object with any of the arrays
``observations``, ``action_updates`` and ``assessments``; its JSON Schema is
:func:`observations_schema`.

The ``value`` cell holds a number in the indicator's unit (``64`` or ``64%`` for a
percentage), or a suppression marker (``c``, ``x``, ``*``, ``[c]``, ``[x]`` by default)
for a value withheld for disclosure control. A ``unit`` cell, when given, must fit the
indicator's unit, and the value is converted to it (``0.64`` with unit ``dimensionless``
is 64%).

Nothing is skipped silently. Every problem in a file is collected and reported together
in one :class:`~safeguarding_plan.ObservationError`, one :class:`~safeguarding_plan.Problem`
per problem, each naming the file, line and column: an unknown id (with the nearest known
id suggested), an unparseable period or date, a wrong unit, a duplicate indicator and
period, a percentage outside 0-100, a numerator above its denominator, an unknown column.

Example:
    >>> from safeguarding_plan.plans import stockport_2023_26
    >>> from safeguarding_plan.observation_files import loads_observations
    >>> text = '''indicator,period,value,numerator,denominator,source,note
    ... msp-asked,2023/24 Q1,,45,60,MSP audit,
    ... s42-non-conversion,2023/24 Q1,[c],,,,withheld: small numbers
    ... '''
    >>> [(str(o.period), o.value, o.suppressed)
    ...  for o in loads_observations(text, stockport_2023_26())]
    [('2023/24 Q1', 75.0, None), ('2023/24 Q1', None, '[c]')]
    >>> loads_observations("indicator,period,value\nmsp-askd,2023/24,80\n",
    ...                    stockport_2023_26(), name="q1.csv")
    Traceback (most recent call last):
    ...
    safeguarding_plan.errors.ObservationError: q1.csv: 1 problem
      - q1.csv, line 2, column indicator: no indicator has this id; did you mean 'msp-asked'? ...
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.resources
import io
import json
import math
import pathlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal

import attrs

from safeguarding_plan import _reading, _units
from safeguarding_plan.errors import (
    InvalidValueError,
    ObservationError,
    PeriodError,
    Problem,
    SafeguardingPlanError,
    UnitError,
    UnknownIdError,
    did_you_mean,
    shown,
)
from safeguarding_plan.model import Indicator, Plan, _refused_character
from safeguarding_plan.observations import (
    DEFAULT_SUPPRESSION_MARKERS,
    ActionUpdate,
    Assessment,
    Judgement,
    Observation,
    UpdateState,
    WithheldRange,
    check_observation,
    observation_problems,
)
from safeguarding_plan.periods import Period, parse_period

__all__ = [
    "ASSESSMENT_COLUMNS",
    "COMMENTARY_COLUMNS",
    "OBSERVATION_COLUMNS",
    "UPDATE_COLUMNS",
    "Kind",
    "ProgressData",
    "file_kind",
    "load_action_updates",
    "load_assessments",
    "load_observations",
    "load_progress",
    "loads_observations",
    "loads_progress",
    "observations_from_dataframe",
    "observations_from_records",
    "observations_schema",
]

Kind = Literal["observations", "action_updates", "assessments"]
"""The kind of records a file holds."""

COMMENTARY_COLUMNS: tuple[str, ...] = ("commentary", "corrective_action", "action_owner")
"""Optional text columns of an observations file: the owner's account of the figure."""

OBSERVATION_COLUMNS: tuple[str, ...] = (
    "indicator",
    "period",
    "value",
    "numerator",
    "denominator",
    "unit",
    "source",
    "note",
    "withheld",
    *COMMENTARY_COLUMNS,
    "action_due",
    "comparator",
)
"""The columns of an observations file; ``indicator`` and ``period`` are required.

``comparator``, when given, is the id of a comparator the plan declares (``england``):
the row is that comparator's value, never the partnership's own. Blank: the partnership.
"""

UPDATE_COLUMNS: tuple[str, ...] = ("action", "date", "state", "note", "evidence")
"""The columns of an action updates file; all but ``note`` are required."""

ASSESSMENT_COLUMNS: tuple[str, ...] = ("outcome", "date", "judgement", "evidence", "note")
"""The columns of an assessments file; ``outcome``, ``date`` and ``judgement`` are required."""

_REQUIRED: dict[Kind, tuple[str, ...]] = {
    "observations": ("indicator", "period"),
    "action_updates": ("action", "date", "state"),
    "assessments": ("outcome", "date", "judgement"),
}
_COLUMNS: dict[Kind, tuple[str, ...]] = {
    "observations": OBSERVATION_COLUMNS,
    "action_updates": UPDATE_COLUMNS,
    "assessments": ASSESSMENT_COLUMNS,
}
_ALIASES = {"on": "date"}
_KINDS: tuple[Kind, ...] = ("observations", "action_updates", "assessments")


@attrs.frozen(kw_only=True)
class ProgressData:
    """Everything recorded about progress: observations, action updates and assessments.

    Attributes:
        observations: Values of indicators for periods.
        action_updates: Dated states of actions.
        assessments: Dated judgements of qualitative outcomes.

    Example:
        >>> from safeguarding_plan import ProgressData
        >>> from safeguarding_plan.observation_files import loads_progress
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> text = '''{"action_updates": [
        ...   {"action": "maars-audit", "date": "2024-06-01", "state": "in progress"}]}'''
        >>> progress = loads_progress(text, stockport_2023_26(), format="json")
        >>> isinstance(progress, ProgressData), progress.observations
        (True, ())
        >>> progress.action_updates[0].state
        <UpdateState.IN_PROGRESS: 'in_progress'>
    """

    observations: tuple[Observation, ...] = ()
    action_updates: tuple[ActionUpdate, ...] = ()
    assessments: tuple[Assessment, ...] = ()


# --------------------------------------------------------------------------- cells


_Row = tuple[str, Mapping[str, object]]
"""Where a row is (``line 7``) and its cells by column name."""


class _Rows:
    """Collects problems for rows of one file, each located by file, row and column."""

    def __init__(self, name: str | None) -> None:
        self.name = name
        self.problems: list[Problem] = []

    def add(self, where: str, column: str | None, message: str, value: object = None) -> None:
        parts = [p for p in (self.name, where) if p]
        if column:
            parts.append(f"column {column}")
        self.problems.append(
            Problem(location=", ".join(parts), message=message, value=value)
        )


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _text(value: object) -> str | None:
    if _blank(value):
        return None
    return str(value).strip()


def _free_text(rows: _Rows, where: str, cells: Mapping[str, object], column: str) -> str | None:
    """A text cell (source, note, evidence), checked by the plan's rule for text."""
    text = _text(cells.get(column))
    problem = None if text is None else _refused_character(text)
    if problem is not None:
        rows.add(where, column, problem, text)
        return None
    return text


def _id_text(value: object) -> str | None:
    """An id cell: matched whole, apart from spaces around it (never newlines or tabs)."""
    if _blank(value):
        return None
    return str(value).strip(" ")


_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
"""A plain decimal number: no exponent, thousands separator, underscore or other digits."""


class _BadNumber(ValueError, SafeguardingPlanError):  # noqa: N818 - private; always turned into a Problem
    """A cell that is not a plain decimal number within the limits."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message)
        self.message = message


def _number(value: object) -> float | None:
    """A finite number from a cell, ``None`` if blank; raises :class:`_BadNumber` otherwise."""
    if _blank(value):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) > _reading.MAX_NUMBER:
            raise _BadNumber(_TOO_BIG)
        number = float(value)
    elif isinstance(value, float):
        number = value
    else:
        text = str(value).strip()
        if not _NUMBER_RE.fullmatch(text):
            raise _BadNumber
        if len(text) > 40:  # more digits than a float holds
            raise _BadNumber(_TOO_BIG)
        number = float(text)
    if not math.isfinite(number):
        raise _BadNumber
    if abs(number) > _reading.MAX_NUMBER:
        raise _BadNumber(_TOO_BIG)
    return number


_TOO_BIG = (
    f"a number must lie between -{_reading.MAX_NUMBER:,.0f} and {_reading.MAX_NUMBER:,.0f}"
)


def _scalar(value: object) -> bool:
    """Whether a cell holds one value (not a list, mapping or other collection)."""
    return not isinstance(value, list | tuple | dict | set | frozenset | Mapping)


def _suggest(known: Iterable[str], given: str) -> str:
    return did_you_mean(given, known)


def _check_columns(rows: _Rows, kind: Kind, columns: Sequence[str], where: str) -> bool:
    """Report unknown and missing columns; return whether the required ones are present."""
    allowed = set(_COLUMNS[kind])
    for column in columns:
        if column not in allowed:
            rows.add(
                where,
                column,
                f"unknown column; the columns are {', '.join(_COLUMNS[kind])}"
                f"{_suggest(allowed, column)}",
                column,
            )
    missing = [c for c in _REQUIRED[kind] if c not in columns]
    for column in missing:
        rows.add(where, None, f"the required column {column!r} is missing")
    return not missing


# --------------------------------------------------------------------------- observations


def _observation(
    rows: _Rows,
    where: str,
    *,
    cells: Mapping[str, object],
    plan: Plan,
    markers: Sequence[str],
    seen: dict[tuple[str, Period, str | None], str],
    withheld: WithheldRange | None = None,
) -> Observation | None:
    before = len(rows.problems)
    comparator = _comparator(rows, where, cells, plan)
    indicator_id = _id_text(cells.get("indicator"))
    indicator = None
    if indicator_id is None:
        rows.add(where, "indicator", "an indicator id is required")
    else:
        try:
            indicator = plan.indicator(indicator_id)
        except LookupError:
            ids = [i.id for i in plan.indicators]
            rows.add(
                where,
                "indicator",
                f"no indicator has this id{_suggest(ids, indicator_id)}",
                indicator_id,
            )
    period: Period | None = None
    period_text = _text(cells.get("period"))
    if period_text is None:
        rows.add(
            where, "period", "a period such as '2023/24', '2023/24 Q2', '2024-05' or '2024' "
            "is required"
        )
    else:
        try:
            period = parse_period(period_text)
        except PeriodError as exc:
            rows.add(where, "period", exc.message, period_text)
        else:
            if period.end > plan.end.end:
                rows.add(
                    where,
                    "period",
                    f"after the plan's last year ({plan.end}): the plan judges nothing "
                    "after it, so the value would be ignored",
                    period_text,
                )
                period = None
    if indicator is not None and period is not None:
        key = (indicator.id, period, comparator)
        if key in seen:
            whose = f" for the comparator {comparator}" if comparator is not None else ""
            rows.add(
                where,
                "period",
                f"duplicate: {indicator.id} already has a value for {period}{whose} at "
                f"{seen[key]}",
                period_text,
            )
        else:
            seen[key] = where

    source = _free_text(rows, where, cells, "source")
    note = _free_text(rows, where, cells, "note")
    remarks = {column: _free_text(rows, where, cells, column) for column in COMMENTARY_COLUMNS}
    action_due = _optional_date(rows, where, cells, "action_due")
    row_range = _withheld_cell(rows, where, cells)
    raw_value = cells.get("value")
    value_text = _text(raw_value)
    written: float | None = None
    suppressed = None
    percent_sign = False
    bad: set[str] = set()  # cells already reported as unreadable
    if value_text is not None and value_text.casefold() in {m.casefold() for m in markers}:
        suppressed = value_text
    elif value_text is not None:
        text = value_text
        if isinstance(raw_value, str) and text.endswith("%"):
            percent_sign = True
            text = text[:-1].strip()
        try:
            written = _number(text if isinstance(raw_value, str) else raw_value)
        except _BadNumber as exc:
            bad.add("value")
            known = ", ".join(repr(m) for m in markers)
            rows.add(
                where,
                "value",
                exc.message
                or f"expected a plain decimal number such as 64 or 1234.5 (no thousands "
                f"separators or exponents) or a suppression marker ({known})",
                value_text,
            )
    counts: dict[str, float | None] = {}
    for column in ("numerator", "denominator"):
        try:
            counts[column] = _number(cells.get(column))
        except _BadNumber as exc:
            bad.add(column)
            rows.add(
                where,
                column,
                exc.message or "expected a whole count written as plain digits, such as 1234",
                _text(cells.get(column)),
            )
            counts[column] = None
    numerator, denominator = counts["numerator"], counts["denominator"]

    value, scale, checked = _in_unit(
        rows, where, cells, indicator, written=written, percent_sign=percent_sign
    )
    # One owner of the checks on an observation's figures: observation_problems.
    for problem in observation_problems(
        checked,
        value=value,
        numerator=numerator,
        denominator=denominator,
        suppressed=suppressed,
        written=written,
        scale=scale,
    ):
        if problem.location not in bad:
            shown_value = value_text if problem.location == "value" else problem.value
            rows.add(where, problem.location, problem.message, shown_value)
    if row_range is not None and suppressed is None:
        rows.add(
            where,
            "withheld",
            "a withheld range goes only with a suppression marker in the value column",
            str(row_range),
        )
    if len(rows.problems) != before or indicator is None or period is None:
        return None
    observation = Observation(
        indicator=indicator.id,
        period=period,
        value=value,
        numerator=numerator,
        denominator=denominator,
        suppressed=suppressed,
        source=source,
        note=note,
        withheld=(row_range or withheld) if suppressed is not None else None,
        action_due=action_due,
        location=", ".join(p for p in (rows.name, where) if p),
        **remarks,
        comparator=comparator,
    )
    normalised, problems = check_observation(observation, indicator)
    for problem in problems:  # none: the same checks were made above
        rows.add(where, problem.location, problem.message, problem.value)
    return normalised


def _comparator(
    rows: _Rows, where: str, cells: Mapping[str, object], plan: Plan
) -> str | None:
    """The row's comparator id (None, blank: the partnership), checked against the plan."""
    given = _id_text(cells.get("comparator"))
    if given is None:
        return None
    declared = [c.id for c in plan.comparators]
    if given not in declared:
        listed = ", ".join(declared) or "none"
        rows.add(
            where,
            "comparator",
            f"the plan declares no comparator with this id (declared: {listed}); declare it "
            f"under 'comparators' with an id and a label{_suggest(declared, given)}",
            given,
        )
    return given


def _in_unit(
    rows: _Rows,
    where: str,
    cells: Mapping[str, object],
    indicator: Indicator | None,
    *,
    written: float | None,
    percent_sign: bool,
) -> tuple[float | None, float, Indicator | None]:
    """The value in the indicator's unit, the scale of the unit written, and the indicator.

    The indicator is ``None`` when it is unknown or the unit cell is wrong: the value's
    checks for the indicator are then not made.
    """
    if indicator is None:
        return written, 1.0, None
    value, scale = written, 1.0
    checked: Indicator | None = indicator
    if percent_sign and not indicator.is_percent:
        rows.add(
            where,
            "value",
            f"wrong unit: a percentage was given but {indicator.id} is in {indicator.unit!r}",
            _text(cells.get("value")),
        )
        checked = None
    unit = _text(cells.get("unit"))
    if unit is not None:
        try:
            _units.check_unit(unit)
            if unit != indicator.unit:
                scale = _units.to_magnitude(_units.quantity(1.0, unit), indicator.unit)
                if written is not None:
                    value = _units.to_magnitude(_units.quantity(written, unit), indicator.unit)
        except UnitError:
            rows.add(
                where, "unit", f"wrong unit: {indicator.id} is measured in {indicator.unit!r}", unit
            )
            checked = None
    return value, scale, checked


def _withheld_cell(
    rows: _Rows, where: str, cells: Mapping[str, object]
) -> WithheldRange | None:
    """A row's own withheld range (``dfe``, ``nhs``, ``1-5``), or None if blank."""
    text = _text(cells.get("withheld"))
    if text is None:
        return None
    try:
        return WithheldRange.parse(text)
    except InvalidValueError as exc:
        rows.add(where, "withheld", exc.message, text)
        return None


def _optional_date(
    rows: _Rows, where: str, cells: Mapping[str, object], column: str
) -> dt.date | None:
    """An optional date cell (``2025-03-31``), None if blank."""
    raw = cells.get(column)
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = _text(raw)
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        rows.add(where, column, "expected a date such as 2025-03-31 (YYYY-MM-DD)", text)
        return None


def _date(rows: _Rows, where: str, cells: Mapping[str, object]) -> dt.date | None:
    raw = cells.get("date")
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = _text(raw)
    if text is None:
        rows.add(where, "date", "a date such as 2024-01-10 is required")
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        rows.add(where, "date", "expected a date such as 2024-01-10 (YYYY-MM-DD)", text)
        return None


def _dated_item(
    rows: _Rows,
    where: str,
    cells: Mapping[str, object],
    field: str,
    lookup: Callable[[str], object],
) -> tuple[str | None, dt.date | None]:
    """Read and check the id (an action's or an outcome's) and the date of a dated row."""
    item_id = _id_text(cells.get(field))
    if item_id is None:
        rows.add(where, field, f"an {field} id is required")
    else:
        try:
            lookup(item_id)
        except UnknownIdError as exc:
            hint = f"; did you mean {exc.suggestion!r}?" if exc.suggestion else ""
            rows.add(where, field, f"no {field} has this id{hint}", item_id)
    return item_id, _date(rows, where, cells)


def _first_on(
    rows: _Rows,
    where: str,
    seen: dict[tuple[str, dt.date], str],
    item_id: str | None,
    on: dt.date | None,
    *,
    noun: str,
) -> None:
    """Report a second row for the same id and date."""
    if item_id is None or on is None:
        return
    key = (item_id, on)
    if key in seen:
        rows.add(
            where, "date", f"duplicate: {shown(item_id)} already has {noun} on {on} at {seen[key]}",
            on.isoformat(),
        )  # fmt: skip
    else:
        seen[key] = where


def _update(
    rows: _Rows,
    where: str,
    cells: Mapping[str, object],
    plan: Plan,
    seen: dict[tuple[str, dt.date], str],
) -> ActionUpdate | None:
    before = len(rows.problems)
    action_id, on = _dated_item(rows, where, cells, "action", plan.action)
    state: UpdateState | None = None
    try:
        state = UpdateState.parse(_text(cells.get("state")) or "")
    except InvalidValueError as exc:
        rows.add(where, "state", exc.message, _text(cells.get("state")))
    note = _free_text(rows, where, cells, "note")
    evidence = _free_text(rows, where, cells, "evidence")
    _first_on(rows, where, seen, action_id, on, noun="an update")
    if len(rows.problems) != before or action_id is None or on is None or state is None:
        return None
    return ActionUpdate(action=action_id, on=on, state=state, note=note, evidence=evidence)


def _assessment(
    rows: _Rows,
    where: str,
    cells: Mapping[str, object],
    plan: Plan,
    seen: dict[tuple[str, dt.date], str],
) -> Assessment | None:
    before = len(rows.problems)
    outcome_id, on = _dated_item(rows, where, cells, "outcome", plan.outcome)
    known = {o.id: o for o in plan.iter_outcomes()}
    if outcome_id in known and not known[outcome_id].qualitative:
        rows.add(
            where,
            "outcome",
            "this outcome is measured by its targets, so an assessment of it would be "
            "ignored; record values of its indicators instead",
            outcome_id,
        )
    judgement: Judgement | None = None
    try:
        judgement = Judgement.parse(_text(cells.get("judgement")) or "")
    except InvalidValueError as exc:
        rows.add(where, "judgement", exc.message, _text(cells.get("judgement")))
    evidence = _free_text(rows, where, cells, "evidence")
    note = _free_text(rows, where, cells, "note")
    _first_on(rows, where, seen, outcome_id, on, noun="an assessment")
    if len(rows.problems) != before or outcome_id is None or on is None or judgement is None:
        return None
    return Assessment(
        outcome=outcome_id, on=on, judgement=judgement, evidence=evidence, note=note
    )


def _records(
    kind: Kind,
    rows: _Rows,
    entries: Iterable[_Row],
    plan: Plan,
    markers: Sequence[str],
    *,
    withheld: WithheldRange | None = None,
) -> list[Any]:
    out: list[Any] = []
    seen: dict[Any, str] = {}
    for where, cells in entries:
        item: Any
        if kind == "observations":
            item = _observation(
                rows, where, cells=cells, plan=plan, markers=markers, seen=seen,
                withheld=withheld,
            )  # fmt: skip
        elif kind == "action_updates":
            item = _update(rows, where, cells, plan, seen)
        else:
            item = _assessment(rows, where, cells, plan, seen)
        if item is not None:
            out.append(item)
    return out


# --------------------------------------------------------------------------- CSV


def _csv_kind(columns: Sequence[str]) -> Kind | None:
    found: Kind | None = None
    if "indicator" in columns:
        found = "observations"
    elif "action" in columns:
        found = "action_updates"
    elif "outcome" in columns:
        found = "assessments"
    return found


def _still_quoted(line: str, quoted: bool) -> bool:
    """Whether a CSV record is inside a quoted cell at the end of ``line``.

    ``quoted`` says whether it was at the line's start. This follows the ``csv``
    module's rules: a quote opens a cell only at the cell's start, and ``""`` inside a
    quoted cell is a quote character.
    """
    i = 0
    while True:
        if quoted:
            j = line.find('"', i)
            if j < 0:
                return True
            if line.startswith('"', j + 1):
                i = j + 2
                continue
            quoted = False
            i = j + 1
        elif line.startswith('"', i):
            quoted = True
            i += 1
            continue
        k = line.find(",", i)
        if k < 0:
            return False
        i = k + 1


def _records_lines(text: str, rows: _Rows) -> list[tuple[int, str]]:
    """The lines holding records, numbered, without comments and blank lines between them."""
    kept: list[tuple[int, str]] = []
    quoted = False
    opened = 0
    # newline="" ends lines at \n, \r\n and \r only, not at Unicode line separators
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if not quoted and (not line.strip("\r\n \t") or line.lstrip(" \t").startswith("#")):
            continue
        kept.append((number, line))
        was = quoted
        quoted = _still_quoted(line, quoted)
        if quoted and not was:
            opened = number
    if quoted:
        rows.add(
            f"line {opened}",
            None,
            "a quoted cell opened on this line is never closed, so every line after it would "
            'be read as part of it; close the quote (write a quote inside a cell as "")',
        )
        return []
    return kept


def _read_csv(text: str, rows: _Rows) -> tuple[list[str], list[_Row]]:
    """The header and the rows of CSV text, skipping ``#`` comments and blank lines."""
    numbered = _records_lines(text, rows)
    if not numbered:
        if not rows.problems:
            rows.add("", None, "the file has no header row")
        return [], []
    reader = csv.reader((line for _, line in numbered), strict=True)
    try:
        header = [_ALIASES.get(h.strip().lower(), h.strip().lower()) for h in next(reader)]
    except csv.Error as exc:
        rows.add(f"line {numbered[0][0]}", None, f"cannot read the CSV header: {exc}")
        return [], []
    first: dict[str, int] = {}
    for index, column in enumerate(header, start=1):
        if column in first:
            rows.add(
                f"line {numbered[0][0]}",
                column,
                f"the column appears twice in the header (columns {first[column]} and "
                f"{index}); give each column once",
                column,
            )
        else:
            first[column] = index
    out: list[_Row] = []
    while True:
        start = reader.line_num
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            rows.add(f"line {numbered[start][0]}", None, f"cannot read the CSV row: {exc}")
            break
        where = f"line {numbered[start][0]}"
        if len(cells) != len(header):
            rows.add(
                where,
                None,
                f"the row has {len(cells)} cells but the header has {len(header)} columns "
                "(an unquoted comma in a number, such as 1,234, makes an extra cell); "
                "give one cell per column, blank if unknown",
                ",".join(cells),
            )
            continue
        for column, cell in zip(header, cells, strict=True):
            if len(cell) > _reading.MAX_TEXT:
                rows.add(
                    where,
                    column,
                    f"a cell must not be longer than {_reading.MAX_TEXT:,} characters",
                    cell,
                )
        out.append((where, dict(zip(header, cells, strict=True))))
    return header, out


# --------------------------------------------------------------------------- JSON


def _element_lines(text: str, key: str) -> list[int]:
    """The line each element of the top-level array ``key`` starts on."""
    match = re.search(rf'"{re.escape(key)}"\s*:\s*\[', text)
    if match is None:
        return []
    decoder = json.JSONDecoder()
    pos, lines = match.end(), []
    while pos < len(text):
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            break
        lines.append(text.count("\n", 0, pos) + 1)
        try:
            _, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError:
            break
    return lines


def _json_entries(
    text: str, data: Mapping[str, Any], key: Kind, rows: _Rows
) -> Iterator[_Row]:
    items = data.get(key)
    if items is None:
        return
    if not isinstance(items, list):
        rows.add(key, None, "expected an array of records", type(items).__name__)
        return
    lines = _element_lines(text, key)
    for i, item in enumerate(items):
        line = f" (line {lines[i]})" if i < len(lines) else ""
        where = f"{key}[{i}]{line}"
        if not isinstance(item, dict):
            rows.add(where, None, "expected an object", item)
            continue
        cells: dict[str, object] = {}
        for given, value in item.items():
            column = _ALIASES.get(str(given), str(given))
            if column in cells:
                rows.add(where, column, f"{shown(given)} and {column!r} are the same field")
            cells[column] = value
        for column, value in cells.items():
            if isinstance(value, list | dict):
                rows.add(where, column, "expected a single value", value)
        _check_columns(rows, key, list(cells), where)
        yield where, cells


def _parse_json(text: str, rows: _Rows) -> dict[str, Any] | None:
    try:
        data = _reading.load_json(text)
    except _reading.ReadProblem as exc:
        rows.add(exc.location, None, exc.message, exc.value)
        return None
    if not isinstance(data, dict):
        rows.add("", None, "expected a JSON object with an 'observations' array")
        return None
    found = _reading.check_document(data)
    for problem in found:
        rows.add(problem.location, None, problem.message, problem.value)
    if found:
        return None
    allowed = {"$schema", "description", "withheld", *_KINDS}
    for key in data:
        if key not in allowed:
            rows.add(
                "",
                None,
                f"unknown key; expected {', '.join(sorted(allowed))}{_suggest(allowed, key)}",
                key,
            )
    return data


# --------------------------------------------------------------------------- withheld ranges


_WITHHELD_DIRECTIVE = "withheld:"
"""A comment before a CSV header that names what the file's markers hide: ``# withheld: dfe``."""


def _as_range(rows: _Rows, given: WithheldRange | str | None) -> WithheldRange | None:
    if given is None:
        return None
    try:
        return WithheldRange.parse(given)
    except InvalidValueError as exc:
        rows.add("", "withheld", exc.message, given)
        return None


def _csv_withheld(text: str, rows: _Rows) -> WithheldRange | None:
    """The range a ``# withheld: dfe`` comment before the header declares, if any."""
    found: WithheldRange | None = None
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break  # the header: directives come before it
        body = stripped[1:].strip()
        if body.casefold().startswith(_WITHHELD_DIRECTIVE):
            spec = body[len(_WITHHELD_DIRECTIVE) :].strip()
            try:
                found = WithheldRange.parse(spec)
            except InvalidValueError as exc:
                rows.add(f"line {number}", "withheld", exc.message, spec)
    return found


def _json_withheld(rows: _Rows, data: Mapping[str, Any]) -> WithheldRange | None:
    given = data.get("withheld")
    if given is None:
        return None
    try:
        return WithheldRange.parse(given)
    except InvalidValueError as exc:
        rows.add("withheld", None, exc.message, given)
        return None


# --------------------------------------------------------------------------- public API


def loads_progress(
    text: str,
    plan: Plan,
    *,
    format: Literal["csv", "json"] = "csv",  # noqa: A002
    name: str | None = None,
    markers: Sequence[str] = DEFAULT_SUPPRESSION_MARKERS,
    withheld: WithheldRange | str | None = None,
) -> ProgressData:
    """Read observations, action updates or assessments from CSV or JSON text.

    A CSV text holds one kind, told by its header; a JSON text may hold all three.

    Args:
        text: The file's contents.
        plan: The plan the records are checked against.
        format: ``"csv"`` or ``"json"``.
        name: The file name to put in problem locations.
        markers: The values that mean "withheld" in the ``value`` column.
        withheld: What the markers hide (``"dfe"``, ``"nhs"``, ``"1-5"``), for a file
            that does not say: a CSV file says it in a comment before its header
            (``# withheld: dfe``), a JSON file in a top-level ``"withheld"``; a row's own
            ``withheld`` cell comes first.

    Raises:
        ObservationError: with every problem found, each naming file, line and column.

    Example:
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> text = '''outcome,date,judgement
        ... trauma-informed-practice,2024-05-01,at risk
        ... '''
        >>> progress = loads_progress(text, stockport_2023_26(), name="assessments.csv")
        >>> progress.assessments[0].judgement.name, progress.observations
        ('AT_RISK', ())
    """
    rows = _Rows(name)
    found: dict[Kind, list[Any]] = {k: [] for k in _KINDS}
    try:
        _reading.check_size(text)
    except _reading.ReadProblem as exc:
        raise ObservationError(
            [Problem(location=name or "", message=exc.message, value=exc.value)], name
        ) from None
    text = _reading.strip_bom(text)
    default = _as_range(rows, withheld)
    if format == "json":
        data = _parse_json(text, rows)
        if data is not None:
            declared = _json_withheld(rows, data) or default
            for kind in _KINDS:
                found[kind] = _records(
                    kind, rows, list(_json_entries(text, data, kind, rows)), plan, markers,
                    withheld=declared,
                )  # fmt: skip
    elif format == "csv":
        declared = _csv_withheld(text, rows) or default
        header, entries = _read_csv(text, rows)
        csv_kind = _csv_kind(header)
        if header and csv_kind is None:
            rows.add(
                "line 1",
                None,
                "cannot tell what the file holds: the header needs an 'indicator' "
                "(observations), 'action' (action updates) or 'outcome' (assessments) column",
                ",".join(header),
            )
        elif csv_kind is not None and _check_columns(rows, csv_kind, header, "header"):
            found[csv_kind] = _records(
                csv_kind, rows, entries, plan, markers, withheld=declared
            )
    else:  # pragma: no cover - guarded by the type
        rows.add("", None, "the format must be 'csv' or 'json'", format)  # type: ignore[unreachable]
    if rows.problems:
        raise ObservationError(rows.problems, name)
    return ProgressData(
        observations=tuple(found["observations"]),
        action_updates=tuple(found["action_updates"]),
        assessments=tuple(found["assessments"]),
    )


def _format_of(path: pathlib.Path) -> Literal["csv", "json"]:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in {".csv", ".txt"}:
        return "csv"
    raise ObservationError(
        [
            Problem(
                location=str(path),
                message="cannot tell the format from the file's suffix; use .csv or .json",
                value=path.suffix,
            )
        ],
        str(path),
    )


def _read_text(path: pathlib.Path) -> str:
    try:
        return _reading.read_text(path)
    except _reading.ReadProblem as exc:
        where = ", ".join(p for p in (str(path), exc.location) if p)
        raise ObservationError(
            [Problem(location=where, message=exc.message, value=exc.value)], str(path)
        ) from None


def load_progress(
    path: str | pathlib.Path,
    plan: Plan,
    *,
    markers: Sequence[str] = DEFAULT_SUPPRESSION_MARKERS,
    withheld: WithheldRange | str | None = None,
) -> ProgressData:
    """Read a CSV or JSON file of observations, action updates and/or assessments.

    ``withheld`` is as for :func:`loads_progress`.

    Raises:
        ObservationError: naming the file, with every problem found.

    Example:
        >>> import pathlib, tempfile
        >>> from safeguarding_plan import load_progress
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = pathlib.Path(folder) / "progress.json"
        ...     _ = path.write_text('''{
        ...       "observations": [
        ...         {"indicator": "s42-non-conversion", "period": "2023/24", "value": 66}],
        ...       "assessments": [{"outcome": "trauma-informed-practice",
        ...                        "date": "2024-05-01", "judgement": "on track"}]}''')
        ...     progress = load_progress(path, stockport_2023_26())
        >>> len(progress.observations), len(progress.action_updates), len(progress.assessments)
        (1, 0, 1)
    """
    path = pathlib.Path(path)
    fmt = _format_of(path)
    return loads_progress(
        _read_text(path), plan, format=fmt, name=str(path), markers=markers, withheld=withheld
    )


def _only(
    data: ProgressData, kind: Kind, path: pathlib.Path
) -> tuple[Any, ...]:
    others = [k for k in _KINDS if k != kind and getattr(data, k)]
    if others:
        label = kind.replace("_", " ")
        raise ObservationError(
            [
                Problem(
                    location=str(path),
                    message=f"expected {label}, but the file holds {others[0].replace('_', ' ')}",
                )
            ],
            str(path),
        )
    items: tuple[Any, ...] = getattr(data, kind)
    return items


def load_observations(
    path: str | pathlib.Path,
    plan: Plan,
    *,
    markers: Sequence[str] = DEFAULT_SUPPRESSION_MARKERS,
    withheld: WithheldRange | str | None = None,
) -> tuple[Observation, ...]:
    """Read observations from a CSV or JSON file, checked against a plan.

    Args:
        path: A ``.csv`` or ``.json`` file.
        plan: The plan whose indicators the observations measure.
        markers: The values that mean "withheld" in the ``value`` column.
        withheld: What the markers hide, for a file that does not say
            (:func:`loads_progress`).

    Raises:
        ObservationError: naming the file, with every problem found (file, line, column).

    Example:
        >>> import pathlib, tempfile
        >>> from safeguarding_plan import load_observations
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = pathlib.Path(folder) / "q1.csv"
        ...     _ = path.write_text('''indicator,period,value,numerator,denominator
        ... s42-non-conversion,2023/24 Q1,80,,
        ... msp-asked,2023/24 Q1,,45,60
        ... sar-referrals,2023/24 Q1,c,,
        ... ''')
        ...     observations = load_observations(path, stockport_2023_26())
        >>> [(o.indicator, o.value, o.suppressed) for o in observations]
        [('s42-non-conversion', 80.0, None), ('msp-asked', 75.0, None),
         ('sar-referrals', None, 'c')]
    """
    path = pathlib.Path(path)
    return _only(
        load_progress(path, plan, markers=markers, withheld=withheld), "observations", path
    )


def load_action_updates(path: str | pathlib.Path, plan: Plan) -> tuple[ActionUpdate, ...]:
    """Read action updates (``action``, ``date``, ``state``, ``note``) from CSV or JSON.

    Raises:
        ObservationError: naming the file, with every problem found.

    Example:
        >>> import pathlib, tempfile
        >>> from safeguarding_plan import load_action_updates
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = pathlib.Path(folder) / "updates.csv"
        ...     _ = path.write_text('''action,date,state,note
        ... maars-audit,2024-06-01,in progress,audit tool agreed
        ... ''')
        ...     updates = load_action_updates(path, stockport_2023_26())
        >>> updates[0].on, updates[0].state.name, updates[0].note
        (datetime.date(2024, 6, 1), 'IN_PROGRESS', 'audit tool agreed')
    """
    path = pathlib.Path(path)
    return _only(load_progress(path, plan), "action_updates", path)


def load_assessments(path: str | pathlib.Path, plan: Plan) -> tuple[Assessment, ...]:
    """Read assessments (``outcome``, ``date``, ``judgement``, ``evidence``, ``note``).

    Raises:
        ObservationError: naming the file, with every problem found.

    Example:
        >>> import pathlib, tempfile
        >>> from safeguarding_plan import load_assessments
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = pathlib.Path(folder) / "assessments.csv"
        ...     _ = path.write_text('''outcome,date,judgement,evidence
        ... trauma-informed-practice,2024-05-01,on track,practitioner survey
        ... ''')
        ...     assessments = load_assessments(path, stockport_2023_26())
        >>> assessments[0].judgement.name, assessments[0].evidence
        ('ON_TRACK', 'practitioner survey')
    """
    path = pathlib.Path(path)
    return _only(load_progress(path, plan), "assessments", path)


def loads_observations(
    text: str,
    plan: Plan,
    *,
    format: Literal["csv", "json"] = "csv",  # noqa: A002
    name: str | None = None,
    markers: Sequence[str] = DEFAULT_SUPPRESSION_MARKERS,
    withheld: WithheldRange | str | None = None,
) -> tuple[Observation, ...]:
    """Read observations from CSV or JSON text (see :func:`loads_progress`).

    Raises:
        ObservationError: with every problem found.

    Example:
        >>> from safeguarding_plan import loads_observations
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> text = '''indicator,period,value
        ... s42-non-conversion,2023/24 Q1,80%
        ... '''
        >>> loads_observations(text, stockport_2023_26())[0].value
        80.0
    """
    return loads_progress(
        text, plan, format=format, name=name, markers=markers, withheld=withheld
    ).observations


def observations_from_records(
    records: Iterable[Mapping[str, object]],
    plan: Plan,
    *,
    name: str | None = None,
    markers: Sequence[str] = DEFAULT_SUPPRESSION_MARKERS,
    where: Callable[[int], str] = lambda i: f"row {i}",
    withheld: WithheldRange | str | None = None,
) -> tuple[Observation, ...]:
    """Read observations from mappings of column name to cell (numbers or text).

    Blank cells may be ``None``, empty text or NaN.

    Args:
        records: One mapping per row.
        plan: The plan whose indicators the observations measure.
        name: What to call the source in problem locations.
        markers: The values that mean "withheld" in the ``value`` column.
        where: How to name row ``i`` (counted from 0) in problem locations.
        withheld: What the markers hide (``"dfe"``, ``"nhs"``, ``"1-5"``), for rows
            without their own ``withheld`` cell.

    Raises:
        ObservationError: with every problem found.

    Example:
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> rows = [{"indicator": "msp-asked", "period": "2023/24", "numerator": 45,
        ...          "denominator": 60, "value": None}]
        >>> observations_from_records(rows, stockport_2023_26())[0].value
        75.0
    """
    rows = _Rows(name)
    entries: list[_Row] = []
    for i, record in enumerate(records):
        cells: dict[str, object] = {}
        for key, value in record.items():
            column = _ALIASES.get(str(key), str(key))
            if column in cells:
                rows.add(where(i), column, "the column appears twice; give each column once")
            cells[column] = value
            if isinstance(value, str) and len(value) > _reading.MAX_TEXT:
                rows.add(
                    where(i),
                    column,
                    f"a cell must not be longer than {_reading.MAX_TEXT:,} characters",
                    value,
                )
            elif not _scalar(value):
                rows.add(where(i), column, "expected a single value", value)
        _check_columns(rows, "observations", list(cells), where(i))
        entries.append((where(i), cells))
    found = _records(
        "observations", rows, entries, plan, markers, withheld=_as_range(rows, withheld)
    )
    if rows.problems:
        raise ObservationError(rows.problems, name)
    return tuple(found)


def observations_from_dataframe(
    frame: Any,
    plan: Plan,
    *,
    markers: Sequence[str] = DEFAULT_SUPPRESSION_MARKERS,
    name: str = "DataFrame",
    withheld: WithheldRange | str | None = None,
) -> tuple[Observation, ...]:
    """Read observations from a pandas DataFrame in the long format of a CSV file.

    Problems are located by the frame's index (``row 3``). ``withheld`` says what the
    markers hide, for rows without their own ``withheld`` column.

    Raises:
        ObservationError: with every problem found.

    Example:
        >>> import pandas as pd
        >>> from safeguarding_plan import observations_from_dataframe
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> frame = pd.DataFrame({"indicator": ["s42-non-conversion", "s42-non-conversion"],
        ...                       "period": ["2023/24 Q1", "2023/24 Q2"], "value": [80, 75]})
        >>> [(str(o.period), o.value)
        ...  for o in observations_from_dataframe(frame, stockport_2023_26())]
        [('2023/24 Q1', 80.0), ('2023/24 Q2', 75.0)]
    """
    labels = list(frame.index)
    columns = [str(c) for c in frame.columns]
    twice = sorted({c for c in columns if columns.count(c) > 1})
    if twice:
        raise ObservationError(
            [
                Problem(
                    location=f"{name}, column {column}",
                    message="the column appears twice; give each column once",
                    value=column,
                )
                for column in twice
            ],
            name,
        )
    records = frame.to_dict(orient="records")
    return observations_from_records(
        records, plan, name=name, markers=markers, where=lambda i: f"row {labels[i]}",
        withheld=withheld,
    )  # fmt: skip


def observations_schema() -> dict[str, Any]:
    """The JSON Schema of the JSON form of observation files (draft 2020-12).

    Example:
        >>> from safeguarding_plan import observations_schema
        >>> sorted(observations_schema()["properties"])
        ['$schema', 'action_updates', 'assessments', 'description', 'observations',
         'withheld']
    """
    resource = importlib.resources.files("safeguarding_plan") / "schemas"
    schema: dict[str, Any] = json.loads(
        (resource / "observations.schema.json").read_text(encoding="utf-8")
    )
    return schema


def file_kind(path: str | pathlib.Path) -> Literal["plan", "progress"]:
    """Whether a file is a plan file or a file of observations, updates or assessments.

    YAML and TOML files are plans; CSV files are progress data; a JSON file is a plan if
    it has ``priorities``, ``indicators`` or ``title`` at the top, else progress data.

    Example:
        >>> from safeguarding_plan.plans import bundled_plan_path
        >>> file_kind(bundled_plan_path("stockport-2023-26")), file_kind("q1-2024-25.csv")
        ('plan', 'progress')
    """
    path = pathlib.Path(path)
    suffix = path.suffix.lower()
    if suffix in {".yaml", ".yml", ".toml"}:
        return "plan"
    if suffix == ".json":
        try:
            data = _reading.load_json(_read_text(path))
        except ValueError:
            return "progress"
        if isinstance(data, dict) and {"priorities", "indicators", "title"} & set(data):
            return "plan"
    return "progress"

