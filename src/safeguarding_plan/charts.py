"""Charts of progress: baseline, trajectory and milestones against actuals.

One chart per indicator that has targets: the baseline (a square), the planned
trajectory (a dashed line through the baseline and the milestones), each milestone (a
diamond; a band target is a shaded band), and the recorded values (solid markers; for a
flow, the year-to-date totals of its quarters and its yearly totals), with a line at the
date judged. Withheld values are never drawn; their number is noted on the chart.

Needs matplotlib (``pip install safeguarding-plan[charts]``). Drawing uses matplotlib's
object API with the Agg/SVG backends only, never pyplot, so it needs no display and leaves
no global state behind.

Example:
    >>> import datetime as dt
    >>> from safeguarding_plan.evaluation import evaluate
    >>> from safeguarding_plan.plans import stockport_2023_26
    >>> report = evaluate(stockport_2023_26(), as_of=dt.date(2024, 3, 31))
    >>> indicator_chart(report, "msp-asked", format="svg")[:5]
    b'<?xml'
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import pathlib
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from safeguarding_plan.errors import ResultNotFoundError, SafeguardingPlanError, suggest
from safeguarding_plan.evaluation import PublicationPolicy, Report, TargetResult
from safeguarding_plan.model import Between, Indicator, Measure
from safeguarding_plan.observations import Observation
from safeguarding_plan.periods import FinancialYear, Quarter

__all__ = [
    "ChartFormat",
    "chart_data_uris",
    "charted_indicators",
    "indicator_chart",
    "write_charts",
]

ChartFormat = Literal["png", "svg"]
"""An image format for charts."""

# Okabe-Ito colours: distinguishable with every common colour-vision deficiency.
_ACTUAL = "#000000"
_PATH = "#0072B2"
_MILESTONE = "#D55E00"
_BAND = "#999999"


def _matplotlib() -> Any:
    try:
        import matplotlib as mpl  # noqa: PLC0415 - an optional extra, loaded only for charts
    except ImportError:
        raise ImportError(
            "charts need matplotlib; install it with 'pip install safeguarding-plan[charts]'"
        ) from None
    return mpl


def charted_indicators(report: Report) -> tuple[str, ...]:
    """The ids of the indicators that have targets, in plan order (one chart each)."""
    seen: dict[str, None] = {}
    for result in report.targets:
        seen.setdefault(result.indicator.id, None)
    return tuple(seen)


def _policy(publication: PublicationPolicy | None, suppress_below: int | None) -> PublicationPolicy:
    if publication is not None:
        return publication
    return PublicationPolicy(suppress_below=suppress_below)


def _actuals(
    indicator: Indicator, observations: Sequence[Observation], as_of: dt.date
) -> tuple[list[tuple[dt.date, float]], list[tuple[dt.date, float]], int]:
    """Quarter points, year points and the number withheld, up to ``as_of``."""
    quarters: dict[Quarter, float] = {}
    years: list[tuple[dt.date, float]] = []
    withheld = 0
    for obs in observations:
        if obs.indicator != indicator.id or obs.period.end > as_of:
            continue
        if obs.is_suppressed:
            withheld += 1
            continue
        try:
            value = obs.normalised(indicator).value
        except SafeguardingPlanError:
            continue
        if not isinstance(value, float):
            continue
        if isinstance(obs.period, FinancialYear):
            years.append((obs.period.end, value))
        else:
            quarters[obs.period] = value
    points: list[tuple[dt.date, float]] = []
    if indicator.measure is Measure.FLOW:
        running: dict[FinancialYear, float] = {}
        for quarter in sorted(quarters):
            running[quarter.year] = running.get(quarter.year, 0.0) + quarters[quarter]
            points.append((quarter.end, running[quarter.year]))
    else:
        points = [(q.end, v) for q, v in sorted(quarters.items())]
    return points, sorted(years), withheld


def _segments(
    points: Sequence[tuple[dt.date, float]], *, by_year: bool
) -> list[list[tuple[dt.date, float]]]:
    """Split a flow's year-to-date points by financial year, so years are not joined."""
    if not by_year:
        return [list(points)] if points else []
    segments: dict[FinancialYear, list[tuple[dt.date, float]]] = {}
    for day, value in points:
        segments.setdefault(FinancialYear.containing(day), []).append((day, value))
    return list(segments.values())


def _draw(
    report: Report,
    indicator: Indicator,
    results: Sequence[TargetResult],
    observations: Sequence[Observation],
    publication: PublicationPolicy,
) -> Any:
    from matplotlib.figure import Figure  # noqa: PLC0415

    fig = Figure(figsize=(7.5, 3.6), dpi=100, layout="constrained")
    ax: Any = fig.subplots()  # matplotlib's stubs do not take dates, which it plots
    base = next((r.baseline for r in results if r.baseline is not None), None)
    shown = base is not None and not publication.hides_value(base, indicator)
    if shown and indicator.baseline is not None:
        ax.plot(
            [indicator.baseline.period.end], [base], marker="s", linestyle="none",
            color=_PATH, markersize=8, label=f"baseline ({indicator.baseline.period})",
        )  # fmt: skip
    flow = indicator.measure is Measure.FLOW
    path = report.trajectories.get(indicator.id)
    if flow:
        path = None
        pro_rata = "pro-rata path to the target"
        for result in results:
            value = result.target_value
            if value is None or publication.hides_value(value, indicator):
                continue
            period = result.target.period
            ax.plot(
                [period.start, period.end], [0, value], linestyle="--", color=_PATH,
                linewidth=1.5, label=pro_rata,
            )  # fmt: skip
            pro_rata = "_nolegend_"
    if (
        path is not None
        and len(path.points) > 1
        and not any(publication.hides_value(v, indicator) for _, v in path.points)
    ):
        ax.plot(
            [d for d, _ in path.points], [v for _, v in path.points], linestyle="--",
            color=_PATH, linewidth=1.5, label="planned trajectory",
        )  # fmt: skip
    milestone_label = "milestone (target)"
    band_label = "target band"
    for result in results:
        rule = result.target.rule
        period = result.target.period
        if isinstance(rule, Between):
            ax.axhspan(
                rule.low, rule.high, xmin=0, xmax=1, color=_BAND, alpha=0.25, label=band_label
            )
            band_label = "_nolegend_"
            continue
        value = result.target_value
        if value is None or publication.hides_value(value, indicator):
            continue
        ax.plot(
            [period.end], [value], marker="D", linestyle="none", color=_MILESTONE,
            markersize=8, label=milestone_label,
        )  # fmt: skip
        ax.annotate(
            f"{indicator.format(round(value, 1))} by {period}", (period.end, value),
            textcoords="offset points", xytext=(6, 6), fontsize=8, color=_MILESTONE,
        )  # fmt: skip
        milestone_label = "_nolegend_"
    points, years, withheld = _actuals(indicator, observations, report.as_of)
    points = [(d, v) for d, v in points if not publication.hides_value(v, indicator)]
    years = [(d, v) for d, v in years if not publication.hides_value(v, indicator)]
    label = "year to date (quarters)" if flow else "recorded (quarters)"
    for segment in _segments(points, by_year=flow):
        ax.plot(
            [d for d, _ in segment], [v for _, v in segment], marker="o", color=_ACTUAL,
            linewidth=1.5, label=label,
        )  # fmt: skip
        label = "_nolegend_"
    if years:
        ax.plot(
            [d for d, _ in years], [v for _, v in years], marker="s", linestyle="none",
            color=_ACTUAL, markerfacecolor="white", markersize=8, label="recorded (years)",
        )  # fmt: skip
    ax.axvline(report.as_of, color="#555555", linewidth=1, linestyle=":")
    ax.annotate(
        f"as at {report.as_of:%d %b %Y}", (report.as_of, 1), xycoords=("data", "axes fraction"),
        xytext=(-4, -12), textcoords="offset points", ha="right", fontsize=8, color="#333333",
    )  # fmt: skip
    if withheld:
        ax.text(
            0.01, 0.02, f"{withheld} value{'s' if withheld != 1 else ''} withheld, not shown",
            transform=ax.transAxes, fontsize=8, color="#333333",
        )  # fmt: skip
    ax.set_title("\n".join(textwrap.wrap(indicator.name[:1].upper() + indicator.name[1:], 70)),
                 fontsize=10, loc="left")  # fmt: skip
    unit = "%" if indicator.is_percent else indicator.unit.replace("_", " ")
    ax.set_ylabel(unit)
    if indicator.is_percent:
        low, high = ax.get_ylim()
        ax.set_ylim(max(0.0, low), min(100.0, high) if high > 0 else 100.0)
    ax.grid(visible=True, axis="y", color="#dddddd", linewidth=0.6)
    handles, _ = ax.get_legend_handles_labels()
    if handles:
        ax.legend(fontsize=7.5, loc="best", frameon=False)
    fig.autofmt_xdate(rotation=0, ha="center")
    return fig


def indicator_chart(
    report: Report,
    indicator: str,
    observations: Iterable[Observation] = (),
    *,
    format: ChartFormat = "svg",  # noqa: A002
    suppress_below: int | None = None,
    publication: PublicationPolicy | None = None,
) -> bytes:
    """Draw one indicator's chart and return the image.

    Args:
        report: What :func:`~safeguarding_plan.evaluation.evaluate` returned.
        indicator: The indicator's id.
        observations: The observations evaluated (the recorded values drawn).
        format: ``"svg"`` or ``"png"``.
        suppress_below: Leave out counts below this (small-number suppression).
        publication: The :class:`~safeguarding_plan.evaluation.PublicationPolicy` shared
            with the report (instead of ``suppress_below``).

    Raises:
        ResultNotFoundError: (a :class:`KeyError`) if no target of the report measures
            that indicator.
        ImportError: if matplotlib is not installed.
    """
    mpl = _matplotlib()
    results = [r for r in report.targets if r.indicator.id == indicator]
    if not results:
        known = {r.indicator.id for r in report.targets}
        raise ResultNotFoundError(
            "target measuring an indicator", indicator, suggest(indicator, known)
        )
    with mpl.rc_context(
        {"svg.fonttype": "none", "svg.hashsalt": "safeguarding-plan", "font.size": 9}
    ):
        policy = _policy(publication, suppress_below)
        fig = _draw(report, results[0].indicator, results, tuple(observations), policy)
        buffer = io.BytesIO()
        metadata = {"Date": None} if format == "svg" else {}
        fig.savefig(buffer, format=format, metadata=metadata)
    return buffer.getvalue()


def chart_data_uris(
    report: Report,
    observations: Iterable[Observation] = (),
    *,
    format: ChartFormat = "svg",  # noqa: A002
    suppress_below: int | None = None,
    publication: PublicationPolicy | None = None,
) -> dict[str, str]:
    """Every chart as a ``data:`` URI, by indicator id, for embedding in HTML."""
    policy = _policy(publication, suppress_below)
    data = tuple(observations)
    mime = "image/svg+xml" if format == "svg" else "image/png"
    return {
        ind: f"data:{mime};base64,"
        + base64.b64encode(
            indicator_chart(report, ind, data, format=format, publication=policy)
        ).decode("ascii")
        for ind in charted_indicators(report)
    }


def write_charts(
    report: Report,
    directory: str | pathlib.Path,
    observations: Iterable[Observation] = (),
    *,
    format: ChartFormat = "png",  # noqa: A002
    suppress_below: int | None = None,
    publication: PublicationPolicy | None = None,
) -> list[pathlib.Path]:
    """Write one chart per indicator into ``directory`` as ``<indicator>.<format>``.

    Returns:
        The paths written, in plan order.

    Raises:
        OSError: if the directory cannot be made or written to.
    """
    policy = _policy(publication, suppress_below)
    folder = pathlib.Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    data = tuple(observations)
    written = []
    for ind in charted_indicators(report):
        path = folder / f"{ind}.{format}"
        path.write_bytes(indicator_chart(report, ind, data, format=format, publication=policy))
        written.append(path)
    return written
