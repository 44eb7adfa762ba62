"""The quarterly scrutiny report: content, accessibility, escaping and suppression."""

import collections
import datetime as dt
import html.parser
import json
import pathlib
import re
import shutil
import subprocess

import attrs
import markupsafe
import pytest
from markdown_it import MarkdownIt

from safeguarding_plan.errors import ReportError
from safeguarding_plan.evaluation import RAG, ActionStatus, Status, evaluate
from safeguarding_plan.model import format_value
from safeguarding_plan.observation_files import (
    load_action_updates,
    load_assessments,
    load_observations,
)
from safeguarding_plan.observations import ActionUpdate, Assessment, Observation
from safeguarding_plan.plans import stockport_2023_26
from safeguarding_plan.reports import (
    SUPPRESSED_MARKER,
    format_for,
    render,
    render_html,
    render_json,
    render_markdown,
    write_report,
)

DATA = pathlib.Path(__file__).parent.parent / "examples" / "data"
AS_OF = dt.date(2024, 12, 31)
HOSTILE = '<script>alert("x")</script><b id="injected">bold</b>'
# Markup a plan or a data file might carry, on purpose or not (issue 10).
MARKUP = (
    "[x](javascript:alert(1)) ![img](http://example.org/a.png) <script>alert(2)</script> "
    '<img src=x onerror="alert(3)"> <a href="http://example.org">here</a> *bold* `code` '
    "Training &amp; Workforce <http://example.org> https://example.org www.example.org"
)


def _markdown_view(text):
    """What a CommonMark renderer (with tables) makes of Markdown: its elements and text."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    inline = [child for t in tokens for child in (t.children or [])]
    kinds = collections.Counter(t.type for t in [*tokens, *inline])
    return kinds, "".join(t.content for t in inline if t.type == "text")


def _small_count_target(report, threshold):
    """A judged target on a count whose actual or reference is below ``threshold``."""
    return next(
        t for t in report.targets
        if t.unit == "count" and t.actual is not None and t.expected is not None
        and any(v is not None and 0 < v < threshold for v in (t.actual, t.baseline, t.reference))
    )  # fmt: skip


def _esc(text):
    return str(markupsafe.escape(text))


def _rows(page, item_id):
    """Every table row of the page that names an item, as HTML."""
    rows = re.findall(r"<tr[ >].*?</tr>", page, flags=re.DOTALL)
    return [row for row in rows if f">{item_id}<" in row]


def _table_row(page, item_id):
    """The first row of an item in a priority's table (not in 'Needs attention')."""
    return next(row for row in _rows(page, item_id) if "<td>" not in row.split("</th>")[0])


@pytest.fixture(name="data", scope="module")
def _data():
    plan = stockport_2023_26()
    return (
        plan,
        load_observations(DATA / "stockport-illustrative.csv", plan),
        load_action_updates(DATA / "stockport-illustrative-updates.csv", plan),
        load_assessments(DATA / "stockport-illustrative-assessments.csv", plan),
    )


@pytest.fixture(name="report", scope="module")
def _report(data):
    plan, observations, updates, assessments = data
    return evaluate(plan, observations, updates=updates, assessments=assessments, as_of=AS_OF)


@pytest.fixture(name="page", scope="module")
def _page(report):
    return render_html(report)


@pytest.fixture(name="marked", scope="module")
def _marked(data):
    """The report with markup in the plan's title and in an action's note."""
    plan, observations, updates, assessments = data
    action = next(plan.iter_actions()).id
    return evaluate(
        attrs.evolve(plan, title=MARKUP), observations,
        updates=[*updates, ActionUpdate(action=action, on="2024-12-01", state="dropped",
                                        note=MARKUP)],
        assessments=assessments, as_of=AS_OF,
    )  # fmt: skip


class TestIllustrativeData:
    def test_every_status_and_rag_is_exercised(self, report):
        """The example data shows every target status, action state and RAG."""
        assert set(Status) == {t.status for t in report.targets}
        assert set(ActionStatus) == {a.status for a in report.actions}
        assert set(RAG) == {t.rag for t in report.targets}
        assert set(RAG) == {a.rag for a in report.actions}
        assert set(RAG) == {o.rag for o in report.outcomes}

    def test_the_quick_start_date_has_a_mix_too(self, data):
        """As at 31 March 2024 (the README's date) there is green, amber, red and grey."""
        plan, observations, *_ = data

        early = evaluate(plan, observations, as_of=dt.date(2024, 3, 31))

        assert set(RAG) == {t.rag for t in early.targets}


class TestContent:
    def test_summary_at_the_top_counts_by_rag(self, report):
        """The summary gives the counts by RAG before any priority."""
        text = render_markdown(report)
        summary = text[: text.index("## Joint partnership")]

        for rag in RAG:
            assert f"{rag.symbol} {rag.label}" in summary
        total = report.overall.total
        assert f"| {len(report.targets)} |" in summary
        assert total == sum(report.overall.count(r) for r in RAG)

    def test_every_target_with_its_figures(self, report, page):
        """Each target: description, baseline, milestone, actual, status, RAG, gap, travel."""
        for result in report.targets:
            assert _esc(report.plan.describe(result.target)) in page
            assert result.id in page
        on_track = next(
            t for t in report.targets
            if t.status is Status.ON_TRACK and t.indicator.is_percent and t.baseline is not None
        )  # fmt: skip
        row = _table_row(page, on_track.id)
        ind = on_track.indicator
        for figure in (on_track.baseline, on_track.target_value, on_track.actual,
                       on_track.expected):  # fmt: skip
            assert _esc(format_value(figure, ind.unit)) in row
        assert str(on_track.period) in row
        assert "on track" in row
        assert "rag-green" in row
        assert "\N{HEAVY CHECK MARK}</span> Green" in row
        assert on_track.direction.label in row
        assert "percentage point" in row

    def test_percentage_gaps_are_in_percentage_points(self, report):
        """A gap between percentages says percentage points, not percent."""
        missed = next(
            t for t in report.targets
            if t.status is Status.NOT_MET and t.indicator.is_percent and t.gap and t.gap > 0
        )  # fmt: skip
        text = render_markdown(report)
        row = next(line for line in text.splitlines() if f"({missed.id})" in line)

        assert format_value(missed.gap, "percentage_point", signed=True) in row
        assert "percentage points" in row

    def test_small_samples_show_their_confidence(self, report, page):
        """A figure from a small audit carries its interval and confidence."""
        sampled = [t for t in report.targets if t.confidence is not None]

        assert sampled
        for result in sampled:
            row = _table_row(page, result.id)
            assert f"{result.confidence.value} (95% interval" in row

    def test_every_action_with_owner_due_year_and_state(self, report, page):
        """Each action: its text, owner (or that none is named), due year and state."""
        for result in report.actions:
            assert _esc(result.action.text) in page
            row = _table_row(page, result.id)
            assert _esc(result.action.owner or "not named in the plan") in row
            assert str(result.due) in row
        assert "complete (late)" in page

    def test_action_details_are_shown_wherever_the_action_is(self, report, page):
        """An action's details follow it in the HTML and Markdown tables and in JSON."""
        guidance = report.action("working-with-men-guidance")
        details = guidance.action.details
        row = _table_row(page, guidance.id)
        markdown = render_markdown(report)
        record = next(
            r for r in json.loads(render_json(report))["records"] if r["id"] == guidance.id
        )

        assert details
        assert [f"<li>{_esc(d)}</li>" for d in details] == re.findall(r"<li>.*?</li>", row)
        assert f"| {guidance.action.describe()} |" in markdown
        assert list(details) == record["details"]

    def test_needs_attention_says_what_an_action_is_on(self, report):
        """In 'Needs attention', an action's explanation names its details too."""
        guidance = report.action("working-with-men-guidance")
        text = render_markdown(report)
        attention = text[text.index("### Needs attention") : text.index("## Joint partnership")]
        row = next(line for line in attention.splitlines() if f"Action {guidance.id}" in line)

        assert guidance.rag in {RAG.RED, RAG.AMBER}
        for detail in guidance.action.details:
            assert detail in row

    def test_qualitative_outcomes_with_their_assessment(self, report, page):
        """Each qualitative outcome shows its judgement, date and evidence."""
        for result in report.outcomes:
            assert _esc(result.outcome.text) in page
        assert "not yet assessed" in page
        for result in report.outcomes:
            if result.assessment is not None and result.assessment.evidence:
                assert _esc(result.assessment.evidence) in _table_row(page, result.id)

    def test_overdue_items_need_attention(self, report):
        """Overdue targets and actions are listed in 'Needs attention'."""
        text = render_markdown(report)
        attention = text[text.index("### Needs attention") : text.index("## Joint partnership")]

        assert "no data (overdue)" in attention
        overdue = [a for a in report.actions if a.status is ActionStatus.OVERDUE]
        assert overdue
        for result in overdue:
            assert f"Action {result.id}" in attention

    def test_priorities_grouped_by_partnership(self, report):
        """Each partnership heads its own priorities."""
        text = render_markdown(report)

        assert text.index("## Joint partnership") < text.index("### Joint priority: Improve")
        assert text.index("## Children's partnership") < text.index(
            "### Children's priority: Working with men"
        )

    def test_withheld_values_are_never_printed(self, report, page):
        """A suppressed result shows 'withheld', never a number."""
        withheld = [t for t in report.targets if t.status is Status.SUPPRESSED]

        assert withheld
        for result in withheld:
            row = _table_row(page, result.id)
            _, _, actual, expected, gap, progress = re.findall(
                r'<td class="num">(.*?)</td>', row, flags=re.DOTALL
            )
            assert actual.startswith("withheld")
            assert [expected, gap, progress] == ["\N{EN DASH}"] * 3

    def test_json_report(self, report):
        """JSON holds the roll-ups and one record per target, action and outcome."""
        document = json.loads(render_json(report))

        assert AS_OF.isoformat() == document["as_of"]
        assert report.overall.rag.value == document["overall"]["rag"]
        expected = len(report.targets) + len(report.actions) + len(report.outcomes)
        assert expected == len(document["records"])
        assert len(report.priorities) == len(document["priorities"])
        actions = {r["id"]: r for r in document["records"] if r["kind"] == "action"}
        for result in report.actions:
            assert result.action.owner == actions[result.id]["owner"]
            assert str(result.due) == actions[result.id]["period"]

    def test_render_and_write_report_choose_the_format(self, report, tmp_path):
        """render() dispatches on the format; write_report() reads it from the suffix."""
        assert render(report, "md") == render_markdown(report)
        path = write_report(report, tmp_path / "r.json")
        assert json.loads(path.read_text(encoding="utf-8"))["plan"] == "stockport-2023-26"
        with pytest.raises(ValueError, match="cannot tell the report format"):
            write_report(report, tmp_path / "r.pdf")
        with pytest.raises(ValueError, match="unknown report format"):
            render(report, "pdf")  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("path", "fmt", "expected"),
        [("r.md", None, "md"), ("R.HTML", None, "html"), ("r.json", "json", "json"),
         ("r.txt", "md", "md"), ("-", "html", "html")],
    )  # fmt: skip
    def test_the_format_comes_from_the_suffix_or_is_given(self, path, fmt, expected):
        """format_for: the format given, else the suffix's."""
        assert expected == format_for(path, fmt)

    @pytest.mark.parametrize(
        ("path", "fmt", "message"),
        [("r.txt", None, "cannot tell the report format"),
         ("r.md", "html", "a .md file is md, not html"),
         ("r.md", "pdf", "use one of md, html, json")],
    )  # fmt: skip
    def test_a_format_nothing_says_or_that_disagrees_is_refused(self, path, fmt, message):
        """Neither the suffix nor the format says it, or they disagree: a ReportError."""
        with pytest.raises(ReportError, match=message) as caught:
            format_for(path, fmt)

        assert (path, "format", fmt) == (caught.value.path, caught.value.field, caught.value.value)

    def test_write_report_charts_use_the_report_s_own_observations(self, report, tmp_path):
        """write_report(..., charts=True) draws the values the report judged."""
        pytest.importorskip("matplotlib")

        page = write_report(report, tmp_path / "r.html", charts=True).read_text(encoding="utf-8")

        assert "recorded values by quarter" in page

    def test_write_report_refuses_other_observations(self, report, tmp_path):
        """Observations that are not the report's are refused, naming file and field."""
        pytest.importorskip("matplotlib")
        path = tmp_path / "r.html"

        with pytest.raises(ReportError, match="observations: charts draw") as caught:
            write_report(report, path, charts=True, observations=[])

        assert (str(path), "observations") == (caught.value.path, caught.value.field)
        assert not path.exists()


class TestMarkdown:
    def test_ampersands_are_not_entities(self, report):
        """An '&' in the plan is an '&' in the Markdown, not '&amp;'."""
        text = render_markdown(report)

        assert "&amp;" not in text
        assert "Training & Workforce Development Sub-Group" in text


class TestDataIsText:
    """Links, images and markup in data show as text, in Markdown and HTML (issue 10)."""

    def test_markdown_shows_markup_from_data_as_text(self, marked, data):
        """Markup in data adds no element (link, image, HTML, emphasis); its text shows."""
        plan, observations, updates, assessments = data
        plain = evaluate(
            plan, observations,
            updates=[*updates, ActionUpdate(action=next(plan.iter_actions()).id,
                                            on="2024-12-01", state="dropped", note="plain")],
            assessments=assessments, as_of=AS_OF,
        )  # fmt: skip

        kinds, shown = _markdown_view(render_markdown(marked))

        assert _markdown_view(render_markdown(plain))[0] == kinds
        assert kinds["link_open"] == kinds["image"] == kinds["html_inline"] == 0
        assert shown.count(MARKUP) >= 2  # the title and the note

    def test_html_shows_markup_from_data_as_text(self, marked):
        """The HTML holds the title and note as escaped text: no link, image or script."""
        page = render_html(marked)
        found = _Elements()
        found.feed(page)

        assert [] == [a for a in found.links if not a.startswith("#")]
        assert [] == found.images
        assert 0 == found.scripts
        assert page.count(_esc(MARKUP)) >= 2


class _Elements(html.parser.HTMLParser):
    """The structure an accessibility check looks at, collected from an HTML page."""

    def __init__(self):
        super().__init__()
        self.lang = None
        self.ids = set()
        self.links = []
        self.images = []
        self.scripts = 0
        self.headings = []
        self.unscoped_th = 0
        self.landmarks = []
        self.first_link = None

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if "id" in found:
            self.ids.add(found["id"])
        if tag == "html":
            self.lang = found.get("lang")
        elif tag == "a":
            self.links.append(found.get("href", ""))
            self.first_link = self.first_link or found.get("href")
        elif tag == "img":
            self.images.append(found.get("alt"))
        elif tag == "script":
            self.scripts += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "th" and found.get("scope") not in {"col", "row"}:
            self.unscoped_th += 1
        elif tag in {"header", "main", "footer", "nav"}:
            self.landmarks.append(tag)


def _check_accessibility(page):
    """A focused check of the page's structure: what a screen reader user relies on."""
    found = _Elements()
    found.feed(page)
    assert found.lang
    assert found.first_link is not None
    assert found.first_link.startswith("#")
    assert found.first_link[1:] in found.ids  # the skip link has a target
    assert ["header", "main", "footer"] == found.landmarks
    assert all(alt and alt.strip() for alt in found.images)
    assert 1 == found.headings.count(1)
    steps = zip(found.headings, found.headings[1:], strict=False)
    assert all(after <= before + 1 for before, after in steps)  # no level skipped
    assert 0 == found.unscoped_th
    assert all(link[1:] in found.ids for link in found.links if link.startswith("#"))


class TestHtml:
    def test_passes_a_focused_accessibility_check(self, report):
        """Language, skip link to main, landmarks, alt text, heading order, scoped headers."""
        pytest.importorskip("matplotlib")

        _check_accessibility(render_html(report, charts=True))

    def test_the_skip_link_comes_first_and_leads_to_the_report(self, page):
        """The first thing in the body is a link that skips to the main content."""
        body = page[page.index("<body>") :]

        assert body.index('<a class="skip-link" href="#report">') < body.index("<header>")
        assert '<main id="report" tabindex="-1">' in page

    def test_is_one_self_contained_accessible_page(self, page):
        """lang, captions, scoped headers, print styles; nothing loaded from elsewhere."""
        assert '<html lang="en-GB">' in page
        assert page.count("<caption>") >= 10
        assert 'scope="col"' in page
        assert 'scope="row"' in page
        assert "@media print" in page
        assert "<link" not in page
        assert re.search(r'(src|href)="https?:', page) is None
        assert "<script" not in page

    def test_rag_is_words_and_symbols_not_colour_alone(self, page):
        """Every RAG badge carries its word, and a symbol that screen readers skip."""
        badges = re.findall(
            r'<span class="rag rag-(\w+)"><span aria-hidden="true">(.)</span> (\w+)</span>', page
        )

        assert len(badges) > 100
        assert len(badges) == page.count('<span class="rag ')
        for rag, symbol, label in badges:
            assert (symbol, label) == (RAG(rag).symbol, RAG(rag).label)

    def test_values_from_files_are_escaped(self, data):
        """A note containing <script> is shown as text, never as markup."""
        plan, observations, updates, assessments = data
        action = next(plan.iter_actions()).id
        outcome = next(o.id for o in plan.iter_outcomes() if o.qualitative)
        hostile = evaluate(
            plan,
            observations,
            updates=[*updates, ActionUpdate(action=action, on="2024-12-01",
                                            state="dropped", note=HOSTILE)],
            assessments=[*assessments, Assessment(outcome=outcome, on="2024-12-01",
                                                  judgement="met", evidence=HOSTILE,
                                                  note=HOSTILE)],
            as_of=AS_OF,
        )  # fmt: skip

        page = render_html(hostile)
        text = render_markdown(hostile)

        assert "<script" not in page
        assert '<b id="injected">' not in page
        assert str(markupsafe.escape(HOSTILE)) in page
        kinds, shown = _markdown_view(text)
        assert {"html_inline", "html_block"}.isdisjoint(kinds)
        assert HOSTILE in shown


class TestSuppression:
    def test_counts_below_n_are_replaced(self, report):
        """With suppress_below, a target involving a count below N prints [c]."""
        small = _small_count_target(report, 10)
        text = render_markdown(report, suppress_below=10)
        row = next(line for line in text.splitlines() if f"({small.id})" in line)

        assert SUPPRESSED_MARKER in row
        assert format_value(small.expected, "count") not in row
        assert "Figures withheld for publication" in text

    def test_small_samples_are_masked(self, report):
        """'3 of 12' becomes '[c] of [c]' when a part is below N."""
        plain = render_markdown(report)
        samples = re.findall(r"\b(\d+) of (\d+)\b", plain)
        small = next(f"{a} of {b}" for a, b in samples if int(a) < 5)
        masked = render_markdown(report, suppress_below=5)

        assert small not in masked
        assert f"{SUPPRESSED_MARKER} of {SUPPRESSED_MARKER}" in masked

    def test_json_is_suppressed_too(self, report):
        """The JSON output applies the same suppression."""
        small = _small_count_target(report, 10)
        document = json.loads(render_json(report, suppress_below=10))
        record = next(r for r in document["records"] if r["id"] == small.id)

        assert SUPPRESSED_MARKER == record["actual"]
        assert 10 == document["suppressed_below"]

    def test_percentages_are_not_suppressed(self, report):
        """Only counts are suppressed; percentages stay."""
        text = render_markdown(report, suppress_below=10)
        for result in report.targets:
            if result.indicator.is_percent and result.actual is not None:
                row = next(line for line in text.splitlines() if f"({result.id})" in line)
                assert SUPPRESSED_MARKER not in row.split("|")[4]


def _chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.mark.skipif(
    _chromium() is None,
    reason="needs a headless Chromium (Debian: apt-get install -y chromium)",
)
class TestInARealBrowser:
    def _run(self, tmp_path, *args):
        return subprocess.run(  # noqa: S603 - a browser found on PATH, fixed arguments
            [
                _chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
                *args,
            ],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip

    def test_the_page_renders_with_no_injected_markup(self, data, tmp_path):
        """Chromium's DOM of the report holds the escaped note as text, not as elements."""
        plan, observations, updates, assessments = data
        action = next(plan.iter_actions()).id
        report = evaluate(
            plan, observations,
            updates=[*updates, ActionUpdate(action=action, on="2024-12-01", state="dropped",
                                            note=HOSTILE)],
            assessments=assessments, as_of=AS_OF,
        )  # fmt: skip
        path = tmp_path / "report.html"
        path.write_text(render_html(report), encoding="utf-8")

        result = self._run(tmp_path, "--dump-dom", path.as_uri())

        assert 0 == result.returncode, result.stderr[-2000:]
        dom = result.stdout
        assert "Needs attention" in dom
        assert 'id="injected"' not in dom.replace("&quot;", '"').replace(
            '&lt;b id="injected"&gt;', ""
        )
        assert "<title>Quarterly scrutiny report" in dom

    def test_the_page_prints(self, page, tmp_path):
        """Chromium prints the report to a multi-page PDF with its print styles."""
        path = tmp_path / "report.html"
        path.write_text(page, encoding="utf-8")
        pdf = tmp_path / "report.pdf"

        result = self._run(
            tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", path.as_uri()
        )

        assert 0 == result.returncode, result.stderr[-2000:]
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF")
        assert len(re.findall(rb"/Type\s*/Page[^s]", data)) > 3

    def test_axe_finds_no_accessibility_violations(self, report, tmp_path):
        """axe-core, run in Chromium on the report with charts, finds no violations."""
        pytest.importorskip("matplotlib")
        sync_api = pytest.importorskip("playwright.sync_api")
        axe = pytest.importorskip("axe_playwright_python.sync_playwright")
        path = tmp_path / "report.html"
        path.write_text(render_html(report, charts=True), encoding="utf-8")

        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=_chromium(),
                                                 args=["--no-sandbox"])  # fmt: skip
            try:
                tab = browser.new_page()
                tab.goto(path.as_uri())
                results = axe.Axe().run(tab)
            finally:
                browser.close()

        assert "" == results.generate_snapshot()
        assert results.response["passes"]

    def test_a_screenshot_is_taken(self, report, tmp_path):
        """Chromium draws the report (with charts) to a PNG screenshot."""
        pytest.importorskip("matplotlib")
        path = tmp_path / "report.html"
        path.write_text(render_html(report, charts=True), encoding="utf-8")
        shot = tmp_path / "shot.png"

        result = self._run(
            tmp_path, "--window-size=1280,2000", f"--screenshot={shot}", path.as_uri()
        )

        assert 0 == result.returncode, result.stderr[-2000:]
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert shot.stat().st_size > 50_000


class TestGapJudged:
    """The report's gap is against what was judged, and a band shows both bounds."""

    def _report(self, observations, as_of):
        return evaluate(stockport_2023_26(), observations, as_of=as_of)

    def test_in_year_the_gap_is_against_the_expected_value(self):
        """S42 at 75% in 2023/24 Q2 against the 74% expected by then: +1, not +11."""
        q2 = Observation(indicator="s42-non-conversion", period="2023/24 Q2", value=75)
        report = self._report([q2], dt.date(2023, 10, 31))

        page = render_markdown(report)
        row = next(line for line in page.splitlines() if "(s42-non-conversion-2023-24)" in line)

        assert "| 74% | +1 percentage point |" in row

    def test_a_flow_in_year_is_against_its_target_pro_rata(self):
        """6 SAR referrals by the end of Q2 against 25 a year pro rata (12.5): -6.5."""
        plan = _sar_plan()
        q1 = Observation(indicator="sar", period="2023/24 Q1", value=3)
        q2 = Observation(indicator="sar", period="2023/24 Q2", value=3)
        result = evaluate(plan, [q1, q2], as_of=dt.date(2023, 10, 31)).target("sar-2023-24")

        assert (12.5, -6.5) == (result.expected, result.judged_gap)

    def test_a_band_shows_both_bounds_and_no_gap_inside(self):
        """Repeat referrals 'between 7% and 10%': the milestone says both; 8% is 0 away."""
        q2 = Observation(indicator="maars-repeat-referrals", period="2023/24 Q2", value=8)
        report = self._report([q2], dt.date(2023, 10, 31))

        result = report.target("maars-repeat-referrals-2023-24")
        row = next(
            line for line in render_markdown(report).splitlines()
            if "(maars-repeat-referrals-2023-24)" in line
        )

        assert 0.0 == result.judged_gap
        assert "| 7% to 10% |" in row


def _sar_plan():
    from safeguarding_plan import loads_plan

    return loads_plan(
        """
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
""",
        format="yaml",
    )


def test_the_html_template_is_compiled_once_for_many_reports(report):
    """Rendering many reports in one process compiles the template once, same pages."""
    from safeguarding_plan import reports

    reports._html_template.cache_clear()
    first = render_html(report)
    second = render_html(report)

    assert first == second
    assert reports._html_template.cache_info().misses == 1
    assert reports._html_template.cache_info().hits == 1
