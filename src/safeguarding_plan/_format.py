"""Numbers for people: the one formatter behind every figure the library prints.

Explanations, the terminal table, the reports, chart labels and
:meth:`~safeguarding_plan.Target.describe` all print numbers through this module, so a
figure reads the same wherever it appears.

The rounding rule:

* a number is rounded to at most ``decimals`` decimal places (two unless said
  otherwise), **half away from zero** ("half up", as a spreadsheet's ``ROUND`` does) on
  the number as it is written: 2.675 prints 2.68 and -0.125 prints -0.13, although the
  binary floats are a hair below and above;
* trailing zeros after the decimal point are dropped, and so is the point itself:
  44.9999 prints 45, never ``45.`` or ``45.00``;
* a number that rounds to zero prints ``0``, never ``-0``;
* thousands are separated by commas (294,800);
* with ``signed``, a number that prints above zero gets a ``+``.

Units follow the number: ``%`` for percent, nothing for a count, `` per 100,000
population`` for a rate. A unit that names a countable thing takes its singular after
exactly 1: "1 percentage point", "-1 percentage point", "0 percentage points",
"2.5 percentage points". A count has no noun of its own, so "1" and "2" print bare.
"""

from __future__ import annotations

import decimal
import math

from safeguarding_plan import _units
from safeguarding_plan.errors import InvalidValueError

__all__ = ["DECIMALS", "format_amount", "format_number", "format_value"]

DECIMALS = 2
"""How many decimal places a figure is printed with at most."""

_CONTEXT = decimal.Context(prec=400, rounding=decimal.ROUND_HALF_UP)  # wider than any float
_SINGULAR = {_units.PERCENTAGE_POINT: " percentage point"}  # unit -> its label after 1


def _rounded(value: float, decimals: int) -> decimal.Decimal:
    if decimals < 0 or decimals != int(decimals):
        raise InvalidValueError("decimals", "must be a whole number of 0 or more", decimals)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidValueError("value", "must be a number to be printed", value)
    if isinstance(value, int):
        exact = decimal.Decimal(value)
    elif math.isfinite(value):
        exact = decimal.Decimal(repr(float(value)))  # the shortest text that reads back
    else:
        raise InvalidValueError("value", "must be a finite number to be printed", value)
    rounded = exact.quantize(decimal.Decimal(1).scaleb(-decimals), context=_CONTEXT)
    return rounded if rounded != 0 else decimal.Decimal(0)


def format_number(value: float, *, decimals: int = DECIMALS, signed: bool = False) -> str:
    """A number for people, by the module's rounding rule.

    Raises:
        InvalidValueError: if ``value`` is not a finite number, or ``decimals`` is not a
            whole number of 0 or more.

    Example:
        >>> format_number(44.9999), format_number(-0.0), format_number(2.675)
        ('45', '0', '2.68')
        >>> format_number(1234567.5, decimals=0), format_number(2.5, signed=True)
        ('1,234,568', '+2.5')
    """
    rounded = _rounded(value, decimals)
    text = f"{abs(rounded):,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if rounded < 0:
        return f"-{text}"
    return f"+{text}" if signed and rounded > 0 else text


def _label(text: str, unit: str) -> str:
    if text.lstrip("+-") == "1" and unit in _SINGULAR:
        return _SINGULAR[unit]
    return _units.unit_label(unit)


def format_value(
    value: float, unit: str, *, decimals: int = DECIMALS, signed: bool = False
) -> str:
    """A number in a unit: ``64%``, ``25``, ``1 percentage point``, ``-2.5 percentage points``.

    Example:
        >>> format_value(74.0, "percent"), format_value(1, "percentage_point")
        ('74%', '1 percentage point')
        >>> format_value(219.99999999, "count"), format_value(-0.0, "percent")
        ('220', '0%')
    """
    text = format_number(value, decimals=decimals, signed=signed)
    return f"{text}{_label(text, unit)}"


def format_amount(value: float, unit: str, *, decimals: int = DECIMALS) -> str:
    """A size (a miss, a tolerance) for a sentence: never "0" for something above zero.

    A size above zero that would round to 0 prints as "less than" the smallest step
    shown, so a sentence never says a target was missed "by 0 percentage points".

    Example:
        >>> format_amount(3.2, "percentage_point"), format_amount(0.001, "percentage_point")
        ('3.2 percentage points', 'less than 0.01 percentage points')
    """
    text = format_value(value, unit, decimals=decimals)
    if value > 0 and _rounded(value, decimals) == 0:
        step = format_value(10.0**-decimals, unit, decimals=decimals)
        return f"less than {step}"
    return text
