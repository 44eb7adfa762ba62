"""Charts: baseline, trajectory and milestones against actuals, as PNG and SVG."""

import builtins
import datetime as dt
import pathlib
import re
import tomllib

import attrs
import markupsafe
import pytest

pytest.importorskip("matplotlib")

from safeguarding_plan import charts
from safeguarding_plan.charts import (
    MATPLOTLIB_REQUIREMENT,
    chart_data_uris,
    charted_indicators,
    draw_charts,
    indicator_chart,
    write_charts,
)
from safeguarding_plan.errors import ReportError
from safeguarding_plan.evaluation import evaluate
from safeguarding_plan.model import Measure
from safeguarding_plan.observation_files import load_observations
from safeguarding_plan.plans import stockport_2023_26
from safeguarding_plan.reports import render_html

ROOT = pathlib.Path(__file__).parent.parent
DATA = ROOT / "examples" / "data"
REPORT_WIDTH_PX = 640  # the HTML report shows a chart 40rem wide


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
    assert f'alt="Chart of {_percent_indicator(report).name}:' in page


def test_write_charts_is_all_or_nothing(report, observations, tmp_path, monkeypatch):
    """If any chart fails, no chart file and no folder made for them is left behind."""
    drawn = []
    real = charts._draw

    def fail_on_the_third(*args, **kwargs):
        drawn.append(args)
        if len(drawn) == 3:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(charts, "_draw", fail_on_the_third)
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


def _layers_and_figure(report, indicator_id, observations=None, threshold=None):
    """What a chart draws, and the figure it is drawn on (ready to measure)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from safeguarding_plan import charts

    results = [t for t in report.targets if t.indicator.id == indicator_id]
    recorded = [o for o in observations or report.observations if o.indicator == indicator_id]
    from safeguarding_plan.evaluation import PublicationPolicy

    policy = PublicationPolicy(suppress_below=threshold)
    layers = charts._layers(report, results[0].indicator, results, recorded, policy)
    figure = Figure(dpi=100)
    FigureCanvasAgg(figure)
    charts._draw(layers, figure, figure.add_axes((0, 0, 1, 1)))
    figure.draw_without_rendering()
    return layers, figure


class TestReadableInPrint:
    def test_every_text_is_at_least_13_pixels_in_the_report(self, report):
        """Shown 40rem wide, every text on every chart is 13 CSS pixels or more."""
        for chart in draw_charts(report):
            svg = chart.image.decode()
            width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
            sizes = [float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg)]

            assert sizes, chart.indicator.id
            assert 13 <= min(sizes) * REPORT_WIDTH_PX / width, chart.indicator.id

    def test_every_label_is_inside_the_frame(self, report):
        """Milestone and date labels sit inside the plot; no text leaves the figure."""
        for indicator_id in charted_indicators(report):
            _, figure = _layers_and_figure(report, indicator_id)
            (ax,) = figure.axes
            renderer = figure.canvas.get_renderer()
            inside = ax.bbox.padded(1)
            whole = figure.bbox.padded(1)

            for label in ax.texts:
                box = label.get_window_extent(renderer)
                assert inside.contains(box.x0, box.y0), (indicator_id, label.get_text())
                assert inside.contains(box.x1, box.y1), (indicator_id, label.get_text())
            for text in figure.findobj(lambda a: hasattr(a, "get_text") and a.get_text()):
                box = text.get_window_extent(renderer)
                assert whole.contains(box.x0, box.y0), (indicator_id, text.get_text())
                assert whole.contains(box.x1, box.y1), (indicator_id, text.get_text())


class TestWords:
    def test_alt_text_and_caption_name_the_indicator(self, report):
        """Alt text and caption give the indicator's name, never its id."""
        for chart in draw_charts(report):
            name = chart.indicator.name

            assert chart.alt.startswith(f"Chart of {name}: ")
            assert chart.caption.startswith(f"{name[:1].upper()}{name[1:]}. ")
            assert chart.indicator.id not in chart.alt + chart.caption

    def test_the_caption_describes_only_what_is_drawn(self, report):
        """Each element the caption names has its entry in the drawn legend, and back."""
        legend = {
            "baseline for": "baseline (",
            "planned trajectory": "planned trajectory",
            "pro-rata path": "pro-rata path to the target",
            "milestones": "milestone (target)",
            "target band": "target band",
            "by quarter": "(quarters)",
            "whole years": "recorded (years)",
        }
        for chart in draw_charts(report):
            svg = chart.image.decode()
            for words, entry in legend.items():
                assert (words in chart.caption) == (entry in svg), (chart.indicator.id, words)

    def test_a_chart_without_values_says_so(self, report):
        """With no recorded values, the chart and its words say none were recorded."""
        empty = evaluate(report.plan, as_of=report.as_of)
        chart = draw_charts(empty)[0]

        assert "recorded values" not in chart.caption
        assert "No values recorded up to 31 Dec 2024." in chart.caption
        assert "no values recorded up to 31 Dec 2024" in chart.image.decode()

    def test_names_are_text_never_mathtext(self, report):
        """A '$' in an indicator's name is drawn as a dollar sign, not as mathematics."""
        name = r"spend in $ per head and $\frac{1}{2}$ of $x^2$"
        plan = report.plan
        indicators = tuple(
            attrs.evolve(i, name=name) if i.id == "msp-asked" else i for i in plan.indicators
        )
        odd = evaluate(attrs.evolve(plan, indicators=indicators), as_of=report.as_of)

        svg = indicator_chart(odd, "msp-asked").decode()

        assert "$\\frac{1}{2}$ of $x^2$" in svg.replace("&#x27;", "'")


class TestTheReportKeysEachChartInItsCaption:
    """The HTML report leaves the legend out of its charts: the caption beside each is the key."""

    LEGEND_WORDS = ("planned trajectory", "pro-rata path to the target", "milestone (target)",
                    "target band", "recorded (quarters)", "year to date (quarters)",
                    "recorded (years)")  # fmt: skip

    def test_without_a_legend_the_same_elements_are_drawn_and_none_is_named(self, report):
        """legend=False draws what legend=True draws, minus the key's words."""
        with_key = draw_charts(report)
        without = draw_charts(report, legend=False)

        assert [c.shown for c in with_key] == [c.shown for c in without]
        assert [c.caption for c in with_key] == [c.caption for c in without]
        for chart in without:
            svg = chart.image.decode()
            assert not [w for w in self.LEGEND_WORDS if w in svg], chart.indicator.id
        assert any(w in c.image.decode() for c in with_key for w in self.LEGEND_WORDS)

    def test_the_html_report_puts_each_key_in_a_figcaption(self, report):
        """Every chart in the page has no legend and its caption, as text, beside it."""
        page = render_html(report, charts=True)

        for chart in draw_charts(report, legend=False):
            assert chart.data_uri in page, chart.indicator.id
            assert f"<figcaption>{markupsafe.escape(chart.caption)}</figcaption>" in page


def test_y_axis_labels_use_the_report_s_number_formatter():
    """Tick labels read like every other number: commas, at most two decimals, no -0."""
    assert charts._tick_label(12500.0) == "12,500"
    assert charts._tick_label(0.125) == "0.13"
    assert charts._tick_label(-0.0) == "0"
    assert charts._tick_label(70.0, 3) == "70"


class TestObservations:
    def test_charts_draw_the_report_s_own_observations(self, report, observations):
        """Without observations given, the values drawn are the ones the report judged."""
        assert indicator_chart(report, "msp-asked", observations) == indicator_chart(
            report, "msp-asked"
        )
        assert "recorded values by quarter" in draw_charts(report)[-1].caption

    def test_other_observations_are_refused(self, report, observations):
        """Observations other than those judged are refused, naming the field."""
        with pytest.raises(ReportError, match="observations: charts draw the") as caught:
            chart_data_uris(report, observations[:3])

        assert "observations" == caught.value.field


def test_without_matplotlib_the_error_says_how_to_install_it(report, monkeypatch):
    """The install hint works anywhere, and asks for the charts extra's matplotlib."""
    real_import = builtins.__import__

    def no_matplotlib(name, *args, **kwargs):
        if name == "matplotlib" or name.startswith("matplotlib."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

    with pytest.raises(ImportError) as caught:
        indicator_chart(report, "msp-asked")

    assert [MATPLOTLIB_REQUIREMENT] == pyproject["project"]["optional-dependencies"]["charts"]
    assert f'python -m pip install "{MATPLOTLIB_REQUIREMENT}"' in str(caught.value)


class TestFlowsNeverRevealACount:
    """A flow's running total stops where a quarter is missing, withheld or hidden."""

    PLAN = """
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

    def _quarters(self, values, threshold=None):
        from safeguarding_plan import Observation, loads_plan

        plan = loads_plan(self.PLAN, format="yaml")
        data = [
            Observation(indicator="sar", period=f"2023/24 Q{n}", suppressed=v)
            if isinstance(v, str)
            else Observation(indicator="sar", period=f"2023/24 Q{n}", value=v)
            for n, v in enumerate(values, start=1)
            if v is not None
        ]
        report = evaluate(plan, data, as_of=dt.date(2024, 1, 31))
        layers, _ = _layers_and_figure(report, "sar", threshold=threshold)
        return [y for segment in layers.quarters for _, y in segment]

    def test_a_hidden_quarter_ends_the_line(self):
        """10, 2, 9 with counts below 5 hidden: only 10 is drawn (12 - 10 would show the 2)."""
        assert [10.0] == self._quarters([10, 2, 9], threshold=5)

    def test_a_withheld_quarter_ends_the_line(self):
        """10, c, 9: the total after a withheld quarter is unknown, so it is not drawn."""
        assert [10.0] == self._quarters([10, "c", 9])

    def test_a_withheld_quarter_with_a_declared_range_is_never_drawn_as_a_point(self):
        """10, c (DfE: 1 to 5), 9: the range may be judged, but no point is drawn."""
        from safeguarding_plan import Observation, loads_plan

        plan = loads_plan(self.PLAN + "withheld: dfe\n", format="yaml")
        data = [Observation(indicator="sar", period="2023/24 Q1", value=10),
                Observation(indicator="sar", period="2023/24 Q2", suppressed="c"),
                Observation(indicator="sar", period="2023/24 Q3", value=9)]  # fmt: skip
        report = evaluate(plan, data, as_of=dt.date(2024, 1, 31))
        assert report.target("sar-2023-24").actual_range is not None
        layers, _ = _layers_and_figure(report, "sar")
        assert [10.0] == [y for segment in layers.quarters for _, y in segment]

    def test_a_missing_quarter_ends_the_line(self):
        """10, missing, 9: a running total across a gap would be wrong."""
        assert [10.0] == self._quarters([10, None, 9])

    def test_a_whole_run_is_drawn(self):
        """10, 6, 9: the running total 10, 16, 25."""
        assert [10.0, 16.0, 25.0] == self._quarters([10, 6, 9])
