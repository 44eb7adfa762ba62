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

import array
import contextlib
import csv
import datetime as dt
import gc
import importlib.resources
import itertools
import json
import math
import pathlib
import re
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal, cast

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
from safeguarding_plan.model import Indicator, Plan, _refused_character, area_key
from safeguarding_plan.observations import (
    DEFAULT_SUPPRESSION_MARKERS,
    ActionUpdate,
    Assessment,
    Judgement,
    Observation,
    UpdateState,
    WithheldRange,
    _line_of,
    _share,
    _trusted_observation,
    check_observation,
    observation_problems,
)
from safeguarding_plan.periods import Period, parse_period

__all__ = [
    "AREA_COLUMN",
    "ASSESSMENT_COLUMNS",
    "COMMENTARY_COLUMNS",
    "OBSERVATION_COLUMNS",
    "PLAN_COLUMN",
    "UPDATE_COLUMNS",
    "Kind",
    "ProgressData",
    "file_kind",
    "load_action_updates",
    "load_assessments",
    "load_observations",
    "load_observations_by_plan",
    "load_progress",
    "loads_observations",
    "loads_observations_by_plan",
    "loads_progress",
    "observations_by_plan_from_dataframe",
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


_NO_DIGITS = str.maketrans("", "", "0123456789")
"""Messages that differ only in their figures are problems of one kind."""


class _Rows:
    """Collects problems for rows of one file, each located by file, row and column.

    At most :data:`~safeguarding_plan._reading.MAX_PROBLEMS_PER_KIND` problems of one kind
    (the same column and message, or the same ``kind`` for messages that name a value) are
    kept; :meth:`found` adds after the last one kept a line counting the rest.
    """

    def __init__(self, name: str | None) -> None:
        self.name = name
        self.problems: list[Problem] = []
        self.total = 0
        """How many problems were found, kept or not."""
        self._counts: dict[tuple[str | None, str], int] = {}
        self._last: dict[tuple[str | None, str], int] = {}

    def add(
        self,
        where: str,
        column: str | None,
        message: str,
        value: object = None,
        *,
        kind: str | None = None,
    ) -> None:
        self.total += 1
        key = (column, message.translate(_NO_DIGITS) if kind is None else kind)
        count = self._counts.get(key, 0) + 1
        self._counts[key] = count
        limit = _reading.MAX_PROBLEMS_PER_KIND
        if count > limit:
            return
        parts = [p for p in (self.name, where) if p]
        if column:
            parts.append(f"column {column}")
        self.problems.append(
            Problem(location=", ".join(parts), message=message, value=value)
        )
        if count == limit:
            self._last[key] = len(self.problems) - 1

    def lists(self, column: str | None, kind: str) -> bool:
        """Whether the next problem of ``kind`` in ``column`` would be listed."""
        return self._counts.get((column, kind), 0) < _reading.MAX_PROBLEMS_PER_KIND

    def found(self) -> list[Problem]:
        """The problems kept, each kind's count of the rest after its last one kept."""
        limit = _reading.MAX_PROBLEMS_PER_KIND
        more = sorted(
            ((self._last[key], key[0], count - limit)
             for key, count in self._counts.items() if count > limit),
            reverse=True,
        )  # fmt: skip
        problems = list(self.problems)
        for index, column, rest in more:
            parts = [p for p in (self.name, f"column {column}" if column else None) if p]
            problems.insert(
                index + 1,
                Problem(
                    location=", ".join(parts),
                    message=f"... and {rest:,} more row{'s' if rest != 1 else ''} with the "
                    "same problem",
                ),
            )
        return problems


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
                kind="unknown column",
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
    seen: _Firsts,
    line: int | None = None,
    withheld: WithheldRange | None = None,
) -> Observation | None:
    """Read and check one row of observations (every problem of the row is reported).

    ``seen`` holds where the first value of each indicator, period and comparator was:
    the row's ``where``, or its ``line`` number when given (an int is lighter than a text).
    """
    before = rows.total
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
                kind="unknown id",
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
            rows.add(where, "period", exc.message, period_text, kind="unreadable period")
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
        if seen.has(indicator.id, period, comparator):
            message = "duplicate"  # counted, not listed: where the first was is not needed
            if rows.lists("period", "duplicate"):
                whose = f" for the comparator {comparator}" if comparator is not None else ""
                message = (
                    f"duplicate: {indicator.id} already has a value for {period}{whose} at "
                    f"{seen.where(indicator.id, period, comparator)}"
                )
            rows.add(where, "period", message, period_text, kind="duplicate")
        else:
            seen.remember(indicator.id, period, comparator, where if line is None else line)

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
    if rows.total != before or indicator is None or period is None:
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


def _line_label(line: int) -> str:
    """Where a row of a file is: ``line 7``."""
    return f"line {line}"


class _Firsts:
    """Where the first value of each indicator, period and comparator was, lean for 10^6 rows.

    Each period seen gets a number (in the order seen: a file's periods are few, a few
    hundred to a few thousand); each indicator and comparator has a ``bytearray`` whose
    byte at a period's number says whether a value for it was seen. Where it was is kept
    for the rows read in full (:func:`_observation`: few in a large file); a row read the
    quick way is found again among the observations read (:attr:`out`, with
    :attr:`lines`), and only when a duplicate of it is listed (at most
    :data:`~safeguarding_plan._reading.MAX_PROBLEMS_PER_KIND` times).
    """

    def __init__(
        self, label: Callable[[int], str] | None = None, *, numbered: bool = False
    ) -> None:
        self.label = _line_label if label is None else label
        self.numbered = numbered
        """Whether each observation read the quick way keeps its line (not :attr:`lines`)."""
        self.numbers: dict[Period, int] = {}
        self.members: dict[tuple[str, str | None], bytearray] = {}
        self.places: dict[tuple[str, Period, str | None], str | int] = {}
        self.out: list[Observation] = []
        self.lines = array.array("q")

    def number(self, period: Period) -> int:
        """The number of a period (a new one for a period not seen before)."""
        return self.numbers.setdefault(period, len(self.numbers))

    def has(self, indicator: str, period: Period, comparator: str | None) -> bool:
        """Whether a value of ``indicator`` for ``period`` (and comparator) was seen before."""
        mine = self.members.get((indicator, comparator))
        number = self.numbers.get(period)
        return mine is not None and number is not None and number < len(mine) and mine[number] == 1

    def remember(
        self, indicator: str, period: Period, comparator: str | None, where: str | int
    ) -> None:
        """Remember the first value of ``indicator`` for ``period``, read in full at ``where``."""
        _mark(self.members.setdefault((indicator, comparator), bytearray()), self.number(period))
        self.places[indicator, period, comparator] = where

    def where(self, indicator: str, period: Period, comparator: str | None) -> str:
        """Where the first value of ``indicator`` for ``period`` was (``line 7``)."""
        place = self.places.get((indicator, period, comparator))
        if place is None:
            place = next(
                (
                    (_line_of(o) or 0) if self.numbered else self.lines[number]
                    for number, o in enumerate(self.out)
                    if o.indicator == indicator and o.period == period
                    and o.comparator == comparator
                ),
                "an earlier row",  # not reached: every value seen was remembered or read
            )  # fmt: skip
        return place if isinstance(place, str) else self.label(place)


def _mark(seen: bytearray, number: int) -> bool:
    """Mark ``number`` seen; whether it was seen already."""
    if number >= len(seen):
        seen.extend(bytes(number + 64 - len(seen)))
    elif seen[number]:
        return True
    seen[number] = 1
    return False


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
            kind="unknown comparator",
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
            kind="wrong unit",
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
                where, "unit", f"wrong unit: {indicator.id} is measured in {indicator.unit!r}",
                unit, kind="wrong unit",
            )  # fmt: skip
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
            rows.add(where, field, f"no {field} has this id{hint}", item_id, kind="unknown id")
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
            on.isoformat(), kind="duplicate",
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
    before = rows.total
    action_id, on = _dated_item(rows, where, cells, "action", plan.action)
    state: UpdateState | None = None
    try:
        state = UpdateState.parse(_text(cells.get("state")) or "")
    except InvalidValueError as exc:
        rows.add(where, "state", exc.message, _text(cells.get("state")))
    note = _free_text(rows, where, cells, "note")
    evidence = _free_text(rows, where, cells, "evidence")
    _first_on(rows, where, seen, action_id, on, noun="an update")
    if rows.total != before or action_id is None or on is None or state is None:
        return None
    return ActionUpdate(action=action_id, on=on, state=state, note=note, evidence=evidence)


def _assessment(
    rows: _Rows,
    where: str,
    cells: Mapping[str, object],
    plan: Plan,
    seen: dict[tuple[str, dt.date], str],
) -> Assessment | None:
    before = rows.total
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
    if rows.total != before or outcome_id is None or on is None or judgement is None:
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
    seen: Any = _Firsts() if kind == "observations" else {}
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


_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
"""A line with its end: ``\\n``, ``\\r\\n`` or ``\\r`` only, not Unicode's other line separators."""


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their ends, one at a time (the text is never copied)."""
    for match in _LINE_RE.finditer(text):
        yield match.group()


def _skipped(line: str) -> bool:
    """Whether a line outside a quoted cell is blank or a ``#`` comment."""
    return not line.strip("\r\n \t") or line.lstrip(" \t").startswith("#")


def _unclosed_quote(text: str) -> int | None:
    """The line on which a quoted cell opens that is never closed (None if every one closes)."""
    if '"' not in text:
        return None
    quoted = False
    opened = 0
    for number, line in enumerate(_lines(text), start=1):
        if not quoted and _skipped(line):
            continue
        was = quoted
        quoted = _still_quoted(line, quoted)
        if quoted and not was:
            opened = number
    return opened if quoted else None


def _record_lines(text: str, first: list[int]) -> Iterator[str]:
    """The lines holding records, without comments and blank lines between them.

    Each line given is numbered into ``first[0]`` when that is 0: set it to 0 before the
    ``csv`` reader takes a record, and it holds the number of the record's first line.
    """
    quotes = '"' in text
    quoted = False
    for number, line in enumerate(_lines(text), start=1):
        if not quoted and _skipped(line):
            continue
        if not first[0]:
            first[0] = number
        if quotes:
            quoted = _still_quoted(line, quoted)
        yield line


_COMMENT_RE = re.compile(r"[\r\n][ \t]*#")
"""A ``#`` comment line after the first line of a text."""

_UNPLAIN_RE = re.compile('["\v\f\x1c\x1d\x1e\x85\u2028\u2029]')
"""What keeps a CSV text off the quick way: a quote, or a line break ``str.splitlines``
sees but CSV does not (a line longer than any cell may be keeps it off too)."""

_CHUNK = 1 << 20

_BOM_BYTES = "\ufeff".encode()
"""How much text is split into lines at once on the quick way (1 MB: memory stays small)."""


def _chunked_lines(text: str) -> Iterator[str]:
    """The lines of a plain text with their ends, split a megabyte at a time."""
    return itertools.chain.from_iterable(_line_chunks(text))  # no Python step a line


def _line_chunks(text: str) -> Iterator[list[str]]:
    """The lines of a plain text with their ends, a megabyte of them at a time."""
    start, size = 0, len(text)
    while start < size:
        end = text.rfind("\n", start, start + _CHUNK) + 1 if start + _CHUNK < size else size
        if end <= start:  # no line feed in a megabyte: on to the next one
            end = text.find("\n", start + _CHUNK) + 1 or size
        yield text[start:end].splitlines(keepends=True)
        start = end


def _has_comment(text: str) -> bool:
    """Whether a text has a ``#`` comment line."""
    return text.lstrip(" \t").startswith("#") or _COMMENT_RE.search(text) is not None


def _longest_line(text: str) -> int:
    """The length of the longest line of a plain text, line end included."""
    longest, start, size = 0, 0, len(text)
    while start < size:  # a megabyte at a time, its lines measured without a Python step each
        end = text.rfind("\n", start, start + _CHUNK) + 1 if start + _CHUNK < size else size
        if end <= start:
            end = text.find("\n", start + _CHUNK) + 1 or size
        longest = max(longest, *map(len, text[start:end].splitlines(keepends=True)))
        start = end
    return longest


def _is_blank(cells: list[str]) -> bool:
    """Whether a record is a blank line (no cell, or one of spaces and tabs only)."""
    return not cells or (len(cells) == 1 and not cells[0].strip(" \t"))


def _header(given: list[str], line: int, rows: _Rows) -> list[str]:
    """The column names of a header row (lower case, aliases resolved); repeats reported."""
    header = [_ALIASES.get(h.strip().lower(), h.strip().lower()) for h in given]
    seen: dict[str, int] = {}
    for index, column in enumerate(header, start=1):
        if column in seen:
            rows.add(
                f"line {line}",
                column,
                f"the column appears twice in the header (columns {seen[column]} and "
                f"{index}); give each column once",
                column,
            )
        else:
            seen[column] = index
    return header


def _wrong_width(
    rows: _Rows, line: int, cells: list[str], width: int, *, quick: bool = True
) -> None:
    """Report a row with more or fewer cells than the header has columns.

    On the quick way (``quick``) a blank line is a record of its own: it is skipped.
    """
    if quick and _is_blank(cells):
        return
    rows.add(
        f"line {line}",
        None,
        f"the row has {len(cells)} cells but the header has {width} columns "
        "(an unquoted comma in a number, such as 1,234, makes an extra cell); "
        "give one cell per column, blank if unknown",
        ",".join(cells),
    )


def _read_csv(text: str, rows: _Rows) -> tuple[list[str], Iterable[tuple[int, list[str]]]]:
    """The header and the rows of CSV text (line number and cells), read one at a time.

    ``#`` comments and blank lines between records are skipped; a cell too long is
    reported. A row may have the wrong number of cells: its reader reports it with
    :func:`_wrong_width`.

    A text without quotes, comments, long lines or unusual line breaks (most files) is
    read the quick way: every line is one record, numbered by its place, and the ``csv``
    module splits them without a Python step per line. Any other text is read line by
    line, comments and blank lines taken out before the ``csv`` module sees them.
    """
    if (
        _UNPLAIN_RE.search(text) is None
        and ("#" not in text or not _has_comment(text))
        and (len(text) <= _reading.MAX_TEXT or _longest_line(text) <= _reading.MAX_TEXT)
    ):
        reader = csv.reader(_chunked_lines(text), strict=True)
        for given in reader:
            if not _is_blank(given):
                break
        else:
            rows.add("", None, "the file has no header row")
            return [], ()
        if len(given) > 1:  # a one-column file is read the other way (a blank line fits it)
            line = reader.line_num
            return _header(given, line, rows), enumerate(reader, start=line + 1)
    opened = _unclosed_quote(text)
    if opened is not None:
        rows.add(
            f"line {opened}",
            None,
            "a quoted cell opened on this line is never closed, so every line after it would "
            'be read as part of it; close the quote (write a quote inside a cell as "")',
        )
        return [], ()
    first = [0]
    reader = csv.reader(_record_lines(text, first), strict=True)
    try:
        given = next(reader)
    except StopIteration:
        rows.add("", None, "the file has no header row")
        return [], ()
    except csv.Error as exc:
        rows.add(f"line {first[0]}", None, f"cannot read the CSV header: {exc}")
        return [], ()
    header = _header(given, first[0], rows)
    return header, _csv_rows(reader, first, header, rows)


def _csv_rows(
    reader: Iterator[list[str]], first: list[int], header: list[str], rows: _Rows
) -> Iterator[tuple[int, list[str]]]:
    """The records of the careful way, each with the number of its first line."""
    longest = _reading.MAX_TEXT
    while True:
        first[0] = 0
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            rows.add(f"line {first[0]}", None, f"cannot read the CSV row: {exc}")
            return
        line = first[0]
        if len(cells) != len(header):
            _wrong_width(rows, line, cells, len(header), quick=False)
            continue
        if header and max(map(len, cells)) > longest:
            for column, cell in zip(header, cells, strict=True):
                if len(cell) > longest:
                    rows.add(
                        f"line {line}",
                        column,
                        f"a cell must not be longer than {longest:,} characters",
                        cell,
                    )
        yield line, cells


def _csv_entries(
    header: list[str], records: Iterable[tuple[int, list[str]]], rows: _Rows
) -> Iterator[_Row]:
    """Rows as ``where`` and cells by column, for the readers of one row at a time."""
    width = len(header)
    for line, cells in records:
        if len(cells) != width:
            _wrong_width(rows, line, cells, width)
            continue
        yield f"line {line}", dict(zip(header, cells, strict=True))


# --------------------------------------------------------------------------- CSV streamed


class _NotPlain(SafeguardingPlanError):  # noqa: N818 - private; the file is read whole then
    """A file that is not plain enough to stream: it is read whole, the careful way if need be."""


_ODD_BYTES = (b'"', b"\v", b"\f", b"\x1c", b"\x1d", b"\x1e")
"""The bytes of :data:`_UNPLAIN_RE`'s characters below 128."""

_ODD_SEQUENCES = (b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9")
"""The UTF-8 bytes of :data:`_UNPLAIN_RE`'s other characters (U+0085, U+2028, U+2029)."""

_COMMENT_BYTES_RE = re.compile(rb"(?:^|[\r\n])[ \t]*#")
"""A ``#`` comment line in a piece of a file's bytes (a piece starts a line)."""


def _pieces(path: pathlib.Path, limit: int) -> Iterator[bytes]:
    """A file's bytes a megabyte or so at a time, each piece ending after a line feed.

    Raises:
        _NotPlain: if the file is larger than ``limit`` bytes or has a line longer than
            :data:`~safeguarding_plan._reading.MAX_TEXT` bytes (its reading says why).
        OSError: if it cannot be read.
    """
    longest = _reading.MAX_TEXT
    total = 0
    rest = b""
    with path.open("rb") as stream:
        while block := stream.read(_CHUNK):
            total += len(block)
            if total > limit:
                raise _NotPlain
            block = rest + block if rest else block
            end = block.rfind(b"\n") + 1
            rest = block[end:]
            if len(rest) >= longest:
                raise _NotPlain
            if end:
                yield block[:end] if rest else block
    if rest:
        yield rest


def _plain_bytes(path: pathlib.Path, limit: int) -> bool:
    """Whether a file can be streamed the quick way: what :func:`_read_csv` asks of a text.

    No quote, no line break that CSV does not share with ``str.splitlines``, no ``#``
    comment line, no line longer than a cell may be (line end included), no second
    byte-order mark; within ``limit`` bytes. Read a megabyte at a time, never whole.
    """
    first = True
    try:
        for given in _pieces(path, limit):
            piece = given
            if first:
                piece = piece.removeprefix(_BOM_BYTES)
                first = False
                if piece.startswith(_BOM_BYTES):
                    return False
            if not _plain_piece(piece):
                return False
    except (_NotPlain, OSError):
        return False
    return True


def _plain_piece(piece: bytes, *, measured: bool = True) -> bool:
    """Whether a piece of a file (see :func:`_plain_bytes`) may be read the quick way.

    ``measured=False`` leaves out the length of its lines (measured once decoded).
    """
    return not (
        any(odd in piece for odd in _ODD_BYTES)
        or (not piece.isascii() and any(odd in piece for odd in _ODD_SEQUENCES))
        or (b"#" in piece and _COMMENT_BYTES_RE.search(piece) is not None)
        or (measured and not _lines_within(piece, _reading.MAX_TEXT))
    )


def _lines_within(piece: bytes, longest: int) -> bool:
    """Whether every line of ``piece``, its line feed counted, is at most ``longest`` bytes.

    A line feed is looked for in each stretch of ``longest`` bytes from a line's start,
    so a megabyte takes a few searches, not a step a line.
    """
    position, size = 0, len(piece)
    while size - position >= longest:
        end = piece.rfind(b"\n", position, position + longest)
        if end < 0:
            return False
        position = end + 1
    return True


def _streamed_lines(path: pathlib.Path, limit: int) -> Iterator[str]:
    """The lines of a plain file with their ends, decoded a megabyte at a time.

    Raises:
        _NotPlain: if the file changed since it was found plain, or is not UTF-8.
    """
    return itertools.chain.from_iterable(_streamed_chunks(path, limit))  # no step a line


def _streamed_chunks(path: pathlib.Path, limit: int) -> Iterator[list[str]]:
    """The lines of a plain file, a megabyte of them at a time (see _streamed_lines)."""
    first = True
    for piece in _pieces(path, limit):
        if not _plain_piece(piece, measured=False):  # the file changed since it was scanned
            raise _NotPlain
        try:
            text = piece.decode("utf-8")
        except UnicodeDecodeError:
            raise _NotPlain from None
        if first:
            text = _reading.strip_bom(text)
            first = False
        lines = text.splitlines(keepends=True)
        if lines and max(map(len, lines)) > _reading.MAX_TEXT:
            raise _NotPlain
        yield lines


def _streamed_csv(
    path: pathlib.Path, rows: _Rows
) -> tuple[list[str], Iterator[tuple[int, list[str]]]] | None:
    """The header and rows of a plain CSV file, streamed: its text is never held whole.

    What :func:`_read_csv` gives for the file's text, which it reads the same quick way.
    None for a file that is not plain (:func:`_plain_bytes`), that starts with a line
    read as a comment, or has no header or a header of one column: read it whole then.

    Raises:
        _NotPlain: while the rows are read, if the file changes or is not UTF-8 (read it
            whole then, afresh).
        OSError: if the file cannot be read (read it whole then, which says why).
    """
    limit = _reading.MAX_DATA_FILE_BYTES
    if not _plain_bytes(path, limit):
        return None
    lines = _streamed_lines(path, limit)
    leading: list[str] = []
    for line in lines:  # a leading line that reads as a comment: read whole
        leading.append(line)
        stripped = line.strip()
        if stripped:
            if stripped.startswith("#"):
                return None
            break
    else:
        return None  # no header: read whole, which says so
    reader = csv.reader(itertools.chain(leading, lines), strict=True)
    for given in reader:
        if not _is_blank(given):
            break
    else:
        return None
    if len(given) < 2:  # a one-column file is read the careful way
        return None
    number = reader.line_num
    return _header(given, number, rows), enumerate(reader, start=number + 1)


def _streamed_observations(
    path: pathlib.Path,
    plan: Plan,
    *,
    markers: Sequence[str],
    withheld: WithheldRange | str | None,
) -> ProgressData | None:
    """A plain CSV file's observations, streamed (:func:`_streamed_csv`).

    The same rows, problems and observations as :func:`loads_progress` on the file's text:
    a file that is not plain, not UTF-8, too large, or not of observations gives None,
    and is read whole.

    Raises:
        ObservationError: naming the file, with every problem found.
    """
    name = str(path)
    rows = _Rows(name)
    default = _as_range(rows, withheld)
    try:
        streamed = _streamed_csv(path, rows)
        if streamed is None:
            return None
        header, entries = streamed
        if _csv_kind(header) != "observations" or not _check_columns(
            rows, "observations", header, "header"
        ):
            return None
        found = _csv_observations(header, entries, rows, plan, markers, withheld=default)
    except (_NotPlain, OSError):
        return None
    if rows.total:
        raise ObservationError(rows.found(), name, total=rows.total)
    return ProgressData(observations=tuple(found), action_updates=(), assessments=())


# --------------------------------------------------------------------------- CSV observations

_PLAIN_COLUMNS = frozenset(
    ("indicator", "period", "value", "numerator", "denominator", "unit", "source", "note",
     "comparator")
)  # fmt: skip
"""The columns :func:`_observation_reader` reads itself."""

_REMARK_COLUMNS = (*COMMENTARY_COLUMNS, "action_due")
"""The owner's remarks: a row whose remark cells are all blank reads as if the columns were
absent; a row with a remark is read in full by :func:`_observation` (a few rows of a large
file)."""

_QUICK_COLUMNS = _PLAIN_COLUMNS.union(_REMARK_COLUMNS)
"""The columns a file may have and still be read the quick way. A file with any other
column is read row by row by :func:`_observation` alone (so a new optional column needs
adding there, and here only for speed)."""

_UNSEEN: Any = object()

_SHARED = 1 << 16
"""How many distinct figures, and sources and notes, the quick way remembers and shares."""


def _known_indicator(plan: Plan, cell: str) -> Indicator | None:
    """The indicator an id cell names (None if blank or unknown: read in full then)."""
    indicator_id = _id_text(cell)
    if indicator_id is None:
        return None
    try:
        return plan.indicator(indicator_id)
    except LookupError:
        return None


def _plain_period(cell: str, last: dt.date) -> Period | None:
    """The period a cell names (None if blank, unreadable or after ``last``)."""
    text = _text(cell)
    if text is None:
        return None
    try:
        period = parse_period(text)
    except PeriodError:
        return None
    return None if period.end > last else period


def _plain_number(text: str) -> float | None:
    """A plain decimal number within the limits (None for anything else: read in full then)."""
    if len(text) > 40 or _NUMBER_RE.fullmatch(text) is None:
        return None
    number = float(text)
    return None if abs(number) > _reading.MAX_NUMBER else number


@contextlib.contextmanager
def _no_collections() -> Iterator[None]:
    """No garbage collections meanwhile: a million new objects, none of them in a cycle."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _csv_observations(
    header: list[str],
    records: Iterable[tuple[int, list[str]]],
    rows: _Rows,
    plan: Plan,
    markers: Sequence[str],
    *,
    withheld: WithheldRange | None = None,
) -> list[Observation]:
    """The observations of CSV rows of one plan (see :func:`_observation_reader`)."""
    reader = _observation_reader(header, rows, plan, markers, withheld=withheld)
    next(reader)
    with _no_collections():
        reader.send(records)  # every row in one batch: no step a row to hand it over
    return _read_out(reader)


def _read_out(reader: _Reader) -> list[Observation]:
    """The observations a reader has read, once it is told the rows are over."""
    try:
        reader.send(None)
    except StopIteration as stop:
        found: list[Observation] = stop.value
        return found
    raise ObservationError(  # pragma: no cover - a reader stops when the rows are over
        [Problem(location="", message="internal: an observation reader did not stop")]
    )


_Reader = Generator[None, "Iterable[tuple[int, list[str]]] | None", list[Observation]]
"""Sent rows (line number and cells) of one plan's observations, in batches, then None."""


def _observation_reader(
    header: list[str],
    rows: _Rows,
    plan: Plan,
    markers: Sequence[str],
    *,
    label: Callable[[int], str] = _line_label,
    original: Callable[[int], Mapping[str, object]] | None = None,
    withheld: WithheldRange | None = None,
    numbered: str | None = "line ",
) -> _Reader:
    """Read rows sent in batches; return their observations, checked as in _observation.

    Most rows of a large file are plain (a known id, a period, a number or a marker, blank
    or matching unit, text without refused characters, no duplicate). Those are read here
    with each id, period and marker looked up once per file, and their observations built
    from the checked figures. Any other row is read by :func:`_observation`, which reports
    every problem of it; a row is never accepted here that it would refuse.

    ``numbered`` is the text ``label`` puts before a row's number (``label(7)`` is
    ``"line 7"``), or None if it is not of that form: each observation keeps its
    number then, not a text of its own.
    """
    seen = _Firsts(label, numbered=numbered is not None)
    out, lines = seen.out, seen.lines
    keep_lines = numbered is None  # else each observation read quickly keeps its own

    def in_full(line: int, cells: list[str]) -> None:
        item = _observation(
            rows,
            label(line),
            cells=dict(zip(header, cells, strict=False)) if original is None else original(line),
            plan=plan,
            markers=markers,
            seen=seen,
            line=line,
            withheld=withheld,
        )
        if item is not None:
            out.append(item)
            if keep_lines:
                lines.append(line)

    width = len(header)
    if rows.total or not _QUICK_COLUMNS.issuperset(header):
        while (batch := (yield)) is not None:
            for line, cells in batch:
                if len(cells) != width:
                    _wrong_width(rows, line, cells, width)
                else:
                    in_full(line, cells)
        return out
    position = {column: index for index, column in enumerate(header)}
    blank = width  # a column the file lacks reads the blank cell added at the end
    pad = not _PLAIN_COLUMNS.issubset(position)
    remarks_at = [position[column] for column in _REMARK_COLUMNS if column in position]
    at_indicator, at_period = position["indicator"], position["period"]
    at_value, at_numerator, at_denominator, at_unit, at_source, at_note, at_comparator = (
        position.get(column, blank)
        for column in (
            "value", "numerator", "denominator", "unit", "source", "note", "comparator"
        )
    )  # fmt: skip
    declared = {c.id for c in plan.comparators}
    comparators: dict[str, str | None] = {}  # per comparator cell: its id, if declared
    # per id cell: the indicator, its id, whether a percentage, its unit, its periods seen
    indicators: dict[str, tuple[Indicator, str, bool, str, bytearray] | None] = {}
    periods: dict[str, tuple[Period, int] | None] = {}  # per period cell: it and its number
    folded = {m.casefold() for m in markers}
    marker_ok: dict[str, bool] = {}
    last = plan.end.end
    numbers: dict[str, float | None] = {}  # each figure's text read once: one float shared
    plain_first = all(_plain_number(m.strip()) is None for m in markers)
    texts: dict[str, str] = {}  # each source and note checked once: one text shared
    refused = _refused_character
    build = _trusted_observation
    prefix = f"{rows.name}, " if rows.name else ""  # an observation's location: file, row
    if numbered is not None:
        prefix += numbered  # shared by every row; each observation keeps its number
    while (batch := (yield)) is not None:
        for line, cells in batch:
            if len(cells) != width:
                _wrong_width(rows, line, cells, width)
                continue
            if pad:
                cells.append("")
            if remarks_at and any(cells[at] and cells[at].strip() for at in remarks_at):
                in_full(line, cells)  # a remark: read in full (blank ones read as absent)
                continue
            raw = cells[at_indicator]
            known = indicators.get(raw, _UNSEEN)
            if known is _UNSEEN:
                indicator = _known_indicator(plan, raw)
                known = indicators[raw] = (
                    None
                    if indicator is None
                    else (
                        indicator,
                        indicator.id,
                        indicator.is_percent,
                        indicator.unit,
                        seen.members.setdefault((indicator.id, None), bytearray()),
                    )
                )
            raw = cells[at_period]
            numbered_period = periods.get(raw, _UNSEEN)
            if numbered_period is _UNSEEN:
                period = _plain_period(raw, last)
                numbered_period = periods[raw] = (
                    None if period is None else (period, seen.number(period))
                )
            if known is None or numbered_period is None:
                in_full(line, cells)
                continue
            indicator, indicator_id, percent, unit, mine = known
            period, period_number = numbered_period
            value_text = cells[at_value].strip()
            numerator_text = cells[at_numerator]  # mostly blank: stripped only when not
            if numerator_text:
                numerator_text = numerator_text.strip()
            denominator_text = cells[at_denominator]
            if denominator_text:
                denominator_text = denominator_text.strip()
            suppressed: str | None = None
            # a figure read before is no marker (unless a marker looks like a number)
            written: float | None = numbers.get(value_text) if plain_first else None
            value: float | None = None
            numerator: float | None = None
            denominator: float | None = None
            if written is None and value_text and value_text.casefold() in folded:
                fine = marker_ok.get(value_text)
                if fine is None:
                    fine = marker_ok[value_text] = refused(value_text) is None
                if not fine or numerator_text or denominator_text:
                    in_full(line, cells)
                    continue
                suppressed = value_text
            else:
                if value_text and written is None:
                    text = value_text
                    if text.endswith("%"):
                        if not percent:
                            in_full(line, cells)
                            continue
                        text = text[:-1].strip()
                    written = numbers.get(text, _UNSEEN)
                    if written is _UNSEEN:
                        written = _plain_number(text)
                        if len(numbers) < _SHARED:
                            numbers[text] = written
                    if written is None:
                        in_full(line, cells)
                        continue
                if numerator_text or denominator_text:
                    if numerator_text:
                        numerator = numbers.get(numerator_text, _UNSEEN)
                        if numerator is _UNSEEN:
                            numerator = _plain_number(numerator_text)
                            if len(numbers) < _SHARED:
                                numbers[numerator_text] = numerator
                    if denominator_text:
                        denominator = numbers.get(denominator_text, _UNSEEN)
                        if denominator is _UNSEEN:
                            denominator = _plain_number(denominator_text)
                            if len(numbers) < _SHARED:
                                numbers[denominator_text] = denominator
                    if (
                        (numerator is None and numerator_text)
                        or (denominator is None and denominator_text)
                        or observation_problems(
                            indicator,
                            value=written,
                            numerator=numerator,
                            denominator=denominator,
                            written=written,
                        )
                    ):
                        in_full(line, cells)
                        continue
                    value = written
                    if value is None:
                        value = _share(indicator, numerator or 0.0, denominator or 1.0)
                elif written is None or (
                    (percent and not 0.0 <= written <= 100.0)
                    or (written < 0.0 and unit == "count")
                ):
                    in_full(line, cells)  # no figure, or one out of range
                    continue
                else:
                    value = written
            unit_text = cells[at_unit]
            if unit_text and unit_text.strip() and unit_text.strip() != unit:
                in_full(line, cells)
                continue
            source_text = cells[at_source]
            source = (source_text.strip() or None) if source_text else None
            if source is not None:
                shared = texts.get(source)
                if shared is not None:
                    source = shared
                elif refused(source) is not None:
                    in_full(line, cells)
                    continue
                elif len(texts) < _SHARED:
                    texts[source] = source
            note_text = cells[at_note]
            note = (note_text.strip() or None) if note_text else None
            if note is not None:
                shared = texts.get(note)
                if shared is not None:
                    note = shared
                elif refused(note) is not None:
                    in_full(line, cells)
                    continue
                elif len(texts) < _SHARED:
                    texts[note] = note
            comparator = None
            raw = cells[at_comparator]
            if raw and raw.strip(" "):
                comparator = comparators.get(raw, _UNSEEN)
                if comparator is _UNSEEN:
                    given = _id_text(raw)
                    comparator = comparators[raw] = given if given in declared else None
                if comparator is None:
                    in_full(line, cells)  # not declared: reported there
                    continue
                mine = seen.members.setdefault((indicator_id, comparator), bytearray())
            if period_number < len(mine):
                if mine[period_number]:
                    in_full(line, cells)  # reported there, with the first row's line
                    continue
            else:
                mine.extend(bytes(period_number + 64 - len(mine)))
            mine[period_number] = 1
            out.append(
                build(
                    indicator_id, period, value, numerator, denominator, suppressed, source, note,
                    comparator, None if suppressed is None else withheld,
                    prefix if numbered is not None else prefix + label(line),
                    line if numbered is not None else None,
                )
            )  # fmt: skip
            if keep_lines:
                lines.append(line)
    return out


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
    for number, line in enumerate(_lines(text), start=1):  # never a copy of the text
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
        _reading.check_size(text, _limit(format))
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
        elif csv_kind == "observations" and _check_columns(rows, csv_kind, header, "header"):
            found[csv_kind] = _csv_observations(
                header, entries, rows, plan, markers, withheld=declared
            )
        elif csv_kind is not None and _check_columns(rows, csv_kind, header, "header"):
            found[csv_kind] = _records(
                csv_kind, rows, _csv_entries(header, entries, rows), plan, markers,
                withheld=declared,
            )
    else:  # pragma: no cover - guarded by the type
        rows.add("", None, "the format must be 'csv' or 'json'", format)  # type: ignore[unreachable]
    if rows.total:
        raise ObservationError(rows.found(), name, total=rows.total)
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


def _limit(format: str) -> int:  # noqa: A002
    """The largest text read: a CSV file is read row by row, so it may be larger."""
    return _reading.MAX_DATA_FILE_BYTES if format == "csv" else _reading.MAX_FILE_BYTES


def _read_text(path: pathlib.Path, limit: int | None = None) -> str:
    try:
        return _reading.read_text(path, limit)
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
    if fmt == "csv":  # a plain file of observations is streamed, never held whole
        streamed = _streamed_observations(path, plan, markers=markers, withheld=withheld)
        if streamed is not None:
            return streamed
    text = _read_text(path, _limit(fmt))
    return loads_progress(
        text, plan, format=fmt, name=str(path), markers=markers, withheld=withheld
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


PLAN_COLUMN = "plan"
"""The column of a file of many plans' observations that names each row's plan (its id)."""

AREA_COLUMN = "area"
"""Instead of :data:`PLAN_COLUMN`: the column naming each row's area, by a code or name
one of the plans declares in its ``areas`` (``E08000007``, ``356``, ``Stockport``)."""


def loads_observations_by_plan(
    text: str,
    plans: Iterable[Plan],
    *,
    name: str | None = None,
    markers: Sequence[str] = DEFAULT_SUPPRESSION_MARKERS,
    withheld: WithheldRange | str | None = None,
) -> dict[str, tuple[Observation, ...]]:
    r"""Read CSV text of many plans' observations, each row checked against its own plan.

    The text has the columns of an observations file and one more: ``plan``, holding the
    id of the plan each row belongs to, or ``area``, holding a code or name of the area
    that one of the plans declares in its :attr:`~safeguarding_plan.Plan.areas` (as a
    national dataset has a row per council, indicator and period, naming the council by
    its ONS code, DfE number or name; matched ignoring case and spaces around it). It is
    read in one pass: each row goes to its plan's reader,
    which checks it as :func:`loads_observations` would (ids, periods, units, figures,
    duplicates within that plan). Give the result to
    :func:`~safeguarding_plan.evaluate_many`. (CSV only: a JSON file holds one plan's.)

    What the suppression markers hide is said as for :func:`loads_progress`: a row's own
    ``withheld`` cell, else a ``# withheld: dfe`` comment before the header, else
    ``withheld``; without any, each plan's own ``withheld`` applies when it is judged.

    Returns:
        Every plan's observations, by plan id, in the order of ``plans`` (a plan with no
        rows has none).

    Raises:
        ObservationError: with every problem found (at most 20 of each kind, then a
            count), each naming the line and column: an unknown or missing plan id or
            area, both columns given, and anything :func:`loads_observations` reports.
        InvalidValueError: if two plans have the same id, or name the same area.

    Example:
        >>> from safeguarding_plan import loads_observations_by_plan
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> text = '''plan,indicator,period,value
        ... stockport-2023-26,s42-non-conversion,2023/24,66
        ... stockport-2023-26,msp-asked,2023/24,70
        ... '''
        >>> found = loads_observations_by_plan(text, [stockport_2023_26()])
        >>> [(o.indicator, o.value) for o in found["stockport-2023-26"]]
        [('s42-non-conversion', 66.0), ('msp-asked', 70.0)]
        >>> loads_observations_by_plan(text.replace("stockport-2023-26,m", "stockport,m"),
        ...                            [stockport_2023_26()], name="all.csv")
        Traceback (most recent call last):
        ...
        safeguarding_plan.errors.ObservationError: all.csv: 1 problem
          - all.csv, line 3, column plan: no plan has this id; did you mean
          'stockport-2023-26'? (given: 'stockport')

        A national dataset names each council by its area code instead:

        >>> import attrs
        >>> stockport = attrs.evolve(stockport_2023_26(), areas=("E08000007", "Stockport"))
        >>> found = loads_observations_by_plan(
        ...     "area,indicator,period,value\n"
        ...     "E08000007,s42-non-conversion,2023/24,66\n", [stockport])
        >>> found["stockport-2023-26"][0].value
        66.0
    """
    by_id, by_area = _plans_and_areas(plans)
    rows = _Rows(name)
    try:
        _reading.check_size(text, _reading.MAX_DATA_FILE_BYTES)
    except _reading.ReadProblem as exc:
        raise ObservationError(
            [Problem(location=name or "", message=exc.message, value=exc.value)], name
        ) from None
    text = _reading.strip_bom(text)
    declared = _csv_withheld(text, rows) or _as_range(rows, withheld)
    header, entries = _read_csv(text, rows)
    return _plans_rows(header, entries, rows, by_id, by_area, markers, declared)


def _plans_rows(  # noqa: PLR0917 - its two callers pass what they read
    header: list[str],
    entries: Iterable[tuple[int, list[str]]],
    rows: _Rows,
    by_id: dict[str, Plan],
    by_area: dict[str, str],
    markers: Sequence[str],
    declared: WithheldRange | None,
) -> dict[str, tuple[Observation, ...]]:
    """Many plans' observations from the header and rows of a CSV file, by plan id.

    Raises:
        ObservationError: with every problem found.
    """
    found: dict[str, list[Observation]] = {}
    column = _plan_column(header, rows, "header") if header else None
    if header and column is not None:
        at_plan = header.index(column)
        rest = header[:at_plan] + header[at_plan + 1 :]
        if _check_columns(rows, "observations", rest, "header"):
            found = _by_plan(
                entries, header, (at_plan, column), rest, rows, by_id, by_area, markers,
                withheld=declared,
            )  # fmt: skip
    if rows.total:
        raise ObservationError(rows.found(), rows.name, total=rows.total)
    return {key: tuple(found.get(key, ())) for key in by_id}


def _plans_and_areas(plans: Iterable[Plan]) -> tuple[dict[str, Plan], dict[str, str]]:
    """The plans by id, and their ids by each area's :func:`area_key`.

    Raises:
        InvalidValueError: if two plans have the same id, or name the same area.
    """
    by_id: dict[str, Plan] = {}
    by_area: dict[str, str] = {}
    for plan in plans:
        if plan.id in by_id:
            raise InvalidValueError("plans", "two plans have the same id", plan.id)
        by_id[plan.id] = plan
        for area in plan.areas:
            other = by_area.setdefault(area_key(area), plan.id)
            if other != plan.id:
                raise InvalidValueError(
                    "plans", f"the plans {other!r} and {plan.id!r} both name this area", area
                )
    return by_id, by_area


def _plan_column(header: Sequence[str], rows: _Rows, where: str) -> str | None:
    """``plan`` or ``area``, whichever the header has; a problem if neither or both."""
    given = [column for column in (PLAN_COLUMN, AREA_COLUMN) if column in header]
    if not given:
        rows.add(
            where, None,
            f"the required column {PLAN_COLUMN!r} (plan ids) or {AREA_COLUMN!r} (the "
            "areas the plans declare) is missing",
        )  # fmt: skip
        return None
    if len(given) > 1:
        rows.add(
            where, AREA_COLUMN, f"give the column {PLAN_COLUMN!r} or {AREA_COLUMN!r}, not both"
        )
        return None
    return given[0]


def _plan_of(
    given: str | None,
    column: str,
    plans: Mapping[str, Plan],
    by_area: Mapping[str, str],
) -> tuple[str | None, str | None]:
    """The plan id a row's ``plan`` or ``area`` cell names, or the problem with it."""
    if given is None:
        return None, "an area is required" if column == AREA_COLUMN else "a plan id is required"
    if column == AREA_COLUMN:
        found = by_area.get(area_key(given))
        return (found, None) if found is not None else (None, _unknown_area(given, plans))
    if given in plans:
        return given, None
    return None, f"no plan has this id{_suggest(plans, given)}"


def _by_plan(  # noqa: PLR0917 - the one caller passes what it read
    entries: Iterable[tuple[int, list[str]]],
    header: list[str],
    where: tuple[int, str],
    rest: list[str],
    rows: _Rows,
    plans: Mapping[str, Plan],
    by_area: Mapping[str, str],
    markers: Sequence[str],
    *,
    withheld: WithheldRange | None = None,
) -> dict[str, list[Observation]]:
    """Send each row to its plan's reader (made when its first row comes); their results.

    ``where`` is the plan column's place and name (``plan`` or ``area``).
    """
    at_plan, column = where
    readers: dict[str, _Reader] = {}
    ids: dict[str, tuple[str | None, str | None, str | None]] = {}
    width = len(header)
    with _no_collections():
        for line, cells in entries:
            if len(cells) != width:
                _wrong_width(rows, line, cells, width)
                continue
            raw = cells.pop(at_plan)
            known = ids.get(raw)
            if known is None:
                given = _id_text(raw)
                known = ids[raw] = (given, *_plan_of(given, column, plans, by_area))
            given, plan_id, problem = known
            reader = readers.get(plan_id) if plan_id is not None else None
            if reader is None:
                if problem is not None:
                    kind = None if given is None else "unknown id"
                    rows.add(f"line {line}", column, problem, given, kind=kind)
                    continue
                assert plan_id is not None  # noqa: S101 - no problem means a plan
                reader = readers[plan_id] = _observation_reader(
                    rest, rows, plans[plan_id], markers, withheld=withheld
                )
                next(reader)
            reader.send(((line, cells),))
    return {plan_id: _read_out(reader) for plan_id, reader in readers.items()}


def _unknown_area(given: str, plans: Mapping[str, Plan]) -> str:
    """The message for an area no plan names, with the nearest one some plan does."""
    areas = [area for plan in plans.values() for area in plan.areas]
    if not areas:
        return (
            "no plan names this area: none of the plans declares its areas (give each plan "
            "its 'areas', or the file a 'plan' column of plan ids)"
        )
    return f"no plan names this area{_suggest(areas, given)}"


def load_observations_by_plan(
    path: str | pathlib.Path,
    plans: Iterable[Plan],
    *,
    markers: Sequence[str] = DEFAULT_SUPPRESSION_MARKERS,
    withheld: WithheldRange | str | None = None,
) -> dict[str, tuple[Observation, ...]]:
    r"""Read a CSV file of many plans' observations (see :func:`loads_observations_by_plan`).

    Raises:
        ObservationError: naming the file, with every problem found.

    Example:
        >>> import pathlib, tempfile
        >>> from safeguarding_plan import load_observations_by_plan
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = pathlib.Path(folder) / "national.csv"
        ...     _ = path.write_text("plan,indicator,period,value\n"
        ...                         "stockport-2023-26,sar-referrals,2023/24 Q1,4\n")
        ...     found = load_observations_by_plan(path, [stockport_2023_26()])
        >>> found["stockport-2023-26"][0].value
        4.0
    """
    path = pathlib.Path(path)
    if _format_of(path) != "csv":
        raise ObservationError(
            [
                Problem(
                    location=str(path),
                    message="observations of many plans are read from a CSV file with a "
                    f"{PLAN_COLUMN!r} column",
                    value=path.suffix,
                )
            ],
            str(path),
        )
    plans = list(plans)  # read twice if the file is not streamed
    by_id, by_area = _plans_and_areas(plans)
    rows = _Rows(str(path))
    declared = _as_range(rows, withheld)
    try:  # a plain file is streamed, never held whole (as load_observations does)
        streamed = _streamed_csv(path, rows)
        if streamed is not None:
            return _plans_rows(*streamed, rows, by_id, by_area, markers, declared)
    except (_NotPlain, OSError):
        pass
    text = _read_text(path, _reading.MAX_DATA_FILE_BYTES)
    return loads_observations_by_plan(
        text, plans, name=str(path), markers=markers, withheld=withheld
    )


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
    found = _records_into(
        records, plan, rows, markers=markers, where=where, withheld=_as_range(rows, withheld)
    )
    if rows.total:
        raise ObservationError(rows.found(), name, total=rows.total)
    return tuple(found)


def _records_into(
    records: Iterable[Mapping[str, object]],
    plan: Plan,
    rows: _Rows,
    *,
    markers: Sequence[str],
    where: Callable[[int], str],
    withheld: WithheldRange | None,
) -> list[Observation]:
    """The observations of :func:`observations_from_records`, problems added to ``rows``."""
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
    return _records("observations", rows, entries, plan, markers, withheld=withheld)


def _frame_columns(frame: Any, name: str) -> list[str]:
    """A frame's column names as text; refused (every one named) if any appears twice."""
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
    return columns


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
    columns = _frame_columns(frame, name)
    rows = _Rows(name)
    found = _frame_into(
        frame, columns, plan, rows, markers=markers, withheld=_as_range(rows, withheld)
    )
    if rows.total:
        raise ObservationError(rows.found(), name, total=rows.total)
    return tuple(found)


def _frame_into(
    frame: Any,
    columns: list[str],
    plan: Plan,
    rows: _Rows,
    *,
    markers: Sequence[str],
    withheld: WithheldRange | None,
) -> list[Observation]:
    """The observations of :func:`observations_from_dataframe`, problems added to ``rows``.

    ``columns`` are the frame's column names, already checked.
    """
    counted = _counted_from_zero(frame.index)
    labels: Sequence[Any] = range(len(frame.index)) if counted else list(frame.index)
    header = [_ALIASES.get(c, c) for c in columns]
    series = dict(zip(header, (frame.iloc[:, n] for n in range(len(header))), strict=True))
    values = {column: cells.tolist() for column, cells in series.items()}
    texts = _frame_texts(header, values, series)
    if texts is None:  # something only the general reader handles: read it that way
        records = frame.to_dict(orient="records")
        return _records_into(
            records, plan, rows, markers=markers, where=lambda i: f"row {labels[i]}",
            withheld=withheld,
        )  # fmt: skip
    # The quick way's columns the frame lacks, as blank ones (what a missing column reads):
    # each row is then the tuple zip makes, not a list padded with a blank cell.
    lacking = sorted(_PLAIN_COLUMNS.difference(header))
    blank = [""] * len(labels)
    reader = _observation_reader(
        header + lacking,
        rows,
        plan,
        markers,
        label=lambda i: f"row {labels[i]}",
        original=lambda i: {column: values[column][i] for column in header},
        withheld=withheld,
        numbered="row " if counted else None,
    )
    next(reader)
    with _no_collections():
        rows_of_cells = zip(*texts, *[blank] * len(lacking), strict=True)
        # tuples, not lists: a row is padded only when a column lacks, and none does
        reader.send(enumerate(cast("Iterator[list[str]]", rows_of_cells)))
    return _read_out(reader)


def _counted_from_zero(index: Any) -> bool:
    """Whether a frame's index is 0, 1, 2... (pandas' default): row ``i`` is ``row i``."""
    return (
        type(index).__name__ == "RangeIndex"
        and getattr(index, "start", None) == 0
        and getattr(index, "step", None) == 1
    )


def observations_by_plan_from_dataframe(
    frame: Any,
    plans: Iterable[Plan],
    *,
    markers: Sequence[str] = DEFAULT_SUPPRESSION_MARKERS,
    name: str = "DataFrame",
    withheld: WithheldRange | str | None = None,
) -> dict[str, tuple[Observation, ...]]:
    """Read many plans' observations from a pandas DataFrame with a ``plan`` or ``area`` column.

    The frame is what :func:`loads_observations_by_plan` reads from a CSV file, already in
    pandas: the columns of an observations file and ``plan`` (each row's plan id) or
    ``area`` (a code or name one of the plans declares in its ``areas``). Each plan's rows
    are read with :func:`observations_from_dataframe`, with its checks; problems are
    located by the frame's index (``row 3``). Give the result to
    :func:`~safeguarding_plan.evaluate_many`.

    Returns:
        Every plan's observations, by plan id, in the order of ``plans``.

    Raises:
        ObservationError: with every problem found: an unknown or missing plan id or
            area (at most 20 of each kind, then a count), and what
            :func:`observations_from_dataframe` finds in each plan's rows.
        InvalidValueError: if two plans have the same id, or name the same area.

    Example:
        >>> import pandas as pd
        >>> from safeguarding_plan import observations_by_plan_from_dataframe
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> frame = pd.DataFrame({"plan": ["stockport-2023-26", "stockport-2023-26"],
        ...                       "indicator": ["s42-non-conversion"] * 2,
        ...                       "period": ["2023/24 Q1", "2023/24 Q2"], "value": [80, 75]})
        >>> found = observations_by_plan_from_dataframe(frame, [stockport_2023_26()])
        >>> [(str(o.period), o.value) for o in found["stockport-2023-26"]]
        [('2023/24 Q1', 80.0), ('2023/24 Q2', 75.0)]
    """
    by_id, by_area = _plans_and_areas(plans)
    rows = _Rows(name)
    columns = _frame_columns(frame, name)
    column = _plan_column(columns, rows, "")
    if column is None:
        raise ObservationError(rows.found(), name, total=rows.total)
    at_plan = columns.index(column)
    labels = frame.index.tolist()
    known: dict[object, tuple[str | None, str | None, str | None]] = {}
    positions: dict[str, list[int]] = {}
    for position, cell in enumerate(frame.iloc[:, at_plan].tolist()):
        found = known.get(cell)
        if found is None:
            given = _id_text(cell)
            found = known[cell] = (given, *_plan_of(given, column, by_id, by_area))
        given, plan_id, problem = found
        if plan_id is not None:
            positions.setdefault(plan_id, []).append(position)
        elif problem is not None:
            kind = None if given is None else "unknown id"
            rows.add(f"row {labels[position]}", column, problem, given, kind=kind)
    rest = frame.drop(columns=frame.columns[at_plan])
    rest_columns = columns[:at_plan] + columns[at_plan + 1 :]
    convention = _as_range(rows, withheld)
    out: dict[str, tuple[Observation, ...]] = {}
    for plan_id, plan in by_id.items():
        mine = positions.get(plan_id)
        if not mine:
            out[plan_id] = ()
            continue
        part = rest if len(mine) == len(frame) else rest.iloc[mine]
        # one collector for the whole frame: at most so many problems of a kind in all
        out[plan_id] = tuple(
            _frame_into(part, rest_columns, plan, rows, markers=markers, withheld=convention)
        )
    if rows.total:
        raise ObservationError(rows.found(), name, total=rows.total)
    return out


def _column_texts(column: Any, cells: list[Any]) -> list[str] | None:
    """A float column's or a text column's cells as text at once (None for other columns).

    A float is written in its shortest form, which reads back as the same float; NaN is
    blank. A text column holds text, or NaN or None for blank.
    """
    kind = getattr(column.dtype, "kind", "")
    if kind == "f" and column.dtype.itemsize == 8:
        import numpy as np  # noqa: PLC0415 - pandas brings it

        present: list[int] = np.flatnonzero(~np.isnan(column.to_numpy())).tolist()
        if len(present) == len(cells):
            return list(map(repr, cells))
        texts = [""] * len(cells)  # a column of counts is mostly blank: only the rest written
        for index, text in zip(present, map(repr, map(cells.__getitem__, present)), strict=True):
            texts[index] = text
        return texts
    if kind in ("O", "U") or str(column.dtype).startswith("str"):
        kinds = set(map(type, cells))  # one pass in C, not a Python step a cell
        if kinds <= {str}:
            return cells
        if kinds <= _BLANK_OR_TEXT:
            return [cell if cell.__class__ is str else "" if cell is None or math.isnan(cell)
                    else repr(cell) for cell in cells]  # fmt: skip
    return None


_BLANK_OR_TEXT = frozenset((str, float, type(None)))
"""The kinds of cell a text column of a frame may hold (text; NaN or None for blank)."""


def _frame_texts(
    header: list[str], values: Mapping[str, list[Any]], series: Mapping[str, Any]
) -> list[list[str]] | None:
    """Each column's cells as the text a CSV file would hold, or None to read it in full.

    A blank cell (None, NaN) is empty text, a finite float its shortest form (``70.0``),
    an int its digits; text is itself. A cell of any other kind is a character no check
    passes, so its row is read in full from the frame's own cells. A frame with unknown or
    missing columns, or a cell that is not one value or is too long, is read in full.
    """
    if not _QUICK_COLUMNS.issuperset(header) or not {"indicator", "period"} <= set(header):
        return None
    longest = _reading.MAX_TEXT
    out: list[list[str]] = []
    for column in header:
        whole = _column_texts(series[column], values[column])
        if whole is not None:  # a column of floats, or of text: converted whole
            floats = getattr(series[column].dtype, "kind", "") == "f"  # short texts
            if whole and not floats and max(map(len, whole)) > longest:
                return None
            out.append(whole)
            continue
        cells: list[str] = []
        append = cells.append
        for cell in values[column]:
            kind = cell.__class__
            if kind is str:
                if len(cell) > longest:
                    return None
                append(cell)
            elif kind is float:
                append("" if math.isnan(cell) else repr(cell))
            elif cell is None:
                append("")
            elif kind is int:
                append(str(cell))
            elif not _scalar(cell):
                return None
            else:
                append("\x00")  # a date, a period, a bool...: read in full
        out.append(cells)
    return out


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

