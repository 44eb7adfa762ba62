"""Policies a caller chooses: the tolerance for AMBER, the roll-up rule, what is published."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import attrs

from safeguarding_plan.errors import InvalidValueError
from safeguarding_plan.evaluation._vocabulary import RAG
from safeguarding_plan.model import Indicator

__all__ = [
    "SUPPRESSED_MARKER",
    "PublicationPolicy",
    "RollupRule",
    "Tolerance",
    "TolerancePolicy",
    "WorstRag",
]


@runtime_checkable
class Tolerance(Protocol):
    """What :func:`evaluate` asks of a tolerance policy.

    ``allowance`` returns how far (in the indicator's unit, so percentage points for a
    percentage) a value may miss ``compared_with`` and still be AMBER rather than RED.

    Example:
        A tolerance of two units whatever the value:

        >>> class TwoUnits:
        ...     def allowance(self, indicator, compared_with):
        ...         return 2.0
        >>> from safeguarding_plan import Tolerance, TolerancePolicy
        >>> isinstance(TwoUnits(), Tolerance), isinstance(TolerancePolicy(), Tolerance)
        (True, True)
    """

    def allowance(self, indicator: Indicator, compared_with: float) -> float:
        """The largest miss that is still AMBER (inclusive)."""
        ...  # pragma: no cover


@attrs.frozen(kw_only=True)
class TolerancePolicy:
    """The default :term:`tolerance`: relative to the value compared with, or absolute.

    The value compared with is the expected value before the target's period ends and
    the target value after (the nearer bound of a band; the reference of "improve").
    By default the tolerance is 5% of that value: 67.2% is the edge of AMBER for
    "at most 64%", 76% for "at least 80%". With ``absolute`` set, it is that many units
    of the indicator (percentage points for a percentage) whatever the value.

    Attributes:
        relative: The fraction of the value compared with (0.05 for 5%).
        absolute: A fixed allowance in the indicator's unit; used instead of
            ``relative`` when given.

    Example:
        >>> from safeguarding_plan import Direction, Indicator
        >>> s42 = Indicator(id="s42", name="s42", unit="percent",
        ...                 direction=Direction.LOWER_IS_BETTER)
        >>> round(TolerancePolicy().allowance(s42, 64), 6)
        3.2
        >>> TolerancePolicy(absolute=2).allowance(s42, 64)
        2.0
    """

    relative: float = attrs.field(default=0.05, converter=float)
    absolute: float | None = attrs.field(default=None, converter=attrs.converters.optional(float))

    @relative.validator
    def _check_relative(self, _: attrs.Attribute[float], value: float) -> None:
        if not (math.isfinite(value) and value >= 0):
            raise InvalidValueError("relative", "must be a finite fraction of zero or more", value)

    @absolute.validator
    def _check_absolute(self, _: attrs.Attribute[float | None], value: float | None) -> None:
        if value is not None and not (math.isfinite(value) and value >= 0):
            raise InvalidValueError("absolute", "must be a finite amount of zero or more", value)

    def allowance(self, indicator: Indicator, compared_with: float) -> float:  # noqa: ARG002
        """``absolute`` if set, else ``relative`` times the size of ``compared_with``."""
        if self.absolute is not None:
            return self.absolute
        return self.relative * abs(compared_with)


@runtime_checkable
class RollupRule(Protocol):
    """What :func:`evaluate` asks of a roll-up rule: one RAG from many.

    Example:
        A rule that reports a group as RED only when most of its judged items are:

        >>> from safeguarding_plan import RAG
        >>> def mostly(rags):
        ...     red = sum(rag is RAG.RED for rag in rags)
        ...     return RAG.RED if red > len(rags) / 2 else RAG.AMBER
        >>> isinstance(mostly, RollupRule), mostly([RAG.RED, RAG.GREEN, RAG.GREEN]).name
        (True, 'AMBER')
    """

    def __call__(self, rags: Sequence[RAG]) -> RAG:
        """The overall RAG of a group of items."""
        ...  # pragma: no cover


_WORST_FIRST = (RAG.RED, RAG.AMBER, RAG.GREEN)


@attrs.frozen
class WorstRag:
    """The default roll-up rule: the worst RAG among judged items; GREY if none was judged.

    Example:
        >>> WorstRag()([RAG.GREEN, RAG.GREY, RAG.AMBER])
        <RAG.AMBER: 'amber'>
        >>> WorstRag()([RAG.GREY])
        <RAG.GREY: 'grey'>
    """

    def __call__(self, rags: Sequence[RAG]) -> RAG:
        """The worst of ``rags`` (red, then amber, then green), or GREY."""
        for worst in _WORST_FIRST:
            if worst in rags:
                return worst
        return RAG.GREY


SUPPRESSED_MARKER = "[c]"
"""What a value withheld from the output for publication is printed as."""


def _optional_threshold(_: object, __: attrs.Attribute[float | None], value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < math.inf:
        raise InvalidValueError("suppress_below", "must be a number above zero", value)


@attrs.frozen(kw_only=True)
class PublicationPolicy:
    """What a published report, chart or table hides: small counts (disclosure control).

    One object shared by the reports, the charts and the command line
    (``--suppress-below N``). With no threshold nothing is hidden (values withheld at
    source are never printed either way).

    Attributes:
        suppress_below: Counts above 0 and below this are withheld (usually a whole
            number such as 5 or 10); None hides nothing.
        marker: What a withheld figure is printed as.

    Example:
        >>> policy = PublicationPolicy(suppress_below=5)
        >>> policy.hides_count(3), policy.hides_count(0), policy.hides_count(5)
        (True, False, False)
        >>> policy.hides_sample(11, 16), policy.hides_sample(14, 16)
        (False, True)
    """

    suppress_below: float | None = attrs.field(default=None, validator=_optional_threshold)
    marker: str = SUPPRESSED_MARKER

    @property
    def active(self) -> bool:
        """Whether anything is hidden at all."""
        return self.suppress_below is not None

    @classmethod
    def given(
        cls, publication: PublicationPolicy | None = None, suppress_below: float | None = None
    ) -> PublicationPolicy:
        """The policy a caller asked for: ``publication`` if given, else one from a threshold.

        The reports, the charts and the command line accept either (``suppress_below`` is
        the older spelling); this is the one place that chooses.

        Example:
            >>> PublicationPolicy.given(None, 5).suppress_below
            5
            >>> PublicationPolicy.given(PublicationPolicy(suppress_below=10), 5).suppress_below
            10
        """
        if publication is not None:
            return publication
        return cls(suppress_below=suppress_below)

    def hides_count(self, value: float | None) -> bool:
        """Whether a count is small enough to withhold (above 0, below the threshold)."""
        threshold = self.suppress_below
        return threshold is not None and value is not None and 0 < value < threshold

    def hides_value(self, value: float | None, indicator: Indicator) -> bool:
        """Whether a figure of ``indicator`` is withheld (only counts ever are)."""
        return indicator.unit == "count" and self.hides_count(value)

    def hides_sample(self, numerator: float, denominator: float) -> bool:
        """Whether "``numerator`` of ``denominator``" could reveal a small count.

        It could when either part, or the rest (``denominator - numerator``), is below
        the threshold.
        """
        threshold = self.suppress_below
        if threshold is None:
            return False
        return min(numerator, denominator, denominator - numerator) < threshold

    def hides_figures(self, indicator: Indicator, figures: Sequence[float | None]) -> bool:
        """Whether every figure of a result must be withheld (one of them is a small count)."""
        return any(self.hides_value(value, indicator) for value in figures)
