"""Every error the package raises derives from SafeguardingPlanError.

The rule (issue 11): "Every error raised by the package derives from
``SafeguardingPlanError``". Each library error also derives from the builtin a caller
would expect, so ``except ValueError`` and ``except TypeError`` keep working.
"""

from __future__ import annotations

import ast
import builtins
import pathlib

import pytest

from safeguarding_plan import (
    InvalidValueError,
    SafeguardingPlanError,
    UnsupportedTypeError,
    dumps_plan,
)
from safeguarding_plan.files import _SchemaBuilder, _toml_value

SOURCE = pathlib.Path(__file__).parent.parent / "src" / "safeguarding_plan"

BUILTIN_ERRORS = frozenset(
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException)
)

CONTROL_FLOW = frozenset({"_Failed", "_Usage", "_BadArguments", "SafeguardingPlanError"})
"""The base itself, and the command line's private control flow (caught in ``main``)."""


def _modules() -> list[tuple[str, ast.Module]]:
    return [
        (str(path.relative_to(SOURCE)), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(SOURCE.rglob("*.py"))
    ]


def _raised_name(node: ast.Raise) -> str | None:
    exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
    return exc.id if isinstance(exc, ast.Name) else None


def _bare_builtin_raises() -> list[str]:
    found = []
    for name, module in _modules():
        functions = [n for n in ast.walk(module) if isinstance(n, ast.FunctionDef)]
        allowed: set[int] = set()
        for function in functions:
            # A module's __getattr__ must raise AttributeError (PEP 562).
            if function.name == "__getattr__":
                allowed |= {id(n) for n in ast.walk(function) if isinstance(n, ast.Raise)}
        for node in ast.walk(module):
            if isinstance(node, ast.Raise) and id(node) not in allowed:
                raised = _raised_name(node)
                if raised in BUILTIN_ERRORS:
                    found.append(f"{name}:{node.lineno}: raise {raised}")
    return found


def _exception_classes() -> list[str]:
    """Classes defined in the package whose bases include a builtin exception only."""
    found = []
    for name, module in _modules():
        for node in ast.walk(module):
            if not isinstance(node, ast.ClassDef) or node.name in CONTROL_FLOW:
                continue
            bases = {b.id for b in node.bases if isinstance(b, ast.Name)}
            if bases & BUILTIN_ERRORS and not bases - BUILTIN_ERRORS:
                found.append(f"{name}:{node.lineno}: class {node.name}")
    return found


def test_no_bare_builtin_raise() -> None:
    """No module raises a builtin exception (TypeError, ValueError, KeyError...) itself."""
    assert [] == _bare_builtin_raises()


def test_every_exception_class_is_a_library_error() -> None:
    """Every exception class the package defines also derives from a library error."""
    assert [] == _exception_classes()


def test_the_scan_finds_a_bare_raise() -> None:
    """The scan sees ``raise ValueError(...)`` (so the two tests above can fail)."""
    module = ast.parse("def f():\n    raise ValueError('no')\n")
    raise_node = next(n for n in ast.walk(module) if isinstance(n, ast.Raise))
    assert "ValueError" == _raised_name(raise_node)


def test_toml_writer_refuses_a_type_with_a_library_error() -> None:
    """The TOML writer's refusal is an UnsupportedTypeError, which is also a TypeError."""
    with pytest.raises(UnsupportedTypeError) as caught:
        _toml_value({1, 2})
    assert (True, True) == (
        isinstance(caught.value, TypeError),
        isinstance(caught.value, SafeguardingPlanError),
    )


def test_toml_writer_refuses_a_lone_surrogate_with_a_library_error() -> None:
    """A lone surrogate cannot be TOML: an InvalidValueError, also a ValueError."""
    with pytest.raises(InvalidValueError) as caught:
        _toml_value("a\ud800b")
    assert ("text", True) == (caught.value.field, isinstance(caught.value, ValueError))


def test_schema_generator_refuses_an_unknown_type_with_a_library_error() -> None:
    """The plan schema generator's refusal of a type it cannot describe is a library error."""
    with pytest.raises(UnsupportedTypeError) as caught:
        _SchemaBuilder().for_type(complex)
    assert caught.value.value is complex


def test_plans_still_write_as_toml(s42_plan) -> None:
    """The writer's checks do not get in the way of a plan's TOML."""
    assert dumps_plan(s42_plan, format="toml").startswith("id = ")
