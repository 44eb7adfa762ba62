"""Units: "Differences between two percentages are percentage points"."""

import contextlib
import time

import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeguarding_plan import (
    Direction,
    Indicator,
    InvalidValueError,
    UnitError,
    difference_unit,
    format_value,
    is_percent,
    quantity,
)
from safeguarding_plan._units import check_unit, registry, to_magnitude, unit_label


def test_count_is_not_a_percent():
    """A count cannot be read as a percentage."""
    with pytest.raises(UnitError) as info:
        to_magnitude(quantity(12, "count"), "percent")

    assert "percent" == info.value.expected
    assert not is_percent("count")


def test_dimensionless_fraction_is_a_percent():
    """0.64 (dimensionless) is 64 percent."""
    assert 64.0 == pytest.approx(to_magnitude(quantity(0.64, "dimensionless"), "percent"))


def test_application_registry_quantities_are_accepted():
    """Quantities made with pint's application registry by the caller are accepted."""
    ureg = pint.get_application_registry()

    assert 64.0 == pytest.approx(to_magnitude(ureg.Quantity(64, "percent"), "percent"))
    assert 64.0 == pytest.approx(to_magnitude(ureg.Quantity(0.64, "dimensionless"), "percent"))


def test_quantities_from_another_registry_are_accepted():
    """Any registry's quantity converts by unit name."""
    other = pint.UnitRegistry()

    assert 50.0 == pytest.approx(to_magnitude(other.Quantity(0.5, ""), "percent"))


def test_percentage_point_is_distinct_from_percent():
    """A difference of percentages is in percentage points, which pint will not mix with percent."""
    assert "percentage_point" == difference_unit("percent")
    assert "count" == difference_unit("count")
    with pytest.raises(UnitError):
        to_magnitude(quantity(5, "percentage_point"), "percent")
    assert 5.0 == to_magnitude(quantity(5, "pp"), "percentage_point")


def test_rates_per_population():
    """A rate per 10,000 children is a thousand per 10,000,000 children, not a percentage."""
    per_10k = quantity(1, "per_10k_children")

    assert 10.0 == pytest.approx(to_magnitude(per_10k, "per_100k_population"))
    assert not is_percent("per_10k_children")


def test_unknown_unit_is_a_unit_error():
    """An unknown unit name raises UnitError carrying the name."""
    with pytest.raises(UnitError) as info:
        check_unit("percnt")

    assert "percnt" == info.value.value


@pytest.mark.parametrize("bad", ["", "  ", None, 5])
def test_empty_unit_is_a_unit_error(bad):
    """A unit must be a non-empty name."""
    with pytest.raises(UnitError):
        check_unit(bad)


def test_indicator_with_unknown_unit_is_refused():
    """An indicator's unit is checked when it is built."""
    with pytest.raises(InvalidValueError) as info:
        Indicator(id="x", name="x", unit="furlongs_per_cat", direction=Direction.HIGHER_IS_BETTER)

    assert "unit" == info.value.field


def test_any_pint_unit_is_allowed():
    """Indicators may use any unit pint knows."""
    assert "day" == check_unit("day")
    assert " d" == unit_label("day")


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "64", True])
def test_values_must_be_finite_numbers(bad):
    """A value is a finite number or a quantity."""
    with pytest.raises(UnitError):
        to_magnitude(bad, "percent")


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (64, "percent", "64%"),
        (74.0, "%", "74%"),
        (12.5, "count", "12.5"),
        (294800, "count", "294,800"),
        (451.1, "per_100k_population", "451.1 per 100,000 population"),
        (35.25, "per_10k_children", "35.25 per 10,000 children"),
        (-5, "percentage_point", "-5 percentage points"),
        (0.333333, "percent", "0.33%"),
    ],
)
def test_format_value(value, unit, expected):
    """Numbers print for people: whole numbers without decimals, others with at most two."""
    assert expected == format_value(value, unit)


def test_one_registry():
    """The library's registry is built once and shared."""
    assert registry() is registry()
    assert quantity(1, "count").units == registry().count


# -- rates per N of a population and other pint units (issue 12 part 7) -------------------


@pytest.mark.parametrize(
    ("unit", "label"),
    [
        ("per 1000 children", " per 1,000 children"),
        ("per 100000 adults aged 65+", " per 100,000 adults aged 65+"),
        ("per 100,000 adults aged 65+", " per 100,000 adults aged 65+"),
        ("per 10000 children aged 0-17", " per 10,000 children aged 0-17"),
    ],
)
def test_a_rate_per_n_of_a_population_is_a_unit(unit, label):
    """'A plan may declare a rate per N of a population (per 1,000 children, ...)'."""
    assert unit == check_unit(unit)
    assert label == unit_label(unit)
    assert not is_percent(unit)
    assert unit == difference_unit(unit)


def test_a_rate_prints_with_its_population():
    """12.5 per 1,000 children aged 0-17 prints as such."""
    assert "12.5 per 1,000 children aged 0-17" == format_value(12.5, "per 1000 children aged 0-17")


def test_rates_per_n_convert_between_each_other():
    """5 per 1,000 people is 500 per 100,000."""
    five = quantity(5, "per 1000 children")

    assert 500 == pytest.approx(to_magnitude(five, "per_100k_population"))
    assert 5 == pytest.approx(to_magnitude(quantity(500, "per 100,000 people"), "per 1000 people"))


@pytest.mark.parametrize("unit", ["count / hour", "count per hour", "hour", "kelvin", "count"])
def test_other_pint_expressions_are_units(unit):
    """'Any pint unit expression that pint accepts and that makes sense as a measure'."""
    assert unit == check_unit(unit)


@pytest.mark.parametrize(
    ("unit", "words"),
    [
        ("degC", "offset unit"),
        ("count / 1000 / person", "cannot contain a number"),
        ("per 1000", "per 1000 children"),
        ("per 0 children", "above 0"),
        ("per 1,00 children", "per 1000 children"),
        ("glorbs", "unknown unit"),
        ("1/0", "unknown unit"),
    ],
)
def test_anything_else_is_a_unit_error_saying_why(unit, words):
    """Everything else is a UnitError with a message, never a pint or Python exception."""
    with pytest.raises(UnitError) as info:
        check_unit(unit)

    assert words in info.value.message
    assert unit == info.value.value


def test_a_bad_unit_in_a_plan_file_is_located():
    """A plan file's bad unit is a problem at indicators[i].unit."""
    from safeguarding_plan import PlanFileError, plan_from_dict

    data = {
        "id": "p", "title": "P", "start": "2024/25", "end": "2024/25",
        "indicators": [{"id": "i", "name": "i", "unit": "degC", "direction": "lower_is_better"}],
    }  # fmt: skip
    with pytest.raises(PlanFileError) as info:
        plan_from_dict(data)

    assert ["indicators[0].unit"] == [p.location for p in info.value.problems]


@given(st.text(max_size=40))
def test_any_text_is_a_unit_or_a_unit_error(text):
    """No text makes check_unit raise anything but UnitError."""
    with contextlib.suppress(UnitError):
        check_unit(text)


@given(st.integers(1, 10**9), st.sampled_from(["children", "adults aged 65+", "people"]))
def test_a_rate_round_trips_through_its_label(per, who):
    """'per N who' is a unit whose label says N (with commas) and who."""
    unit = f"per {per} {who}"

    assert f" per {per:,} {who}" == unit_label(unit)
    assert 10 == pytest.approx(to_magnitude(quantity(1, unit), f"per {per * 10} {who}"))


@pytest.mark.parametrize(
    "unit", ["a" + "   a" * 24 + "!", "a" + "   *a" * 19 + "!", "(" * 50 + "a" + ")" * 49 + "!"]
)
def test_a_hostile_unit_is_refused_quickly(unit):
    """The unit check reads each character once: no text makes it backtrack for ages."""
    started = time.perf_counter()
    with pytest.raises(UnitError):
        check_unit(unit)

    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    "unit", ["count**2**3", "exp(1)", "2count", "count (hour)", "count**-10", "count +1"]
)
def test_only_names_operators_and_small_powers_reach_pint(unit):
    """Functions, chained or large powers and other operators are refused before pint."""
    with pytest.raises(UnitError):
        check_unit(unit)
