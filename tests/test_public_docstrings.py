"""Every public name has a docstring: a name added without one fails here.

Public means: each name in ``safeguarding_plan.__all__`` and in the ``__all__`` of each
public module (the ones the documentation's reference pages cover), and every public
method, property and classmethod those classes define themselves. Enum members, attrs
fields, constants and type aliases are documented by their class's or module's
docstring (``Attributes:``) and are not checked here.

Every public class and function also shows an example of its own: an ``Example:`` or
``Examples:`` section with at least one ``>>>`` line, which pytest's ``--doctest-modules``
(and Sphinx's doctest builder) run, so it cannot go stale.
"""

import doctest
import enum
import importlib
import inspect
import re
import types

import pytest

import safeguarding_plan

PUBLIC_MODULES = (
    "safeguarding_plan",
    "safeguarding_plan.charts",
    "safeguarding_plan.cli",
    "safeguarding_plan.errors",
    "safeguarding_plan.evaluation",
    "safeguarding_plan.files",
    "safeguarding_plan.model",
    "safeguarding_plan.observation_files",
    "safeguarding_plan.observations",
    "safeguarding_plan.periods",
    "safeguarding_plan.plans",
    "safeguarding_plan.reports",
    "safeguarding_plan.strategies",
)


def _importable(name: str) -> types.ModuleType | None:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:  # a module not written yet
        if error.name == name:
            return None
        raise


def _documentable(obj: object) -> bool:
    """Classes, functions and methods carry their own docstrings; data does not."""
    return inspect.isclass(obj) or inspect.isroutine(obj)


def _public_names() -> list[tuple[str, object]]:
    found: dict[str, object] = {}
    for module_name in PUBLIC_MODULES:
        module = _importable(module_name)
        if module is None:
            continue
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if _documentable(obj):
                found.setdefault(f"{module_name}.{name}", obj)
    return sorted(found.items())


def _own_members(cls: type) -> list[tuple[str, object]]:
    """The public methods and properties a class defines itself (not inherited)."""
    members = []
    for name, attribute in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(attribute, property | classmethod | staticmethod | types.FunctionType):
            members.append((name, attribute))
    return members


def _doc(obj: object) -> str:
    if isinstance(obj, classmethod | staticmethod):
        obj = obj.__func__
    if isinstance(obj, property):
        return (obj.__doc__ or "").strip()
    if inspect.isclass(obj):
        # inspect.getdoc would inherit a base class's docstring; ask for the class's own.
        return (vars(obj).get("__doc__") or "").strip()
    return (getattr(obj, "__doc__", None) or "").strip()


PUBLIC = _public_names()
MEMBERS = sorted(
    {
        f"{obj.__module__}.{obj.__qualname__}.{name}": member
        for _, obj in PUBLIC
        if inspect.isclass(obj)
        for name, member in _own_members(obj)
    }.items()
)


def test_the_public_face_is_covered():
    """Every name in safeguarding_plan.__all__ that can carry a docstring is checked."""
    checked = {name.removeprefix("safeguarding_plan.") for name, _ in PUBLIC}
    expected = {
        name
        for name in safeguarding_plan.__all__
        if _documentable(getattr(safeguarding_plan, name))
    }
    assert set() == expected - checked


@pytest.mark.parametrize(("name", "obj"), PUBLIC, ids=[name for name, _ in PUBLIC])
def test_public_name_has_a_docstring(name, obj):
    """A public class or function says what it is for."""
    assert _doc(obj), f"{name} has no docstring"


@pytest.mark.parametrize(("name", "member"), MEMBERS, ids=[name for name, _ in MEMBERS])
def test_public_member_has_a_docstring(name, member):
    """A public method or property of a public class says what it does."""
    assert _doc(member), f"{name} has no docstring"


def test_enumerations_are_documented_as_a_whole():
    """Enumerations explain their members in the class docstring."""
    enums = [obj for _, obj in PUBLIC if inspect.isclass(obj) and issubclass(obj, enum.Enum)]
    assert enums
    assert [] == [e.__qualname__ for e in enums if not _doc(e)]


_EXAMPLE_SECTION = re.compile(r"^\s*Examples?:\s*$", flags=re.MULTILINE)


@pytest.mark.parametrize(("name", "obj"), PUBLIC, ids=[name for name, _ in PUBLIC])
def test_public_name_has_an_executed_example(name, obj):
    """A public class or function shows its use in a doctest of its own docstring."""
    doc = _doc(obj)
    examples = doctest.DocTestParser().get_examples(doc)

    assert _EXAMPLE_SECTION.search(doc), f"{name} has no Example: section"
    assert examples, f"{name} has no >>> example in its own docstring"
    assert not any(
        example.options.get(doctest.SKIP) for example in examples
    ), f"{name} skips its example"
