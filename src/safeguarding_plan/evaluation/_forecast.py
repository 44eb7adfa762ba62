"""Will a target be met by its deadline? The forecast, beside (never inside) the status.

A level is projected by ordinary least squares of its recent values on calendar days,
with an 80% prediction interval (Student's t, n - 2 degrees of freedom); a flow by the
run rate of its year-to-date total. Floats only; no English here (``_explain`` words it).
A forecast never changes a status or a RAG.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import math

import attrs

from safeguarding_plan.errors import InvalidValueError
from safeguarding_plan.evaluation._goals import Goal, MissingReference
from safeguarding_plan.evaluation._numbers import Interval, tidy
from safeguarding_plan.evaluation._policies import Tolerance
from safeguarding_plan.evaluation._series import Series, Value
from safeguarding_plan.model import Measure, Target
from safeguarding_plan.periods import CalendarYear, FinancialYear, Month, Period, Quarter

__all__ = [
    "FORECAST_LEVEL",
    "MIN_VALUES",
    "WINDOW_YEARS",
    "Forecast",
    "ForecastBasis",
    "Forecaster",
    "Outlook",
    "t_quantile",
]

FORECAST_LEVEL = 0.80
"""The coverage of a level's prediction interval (80%: the 10th to the 90th percentile)."""

MIN_VALUES = 3
"""A level's trend needs at least this many values of one granularity."""

WINDOW_YEARS = 3
"""A level's trend uses the values of the years before the date judged, this many."""

# The order in which granularities are tried: quarters, then months, then years.
_GRANULARITIES: tuple[type, ...] = (Quarter, Month, FinancialYear, CalendarYear)
_NAMES = {Quarter: "quarter", Month: "month", FinancialYear: "year", CalendarYear: "year"}


class Outlook(enum.Enum):
    """Whether a target whose period has not ended is likely to be met by its deadline.

    LIKELY_MET when the whole 80% prediction interval of the projection meets the target
    (a flow: the projection at its run rate meets it beyond the tolerance);
    LIKELY_MISSED when the whole interval misses it; UNCERTAIN otherwise;
    INSUFFICIENT_DATA when no projection can be made.

    Example:
        >>> Outlook.LIKELY_MISSED.label, Outlook.LIKELY_MISSED.symbol
        ('likely to be missed', '\u2198')
    """

    LIKELY_MET = "likely_met"
    LIKELY_MISSED = "likely_missed"
    UNCERTAIN = "uncertain"
    INSUFFICIENT_DATA = "insufficient_data"

    @property
    def label(self) -> str:
        """In plain words, such as ``"likely to be met"``."""
        return _OUTLOOK_LABELS[self.value]

    @property
    def symbol(self) -> str:
        """A mark that does not rely on colour: an arrow up, across or down, or an en dash."""
        return _OUTLOOK_SYMBOLS[self.value]


_OUTLOOK_LABELS = {
    "likely_met": "likely to be met",
    "likely_missed": "likely to be missed",
    "uncertain": "uncertain",
    "insufficient_data": "insufficient data",
}
_OUTLOOK_SYMBOLS = {
    "likely_met": "\N{NORTH EAST ARROW}",
    "likely_missed": "\N{SOUTH EAST ARROW}",
    "uncertain": "\N{RIGHTWARDS ARROW}",
    "insufficient_data": "\N{EN DASH}",
}


class ForecastBasis(enum.Enum):
    """What a forecast rests on, or why none could be made.

    TREND: least squares on a level's recent values. RUN_RATE: a flow's year-to-date
    total at its run rate. TOO_FEW_VALUES: fewer than 3 values of one granularity in the
    3 years before the date judged. NO_REFERENCE:
    the target's value is not known (its reference is missing). NO_YEAR_TO_DATE: a flow
    has nothing recorded yet for the target's period. WITHHELD: part of a flow's
    year-to-date total was withheld.

    Example:
        >>> ForecastBasis.TREND.value
        'trend'
    """

    TREND = "trend"
    RUN_RATE = "run_rate"
    TOO_FEW_VALUES = "too_few_values"
    NO_REFERENCE = "no_reference"
    NO_YEAR_TO_DATE = "no_year_to_date"
    WITHHELD = "withheld"


@attrs.frozen(kw_only=True)
class Forecast:
    """The forecast of one target whose period has not ended, as data.

    Attributes:
        outlook: The :class:`Outlook`.
        basis: The :class:`ForecastBasis`: how it was made, or why it could not be.
        value: The projected value at ``on`` (None without a projection). A percentage
            is kept within 0-100 and any value at 0 or more.
        interval: The 80% prediction interval of a trend (None for a run rate).
        on: The date projected to: the end of the target's period.
        periods: The periods the projection rests on, in date order (a trend: its
            values; a run rate: the parts of its year-to-date total).
        granularity: ``"quarter"``, ``"month"`` or ``"year"`` for a trend.
        slope: A trend's change per 365 days, in the indicator's unit.
        total: A run rate's year-to-date total.
        elapsed: A run rate's days from the start of the target's period to the end
            of its last part.
        days: The days in the target's period.
        tolerance: A run rate's tolerance (UNCERTAIN within it), in the indicator's unit.
        found: For TOO_FEW_VALUES, the most values of any one granularity found.
        goal: The target's rule in normal form (None when it cannot be resolved).

    Example:
        S42 non-conversion at 80, 76, 72 and 68% in the quarters of 2023/24, judged on
        31 December 2024 against "at most 44% in 2024/25":

        >>> from datetime import date
        >>> from safeguarding_plan import Observation, evaluate
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> data = [Observation(indicator="s42-non-conversion", period=f"2023/24 Q{n}", value=v)
        ...         for n, v in zip((1, 2, 3, 4), (80, 76, 72, 68))]
        >>> report = evaluate(stockport_2023_26(), data, as_of=date(2024, 12, 31))
        >>> forecast = report.target("s42-non-conversion-2024-25").forecast
        >>> forecast.outlook.name, round(forecast.value, 1), forecast.on
        ('LIKELY_MISSED', 52.1, datetime.date(2025, 3, 31))
        >>> round(forecast.interval.low, 1), round(forecast.interval.high, 1)
        (52.0, 52.2)
    """

    outlook: Outlook
    basis: ForecastBasis
    value: float | None = None
    interval: Interval | None = None
    on: dt.date | None = None
    periods: tuple[Period, ...] = ()
    granularity: str | None = None
    slope: float | None = None
    total: float | None = None
    elapsed: int | None = None
    days: int | None = None
    tolerance: float | None = None
    found: int | None = None
    goal: Goal | None = None


# --------------------------------------------------------------------------- Student's t


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 300):
        m2 = 2 * m
        for numerator in (
            m * (b - m) * x / ((a + m2 - 1.0) * (a + m2)),
            -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= d * c
        if abs(d * c - 1.0) < 1e-15:
            break
    return result


def _incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b), 0 <= x <= 1."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_fraction(a, b, x) / a
    return 1.0 - front * _beta_fraction(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """The cumulative distribution function of Student's t with ``df`` degrees of freedom."""
    tail = 0.5 * _incomplete_beta(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


@functools.lru_cache(maxsize=256)
def t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t with ``df`` degrees of freedom.

    Computed here (no statistics library): exactly for 1 and 2 degrees of freedom, and
    otherwise by bisection on the distribution function, which is the regularised
    incomplete beta function evaluated by its continued fraction. Accurate to about
    1e-12.

    Raises:
        InvalidValueError: unless 0 < p < 1 and df > 0.

    Example:
        The 90th percentile, which bounds an 80% two-sided interval:

        >>> [round(t_quantile(0.9, df), 6) for df in (1, 2, 30)]
        [3.077684, 1.885618, 1.310415]
    """
    if not 0.0 < p < 1.0:
        raise InvalidValueError("p", "a probability strictly between 0 and 1 is needed", p)
    if not df > 0 or not math.isfinite(df):
        raise InvalidValueError("df", "degrees of freedom must be above zero", df)
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    if df in (1, 2):  # closed forms
        if df == 1:
            return math.tan(math.pi * (p - 0.5))
        return (2.0 * p - 1.0) * math.sqrt(2.0 / (4.0 * p * (1.0 - p)))
    return _bisect_t(p, df)


def _bisect_t(p: float, df: float) -> float:
    """The ``p`` quantile (p >= 0.5) of Student's t by bisection on its distribution."""
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        low, high = high, high * 2.0
    for _ in range(200):
        middle = (low + high) / 2.0
        if t_cdf(middle, df) < p:
            low = middle
        else:
            high = middle
        if high - low <= 1e-13 * max(1.0, high):
            break
    return (low + high) / 2.0


# --------------------------------------------------------------------------- the fit


@attrs.frozen(kw_only=True)
class _Fit:
    """A least-squares line through one indicator's recent values (days as ordinals)."""

    periods: tuple[Period, ...]
    granularity: str
    n: int
    mean_x: float
    sxx: float
    intercept: float  # at mean_x
    slope: float  # per day
    residual: float  # the residual standard deviation (n - 2 degrees of freedom)

    def at(self, day: dt.date) -> tuple[float, float]:
        """The projection on ``day`` and the half-width of its prediction interval."""
        x = day.toordinal() - self.mean_x
        centre = self.intercept + self.slope * x
        spread = self.residual * math.sqrt(1.0 + 1.0 / self.n + x * x / self.sxx)
        t = t_quantile(0.5 + FORECAST_LEVEL / 2.0, self.n - 2)
        return centre, t * spread


def fit(values: list[tuple[dt.date, float]]) -> tuple[float, float, float, float, float]:
    """Least squares of value on day: (mean day, Sxx, mean value, slope per day, residual sd)."""
    n = len(values)
    xs = [day.toordinal() for day, _ in values]
    ys = [v for _, v in values]
    mean_x = sum(xs) / n
    mean_y = sum(ys) / n
    # each sum taken in the same order as ever, so the figures are the same to the last bit
    sxx = sxy = 0.0
    for x, y in zip(xs, ys, strict=True):
        dx = x - mean_x
        sxx += dx**2
        sxy += dx * (y - mean_y)
    slope = sxy / sxx
    squares = 0.0
    for x, y in zip(xs, ys, strict=True):
        squares += (y - mean_y - slope * (x - mean_x)) ** 2
    return mean_x, sxx, mean_y, slope, math.sqrt(squares / (n - 2))


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _outlook_of_interval(goal: Goal, interval: Interval) -> Outlook:
    if goal.settled_by(interval):
        return Outlook.LIKELY_MET if goal.met(interval.low) else Outlook.LIKELY_MISSED
    return Outlook.UNCERTAIN


class Forecaster:
    """Forecasts the targets of one plan as at one date (one trend per indicator)."""

    def __init__(self, series: dict[str, Series], as_of: dt.date, tolerance: Tolerance) -> None:
        self.series = series
        self.as_of = as_of
        self.tolerance = tolerance
        self._fits: dict[str, _Fit | int] = {}
        self._since = _years_before(as_of, WINDOW_YEARS)

    def forecast(self, target: Target, goal: Goal | MissingReference) -> Forecast:
        """The forecast of ``target`` (whose period must not have ended)."""
        s = self.series[target.indicator]
        on = target.period.end
        if isinstance(goal, MissingReference):
            return Forecast(
                outlook=Outlook.INSUFFICIENT_DATA, basis=ForecastBasis.NO_REFERENCE, on=on
            )
        if s.indicator.measure is Measure.FLOW:
            return self._run_rate(target, s, goal)
        found = self._fit(s)
        if isinstance(found, int):
            return Forecast(
                outlook=Outlook.INSUFFICIENT_DATA,
                basis=ForecastBasis.TOO_FEW_VALUES,
                on=on,
                found=found,
                goal=goal,
            )
        centre, half = found.at(on)
        low, high = self._bounded(s, centre - half), self._bounded(s, centre + half)
        value = self._bounded(s, centre)
        interval = Interval(low=tidy(low) or 0.0, high=tidy(high) or 0.0)
        return Forecast(
            outlook=_outlook_of_interval(goal, Interval(low=low, high=high)),
            basis=ForecastBasis.TREND,
            value=tidy(value),
            interval=interval,
            on=on,
            periods=found.periods,
            granularity=found.granularity,
            slope=tidy(found.slope * 365.0),
            goal=goal,
        )

    @staticmethod
    def _bounded(s: Series, value: float) -> float:
        """A projection kept possible: 0 or more, and at most 100 for a percentage."""
        value = max(value, 0.0)
        return min(value, 100.0) if s.indicator.is_percent else value

    def _fit(self, s: Series) -> _Fit | int:
        """The trend of one indicator, or the most values of one granularity found."""
        key = s.indicator.id
        cached = self._fits.get(key)
        if cached is not None:
            return cached
        since, as_of = self._since, self.as_of
        groups: dict[type, list[Value]] = {}
        for value in s.recorded.values():
            if value.value is None or not since < value.end <= as_of:
                continue
            kind = value.period.__class__
            group = groups.get(kind)
            if group is None:
                groups[kind] = [value]
            else:
                group.append(value)
        result: _Fit | int = max((len(g) for g in groups.values()), default=0)
        for kind in _GRANULARITIES:
            chosen = groups.get(kind, [])
            if len(chosen) >= MIN_VALUES:
                chosen.sort(key=lambda v: v.end)
                mean_x, sxx, mean_y, slope, residual = fit(
                    [(v.end, v.value or 0.0) for v in chosen]
                )
                result = _Fit(
                    periods=tuple(v.period for v in chosen),
                    granularity=_NAMES[kind],
                    n=len(chosen),
                    mean_x=mean_x,
                    sxx=sxx,
                    intercept=mean_y,
                    slope=slope,
                    residual=residual,
                )
                break
        self._fits[key] = result
        return result

    def _run_rate(self, target: Target, s: Series, goal: Goal) -> Forecast:
        period = target.period
        parts, _ = s.year_to_date(period, self.as_of)
        if not parts:
            return Forecast(
                outlook=Outlook.INSUFFICIENT_DATA,
                basis=ForecastBasis.NO_YEAR_TO_DATE,
                on=period.end,
                goal=goal,
            )
        if any(p.value is None for p in parts):
            return Forecast(
                outlook=Outlook.INSUFFICIENT_DATA,
                basis=ForecastBasis.WITHHELD,
                on=period.end,
                periods=tuple(p.period for p in parts),
                goal=goal,
            )
        total = sum(p.value or 0.0 for p in parts)
        elapsed = (parts[-1].end - period.start).days + 1
        days = period.days
        projected = total * days / elapsed
        allowance = max(0.0, self.tolerance.allowance(s.indicator, goal.compared_with(projected)))
        margin = goal.margin(projected)
        if abs(margin) <= allowance or math.isclose(abs(margin), allowance):
            outlook = Outlook.UNCERTAIN
        else:
            outlook = Outlook.LIKELY_MET if goal.met(projected) else Outlook.LIKELY_MISSED
        return Forecast(
            outlook=outlook,
            basis=ForecastBasis.RUN_RATE,
            value=tidy(projected),
            on=period.end,
            periods=tuple(p.period for p in parts),
            total=tidy(total),
            elapsed=elapsed,
            days=days,
            tolerance=tidy(allowance),
            goal=goal,
        )
