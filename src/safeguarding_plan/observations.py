"""What the partnership records each quarter: observations, action updates and assessments.

* :class:`Observation`: the value of one indicator for one period, as a number in the
  indicator's unit or a pint quantity, or as a numerator and denominator (an audit's
  "11 of 16 cases"), or withheld for disclosure control (a suppression marker such as
  ``c``);
* :class:`ActionUpdate`: a dated state of an action (not started, in progress,
  complete, dropped);
* :class:`Assessment`: a dated judgement of a qualitative outcome.

All are immutable. Their text (a source, a note, evidence, a suppression marker) keeps
the plan's rule for text: no control characters other than tab and line feed, and no
lone surrogates. Observations do not know their indicator's unit; a pint quantity is
converted once, with :meth:`Observation.normalised`, when an evaluation indexes them.

Example:
    >>> from safeguarding_plan.observations import Observation
    >>> Observation(indicator="msp-asked", period="2023/24", numerator=11, denominator=16)
    Observation(indicator='msp-asked', period=FinancialYear('2023/24'), value=None,
                numerator=11.0, denominator=16.0, suppressed=None, source=None, note=None,
                comparator=None)
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import math
from collections.abc import Mapping
from typing import Any, TypeVar

import attrs

from safeguarding_plan import _units
from safeguarding_plan.errors import InvalidValueError, Problem, UnitError
from safeguarding_plan.model import Indicator, _check_characters, _check_optional_text
from safeguarding_plan.periods import Period, as_date, as_period

__all__ = [
    "DEFAULT_SUPPRESSION_MARKERS",
    "WITHHELD_CONVENTIONS",
    "ActionUpdate",
    "Assessment",
    "Commentary",
    "Judgement",
    "Observation",
    "UpdateState",
    "WithheldRange",
    "check_observation",
    "checked_value",
    "observation_problems",
]

DEFAULT_SUPPRESSION_MARKERS: tuple[str, ...] = ("c", "x", "*", "[c]", "[x]")
"""Markers that published safeguarding data uses for a withheld small number."""


def _number_or_quantity(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None or _units._is_quantity(value):  # noqa: SLF001
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidValueError(attribute.name, "must be a finite number or a pint quantity", value)


def _count(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidValueError(attribute.name, "must be a finite number", value)


def _to_float(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _check_marker(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InvalidValueError(
            attribute.name, "a suppression marker must be non-empty text", value
        )
    if value is not None:
        _check_characters(attribute.name, value)


def _check_id(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value:
        raise InvalidValueError(attribute.name, "must be an id", value)


WITHHELD_CONVENTIONS: dict[str, tuple[int, int, str]] = {
    "dfe": (1, 5, "the DfE's convention for 'c'"),
    "nhs": (0, 4, "NHS Digital's convention for '*'"),
}
"""The named conventions for what a suppression marker hides: name -> (low, high, words)."""


def _range_count(text: str, spec: str) -> int:
    text = text.strip()
    if not text.isdigit() or not text.isascii():
        raise InvalidValueError(
            "withheld",
            "expected 'dfe' (a count from 1 to 5), 'nhs' (0 to 4) or a range of whole "
            "counts such as '1-5'",
            spec,
        )
    return int(text)
def _check_optional_id(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _check_id(_, attribute, value)
        _check_characters(attribute.name, str(value))


@attrs.frozen(kw_only=True)
class WithheldRange:
    """What a suppression marker hides, by a publisher's convention: a count in [low, high].

    A named convention (``dfe``: 1 to 5; ``nhs``: 0 to 4) or a custom range (``"1-9"``).
    The engine judges a withheld value at both ends of the range: a count in the range,
    or, for a rate whose numerator is withheld, ``low / denominator`` to
    ``high / denominator``.

    Attributes:
        low: The smallest count the marker may hide.
        high: The largest count the marker may hide.
        convention: ``"dfe"``, ``"nhs"``, or None for a custom range.

    Example:
        >>> from safeguarding_plan import WithheldRange
        >>> WithheldRange.parse("dfe")
        WithheldRange(low=1, high=5, convention='dfe')
        >>> str(WithheldRange.parse("0 - 9")), WithheldRange.parse("nhs").describe()
        ('0-9', "a count from 0 to 4, by NHS Digital's convention for '*'")
    """

    low: int
    high: int
    convention: str | None = None

    def __attrs_post_init__(self) -> None:
        """Check the range: whole counts, low not above high, a known convention."""
        for name in ("low", "high"):
            given = getattr(self, name)
            if isinstance(given, bool) or not isinstance(given, int) or given < 0:
                raise InvalidValueError(f"withheld.{name}", "must be a whole count", given)
        if self.low > self.high:
            raise InvalidValueError("withheld", "low must not be above high", str(self))
        if self.convention is not None:
            known = WITHHELD_CONVENTIONS.get(self.convention)
            if known is None or known[:2] != (self.low, self.high):
                raise InvalidValueError(
                    "withheld.convention",
                    f"expected one of {', '.join(WITHHELD_CONVENTIONS)} with its own range",
                    self.convention,
                )

    @classmethod
    def parse(cls, spec: WithheldRange | str) -> WithheldRange:
        """Read ``dfe``, ``nhs`` or ``MIN-MAX`` (whole counts, such as ``1-5``).

        Raises:
            InvalidValueError: for anything else, saying what is accepted.
        """
        if isinstance(spec, WithheldRange):
            return spec
        if not isinstance(spec, str):
            raise InvalidValueError("withheld", "expected text such as 'dfe' or '1-5'", spec)
        key = spec.strip().casefold()
        if key in WITHHELD_CONVENTIONS:
            low, high, _ = WITHHELD_CONVENTIONS[key]
            return cls(low=low, high=high, convention=key)
        low_text, dash, high_text = key.partition("-")
        if not dash:
            _range_count("", spec)
        return cls(low=_range_count(low_text, spec), high=_range_count(high_text, spec))

    def __str__(self) -> str:
        """The spec it reads from: ``dfe``, ``nhs`` or ``1-5``."""
        return self.convention or f"{self.low}-{self.high}"

    def describe(self) -> str:
        """In words: ``a count from 1 to 5, by the DfE's convention for 'c'``."""
        words = f"a count from {self.low} to {self.high}"
        if self.convention is None:
            return f"{words}, by the declared range"
        return f"{words}, by {WITHHELD_CONVENTIONS[self.convention][2]}"


def _as_withheld(value: WithheldRange | str | None) -> WithheldRange | None:
    return None if value is None else WithheldRange.parse(value)


def _as_optional_date(value: dt.date | str | None) -> dt.date | None:
    return None if value is None else as_date(value, "action_due")


_SHOWN_WHEN_GIVEN = ("withheld", "commentary", "corrective_action", "action_owner", "action_due")
"""Fields an observation's repr shows only when given (most observations have none)."""


class _Numbered:
    """The line (or row) an observation was read from, as a number (see ``location``).

    A reader of a large file keeps, in the observation's ``location`` slot, one text
    shared by its rows (``"q1.csv, line "``) and here the row's number: an int instead
    of a text of its own. :attr:`Observation.location` joins the two when read.
    """

    __slots__ = ("_line",)


@attrs.frozen(kw_only=True, repr=False, weakref_slot=False)
class Observation(_Numbered):
    """The value of one indicator for one period.

    Give exactly one of: ``value``; ``numerator`` and ``denominator`` (with or without
    ``value``); or ``suppressed``. A :term:`suppressed value` is kept as suppressed, never
    as zero or missing, and never carries a value.

    Attributes:
        indicator: The indicator's id.
        period: The financial year, quarter, month or calendar year (``"2023/24"``,
            ``"2023/24 Q2"``, ``"2024-05"``, ``"2024"``).
        value: A number in the indicator's unit, or a pint quantity (from any registry)
            that :meth:`normalised` converts to it.
        numerator: For a proportion, the cases that meet the measure (11 of 16 audited).
        denominator: For a proportion, the cases looked at.
        suppressed: The marker used when the value was withheld (``"c"``, ``"[x]"``...).
            A withheld numerator may come with its ``denominator``.
        source: Where the value comes from.
        note: Anything a reader should know.
        withheld: What the marker hides (:class:`WithheldRange`, or ``"dfe"``, ``"nhs"``,
            ``"1-5"``); only with ``suppressed``. Without it the plan's own convention
            applies, if it declares one.
        commentary: The owner's account of the figure (why it is red, what lies behind it).
        corrective_action: What is being done about it.
        action_owner: Who owns the corrective action.
        action_due: When the corrective action is due (a date).
        location: Where the observation was read from (``q1.csv, line 7``), for
            messages; not part of its identity.
        comparator: The id of a comparator the plan declares (``"england"``) when the
            value is that comparator's, not the partnership's own; None (the default)
            for the partnership itself. A comparator's value is never judged as the
            partnership's actual: it is listed beside it.

    Example:
        A value, a proportion from an audit, and a withheld figure:

        >>> from safeguarding_plan import Observation
        >>> Observation(indicator="s42-non-conversion", period="2023/24", value=66).value
        66.0
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> audit = Observation(indicator="msp-asked", period="2023/24 Q2",
        ...                     numerator=11, denominator=16)
        >>> audit.normalised(stockport_2023_26().indicator("msp-asked")).value
        68.75
        >>> Observation(indicator="sar-referrals", period="2023/24", suppressed="c").suppressed
        'c'
    """

    indicator: str = attrs.field(validator=_check_id)
    period: Period = attrs.field(converter=as_period)
    value: Any = attrs.field(default=None, converter=_to_float, validator=_number_or_quantity)
    numerator: float | None = attrs.field(default=None, converter=_to_float, validator=_count)
    denominator: float | None = attrs.field(default=None, converter=_to_float, validator=_count)
    suppressed: str | None = attrs.field(default=None, validator=_check_marker)
    source: str | None = attrs.field(default=None, validator=_check_optional_text)
    note: str | None = attrs.field(default=None, validator=_check_optional_text)
    withheld: WithheldRange | None = attrs.field(default=None, converter=_as_withheld)
    commentary: str | None = attrs.field(default=None, validator=_check_optional_text)
    corrective_action: str | None = attrs.field(default=None, validator=_check_optional_text)
    action_owner: str | None = attrs.field(default=None, validator=_check_optional_text)
    action_due: dt.date | None = attrs.field(default=None, converter=_as_optional_date)
    location: str | None = attrs.field(
        default=None, validator=_check_optional_text, eq=False, repr=False
    )
    comparator: str | None = attrs.field(default=None, validator=_check_optional_id)

    def __attrs_post_init__(self) -> None:
        """Check the combination of value, counts and suppression (:func:`observation_problems`)."""
        if self.withheld is not None and self.suppressed is None:
            raise InvalidValueError(
                "withheld", "a withheld range goes only with a suppression marker",
                str(self.withheld),
            )  # fmt: skip
        problems = observation_problems(
            None,
            value=self.value,
            numerator=self.numerator,
            denominator=self.denominator,
            suppressed=self.suppressed,
        )
        if problems:
            first = problems[0]
            raise InvalidValueError(first.location, first.message, first.value)

    def __repr__(self) -> str:
        """Every field, but the optional ones of :data:`_SHOWN_WHEN_GIVEN` only when given."""
        shown = [
            f"{field.name}={getattr(self, field.name)!r}"
            for field in attrs.fields(Observation)
            if field.repr
            and not (field.name in _SHOWN_WHEN_GIVEN and getattr(self, field.name) is None)
        ]
        return f"Observation({', '.join(shown)})"

    @property
    def is_suppressed(self) -> bool:
        """Whether the value was withheld for disclosure control."""
        return self.suppressed is not None

    @property
    def has_counts(self) -> bool:
        """Whether a numerator and denominator were given (the numerator may be withheld)."""
        return self.denominator is not None

    @property
    def commented(self) -> bool:
        """Whether it carries a commentary or a corrective action."""
        return not (
            self.commentary is None
            and self.corrective_action is None
            and self.action_owner is None
            and self.action_due is None
        )

    def normalised(self, indicator: Indicator) -> Observation:
        """This observation with ``value`` as a float in the indicator's unit.

        A pint quantity is converted; numerator and denominator give the value when none
        was given (times 100 for a percentage). The checks are
        :func:`check_observation`'s, which the file readers and ``evaluate`` use too.

        Raises:
            UnitError: if a quantity's unit does not fit the indicator's unit (naming both).
            InvalidValueError: for the first problem :func:`check_observation` finds: the
                observation is for another indicator, a percentage outside 0-100, a
                negative count, or a given value that disagrees with its counts.
        """
        if indicator.id == self.indicator:
            if self.suppressed is not None:
                return self
            _converted(self, indicator)  # a unit that does not fit is a UnitError
        normalised, problems = check_observation(self, indicator)
        if normalised is None:
            first = problems[0]
            raise InvalidValueError(first.location, first.message, first.value)
        return normalised


_LOCATION_SLOT = Observation.__dict__["location"]
_LINE_SLOT = _Numbered.__dict__["_line"]


def _location(observation: Observation) -> str | None:
    line = _LINE_SLOT.__get__(observation)
    place: str | None = _LOCATION_SLOT.__get__(observation)
    return place if line is None else f"{place}{line}"


def _set_location(observation: Observation, location: str | None) -> None:
    _LOCATION_SLOT.__set__(observation, location)
    _LINE_SLOT.__set__(observation, None)


# ``location`` is read through a property: the text given, or a reader's shared text and
# a line number joined (``q1.csv, line 7``). Building, evolving, copying and pickling go
# through it too, so each sees the text (and a frozen observation still refuses setting).
Observation.location = property(  # type: ignore[assignment]
    _location,
    _set_location,
    doc="Where the observation was read from (``q1.csv, line 7``), for messages; not "
    "part of its identity.",
)

_SETTERS = {
    field.name: Observation.__dict__[field.name].__set__
    for field in attrs.fields(Observation)
    if field.name != "location"
}
_SETTERS["location"] = _LOCATION_SLOT.__set__
_SET_LINE = _LINE_SLOT.__set__
(
    _SET_INDICATOR,
    _SET_PERIOD,
    _SET_VALUE,
    _SET_NUMERATOR,
    _SET_DENOMINATOR,
    _SET_SUPPRESSED,
    _SET_SOURCE,
    _SET_NOTE,
    _SET_COMPARATOR,
    _SET_WITHHELD,
    _SET_LOCATION,
) = (
    _SETTERS[name]
    for name in (
        "indicator", "period", "value", "numerator", "denominator", "suppressed", "source",
        "note", "comparator", "withheld", "location",
    )
)  # fmt: skip
_OTHER_FIELDS = tuple(
    (_SETTERS[field.name], field.default)
    for field in attrs.fields(Observation)
    if field.name not in {
        "indicator", "period", "value", "numerator", "denominator", "suppressed", "source",
        "note", "comparator", "withheld", "location",
    }
)  # fmt: skip
"""The fields a reader's quick way leaves at their defaults (commentary, action_due...).

Each has a plain default (None), which tests/test_observation_reading_scale.py checks."""
# One call each, not a loop (a field added here fails to unpack: give it its setter).
_SET_COMMENTARY, _SET_CORRECTIVE_ACTION, _SET_ACTION_OWNER, _SET_ACTION_DUE = (
    setter for setter, _ in _OTHER_FIELDS
)


def _line_of(observation: Observation) -> int | None:
    """The line number a reader kept for an observation (None if it kept a text)."""
    line: int | None = _LINE_SLOT.__get__(observation)
    return line


def _trusted_observation(  # noqa: PLR0917 - one call a row: positional is quicker
    indicator: str,
    period: Period,
    value: float | None,
    numerator: float | None,
    denominator: float | None,
    suppressed: str | None,
    source: str | None,
    note: str | None,
    comparator: str | None = None,
    withheld: WithheldRange | None = None,
    location: str | None = None,
    line: int | None = None,
) -> Observation:
    """An observation from figures a reader has already checked, without checking them again.

    Only for the readers' rows that pass every check :class:`Observation` and
    :func:`check_observation` make (and the reader's own): an id of the plan, a period,
    finite floats in the indicator's unit or a marker (with its withheld range), text
    without refused characters, a declared comparator. A million rows are read in a few
    seconds this way; building each through the checks again would take as long as
    everything else together. Every other field keeps its default.

    With a ``line``, ``location`` is the text before its number (``"q1.csv, line "``,
    shared by every row of a file) and the observation's location reads ``q1.csv, line 7``.
    """
    observation: Observation = object.__new__(Observation)
    _SET_INDICATOR(observation, indicator)
    _SET_PERIOD(observation, period)
    _SET_VALUE(observation, value)
    _SET_NUMERATOR(observation, numerator)
    _SET_DENOMINATOR(observation, denominator)
    _SET_SUPPRESSED(observation, suppressed)
    _SET_SOURCE(observation, source)
    _SET_NOTE(observation, note)
    _SET_COMPARATOR(observation, comparator)
    _SET_WITHHELD(observation, withheld)
    _SET_LOCATION(observation, location)
    _SET_LINE(observation, line)
    _SET_COMMENTARY(observation, None)
    _SET_CORRECTIVE_ACTION(observation, None)
    _SET_ACTION_OWNER(observation, None)
    _SET_ACTION_DUE(observation, None)
    return observation


# --------------------------------------------------------------------------- checks


def _decimals(number: float) -> int:
    """The decimal places a number is written with, trailing zeros aside (68.80 -> 1)."""
    exponent = decimal.Decimal(format(number, ".15g")).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _share(indicator: Indicator, numerator: float, denominator: float) -> float:
    """The value numerator and denominator give: times 100 for a percentage."""
    return numerator / denominator * (100.0 if indicator.is_percent else 1.0)


def _converted(
    observation: Observation, indicator: Indicator
) -> tuple[float | None, float | None, float]:
    """The value in the indicator's unit, the number as given, and the unit's scale.

    Raises:
        UnitError: if a quantity's unit does not fit the indicator's unit.
    """
    value = observation.value
    if value is None or isinstance(value, float):
        return value, value, 1.0
    try:
        converted = _units.to_magnitude(value, indicator.unit)
        written = float(value.magnitude)
        scale = (
            converted / written
            if written
            else _units.to_magnitude(_units.quantity(1.0, str(value.units)), indicator.unit)
        )
    except UnitError as exc:
        raise UnitError(
            f"{observation.indicator} {observation.period}: {exc.message}",
            value,
            indicator.unit,
        ) from None
    return converted, written, scale


def _indicator_problems(
    indicator: Indicator,
    value: float | None,
    numerator: float | None,
    denominator: float | None,
    *,
    written: float | None,
    scale: float,
) -> list[Problem]:
    """The problems of an observation's figures (value already converted) for its indicator."""
    problems = []
    if indicator.is_percent and value is not None and not 0 <= value <= 100:
        problems.append(Problem(location="value", message=_PERCENT_RANGE, value=value))
    if indicator.unit == "count" and value is not None and value < 0:
        problems.append(Problem(location="value", message=_NEGATIVE_COUNT, value=value))
    if (
        value is not None
        and written is not None
        and numerator is not None
        and denominator
        and 0 <= numerator <= denominator
    ):
        share = _share(indicator, numerator, denominator)
        # The value may be the share rounded to as many decimals as it is written with.
        tolerance = 0.5 * 10 ** -_decimals(written) * abs(scale) + 1e-9 * max(1.0, share)
        if abs(value - share) > tolerance:
            problems.append(
                Problem(
                    location="value",
                    message=f"disagrees with numerator/denominator, which give {share:.6g}; "
                    "give that value rounded to the decimals written, or leave the value "
                    "blank",
                    value=value,
                )
            )
    return problems


_PERCENT_RANGE = "a percentage must lie within 0-100"
_NEGATIVE_COUNT = "a count must not be negative"
_WHOLE_COUNT = "a count must be a whole number, zero or more"


def observation_problems(
    indicator: Indicator | None,
    *,
    value: float | None,
    numerator: float | None = None,
    denominator: float | None = None,
    suppressed: str | None = None,
    written: float | None = None,
    scale: float = 1.0,
) -> list[Problem]:
    """Every problem of one observation's figures, each located by the field at fault.

    The one owner of the checks on an observation: :class:`Observation` keeps the rules
    that hold whatever the indicator (``indicator=None``); :func:`check_observation`,
    ``evaluate`` and the file readers (which report every problem of a row at once) add
    the indicator's.

    Whatever the indicator: a suppressed value carries no value or numerator (its
    denominator may be given: the numerator is what was withheld); numerator and
    denominator go together, are whole numbers, the denominator above zero and the
    numerator not above it. For the indicator: a percentage lies within 0-100, a count is
    not negative, and a value given with counts equals ``numerator / denominator`` (times
    100 for a percentage) rounded to as many decimals as it is written with (trailing
    zeros aside: 68.80 is 68.8).

    Args:
        indicator: The indicator, or ``None`` for the rules that hold for any.
        value: The value in the indicator's unit (``None`` if not given).
        numerator: The cases that meet the measure.
        denominator: The cases looked at.
        suppressed: The suppression marker, if the value was withheld.
        written: The value as written, before any unit conversion (its decimals count);
            the value itself by default.
        scale: What one of the written unit is in the indicator's unit (100 for a
            fraction of a percentage).

    Example:
        11 of 16 is 68.75%: ``69`` and ``68.8`` agree with it, ``70`` does not.

        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> asked = stockport_2023_26().indicator("msp-asked")
        >>> observation_problems(asked, value=68.8, numerator=11, denominator=16)
        []
        >>> [str(p) for p in observation_problems(asked, value=70, numerator=11, denominator=16)]
        ['value: disagrees with numerator/denominator, which give 68.75; give that value
        rounded to the decimals written, or leave the value blank (given: 70)']
    """
    problems: list[Problem] = []
    if suppressed is not None:
        carried = [
            (field, given)
            for field, given in (("value", value), ("numerator", numerator))
            if given is not None
        ]
        if carried:
            field, given = carried[0]
            problems.append(
                Problem(
                    location=field,
                    message="a withheld (suppressed) value must not carry a value or a "
                    "numerator (a withheld numerator may come with its denominator)",
                    value=given,
                )
            )
        if denominator is not None and (denominator <= 0 or not float(denominator).is_integer()):
            problems.append(
                Problem(location="denominator", message=_WHOLE_COUNT + ", above zero",
                        value=denominator)
            )  # fmt: skip
        return problems
    if (numerator is None) != (denominator is None):
        field = "denominator" if denominator is None else "numerator"
        problems.append(Problem(location=field, message="numerator and denominator go together"))
    for field, count in (("numerator", numerator), ("denominator", denominator)):
        if count is not None and (count < 0 or not float(count).is_integer()):
            problems.append(Problem(location=field, message=_WHOLE_COUNT, value=count))
    if denominator is not None and denominator <= 0:
        problems.append(
            Problem(location="denominator", message="must be above zero", value=denominator)
        )
    if numerator is not None and denominator is not None and numerator > denominator > 0:
        problems.append(
            Problem(
                location="numerator",
                message=f"must not be above the denominator ({denominator:g})",
                value=numerator,
            )
        )
    if value is None and numerator is None and denominator is None:
        problems.append(
            Problem(
                location="value",
                message="give a value, a numerator and denominator, or a suppression marker",
            )
        )
    if indicator is not None and not _units._is_quantity(value):  # noqa: SLF001
        problems += _indicator_problems(
            indicator,
            value,
            numerator,
            denominator,
            written=value if written is None else written,
            scale=scale,
        )
    return problems


def checked_value(
    observation: Observation, indicator: Indicator
) -> tuple[float | None, list[Problem]]:
    """The observation's value in the indicator's unit, or ``None`` with every problem.

    What :func:`check_observation` does without building a new observation (``evaluate``
    indexes thousands): a pint quantity is converted, numerator and denominator give the
    value when none was given, and :func:`observation_problems` checks the figures. A
    suppressed observation has no value and no problems.

    Example:
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> asked = stockport_2023_26().indicator("msp-asked")
        >>> audit = Observation(indicator="msp-asked", period="2023/24 Q2",
        ...                     numerator=11, denominator=16)
        >>> checked_value(audit, asked)
        (68.75, [])
    """
    if indicator.id != observation.indicator:
        return None, [
            Problem(
                location="indicator",
                message=f"expected {indicator.id!r}",
                value=observation.indicator,
            )
        ]
    if observation.suppressed is not None:
        return None, []
    numerator, denominator = observation.numerator, observation.denominator
    value = observation.value
    if denominator is None and value.__class__ is float and 0 <= value <= 100:
        return value, []  # the common case: a plain number no rule can refuse
    try:
        value, written, scale = _converted(observation, indicator)
    except UnitError as exc:
        return None, [Problem(location="value", message=exc.message, value=observation.value)]
    problems = _indicator_problems(
        indicator, value, numerator, denominator, written=written, scale=scale
    )
    if problems:
        return None, problems
    if value is None and denominator is not None:
        value = _share(indicator, numerator or 0.0, denominator)
    return value, []


def check_observation(
    observation: Observation, indicator: Indicator
) -> tuple[Observation | None, list[Problem]]:
    """The observation normalised for its indicator, or ``None``, with every problem found.

    What ``evaluate`` and the file readers both use (through :func:`checked_value`): a
    pint quantity is converted to the indicator's unit, numerator and denominator give
    the value when none was given, and :func:`observation_problems` checks the figures.
    Each problem is located by the field at fault (``value``, ``numerator``,
    ``indicator``).

    Example:
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> asked = stockport_2023_26().indicator("msp-asked")
        >>> audit = Observation(indicator="msp-asked", period="2023/24 Q2",
        ...                     numerator=11, denominator=16, value=70)
        >>> normalised, problems = check_observation(audit, asked)
        >>> normalised, [p.location for p in problems]
        (None, ['value'])
    """
    value, problems = checked_value(observation, indicator)
    if problems:
        return None, problems
    if value is observation.value or observation.suppressed is not None:
        return observation, []
    return attrs.evolve(observation, value=value), []

_E = TypeVar("_E", bound=enum.Enum)


def _parse_member(
    cls: type[_E], text: _E | str, field: str, aliases: Mapping[str, str] | None = None
) -> _E:
    """Read an enum member from text, ignoring case, spaces, hyphens and underscores."""
    if isinstance(text, cls):
        return text
    if isinstance(text, str):
        key = "_".join(text.strip().lower().replace("-", " ").replace("_", " ").split())
        key = (aliases or {}).get(key, key)
        for member in cls:
            if member.value == key:
                return member
    allowed = ", ".join(repr(str(m.value).replace("_", " ")) for m in cls)
    raise InvalidValueError(field, f"expected one of {allowed}", text)


class UpdateState(enum.Enum):
    """The state an action update records.

    Parsing with :meth:`parse` accepts ``"in progress"``, ``"in_progress"``,
    ``"In Progress"`` and the like.

    Example:
        >>> from safeguarding_plan import UpdateState
        >>> UpdateState.parse("In Progress"), UpdateState.parse("done")
        (<UpdateState.IN_PROGRESS: 'in_progress'>, <UpdateState.COMPLETE: 'complete'>)
    """

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    DROPPED = "dropped"

    @classmethod
    def parse(cls, text: UpdateState | str) -> UpdateState:
        """Read a state from text, ignoring case, spaces, hyphens and underscores.

        Raises:
            InvalidValueError: for anything else.
        """
        aliases = {"completed": "complete", "done": "complete", "started": "in_progress"}
        return _parse_member(cls, text, "state", aliases)


def _as_date(value: dt.date | str) -> dt.date:
    return as_date(value, "on")


def _as_state(value: UpdateState | str) -> UpdateState:
    return UpdateState.parse(value)


@attrs.frozen(kw_only=True)
class ActionUpdate:
    """A dated state of one action.

    Attributes:
        action: The action's id.
        on: The date of the update (``"2024-01-10"`` is accepted).
        state: :class:`UpdateState`, or text such as ``"in progress"``.
        note: What happened; for a dropped action, why.
        evidence: Evidence of impact: a link or a sentence (what changed because of it).

    Example:
        >>> from safeguarding_plan import ActionUpdate
        >>> update = ActionUpdate(action="maars-audit", on="2024-06-01", state="in progress")
        >>> update.on, update.state
        (datetime.date(2024, 6, 1), <UpdateState.IN_PROGRESS: 'in_progress'>)
    """

    action: str = attrs.field(validator=_check_id)
    on: dt.date = attrs.field(converter=_as_date)
    state: UpdateState = attrs.field(converter=_as_state)
    note: str | None = attrs.field(default=None, validator=_check_optional_text)
    evidence: str | None = attrs.field(default=None, validator=_check_optional_text)


class Judgement(enum.Enum):
    """An assessor's judgement of a qualitative outcome.

    Example:
        >>> from safeguarding_plan import Judgement
        >>> Judgement.parse("on track"), Judgement.parse("NOT_MET")
        (<Judgement.ON_TRACK: 'on_track'>, <Judgement.NOT_MET: 'not_met'>)
    """

    MET = "met"
    NOT_MET = "not_met"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"

    @classmethod
    def parse(cls, text: Judgement | str) -> Judgement:
        """Read a judgement from text such as ``"on track"`` or ``"NOT_MET"``.

        Raises:
            InvalidValueError: for anything else.
        """
        return _parse_member(cls, text, "judgement")


def _as_judgement(value: Judgement | str) -> Judgement:
    return Judgement.parse(value)


@attrs.frozen(kw_only=True)
class Assessment:
    """A dated judgement of a qualitative outcome ("practitioners will feel confident ...").

    Attributes:
        outcome: The outcome's id.
        on: The date of the assessment.
        judgement: :class:`Judgement`, or text such as ``"on track"``.
        evidence: What the judgement rests on (an audit, a survey).
        note: Anything else a reader should know.

    Example:
        >>> from safeguarding_plan import Assessment
        >>> assessment = Assessment(outcome="trauma-informed-practice", on="2024-05-01",
        ...                         judgement="on track", evidence="practitioner survey")
        >>> assessment.judgement
        <Judgement.ON_TRACK: 'on_track'>
    """

    outcome: str = attrs.field(validator=_check_id)
    on: dt.date = attrs.field(converter=_as_date)
    judgement: Judgement = attrs.field(converter=_as_judgement)
    evidence: str | None = attrs.field(default=None, validator=_check_optional_text)
    note: str | None = attrs.field(default=None, validator=_check_optional_text)


@attrs.frozen(kw_only=True)
class Commentary:
    """The owner's account of a figure: commentary and corrective action, from an observation.

    Attributes:
        period: The period of the observation that carries it.
        commentary: Why the figure is what it is.
        corrective_action: What is being done about it.
        action_owner: Who owns the corrective action.
        action_due: When it is due.

    Example:
        >>> from safeguarding_plan import Commentary, Observation
        >>> row = Observation(indicator="s42-non-conversion", period="2024/25 Q3", value=61,
        ...                   commentary="A rise in repeat concerns from one care home.",
        ...                   corrective_action="Targeted visits", action_owner="SSAP",
        ...                   action_due="2025-03-31")
        >>> Commentary.of(row).action_due
        datetime.date(2025, 3, 31)
    """

    period: Period = attrs.field(converter=as_period)
    commentary: str | None = attrs.field(default=None, validator=_check_optional_text)
    corrective_action: str | None = attrs.field(default=None, validator=_check_optional_text)
    action_owner: str | None = attrs.field(default=None, validator=_check_optional_text)
    action_due: dt.date | None = attrs.field(default=None, converter=_as_optional_date)

    @classmethod
    def of(cls, observation: Observation) -> Commentary:
        """The commentary an observation carries."""
        return cls(
            period=observation.period,
            commentary=observation.commentary,
            corrective_action=observation.corrective_action,
            action_owner=observation.action_owner,
            action_due=observation.action_due,
        )
