"""The typed, immutable model of a safeguarding partnership's business plan.

A :class:`Plan` holds :class:`Priority` objects, each with its *Why?* (:class:`Evidence`),
*How?* (:class:`Action`) and *So what?* (:class:`Outcome`), and each belonging to one of
the plan's :class:`DeclaredPartnership` objects (Stockport's: joint, children's, adults').
Outcomes are measured by :class:`Target` objects on plan-level :class:`Indicator` objects,
or are qualitative. Every class is a frozen attrs class validated at construction, so an
invalid object cannot exist; a whole :class:`Plan` also checks that its ids are unique and
its references resolve, and reports every problem at once.

The model knows nothing of files: see :mod:`safeguarding_plan.files`.

Example:
    >>> from safeguarding_plan import Indicator, Target, AtMost, Direction, Baseline
    >>> s42 = Indicator(
    ...     id="s42-non-conversion",
    ...     name="contacts to Adult Social Care that do not progress to a Section 42 enquiry",
    ...     unit="percent",
    ...     direction=Direction.LOWER_IS_BETTER,
    ...     baseline=Baseline(period="2022/23", value=84),
    ... )
    >>> target = Target(id="s42-2023-24", indicator="s42-non-conversion",
    ...                 period="2023/24", rule=AtMost(value=64))
    >>> print(target.describe(s42))
    reduce contacts to Adult Social Care that do not progress to a Section 42 enquiry
    from 84% (2022/23) to at most 64% by the end of 2023/24
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeAlias, TypeVar

import attrs

from safeguarding_plan import _format, _units
from safeguarding_plan.errors import (
    InvalidValueError,
    PlanValidationError,
    Problem,
    Severity,
    UnitError,
    UnknownIdError,
    suggest,
)
from safeguarding_plan.periods import CalendarYear, FinancialYear, Period, as_period

__all__ = [
    "STANDARD_PARTNERSHIPS",
    "Above",
    "AbsoluteChange",
    "AbsoluteTolerance",
    "Action",
    "AtLeast",
    "AtMost",
    "Baseline",
    "Below",
    "Between",
    "Comparator",
    "DeclaredPartnership",
    "Direction",
    "Evidence",
    "Figure",
    "GlossaryEntry",
    "Improve",
    "Indicator",
    "Measure",
    "Outcome",
    "Partnership",
    "Plan",
    "PlanTolerancePolicy",
    "Priority",
    "Reference",
    "RelativeChange",
    "RelativeTolerance",
    "Rule",
    "Target",
    "ToleranceDeclaration",
    "area_key",
    "format_value",
    "typed_as_a_fraction",
    "validate",
]

_ID_RE = re.compile(r"[a-z0-9][a-z0-9_.-]*")
"""An id, matched against the whole string (so ``"asked\n"`` is not an id)."""


# --------------------------------------------------------------------------- enums


class Direction(enum.Enum):
    """Which way is better for an indicator. Always declared, never guessed.

    ``HIGHER_IS_BETTER`` for rising outcomes ("increase", "more"); ``LOWER_IS_BETTER``
    for falling ones ("reduce", "fewer").

    Example:
        >>> from safeguarding_plan import Direction
        >>> Direction.LOWER_IS_BETTER.sign, Direction.LOWER_IS_BETTER.flipped().name
        (-1, 'HIGHER_IS_BETTER')
    """

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"

    @property
    def sign(self) -> int:
        """``+1`` when higher is better, ``-1`` when lower is better."""
        return 1 if self is Direction.HIGHER_IS_BETTER else -1

    def flipped(self) -> Direction:
        """The other direction."""
        if self is Direction.HIGHER_IS_BETTER:
            return Direction.LOWER_IS_BETTER
        return Direction.HIGHER_IS_BETTER


class Measure(enum.Enum):
    """Whether an indicator's values are :term:`levels <level>` or :term:`flows <flow>`.

    ``LEVEL``: percentages, rates and proportions, comparable across periods of any
    length. ``FLOW``: counts that accumulate over time (:term:`SAR` referrals received in a
    year); a year's flow is the sum of its quarters.

    Example:
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> plan = stockport_2023_26()
        >>> plan.indicator("sar-referrals").measure, plan.indicator("msp-asked").measure
        (<Measure.FLOW: 'flow'>, <Measure.LEVEL: 'level'>)
    """

    LEVEL = "level"
    FLOW = "flow"


class Partnership(enum.Enum):
    """The three standard partnerships (joint, children's, adults'): a convenience.

    A plan declares its own partnerships (:class:`DeclaredPartnership`, with an id and a
    label); nothing requires these. A priority may be given one of them instead of its id,
    and a plan that declares no partnerships has the standard ones its priorities name
    declared for it, with these labels.

    Example:
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> plan = stockport_2023_26()
        >>> [plan.partnership_of(p).label for p in plan.priorities]
        ['Joint', 'Joint', 'Joint', "Children's", "Adults'"]
        >>> Partnership.ADULTS.value, Partnership.ADULTS.label
        ('adults', "Adults'")
    """

    JOINT = "joint"
    CHILDREN = "children"
    ADULTS = "adults"

    @property
    def label(self) -> str:
        """``"Joint"``, ``"Children's"`` or ``"Adults'"``, as the plan writes it."""
        return {"joint": "Joint", "children": "Children's", "adults": "Adults'"}[self.value]


class Reference(enum.Enum):
    """What a relative change, absolute change or improvement is measured from.

    ``BASELINE``: the indicator's baseline. ``PREVIOUS``: the actual of the period before
    the target's period (2022/23's actual for a 2023/24 target). There is no default.

    Example:
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> stockport_2023_26().target("sar-referrals-2023-24").reference
        <Reference.PREVIOUS: 'previous'>
    """

    BASELINE = "baseline"
    PREVIOUS = "previous"


# --------------------------------------------------------------------------- helpers


_REFUSED_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
"""What text may not hold: control characters other than tab and line feed, and lone
surrogates. No plan file can hold a lone surrogate (it is not a character, and has no
UTF-8), and control characters (a carriage return, an escape, NEL) would garble a
report or a terminal."""


def _refused_character(value: str) -> str | None:
    """Why ``value`` cannot be plan text, or ``None`` if it can."""
    found = _REFUSED_CHARACTERS.search(value)
    if found is None:
        return None
    code = ord(found.group())
    what = "a lone surrogate" if 0xD800 <= code <= 0xDFFF else "a control character"
    return (
        f"text must not hold control characters other than tab and line feed, nor lone "
        f"surrogates; found {what}, U+{code:04X}, at character {found.start() + 1}"
    )


def _check_characters(field: str, value: str) -> None:
    problem = _refused_character(value)
    if problem is not None:
        raise InvalidValueError(field, problem, value)


def _check_id(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not _ID_RE.fullmatch(value):
        raise InvalidValueError(
            attribute.name,
            "an id must be lower-case letters, digits, '-', '_' or '.', "
            "starting with a letter or digit",
            value,
        )


def _check_text(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(attribute.name, "must be non-empty text", value)
    _check_characters(attribute.name, value)


def _check_optional_text(_: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise InvalidValueError(attribute.name, "must be text or absent", value)
    if value is not None:
        _check_characters(attribute.name, value)


def _check_number(_: object, attribute: attrs.Attribute[float], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidValueError(attribute.name, "must be a finite number", value)


def _check_optional_number(_: object, attribute: attrs.Attribute[float], value: object) -> None:
    if value is not None:
        _check_number(_, attribute, value)


def _check_unit(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if isinstance(value, str):
        _check_characters(attribute.name, value)
    try:
        _units.check_unit(value)
    except UnitError as exc:
        raise InvalidValueError(attribute.name, exc.message, value) from None


def _texts(value: str | Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _check_each_text(
    _: object, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    for index, text in enumerate(value):
        _check_characters(f"{attribute.name}[{index}]", text)


def area_key(area: str) -> str:
    """How an area code or name is matched: spaces around it and case aside.

    Example:
        >>> from safeguarding_plan.model import area_key
        >>> area_key(" Stockport ") == area_key("STOCKPORT")
        True
    """
    return " ".join(area.split()).casefold()


def _strings_validator() -> attrs.validators._AndValidator:  # type: ignore[name-defined]
    return attrs.validators.and_(
        attrs.validators.deep_iterable(
            member_validator=attrs.validators.instance_of(str),
            iterable_validator=attrs.validators.instance_of(tuple),
        ),
        _check_each_text,
    )


def _tuple_of(cls: type) -> attrs.validators._DeepIterable:  # type: ignore[name-defined]
    return attrs.validators.deep_iterable(
        member_validator=attrs.validators.instance_of(cls),
        iterable_validator=attrs.validators.instance_of(tuple),
    )


def _as_float(value: float) -> float:
    # Whole numbers become floats, and float subclasses (``numpy.float64``) plain floats,
    # so every writer writes them as numbers.
    number: object = value  # anything may be given; the validator says what is wrong
    if isinstance(number, int | float) and not isinstance(number, bool):
        return float(number)
    return value


def _as_optional_float(value: float | None) -> float | None:
    return None if value is None else _as_float(value)


def format_value(
    value: float, unit: str, *, decimals: int = 2, signed: bool = False
) -> str:
    """Format a number in a unit for people: ``64%``, ``25``, ``451.1 per 100,000 population``.

    At most ``decimals`` decimal places, rounded half away from zero; trailing zeros and
    a trailing point are dropped and a number that rounds to zero prints ``0``, never
    ``-0``. A percentage point after exactly 1 is singular. With ``signed``, a number that
    prints above zero gets a ``+``.

    Example:
        >>> format_value(74.0, "percent"), format_value(12.5, "count")
        ('74%', '12.5')
        >>> format_value(-5, "percentage_point"), format_value(44.9999, "percent")
        ('-5 percentage points', '45%')
    """
    return _format.format_value(value, unit, decimals=decimals, signed=signed)


# --------------------------------------------------------------------------- partnerships


@attrs.frozen(kw_only=True)
class DeclaredPartnership:
    """A partnership (or any organisation a priority belongs to), as the plan declares it.

    Roll-ups, reports and charts name it by its label: "Adults' partnership",
    "Adults' priority: ...".

    Attributes:
        id: Unique among the plan's partnerships; priorities refer to it.
        label: How the plan names it in headings ("Adults'", "Community safety").

    Example:
        >>> csp = DeclaredPartnership(id="csp", label="Community safety")
        >>> csp, DeclaredPartnership.standard(Partnership.ADULTS).label
        (DeclaredPartnership(id='csp', label='Community safety'), "Adults'")
    """

    id: str = attrs.field(validator=_check_id)
    label: str = attrs.field(validator=_check_text)

    @classmethod
    def standard(cls, partnership: Partnership) -> DeclaredPartnership:
        """One of the three standard partnerships, with its standard id and label."""
        return cls(id=partnership.value, label=partnership.label)


@attrs.frozen(kw_only=True)
class Comparator:
    """Somewhere the partnership compares itself with, as the plan declares it.

    Observations recorded for a comparator (England, the region, the statistical
    neighbours) are never the partnership's own values: each result lists them beside
    its actual, with the difference and whether the partnership is better, similar or
    worse.

    Attributes:
        id: Unique among the plan's comparators; observations refer to it in their
            ``comparator`` column.
        label: How reports name it ("England", "North West").

    Example:
        >>> Comparator(id="england", label="England")
        Comparator(id='england', label='England')
    """

    id: str = attrs.field(validator=_check_id)
    label: str = attrs.field(validator=_check_text)


STANDARD_PARTNERSHIPS: tuple[DeclaredPartnership, ...] = tuple(
    DeclaredPartnership.standard(p) for p in Partnership
)
"""Joint, children's and adults', with their standard labels, in that order."""



# --------------------------------------------------------------------------- figures


@attrs.frozen(kw_only=True)
class Figure:
    """A number the plan quotes as context or evidence ("271 Section 47 enquiries initiated").

    Attributes:
        label: What the number counts or measures, in the plan's words.
        value: The number, in ``unit``.
        unit: A pint unit name: ``percent``, ``count``, ``per_100k_population``, ...
        period: The period it covers, if it is one (a financial year, quarter, month or
            calendar year).
        as_at: When it was measured, as the plan says it ("March 2023", "2021"), if not a
            period.
        source: Where it comes from ("ONS 2021 census").
        notes: Anything a reader should know, such as an ambiguity in the source text.

    Example:
        >>> figure = Figure(label="Section 47 enquiries initiated", value=271, unit="count",
        ...                 period="2022/23", source="local authority Tableau report")
        >>> print(figure.describe())
        271 Section 47 enquiries initiated (2022/23; local authority Tableau report)
    """

    label: str = attrs.field(validator=_check_text)
    value: float = attrs.field(converter=_as_float, validator=_check_number)
    unit: str = attrs.field(validator=_check_unit)
    period: Period | None = attrs.field(
        default=None, converter=attrs.converters.optional(as_period)
    )
    as_at: str | None = attrs.field(default=None, validator=_check_optional_text)
    source: str | None = attrs.field(default=None, validator=_check_optional_text)
    notes: tuple[str, ...] = attrs.field(
        default=(), converter=_texts, validator=_strings_validator()
    )

    def describe(self) -> str:
        """``"271 Section 47 enquiries initiated (2022/23; local authority Tableau report)"``."""
        when = [str(self.period)] if self.period else []
        when += [self.as_at] if self.as_at else []
        when += [self.source] if self.source else []
        suffix = f" ({'; '.join(when)})" if when else ""
        return f"{format_value(self.value, self.unit)} {self.label}{suffix}"


@attrs.frozen(kw_only=True)
class Evidence:
    """A *Why?* statement, with the figures it cites.

    Attributes:
        text: The statement, in the plan's words.
        figures: The numbers the statement cites, each with its unit.

    Example:
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> why = stockport_2023_26().priority("adults-making-safeguarding-personal").why
        >>> why[3].text
        '45% of all MAARS cases in 2022/23 featured self-neglect'
        >>> print(why[3].figures[0].describe())
        45% of all MAARS cases featured self-neglect (2022/23)
    """

    text: str = attrs.field(validator=_check_text)
    figures: tuple[Figure, ...] = attrs.field(
        default=(), converter=tuple, validator=_tuple_of(Figure)
    )


@attrs.frozen(kw_only=True)
class GlossaryEntry:
    """A term from the plan's glossary (Appendix A).

    Attributes:
        term: The term as written ("Safeguarding Adult Review").
        abbreviation: Its short form, if any ("SAR").
        definition: The plan's definition.

    Example:
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> sar = next(e for e in stockport_2023_26().glossary if e.abbreviation == "SAR")
        >>> sar.term
        'Safeguarding Adult Review'
    """

    term: str = attrs.field(validator=_check_text)
    definition: str = attrs.field(validator=_check_text)
    abbreviation: str | None = attrs.field(default=None, validator=_check_optional_text)


# --------------------------------------------------------------------------- tolerances


def _check_allowance(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    _check_number(_, attribute, value)
    if value < 0:
        raise InvalidValueError(attribute.name, "a tolerance must be zero or more", value)


@attrs.frozen(kw_only=True)
class AbsoluteTolerance:
    """A :term:`tolerance` of a fixed amount in the indicator's difference unit.

    For a percentage the amount is in percentage points: 2 makes 66% AMBER (not RED)
    against "at most 64%".

    Attributes:
        amount: How far a value may miss and still be AMBER (inclusive).

    Example:
        >>> from safeguarding_plan import Direction, Indicator
        >>> s42 = Indicator(id="s42", name="s42", unit="percent",
        ...                 direction=Direction.LOWER_IS_BETTER)
        >>> two = AbsoluteTolerance(amount=2)
        >>> two.allowance(s42, 64), two.describe(s42)
        (2.0, '2 percentage points')
    """

    amount: float = attrs.field(converter=_as_float, validator=_check_allowance)

    def allowance(self, indicator: Indicator, compared_with: float) -> float:  # noqa: ARG002
        """The amount, whatever the value compared with."""
        return self.amount

    def describe(self, indicator: Indicator) -> str:
        """The amount in the indicator's difference unit: ``2 percentage points``."""
        return format_value(self.amount, indicator.difference_unit)


@attrs.frozen(kw_only=True)
class RelativeTolerance:
    """A :term:`tolerance` of a percentage of the value compared with.

    The value compared with is the expected value before the target's period ends and
    the target value after. 5 (the default) makes 67.2% the edge of AMBER for
    "at most 64%".

    Attributes:
        percent: The tolerance as a percentage of the value compared with (``10`` for 10%).

    Example:
        >>> from safeguarding_plan import Direction, Indicator
        >>> s42 = Indicator(id="s42", name="s42", unit="percent",
        ...                 direction=Direction.LOWER_IS_BETTER)
        >>> round(RelativeTolerance(percent=5).allowance(s42, 64), 6)
        3.2
        >>> RelativeTolerance(percent=5).describe(s42)
        '5% of the value compared with'
    """

    percent: float = attrs.field(converter=_as_float, validator=_check_allowance)

    def allowance(self, indicator: Indicator, compared_with: float) -> float:  # noqa: ARG002
        """``percent`` percent of the size of ``compared_with``."""
        return self.percent / 100 * abs(compared_with)

    def describe(self, indicator: Indicator) -> str:  # noqa: ARG002
        """``10% of the value compared with``."""
        return f"{format_value(self.percent, 'percent')} of the value compared with"


ToleranceDeclaration: TypeAlias = AbsoluteTolerance | RelativeTolerance
"""A tolerance a plan file (or the command line) declares."""

TOLERANCE_TYPES: tuple[type, ...] = (AbsoluteTolerance, RelativeTolerance)

DEFAULT_TOLERANCE = RelativeTolerance(percent=5)
"""5% of the value compared with, as the evaluation rules document."""


@attrs.frozen(kw_only=True)
class PlanTolerancePolicy:
    """The tolerance a plan declares, as a policy :func:`~safeguarding_plan.evaluate` takes.

    Precedence, first that applies: ``override`` (the command line's ``--tolerance``),
    the indicator's own tolerance, the plan-wide tolerance, then the default of 5% of
    the value compared with. Build one with :meth:`Plan.tolerance_policy`.

    Attributes:
        plan_wide: The plan's own tolerance, if it declares one.
        indicators: Each indicator's own tolerance, by indicator id.
        override: A tolerance for this run that replaces all of the above.

    Example:
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> plan = stockport_2023_26()
        >>> policy = plan.tolerance_policy()
        >>> s42 = plan.indicator("s42-non-conversion")
        >>> round(policy.allowance(s42, 64), 6), policy.describe(s42)
        (3.2, '5% of the value compared with (the default)')
        >>> policy = plan.tolerance_policy(AbsoluteTolerance(amount=2))
        >>> policy.allowance(s42, 64), policy.describe(s42)
        (2.0, '2 percentage points (from the command line)')
    """

    plan_wide: ToleranceDeclaration | None = None
    indicators: tuple[tuple[str, ToleranceDeclaration], ...] = ()
    override: ToleranceDeclaration | None = None

    def applied(self, indicator: Indicator) -> tuple[ToleranceDeclaration, str]:
        """The tolerance that applies to an indicator and where it comes from."""
        if self.override is not None:
            return self.override, "from the command line"
        own = dict(self.indicators).get(indicator.id)
        if own is not None:
            return own, f"indicator {indicator.id}"
        if self.plan_wide is not None:
            return self.plan_wide, "the plan's tolerance"
        return DEFAULT_TOLERANCE, "the default"

    def allowance(self, indicator: Indicator, compared_with: float) -> float:
        """The largest miss that is still AMBER (inclusive), in the difference unit."""
        return self.applied(indicator)[0].allowance(indicator, compared_with)

    def describe(self, indicator: Indicator) -> str:
        """Which tolerance applies, for people: ``2 percentage points (indicator s42)``."""
        tolerance, source = self.applied(indicator)
        return f"{tolerance.describe(indicator)} ({source})"


# --------------------------------------------------------------------------- indicators


@attrs.frozen(kw_only=True)
class Baseline:
    """The value an indicator starts from, for a period.

    The indicator's :term:`baseline`. The value may be unknown when the plan is written
    (an audit not yet done): the plan is still valid, and the baseline is recorded later
    by an observation for ``period``. Targets that need it are judged ``NO_BASELINE``
    until then.

    Attributes:
        period: The period the baseline describes (``2022/23``).
        value: The value in the indicator's unit, or ``None`` if not yet measured.
        source: Where the value comes from.

    Example:
        >>> Baseline(period="2022/23", value=84).known, Baseline(period="2023/24").known
        (True, False)
    """

    period: Period = attrs.field(converter=as_period)
    value: float | None = attrs.field(
        default=None, converter=_as_optional_float, validator=_check_optional_number
    )
    source: str | None = attrs.field(default=None, validator=_check_optional_text)

    @property
    def known(self) -> bool:
        """Whether the value has been measured."""
        return self.value is not None


@attrs.frozen(kw_only=True)
class Indicator:
    """Something the partnership measures, with its unit and the way that is better.

    Attributes:
        id: Unique id within the plan (lower-case, ``-``/``_``/``.`` allowed).
        name: What is measured, in plain English ("adults asked about their Making
            Safeguarding Personal outcomes").
        unit: A pint unit name: ``percent``, ``count``, ``per_100k_population``,
            ``per_10k_children`` or any other unit pint knows.
        direction: Which way is better; declared, never guessed.
        measure: :attr:`Measure.LEVEL` (percentages, rates) or :attr:`Measure.FLOW`
            (counts that accumulate over a period).
        baseline: The starting value and its period, if the plan has one.
        tolerance: This indicator's own :term:`tolerance` (:class:`AbsoluteTolerance`
            in its difference unit, or :class:`RelativeTolerance`), if it has one.
        source: Where the figures come from (a dashboard, an audit).
        notes: Anything a reader should know, such as how an ambiguous sentence in the
            plan was read.

    Example:
        >>> from safeguarding_plan import Baseline, Direction
        >>> s42 = Indicator(
        ...     id="s42-non-conversion",
        ...     name="contacts that do not progress to a Section 42 enquiry",
        ...     unit="percent",
        ...     direction=Direction.LOWER_IS_BETTER,
        ...     baseline=Baseline(period="2022/23", value=84),
        ... )
        >>> s42.format(64), s42.difference_unit
        ('64%', 'percentage_point')
    """

    id: str = attrs.field(validator=_check_id)
    name: str = attrs.field(validator=_check_text)
    unit: str = attrs.field(validator=_check_unit)
    direction: Direction = attrs.field(validator=attrs.validators.instance_of(Direction))
    measure: Measure = attrs.field(
        default=Measure.LEVEL, validator=attrs.validators.instance_of(Measure)
    )
    baseline: Baseline | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Baseline))
    )
    tolerance: ToleranceDeclaration | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(
            attrs.validators.instance_of((AbsoluteTolerance, RelativeTolerance))
        ),
    )
    source: str | None = attrs.field(default=None, validator=_check_optional_text)
    notes: tuple[str, ...] = attrs.field(
        default=(), converter=_texts, validator=_strings_validator()
    )

    @property
    def is_percent(self) -> bool:
        """Whether values are percentages (so differences are percentage points)."""
        return _units.is_percent(self.unit)

    @property
    def difference_unit(self) -> str:
        """The unit a gap is in (``percentage_point`` for a percentage, else :attr:`unit`)."""
        return _units.difference_unit(self.unit)

    def format(self, value: float) -> str:
        """Format a value of this indicator: ``format_value(value, self.unit)``."""
        return format_value(value, self.unit)


# --------------------------------------------------------------------------- rules


@attrs.frozen(kw_only=True)
class AtLeast:
    """Holds when the actual is at least ``value`` (inclusive).

    Plan example: adults asked about their :term:`Making Safeguarding Personal` outcomes, at
    least 80% in 2023/24.

    Attributes:
        value: The floor, in the indicator's unit.

    Example:
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> stockport_2023_26().target("msp-asked-2023-24").rule
        AtLeast(value=80.0)
    """

    value: float = attrs.field(converter=_as_float, validator=_check_number)


@attrs.frozen(kw_only=True)
class AtMost:
    """Holds when the actual is at most ``value`` (inclusive).

    Plan example: contacts to Adult Social Care that do not progress to a :term:`Section 42`
    enquiry, at most 64% in 2023/24 and 44% in 2024/25.

    Attributes:
        value: The ceiling, in the indicator's unit.

    Example:
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> stockport_2023_26().target("s42-non-conversion-2024-25").rule
        AtMost(value=44.0)
    """

    value: float = attrs.field(converter=_as_float, validator=_check_number)


@attrs.frozen(kw_only=True)
class Below:
    """Holds when the actual is strictly below ``value`` (exactly ``value`` does not).

    Plan example: another council's "fewer than 5% of referrals will be repeats".

    Attributes:
        value: The bound, in the indicator's unit; the actual must be under it.

    Example:
        >>> Below(value=5)
        Below(value=5.0)
    """

    value: float = attrs.field(converter=_as_float, validator=_check_number)


@attrs.frozen(kw_only=True)
class Above:
    """Holds when the actual is strictly above ``value`` (exactly ``value`` does not).

    Plan example: "more than 90% of practitioners will say they feel confident".

    Attributes:
        value: The bound, in the indicator's unit; the actual must be over it.

    Example:
        >>> Above(value=90)
        Above(value=90.0)
    """

    value: float = attrs.field(converter=_as_float, validator=_check_number)


def _check_band(instance: Between, attribute: attrs.Attribute[float], high: float) -> None:
    if not instance.low < high:
        raise InvalidValueError(
            attribute.name, f"a band's high must be above its low ({instance.low!r})", high
        )


@attrs.frozen(kw_only=True)
class Between:
    """Holds when ``low <= actual <= high``.

    Plan example: repeat referrals to :term:`MAARS` between 7% and 10% of all referrals.

    Attributes:
        low: The lower bound, in the indicator's unit.
        high: The upper bound, strictly above ``low``.

    Example:
        >>> Between(low=7, high=10)
        Between(low=7.0, high=10.0)
        >>> Between(low=10, high=7)
        Traceback (most recent call last):
        ...
        safeguarding_plan.errors.InvalidValueError: high: a band's high must be above its low
        (10.0) (given: 7.0)
    """

    low: float = attrs.field(converter=_as_float, validator=_check_number)
    high: float = attrs.field(converter=_as_float, validator=[_check_number, _check_band])


def _check_relative(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    _check_number(_, attribute, value)
    if value <= -100:
        raise InvalidValueError(
            attribute.name, "a relative change must be above -100 percent", value
        )


@attrs.frozen(kw_only=True)
class RelativeChange:
    """A change of ``percent`` percent relative to a reference value.

    It resolves to ``reference x (1 + percent / 100)``, which must then be reached in the
    indicator's direction (at least, when higher is better; at most, when lower is
    better). A relative change of a percentage is relative: 40% reduced by 25 percent is
    30%, not 15%.

    Plan examples: SAR referrals +25% in 2023/24 over 2022/23 (``reference=PREVIOUS``);
    MAARS cases where the adult is unaware who is involved, -25% then -50% from the
    audit baseline (``reference=BASELINE``).

    Attributes:
        percent: The relative change in percent (``25`` for +25%, ``-50`` for -50%).
        reference: :attr:`Reference.BASELINE` or :attr:`Reference.PREVIOUS`.

    Example:
        >>> from safeguarding_plan import Reference
        >>> rule = RelativeChange(percent=25, reference=Reference.PREVIOUS)
        >>> rule.resolve(40)  # 40 SAR referrals last year: at least 50 this year
        50.0
    """

    percent: float = attrs.field(converter=_as_float, validator=_check_relative)
    reference: Reference = attrs.field(validator=attrs.validators.instance_of(Reference))

    def resolve(self, reference_value: float) -> float:
        """The target value for a reference value."""
        return reference_value * (1 + self.percent / 100)


@attrs.frozen(kw_only=True)
class AbsoluteChange:
    """A change of ``amount`` from a reference, in the indicator's unit.

    For a percentage indicator ``amount`` is in :term:`percentage points <percentage point>`:
    ``-5`` from 40% is 35%. It resolves to ``reference + amount``, reached in the
    indicator's direction.

    Attributes:
        amount: The change, in the indicator's unit (percentage points for percentages).
        reference: :attr:`Reference.BASELINE` or :attr:`Reference.PREVIOUS`.

    Example:
        >>> from safeguarding_plan import Reference
        >>> AbsoluteChange(amount=-5, reference=Reference.BASELINE).resolve(40)
        35.0
    """

    amount: float = attrs.field(converter=_as_float, validator=_check_number)
    reference: Reference = attrs.field(validator=attrs.validators.instance_of(Reference))

    def resolve(self, reference_value: float) -> float:
        """The target value for a reference value."""
        return reference_value + self.amount


@attrs.frozen(kw_only=True)
class Improve:
    """Holds when the actual is strictly better than the reference, in the indicator's direction.

    Plan example: "fewer children will experience non-accidental injuries".

    Attributes:
        reference: :attr:`Reference.BASELINE` or :attr:`Reference.PREVIOUS`.

    Example:
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> stockport_2023_26().target("non-accidental-injuries-2023-24").rule
        Improve(reference=<Reference.PREVIOUS: 'previous'>)
    """

    reference: Reference = attrs.field(validator=attrs.validators.instance_of(Reference))


Rule: TypeAlias = (
    AtLeast | AtMost | Below | Above | Between | RelativeChange | AbsoluteChange | Improve
)
"""Any one of the target rules."""

RULE_TYPES: tuple[type, ...] = (
    AtLeast,
    AtMost,
    Below,
    Above,
    Between,
    RelativeChange,
    AbsoluteChange,
    Improve,
)


@attrs.frozen(kw_only=True)
class Target:
    """What one indicator must reach by the end of one period.

    Attributes:
        id: Unique id within the plan.
        indicator: The id of the :class:`Indicator` it belongs to.
        period: The period by whose end it must hold (``"2023/24"`` is accepted).
        rule: One of :class:`AtLeast`, :class:`AtMost`, :class:`Below`, :class:`Above`,
            :class:`Between`, :class:`RelativeChange`, :class:`AbsoluteChange`,
            :class:`Improve`. An indicator may have several targets for one period
            ("reduce, and stay within 7%-10%"): each is judged on its own.
        notes: Anything a reader should know about how the plan's text was read.

    Example:
        >>> from safeguarding_plan import AtMost
        >>> target = Target(id="s42-2023-24", indicator="s42", period="2023/24",
        ...                 rule=AtMost(value=64))
        >>> target.period, target.reference is None
        (FinancialYear('2023/24'), True)
    """

    id: str = attrs.field(validator=_check_id)
    indicator: str = attrs.field(validator=_check_id)
    period: Period = attrs.field(converter=as_period)
    rule: Rule = attrs.field(validator=attrs.validators.instance_of(RULE_TYPES))
    notes: tuple[str, ...] = attrs.field(
        default=(), converter=_texts, validator=_strings_validator()
    )

    @property
    def reference(self) -> Reference | None:
        """The reference the rule is measured from, if it has one."""
        rule = self.rule
        if isinstance(rule, RelativeChange | AbsoluteChange | Improve):
            return rule.reference
        return None

    def describe(self, indicator: Indicator) -> str:
        """Say the target in plain English, as the plan would.

        Example:
            >>> from safeguarding_plan import Indicator, Direction, Baseline
            >>> msp = Indicator(id="msp", name="adults asked about MSP outcomes",
            ...                 unit="percent", direction=Direction.HIGHER_IS_BETTER,
            ...                 baseline=Baseline(period="2022/23", value=70))
            >>> print(Target(id="t", indicator="msp", period="2023/24",
            ...              rule=AtLeast(value=80)).describe(msp))
            increase adults asked about MSP outcomes from 70% (2022/23) to at least 80%
            by the end of 2023/24
        """
        return _describe(self, indicator)


def _reference_phrase(reference: Reference, indicator: Indicator, period: Period) -> str:
    if reference is Reference.PREVIOUS:
        return f"the actual for {_previous_label(period)}"
    baseline = indicator.baseline
    if baseline is None:
        return "the baseline"
    if baseline.value is None:
        return f"the baseline for {baseline.period} (not yet measured)"
    return f"the baseline of {indicator.format(baseline.value)} ({baseline.period})"


def _previous_label(period: Period) -> str:
    return str(period.previous())


def _describe(target: Target, indicator: Indicator) -> str:
    rule = target.rule
    name = indicator.name
    by = f"by the end of {target.period}"
    higher = indicator.direction is Direction.HIGHER_IS_BETTER
    baseline = indicator.baseline
    start = (
        f" from {indicator.format(baseline.value)} ({baseline.period})"
        if baseline is not None and baseline.value is not None
        else ""
    )
    if isinstance(rule, AtLeast):
        verb = "increase" if higher else "keep"
        return f"{verb} {name}{start} to at least {indicator.format(rule.value)} {by}"
    if isinstance(rule, AtMost):
        verb = "keep" if higher else "reduce"
        return f"{verb} {name}{start} to at most {indicator.format(rule.value)} {by}"
    if isinstance(rule, Below):
        verb = "keep" if higher else "reduce"
        return f"{verb} {name}{start} to below {indicator.format(rule.value)} {by}"
    if isinstance(rule, Above):
        verb = "increase" if higher else "keep"
        return f"{verb} {name}{start} to above {indicator.format(rule.value)} {by}"
    if isinstance(rule, Between):
        low, high = indicator.format(rule.low), indicator.format(rule.high)
        return f"keep {name} between {low} and {high} {by}"
    if isinstance(rule, RelativeChange):
        verb = "increase" if rule.percent >= 0 else "reduce"
        ref = _reference_phrase(rule.reference, indicator, target.period)
        size = format_value(abs(rule.percent), "percent")
        return f"{verb} {name} by {size} (relative change) from {ref} {by}"
    if isinstance(rule, AbsoluteChange):
        verb = "increase" if rule.amount >= 0 else "reduce"
        ref = _reference_phrase(rule.reference, indicator, target.period)
        size = format_value(abs(rule.amount), indicator.difference_unit)
        return f"{verb} {name} by {size} from {ref} {by}"
    ref = _reference_phrase(rule.reference, indicator, target.period)
    better = "higher" if higher else "lower"
    return f"make {name} {better} than {ref} {by}"


# --------------------------------------------------------------------------- plan parts


def _as_due_year(value: FinancialYear | str) -> FinancialYear:
    return value if isinstance(value, FinancialYear) else FinancialYear.parse(value)


@attrs.frozen(kw_only=True)
class Action:
    """A *How?* action: something the partnership will do, by when, and who owns it.

    Attributes:
        id: Unique id within the plan.
        text: The action, in the plan's words.
        due: The :term:`financial year` by whose end it is due ("By April 2024" is
            ``2023/24``).
        owner: The sub-group or board that owns it, where the plan names one.
        details: Sub-points the plan lists under the action.
        serves: Ids of *other* priorities this action also serves (the plan's
            cross-references); the priority that holds it is always served.
        notes: Anything a reader should know.

    Example:
        >>> action = Action(id="maars-audit", text="Audit MAARS", due="2024/25",
        ...                 owner="Adults Quality Assurance Partnership")
        >>> action.due, action.due.end
        (FinancialYear('2024/25'), datetime.date(2025, 3, 31))
    """

    id: str = attrs.field(validator=_check_id)
    text: str = attrs.field(validator=_check_text)
    due: FinancialYear = attrs.field(
        converter=_as_due_year,
        validator=attrs.validators.instance_of(FinancialYear),
    )
    owner: str | None = attrs.field(default=None, validator=_check_optional_text)
    details: tuple[str, ...] = attrs.field(
        default=(), converter=_texts, validator=_strings_validator()
    )
    serves: tuple[str, ...] = attrs.field(
        default=(), converter=_texts, validator=_strings_validator()
    )
    notes: tuple[str, ...] = attrs.field(
        default=(), converter=_texts, validator=_strings_validator()
    )

    def describe(self) -> str:
        """The action in one line: its text, then its details separated by semicolons.

        A text that introduces its details ("... will be developed on:") is followed by
        them; any other text gets a colon first.

        Example:
            >>> action = Action(id="guidance", due="2023/24",
            ...                 text="Multi-agency guidance will be developed on:",
            ...                 details=["Reducing the risk of non-accidental injuries",
            ...                          "Equality, Diversity and Inclusion"])
            >>> print(action.describe())
            Multi-agency guidance will be developed on: Reducing the risk of non-accidental
            injuries; Equality, Diversity and Inclusion
        """
        if not self.details:
            return self.text
        text = self.text.rstrip()
        lead = text if text.endswith(":") else f"{text.rstrip('.')}:"
        return f"{lead} {'; '.join(detail.rstrip('.;') for detail in self.details)}"


@attrs.frozen(kw_only=True)
class Outcome:
    """A *So what?* outcome: the difference people should see.

    An outcome with targets is measured; one without is qualitative and is judged by a
    recorded assessment.

    Attributes:
        id: Unique id within the plan.
        text: The outcome, in the plan's words.
        targets: The targets that measure it (empty for a qualitative outcome).
        notes: Anything a reader should know.

    Example:
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> plan = stockport_2023_26()
        >>> plan.outcome("right-response-s42").qualitative
        False
        >>> plan.outcome("trauma-informed-practice").qualitative
        True
    """

    id: str = attrs.field(validator=_check_id)
    text: str = attrs.field(validator=_check_text)
    targets: tuple[Target, ...] = attrs.field(
        default=(), converter=tuple, validator=_tuple_of(Target)
    )
    notes: tuple[str, ...] = attrs.field(
        default=(), converter=_texts, validator=_strings_validator()
    )

    @property
    def qualitative(self) -> bool:
        """Whether the outcome has no targets and is judged by assessment."""
        return not self.targets


def _as_partnership_id(value: str | Partnership | DeclaredPartnership) -> str:
    if isinstance(value, Partnership):
        return value.value
    if isinstance(value, DeclaredPartnership):
        return value.id
    return value


@attrs.frozen(kw_only=True)
class Priority:
    """One priority of the plan, with its *Why?*, *How?* and *So what?*.

    Attributes:
        id: Unique id within the plan.
        title: The priority's title ("Improve partnership working and information sharing").
        partnership: The id of the plan's :class:`DeclaredPartnership` it belongs to
            (``"adults"``); a :class:`Partnership` or :class:`DeclaredPartnership` is
            accepted and stored as its id.
        why: The evidence for choosing it.
        actions: What the partnership will do (*How?*).
        outcomes: What difference it will make (*So what?*).
        notes: Anything a reader should know.

    Example:
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> adults = stockport_2023_26().priority("adults-making-safeguarding-personal")
        >>> adults.partnership, len(adults.actions), len(adults.targets)
        ('adults', 5, 12)
    """

    id: str = attrs.field(validator=_check_id)
    title: str = attrs.field(validator=_check_text)
    partnership: str = attrs.field(converter=_as_partnership_id, validator=_check_id)
    why: tuple[Evidence, ...] = attrs.field(
        default=(), converter=tuple, validator=_tuple_of(Evidence)
    )
    actions: tuple[Action, ...] = attrs.field(
        default=(), converter=tuple, validator=_tuple_of(Action)
    )
    outcomes: tuple[Outcome, ...] = attrs.field(
        default=(), converter=tuple, validator=_tuple_of(Outcome)
    )
    notes: tuple[str, ...] = attrs.field(
        default=(), converter=_texts, validator=_strings_validator()
    )

    @property
    def targets(self) -> tuple[Target, ...]:
        """Every target of every outcome, in order."""
        return tuple(t for o in self.outcomes for t in o.targets)


def _check_plan_years(
    instance: Plan,
    attribute: attrs.Attribute[FinancialYear | CalendarYear],
    end: FinancialYear | CalendarYear,
) -> None:
    if end < instance.start:
        raise InvalidValueError(
            attribute.name, f"the plan must not end before it starts ({instance.start})", str(end)
        )


def _as_year(value: FinancialYear | CalendarYear | str, field: str) -> FinancialYear | CalendarYear:
    if isinstance(value, FinancialYear | CalendarYear):
        return value
    period = as_period(value)
    if not isinstance(period, FinancialYear | CalendarYear):
        raise InvalidValueError(
            field, "a plan starts and ends with a financial or calendar year", value
        )
    return period


def _as_start(value: FinancialYear | CalendarYear | str) -> FinancialYear | CalendarYear:
    return _as_year(value, "start")


def _as_end(value: FinancialYear | CalendarYear | str) -> FinancialYear | CalendarYear:
    return _as_year(value, "end")


def _as_partnerships(
    values: Iterable[DeclaredPartnership | Partnership],
) -> tuple[DeclaredPartnership, ...]:
    return tuple(
        DeclaredPartnership.standard(v) if isinstance(v, Partnership) else v for v in values
    )


def _standard_partnerships_named(plan: Plan) -> tuple[DeclaredPartnership, ...]:
    """Without declarations: the standard partnerships the priorities name, in order."""
    named = {p.partnership for p in plan.priorities}
    return tuple(p for p in STANDARD_PARTNERSHIPS if p.id in named)


def _check_withheld(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    from safeguarding_plan.observations import WithheldRange  # noqa: PLC0415 - a cycle

    if not isinstance(value, str):
        raise InvalidValueError(attribute.name, "expected text such as 'dfe' or '1-5'", value)
    WithheldRange.parse(value)


def _check_optional_version(
    _: object, attribute: attrs.Attribute[str | None], value: object
) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(attribute.name, "a version must be non-empty text or absent", value)
    _check_characters(attribute.name, value)


def _as_optional_day(value: dt.date | str | None) -> dt.date | None:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidValueError(
                "adopted", "expected a date such as 2024-04-01 (YYYY-MM-DD)", value
            ) from None
    if isinstance(value, dt.datetime):
        raise InvalidValueError("adopted", "expected a date, not a date and time", str(value))
    return value


def _check_adopted(_: object, attribute: attrs.Attribute[dt.date | None], value: object) -> None:
    if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
        raise InvalidValueError(attribute.name, "expected a date such as 2024-04-01", value)


@attrs.frozen(kw_only=True)
class Plan:
    """A partnership's business plan.

    Building a plan checks it whole: ids are unique, every reference resolves, periods
    are in order, percentages lie within 0-100. Every problem found is reported at once in
    a :class:`~safeguarding_plan.PlanValidationError`. Legal but suspicious things (a
    target that contradicts its indicator's direction) are returned by :func:`validate`
    as warnings.

    Attributes:
        id: Short name (``stockport-2023-26``).
        title: The plan's title.
        start: The first year the plan covers (a financial year, or a calendar year).
        end: The last year the plan covers; every target's period lies within
            ``start``-``end`` (observations before or after are history).
        version: This version's name, if the plan is versioned (``"2"``,
            ``"2024 review"``): see :func:`~safeguarding_plan.diff` and
            :func:`~safeguarding_plan.evaluate_versions`.
        adopted: The date this version was adopted (an ISO date such as
            ``"2024-04-01"`` is accepted); it decides which version is in force.
        supersedes: The version this one replaces, if it is a revision. A plan that
            supersedes another must name its own ``version``, and not the same one.
            Targets, actions and outcomes keep their ids across versions: ids are how
            versions are matched.
        organisations: The partnerships or boards that own the plan.
        areas: The codes and names by which published datasets name the area the plan
            covers: the ONS (GSS) code (``"E08000007"``), the DfE's local authority
            number (``"356"``), the name (``"Stockport"``). A national dataset's
            ``area`` column is matched against them, ignoring case, by
            :func:`~safeguarding_plan.load_observations_by_plan`; no two may be the
            same, ignoring case.
        vision: The plan's vision statement.
        about: Introductory paragraphs ("About our Business Plan").
        principles: Commitments that apply to all the plan's work.
        enablers: The plan's enablers.
        methodology: How the partnership will know (data, audit, lived experience, ...).
        values: Shared values.
        partner_boards: Boards and partnerships the plan works with.
        governance: Governance and accountability paragraphs.
        context: Figures describing the area ("294,800 people living in the borough").
        indicators: Everything the plan measures.
        priorities: The priorities, in the plan's order.
        partnerships: The partnerships (or other organisations) priorities belong to,
            each with an id and a label. A plan that declares none has the standard
            ones its priorities name (joint, children, adults) declared for it with
            their standard labels; any other id must be declared.
        tolerance: The plan-wide :term:`tolerance`, if it declares one (an indicator's
            own tolerance comes first; the default is 5% of the value compared with).
        withheld: What the suppression markers of the plan's data hide, if the publisher
            says (``dfe``: a count from 1 to 5; ``nhs``: 0 to 4; or ``MIN-MAX`` such as
            ``1-9``): a withheld value is then judged at both ends of that range (an
            observation or file may name its own). None: a withheld value is SUPPRESSED.
        comparators: Where the partnership compares itself with (England, the region,
            statistical neighbours), each with an id and a label
            (:class:`Comparator`).
        glossary: Key definitions.
        links: Where to find more information.
        notes: Anything a reader should know about the encoding.

    Example:
        The bundled Stockport plan, then a small plan of one's own:

        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> plan = stockport_2023_26()
        >>> plan.start, plan.end, len(plan.priorities), len(plan.indicators)
        (FinancialYear('2023/24'), FinancialYear('2025/26'), 5, 17)
        >>> print(plan.describe("s42-non-conversion-2023-24"))
        reduce ... from 84% (2022/23) to at most 64% by the end of 2023/24

        >>> from safeguarding_plan import (
        ...     AtLeast, Direction, Indicator, Outcome, Partnership, Plan, Priority, Target)
        >>> small = Plan(
        ...     id="small", title="A small plan", start="2024/25", end="2025/26",
        ...     indicators=[Indicator(id="msp", name="adults asked about their outcomes",
        ...                           unit="percent", direction=Direction.HIGHER_IS_BETTER)],
        ...     priorities=[Priority(
        ...         id="personal", title="Making Safeguarding Personal",
        ...         partnership=Partnership.ADULTS,
        ...         outcomes=[Outcome(id="asked", text="Adults are asked", targets=[
        ...             Target(id="msp-2024-25", indicator="msp", period="2024/25",
        ...                    rule=AtLeast(value=80))])],
        ...     )],
        ... )
        >>> [t.id for t in small.iter_targets()]
        ['msp-2024-25']
    """

    id: str = attrs.field(validator=_check_id)
    title: str = attrs.field(validator=_check_text)
    start: FinancialYear | CalendarYear = attrs.field(converter=_as_start)
    end: FinancialYear | CalendarYear = attrs.field(converter=_as_end, validator=_check_plan_years)
    version: str | None = attrs.field(default=None, validator=_check_optional_version)
    adopted: dt.date | None = attrs.field(
        default=None, converter=_as_optional_day, validator=_check_adopted
    )
    supersedes: str | None = attrs.field(default=None, validator=_check_optional_version)
    organisations: tuple[str, ...] = attrs.field(
        default=(), converter=_texts, validator=_strings_validator()
    )
    areas: tuple[str, ...] = attrs.field(
        default=(), converter=_texts, validator=_strings_validator()
    )
    vision: str | None = attrs.field(default=None, validator=_check_optional_text)
    about: tuple[str, ...] = attrs.field(
        default=(), converter=_texts, validator=_strings_validator()
    )
    principles: tuple[str, ...] = attrs.field(
        default=(), converter=_texts, validator=_strings_validator()
    )
    enablers: tuple[str, ...] = attrs.field(
        default=(), converter=_texts, validator=_strings_validator()
    )
    methodology: tuple[str, ...] = attrs.field(
        default=(), converter=_texts, validator=_strings_validator()
    )
    values: tuple[str, ...] = attrs.field(
        default=(), converter=_texts, validator=_strings_validator()
    )
    partner_boards: tuple[str, ...] = attrs.field(
        default=(), converter=_texts, validator=_strings_validator()
    )
    governance: tuple[str, ...] = attrs.field(
        default=(), converter=_texts, validator=_strings_validator()
    )
    context: tuple[Figure, ...] = attrs.field(
        default=(), converter=tuple, validator=_tuple_of(Figure)
    )
    indicators: tuple[Indicator, ...] = attrs.field(
        default=(), converter=tuple, validator=_tuple_of(Indicator)
    )
    priorities: tuple[Priority, ...] = attrs.field(
        default=(), converter=tuple, validator=_tuple_of(Priority)
    )
    partnerships: tuple[DeclaredPartnership, ...] = attrs.field(
        default=attrs.Factory(_standard_partnerships_named, takes_self=True),
        converter=_as_partnerships,
        validator=_tuple_of(DeclaredPartnership),
    )
    tolerance: ToleranceDeclaration | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(TOLERANCE_TYPES)),
    )
    withheld: str | None = attrs.field(default=None, validator=_check_withheld)
    comparators: tuple[Comparator, ...] = attrs.field(
        default=(), converter=tuple, validator=_tuple_of(Comparator)
    )
    glossary: tuple[GlossaryEntry, ...] = attrs.field(
        default=(), converter=tuple, validator=_tuple_of(GlossaryEntry)
    )
    links: tuple[str, ...] = attrs.field(
        default=(), converter=_texts, validator=_strings_validator()
    )
    notes: tuple[str, ...] = attrs.field(
        default=(), converter=_texts, validator=_strings_validator()
    )

    def __attrs_post_init__(self) -> None:
        """Check the plan as a whole; raise every error found at once."""
        errors = [p for p in _check(self) if p.severity is Severity.ERROR]
        if errors:
            raise PlanValidationError(errors)

    # -- look-ups -------------------------------------------------------------------

    @functools.cached_property
    def _index(self) -> _Index:
        return _Index.build(self)

    def indicator(self, id: str) -> Indicator:  # noqa: A002
        """The indicator with this id.

        Raises:
            UnknownIdError: naming the id and the nearest known one.
        """
        return _lookup(self._index.indicators, "indicator", id)

    def target(self, id: str) -> Target:  # noqa: A002
        """The target with this id (raises :class:`UnknownIdError` if none)."""
        return _lookup(self._index.targets, "target", id)

    def action(self, id: str) -> Action:  # noqa: A002
        """The action with this id (raises :class:`UnknownIdError` if none)."""
        return _lookup(self._index.actions, "action", id)

    def outcome(self, id: str) -> Outcome:  # noqa: A002
        """The outcome with this id (raises :class:`UnknownIdError` if none)."""
        return _lookup(self._index.outcomes, "outcome", id)

    def priority(self, id: str) -> Priority:  # noqa: A002
        """The priority with this id (raises :class:`UnknownIdError` if none)."""
        return _lookup(self._index.priorities, "priority", id)

    def partnership(self, id: str) -> DeclaredPartnership:  # noqa: A002
        """The declared partnership with this id (raises :class:`UnknownIdError` if none).

        Example:
            >>> from safeguarding_plan.plans import stockport_2023_26
            >>> stockport_2023_26().partnership("adults").label
            "Adults'"
        """
        return _lookup({p.id: p for p in self.partnerships}, "partnership", id)

    def comparator(self, id: str) -> Comparator:  # noqa: A002
        """The declared comparator with this id (raises :class:`UnknownIdError` if none).

        Example:
            >>> from safeguarding_plan import Comparator, Plan
            >>> plan = Plan(id="p", title="P", start="2024/25", end="2024/25",
            ...             comparators=[Comparator(id="england", label="England")])
            >>> plan.comparator("england").label
            'England'
        """
        return _lookup({c.id: c for c in self.comparators}, "comparator", id)

    def partnership_of(self, priority: Priority | str) -> DeclaredPartnership:
        """The declared partnership a priority belongs to."""
        prio = self.priority(priority) if isinstance(priority, str) else priority
        return self.partnership(prio.partnership)

    def tolerance_policy(
        self, override: ToleranceDeclaration | None = None
    ) -> PlanTolerancePolicy:
        """The plan's tolerances as a policy for :func:`~safeguarding_plan.evaluate`.

        Args:
            override: A tolerance for one run (the command line's ``--tolerance``) that
                replaces the plan's and every indicator's.
        """
        return PlanTolerancePolicy(
            plan_wide=self.tolerance,
            indicators=tuple(
                (i.id, i.tolerance) for i in self.indicators if i.tolerance is not None
            ),
            override=override,
        )

    def iter_targets(self) -> Iterator[Target]:
        """Every target, in plan order."""
        return iter(self._index.targets.values())

    def iter_actions(self) -> Iterator[Action]:
        """Every action, in plan order (a cross-referenced action appears once)."""
        return iter(self._index.actions.values())

    def iter_outcomes(self) -> Iterator[Outcome]:
        """Every outcome, in plan order."""
        return iter(self._index.outcomes.values())

    def targets_for(self, indicator: str) -> tuple[Target, ...]:
        """The targets of one indicator, ordered by period."""
        return self._index.targets_by_indicator.get(indicator, ())

    def priority_of(self, item: Target | Outcome | Action) -> Priority:
        """The priority that holds a target, outcome or action."""
        key = (type(item).__name__, item.id)
        if key not in self._index.home_by_key:
            raise UnknownIdError(type(item).__name__.lower(), item.id)
        return self.priority(self._index.home_by_key[key])

    def priorities_served_by(self, action: Action | str) -> tuple[Priority, ...]:
        """The priority holding an action, then every other priority it serves."""
        act = self.action(action) if isinstance(action, str) else action
        home = self.priority_of(act)
        return (home, *(self.priority(p) for p in act.serves))

    def actions_for(self, priority: Priority | str) -> tuple[Action, ...]:
        """The actions a priority holds, then those other priorities share with it."""
        pid = priority if isinstance(priority, str) else priority.id
        return self._index.actions_by_priority.get(pid, ())

    def outcome_of(self, target: Target | str) -> Outcome:
        """The outcome a target measures."""
        tid = target if isinstance(target, str) else target.id
        return self.outcome(self._index.outcome_of_target[tid])

    def describe(self, target: Target | str) -> str:
        """Say a target in plain English (see :meth:`Target.describe`)."""
        tgt = self.target(target) if isinstance(target, str) else target
        return tgt.describe(self.indicator(tgt.indicator))


_T = TypeVar("_T")


def _lookup(table: dict[str, _T], kind: str, key: str) -> _T:
    try:
        return table[key]
    except KeyError:
        raise UnknownIdError(kind, key, suggest(str(key), table)) from None


@attrs.frozen
class _Index:
    indicators: dict[str, Indicator]
    targets: dict[str, Target]
    actions: dict[str, Action]
    outcomes: dict[str, Outcome]
    priorities: dict[str, Priority]
    targets_by_indicator: dict[str, tuple[Target, ...]]
    actions_by_priority: dict[str, tuple[Action, ...]]
    outcome_of_target: dict[str, str]
    home_by_key: dict[tuple[str, str], str]

    @classmethod
    def build(cls, plan: Plan) -> _Index:
        targets: dict[str, Target] = {}
        actions: dict[str, Action] = {}
        outcomes: dict[str, Outcome] = {}
        by_indicator: dict[str, list[Target]] = {}
        by_priority: dict[str, list[Action]] = {p.id: [] for p in plan.priorities}
        outcome_of: dict[str, str] = {}
        home_by_key: dict[tuple[str, str], str] = {}
        for priority in plan.priorities:
            for action in priority.actions:
                actions[action.id] = action
                by_priority[priority.id].append(action)
                home_by_key[("Action", action.id)] = priority.id
            for outcome in priority.outcomes:
                outcomes[outcome.id] = outcome
                home_by_key[("Outcome", outcome.id)] = priority.id
                for target in outcome.targets:
                    targets[target.id] = target
                    outcome_of[target.id] = outcome.id
                    by_indicator.setdefault(target.indicator, []).append(target)
                    home_by_key[("Target", target.id)] = priority.id
        for action in actions.values():
            for pid in action.serves:
                by_priority.setdefault(pid, []).append(action)
        return cls(
            indicators={i.id: i for i in plan.indicators},
            targets=targets,
            actions=actions,
            outcomes=outcomes,
            priorities={p.id: p for p in plan.priorities},
            targets_by_indicator={
                k: tuple(sorted(v, key=lambda t: t.period)) for k, v in by_indicator.items()
            },
            actions_by_priority={k: tuple(v) for k, v in by_priority.items()},
            outcome_of_target=outcome_of,
            home_by_key=home_by_key,
        )


# --------------------------------------------------------------------------- validation


def validate(plan: Plan) -> tuple[Problem, ...]:
    """Return the warnings about a plan (a built plan has no errors left).

    Warnings are legal but never silent: a target that pulls against its indicator's
    direction (a floor below the baseline when higher is better), a rule that can only
    be read as a ceiling on something that should rise, and so on.

    Example:
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> [str(p) for p in validate(stockport_2023_26())]
        []
    """
    return tuple(p for p in _check(plan) if p.severity is Severity.WARNING)


def _with_targets(plan: Plan, replacements: Mapping[str, Target]) -> Plan:
    """``plan`` with each target whose id is in ``replacements`` replaced.

    The same plan when nothing changes; everything else, ids and order included, is kept.
    """
    if all(plan.target(tid) == target for tid, target in replacements.items()):
        return plan
    # attrs' converters take any iterable; mypy's attrs plugin sees only their type.
    priorities: Any = []
    for priority in plan.priorities:
        outcomes: Any = []
        for outcome in priority.outcomes:
            targets: Any = tuple(replacements.get(t.id, t) for t in outcome.targets)
            outcomes.append(attrs.evolve(outcome, targets=targets))
        priorities.append(attrs.evolve(priority, outcomes=tuple(outcomes)))
    return attrs.evolve(plan, priorities=tuple(priorities))


def _first_places(
    problems: list[Problem],
    field: str,
    keys: Sequence[str | None],
    suffix: str,
    message: str,
    *,
    shown: Sequence[str] | None = None,
) -> dict[str, str]:
    """Where each key of a list first comes (``partnerships[0]``); a problem for each repeat.

    A None key is passed over; ``message`` names the first place with ``{}``; ``shown`` is
    what the problem gives as the value (the keys themselves by default).
    """
    first: dict[str, str] = {}
    for n, key in enumerate(keys):
        if key is None:
            continue
        where = f"{field}[{n}]"
        if key in first:
            problems.append(
                Problem(
                    location=where + suffix,
                    message=message.format(first[key]),
                    value=key if shown is None else shown[n],
                )
            )
        else:
            first[key] = where
    return first


def _check(plan: Plan) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    _check_versions(problems, plan)

    def unique(kind: str, item_id: str, where: str) -> None:
        if item_id in seen:
            problems.append(
                Problem(
                    location=f"{where}.id",
                    message=f"{kind} id is already used at {seen[item_id]}",
                    value=item_id,
                )
            )
        else:
            seen[item_id] = where

    indicators: dict[str, Indicator] = {}
    for i, ind in enumerate(plan.indicators):
        where = f"indicators[{i}]"
        unique("indicator", ind.id, where)
        indicators.setdefault(ind.id, ind)
        if ind.baseline is not None and ind.baseline.value is not None and ind.is_percent:
            _check_percent(problems, f"{where}.baseline.value", ind.baseline.value)
    problems += _fractions_for_percents(plan)
    priority_ids = {p.id for p in plan.priorities}
    declared = _first_places(
        problems, "partnerships", [p.id for p in plan.partnerships], ".id",
        "partnership id is already used at {}",
    )  # fmt: skip
    areas = [
        Problem(location=f"areas[{a}]", message="an area must not be blank", value=area)
        for a, area in enumerate(plan.areas)
        if not area_key(area)
    ]
    _first_places(
        areas, "areas", [area_key(area) or None for area in plan.areas], "",
        "this area is already named at {} (case aside)", shown=plan.areas,
    )  # fmt: skip
    problems += sorted(areas, key=lambda problem: int(problem.location[len("areas[") : -1]))
    _first_places(
        problems, "comparators", [c.id for c in plan.comparators], ".id",
        "comparator id is already used at {}",
    )  # fmt: skip
    for p, priority in enumerate(plan.priorities):
        pwhere = f"priorities[{p}]"
        unique("priority", priority.id, pwhere)
        if priority.partnership not in declared:
            problems.append(_undeclared_partnership(f"{pwhere}.partnership", priority, declared))
        for a, action in enumerate(priority.actions):
            awhere = f"{pwhere}.actions[{a}]"
            unique("action", action.id, awhere)
            for s, served in enumerate(action.serves):
                if served not in priority_ids:
                    problems.append(
                        Problem(
                            location=f"{awhere}.serves[{s}]",
                            message="no priority has this id",
                            value=served,
                        )
                    )
                elif served == priority.id:
                    problems.append(
                        Problem(
                            location=f"{awhere}.serves[{s}]",
                            message="an action always serves the priority that holds it; "
                            "list only other priorities",
                            value=served,
                        )
                    )
        for o, outcome in enumerate(priority.outcomes):
            owhere = f"{pwhere}.outcomes[{o}]"
            unique("outcome", outcome.id, owhere)
            for t, target in enumerate(outcome.targets):
                twhere = f"{owhere}.targets[{t}]"
                unique("target", target.id, twhere)
                found = indicators.get(target.indicator)
                if found is None:
                    problems.append(
                        Problem(
                            location=f"{twhere}.indicator",
                            message="no indicator has this id",
                            value=target.indicator,
                        )
                    )
                    continue
                _check_target(problems, twhere, target, found)
                _check_span(problems, twhere, target, plan)
    return problems


def _percent_figures(plan: Plan) -> dict[str, list[tuple[str, float]]]:
    """Each percent indicator's plan figures (baseline, target values), with where they are."""
    figures: dict[str, list[tuple[str, float]]] = {}
    for i, ind in enumerate(plan.indicators):
        if ind.is_percent:
            mine = figures.setdefault(ind.id, [])
            if ind.baseline is not None and ind.baseline.value is not None:
                mine.append((f"indicators[{i}].baseline.value", ind.baseline.value))
    for p, priority in enumerate(plan.priorities):
        for o, outcome in enumerate(priority.outcomes):
            for t, target in enumerate(outcome.targets):
                mine_or_none = figures.get(target.indicator)
                if mine_or_none is None:
                    continue
                for name in ("value", "low", "high"):
                    figure = getattr(target.rule, name, None)
                    if isinstance(figure, int | float) and not isinstance(figure, bool):
                        where = f"priorities[{p}].outcomes[{o}].targets[{t}].rule.{name}"
                        mine_or_none.append((where, float(figure)))
    return figures


def typed_as_a_fraction(value: float, figures: Iterable[float]) -> bool:
    """Whether a percentage ``value`` looks like a fraction typed for a percentage.

    It does when it lies in (0, 1], some of the indicator's other ``figures`` (plan figures,
    other values) are above 1, and a hundred times the value would sit among those figures:
    from half the smallest to twice the largest of them. So 0.74 among figures from 44% to
    84% is flagged (74% is among them), but 0.6 against a target of at most 5% is not (60%
    is far above anything the plan says; 0.6% is a real small percentage), nor is 0.3.

    Example:
        >>> typed_as_a_fraction(0.74, [84, 64, 44]), typed_as_a_fraction(0.6, [5])
        (True, False)
    """
    above = [f for f in figures if f > 1]
    if not 0 < value <= 1 or not above:
        return False
    return min(above) / 2 <= value * 100 <= max(above) * 2


def _fractions_for_percents(plan: Plan) -> list[Problem]:
    """A warning for a percent figure in (0, 1] among figures above 1: 0.64 typed for 64%."""
    problems = []
    for indicator, figures in _percent_figures(plan).items():
        above = [f for _, f in figures if f > 1]
        if not above:
            continue
        for where, figure in figures:
            if typed_as_a_fraction(figure, above):
                problems.append(
                    Problem(
                        location=where,
                        message=f"{indicator} is a percentage and its other figures are "
                        f"above 1 (up to {format_value(max(above), 'percent')}): is this a "
                        f"fraction typed for {format_value(figure * 100, 'percent')}?",
                        value=figure,
                        severity=Severity.WARNING,
                    )
                )
    return problems


def _check_versions(problems: list[Problem], plan: Plan) -> None:
    """A revision names its own version, and not the one it supersedes."""
    if plan.supersedes is None:
        return
    if plan.version is None:
        problems.append(
            Problem(
                location="version",
                message=f"the plan supersedes version {plan.supersedes!r}, so it must name "
                "its own version",
                value=None,
            )
        )
    elif plan.version == plan.supersedes:
        problems.append(
            Problem(
                location="supersedes",
                message=f"a version cannot supersede itself ({plan.version!r}); name the "
                "version this one replaces",
                value=plan.supersedes,
            )
        )


def _undeclared_partnership(where: str, priority: Priority, declared: dict[str, str]) -> Problem:
    import difflib  # noqa: PLC0415

    near = difflib.get_close_matches(priority.partnership, list(declared), n=1)
    hint = f"; did you mean {near[0]!r}?" if near else ""
    known = ", ".join(declared) or "none"
    return Problem(
        location=where,
        message=f"no declared partnership has this id (declared: {known}); declare it under "
        f"'partnerships' with an id and a label{hint}",
        value=priority.partnership,
    )


def _check_span(problems: list[Problem], where: str, target: Target, plan: Plan) -> None:
    period = target.period
    if plan.start.start <= period.start and period.end <= plan.end.end:
        return
    problems.append(
        Problem(
            location=f"{where}.period",
            message=f"target {target.id!r} is for {period}, outside the plan's span "
            f"{plan.start} to {plan.end}; move the target or widen the plan's start or end",
            value=str(period),
        )
    )


def _check_percent(problems: list[Problem], where: str, value: float) -> None:
    if not 0 <= value <= 100:
        problems.append(
            Problem(location=where, message="a percentage must lie within 0-100", value=value)
        )


def _check_target(problems: list[Problem], where: str, target: Target, ind: Indicator) -> None:
    rule = target.rule
    baseline = ind.baseline
    if baseline is not None and not baseline.period.end < target.period.end:
        problems.append(
            Problem(
                location=f"{where}.period",
                message=f"a target must fall after its indicator's baseline ({baseline.period})",
                value=str(target.period),
            )
        )
    if ind.is_percent:
        for name in ("value", "low", "high"):
            if hasattr(rule, name):
                _check_percent(problems, f"{where}.rule.{name}", getattr(rule, name))
    reference = target.reference
    if reference is Reference.BASELINE and baseline is None:
        problems.append(
            Problem(
                location=f"{where}.rule.reference",
                message=f"the rule is measured from the baseline, but indicator {ind.id!r} "
                "has none; give the indicator a baseline period (its value may be unknown)",
                value=reference.value,
            )
        )
    _warn_direction(problems, where, target, ind)


def _warn_direction(problems: list[Problem], where: str, target: Target, ind: Indicator) -> None:
    rule = target.rule
    higher = ind.direction is Direction.HIGHER_IS_BETTER
    way = "higher" if higher else "lower"

    def warn(field: str, message: str, value: object) -> None:
        problems.append(
            Problem(
                location=f"{where}.rule.{field}",
                message=message,
                value=value,
                severity=Severity.WARNING,
            )
        )

    if isinstance(rule, AtLeast) and not higher:
        warn(
            "kind", f"'at least' on an indicator where {way} is better is only a floor", "at_least"
        )
    if isinstance(rule, AtMost) and higher:
        warn(
            "kind", f"'at most' on an indicator where {way} is better is only a ceiling", "at_most"
        )
    if isinstance(rule, Above) and not higher:
        warn("kind", f"'above' on an indicator where {way} is better is only a floor", "above")
    if isinstance(rule, Below) and higher:
        warn("kind", f"'below' on an indicator where {way} is better is only a ceiling", "below")
    base = ind.baseline.value if ind.baseline is not None else None
    if isinstance(rule, AtLeast | AtMost | Below | Above) and base is not None:
        worse = rule.value < base if higher else rule.value > base
        if worse:
            warn(
                "value",
                f"the target is worse than the baseline {ind.format(base)} although {way} "
                "is better (legal as a floor, but check it)",
                rule.value,
            )
    if isinstance(rule, RelativeChange) and rule.percent * ind.direction.sign < 0:
        warn("percent", f"the change goes the wrong way for an indicator where {way} is better",
             rule.percent)
    if isinstance(rule, AbsoluteChange) and rule.amount * ind.direction.sign < 0:
        warn("amount", f"the change goes the wrong way for an indicator where {way} is better",
             rule.amount)
