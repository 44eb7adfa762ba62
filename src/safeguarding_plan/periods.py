"""UK financial years and their quarters.

A financial year runs 1 April to 31 March and is written ``2023/24``. Its quarters are
Q1 April-June, Q2 July-September, Q3 October-December and Q4 January-March, written
``2023/24 Q2``. Periods order by their end date (a year sorts before its own Q4, which
ends on the same day but starts later).

Example:
    >>> from safeguarding_plan import parse_period
    >>> q = parse_period("Q2 2023/24")
    >>> q, q.start, q.end
    (Quarter('2023/24 Q2'), datetime.date(2023, 7, 1), datetime.date(2023, 9, 30))
    >>> parse_period("FY2023/2024") == parse_period("2023-24")
    True
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import TypeAlias

import attrs

from safeguarding_plan.errors import PeriodError

__all__ = ["FinancialYear", "Period", "Quarter", "as_period", "parse_period"]

_YEAR_RE = re.compile(r"^(?:FY\s*)?(\d{4})\s*[/-]\s*(\d{2}|\d{4})$", re.IGNORECASE)
_QUARTER_FIRST_RE = re.compile(r"^Q([1-4])\s+(.+)$", re.IGNORECASE)
_QUARTER_LAST_RE = re.compile(r"^(.+?)\s+Q([1-4])$", re.IGNORECASE)
_FIRST_YEAR = 1900
_LAST_YEAR = 2999


def _check_year(_: object, __: object, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PeriodError("a financial year's start must be a whole year", value)
    if not _FIRST_YEAR <= value <= _LAST_YEAR:
        raise PeriodError(
            f"a financial year must start between {_FIRST_YEAR} and {_LAST_YEAR}", value
        )


@functools.total_ordering
@attrs.frozen(order=False, repr=False)
class FinancialYear:
    """A UK :term:`financial year`, 1 April to 31 March.

    Build one with :meth:`parse` or from the calendar year it starts in.

    Attributes:
        start_year: The calendar year of the April it starts in (2023 for ``2023/24``).

    Example:
        >>> FinancialYear(2023).label
        '2023/24'
        >>> FinancialYear.due_by_april(2024)
        FinancialYear('2023/24')
    """

    start_year: int = attrs.field(validator=_check_year)

    @classmethod
    def parse(cls, text: str) -> FinancialYear:
        """Read ``2023/24``, ``2023-24``, ``2023/2024`` or ``FY2023/24``.

        Raises:
            PeriodError: if the text is not a financial year, or its two years
                are not consecutive.
        """
        period = parse_period(text)
        if not isinstance(period, FinancialYear):
            raise PeriodError("expected a financial year such as '2023/24', not a quarter", text)
        return period

    @classmethod
    def containing(cls, day: dt.date) -> FinancialYear:
        """The financial year that contains ``day``."""
        return cls(day.year if day.month >= 4 else day.year - 1)

    @classmethod
    def due_by_april(cls, year: int) -> FinancialYear:
        """The year an action "due by April ``year``" must be done in (it ends 31 March)."""
        return cls(year - 1)

    @property
    def label(self) -> str:
        """The conventional label, ``2023/24``."""
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def start(self) -> dt.date:
        """1 April of :attr:`start_year`."""
        return dt.date(self.start_year, 4, 1)

    @property
    def end(self) -> dt.date:
        """31 March of the following calendar year."""
        return dt.date(self.start_year + 1, 3, 31)

    @property
    def days(self) -> int:
        """Number of days in the year (365 or 366)."""
        return (self.end - self.start).days + 1

    @property
    def year(self) -> FinancialYear:
        """The year itself (so years and quarters share this attribute)."""
        return self

    def quarters(self) -> tuple[Quarter, Quarter, Quarter, Quarter]:
        """The four quarters of the year, in order."""
        return (Quarter(self, 1), Quarter(self, 2), Quarter(self, 3), Quarter(self, 4))

    def previous(self) -> FinancialYear:
        """The year before."""
        return FinancialYear(self.start_year - 1)

    def next(self) -> FinancialYear:
        """The year after."""
        return FinancialYear(self.start_year + 1)

    def _key(self) -> tuple[dt.date, dt.date]:
        return (self.end, self.start)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, FinancialYear | Quarter):
            return NotImplemented
        return self._key() < other._key()

    def __str__(self) -> str:
        """The label, ``2023/24``."""
        return self.label

    def __repr__(self) -> str:
        """``FinancialYear('2023/24')``."""
        return f"FinancialYear({self.label!r})"


_QUARTER_ENDS = {1: (0, 6, 30), 2: (0, 9, 30), 3: (0, 12, 31), 4: (1, 3, 31)}
"""Each quarter's last day: (years after the financial year's start year, month, day)."""


def _check_quarter(_: object, __: object, value: int) -> None:
    if isinstance(value, bool) or value not in (1, 2, 3, 4):
        raise PeriodError("a quarter number must be 1, 2, 3 or 4", value)


@functools.total_ordering
@attrs.frozen(order=False, repr=False)
class Quarter:
    """A quarter of a UK financial year.

    Attributes:
        year: The financial year it belongs to.
        number: 1 (April-June), 2 (July-September), 3 (October-December) or
            4 (January-March).

    Example:
        >>> q4 = Quarter(FinancialYear(2023), 4)
        >>> str(q4), q4.start, q4.end
        ('2023/24 Q4', datetime.date(2024, 1, 1), datetime.date(2024, 3, 31))
    """

    year: FinancialYear = attrs.field(validator=attrs.validators.instance_of(FinancialYear))
    number: int = attrs.field(validator=_check_quarter)

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """Read ``2023/24 Q2`` or ``Q2 2023/24`` (and the year forms :func:`parse_period` takes).

        Raises:
            PeriodError: if the text is not a quarter.
        """
        period = parse_period(text)
        if not isinstance(period, Quarter):
            raise PeriodError("expected a quarter such as '2023/24 Q2', not a year", text)
        return period

    @classmethod
    def containing(cls, day: dt.date) -> Quarter:
        """The quarter that contains ``day``."""
        fy = FinancialYear.containing(day)
        return cls(fy, ((day.month - 4) % 12) // 3 + 1)

    @property
    def label(self) -> str:
        """The conventional label, ``2023/24 Q2``."""
        return f"{self.year.label} Q{self.number}"

    @property
    def start(self) -> dt.date:
        """First day of the quarter."""
        month = 4 + 3 * (self.number - 1)
        if month > 12:
            return dt.date(self.year.start_year + 1, month - 12, 1)
        return dt.date(self.year.start_year, month, 1)

    @property
    def end(self) -> dt.date:
        """Last day of the quarter (30 June, 30 September, 31 December or 31 March)."""
        later, month, day = _QUARTER_ENDS[self.number]
        return dt.date(self.year.start_year + later, month, day)

    @property
    def days(self) -> int:
        """Number of days in the quarter."""
        return (self.end - self.start).days + 1

    def previous(self) -> Quarter:
        """The quarter before (Q4 of the previous year before Q1)."""
        if self.number == 1:
            return Quarter(self.year.previous(), 4)
        return Quarter(self.year, self.number - 1)

    def next(self) -> Quarter:
        """The quarter after (Q1 of the next year after Q4)."""
        if self.number == 4:
            return Quarter(self.year.next(), 1)
        return Quarter(self.year, self.number + 1)

    def _key(self) -> tuple[dt.date, dt.date]:
        return (self.end, self.start)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, FinancialYear | Quarter):
            return NotImplemented
        return self._key() < other._key()

    def __str__(self) -> str:
        """The label, ``2023/24 Q2``."""
        return self.label

    def __repr__(self) -> str:
        """``Quarter('2023/24 Q2')``."""
        return f"Quarter({self.label!r})"


Period: TypeAlias = FinancialYear | Quarter
"""A financial year or a quarter of one."""


def _parse_year(text: str, original: str) -> FinancialYear:
    match = _YEAR_RE.match(text.strip())
    if match is None:
        raise PeriodError(
            "expected a financial year such as '2023/24' or a quarter such as '2023/24 Q2'",
            original,
        )
    first, second = int(match.group(1)), match.group(2)
    expected = first + 1
    second_full = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
    if len(second) == 2 and second_full < first:
        second_full += 100  # 1999/00
    if not _FIRST_YEAR <= first <= _LAST_YEAR:
        raise PeriodError(
            f"a financial year must start between {_FIRST_YEAR} and {_LAST_YEAR}", original
        )
    if second_full != expected:
        raise PeriodError(
            f"a financial year spans two consecutive years ({first}/{expected % 100:02d})",
            original,
        )
    return FinancialYear(first)


def parse_period(text: str) -> Period:
    """Parse a financial year or quarter label.

    Accepted forms: ``2023/24``, ``2023-24``, ``2023/2024``, ``FY2023/24``,
    ``2023/24 Q2`` and ``Q2 2023/24`` (case and extra spaces do not matter).

    Raises:
        PeriodError: for anything else, with the text given.

    Example:
        >>> parse_period("2023/24"), parse_period("2023/24 q3")
        (FinancialYear('2023/24'), Quarter('2023/24 Q3'))
    """
    if not isinstance(text, str):
        raise PeriodError("expected a period label as text, such as '2023/24'", text)
    cleaned = " ".join(text.split())
    if match := _QUARTER_FIRST_RE.match(cleaned):
        return Quarter(_parse_year(match.group(2), text), int(match.group(1)))
    if match := _QUARTER_LAST_RE.match(cleaned):
        return Quarter(_parse_year(match.group(1), text), int(match.group(2)))
    return _parse_year(cleaned, text)


def as_period(value: Period | str) -> Period:
    """Return ``value`` if it is already a period, else parse it with :func:`parse_period`.

    Used as the attrs converter of every ``period`` field, so ``"2023/24"`` and
    ``FinancialYear(2023)`` are interchangeable wherever a period is expected.

    Example:
        >>> from safeguarding_plan import FinancialYear
        >>> from safeguarding_plan.periods import as_period
        >>> as_period("2023/24 Q2"), as_period(FinancialYear(2023))
        (Quarter('2023/24 Q2'), FinancialYear('2023/24'))
    """
    if isinstance(value, FinancialYear | Quarter):
        return value
    return parse_period(value)
