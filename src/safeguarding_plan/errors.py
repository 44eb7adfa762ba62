"""The exceptions safeguarding_plan raises.

Every error the library raises derives from :class:`SafeguardingPlanError`, and each
also derives from the builtin exception a caller would expect (:class:`ValueError` for
bad values, :class:`LookupError` for unknown ids), so ``except ValueError`` keeps working.

Errors that can carry several problems at once (a plan file with five mistakes reports
all five) hold them in ``problems``: a tuple of :class:`Problem`, each with a location
such as ``priorities[2].outcomes[0].targets[1].period``.
"""

from __future__ import annotations

import difflib
import enum
import math
import reprlib
from collections.abc import Iterable
from typing import Any

import attrs

__all__ = [
    "InvalidValueError",
    "MissingDependencyError",
    "ObservationError",
    "PeriodError",
    "PlanFileError",
    "PlanValidationError",
    "Problem",
    "ReportError",
    "ResultNotFoundError",
    "SafeguardingPlanError",
    "Severity",
    "UnitError",
    "UnknownIdError",
    "UnsupportedTypeError",
    "did_you_mean",
    "suggest",
]


SHOWN_LENGTH = 80
"""The most characters of a given value a message prints; longer values are cut short."""

_LOCATION_LENGTH = 300
"""The most characters of a location a message prints."""

_REPR = reprlib.Repr()
_REPR.maxlevel = 3
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 6
_REPR.maxstring = _REPR.maxother = _REPR.maxlong = SHOWN_LENGTH


def shown(value: object) -> str:
    """The value as a message prints it: its ``repr``, cut short with an ellipsis if long.

    Text longer than :data:`SHOWN_LENGTH` characters is cut and its length given; big
    numbers give their number of digits; long lists and mappings show their first items
    only, so a message never prints an unbounded value (nor walks a YAML alias bomb). The
    value itself is kept whole on the error.

    Example:
        >>> shown("msp-asked")
        "'msp-asked'"
        >>> shown("x" * 1000)[-30:]
        "xxxxxxx...' (1,000 characters)"
        >>> shown(10**100)
        'a number of about 101 digits'
    """
    if isinstance(value, str) and len(value) > SHOWN_LENGTH:
        text = repr(value[: SHOWN_LENGTH - 6])
        return f"{text[:-1]}...{text[-1]} ({len(value):,} characters)"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**SHOWN_LENGTH:
        digits = int(abs(value).bit_length() * math.log10(2)) + 1
        return f"a number of about {digits:,} digits"
    return _REPR.repr(value)
def suggest(given: str, known: Iterable[str]) -> str | None:
    """The known name nearest to ``given``, if one is close enough to be a typing slip.

    The one place "did you mean" suggestions are made, for every error and problem.

    Example:
        >>> suggest("msp-askd", ["msp-asked", "repeat-referrals"])
        'msp-asked'
        >>> suggest("zzz", ["msp-asked"]) is None
        True
    """
    near = difflib.get_close_matches(given, list(known), n=1)
    return near[0] if near else None


def did_you_mean(given: str, known: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the nearest known name, or ``""`` when none is close.

    Example:
        >>> did_you_mean("msp-askd", ["msp-asked"])
        "; did you mean 'msp-asked'?"
    """
    near = suggest(given, known)
    return f"; did you mean {near!r}?" if near else ""


class Severity(enum.Enum):
    """How serious a :class:`Problem` is.

    ``ERROR`` problems make a plan or file invalid; ``WARNING`` problems are legal but
    must never be silent (for example a target that contradicts its indicator's direction).

    Example:
        >>> from safeguarding_plan import Problem, Severity
        >>> warning = Problem(location="targets[0]", message="contradicts the direction",
        ...                   severity=Severity.WARNING)
        >>> warning.severity.value
        'warning'
    """

    ERROR = "error"
    WARNING = "warning"


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with a plan, a file or a row, with where it is.

    Attributes:
        location: Where the problem is, as a path into the data
            (``priorities[2].targets[0].period``) or ``line 7, column value`` for rows.
        message: What is wrong and what was expected, in plain English.
        value: The value at fault, exactly as given (``None`` when a value is missing).
        severity: :attr:`Severity.ERROR` or :attr:`Severity.WARNING`.

    Example:
        >>> print(Problem(location="indicators[0].unit", message="unknown unit", value="pc"))
        indicators[0].unit: unknown unit (given: 'pc')
    """

    location: str
    message: str
    value: Any = None
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        """Render as ``location: message (given: value)``."""
        location = self.location
        if len(location) > _LOCATION_LENGTH:  # a file's own key or column name can be long
            location = f"{location[: _LOCATION_LENGTH - 20]}... ({len(location):,} characters)"
        where = f"{location}: " if location else ""
        given = "" if self.value is None else f" (given: {shown(self.value)})"
        return f"{where}{self.message}{given}"


class SafeguardingPlanError(Exception):
    """Base class of every error raised by safeguarding_plan.

    Example:
        One ``except`` catches every error of the library:

        >>> from safeguarding_plan import SafeguardingPlanError, parse_period
        >>> try:
        ...     parse_period("2023/25")
        ... except SafeguardingPlanError as error:
        ...     print(type(error).__name__, isinstance(error, ValueError))
        PeriodError True
    """


class PeriodError(ValueError, SafeguardingPlanError):
    """A period could not be parsed or built.

    Attributes:
        value: The text or value that was given.

    Example:
        >>> from safeguarding_plan import PeriodError, parse_period
        >>> try:
        ...     parse_period("2023/25")
        ... except PeriodError as error:
        ...     print(error.value)
        ...     print(error)
        2023/25
        a financial year spans two consecutive years (2023/24) (given: '2023/25')
    """

    def __init__(self, message: str, value: object) -> None:
        super().__init__(message, value)
        self.message = message
        self.value = value

    def __str__(self) -> str:
        """Return the message with the value at fault."""
        return f"{self.message} (given: {shown(self.value)})"


class UnitError(ValueError, SafeguardingPlanError):
    """A unit is unknown, or a quantity cannot be converted to the unit required.

    Attributes:
        value: The unit or quantity that was given.
        expected: The unit that was required, if any.

    Example:
        A count where the indicator is a percentage:

        >>> from safeguarding_plan import Observation, UnitError, quantity
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> s42 = stockport_2023_26().indicator("s42-non-conversion")
        >>> observation = Observation(indicator="s42-non-conversion", period="2023/24",
        ...                           value=quantity(3, "count"))
        >>> try:
        ...     observation.normalised(s42)
        ... except UnitError as error:
        ...     print(error.expected)
        ...     print(error)
        percent
        s42-non-conversion 2023/24: cannot convert the value from 'count' to the
        indicator's unit 'percent' (given: <Quantity(3, 'count')>)
    """

    def __init__(self, message: str, value: object, expected: str | None = None) -> None:
        super().__init__(message, value, expected)
        self.message = message
        self.value = value
        self.expected = expected

    def __str__(self) -> str:
        """Return the message with the value at fault."""
        return f"{self.message} (given: {shown(self.value)})"


class UnknownIdError(LookupError, SafeguardingPlanError):
    """An id was looked up that the plan does not hold.

    Attributes:
        kind: What was looked up (``"indicator"``, ``"target"``, ...).
        id: The id that was asked for.
        suggestion: The nearest known id, if one is close.

    Example:
        >>> from safeguarding_plan import UnknownIdError
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> try:
        ...     stockport_2023_26().indicator("s42-non-convertion")
        ... except UnknownIdError as error:
        ...     print(error.suggestion)
        ...     print(error)
        s42-non-conversion
        no indicator with id 's42-non-convertion'; did you mean 's42-non-conversion'?
    """

    def __init__(self, kind: str, id: str, suggestion: str | None = None) -> None:  # noqa: A002
        super().__init__(kind, id, suggestion)
        self.kind = kind
        self.id = id
        self.suggestion = suggestion

    def __str__(self) -> str:
        """Name the kind and id, and the nearest known id."""
        hint = f"; did you mean {self.suggestion!r}?" if self.suggestion else ""
        return f"no {self.kind} with id {shown(self.id)}{hint}"


class ResultNotFoundError(UnknownIdError, KeyError):
    """A report was asked for a result it does not hold (:meth:`Report.target` and friends).

    It is also a :class:`KeyError`, so code written for earlier releases that catches
    ``KeyError`` keeps working.

    Example:
        >>> error = ResultNotFoundError("target", "s42-2023", "s42-2023-24")
        >>> isinstance(error, KeyError), str(error)
        (True, "no target with id 's42-2023' in the report; did you mean 's42-2023-24'?")
    """

    def __str__(self) -> str:
        """Name the kind and id, and the nearest known id."""
        hint = f"; did you mean {self.suggestion!r}?" if self.suggestion else ""
        return f"no {self.kind} with id {self.id!r} in the report{hint}"


class _ProblemsError(ValueError, SafeguardingPlanError):
    """An error that carries one or more :class:`Problem`."""

    def __init__(
        self,
        problems: tuple[Problem, ...] | list[Problem],
        path: str | None = None,
        *,
        total: int | None = None,
    ) -> None:
        self.problems = tuple(problems)
        self.path = path
        self.total = len(self.problems) if total is None else total
        """How many problems were found: more than those listed when a reader listed at
        most a few of each kind and counted the rest ("... and 999 more rows")."""
        super().__init__(self.problems, path)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.problems, self.path), {"total": self.total})

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Only the problems of :attr:`Severity.ERROR`."""
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    def __str__(self) -> str:
        """List every problem, one per line, after the file name if there is one."""
        where = f"{self.path}: " if self.path else ""
        count = self.total
        head = f"{where}{count:,} problem{'s' if count != 1 else ''}"
        return head + "".join(f"\n  - {p}" for p in self.problems)


class PlanValidationError(_ProblemsError):
    """A plan breaks one or more of the rules every plan must keep.

    Attributes:
        problems: Every problem found, each with its location in the plan.
        path: The file the plan came from, if any.

    Example:
        >>> from safeguarding_plan import Partnership, Plan, PlanValidationError, Priority
        >>> def priority(id):
        ...     return Priority(id=id, title="Twice", partnership=Partnership.JOINT)
        >>> try:
        ...     Plan(id="p", title="A plan", start="2024/25", end="2025/26",
        ...          priorities=[priority("same"), priority("same")])
        ... except PlanValidationError as error:
        ...     print(error)
        1 problem
          - priorities[1].id: priority id is already used at priorities[0] (given: 'same')
    """


class PlanFileError(_ProblemsError):
    """A plan file cannot be read: bad syntax, wrong types, unknown or missing fields.

    Attributes:
        problems: Every problem found, each with its location in the file.
        path: The file at fault (``None`` for text or mappings given directly).

    Example:
        >>> from safeguarding_plan import PlanFileError, loads_plan
        >>> try:
        ...     loads_plan("{id: x, title: 1}", format="yaml")
        ... except PlanFileError as error:
        ...     print(error)
        ...     print(error.problems[0].location)
        3 problems
          - title: expected text (given: 1)
          - start: required field is missing
          - end: required field is missing
        title
    """


class ObservationError(_ProblemsError):
    """Observations, action updates or assessments are invalid for the plan.

    Attributes:
        problems: Every problem found; for files, located by line and column.
        path: The file at fault, if any.

    Example:
        >>> from datetime import date
        >>> from safeguarding_plan import Observation, ObservationError, evaluate
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> rows = [Observation(indicator="s42-non-conversion", period="2023/24", value=66),
        ...         Observation(indicator="s42-non-convertion", period="2023/24", value=64)]
        >>> try:
        ...     evaluate(stockport_2023_26(), rows, as_of=date(2024, 6, 30))
        ... except ObservationError as error:
        ...     print(error)
        1 problem
          - observations[1].indicator: the plan has no indicator with this id; did you mean
          's42-non-conversion'? (given: 's42-non-convertion')
    """


class InvalidValueError(ValueError, SafeguardingPlanError):
    """A field of a model object was given a value it cannot hold.

    Raised while building model objects directly; plan files report the same problem as a
    :class:`Problem` inside a :class:`PlanFileError`.

    Attributes:
        field: The name of the field at fault.
        message: What was expected.
        value: The value given.

    Example:
        >>> from safeguarding_plan import Direction, Indicator, InvalidValueError
        >>> try:
        ...     Indicator(id="Bad Id", name="x", unit="percent",
        ...               direction=Direction.HIGHER_IS_BETTER)
        ... except InvalidValueError as error:
        ...     print(error.field, repr(error.value))
        id 'Bad Id'
    """

    def __init__(self, field: str, message: str, value: object) -> None:
        super().__init__(field, message, value)
        self.field = field
        self.message = message
        self.value = value

    def __str__(self) -> str:
        """``field: message (given: value)``."""
        return f"{self.field}: {self.message} (given: {shown(self.value)})"


class ReportError(ValueError, SafeguardingPlanError):
    """A report cannot be written as asked.

    For example, the format asked for disagrees with the output file's suffix, or the
    observations given for its charts are not the ones the report judged.

    Attributes:
        path: The file the report was to be written to, if any.
        field: The argument at fault (``format``, ``observations``).
        message: What was expected.
        value: The value given.

    Example:
        >>> from safeguarding_plan import ReportError
        >>> from safeguarding_plan.reports import format_for
        >>> try:
        ...     format_for("report.md", "html")
        ... except ReportError as error:
        ...     print(error)
        ...     print(error.field, error.value)
        report.md: format: a .md file is md, not html: leave the format out, or change the
        file name (given: 'html')
        format html
    """

    def __init__(self, path: str | None, field: str, message: str, value: object) -> None:
        super().__init__(path, field, message, value)
        self.path = path
        self.field = field
        self.message = message
        self.value = value

    def __str__(self) -> str:
        """``path: field: message (given: value)``."""
        where = f"{self.path}: " if self.path else ""
        return f"{where}{self.field}: {self.message} (given: {shown(self.value)})"


class UnsupportedTypeError(TypeError, SafeguardingPlanError):
    """A value or type the library cannot write or describe was given to it.

    It is also a :class:`TypeError`, so code that catches ``TypeError`` keeps working.

    Attributes:
        message: What cannot be done.
        value: The value or type given.

    Example:
        >>> from safeguarding_plan import UnsupportedTypeError
        >>> error = UnsupportedTypeError("cannot write set as TOML", {1})
        >>> isinstance(error, TypeError), str(error)
        (True, 'cannot write set as TOML (given: {1})')
    """

    def __init__(self, message: str, value: object) -> None:
        super().__init__(message, value)
        self.message = message
        self.value = value

    def __str__(self) -> str:
        """Return the message with the value at fault."""
        return f"{self.message} (given: {shown(self.value)})"


class MissingDependencyError(ImportError, SafeguardingPlanError):
    """An optional dependency a feature needs is not installed (matplotlib, pandas).

    It is also an :class:`ImportError`, so code that catches ``ImportError`` keeps working.
    The message says what to install.

    Example:
        >>> from safeguarding_plan import MissingDependencyError
        >>> error = MissingDependencyError("charts need matplotlib")
        >>> isinstance(error, ImportError), str(error)
        (True, 'charts need matplotlib')
    """
