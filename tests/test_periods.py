"""Periods: "A financial year runs 1 April to 31 March and is written 2023/24"."""

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeguarding_plan import (
    CalendarYear,
    FinancialYear,
    Granularity,
    Month,
    PeriodError,
    Quarter,
    SafeguardingPlanError,
    parse_period,
)
from safeguarding_plan.periods import as_period
from safeguarding_plan.strategies import any_periods, calendar_years, months

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
    ["", "2023/25", "2023/22", "23/24", "2023/24 Q5", "Q0 2023/24", "2023/24 Q2 Q3", "FY",
     "3000/01", "Foo 2024", "May 24", "2024-5", "2024-00", "1900", "3000", "Q2 2024",
     "2024/05", "May 2024 Q1"],
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


# --------------------------------------------------------------------------- months and
# calendar years: "Other partnerships report by month (2024-05, May 2024) and by calendar
# year (2024); these are periods too."

MAY_2024 = Month(2024, 5)


@pytest.mark.parametrize(
    "text", ["2024-05", "May 2024", "may 2024", "MAY-2024", " May   2024 ", "2024 - 05"]
)
def test_every_month_form_on_the_rules_page_parses(text):
    """2024-05 and May 2024 are the same month."""
    assert MAY_2024 == parse_period(text)


@pytest.mark.parametrize(
    ("text", "number"), [("Sept 2024", 9), ("Sep 2024", 9), ("September 2024", 9), ("Jan. 2024", 1)]
)
def test_month_names_full_or_short(text, number):
    """Full names, three-letter names and 'Sept' are months."""
    assert Month(2024, number) == parse_period(text)


def test_calendar_year_parses():
    """2024 alone is the calendar year 2024."""
    assert CalendarYear(2024) == parse_period("2024")


@pytest.mark.parametrize(
    ("text", "year", "month"),
    [("2000-01", "2000/01", "Jan 2000"), ("2011-12", "2011/12", "Dec 2011"),
     ("2005-06", "2005/06", "Jun 2005")],
)
def test_month_or_financial_year_is_refused_never_guessed(text, year, month):
    """'2000-01 to 2011-12 could be a month or a financial year ... refused with a message
    asking for 2011/12 or Dec 2011, never guessed.'"""
    with pytest.raises(PeriodError) as info:
        parse_period(text)

    assert "ambiguous" in info.value.message
    assert f"'{year}'" in info.value.message
    assert f"'{month}'" in info.value.message
    assert text == info.value.value


@given(st.integers(1901, 2998), st.integers(1, 12))
def test_a_hyphen_is_ambiguous_exactly_when_both_readings_exist(year, number):
    """YYYY-MM is refused when MM is also YYYY+1's last two digits; otherwise it is a month."""
    text = f"{year}-{number:02d}"
    if number == (year + 1) % 100:
        with pytest.raises(PeriodError):
            parse_period(text)
    else:
        assert Month(year, number) == parse_period(text)


@pytest.mark.parametrize("text", ["2012-13", "2023-24", "FY2011-12", "1999-00"])
def test_a_hyphenated_year_that_cannot_be_a_month_is_a_financial_year(text):
    """A second part above 12 (or FY, or 00) cannot be a month: a financial year."""
    assert isinstance(parse_period(text), FinancialYear)


def test_month_dates_and_labels():
    """May 2024 runs 1-31 May, prints as 'May 2024' and has the ISO form 2024-05."""
    assert (dt.date(2024, 5, 1), dt.date(2024, 5, 31)) == (MAY_2024.start, MAY_2024.end)
    assert ("May 2024", "2024-05", "Month('May 2024')") == (
        str(MAY_2024), MAY_2024.iso, repr(MAY_2024)
    )
    assert 29 == Month(2024, 2).days


def test_calendar_year_dates_and_labels():
    """A calendar year runs 1 January to 31 December and prints as 2024."""
    year = CalendarYear(2024)
    assert (dt.date(2024, 1, 1), dt.date(2024, 12, 31), 366) == (year.start, year.end, year.days)
    assert ("2024", "CalendarYear('2024')") == (str(year), repr(year))


def test_a_months_quarter_and_financial_year():
    """May 2024 is in 2024/25 Q1; March 2024 is in 2023/24 Q4."""
    assert (Quarter(FinancialYear(2024), 1), FinancialYear(2024)) == (
        MAY_2024.quarter, MAY_2024.year
    )
    assert Quarter(FY23, 4) == Month(2024, 3).quarter
    assert CalendarYear(2024) == MAY_2024.calendar


def test_a_quarters_months():
    """Q2 is July, August and September."""
    assert (Month(2023, 7), Month(2023, 8), Month(2023, 9)) == Quarter(FY23, 2).months()


def test_a_years_months():
    """A financial year's months run April to March; a calendar year's, January to December."""
    assert (Month(2023, 4), Month(2024, 3)) == (FY23.months()[0], FY23.months()[-1])
    assert (Month(2024, 1), Month(2024, 12)) == (
        CalendarYear(2024).months()[0], CalendarYear(2024).months()[-1]
    )


def test_granularity():
    """Granularity is part of a period: month, quarter, year (financial or calendar)."""
    assert [Granularity.MONTH, Granularity.QUARTER, Granularity.YEAR, Granularity.YEAR] == [
        p.granularity for p in (MAY_2024, Quarter(FY23, 1), FY23, CalendarYear(2024))
    ]


def test_previous_is_of_the_same_granularity():
    """Month to month, quarter to quarter, year to year; January follows December."""
    assert Month(2023, 12) == Month(2024, 1).previous()
    assert Month(2024, 1) == Month(2023, 12).next()
    assert CalendarYear(2023) == CalendarYear(2024).previous()


def test_a_year_earlier():
    """Year on year: the same period a year earlier."""
    assert Month(2023, 5) == MAY_2024.a_year_earlier()
    assert Quarter(FY23.previous(), 2) == Quarter(FY23, 2).a_year_earlier()
    assert FY23.previous() == FY23.a_year_earlier()
    assert CalendarYear(2023) == CalendarYear(2024).a_year_earlier()


def test_mixed_periods_order_by_end_then_start():
    """Periods ending the same day: the one starting earlier sorts first (year, Q4, March)."""
    march = Month(2024, 3)
    shuffled = [march, CalendarYear(2024), Quarter(FY23, 4), FY23, Month(2024, 2)]

    assert [Month(2024, 2), FY23, Quarter(FY23, 4), march, CalendarYear(2024)] == sorted(
        shuffled
    )


@pytest.mark.parametrize("bad", [(2024, 0), (2024, 13), (1900, 5), (3000, 1), (True, 1)])
def test_invalid_months_are_refused(bad):
    """A month is a whole year in 1901-2999 and a number 1-12."""
    with pytest.raises(PeriodError):
        Month(*bad)


def test_each_kind_of_parse_refuses_the_others():
    """Month.parse refuses a year, CalendarYear.parse refuses a month."""
    with pytest.raises(PeriodError):
        Month.parse("2024")
    with pytest.raises(PeriodError):
        CalendarYear.parse("May 2024")
    assert (MAY_2024, CalendarYear(2024)) == (Month.parse("2024-05"), CalendarYear.parse("2024"))


@given(any_periods(min_year=1901, max_year=2998))
def test_every_label_round_trips(period):
    """parse_period(str(p)) == p for every period of every kind."""
    assert period == parse_period(str(period))


@given(months(min_year=1901, max_year=2998))
def test_iso_month_round_trips_unless_ambiguous(month):
    """2024-05 reads back as the month, except where it could be a financial year."""
    if month.number == (month.calendar_year + 1) % 100:
        with pytest.raises(PeriodError):
            parse_period(month.iso)
    else:
        assert month == parse_period(month.iso)


@given(months())
def test_a_month_lies_within_its_quarter_and_years(month):
    """A month's quarter, financial year and calendar year contain it."""
    for whole in (month.quarter, month.year, month.calendar):
        assert whole.start <= month.start <= month.end <= whole.end
        assert month in whole.months()


@given(st.one_of(any_periods()))
def test_months_tile_their_period(period):
    """A quarter's (or year's) months run edge to edge from its start to its end."""
    parts = period.months() if not isinstance(period, Month) else (period,)

    assert period.start == parts[0].start
    assert period.end == parts[-1].end
    for before, after in itertools.pairwise(parts):
        assert before.end + dt.timedelta(days=1) == after.start


@given(any_periods(), any_periods())
def test_ordering_is_by_end_then_start(first, second):
    """Comparisons use the end date; ties by the start date."""
    assert (first < second) == ((first.end, first.start) < (second.end, second.start))


@given(st.one_of(months(min_year=1902), calendar_years(min_year=1902)))
def test_previous_then_next_is_identity(period):
    """previous() is of the same granularity and next() undoes it."""
    assert period == period.previous().next()
    assert period.granularity == period.previous().granularity
    assert period.previous().end + dt.timedelta(days=1) == period.start


@given(calendar_years())
def test_calendar_year_dates_within_range(year):
    """Every calendar year has twelve months."""
    assert 12 == len(year.months())
