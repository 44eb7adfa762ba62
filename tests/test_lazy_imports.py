"""`import safeguarding_plan` stays light: the command line starts without heavy modules."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ["jinja2", "yaml", "pint", "safeguarding_plan.files", "safeguarding_plan.reports",
         "safeguarding_plan.observation_files", "matplotlib", "pandas"]  # fmt: skip


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    out = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return set(out.split())


@pytest.mark.parametrize("statement", ["import safeguarding_plan.cli", "import safeguarding_plan"])
def test_importing_the_package_or_the_cli_loads_no_heavy_module(statement):
    """File formats, pint, Jinja2 and the report code wait until a command needs them."""
    expected: set[str] = set()

    actual = _loaded_after(statement) & set(HEAVY)

    assert expected == actual


def test_a_public_name_is_imported_when_first_used():
    """safeguarding_plan.load_plan still works; it loads the file formats then."""
    loaded = _loaded_after("import safeguarding_plan; safeguarding_plan.load_plan")

    assert "safeguarding_plan.files" in loaded


def test_an_unknown_name_is_an_attribute_error():
    """The lazy face does not invent names."""
    import safeguarding_plan

    with pytest.raises(AttributeError, match="no_such_name"):
        _ = safeguarding_plan.no_such_name
