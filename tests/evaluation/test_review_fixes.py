"""Laws a review found unguarded: the policy is checked, words agree at the tolerance edge."""

from __future__ import annotations

from datetime import date

import pytest

from safeguarding_plan import InvalidValueError, Observation, evaluate
from safeguarding_plan.evaluation import Z_95, Interval
from safeguarding_plan.plans import stockport_2023_26

S42 = "s42-non-conversion-2023-24"


def _judge(value, **kwargs):
    data = [Observation(indicator="s42-non-conversion", period="2023/24", value=value)]
    return evaluate(stockport_2023_26(), data, as_of=date(2024, 6, 30), **kwargs).target(S42)


def test_a_policy_that_is_not_one_is_refused():
    """policy="5%" (the command line's spelling) is an InvalidValueError naming it."""
    with pytest.raises(InvalidValueError) as caught:
        _judge(67, policy="5%")

    assert ("policy", "5%") == (caught.value.field, caught.value.value)


def test_an_allowance_that_is_not_an_amount_is_refused():
    """A policy whose allowance() gives None is refused, never a TypeError."""

    class Broken:
        def allowance(self, indicator, compared_with):  # noqa: ARG002 - the protocol's shape
            return None

    with pytest.raises(InvalidValueError, match="allowance"):
        _judge(67, policy=Broken())


def test_just_beyond_the_tolerance_the_words_tell_the_two_apart():
    """67.204% against "at most 64%" misses by 3.204, beyond 3.2 (5% of 64): RED."""
    result = _judge(67.204)

    assert "RED" == result.rag.name
    assert "by 3.204 percentage points (beyond the tolerance of 3.2 percentage points)" in (
        result.explanation
    )


def test_exactly_at_the_tolerance_is_within_it():
    """67.2% misses "at most 64%" by exactly the tolerance of 3.2: AMBER, inclusive."""
    result = _judge(67.2)

    assert "AMBER" == result.rag.name
    assert "by 3.2 percentage points (within the tolerance of 3.2 percentage points)" in (
        result.explanation
    )


def test_the_wilson_quantile_is_the_contracts():
    """z = 1.959963984540054, as the rules page says."""
    assert 1.959963984540054 == Z_95
    assert 0.444043558 == pytest.approx(Interval.wilson(11, 16).low, abs=1e-9)


_FLOW_PLAN = """
id: sar-demo
title: SAR demo
start: 2023/24
end: 2023/24
indicators:
  - {id: sar, name: SAR referrals, unit: count, measure: flow,
     direction: higher_is_better, baseline: {period: 2022/23, value: 20}}
priorities:
  - id: adults
    title: Adults
    partnership: adults
    outcomes:
      - id: reviews
        text: More SAR referrals.
        targets:
          - {id: sar-2023-24, indicator: sar, period: 2023/24, rule: {kind: at_least, value: 25}}
"""


def _flow(quarters):
    from safeguarding_plan import loads_plan

    plan = loads_plan(_FLOW_PLAN, format="yaml")
    data = [
        Observation(indicator="sar", period=f"2023/24 Q{n}", value=v)
        for n, v in quarters.items()
    ]
    return evaluate(plan, data, as_of=date(2024, 1, 31)).target("sar-2023-24")


def test_a_flows_year_to_date_stops_at_a_missing_quarter():
    """Q1 = 6, Q2 not recorded, Q3 = 3: 6 to the end of Q1, never 9 to the end of Q3."""
    result = _flow({1: 6, 3: 3})

    assert (6.0, "2023/24 Q1") == (result.actual, str(result.period))


def test_without_the_first_quarter_there_is_no_year_to_date():
    """Q1 not recorded, Q2 = 9: no total can be made, and the sentence says why."""
    result = _flow({2: 9})

    assert "NO_DATA" == result.status.name
    assert "from 1 April 2023, though later figures have been" in result.explanation


def test_a_withheld_later_figure_is_said_not_hidden():
    """Q1 = 79%, Q2 withheld: judged on Q1, and the sentence says Q2 was withheld."""
    data = [
        Observation(indicator="msp-asked", period="2023/24 Q1", value=79),
        Observation(indicator="msp-asked", period="2023/24 Q2", suppressed="c"),
    ]
    result = evaluate(stockport_2023_26(), data, as_of=date(2023, 10, 31)).target(
        "msp-asked-2023-24"
    )

    assert ("2023/24 Q1", "2023/24 Q2") == (str(result.period), str(result.reason.passed_over))
    assert "for 2023/24 Q1 (the figure for 2023/24 Q2 was withheld), is 79%" in (
        result.explanation
    )
