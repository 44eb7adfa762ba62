"""Periods: "A financial year runs 1 April to 31 March and is written 2023/24"."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeguarding_plan import (
    FinancialYear,
    PeriodError,
    Quarter,
    SafeguardingPlanError,
    parse_period,
)
from safeguarding_plan.periods import as_period

FY23 = FinancialYear(2023)


@pytest.mark.parametrize(
    "text",
    ["2023/24", "2023-24", "2023/2024", "FY2023/24", "fy2023/24", "FY 2023-2024", " 2023 / 24 "],
)
def test_every_year_form_on_the_rules_page_parses(text):
    """2023/24, 2023-24, 2023/2024 and FY2023/24 all mean the year from 1 April 2023."""
    assert FY23 == parse_period(text)


@pytest.mark.parametrize("text", ["2023/24 Q2", "Q2 2023/24", "q2 2023-24", "2023/2024  Q2"])
def test_every_quarter_form_on_the_rules_page_parses(text):
    """2023/24 Q2 and Q2 2023/24 are the same quarter."""
    assert Quarter(FY23, 2) == parse_period(text)


@pytest.mark.parametrize(
    "text",
    ["", "2023", "2023/25", "2023/22", "23/24", "2023/24 Q5", "Q0 2023/24", "April 2024",
     "2023/24 Q2 Q3", "FY", "3000/01"],
)
def test_anything_else_is_a_period_error_naming_the_text(text):
    """Unparseable text raises PeriodError (a ValueError) that carries the text given."""
    with pytest.raises(PeriodError) as info:
        parse_period(text)

    assert text == info.value.value
    assert repr(text) in str(info.value)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, SafeguardingPlanError)


def test_non_text_is_a_period_error():
    """A number is not a period label."""
    with pytest.raises(PeriodError):
        parse_period(2023)  # type: ignore[arg-type]


def test_century_boundary():
    """1999/00 is the year from April 1999."""
    assert FinancialYear(1999) == parse_period("1999/00")


def test_year_runs_april_to_march():
    """A financial year starts 1 April and ends 31 March."""
    assert (dt.date(2023, 4, 1), dt.date(2024, 3, 31)) == (FY23.start, FY23.end)
    assert 366 == FY23.days


@pytest.mark.parametrize(
    ("number", "start", "end"),
    [
        (1, dt.date(2023, 4, 1), dt.date(2023, 6, 30)),
        (2, dt.date(2023, 7, 1), dt.date(2023, 9, 30)),
        (3, dt.date(2023, 10, 1), dt.date(2023, 12, 31)),
        (4, dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
    ],
)
def test_quarters_are_april_june_to_january_march(number, start, end):
    """Q1 April-June, Q2 July-September, Q3 October-December, Q4 January-March."""
    quarter = Quarter(FY23, number)

    assert (start, end) == (quarter.start, quarter.end)
    assert quarter == FY23.quarters()[number - 1]


def test_labels():
    """Years print as 2023/24 and quarters as 2023/24 Q2."""
    assert ("2023/24", "2023/24 Q2") == (str(FY23), str(Quarter(FY23, 2)))
    assert "FinancialYear('2023/24')" == repr(FY23)


def test_periods_order_by_end_date():
    """Comparisons use the end date; a year sorts before its own Q4, which starts later."""
    q1, q2, q3, q4 = FY23.quarters()
    shuffled = [FY23.next(), q4, FY23, q2, q1, q3, FY23.previous()]

    assert [FY23.previous(), q1, q2, q3, FY23, q4, FY23.next()] == sorted(shuffled)


def test_containing():
    """The year and quarter containing a day: 31 March is in Q4 of the year before."""
    day = dt.date(2024, 3, 31)

    assert FY23 == FinancialYear.containing(day)
    assert Quarter(FY23, 4) == Quarter.containing(day)
    assert Quarter(FinancialYear(2024), 1) == Quarter.containing(dt.date(2024, 4, 1))


def test_due_by_april():
    """'By April 2024' in the plan means due at the end of 2023/24 (31 March 2024)."""
    assert FY23 == FinancialYear.due_by_april(2024)
    assert dt.date(2024, 3, 31) == FinancialYear.due_by_april(2024).end


def test_previous_and_next_cross_year_ends():
    """Q1 follows the previous year's Q4."""
    assert Quarter(FY23.previous(), 4) == Quarter(FY23, 1).previous()
    assert Quarter(FY23.next(), 1) == Quarter(FY23, 4).next()


def test_year_and_quarter_parse_refuse_the_other_kind():
    """FinancialYear.parse refuses a quarter and Quarter.parse refuses a year."""
    with pytest.raises(PeriodError):
        FinancialYear.parse("2023/24 Q1")
    with pytest.raises(PeriodError):
        Quarter.parse("2023/24")


@pytest.mark.parametrize("bad", [True, 2023.0, 1800, "2023"])
def test_invalid_start_year_is_refused(bad):
    """A financial year is built from a whole calendar year in range."""
    with pytest.raises(PeriodError):
        FinancialYear(bad)


def test_as_period_accepts_periods_and_labels():
    """Wherever a period is expected, '2023/24' and FinancialYear(2023) are interchangeable."""
    assert FY23 is as_period(FY23)
    assert FY23 == as_period("2023/24")


@given(st.integers(1900, 2998), st.sampled_from([None, 1, 2, 3, 4]))
def test_label_round_trips(start_year, number):
    """parse_period(str(p)) == p for every year and quarter."""
    year = FinancialYear(start_year)
    period = year if number is None else Quarter(year, number)

    assert period == parse_period(str(period))


@given(st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2998, 12, 31)))
def test_containing_contains(day):
    """The quarter containing a day starts on or before it and ends on or after it."""
    quarter = Quarter.containing(day)

    assert quarter.start <= day <= quarter.end
    assert quarter.year == FinancialYear.containing(day)
