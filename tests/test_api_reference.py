"""The built API reference shows signatures as a reader would write the call.

The reference pages (docs/reference/) are built with the documentation's own conf.py into
a temporary folder, and the HTML is read back. Needs Sphinx (the ``docs`` dependency
group); without it the test skips.
"""

import html
import pathlib
import re
import shutil
import warnings

import pytest

ROOT = pathlib.Path(__file__).parent.parent
DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def signatures(tmp_path_factory):
    """Every signature on the built reference pages, as text, by the object's full name."""
    sphinx_application = pytest.importorskip("sphinx.application")
    pytest.importorskip("furo")
    pytest.importorskip("myst_parser")

    source = tmp_path_factory.mktemp("docs")
    shutil.copy(DOCS / "conf.py", source / "conf.py")
    shutil.copytree(DOCS / "reference", source / "reference")
    shutil.copytree(DOCS / "examples", source / "examples")
    (source / "index.md").write_text(
        "# Reference\n\n```{toctree}\nreference/api\n```\n", encoding="utf-8"
    )
    # The glossary is linked from docstrings; build it too so those links resolve.
    shutil.copy(DOCS / "glossary.md", source / "glossary.md")
    output = tmp_path_factory.mktemp("html")
    with warnings.catch_warnings():
        # Sphinx and its extensions warn about their own deprecations; not ours to fix.
        warnings.simplefilter("ignore")
        app = sphinx_application.Sphinx(
            srcdir=source,
            confdir=source,
            outdir=output,
            doctreedir=output / ".doctrees",
            buildername="html",
            status=None,
            warning=None,
            freshenv=True,
        )
        app.build()

    found = {}
    for page in sorted((output / "reference").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(
            r'<dt class="sig sig-object py" id="([^"]+)">(.*?)</dt>', text, flags=re.DOTALL
        ):
            signature = html.unescape(re.sub(r"<[^>]+>", "", match.group(2)))
            found[match.group(1)] = " ".join(signature.replace("\N{PILCROW SIGN}", "").split())
    return found


def test_the_reference_pages_document_the_api(signatures):
    """The build found the classes whose signatures are checked below."""
    assert "safeguarding_plan.evaluation.TargetResult" in signatures
    assert "safeguarding_plan.model.Plan" in signatures


def test_no_signature_shows_attrs_generated_code(signatures):
    """A default reads as its value, never as attrs' generated ``attr_dict[...]`` code."""
    assert [] == [name for name, text in signatures.items() if "attr_dict" in text]
    assert [] == [name for name, text in signatures.items() if "NOTHING" in text]


def test_attrs_defaults_are_shown_as_values(signatures):
    """attrs fields with defaults show them as a caller would write them."""
    assert "actual=None" in signatures["safeguarding_plan.evaluation.TargetResult"]
    assert "problems=()" in signatures["safeguarding_plan.evaluation.Report"]
    assert "trajectories={}" in signatures["safeguarding_plan.evaluation.Report"]
    assert "measure=Measure.LEVEL" in signatures["safeguarding_plan.model.Indicator"]


def test_keyword_only_fields_follow_a_star(signatures):
    """attrs' ``kw_only=True`` classes are shown with keyword-only parameters."""
    assert signatures["safeguarding_plan.errors.Problem"].startswith(
        "class safeguarding_plan.errors.Problem(*, location, message, value=None"
    )
