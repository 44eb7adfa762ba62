"""Every target rule in one normal form: a :class:`Goal` with a :class:`Sense`.

``at least v``, ``at most v``, ``between lo and hi``, a relative or absolute change from
a reference and "improve on" a reference all become a goal: a sense, a value (or two
bounds) and, for a change, the reference it was resolved from. The decision path in
:mod:`~safeguarding_plan.evaluation._targets` judges goals only, never rules.
"""

from __future__ import annotations

import enum
import functools

import attrs

from safeguarding_plan.errors import InvalidValueError
from safeguarding_plan.evaluation._numbers import EPS, Interval, close
from safeguarding_plan.evaluation._series import Series
from safeguarding_plan.model import (
    Above,
    AbsoluteChange,
    AtLeast,
    AtMost,
    Below,
    Between,
    Direction,
    Reference,
    RelativeChange,
    Target,
)
from safeguarding_plan.periods import Period

__all__ = ["Goal", "MissingReference", "Sense", "resolve"]


class Sense(enum.Enum):
    """Which way a value must lie from a goal's value: the sense of a target rule.

    AT_LEAST and AT_MOST are inclusive (exactly 64% meets "at most 64%"); ABOVE and
    BELOW are strict ("improve on" a reference); BETWEEN is inclusive at both bounds.

    Example:
        >>> from datetime import date
        >>> from safeguarding_plan import Observation, evaluate
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> q2 = Observation(indicator="s42-non-conversion", period="2023/24 Q2", value=75)
        >>> report = evaluate(stockport_2023_26(), [q2], as_of=date(2023, 10, 31))
        >>> reason = report.target("s42-non-conversion-2023-24").reason
        >>> reason.goal.sense, reason.goal.value  # "at most 64% in 2023/24"
        (<Sense.AT_MOST: 'at_most'>, 64.0)
    """

    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    ABOVE = "above"
    BELOW = "below"
    BETWEEN = "between"


_UPWARD = (Sense.AT_LEAST, Sense.ABOVE)


@attrs.frozen(kw_only=True)
class Goal:
    """What a value must do, in one normal form.

    Attributes:
        sense: The :class:`Sense`.
        value: The value to reach (for BETWEEN, None).
        low: The lower bound of a band (BETWEEN only).
        high: The upper bound of a band (BETWEEN only).
        reference: The reference a change or improvement was resolved from
            (:attr:`~safeguarding_plan.Reference.BASELINE` or
            :attr:`~safeguarding_plan.Reference.PREVIOUS`), None for a fixed value.
        reference_value: The reference's value.
        reference_period: The period of the reference's value.

    Example:
        >>> goal = Goal(sense=Sense.AT_MOST, value=64.0)
        >>> goal.met(64.0), goal.shortfall(66.5)
        (True, 2.5)
    """

    sense: Sense
    value: float | None = None
    low: float | None = None
    high: float | None = None
    reference: Reference | None = None
    reference_value: float | None = None
    reference_period: Period | None = None

    def __attrs_post_init__(self) -> None:
        """Check that a band has both bounds and anything else a value."""
        if self.sense is Sense.BETWEEN:
            if self.low is None or self.high is None:
                raise InvalidValueError("low", "a band needs a low and a high bound", self.low)
        elif self.value is None:
            raise InvalidValueError("value", f"a goal {self.sense.value} needs a value", None)

    @classmethod
    def towards(cls, direction: Direction, value: float) -> Goal:
        """At least ``value`` when higher is better, at most when lower is better."""
        sense = Sense.AT_LEAST if direction is Direction.HIGHER_IS_BETTER else Sense.AT_MOST
        return cls(sense=sense, value=value)

    @property
    def is_band(self) -> bool:
        """Whether the goal is a band (BETWEEN)."""
        return self.sense is Sense.BETWEEN

    @property
    def point(self) -> float | None:
        """The single value of a goal that is not a band (None for a band)."""
        return None if self.sense is Sense.BETWEEN else self.value

    def _bounds(self) -> tuple[float, float]:
        return (self.low or 0.0, self.high or 0.0)

    def scaled(self, factor: float) -> Goal:
        """The goal with its value (or bounds) times ``factor`` (a flow's pro rata share)."""
        if self.sense is Sense.BETWEEN:
            low, high = self._bounds()
            return attrs.evolve(self, low=low * factor, high=high * factor)
        return attrs.evolve(self, value=(self.value or 0.0) * factor)

    def compared_with(self, actual: float) -> float:
        """The value ``actual`` is compared with: the value, or a band's nearer bound."""
        if self.sense is Sense.BETWEEN:
            low, high = self._bounds()
            return low if abs(actual - low) <= abs(actual - high) else high
        return self.value or 0.0

    def shortfall(self, actual: float) -> float:
        """How far ``actual`` misses the goal (0 when it does not miss)."""
        sense = self.sense
        if sense is Sense.BETWEEN:
            low, high = self._bounds()
            miss = low - actual if actual < low else (actual - high if actual > high else 0.0)
            scale = abs(low)
        else:
            value = self.value or 0.0
            miss = value - actual if sense in _UPWARD else actual - value
            scale = abs(value)
        return miss if miss > EPS * max(1.0, scale) else 0.0

    def margin(self, actual: float) -> float:
        """How far ``actual`` lies inside the goal (positive) or outside it (negative).

        For a band, inside, the distance to the nearer bound.
        """
        if self.sense is Sense.BETWEEN:
            low, high = self._bounds()
            return min(actual - low, high - actual)
        value = self.value or 0.0
        return actual - value if self.sense in _UPWARD else value - actual

    def met(self, actual: float) -> bool:
        """Whether ``actual`` meets the goal (inclusive but for ABOVE and BELOW)."""
        sense = self.sense
        if sense is Sense.BETWEEN:
            low, high = self._bounds()
            return (actual >= low or close(actual, low)) and (actual <= high or close(actual, high))
        value = self.value or 0.0
        if sense is Sense.AT_LEAST:
            return actual >= value or close(actual, value)
        if sense is Sense.AT_MOST:
            return actual <= value or close(actual, value)
        better = actual > value if sense is Sense.ABOVE else actual < value
        return better and not close(actual, value)

    def assess(self, actual: float) -> tuple[float, float, bool, float]:
        """:meth:`compared_with`, :meth:`shortfall`, :meth:`met` and :meth:`margin` at once.

        Example:
            >>> Goal(sense=Sense.AT_MOST, value=64.0).assess(66.5)
            (64.0, 2.5, False, -2.5)
        """
        sense = self.sense
        if sense is Sense.BETWEEN:
            return (
                self.compared_with(actual),
                self.shortfall(actual),
                self.met(actual),
                self.margin(actual),
            )
        value = self.value or 0.0
        if sense is Sense.AT_LEAST or sense is Sense.ABOVE:
            miss = margin = actual - value
            miss = -miss
        else:
            margin = value - actual
            miss = -margin
        near = abs(actual - value) <= EPS * max(1.0, abs(actual), abs(value))  # close()
        if sense is Sense.AT_LEAST:
            met = actual >= value or near
        elif sense is Sense.AT_MOST:
            met = actual <= value or near
        else:
            met = (actual > value if sense is Sense.ABOVE else actual < value) and not near
        shortfall = miss if miss > EPS * max(1.0, abs(value)) else 0.0
        return value, shortfall, met, margin

    def settled_by(self, interval: Interval) -> bool:
        """Whether every value in ``interval`` is judged the same way."""
        same = self.met(interval.low) == self.met(interval.high)
        if self.sense is not Sense.BETWEEN:
            return same
        low, high = self._bounds()
        return same and not (interval.low < low and interval.high > high)


@attrs.frozen(kw_only=True)
class MissingReference:
    """Why a change or improvement cannot be resolved: its reference is unknown.

    Attributes:
        reference: Which reference the rule needs.
        period: The period whose value is missing (None: the indicator has no baseline).
        withheld: Whether that value was recorded but withheld (suppressed).

    Example:
        SAR referrals rise 25% on the previous year, whose count nobody has recorded:

        >>> from datetime import date
        >>> from safeguarding_plan import evaluate
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> report = evaluate(stockport_2023_26(), as_of=date(2023, 10, 31))
        >>> result = report.target("sar-referrals-2023-24")
        >>> missing = result.reason.missing
        >>> result.status.name, missing.reference.name, str(missing.period), missing.withheld
        ('NO_BASELINE', 'PREVIOUS', '2022/23', False)
    """

    reference: Reference
    period: Period | None
    withheld: bool = False


@functools.lru_cache(maxsize=1024)
def _fixed(rule: AtLeast | AtMost | Below | Above | Between) -> Goal:
    """The goal of a rule with a fixed value (the same every time: made once)."""
    if isinstance(rule, Between):
        return Goal(sense=Sense.BETWEEN, low=rule.low, high=rule.high)
    return Goal(sense=_FIXED_SENSE[type(rule)], value=rule.value)


_FIXED_SENSE: dict[type, Sense] = {
    AtLeast: Sense.AT_LEAST,
    AtMost: Sense.AT_MOST,
    Above: Sense.ABOVE,
    Below: Sense.BELOW,
}


def resolve(target: Target, series: Series) -> Goal | MissingReference:
    """Turn a target's rule into a :class:`Goal`, resolving its reference if it has one."""
    rule = target.rule
    if isinstance(rule, AtLeast | AtMost | Below | Above | Between):
        return _fixed(rule)
    ind = series.indicator
    reference = rule.reference
    if reference is Reference.BASELINE:
        period = series.base_period
        if series.baseline is None:
            return MissingReference(reference=reference, period=period)
        ref = series.baseline
    else:
        period = target.period.previous()
        found = series.actual(period)
        if found is None or found.value is None:
            return MissingReference(reference=reference, period=period, withheld=found is not None)
        ref = found.value
    if isinstance(rule, RelativeChange | AbsoluteChange):
        sense = Goal.towards(ind.direction, 0.0).sense
        value = rule.resolve(ref)
    else:
        up = ind.direction is Direction.HIGHER_IS_BETTER
        sense, value = (Sense.ABOVE if up else Sense.BELOW), ref
    return Goal(
        sense=sense,
        value=value,
        reference=reference,
        reference_value=ref,
        reference_period=period,
    )
