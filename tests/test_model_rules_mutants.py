"""Laws of the target rules' own checks that mutation testing found unguarded.

A rule that cannot hold is refused when it is built, with an error naming the field, what
was expected and the value given (see docs/explanation/mutation-testing.md).
"""

from __future__ import annotations

import math

import pytest

from safeguarding_plan import Between, InvalidValueError, Reference, RelativeChange


def test_a_band_upside_down_is_refused_naming_its_low():
    """A band's high must be above its low: "between 10% and 7%" names high, 7 and the low 10."""
    with pytest.raises(InvalidValueError) as caught:
        Between(low=10, high=7)
    assert ("high", 7.0, "a band's high must be above its low (10.0)") == (
        caught.value.field,
        caught.value.value,
        caught.value.message,
    )


def test_a_reduction_of_100_percent_or_more_is_refused():
    """A relative change must be above -100%: a reduction by 100% would leave nothing."""
    with pytest.raises(InvalidValueError) as caught:
        RelativeChange(percent=-100, reference=Reference.BASELINE)
    assert ("percent", -100.0, "a relative change must be above -100 percent") == (
        caught.value.field,
        caught.value.value,
        caught.value.message,
    )


def test_a_relative_change_must_be_a_finite_number():
    """A relative change of NaN percent is refused as a number, naming the field."""
    with pytest.raises(InvalidValueError) as caught:
        RelativeChange(percent=math.nan, reference=Reference.PREVIOUS)
    assert ("percent", "must be a finite number") == (caught.value.field, caught.value.message)
