"""Charts: baseline, trajectory and milestones against actuals, as PNG and SVG."""

import datetime as dt
import pathlib

import pytest

pytest.importorskip("matplotlib")

from safeguarding_plan import charts
from safeguarding_plan.charts import (
    chart_data_uris,
    charted_indicators,
    indicator_chart,
    write_charts,
)
from safeguarding_plan.evaluation import evaluate
from safeguarding_plan.model import Measure
from safeguarding_plan.observation_files import load_observations
from safeguarding_plan.plans import stockport_2023_26
from safeguarding_plan.reports import render_html

DATA = pathlib.Path(__file__).parent.parent / "examples" / "data"


@pytest.fixture(name="observations", scope="module")
def _observations():
    return load_observations(DATA / "stockport-illustrative.csv", stockport_2023_26())


@pytest.fixture(name="report", scope="module")
def _report(observations):
    return evaluate(stockport_2023_26(), observations, as_of=dt.date(2024, 12, 31))


def _percent_indicator(report):
    """A percentage indicator with a baseline and targets."""
    return next(
        t.indicator for t in report.targets
        if t.indicator.is_percent and t.indicator.baseline is not None
        and t.indicator.baseline.value is not None
    )  # fmt: skip


def _withheld_indicator(report, observations):
    """A percentage indicator with one withheld value among values that are not."""
    withheld = [o for o in observations if o.is_suppressed and o.period.end <= report.as_of]
    shown = {o.indicator for o in observations if not o.is_suppressed}
    return next(
        t.indicator for t in report.targets
        if t.indicator.id in shown
        and sum(1 for o in withheld if o.indicator == t.indicator.id) == 1
    )  # fmt: skip


def _flow(report):
    """A flow indicator whose targets resolve to values."""
    return next(
        t.indicator for t in report.targets
        if t.indicator.measure is Measure.FLOW and t.target_value is not None
        and t.actual is not None
    )  # fmt: skip


def test_one_chart_per_indicator_with_targets(report):
    """Every indicator that a target measures gets a chart, in plan order."""
    expected = tuple(dict.fromkeys(t.indicator.id for t in report.targets))

    assert expected == charted_indicators(report)


def test_png_and_svg(report, observations):
    """Charts come as PNG or SVG."""
    ind = _percent_indicator(report).id
    png = indicator_chart(report, ind, observations, format="png")
    svg = indicator_chart(report, ind, observations, format="svg")

    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert b"<svg" in svg


def test_the_chart_shows_baseline_trajectory_milestones_and_actuals(report, observations):
    """The legend names each element; milestones are labelled with value and year."""
    ind = _percent_indicator(report)
    svg = indicator_chart(report, ind.id, observations).decode()
    milestones = [
        f"{ind.format(round(t.target_value, 1))} by {t.target.period}"
        for t in report.targets
        if t.indicator.id == ind.id and t.target_value is not None
    ]

    assert milestones
    for label in (f"baseline ({ind.baseline.period})", "planned trajectory",
                  "milestone (target)", "recorded (quarters)", "as at 31 Dec 2024",
                  *milestones):  # fmt: skip
        assert label in svg


def test_withheld_values_are_noted_not_drawn(report, observations):
    """A suppressed value is counted on the chart, never plotted."""
    ind = _withheld_indicator(report, observations)
    svg = indicator_chart(report, ind.id, observations).decode()

    assert "1 value withheld, not shown" in svg


def test_flows_are_drawn_year_to_date_against_a_pro_rata_path(report, observations):
    """A flow shows year-to-date totals and a pro-rata path to each target."""
    svg = indicator_chart(report, _flow(report).id, observations).decode()

    assert "year to date (quarters)" in svg
    assert "pro-rata path to the target" in svg


def test_small_counts_are_left_out_when_suppressing(report, observations):
    """With suppress_below, counts below N are not drawn or labelled."""
    flow = _flow(report)
    big = 1 + max(t.target_value for t in report.targets if t.indicator.id == flow.id)
    plain = indicator_chart(report, flow.id, observations).decode()
    suppressed = indicator_chart(report, flow.id, observations, suppress_below=big).decode()

    assert "milestone (target)" in plain
    assert "milestone (target)" not in suppressed
    assert "year to date (quarters)" not in suppressed


def test_an_indicator_without_targets_is_a_key_error(report):
    """Asking for a chart of an indicator no target measures is a KeyError."""
    with pytest.raises(KeyError, match="no target"):
        indicator_chart(report, "no-such-indicator")


def test_write_charts_writes_one_file_each(report, observations, tmp_path):
    """write_charts writes <indicator>.<format> for each charted indicator."""
    paths = write_charts(report, tmp_path / "charts", observations, format="svg")

    assert [p.name for p in paths] == [f"{i}.svg" for i in charted_indicators(report)]
    assert all(p.stat().st_size > 1000 for p in paths)


def test_charts_are_embedded_in_the_html(report, observations):
    """The HTML embeds each chart as a data URI image with alt text."""
    uris = chart_data_uris(report, observations, format="png")
    page = render_html(report, observations=observations, charts=True)

    assert all(uri.startswith("data:image/png;base64,") for uri in uris.values())
    assert page.count('<img src="data:image/svg+xml;base64,') == len(uris)
    assert f'alt="Chart of {_percent_indicator(report).id}:' in page


def test_write_charts_is_all_or_nothing(report, observations, tmp_path, monkeypatch):
    """If any chart fails, no chart file and no folder made for them is left behind."""
    drawn = []
    real = charts.indicator_chart

    def fail_on_the_third(*args, **kwargs):
        drawn.append(args[1])
        if len(drawn) == 3:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(charts, "indicator_chart", fail_on_the_third)
    with pytest.raises(OSError, match="No space left"):
        write_charts(report, tmp_path / "new" / "charts", observations, format="svg")

    assert [] == list(tmp_path.iterdir())


def test_write_charts_replaces_old_charts_whole(report, observations, tmp_path):
    """Charts written again replace the old files, leaving no temporary file behind."""
    folder = tmp_path / "charts"
    first = write_charts(report, folder, observations, format="svg")

    second = write_charts(report, folder, observations, format="svg")

    assert first == second
    assert sorted(first) == sorted(folder.iterdir())
