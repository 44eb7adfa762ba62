"""How numbers print: one rounding rule for every figure the library shows."""

import decimal
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from safeguarding_plan._format import DECIMALS, format_amount, format_number, format_value
from safeguarding_plan.errors import InvalidValueError, SafeguardingPlanError

finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15)
decimals = st.integers(min_value=0, max_value=4)


def _as_decimal(text: str) -> decimal.Decimal:
    return decimal.Decimal(text.replace(",", ""))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (44.9999, "45"),  # the issue: printed "45."
        (219.99999999, "220"),  # the issue: printed "220."
        (-0.0, "0"),  # the issue: printed "-0"
        (-0.001, "0"),
        (74.0, "74"),
        (68.75, "68.75"),
        (75.01366120218579, "75.01"),  # the rules' 70 + 10 x 183/365
        (2.675, "2.68"),  # half away from zero on the number as written
        (-2.675, "-2.68"),
        (0.125, "0.13"),
        (294800, "294,800"),
        (1234.5, "1,234.5"),
    ],
)
def test_examples(value, expected):
    """Whole numbers print bare, others with at most two decimals, half away from zero."""
    assert expected == format_number(value)


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (1, "percentage_point", "1 percentage point"),
        (-1, "percentage_point", "-1 percentage point"),
        (0.999, "percentage_point", "1 percentage point"),
        (0, "percentage_point", "0 percentage points"),
        (2, "percentage_point", "2 percentage points"),
        (1.5, "percentage_point", "1.5 percentage points"),
        (18.46, "percentage_point", "18.46 percentage points"),
        (1, "count", "1"),
        (6.5, "count", "6.5"),
        (64, "percent", "64%"),
        (-0.0, "percent", "0%"),
        (451.1, "per_100k_population", "451.1 per 100,000 population"),
    ],
)
def test_units_follow_the_number(value, unit, expected):
    """A percentage point after exactly 1 is singular; a count has no noun of its own."""
    assert expected == format_value(value, unit)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(2.5, "+2.5 percentage points"), (-1, "-1 percentage point"),
     (0.001, "0 percentage points"), (-0.0, "0 percentage points")],
)  # fmt: skip
def test_signed(value, expected):
    """Signed figures show + above zero, - below, and nothing on a figure that prints 0."""
    assert expected == format_value(value, "percentage_point", signed=True)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(3.2, "3.2 percentage points"), (0.001, "less than 0.01 percentage points"),
     (0, "0 percentage points"), (1, "1 percentage point")],
)  # fmt: skip
def test_amounts_above_zero_never_print_zero(value, expected):
    """A miss too small to show reads "less than 0.01", never "by 0 percentage points"."""
    assert expected == format_amount(value, "percentage_point")


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "64", None, True])
def test_only_finite_numbers_print(bad):
    """Something that is not a finite number is an error naming the field and value."""
    with pytest.raises(InvalidValueError) as info:
        format_number(bad)

    assert isinstance(info.value, SafeguardingPlanError)
    assert "value" == info.value.field


@given(finite, decimals)
@example(44.9999, 2)
@example(-0.0, 2)
@example(-0.004, 2)
def test_no_trailing_point_or_zeros_and_no_negative_zero(value, places):
    """Rule: trailing zeros and the point are dropped; a number that rounds to 0 prints 0."""
    text = format_number(value, decimals=places)

    assert re.fullmatch(r"-?\d{1,3}(,\d{3})*(\.\d*[1-9])?", text)
    assert "-0" != text


@given(finite, decimals)
def test_at_most_n_decimals_within_half_a_step(value, places):
    """Rule: at most N decimals, and the printed number is the value rounded to N places."""
    text = format_number(value, decimals=places)
    shown = _as_decimal(text)
    exact = decimal.Decimal(repr(value))

    assert len(text.partition(".")[2]) <= places
    assert abs(shown - exact) <= decimal.Decimal(5).scaleb(-places - 1)


@given(st.integers(min_value=-(10**9), max_value=10**9), decimals)
def test_ties_round_away_from_zero(whole, places):
    """Rule: a number exactly half-way between two steps rounds away from zero."""
    step = decimal.Decimal(1).scaleb(-places)
    tie = decimal.Decimal(whole) * step + step / 2
    value = float(tie)
    if decimal.Decimal(repr(value)) != tie:  # not written exactly as a float: no tie
        return
    expected = tie + step / 2 if tie > 0 else tie - step / 2

    assert expected == _as_decimal(format_number(value, decimals=places))


@given(finite)
def test_percentage_points_agree_with_the_number(value):
    """Rule: "1 percentage point" after a figure that prints 1, "percentage points" otherwise."""
    text = format_value(value, "percentage_point")
    number = format_number(value)

    expected = " percentage point" if number.lstrip("-") == "1" else " percentage points"
    assert f"{number}{expected}" == text


@given(finite)
def test_the_default_is_two_decimals(value):
    """Without ``decimals``, figures are printed to two decimal places at most."""
    assert format_number(value, decimals=DECIMALS) == format_number(value)


def test_decimals_must_be_a_whole_number_of_zero_or_more():
    """Asking for a negative number of decimals is an error naming ``decimals``."""
    with pytest.raises(InvalidValueError) as info:
        format_number(1, decimals=-1)

    assert "decimals" == info.value.field
