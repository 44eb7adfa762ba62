"""Charts of progress: baseline, trajectory and milestones against actuals.

One chart per indicator that has targets: the baseline (a square), the planned
trajectory (a dashed line through the baseline and the milestones), each milestone (a
diamond, labelled with its value and year; a band target is a shaded band), and the
recorded values (dots joined by a line; for a flow, the year-to-date totals of its
quarters, and open squares for whole years), with a dotted line at the date judged.
Withheld values are never drawn; their number is noted on the chart, and so is a chart
with no recorded values at all.

Charts are drawn for print: text of at least 10 points at the size the HTML report shows
them, every label inside the frame, the legend below the plot. Each :class:`Chart`
carries its words too (:attr:`Chart.alt`, :attr:`Chart.caption`), naming the indicator
and describing only what is drawn. Text from the plan (an indicator's name) is drawn as
text, never as mathematical notation.

The values drawn are the report's own (:attr:`~safeguarding_plan.evaluation.Report.observations`).

Needs matplotlib; install it with ``python -m pip install "matplotlib>=3.9"`` (a clone
of this repository installs it with ``python -m pip install ".[charts]"``). Drawing uses
matplotlib's object API, never pyplot, so it needs no display and leaves no global state
behind.

Example:
    >>> import datetime as dt
    >>> from safeguarding_plan.evaluation import evaluate
    >>> from safeguarding_plan.plans import stockport_2023_26
    >>> report = evaluate(stockport_2023_26(), as_of=dt.date(2024, 3, 31))
    >>> indicator_chart(report, "msp-asked", format="svg")[:5]
    b'<?xml'
    >>> chart = draw_charts(report)[charted_indicators(report).index("msp-asked")]
    >>> print(chart.caption)
    Adults asked about their Making Safeguarding Personal outcomes. Blue square: baseline
    for 2022/23; dashed blue line: planned trajectory; orange diamonds: milestones with
    their value and year; dotted line: the date judged, 31 Mar 2024. No values recorded up
    to 31 Mar 2024.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import math
import pathlib
import textwrap
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal

import attrs

from safeguarding_plan._format import format_number
from safeguarding_plan._io import AtomicFiles
from safeguarding_plan.errors import (
    MissingDependencyError,
    ReportError,
    ResultNotFoundError,
    SafeguardingPlanError,
    suggest,
)
from safeguarding_plan.evaluation import PublicationPolicy, Report, TargetResult
from safeguarding_plan.model import Between, Indicator, Measure, format_value
from safeguarding_plan.observations import Observation
from safeguarding_plan.periods import FinancialYear, Quarter

__all__ = [
    "MATPLOTLIB_REQUIREMENT",
    "Chart",
    "ChartFormat",
    "chart_data_uris",
    "charted_indicators",
    "draw_charts",
    "indicator_chart",
    "write_charts",
]

ChartFormat = Literal["png", "svg"]
"""An image format for charts."""

MATPLOTLIB_REQUIREMENT = "matplotlib>=3.9"
"""The matplotlib the charts need (the ``charts`` extra installs it)."""

# Okabe-Ito colours: distinguishable with every common colour-vision deficiency.
_ACTUAL = "#000000"
_PATH = "#0072B2"
_MILESTONE = "#D55E00"
_BAND = "#999999"
_NOTE = "#333333"

# Sizes in inches and points. The HTML report shows a chart 40rem (640 CSS pixels) wide,
# so a 6.4-inch figure (460.8 points) is drawn 1.39 times larger there than its points:
# 10-point text reads as 14 pixels on screen, and about 10 points on paper.
_WIDTH = 6.4
_PLOT_HEIGHT = 2.4
_LEFT, _RIGHT = 0.85, 0.3
_TEXT_SIZE = 10.0
_TITLE_SIZE = 11.0
_LINE = 0.21  # the height of a line of 10-point text, with its spacing
_TITLE_WRAP = 64  # characters on a line of the title
_LEGEND_COLUMNS = 2
_PNG_DPI = 150


def _matplotlib() -> Any:
    try:
        import matplotlib as mpl  # noqa: PLC0415 - an optional extra, loaded only for charts
    except ImportError:
        raise MissingDependencyError(
            f"charts need matplotlib; install it with: python -m pip install "
            f'"{MATPLOTLIB_REQUIREMENT}"'
        ) from None
    return mpl


@attrs.frozen(kw_only=True)
class Chart:
    """One indicator's chart, with the words that stand in for it.

    Attributes:
        indicator: The indicator charted.
        as_of: The date judged (the dotted line).
        format: The image format.
        image: The image, as ``format`` bytes.
        shown: What is drawn, one ``(what, how)`` pair per element, such as
            ``("planned trajectory", "dashed blue line")``, in the legend's order.
        notes: What the chart says in words: values withheld, no values recorded.

    Example:
        >>> from datetime import date
        >>> from safeguarding_plan import Observation, evaluate, loads_plan
        >>> plan = loads_plan('''
        ... id: small
        ... title: A small plan
        ... start: 2024/25
        ... end: 2024/25
        ... indicators:
        ...   - {id: msp, name: adults asked about their outcomes, unit: percent,
        ...      direction: higher_is_better, baseline: {period: 2023/24, value: 60}}
        ... priorities:
        ...   - id: personal
        ...     title: Making Safeguarding Personal
        ...     partnership: adults
        ...     outcomes:
        ...       - id: asked
        ...         text: Adults are asked about their outcomes
        ...         targets:
        ...           - {id: msp-2024-25, indicator: msp, period: 2024/25,
        ...              rule: {kind: at_least, value: 80}}
        ... ''', format="yaml")
        >>> observations = [Observation(indicator="msp", period="2024/25 Q1", value=66)]
        >>> report = evaluate(plan, observations, as_of=date(2024, 7, 31))
        >>> from safeguarding_plan.charts import draw_charts
        >>> (chart,) = draw_charts(report)
        >>> chart.indicator.id, chart.format, chart.image.startswith(b"<?xml")
        ('msp', 'svg', True)
        >>> print(chart.alt)
        Chart of adults asked about their outcomes: baseline for 2023/24; planned
        trajectory; milestones with their value and year; recorded values by quarter; the
        date judged, 31 Jul 2024. The table gives every figure.
    """

    indicator: Indicator
    as_of: dt.date
    format: ChartFormat
    image: bytes = attrs.field(repr=False)
    shown: tuple[tuple[str, str], ...]
    notes: tuple[str, ...] = ()

    @property
    def alt(self) -> str:
        """The text alternative: the indicator's name and what the chart shows."""
        what = "; ".join(what for what, _ in self.shown)
        return f"Chart of {self.indicator.name}: {what}.{self._notes} The table gives every figure."

    @property
    def caption(self) -> str:
        """A caption naming the indicator and saying how each thing shown is drawn."""
        name = self.indicator.name[:1].upper() + self.indicator.name[1:]
        key = "; ".join(f"{how}: {what}" for what, how in self.shown)
        return f"{name}. {key[:1].upper()}{key[1:]}.{self._notes}"

    @property
    def _notes(self) -> str:
        return "".join(f" {note[:1].upper()}{note[1:]}." for note in self.notes)

    @property
    def data_uri(self) -> str:
        """The image as a ``data:`` URI, for embedding in HTML."""
        mime = "image/svg+xml" if self.format == "svg" else "image/png"
        return f"data:{mime};base64,{base64.b64encode(self.image).decode('ascii')}"


def charted_indicators(report: Report) -> tuple[str, ...]:
    """The ids of the indicators that have targets, in plan order (one chart each).

    Example:
        >>> from datetime import date
        >>> from safeguarding_plan import evaluate
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> report = evaluate(stockport_2023_26(), as_of=date(2024, 6, 30))
        >>> charted = charted_indicators(report)
        >>> len(charted), charted[:2]
        (17, ('maars-adults-unaware', 'rapid-reviews-information-sharing'))
    """
    seen: dict[str, None] = {}
    for result in report.targets:
        seen.setdefault(result.indicator.id, None)
    return tuple(seen)


def _recorded(
    report: Report, observations: Iterable[Observation] | None
) -> tuple[Observation, ...]:
    """The report's own observations; any given must be the same ones."""
    if observations is None:
        return report.observations
    given = tuple(observations)
    if given != report.observations:
        raise ReportError(
            None,
            "observations",
            f"charts draw the {len(report.observations)} observations the report judged; "
            "leave observations out to use them (or evaluate these)",
            f"{len(given)} other observations",
        )
    return given


def _day(day: dt.date) -> float:
    return float(day.toordinal())


_Points = list[tuple[float, float]]


def _plotted_value(obs: Observation, indicator: Indicator) -> float | None:
    """An observation's value in the indicator's unit, or None if it cannot be drawn."""
    try:
        value = obs.normalised(indicator).value
    except SafeguardingPlanError:
        return None
    return value if isinstance(value, float) else None


def _actuals(
    indicator: Indicator,
    observations: Iterable[Observation],
    as_of: dt.date,
    hidden: Callable[[float | None], bool],
) -> tuple[_Points, _Points, int]:
    """Quarter points, year points and the number withheld, up to ``as_of``.

    A flow is drawn as its running total within each year, from Q1 for as long as every
    quarter is recorded and shown: a quarter missing, withheld at source or hidden for
    publication ends that year's line, since a later total would be wrong, or would
    reveal the hidden count as the difference between two points.
    """
    quarters: dict[Quarter, float] = {}
    years: _Points = []
    withheld = 0
    for obs in observations:
        if obs.period.end > as_of or obs.comparator is not None:  # never a comparator's value
            continue
        if obs.is_suppressed:
            withheld += 1
            continue
        value = _plotted_value(obs, indicator)
        if value is None:
            continue
        if isinstance(obs.period, FinancialYear):
            years.append((_day(obs.period.end), value))
        elif isinstance(obs.period, Quarter):  # months and calendar years: not drawn yet
            quarters[obs.period] = value
    points: _Points = []
    if indicator.measure is Measure.FLOW:
        for year in sorted({quarter.year for quarter in quarters}):
            total = 0.0
            for quarter in year.quarters():
                value = quarters.get(quarter)
                if value is None or hidden(value):
                    break
                total += value
                points.append((_day(quarter.end), total))
    else:
        points = [(_day(q.end), v) for q, v in sorted(quarters.items()) if not hidden(v)]
    return points, sorted(years), withheld


def _segments(points: _Points, *, by_year: bool) -> list[_Points]:
    """Split a flow's year-to-date points by financial year, so years are not joined."""
    if not by_year:
        return [list(points)] if points else []
    segments: dict[FinancialYear, _Points] = {}
    for day, value in points:
        year = FinancialYear.containing(dt.date.fromordinal(int(day)))
        segments.setdefault(year, []).append((day, value))
    return list(segments.values())


@attrs.frozen(kw_only=True)
class _Milestone:
    x: float
    y: float
    label: str


@attrs.frozen(kw_only=True)
class _Projection:
    """A forecast drawn: a dotted line from ``start`` to ``end``, and its interval at end."""

    start: tuple[float, float]
    end: tuple[float, float]
    low: float | None = None
    high: float | None = None


# Comparators' reference lines: colour names for the words, hex for the drawing.
_COMPARATOR_STYLES = (("purple", "#CC79A7"), ("grey", "#666666"), ("yellow", "#B59B00"))
_FORECAST = "#009E73"


def _projections(
    indicator: Indicator, results: Sequence[TargetResult], hidden: Callable[[float | None], bool]
) -> tuple[_Projection, ...]:
    """Each target's forecast that has a value, as a line to draw (none for hidden figures)."""
    out = []
    for result in results:
        forecast = result.forecast
        if forecast is None or forecast.value is None or forecast.on is None:
            continue
        if not forecast.periods or any(hidden(v) for v in (forecast.value, result.actual)):
            continue
        end = (_day(forecast.on), forecast.value)
        last = forecast.periods[-1].end
        if forecast.total is not None:  # a run rate: from the year-to-date total
            start = (_day(last), forecast.total)
        else:  # a trend: the fitted line from the last value it rests on
            days = (forecast.on - last).days
            value = forecast.value - (forecast.slope or 0.0) * days / 365.0
            if indicator.is_percent:
                value = min(max(value, 0.0), 100.0)
            start = (_day(last), max(value, 0.0))
        interval = forecast.interval
        out.append(
            _Projection(
                start=start,
                end=end,
                low=interval.low if interval is not None else None,
                high=interval.high if interval is not None else None,
            )
        )
    return tuple(out)


def _comparator_lines(
    report: Report, indicator: Indicator, observations: Iterable[Observation]
) -> tuple[tuple[str, _Points], ...]:
    """Each declared comparator's values of a level, by quarter (or by year without any)."""
    if indicator.measure is Measure.FLOW:
        return ()  # a comparator's count is not comparable with the partnership's
    by: dict[str, dict[str, _Points]] = {}
    for obs in observations:
        if obs.comparator is None or obs.is_suppressed or obs.period.end > report.as_of:
            continue
        value = _plotted_value(obs, indicator)
        if value is None:
            continue
        kind = "quarter" if isinstance(obs.period, Quarter) else (
            "year" if isinstance(obs.period, FinancialYear) else "")  # fmt: skip
        if kind:
            by.setdefault(obs.comparator, {}).setdefault(kind, []).append(
                (_day(obs.period.end), value)
            )
    out = []
    for comparator in report.plan.comparators[: len(_COMPARATOR_STYLES)]:
        kinds = by.get(comparator.id)
        if kinds:
            points = kinds.get("quarter") or kinds.get("year") or []
            out.append((comparator.label, sorted(points)))
    return tuple(out)


@attrs.frozen(kw_only=True)
class _Layers:
    """What one chart draws, decided before drawing, so words and picture agree."""

    title: str
    unit: str
    percent: bool
    baseline: tuple[float, float, str] | None
    flow: bool
    paths: tuple[_Points, ...]
    milestones: tuple[_Milestone, ...]
    bands: tuple[tuple[float, float], ...]
    quarters: tuple[_Points, ...]
    years: _Points
    withheld: int
    as_of: float
    as_of_label: str
    years_shown: tuple[FinancialYear, ...]
    projections: tuple[_Projection, ...] = ()
    comparators: tuple[tuple[str, _Points], ...] = ()

    def shown(self) -> tuple[tuple[str, str], ...]:
        """Each element drawn, as (what, how), in the legend's order."""
        flow = self.flow
        out: list[tuple[str, str]] = []
        if self.baseline is not None:
            out.append((f"baseline for {self.baseline[2]}", "blue square"))
        if self.paths:
            what = "pro-rata path to each target" if flow else "planned trajectory"
            out.append((what, "dashed blue line"))
        if self.milestones:
            out.append(("milestones with their value and year", "orange diamonds"))
        if self.bands:
            out.append(("target band", "grey shading"))
        if self.quarters:
            what = "year-to-date totals by quarter" if flow else "recorded values by quarter"
            out.append((what, "black dots joined by a line"))
        if self.years:
            out.append(("recorded values for whole years", "open black squares"))
        if self.projections:
            how = "the year-to-date total at its run rate" if flow else "the trend of recent values"
            out.append((f"the forecast: {how}, projected to the target's end",
                        "dotted green line"))  # fmt: skip
        for (label, _), (colour, _) in zip(self.comparators, _COMPARATOR_STYLES, strict=False):
            out.append((f"{label}'s values (comparator)", f"dash-dot {colour} line with crosses"))
        if any(p.low is not None for p in self.projections):
            out.append(("the forecast's 80% prediction interval", "green bar"))
        out.append((f"the date judged, {self.as_of_label}", "dotted line"))
        return tuple(out)

    def notes(self) -> tuple[str, ...]:
        """What the chart says in words besides its legend."""
        out = []
        if self.withheld:
            out.append(f"{self.withheld} value{'s' if self.withheld != 1 else ''} withheld, "
                       "not shown")  # fmt: skip
        if not self.quarters and not self.years:
            out.append(f"no values recorded up to {self.as_of_label}")
        return tuple(out)


def _layers(
    report: Report,
    indicator: Indicator,
    results: Sequence[TargetResult],
    observations: Iterable[Observation],
    publication: PublicationPolicy,
) -> _Layers:
    def small(value: float | None) -> bool:
        return publication.hides_value(value, indicator)

    baseline = None
    base = next((r.baseline for r in results if r.baseline is not None), None)
    if base is not None and indicator.baseline is not None and not small(base):
        period = indicator.baseline.period
        baseline = (_day(period.end), base, str(period))
    flow = indicator.measure is Measure.FLOW
    paths: list[_Points] = []
    if flow:
        paths.extend(
            [(_day(r.target.period.start), 0.0), (_day(r.target.period.end), r.target_value)]
            for r in results
            if r.target_value is not None and not small(r.target_value)
        )
    else:
        path = report.trajectories.get(indicator.id)
        if path is not None and len(path.points) > 1 and not any(small(v) for _, v in path.points):
            paths.append([(_day(d), v) for d, v in path.points])
    milestones = []
    bands = []
    for result in results:
        rule = result.target.rule
        if isinstance(rule, Between):
            bands.append((rule.low, rule.high))
            continue
        value = result.target_value
        if value is None or small(value):
            continue
        milestones.append(
            _Milestone(
                x=_day(result.target.period.end),
                y=value,
                label=(
                    f"{format_value(value, indicator.unit, decimals=1)} "
                    f"by {result.target.period}"
                ),
            )
        )
    points, years, withheld = _actuals(indicator, observations, report.as_of, small)
    points = [(d, v) for d, v in points if not small(v)]
    years = [(d, v) for d, v in years if not small(v)]
    days = [
        report.as_of, report.plan.start.start, report.plan.end.end,
        *(r.target.period.end for r in results),
    ]  # fmt: skip
    first = min(days)
    if baseline is not None:
        first = min(first, dt.date.fromordinal(int(baseline[0])))
    for x, _ in (*points, *years):
        first = min(first, dt.date.fromordinal(int(x)))
    last = max(days)
    shown_years = tuple(
        FinancialYear(y)
        for y in range(FinancialYear.containing(first).start_year,
                       FinancialYear.containing(last).start_year + 1)
    )  # fmt: skip
    name = indicator.name[:1].upper() + indicator.name[1:]
    return _Layers(
        title="\n".join(textwrap.wrap(name, _TITLE_WRAP)),
        unit="%" if indicator.is_percent else indicator.unit.replace("_", " "),
        percent=indicator.is_percent,
        baseline=baseline,
        flow=flow,
        paths=tuple(paths),
        milestones=tuple(milestones),
        bands=tuple(bands),
        quarters=tuple(_segments(points, by_year=flow)),
        years=years,
        withheld=withheld,
        as_of=_day(report.as_of),
        as_of_label=f"{report.as_of.day} {report.as_of:%b %Y}",
        years_shown=shown_years,
        projections=_projections(indicator, results, small),
        comparators=_comparator_lines(report, indicator, observations),
    )


def _y_limits(layers: _Layers) -> tuple[float, float]:
    values = [v for path in layers.paths for _, v in path]
    values += [m.y for m in layers.milestones]
    values += [v for band in layers.bands for v in band]
    values += [v for segment in layers.quarters for _, v in segment]
    values += [v for _, v in layers.years]
    for p in layers.projections:
        values += [p.start[1], p.end[1], *(v for v in (p.low, p.high) if v is not None)]
    values += [v for _, points in layers.comparators for _, v in points]
    if layers.baseline is not None:
        values.append(layers.baseline[1])
    if not values:
        return (0.0, 100.0) if layers.percent else (0.0, 1.0)
    low, high = min(values), max(values)
    pad = (high - low) * 0.18 or max(abs(high) * 0.2, 1.0)
    low, high = low - pad, high + pad
    if min(values) >= 0:
        low = max(low, 0.0)
    if layers.percent:
        high = min(high, 100.0)
    return low, high


def _clean(figure: Any, ax: Any) -> None:
    """Take the previous chart's artists off a reused figure (its axes and ticks stay)."""
    for artist in (*ax.lines, *ax.patches, *ax.texts, *ax.collections, *figure.legends):
        artist.remove()
    ax.containers.clear()  # an interval's error bar leaves its container behind


def _draw(layers: _Layers, figure: Any, ax: Any, *, legend: bool = True) -> None:
    """Draw ``layers`` on ``figure`` and its one axes, every text as plain text.

    Without ``legend`` the key is left to the chart's caption (the HTML report's
    ``figcaption``), which saves a quarter of the drawing time.
    """
    _clean(figure, ax)
    text = {"parse_math": False, "fontsize": _TEXT_SIZE}
    legend_rows = math.ceil((len(layers.shown()) - 1) / _LEGEND_COLUMNS) if legend else 0
    top = 0.2 + _LINE * 1.1 * (layers.title.count("\n") + 1)
    bottom = 0.2 + _LINE * (1 + legend_rows) + 0.1
    height = top + _PLOT_HEIGHT + bottom
    figure.set_size_inches(_WIDTH, height)
    ax.set_position(
        (_LEFT / _WIDTH, bottom / height, 1 - (_LEFT + _RIGHT) / _WIDTH, _PLOT_HEIGHT / height)
    )
    start = layers.years_shown[0].start
    end = layers.years_shown[-1].end
    x_low, x_high = _day(start) - 20, _day(end) + 20
    ax.set_xlim(x_low, x_high)
    y_low, y_high = _y_limits(layers)
    ax.set_ylim(y_low, y_high)
    for band in layers.bands:
        ax.axhspan(*band, color=_BAND, alpha=0.25, label="target band")
    if layers.baseline is not None:
        x, y, period = layers.baseline
        ax.plot([x], [y], marker="s", linestyle="none", color=_PATH, markersize=8,
                label=f"baseline ({period})")  # fmt: skip
    path_label = "pro-rata path to the target" if layers.flow else "planned trajectory"
    for path in layers.paths:
        ax.plot([x for x, _ in path], [y for _, y in path], linestyle="--", color=_PATH,
                linewidth=1.5, label=path_label)  # fmt: skip
    if layers.milestones:
        ax.plot(
            [m.x for m in layers.milestones], [m.y for m in layers.milestones], marker="D",
            linestyle="none", color=_MILESTONE, markersize=8, label="milestone (target)",
        )  # fmt: skip
    for milestone in layers.milestones:
        right = (milestone.x - x_low) / (x_high - x_low) > 0.6
        high = (milestone.y - y_low) / ((y_high - y_low) or 1) > 0.8
        ax.annotate(
            milestone.label, (milestone.x, milestone.y), textcoords="offset points",
            xytext=(-8 if right else 8, -8 if high else 6), ha="right" if right else "left",
            va="top" if high else "bottom", color=_MILESTONE, **text,
        )  # fmt: skip
    quarters_label = "year to date (quarters)" if layers.flow else "recorded (quarters)"
    for segment in layers.quarters:
        ax.plot([x for x, _ in segment], [y for _, y in segment], marker="o", color=_ACTUAL,
                linewidth=1.5, markersize=5, label=quarters_label)  # fmt: skip
    if layers.years:
        ax.plot([x for x, _ in layers.years], [y for _, y in layers.years], marker="s",
                linestyle="none", color=_ACTUAL, markerfacecolor="white", markersize=8,
                label="recorded (years)")  # fmt: skip
    _draw_beyond(layers, ax)
    ax.axvline(layers.as_of, color="#555555", linewidth=1, linestyle=":")
    late = (layers.as_of - x_low) / (x_high - x_low) > 0.5
    ax.annotate(
        f"as at {layers.as_of_label}", (layers.as_of, 1), xycoords=("data", "axes fraction"),
        xytext=(-4 if late else 4, -4), textcoords="offset points",
        ha="right" if late else "left", va="top", color=_NOTE, **text,
    )  # fmt: skip
    notes = layers.notes()
    if notes:
        ax.text(0.01, 0.03, "; ".join(notes), transform=ax.transAxes, color=_NOTE,
                va="bottom", **text)  # fmt: skip
    # a fixed y: matplotlib need not measure the axes to place the title
    ax.set_title(layers.title, loc="left", fontsize=_TITLE_SIZE, parse_math=False, y=1.0, pad=8)
    ax.set_ylabel(layers.unit, parse_math=False, fontsize=_TEXT_SIZE)
    ax.set_xticks([_day(y.start) for y in layers.years_shown[1:]], labels=[])
    ax.set_xticks(
        [_day(y.start) + 182 for y in layers.years_shown],
        labels=[y.label for y in layers.years_shown], minor=True,
    )  # fmt: skip
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    if unique and legend:
        key = figure.legend(
            list(unique.values()), list(unique), loc="lower left", frameon=False,
            bbox_to_anchor=(_LEFT / _WIDTH - 0.01, 0.1 / height), ncols=_LEGEND_COLUMNS,
            fontsize=_TEXT_SIZE, borderaxespad=0, columnspacing=1.5,
        )  # fmt: skip
        for label in key.get_texts():
            label.set_parse_math(False)


def _draw_beyond(layers: _Layers, ax: Any) -> None:
    """The forecasts and the comparators' reference lines (never part of the judgement)."""
    for projection in layers.projections:
        (x0, y0), (x1, y1) = projection.start, projection.end
        ax.plot([x0, x1], [y0, y1], linestyle=":", color=_FORECAST, linewidth=2,
                label="projection (forecast)")  # fmt: skip
        if projection.low is not None and projection.high is not None:
            ax.errorbar(
                [x1], [y1], yerr=[[y1 - projection.low], [projection.high - y1]],
                fmt="none", ecolor=_FORECAST, elinewidth=2, capsize=4,
                label="80% prediction interval",
            )  # fmt: skip
    for (label, points), (_, colour) in zip(layers.comparators, _COMPARATOR_STYLES, strict=False):
        ax.plot(
            [x for x, _ in points], [y for _, y in points], linestyle="-.", marker="x",
            color=colour, linewidth=1.2, markersize=6, label=f"{label} (comparator)",
        )  # fmt: skip


def _tick_label(value: float, _position: int | None = None) -> str:
    """A y-axis label, by the one number formatter (commas, at most two decimals)."""
    return format_number(value)


def _results_by_indicator(report: Report) -> dict[str, list[TargetResult]]:
    results: dict[str, list[TargetResult]] = {}
    for result in report.targets:
        results.setdefault(result.indicator.id, []).append(result)
    return results


def _by_indicator(observations: Iterable[Observation]) -> dict[str, list[Observation]]:
    grouped: dict[str, list[Observation]] = {}
    for obs in observations:
        grouped.setdefault(obs.indicator, []).append(obs)
    return grouped


def _render(
    report: Report,
    ids: Iterable[str],
    observations: Iterable[Observation] | None,
    format: ChartFormat,  # noqa: A002
    publication: PublicationPolicy,
    *,
    legend: bool = True,
) -> list[Chart]:
    mpl = _matplotlib()
    from matplotlib.figure import Figure  # noqa: PLC0415

    results = _results_by_indicator(report)
    recorded = _by_indicator(_recorded(report, observations))
    charts = []
    rc = {"svg.fonttype": "none", "svg.hashsalt": "safeguarding-plan", "text.usetex": False}
    metadata = {"Date": None} if format == "svg" else {}
    with mpl.rc_context(rc):
        figure = Figure(dpi=100)  # one figure and axes for every chart: cheaper to reuse
        ax = figure.add_axes((0, 0, 1, 1))
        ax.tick_params(axis="x", which="minor", length=0, labelsize=_TEXT_SIZE)
        ax.tick_params(axis="y", labelsize=_TEXT_SIZE)
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(visible=True, axis="y", color="#dddddd", linewidth=0.6)
        # at most five values on the y axis, written as every other number in the report
        ax.yaxis.set_major_locator(mpl.ticker.MaxNLocator(nbins=4))
        ax.yaxis.set_major_formatter(mpl.ticker.FuncFormatter(_tick_label))
        for ind in ids:
            mine = results.get(ind)
            if not mine:
                known = {r.indicator.id for r in report.targets}
                raise ResultNotFoundError(
                    "target measuring an indicator", ind, suggest(ind, known)
                )
            indicator = mine[0].indicator
            layers = _layers(report, indicator, mine, recorded.get(ind, ()), publication)
            _draw(layers, figure, ax, legend=legend)
            buffer = io.BytesIO()
            figure.savefig(buffer, format=format, metadata=metadata,
                           dpi=_PNG_DPI if format == "png" else 100)  # fmt: skip
            chart = Chart(
                indicator=indicator, as_of=report.as_of, format=format,
                image=buffer.getvalue(), shown=layers.shown(), notes=layers.notes(),
            )  # fmt: skip
            charts.append(chart)
    return charts


def draw_charts(
    report: Report,
    observations: Iterable[Observation] | None = None,
    *,
    format: ChartFormat = "svg",  # noqa: A002
    suppress_below: float | None = None,
    publication: PublicationPolicy | None = None,
    legend: bool = True,
) -> tuple[Chart, ...]:
    """Draw every indicator's chart (see :func:`charted_indicators`), in plan order.

    Args:
        report: What :func:`~safeguarding_plan.evaluation.evaluate` returned; its own
            observations are the values drawn.
        observations: Leave out. If given, they must be the observations the report
            judged.
        format: ``"svg"`` or ``"png"``.
        suppress_below: Leave out counts below this (small-number suppression).
        publication: The :class:`~safeguarding_plan.evaluation.PublicationPolicy` shared
            with the report (instead of ``suppress_below``).
        legend: Draw the key inside the image (the default). The HTML report leaves it
            out: each chart's :attr:`Chart.caption` beside it says how each element is
            drawn, as text a screen reader and a printer both keep.

    Raises:
        ReportError: if ``observations`` are not those the report judged.
        MissingDependencyError: if matplotlib is not installed (an ``ImportError``).

    Example:
        >>> from datetime import date
        >>> from safeguarding_plan import Observation, evaluate, loads_plan
        >>> plan = loads_plan('''
        ... id: small
        ... title: A small plan
        ... start: 2024/25
        ... end: 2024/25
        ... indicators:
        ...   - {id: msp, name: adults asked about their outcomes, unit: percent,
        ...      direction: higher_is_better, baseline: {period: 2023/24, value: 60}}
        ... priorities:
        ...   - id: personal
        ...     title: Making Safeguarding Personal
        ...     partnership: adults
        ...     outcomes:
        ...       - id: asked
        ...         text: Adults are asked about their outcomes
        ...         targets:
        ...           - {id: msp-2024-25, indicator: msp, period: 2024/25,
        ...              rule: {kind: at_least, value: 80}}
        ... ''', format="yaml")
        >>> observations = [Observation(indicator="msp", period="2024/25 Q1", value=66)]
        >>> report = evaluate(plan, observations, as_of=date(2024, 7, 31))
        >>> from safeguarding_plan.charts import draw_charts
        >>> [chart.indicator.id for chart in draw_charts(report, format="png")]
        ['msp']
    """
    ids = charted_indicators(report)
    policy = PublicationPolicy.given(publication, suppress_below)
    return tuple(_render(report, ids, observations, format, policy, legend=legend))


def indicator_chart(
    report: Report,
    indicator: str,
    observations: Iterable[Observation] | None = None,
    *,
    format: ChartFormat = "svg",  # noqa: A002
    suppress_below: float | None = None,
    publication: PublicationPolicy | None = None,
) -> bytes:
    """Draw one indicator's chart and return the image.

    Args:
        report: What :func:`~safeguarding_plan.evaluation.evaluate` returned.
        indicator: The indicator's id.
        observations: Leave out: the values drawn are the report's own. If given, they
            must be the observations the report judged.
        format: ``"svg"`` or ``"png"``.
        suppress_below: Leave out counts below this (small-number suppression).
        publication: The :class:`~safeguarding_plan.evaluation.PublicationPolicy` shared
            with the report (instead of ``suppress_below``).

    Raises:
        ResultNotFoundError: (a :class:`KeyError`) if no target of the report measures
            that indicator.
        ReportError: if ``observations`` are not those the report judged.
        MissingDependencyError: if matplotlib is not installed (an ``ImportError``).

    Example:
        >>> from datetime import date
        >>> from safeguarding_plan import Observation, evaluate, loads_plan
        >>> plan = loads_plan('''
        ... id: small
        ... title: A small plan
        ... start: 2024/25
        ... end: 2024/25
        ... indicators:
        ...   - {id: msp, name: adults asked about their outcomes, unit: percent,
        ...      direction: higher_is_better, baseline: {period: 2023/24, value: 60}}
        ... priorities:
        ...   - id: personal
        ...     title: Making Safeguarding Personal
        ...     partnership: adults
        ...     outcomes:
        ...       - id: asked
        ...         text: Adults are asked about their outcomes
        ...         targets:
        ...           - {id: msp-2024-25, indicator: msp, period: 2024/25,
        ...              rule: {kind: at_least, value: 80}}
        ... ''', format="yaml")
        >>> observations = [Observation(indicator="msp", period="2024/25 Q1", value=66)]
        >>> report = evaluate(plan, observations, as_of=date(2024, 7, 31))
        >>> from safeguarding_plan.charts import indicator_chart
        >>> svg = indicator_chart(report, "msp", observations)
        >>> svg.startswith(b"<?xml"), b"<svg" in svg
        (True, True)
    """
    policy = PublicationPolicy.given(publication, suppress_below)
    (chart,) = _render(report, [indicator], observations, format, policy)
    return chart.image


def chart_data_uris(
    report: Report,
    observations: Iterable[Observation] | None = None,
    *,
    format: ChartFormat = "svg",  # noqa: A002
    suppress_below: float | None = None,
    publication: PublicationPolicy | None = None,
) -> dict[str, str]:
    """Every chart as a ``data:`` URI, by indicator id, for embedding in HTML.

    ``observations``, if given, must be those the report judged (see
    :func:`indicator_chart`).

    Example:
        >>> from datetime import date
        >>> from safeguarding_plan import Observation, evaluate, loads_plan
        >>> plan = loads_plan('''
        ... id: small
        ... title: A small plan
        ... start: 2024/25
        ... end: 2024/25
        ... indicators:
        ...   - {id: msp, name: adults asked about their outcomes, unit: percent,
        ...      direction: higher_is_better, baseline: {period: 2023/24, value: 60}}
        ... priorities:
        ...   - id: personal
        ...     title: Making Safeguarding Personal
        ...     partnership: adults
        ...     outcomes:
        ...       - id: asked
        ...         text: Adults are asked about their outcomes
        ...         targets:
        ...           - {id: msp-2024-25, indicator: msp, period: 2024/25,
        ...              rule: {kind: at_least, value: 80}}
        ... ''', format="yaml")
        >>> observations = [Observation(indicator="msp", period="2024/25 Q1", value=66)]
        >>> report = evaluate(plan, observations, as_of=date(2024, 7, 31))
        >>> from safeguarding_plan.charts import chart_data_uris
        >>> uris = chart_data_uris(report, observations)
        >>> list(uris), uris["msp"].startswith("data:image/svg+xml;base64,")
        (['msp'], True)
    """
    policy = PublicationPolicy.given(publication, suppress_below)
    charts = _render(report, charted_indicators(report), observations, format, policy)
    return {chart.indicator.id: chart.data_uri for chart in charts}


def write_charts(
    report: Report,
    directory: str | pathlib.Path,
    observations: Iterable[Observation] | None = None,
    *,
    format: ChartFormat = "png",  # noqa: A002
    suppress_below: float | None = None,
    publication: PublicationPolicy | None = None,
) -> list[pathlib.Path]:
    """Write one chart per indicator into ``directory`` as ``<indicator>.<format>``.

    ``observations``, if given, must be those the report judged (see
    :func:`indicator_chart`).
    All or nothing: every chart is drawn before any file is touched, and the files are put
    in place together, so a failure leaves no chart (and no directory made) behind.

    Returns:
        The paths written, in plan order.

    Raises:
        OSError: if the directory cannot be made or written to.

    Example:
        >>> from datetime import date
        >>> from safeguarding_plan import Observation, evaluate, loads_plan
        >>> plan = loads_plan('''
        ... id: small
        ... title: A small plan
        ... start: 2024/25
        ... end: 2024/25
        ... indicators:
        ...   - {id: msp, name: adults asked about their outcomes, unit: percent,
        ...      direction: higher_is_better, baseline: {period: 2023/24, value: 60}}
        ... priorities:
        ...   - id: personal
        ...     title: Making Safeguarding Personal
        ...     partnership: adults
        ...     outcomes:
        ...       - id: asked
        ...         text: Adults are asked about their outcomes
        ...         targets:
        ...           - {id: msp-2024-25, indicator: msp, period: 2024/25,
        ...              rule: {kind: at_least, value: 80}}
        ... ''', format="yaml")
        >>> observations = [Observation(indicator="msp", period="2024/25 Q1", value=66)]
        >>> report = evaluate(plan, observations, as_of=date(2024, 7, 31))
        >>> import pathlib, tempfile
        >>> from safeguarding_plan.charts import write_charts
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     [path.name for path in write_charts(report, folder, observations)]
        ['msp.png']
    """
    policy = PublicationPolicy.given(publication, suppress_below)
    images = _chart_images(report, observations, format=format, publication=policy)
    with AtomicFiles() as files:
        return _stage_charts(files, directory, images, format=format)


def _chart_images(
    report: Report,
    observations: Iterable[Observation] | None = None,
    *,
    format: ChartFormat = "png",  # noqa: A002
    publication: PublicationPolicy | None = None,
) -> dict[str, bytes]:
    """Every chart's image, by indicator id, in plan order (drawn, not yet written)."""
    policy = PublicationPolicy.given(publication)
    charts = _render(report, charted_indicators(report), observations, format, policy)
    return {chart.indicator.id: chart.image for chart in charts}


def _chart_paths(
    directory: str | pathlib.Path, indicators: Iterable[str], format: ChartFormat  # noqa: A002
) -> list[pathlib.Path]:
    """Where :func:`write_charts` puts each indicator's chart."""
    return [pathlib.Path(directory) / f"{ind}.{format}" for ind in indicators]


def _stage_charts(
    files: AtomicFiles,
    directory: str | pathlib.Path,
    images: dict[str, bytes],
    *,
    format: ChartFormat,  # noqa: A002
) -> list[pathlib.Path]:
    """Stage the charts in ``files`` (written with whatever else it holds, or not at all)."""
    files.mkdir(directory)
    paths = _chart_paths(directory, images, format)
    return [files.write(path, image) for path, image in zip(paths, images.values(), strict=True)]
