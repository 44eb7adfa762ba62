"""Sphinx configuration for safeguarding_plan.

Built nitpicky with warnings as errors (``sphinx-build -n -W``) by ``.ci/run``; the
``doctest`` builder runs every example in these pages and in the API docstrings.
"""

import doctest
import importlib.metadata

project = "safeguarding_plan"
author = "safeguarding_plan developers"
copyright = "2026, safeguarding_plan developers"
release = importlib.metadata.version("safeguarding-plan")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "matplotlib.sphinxext.plot_directive",
]

source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# Charts on the explanation pages are drawn at build time from the library's own numbers
# (matplotlib's plot directive), so they cannot drift from the code.
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 110)]
plot_rcparams = {"font.size": 9}

html_theme = "furo"
html_title = f"safeguarding_plan {release}"

# -- API docs ---------------------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
# Defaults are shown as written in the source (``z=Z_95``), not as their values. attrs'
# generated ``__init__`` has no source of its own, so for attrs classes the signature is
# built from the fields instead (``_attrs_signature`` below): without it Sphinx shows
# ``value=attr_dict['value'].default``.
autodoc_preserve_defaults = True
autodoc_default_options = {"members": True, "show-inheritance": True}
# Enumerations are listed with `:undoc-members:` on their own `autoclass` so that their
# members are documented; attrs fields are documented by the `Attributes:` sections.
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False

# -- doctests -----------------------------------------------------------------------------
# The same flags as pytest's doctests (pyproject.toml), so an example passes in both.
doctest_default_flags = (
    doctest.ELLIPSIS
    | doctest.NORMALIZE_WHITESPACE
    | doctest.DONT_ACCEPT_TRUE_FOR_1
)

# -- cross-references -------------------------------------------------------------------
# The build must work offline (CI machines and fresh clones have no internet), so no
# inventories are fetched: intersphinx is loaded but maps nothing. Drop objects.inv files
# into docs/_inventories/ and list them here to link to other projects' docs.
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
intersphinx_disabled_reftypes = ["*"]

# Without inventories, names from the standard library and third-party packages cannot be
# resolved. They are ignored deliberately, by package, so that a broken reference to one
# of *our* names still fails the nitpicky build.
nitpick_ignore_regex = [
    (r"py:.*", r"(datetime|dt|pathlib|collections|typing|enum|types|decimal|fractions)\..*"),
    (r"py:.*", r"argparse\..*"),
    (r"py:.*", r"(attrs|attr|cattrs|pint|hypothesis|jsonschema|yaml|pandas|matplotlib)(\..*)?"),
    # Type aliases and TypeVars that autodoc renders by name in signatures.
    (r"py:class", r"(Period|Rule|Format|Any|_T|T|TypeAlias|Path|date|Iterator|Iterable)"),
    (r"py:class", r"(Mapping|Sequence|Callable|Literal|TypeVar|Quantity|SearchStrategy)"),
    # Napoleon reads a property docstring's "Words: more words" as a return type; a name
    # with a space in it can never be a Python object, so it is not a broken reference.
    (r"py:class", r".* .*"),
    # Conventional abbreviations of third-party modules in annotations.
    (r"py:class", r"(st|pd|np|plt)\..*"),
    # Private helpers never documented.
    (r"py:class", r"safeguarding_plan\..*\._.*"),
]


# -- public names -------------------------------------------------------------------------
# The API is documented where it lives (``safeguarding_plan.model.Plan``) but is imported
# from the package's public face (``safeguarding_plan.Plan``), and docstrings name objects
# briefly (``Reference.BASELINE``). Resolve such a reference to the one documented object
# of ours whose full name ends with it; anything ambiguous or unknown still fails.


def _resolve_public_name(app, env, node, contnode):  # noqa: ANN001, ANN202
    from sphinx.util.nodes import make_refnode  # noqa: PLC0415

    if node.get("refdomain") != "py":
        return None
    short = node["reftarget"].removeprefix("safeguarding_plan.")
    objects = env.get_domain("py").objects
    found = [
        name
        for name, entry in objects.items()
        if name.startswith("safeguarding_plan.")
        and name.endswith(f".{short}")
        and not entry.aliased
    ]
    if len(found) != 1:
        return None
    entry = objects[found[0]]
    return make_refnode(
        app.builder, node["refdoc"], entry.docname, entry.node_id, contnode, found[0]
    )


# -- signatures of attrs classes ---------------------------------------------------------
# attrs writes ``__init__`` at class creation; with ``autodoc_preserve_defaults`` Sphinx
# reads its defaults back as the generated code spells them (``attr_dict['value'].default``).
# The fields know the real defaults, so the signature is rebuilt from them: keyword-only
# fields after ``*``, a default shown as its ``repr``, an enumeration member by name and a
# factory as the value it makes (``problems=()``, ``severity=Severity.ERROR``,
# ``trajectories={}``). Classes with a hand-written ``__init__`` keep Sphinx's signature.


def _attrs_default(field):  # noqa: ANN001, ANN202
    import enum  # noqa: PLC0415

    import attrs  # noqa: PLC0415

    default = field.default
    if isinstance(default, attrs.Factory):
        return "..." if default.takes_self else repr(default.factory())
    if isinstance(default, enum.Enum):
        return f"{type(default).__name__}.{default.name}"
    return repr(default)


def _attrs_signature(app, what, name, obj, options, signature, return_annotation):  # noqa: ANN001, ANN202, ARG001, PLR0917
    import attrs  # noqa: PLC0415

    if what not in {"class", "exception"} or not attrs.has(obj):
        return None
    code = getattr(obj.__init__, "__code__", None)
    if code is None or not code.co_filename.startswith("<attrs generated"):
        return None
    positional, keyword = [], []
    for field in attrs.fields(obj):
        if not field.init:
            continue
        parameter = field.alias or field.name
        if field.default is not attrs.NOTHING:
            parameter = f"{parameter}={_attrs_default(field)}"
        (keyword if field.kw_only else positional).append(parameter)
    parameters = positional + (["*", *keyword] if keyword else [])
    return f"({', '.join(parameters)})", return_annotation


def _public_bases(app, name, obj, options, bases):  # noqa: ANN001, ANN202, ARG001
    """Show a class's public bases only.

    A private helper base (``_Numbered``) is how the class is built, not what it is.
    """
    bases[:] = [base for base in bases if not base.__name__.startswith("_")] or [object]


def setup(app):  # noqa: ANN001, ANN201, D103
    app.connect("autodoc-process-bases", _public_bases)
    app.connect("missing-reference", _resolve_public_name)
    app.connect("autodoc-process-signature", _attrs_signature)


# Docstring examples run with their module's names in scope (as pytest's doctests do),
# and page examples run from this folder so that they can open ``examples/...`` files.
doctest_global_setup = f"""
import os
os.chdir({str(__import__("pathlib").Path(__file__).parent)!r})
from safeguarding_plan import *
from safeguarding_plan._units import *
from safeguarding_plan.errors import *
from safeguarding_plan.files import *
from safeguarding_plan.model import *
from safeguarding_plan.observations import *
from safeguarding_plan.periods import *
from safeguarding_plan.plans import *
import datetime as dt
from hypothesis import strategies as st
from safeguarding_plan.evaluation import *
from safeguarding_plan.observation_files import *
from safeguarding_plan.reports import *
from safeguarding_plan.strategies import *
from safeguarding_plan.strategies import UNITS, _simplest
"""
