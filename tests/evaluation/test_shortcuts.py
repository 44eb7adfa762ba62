"""The engine's shortcuts give exactly what the general way gives.

``evaluate`` takes quick paths where no rule can refuse a value or a key can be worked
out by arithmetic: each is held equal to the general way it stands in for.
"""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import given
from hypothesis import strategies as st

from safeguarding_plan import (
    Indicator,
    Observation,
    Plan,
    WithheldRange,
    plausibility_problems,
)
from safeguarding_plan.evaluation._goals import Goal, Sense
from safeguarding_plan.evaluation._plausibility import _own_values, _plausibility
from safeguarding_plan.evaluation._series import (
    _PER_YEAR,
    Value,
    _facts,
    _previous_key,
    index_observations,
    key_of,
    normalise,
    quick_value,
)
from safeguarding_plan.periods import Period
from safeguarding_plan.strategies import (
    _observations,
    any_periods,
    indicators,
    observations_for,
    plans,
)


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


@given(any_periods(), st.floats(0, 100), st.integers(0, 1000), st.integers(1, 1000))
def test_a_quick_value_is_the_value_the_constructor_makes(
    period: Period, value: float, numerator: int, denominator: int
) -> None:
    """The direct build sets every slot as ``Value(...)`` does: a plain number, and
    counts without a value (their share)."""
    key, end = _facts(period)
    plain = Observation(indicator="asked", period=period, value=value)
    made = Value(period, value, key=key, end=end)
    assert _fields(quick_value(plain, key, end, percent=True)) == _fields(made)
    numerator = min(numerator, denominator)
    counts = Observation(
        indicator="asked", period=period, numerator=numerator, denominator=denominator
    )
    share = numerator / denominator * 100.0
    made = Value(period, share, float(numerator), float(denominator), key=key, end=end)
    assert _fields(quick_value(counts, key, end, percent=True)) == _fields(made)


@given(st.data(), plans(), st.dates(dt.date(2015, 1, 1), dt.date(2037, 12, 31)))
def test_the_one_pass_index_gives_what_the_general_ways_give(
    data: st.DataObject, plan: Plan, as_of: dt.date
) -> None:
    """``evaluate`` indexes the observations once for its own values, its comparators', the
    commentaries and the plausibility checks: each as the general way finds it."""
    observations = data.draw(
        _observations(plan, suppressed=None, withheld=None, commentary=None)
    )
    comparators = [c.id for c in plan.comparators]
    if comparators:  # some values of comparators too
        observations += [
            attrs.evolve(o, comparator=data.draw(st.sampled_from(comparators)), commentary=None)
            for o in data.draw(_observations(plan, suppressed=None, withheld=None))
        ]
    index = index_observations(plan, observations, as_of)
    assert index.problems == []
    indicators = {i.id: i for i in plan.indicators}
    assert (index.checked, index.years) == _own_values(observations, indicators)
    commented = {}
    for o in observations:
        if o.commented and o.comparator is None:
            commented.setdefault(o.indicator, []).append(o)
    assert index.commented == commented
    late = [n for n, o in enumerate(observations) if o.comparator and o.period.end > plan.end.end]
    assert index.late == late
    assert _plausibility(plan, observations, (index.checked, index.years)) == (
        plausibility_problems(plan, observations)
    )
    convention = WithheldRange.parse(plan.withheld) if plan.withheld is not None else None
    for o in observations:
        key = key_of(o.period)
        if o.comparator is None:  # the plan's convention for a withheld value applies
            found = index.values[o.indicator].get(key)
            full, problems = normalise(o, indicators[o.indicator], key, convention)
        else:  # a comparator's value takes no convention
            found = index.compared.get(o.indicator, {}).get(o.comparator, {}).get(key)
            full, problems = normalise(o, indicators[o.indicator], key)
        assert problems == []
        assert full is not None
        if o.period.end > as_of:
            assert found is None
        else:
            assert found is not None
            assert _fields(found) == _fields(full)


_FIGURES = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False) | st.sampled_from(
    [0.0, 64.0, 64.00000000001, 63.99999999999, 80.0, 1e-12, -0.0]
)


@st.composite
def _goals(draw: st.DrawFn) -> Goal:
    sense = draw(st.sampled_from(Sense))
    if sense is Sense.BETWEEN:
        low, high = sorted((draw(_FIGURES), draw(_FIGURES)))
        return Goal(sense=sense, low=low, high=high)
    return Goal(sense=sense, value=draw(_FIGURES))


@given(_goals(), _FIGURES)
def test_assess_is_the_four_questions(goal: Goal, actual: float) -> None:
    """The judge asks a goal four questions at once: the answers of each one alone."""
    assert goal.assess(actual) == (
        goal.compared_with(actual),
        goal.shortfall(actual),
        goal.met(actual),
        goal.margin(actual),
    )
    # the same floats to the bit: a sign of zero included
    assert [str(x) for x in goal.assess(actual)] == [
        str(goal.compared_with(actual)),
        str(goal.shortfall(actual)),
        str(goal.met(actual)),
        str(goal.margin(actual)),
    ]
