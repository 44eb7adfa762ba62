"""Pure numbers: closeness, the Wilson score interval and the piecewise-linear trajectory."""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Iterable

import attrs

from safeguarding_plan.errors import InvalidValueError

__all__ = ["EPS", "FIGURE_DECIMALS", "Z_95", "Interval", "Trajectory", "close", "tidy"]

Z_95 = 1.959963984540054
"""The standard normal quantile of a two-sided 95% interval."""

EPS = 1e-9
"""The relative tolerance under which two figures count as equal."""

FIGURE_DECIMALS = 10
"""Figures on results are rounded to this many decimal places (no binary noise)."""


def close(a: float, b: float) -> bool:
    """Whether ``a`` and ``b`` are equal but for floating-point noise."""
    return abs(a - b) <= EPS * max(1.0, abs(a), abs(b))


def tidy(value: float | None) -> float | None:
    """``value`` rounded to :data:`FIGURE_DECIMALS` places (``-112.00000000000003`` -> -112.0)."""
    if value is None:
        return None
    return round(value, FIGURE_DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0


@attrs.frozen(kw_only=True)
class Interval:
    """A closed interval ``[low, high]``, in the indicator's unit.

    Attributes:
        low: The lower end.
        high: The upper end.

    Example:
        >>> ci = Interval.wilson(11, 16, scale=100)
        >>> round(ci.low, 1), round(ci.high, 1)
        (44.4, 85.8)
    """

    low: float
    high: float

    @classmethod
    def wilson(
        cls, successes: float, trials: float, *, z: float = Z_95, scale: float = 1.0
    ) -> Interval:
        """The :term:`Wilson score interval` of ``successes`` out of ``trials``.

        ``scale`` multiplies both ends (100 for a percentage).

        The centre is ``(p + z²/2n) / (1 + z²/n)`` and the half-width
        ``z / (1 + z²/n) * sqrt(p(1-p)/n + z²/4n²)``, with ``p = successes / trials``.

        Raises:
            InvalidValueError: (a :class:`ValueError`) if ``trials`` is not above zero or
                ``successes`` is outside ``0..trials``.
        """
        if not trials > 0 or not 0 <= successes <= trials:
            raise InvalidValueError(
                "successes",
                f"need 0 <= successes <= trials and trials > 0 (trials: {trials})",
                successes,
            )
        n = float(trials)
        p = successes / n
        z2 = z * z
        denominator = 1 + z2 / n
        centre = (p + z2 / (2 * n)) / denominator
        half = z / denominator * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
        # At 0 or n successes the exact ends are 0 and 1; keep rounding from moving them.
        low = 0.0 if successes == 0 else max(0.0, centre - half)
        high = 1.0 if successes == trials else min(1.0, centre + half)
        return cls(low=low * scale, high=high * scale)

    def __contains__(self, value: object) -> bool:
        """Whether a number lies in the interval (inclusive)."""
        return isinstance(value, int | float) and self.low <= value <= self.high


def _sorted_points(
    points: Iterable[tuple[dt.date, float]],
) -> tuple[tuple[dt.date, float], ...]:
    return tuple(sorted(points, key=lambda point: point[0]))


@attrs.frozen(kw_only=True)
class Trajectory:
    """A piecewise-linear path through (date, value) points, linear in calendar days.

    An indicator's :term:`trajectory`: flat before its first point and after its last.

    Attributes:
        points: ``(date, value)`` pairs in date order.

    Example:
        >>> import datetime as dt
        >>> path = Trajectory(points=((dt.date(2023, 3, 31), 84.0), (dt.date(2024, 3, 31), 64.0)))
        >>> path.at(dt.date(2023, 9, 30))
        74.0
    """

    points: tuple[tuple[dt.date, float], ...] = attrs.field(converter=_sorted_points)
    _days: tuple[int, ...] = attrs.field(init=False, repr=False, eq=False)

    @_days.default
    def _ordinals(self) -> tuple[int, ...]:
        return tuple(day.toordinal() for day, _ in self.points)

    def at(self, day: dt.date) -> float | None:
        """The expected value on ``day`` (None if the path has no points)."""
        if not self.points:
            return None
        ordinal = day.toordinal()
        days = self._days
        i = bisect.bisect_right(days, ordinal)
        if i == 0:
            return self.points[0][1]
        if i == len(days):
            return self.points[-1][1]
        (d0, v0), (d1, v1) = (days[i - 1], self.points[i - 1][1]), (days[i], self.points[i][1])
        return v0 + (v1 - v0) * (ordinal - d0) / (d1 - d0)
