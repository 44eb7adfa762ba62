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
from collections.abc import Iterable
from typing import Any

import attrs

__all__ = [
    "InvalidValueError",
    "ObservationError",
    "PeriodError",
    "PlanFileError",
    "PlanValidationError",
    "Problem",
    "ResultNotFoundError",
    "SafeguardingPlanError",
    "Severity",
    "UnitError",
    "UnknownIdError",
    "did_you_mean",
    "suggest",
]


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
        where = f"{self.location}: " if self.location else ""
        given = "" if self.value is None else f" (given: {self.value!r})"
        return f"{where}{self.message}{given}"


class SafeguardingPlanError(Exception):
    """Base class of every error raised by safeguarding_plan."""


class PeriodError(ValueError, SafeguardingPlanError):
    """A period could not be parsed or built.

    Attributes:
        value: The text or value that was given.
    """

    def __init__(self, message: str, value: object) -> None:
        super().__init__(message, value)
        self.message = message
        self.value = value

    def __str__(self) -> str:
        """Return the message with the value at fault."""
        return f"{self.message} (given: {self.value!r})"


class UnitError(ValueError, SafeguardingPlanError):
    """A unit is unknown, or a quantity cannot be converted to the unit required.

    Attributes:
        value: The unit or quantity that was given.
        expected: The unit that was required, if any.
    """

    def __init__(self, message: str, value: object, expected: str | None = None) -> None:
        super().__init__(message, value, expected)
        self.message = message
        self.value = value
        self.expected = expected

    def __str__(self) -> str:
        """Return the message with the value at fault."""
        return f"{self.message} (given: {self.value!r})"


class UnknownIdError(LookupError, SafeguardingPlanError):
    """An id was looked up that the plan does not hold.

    Attributes:
        kind: What was looked up (``"indicator"``, ``"target"``, ...).
        id: The id that was asked for.
        suggestion: The nearest known id, if one is close.
    """

    def __init__(self, kind: str, id: str, suggestion: str | None = None) -> None:  # noqa: A002
        super().__init__(kind, id, suggestion)
        self.kind = kind
        self.id = id
        self.suggestion = suggestion

    def __str__(self) -> str:
        """Name the kind and id, and the nearest known id."""
        hint = f"; did you mean {self.suggestion!r}?" if self.suggestion else ""
        return f"no {self.kind} with id {self.id!r}{hint}"


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
        self, problems: tuple[Problem, ...] | list[Problem], path: str | None = None
    ) -> None:
        self.problems = tuple(problems)
        self.path = path
        super().__init__(self.problems, path)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.problems, self.path))

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Only the problems of :attr:`Severity.ERROR`."""
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    def __str__(self) -> str:
        """List every problem, one per line, after the file name if there is one."""
        where = f"{self.path}: " if self.path else ""
        count = len(self.problems)
        head = f"{where}{count} problem{'s' if count != 1 else ''}"
        return head + "".join(f"\n  - {p}" for p in self.problems)


class PlanValidationError(_ProblemsError):
    """A plan breaks one or more of the rules every plan must keep.

    Attributes:
        problems: Every problem found, each with its location in the plan.
        path: The file the plan came from, if any.
    """


class PlanFileError(_ProblemsError):
    """A plan file cannot be read: bad syntax, wrong types, unknown or missing fields.

    Attributes:
        problems: Every problem found, each with its location in the file.
        path: The file at fault (``None`` for text or mappings given directly).
    """


class ObservationError(_ProblemsError):
    """Observations, action updates or assessments are invalid for the plan.

    Attributes:
        problems: Every problem found; for files, located by line and column.
        path: The file at fault, if any.
    """


class InvalidValueError(ValueError, SafeguardingPlanError):
    """A field of a model object was given a value it cannot hold.

    Raised while building model objects directly; plan files report the same problem as a
    :class:`Problem` inside a :class:`PlanFileError`.

    Attributes:
        field: The name of the field at fault.
        message: What was expected.
        value: The value given.
    """

    def __init__(self, field: str, message: str, value: object) -> None:
        super().__init__(field, message, value)
        self.field = field
        self.message = message
        self.value = value

    def __str__(self) -> str:
        """``field: message (given: value)``."""
        return f"{self.field}: {self.message} (given: {self.value!r})"
