"""The engine's shortcuts give exactly what the general way gives.

``evaluate`` takes quick paths where no rule can refuse a value or a key can be worked
out by arithmetic: each is held equal to the general way it stands in for.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from safeguarding_plan import Indicator, Observation
from safeguarding_plan.evaluation._series import (
    _PER_YEAR,
    Value,
    _facts,
    _plain,
    _previous_key,
    key_of,
    normalise,
    quick_value,
)
from safeguarding_plan.periods import Period
from safeguarding_plan.strategies import any_periods, indicators, observations_for


@given(any_periods())
def test_previous_key_is_the_previous_periods_key(period: Period) -> None:
    """Travel looks up the period before, and a year earlier, by key arithmetic."""
    key = key_of(period)
    assert _previous_key(key) == key_of(period.previous())
    assert key - _PER_YEAR == key_of(period.a_year_earlier())


def _fields(value: object) -> tuple[object, ...]:
    """Every slot of a :class:`Value` (a slot never set would raise here)."""
    return tuple(getattr(value, name) for name in (*Value.__slots__, "derived"))


@given(st.data(), indicators())
def test_quick_value_is_normalise(data: st.DataObject, indicator: Indicator) -> None:
    """Where the quick way gives a value, it is the one the full check gives."""
    obs: Observation = data.draw(observations_for(indicator, withheld=None))
    key, end = _facts(obs.period)
    quick = quick_value(obs, key, end, percent=indicator.is_percent)
    full, problems = normalise(obs, indicator, key)
    if quick is not None:
        assert problems == []
        assert full is not None
        assert _fields(quick) == _fields(full)


def test_quick_value_takes_the_common_cases() -> None:
    """A plain percentage and counts without a value take the quick way; a marker does not."""
    for obs in (
        Observation(indicator="asked", period="2023/24 Q2", value=68.75),
        Observation(indicator="asked", period="2023/24 Q2", numerator=11, denominator=16),
    ):
        key, end = _facts(obs.period)
        found = quick_value(obs, key, end, percent=True)
        assert found is not None
        assert found.value == 68.75
    hidden = Observation(indicator="asked", period="2023/24 Q2", suppressed="c")
    assert quick_value(hidden, *_facts(hidden.period), percent=True) is None


@given(
    any_periods(),
    st.floats(0, 100),
    st.none() | st.floats(0, 1000),
    st.none() | st.floats(1, 1000),
)
def test_a_plain_value_is_the_value_the_constructor_makes(
    period: Period, value: float, numerator: float | None, denominator: float | None
) -> None:
    """The direct build sets every slot as ``Value(...)`` does."""
    key, end = _facts(period)
    made = Value(period, value, numerator, denominator, key=key, end=end)
    assert _fields(_plain(period, value, numerator, denominator, key, end)) == _fields(made)
