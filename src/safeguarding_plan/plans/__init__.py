"""Plans shipped with safeguarding_plan.

Each bundled plan is a plan file inside this package, listed by a short name.

Example:
    >>> from safeguarding_plan.plans import available, stockport_2023_26
    >>> available()
    ('darlington-cypp-2017-22', 'stockport-2023-26')
    >>> print(stockport_2023_26().title)
    Stockport Safeguarding Children Partnership and Safeguarding Adult Partnership
    Business Plan 2023 - 2026
"""

from __future__ import annotations

import functools
import importlib.resources
import pathlib

from safeguarding_plan.errors import UnknownIdError, suggest
from safeguarding_plan.files import load_plan
from safeguarding_plan.model import Plan

__all__ = ["available", "bundled_plan", "bundled_plan_path", "stockport_2023_26"]

_BUNDLED: dict[str, str] = {
    "darlington-cypp-2017-22": "darlington-cypp-2017-22.yaml",
    "stockport-2023-26": "stockport-2023-26.yaml",
}


def available() -> tuple[str, ...]:
    """The names of the bundled plans, sorted.

    Example:
        >>> from safeguarding_plan.plans import available
        >>> available()
        ('darlington-cypp-2017-22', 'stockport-2023-26')
    """
    return tuple(sorted(_BUNDLED))


def bundled_plan_path(name: str) -> pathlib.Path:
    """The path of a bundled plan's file.

    Raises:
        UnknownIdError: if no bundled plan has that name.

    Example:
        >>> from safeguarding_plan.plans import bundled_plan_path
        >>> bundled_plan_path("stockport-2023-26").name
        'stockport-2023-26.yaml'
        >>> bundled_plan_path("stockport-2023-25")
        Traceback (most recent call last):
        ...
        safeguarding_plan.errors.UnknownIdError: no bundled plan with id 'stockport-2023-25';
        did you mean 'stockport-2023-26'?
    """
    if name not in _BUNDLED:
        raise UnknownIdError("bundled plan", name, suggest(name, _BUNDLED))
    resource = importlib.resources.files(__name__) / _BUNDLED[name]
    return pathlib.Path(str(resource))


@functools.cache
def bundled_plan(name: str) -> Plan:
    """Load a bundled plan by name (loaded once, then shared: plans are immutable).

    Example:
        >>> from safeguarding_plan.plans import bundled_plan
        >>> plan = bundled_plan("stockport-2023-26")
        >>> plan.id, plan is bundled_plan("stockport-2023-26")
        ('stockport-2023-26', True)
    """
    return load_plan(bundled_plan_path(name))


def stockport_2023_26() -> Plan:
    """The Stockport Safeguarding Children and Adults Partnerships' Business Plan 2023-2026.

    Example:
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> plan = stockport_2023_26()
        >>> plan.start, plan.end, plan.priorities[0].title
        (FinancialYear('2023/24'), FinancialYear('2025/26'),
         'Improve partnership working and information sharing')
    """
    return bundled_plan("stockport-2023-26")
