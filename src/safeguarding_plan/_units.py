"""Units and quantities: the one pint registry of safeguarding_plan lives here.

The registry is pint's default one with three changes that matter for safeguarding data:

* ``count`` is its own dimension, so a count can never be read as a percentage;
* ``person`` (alias ``child``, ``adult``) is the population dimension, with the rates
  ``per_100k_population`` (count per 100,000 people) and ``per_10k_children``
  (count per 10,000 children);
* ``percentage_point`` (``pp``) is its own dimension: the difference between two
  percentages is measured in percentage points, and pint will not let it be mixed up
  with a relative change measured in percent.

A plan may also declare a rate per N of a population in words: ``per 1000 children``,
``per 100,000 adults aged 65+``, ``per 10000 children aged 0-17``. It is written
``per``, a whole number (commas allowed), then who the population is; it counts per N
people (pint: ``count / N / person``) and prints as ``12.5 per 1,000 children``. Any
other unit is a pint expression (``count / hour``, ``count per hour``, ``hour``) of
a measure whose differences and ratios make sense: offset units such as ``degC`` are
refused, and so is a number inside an expression (``count / 1000 / person``: write
``per 1000 people``). Anything refused raises :class:`UnitError`, never a pint error.

The registry is built lazily: plans and evaluations that use only the common units
(``percent``, ``count``, the two rates) never start pint. Quantities made with pint's
application registry (or any other registry) are accepted and converted by unit name.
"""

from __future__ import annotations

import functools
import importlib.resources
import math
import re
from typing import Any

from safeguarding_plan.errors import UnitError

__all__ = [
    "COUNT",
    "PERCENT",
    "PERCENTAGE_POINT",
    "check_unit",
    "difference_unit",
    "is_percent",
    "population_rate",
    "quantity",
    "registry",
    "to_magnitude",
    "unit_label",
]

PERCENT = "percent"
COUNT = "count"
PERCENTAGE_POINT = "percentage_point"

_EXTRA_DEFINITIONS = (
    "count = [count]",
    "person = [population] = _ = people = child = children = adult = adults",
    "per_100k_population = count / 100000 / person",
    "per_10k_children = count / 10000 / person",
    "percentage_point = [percentage_point] = pp = percentage_points",
)

# Units whose meaning is known without starting pint: name -> (is percent, label).
_KNOWN: dict[str, tuple[bool, str]] = {
    "percent": (True, "%"),
    "%": (True, "%"),
    "count": (False, ""),
    "per_100k_population": (False, " per 100,000 population"),
    "per_10k_children": (False, " per 10,000 children"),
    "dimensionless": (False, ""),
    "percentage_point": (False, " percentage points"),
}


@functools.cache
def registry() -> Any:
    """Return the library's pint registry, building it on first use.

    It is pint's default registry, except that ``count`` has its own dimension, and it
    adds ``person``, ``per_100k_population``, ``per_10k_children`` and
    ``percentage_point``.

    Example:
        >>> from safeguarding_plan import registry
        >>> units = registry()
        >>> units.Quantity(3, "count").dimensionality
        <UnitsContainer({'[count]': 1})>
        >>> units.Quantity(2, "percentage_point").dimensionality
        <UnitsContainer({'[percentage_point]': 1})>
        >>> rate = units.Quantity(30, "count") / units.Quantity(300_000, "person")
        >>> round(rate.to("per_100k_population").magnitude, 6)
        10.0
    """
    import pint  # noqa: PLC0415 - pint is slow to import; only load it when needed

    base = importlib.resources.files("pint")
    lines: list[str] = []
    for line in (base / "default_en.txt").read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("@import"):
            imported = base / stripped.split()[1]
            lines.extend(imported.read_text(encoding="utf-8").splitlines())
        elif stripped.startswith("count = []"):
            continue
        else:
            lines.append(line)
    lines.extend(_EXTRA_DEFINITIONS)
    reg: Any = pint.UnitRegistry(None, cache_folder=None, autoconvert_offset_to_baseunit=True)
    reg.load_definitions(lines)
    return reg


MAX_UNIT_LENGTH = 100
"""The longest unit expression read, in characters."""

_TOKEN_RE = re.compile(
    r"(?P<space>\s+)|(?P<power>\*\*|\^)|(?P<op>[*/])|(?P<open>\()|(?P<close>\))"
    r"|(?P<atom>[A-Za-z_][A-Za-z0-9_]*|[0-9]{1,15}(?:\.[0-9]{1,15})?|%)|(?P<minus>-)"
)


def _is_unit_expression(text: str) -> bool:
    """Whether ``text`` is a unit expression pint may be given.

    Names (and plain numbers) joined by ``*``, ``/`` or a space, in balanced brackets,
    with powers from -9 to 9.

    Other operators, exponents and functions are refused before pint evaluates anything,
    so no expression can overflow or take long (``count**99999999``); pint's own errors
    (such as dividing by zero in ``1/0``) become :class:`UnitError`. The check reads each
    character once, so no text can make it slow.
    """
    tokens: list[tuple[str, str, bool]] = []  # kind, text, whether a space came before
    position, spaced = 0, False
    for match in _TOKEN_RE.finditer(text):
        if match.start() != position:
            return False
        position = match.end()
        kind = match.lastgroup or ""
        if kind == "space":
            spaced = True
        else:
            tokens.append((kind, match.group(), spaced))
            spaced = False
    if position != len(text):
        return False
    expect_term, depth, i, last = True, 0, 0, ""
    while i < len(tokens):
        kind, _, before = tokens[i]
        if kind == "open":
            if not expect_term:
                return False  # a bracket needs an operator before it: no functions
            depth += 1
        elif kind == "atom":
            if not expect_term and not (before and last == "atom"):
                return False  # two names side by side need a space between them
        elif kind == "close":
            depth -= 1
            if expect_term or depth < 0:
                return False
        elif kind == "op":
            if expect_term:
                return False
            expect_term = True
            last = kind
            i += 1
            continue
        elif kind == "power":
            if expect_term or last == "power":
                return False
            rest = tokens[i + 1 : i + 3]
            if rest[:1] and rest[0][0] == "minus":
                rest, i = rest[1:2], i + 1
            exponent = rest[0][1] if rest and rest[0][0] == "atom" else ""
            if not (len(exponent) == 1 and exponent.isdigit()):
                return False
            i += 1
        else:
            return False
        expect_term = kind == "open"
        last = kind
        i += 1
    return not expect_term and depth == 0


_RATE_RE = re.compile(
    r"\s*per\s+(?P<n>[1-9][0-9]{0,11}|[1-9][0-9]{0,2}(?:,[0-9]{3}){1,3})"
    r"\s+(?P<who>[A-Za-z][A-Za-z0-9 '\u2019+,()-]*[A-Za-z0-9+)'\u2019])\s*"
)
"""``per 1000 children``, ``per 100,000 adults aged 65+``: a rate per N of a population."""


def population_rate(unit: str) -> tuple[int, str] | None:
    """The N and population of a rate declared in words, or None for any other unit.

    Example:
        >>> population_rate("per 100,000 adults aged 65+"), population_rate("count")
        ((100000, 'adults aged 65+'), None)
    """
    match = _RATE_RE.fullmatch(unit) if len(unit) <= MAX_UNIT_LENGTH else None
    if match is None:
        return None
    return int(match.group("n").replace(",", "")), " ".join(match.group("who").split())


@functools.cache
def _rate_unit(per: int) -> str:
    """The pint name of a count per ``per`` people, defined in the registry on first use."""
    name = f"per_{per}_people"
    reg = registry()
    if name not in reg:
        reg.define(f"{name} = count / {per} / person")
    return name


def _pint_name(unit: str) -> str:
    """What pint reads for ``unit``: the unit itself, or a rate's registered name."""
    if unit == "%":
        return PERCENT
    rate = population_rate(unit)
    return _rate_unit(rate[0]) if rate is not None else unit


def _parse(unit: str) -> Any:
    unknown = UnitError(
        "unknown unit; use a pint unit such as 'percent', 'count' or 'per_100k_population', "
        "or a rate such as 'per 1000 children'",
        unit,
    )
    rate = population_rate(unit)
    if rate is not None:
        return registry().parse_units(_rate_unit(rate[0]))
    if re.match(r"\s*per\s+[0-9]", unit):
        raise UnitError(
            "a rate per N of a population is 'per', a whole number above 0, then who the "
            "population is: 'per 1000 children', 'per 100,000 adults aged 65+'",
            unit,
        )
    if len(unit) > MAX_UNIT_LENGTH or not _is_unit_expression(unit):
        raise unknown
    reg = registry()
    try:
        parsed = reg.parse_units(unit)
    except ValueError as exc:
        if "scaling factor" in str(exc):
            raise UnitError(
                "a unit cannot contain a number; for a rate per N of a population write "
                "it in words, such as 'per 1000 children'",
                unit,
            ) from None
        raise unknown from None
    except Exception:  # noqa: BLE001 - pint raises many kinds (PintError, tokenize, arithmetic)
        raise unknown from None
    try:
        multiplicative = bool(reg.Quantity(1.0, parsed)._is_multiplicative)  # noqa: SLF001
    except Exception:  # noqa: BLE001 - pint again
        raise unknown from None
    if not multiplicative:
        raise UnitError(
            "an offset unit (such as degC) is not a measure whose differences and ratios "
            "make sense; use an absolute unit (kelvin) or a difference (delta_degC)",
            unit,
        )
    return parsed


def check_unit(unit: object) -> str:
    """Return ``unit`` unchanged if pint understands it, else raise :class:`UnitError`."""
    if not isinstance(unit, str) or not unit.strip():
        raise UnitError("a unit must be a non-empty name such as 'percent' or 'count'", unit)
    if unit not in _KNOWN:
        _parse(unit)
    return unit


@functools.cache
def is_percent(unit: str) -> bool:
    """Whether ``unit`` is percent (so differences are percentage points).

    Example:
        >>> is_percent("percent"), is_percent("%"), is_percent("count")
        (True, True, False)
    """
    if unit in _KNOWN:
        return _KNOWN[unit][0]
    return bool(_parse(unit) == registry().percent)


def difference_unit(unit: str) -> str:
    """The unit of a difference between two values in ``unit``.

    The difference between two percentages is in percentage points; for every other unit
    it is the unit itself.

    Example:
        >>> difference_unit("percent"), difference_unit("count")
        ('percentage_point', 'count')
    """
    return PERCENTAGE_POINT if is_percent(unit) else unit


@functools.cache
def unit_label(unit: str) -> str:
    """A short label to print after a number: ``"%"``, ``" per 100,000 population"``, ...

    Example:
        >>> f"64{unit_label('percent')}"
        '64%'
    """
    if unit in _KNOWN:
        return _KNOWN[unit][1]
    rate = population_rate(unit)
    if rate is not None:
        return f" per {rate[0]:,} {rate[1]}"
    return f" {format(_parse(unit), '~P')}"


def quantity(value: float, unit: str) -> Any:
    """A pint quantity of ``value`` in ``unit``, from the library's registry.

    A difference of percentages should be made with ``unit="percentage_point"``.

    Example:
        >>> from safeguarding_plan import quantity
        >>> print(quantity(64, "%"), quantity(64, "%").to("dimensionless"))
        64 percent 0.64 dimensionless
        >>> print(quantity(-20, "percentage_point"))
        -20 percentage_point
    """
    return registry().Quantity(value, _pint_name(unit))


def _is_quantity(value: object) -> bool:
    return hasattr(value, "magnitude") and hasattr(value, "units")


def to_magnitude(value: Any, unit: str, *, what: str = "value") -> float:
    """Return ``value`` as a float in ``unit``.

    Plain numbers are taken to be in ``unit`` already (no pint involved). Pint quantities,
    from this library's registry or any other (pint's application registry included),
    are converted; a quantity whose dimension does not fit is an error naming both units.

    Raises:
        UnitError: if the quantity cannot be converted, or the value is not a finite number.

    Example:
        >>> from safeguarding_plan import quantity
        >>> to_magnitude(quantity(0.64, "dimensionless"), "percent")
        64.0
    """
    if _is_quantity(value):
        import pint  # noqa: PLC0415

        reg = registry()
        given = str(value.units)
        try:
            ours = reg.Quantity(float(value.magnitude), given)
            number = float(ours.to(_pint_name(unit)).magnitude)
        except (pint.errors.PintError, TypeError, ValueError, AttributeError):
            raise UnitError(
                f"cannot convert the {what} from {given!r} to the indicator's unit {unit!r}",
                value,
                expected=unit,
            ) from None
    elif isinstance(value, bool) or not isinstance(value, int | float):
        raise UnitError(f"the {what} must be a number or a pint quantity", value, expected=unit)
    else:
        number = float(value)
    if not math.isfinite(number):
        raise UnitError(f"the {what} must be a finite number", value, expected=unit)
    return number
