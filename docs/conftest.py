"""Run the examples in the documentation's Markdown pages with pytest, through Sybil.

``{doctest}`` blocks and ``python`` code blocks are executed; every page runs from this
folder, so examples can open ``examples/...`` files.
"""

import doctest
import os
import pathlib
from typing import Any

from sybil import Sybil
from sybil.parsers.myst import DocTestDirectiveParser, PythonCodeBlockParser, SkipParser

collect_ignore = ["conf.py", "_build"]

_HERE = pathlib.Path(__file__).parent


def _enter_docs(namespace: dict[str, Any]) -> None:
    namespace["_previous_cwd"] = pathlib.Path.cwd()
    os.chdir(_HERE)


def _leave_docs(namespace: dict[str, Any]) -> None:
    os.chdir(namespace["_previous_cwd"])


pytest_collect_file = Sybil(
    parsers=[
        DocTestDirectiveParser(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE),
        PythonCodeBlockParser(),
        SkipParser(),
    ],
    patterns=["*.md"],
    excludes=["_build/*"],
    setup=_enter_docs,
    teardown=_leave_docs,
).pytest()
