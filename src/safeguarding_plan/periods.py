"""Periods: UK financial years and their quarters, calendar months and calendar years.

A financial year runs 1 April to 31 March and is written ``2023/24``. Its quarters are
Q1 April-June, Q2 July-September, Q3 October-December and Q4 January-March, written
``2023/24 Q2``. Partnerships that report by month write ``2024-05`` or ``May 2024``; by
calendar year, ``2024``. Periods order by their end date (a year sorts before its own Q4,
and Q4 before March, which end on the same day but start later).

Every period has a :class:`Granularity` (month, quarter or year): "the previous value of
the same granularity" is month to month, quarter to quarter, year to year.

``2000-01`` to ``2011-12`` could be a month or a financial year written with a hyphen;
such a text is refused, never guessed.

Example:
    >>> from safeguarding_plan import parse_period
    >>> q = parse_period("Q2 2023/24")
    >>> q, q.start, q.end
    (Quarter('2023/24 Q2'), datetime.date(2023, 7, 1), datetime.date(2023, 9, 30))
    >>> parse_period("FY2023/2024") == parse_period("2023-24")
    True
    >>> parse_period("2024-05"), parse_period("May 2024").quarter, parse_period("2024")
    (Month('May 2024'), Quarter('2024/25 Q1'), CalendarYear('2024'))
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import functools
import re
from typing import Any, TypeAlias

import attrs

from safeguarding_plan.errors import InvalidValueError, PeriodError

__all__ = [
    "CalendarYear",
    "FinancialYear",
    "Granularity",
    "Month",
    "Period",
    "Quarter",
    "as_date",
    "as_period",
    "parse_period",
]

_YEAR_RE = re.compile(r"^(?:FY\s*)?(\d{4})\s*[/-]\s*(\d{2}|\d{4})$", re.IGNORECASE)
_QUARTER_FIRST_RE = re.compile(r"^Q([1-4])\s+(.+)$", re.IGNORECASE)
_QUARTER_LAST_RE = re.compile(r"^(.+?)\s+Q([1-4])$", re.IGNORECASE)
_HYPHEN_RE = re.compile(r"^(\d{4})\s*-\s*(\d{2})$")
_MONTH_NAME_RE = re.compile(r"^([A-Za-z]+)\.?(?:\s+|\s*-\s*)(\d{4})$")
_CALENDAR_YEAR_RE = re.compile(r"^\d{4}$")
_FIRST_YEAR = 1900
_LAST_YEAR = 2999
_FIRST_CALENDAR_YEAR = 1901
"""The first calendar year (and year of a month): its January lies in a financial year."""
_MONTH_NAMES = {
    **{name.lower(): n for n, name in enumerate(calendar.month_name) if name},
    **{name.lower(): n for n, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}
_EXPECTED = (
    "expected a financial year such as '2023/24', a quarter such as '2023/24 Q2', "
    "a month such as '2024-05' or 'May 2024', or a calendar year such as '2024'"
)


class Granularity(enum.Enum):
    """How long a period is: a month, a quarter or a year (financial or calendar).

    Direction of travel compares a value with the previous value of the same granularity.

    Example:
        >>> from safeguarding_plan import parse_period
        >>> [parse_period(t).granularity.name for t in ("May 2024", "2024/25 Q1", "2024")]
        ['MONTH', 'QUARTER', 'YEAR']
    """

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


def _check_year(_: object, __: object, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PeriodError("a financial year's start must be a whole year", value)
    if not _FIRST_YEAR <= value <= _LAST_YEAR:
        raise PeriodError(
            f"a financial year must start between {_FIRST_YEAR} and {_LAST_YEAR}", value
        )


@functools.total_ordering
@attrs.frozen(order=False, repr=False, cache_hash=True)
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
        """The year itself (so years, quarters and months share this attribute)."""
        return self

    @property
    def granularity(self) -> Granularity:
        """``Granularity.YEAR``."""
        return Granularity.YEAR

    def quarters(self) -> tuple[Quarter, Quarter, Quarter, Quarter]:
        """The four quarters of the year, in order."""
        return (Quarter(self, 1), Quarter(self, 2), Quarter(self, 3), Quarter(self, 4))

    def months(self) -> tuple[Month, ...]:
        """The twelve months of the year, April to March."""
        return tuple(m for q in self.quarters() for m in q.months())

    def a_year_earlier(self) -> FinancialYear:
        """The same period a year earlier (the previous year)."""
        return self.previous()

    def previous(self) -> FinancialYear:
        """The year before."""
        return FinancialYear(self.start_year - 1)

    def next(self) -> FinancialYear:
        """The year after."""
        return FinancialYear(self.start_year + 1)

    def _key(self) -> tuple[dt.date, dt.date]:
        return (self.end, self.start)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, _PERIOD_TYPES):
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
@attrs.frozen(order=False, repr=False, cache_hash=True)
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

    @property
    def granularity(self) -> Granularity:
        """``Granularity.QUARTER``."""
        return Granularity.QUARTER

    def months(self) -> tuple[Month, Month, Month]:
        """The three months of the quarter, in order (Q2: July, August, September)."""
        first = Month.containing(self.start)
        return (first, first.next(), first.next().next())

    def a_year_earlier(self) -> Quarter:
        """The same quarter of the previous year (2023/24 Q2 for 2024/25 Q2)."""
        return Quarter(self.year.previous(), self.number)

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
        if not isinstance(other, _PERIOD_TYPES):
            return NotImplemented
        return self._key() < other._key()

    def __str__(self) -> str:
        """The label, ``2023/24 Q2``."""
        return self.label

    def __repr__(self) -> str:
        """``Quarter('2023/24 Q2')``."""
        return f"Quarter({self.label!r})"


def _check_calendar_year(_: object, __: object, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PeriodError("a calendar year must be a whole year", value)
    if not _FIRST_CALENDAR_YEAR <= value <= _LAST_YEAR:
        raise PeriodError(
            f"a calendar year (or the year of a month) must be between "
            f"{_FIRST_CALENDAR_YEAR} and {_LAST_YEAR}",
            value,
        )


def _check_month_number(_: object, __: object, value: int) -> None:
    if isinstance(value, bool) or value not in range(1, 13):
        raise PeriodError("a month number must be 1 (January) to 12 (December)", value)


@functools.total_ordering
@attrs.frozen(order=False, repr=False, cache_hash=True)
class Month:
    """A calendar month, for partnerships that report monthly.

    Written ``2024-05`` or ``May 2024`` (``May-2024``, ``Sept 2024`` and full or
    three-letter names in any case are read too); printed ``May 2024``.

    Attributes:
        calendar_year: The calendar year (2024 for May 2024).
        number: The month, 1 (January) to 12 (December).

    Example:
        >>> may = Month(2024, 5)
        >>> str(may), may.iso, may.start, may.end
        ('May 2024', '2024-05', datetime.date(2024, 5, 1), datetime.date(2024, 5, 31))
        >>> may.quarter, may.year, may.calendar
        (Quarter('2024/25 Q1'), FinancialYear('2024/25'), CalendarYear('2024'))
    """

    calendar_year: int = attrs.field(validator=_check_calendar_year)
    number: int = attrs.field(validator=_check_month_number)

    @classmethod
    def parse(cls, text: str) -> Month:
        """Read ``2024-05`` or ``May 2024`` (and the forms :func:`parse_period` takes).

        Raises:
            PeriodError: if the text is not a month.
        """
        period = parse_period(text)
        if not isinstance(period, Month):
            raise PeriodError("expected a month such as '2024-05' or 'May 2024'", text)
        return period

    @classmethod
    def containing(cls, day: dt.date) -> Month:
        """The month that contains ``day``."""
        return cls(day.year, day.month)

    @property
    def label(self) -> str:
        """The label for people, ``May 2024``."""
        return f"{calendar.month_name[self.number]} {self.calendar_year}"

    @property
    def iso(self) -> str:
        """The ISO 8601 form, ``2024-05``."""
        return f"{self.calendar_year}-{self.number:02d}"

    @property
    def start(self) -> dt.date:
        """The first day of the month."""
        return dt.date(self.calendar_year, self.number, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the month."""
        last = calendar.monthrange(self.calendar_year, self.number)[1]
        return dt.date(self.calendar_year, self.number, last)

    @property
    def days(self) -> int:
        """Number of days in the month."""
        return (self.end - self.start).days + 1

    @property
    def granularity(self) -> Granularity:
        """``Granularity.MONTH``."""
        return Granularity.MONTH

    @property
    def quarter(self) -> Quarter:
        """The financial-year quarter it falls in (May 2024: 2024/25 Q1)."""
        return Quarter.containing(self.start)

    @property
    def year(self) -> FinancialYear:
        """The financial year it falls in (March 2024: 2023/24)."""
        return FinancialYear.containing(self.start)

    @property
    def calendar(self) -> CalendarYear:
        """The calendar year it falls in."""
        return CalendarYear(self.calendar_year)

    def previous(self) -> Month:
        """The month before (December of the previous year before January)."""
        if self.number == 1:
            return Month(self.calendar_year - 1, 12)
        return Month(self.calendar_year, self.number - 1)

    def next(self) -> Month:
        """The month after (January of the next year after December)."""
        if self.number == 12:
            return Month(self.calendar_year + 1, 1)
        return Month(self.calendar_year, self.number + 1)

    def a_year_earlier(self) -> Month:
        """The same month of the previous year."""
        return Month(self.calendar_year - 1, self.number)

    def _key(self) -> tuple[dt.date, dt.date]:
        return (self.end, self.start)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, _PERIOD_TYPES):
            return NotImplemented
        return self._key() < other._key()

    def __str__(self) -> str:
        """The label, ``May 2024``."""
        return self.label

    def __repr__(self) -> str:
        """``Month('May 2024')``."""
        return f"Month({self.label!r})"


@functools.total_ordering
@attrs.frozen(order=False, repr=False, cache_hash=True)
class CalendarYear:
    """A calendar year, 1 January to 31 December, written ``2024``.

    Attributes:
        number: The year (2024).

    Example:
        >>> year = CalendarYear(2024)
        >>> str(year), year.start, year.end, year.days
        ('2024', datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), 366)
        >>> year.months()[0], year.previous()
        (Month('January 2024'), CalendarYear('2023'))
    """

    number: int = attrs.field(validator=_check_calendar_year)

    @classmethod
    def parse(cls, text: str) -> CalendarYear:
        """Read ``2024``.

        Raises:
            PeriodError: if the text is not a calendar year.
        """
        period = parse_period(text)
        if not isinstance(period, CalendarYear):
            raise PeriodError("expected a calendar year such as '2024'", text)
        return period

    @classmethod
    def containing(cls, day: dt.date) -> CalendarYear:
        """The calendar year that contains ``day``."""
        return cls(day.year)

    @property
    def label(self) -> str:
        """The label, ``2024``."""
        return str(self.number)

    @property
    def start(self) -> dt.date:
        """1 January."""
        return dt.date(self.number, 1, 1)

    @property
    def end(self) -> dt.date:
        """31 December."""
        return dt.date(self.number, 12, 31)

    @property
    def days(self) -> int:
        """Number of days in the year (365 or 366)."""
        return (self.end - self.start).days + 1

    @property
    def granularity(self) -> Granularity:
        """``Granularity.YEAR``."""
        return Granularity.YEAR

    def months(self) -> tuple[Month, ...]:
        """The twelve months, January to December."""
        return tuple(Month(self.number, n) for n in range(1, 13))

    def previous(self) -> CalendarYear:
        """The year before."""
        return CalendarYear(self.number - 1)

    def next(self) -> CalendarYear:
        """The year after."""
        return CalendarYear(self.number + 1)

    def a_year_earlier(self) -> CalendarYear:
        """The same period a year earlier (the previous year)."""
        return self.previous()

    def _key(self) -> tuple[dt.date, dt.date]:
        return (self.end, self.start)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, _PERIOD_TYPES):
            return NotImplemented
        return self._key() < other._key()

    def __str__(self) -> str:
        """The label, ``2024``."""
        return self.label

    def __repr__(self) -> str:
        """``CalendarYear('2024')``."""
        return f"CalendarYear({self.label!r})"


Period: TypeAlias = FinancialYear | Quarter | Month | CalendarYear
"""A financial year, a quarter of one, a calendar month or a calendar year."""

_PERIOD_TYPES = (FinancialYear, Quarter, Month, CalendarYear)


def _parse_year(text: str, original: str) -> FinancialYear:
    match = _YEAR_RE.match(text.strip())
    if match is None:
        raise PeriodError(_EXPECTED, original)
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


def _parse_month_or_year(cleaned: str, original: str) -> Period | None:
    """A month or calendar year, or None if the text is neither (then it may be a year)."""
    if _CALENDAR_YEAR_RE.match(cleaned):
        return _checked(CalendarYear, original, int(cleaned))
    if match := _MONTH_NAME_RE.match(cleaned):
        number = _MONTH_NAMES.get(match.group(1).lower())
        if number is None:
            raise PeriodError(f"{match.group(1)!r} is not a month; {_EXPECTED}", original)
        return _checked(Month, original, int(match.group(2)), number)
    if match := _HYPHEN_RE.match(cleaned):
        year, number = int(match.group(1)), int(match.group(2))
        if not 1 <= number <= 12:
            return None  # 2023-24: a financial year written with a hyphen
        if number == (year + 1) % 100:
            month = calendar.month_abbr[number]
            raise PeriodError(
                f"ambiguous: a month or a financial year; write '{year}/{number:02d}' for "
                f"the financial year or '{month} {year}' for the month",
                original,
            )
        return _checked(Month, original, year, number)
    return None


def _checked(cls: type[Month | CalendarYear], original: str, *args: int) -> Period:
    try:
        return cls(*args)
    except PeriodError as exc:
        raise PeriodError(exc.message, original) from None


def parse_period(text: str) -> Period:
    """Parse a period label: a financial year, a quarter, a month or a calendar year.

    Accepted forms: ``2023/24``, ``2023-24``, ``2023/2024``, ``FY2023/24`` (financial
    years); ``2023/24 Q2`` and ``Q2 2023/24`` (quarters); ``2024-05``, ``May 2024``,
    ``May-2024``, ``Sept 2024`` (months); ``2024`` (calendar years). Case and extra spaces
    do not matter. ``2000-01`` to ``2011-12`` could be a month or a financial year and are
    refused, asking for ``2011/12`` or ``Dec 2011``; ``FY2011-12`` is a financial year.

    Raises:
        PeriodError: for anything else, with the text given.

    Example:
        >>> parse_period("2023/24"), parse_period("2023/24 q3")
        (FinancialYear('2023/24'), Quarter('2023/24 Q3'))
        >>> parse_period("2024-05"), parse_period("sept 2024"), parse_period("2024")
        (Month('May 2024'), Month('September 2024'), CalendarYear('2024'))
        >>> parse_period("2011-12")
        Traceback (most recent call last):
        ...
        safeguarding_plan.errors.PeriodError: ambiguous: a month or a financial year; write
        '2011/12' for the financial year or 'Dec 2011' for the month (given: '2011-12')
    """
    if not isinstance(text, str):
        raise PeriodError("expected a period label as text, such as '2023/24'", text)
    return _parse_text(text)


@functools.lru_cache(maxsize=4096)
def _parse_text(text: str) -> Period:
    """:func:`parse_period` of text, remembered: periods are immutable, so one is shared.

    A file of a million rows names a few hundred periods; each label is parsed once.
    (A label that is refused raises each time: exceptions are not remembered.)
    """
    cleaned = " ".join(text.split())
    if match := _QUARTER_FIRST_RE.match(cleaned):
        return Quarter(_parse_year(match.group(2), text), int(match.group(1)))
    if match := _QUARTER_LAST_RE.match(cleaned):
        return Quarter(_parse_year(match.group(1), text), int(match.group(2)))
    found = _parse_month_or_year(cleaned, text)
    if found is not None:
        return found
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
    if isinstance(value, _PERIOD_TYPES):
        return value
    return parse_period(value)


_AS_DATE = "a date, a datetime, an ISO date such as '2024-09-30' or a pandas Timestamp"


def as_date(value: Any, field: str = "as_of") -> dt.date:
    """A :class:`datetime.date` from a date, a datetime, an ISO date text or a Timestamp.

    A datetime (pandas' ``Timestamp`` is one) gives its date.

    Raises:
        InvalidValueError: for anything else, saying what was given.

    Example:
        >>> import datetime as dt
        >>> as_date("2024-09-30"), as_date(dt.datetime(2024, 9, 30, 17, 5))
        (datetime.date(2024, 9, 30), datetime.date(2024, 9, 30))
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    to_pydatetime = getattr(value, "to_pydatetime", None)
    if callable(to_pydatetime):  # a pandas Timestamp that is not a datetime subclass
        day = to_pydatetime()
        if isinstance(day, dt.datetime):
            return day.date()
    kind = type(value).__name__
    raise InvalidValueError(field, f"must be {_AS_DATE} (given a {kind})", value)
