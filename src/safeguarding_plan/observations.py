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
                numerator=11.0, denominator=16.0, suppressed=None, source=None, note=None)
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Mapping
from typing import Any, TypeVar

import attrs

from safeguarding_plan import _units
from safeguarding_plan.errors import InvalidValueError, UnitError
from safeguarding_plan.model import Indicator, _check_characters, _check_optional_text
from safeguarding_plan.periods import Period, as_period

__all__ = [
    "DEFAULT_SUPPRESSION_MARKERS",
    "ActionUpdate",
    "Assessment",
    "Judgement",
    "Observation",
    "UpdateState",
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
    if value < 0:
        raise InvalidValueError(attribute.name, "must not be negative", value)


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


@attrs.frozen(kw_only=True)
class Observation:
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
        source: Where the value comes from.
        note: Anything a reader should know.

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

    def __attrs_post_init__(self) -> None:
        """Check the combination of value, counts and suppression."""
        has_counts = self.numerator is not None or self.denominator is not None
        if self.suppressed is not None:
            if self.value is not None or has_counts:
                raise InvalidValueError(
                    "suppressed",
                    "a suppressed observation must not carry a value or counts",
                    self.suppressed,
                )
            return
        if (self.numerator is None) != (self.denominator is None):
            field = "denominator" if self.denominator is None else "numerator"
            raise InvalidValueError(field, "numerator and denominator go together", None)
        if self.denominator is not None and self.denominator <= 0:
            raise InvalidValueError("denominator", "must be above zero", self.denominator)
        if self.value is None and not has_counts:
            raise InvalidValueError(
                "value", "give a value, a numerator and denominator, or a suppression marker", None
            )

    @property
    def is_suppressed(self) -> bool:
        """Whether the value was withheld for disclosure control."""
        return self.suppressed is not None

    @property
    def has_counts(self) -> bool:
        """Whether a numerator and denominator were given."""
        return self.denominator is not None

    def normalised(self, indicator: Indicator) -> Observation:
        """This observation with ``value`` as a float in the indicator's unit.

        A pint quantity is converted; numerator and denominator give the value when none
        was given (times 100 for a percentage). Called once per observation when an
        evaluation indexes its data, so judging never touches pint.

        Raises:
            UnitError: if a quantity's unit does not fit the indicator's unit (naming both).
            InvalidValueError: if the observation is for another indicator, the numerator
                is above the denominator of a percentage, or a given value disagrees with
                its counts.
        """
        if indicator.id != self.indicator:
            raise InvalidValueError("indicator", f"expected {indicator.id!r}", self.indicator)
        if self.suppressed is not None:
            return self
        value = self.value
        if value is not None and not isinstance(value, float):
            try:
                value = _units.to_magnitude(value, indicator.unit)
            except UnitError as exc:
                raise UnitError(
                    f"{self.indicator} {self.period}: {exc.message}", self.value, indicator.unit
                ) from None
        if self.numerator is not None and self.denominator is not None:
            share = self.numerator / self.denominator
            if indicator.is_percent:
                if self.numerator > self.denominator:
                    raise InvalidValueError(
                        "numerator",
                        f"must not be above the denominator ({self.denominator:g}) "
                        "for a percentage",
                        self.numerator,
                    )
                share *= 100
            if value is None:
                value = share
            elif abs(value - share) > 0.05 * max(1.0, abs(share)):
                raise InvalidValueError(
                    "value",
                    f"disagrees with numerator/denominator ({share:.4g})",
                    value,
                )
        if value is self.value:
            return self
        return attrs.evolve(self, value=value)


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
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InvalidValueError("on", "expected a date such as 2024-01-10", value)


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
