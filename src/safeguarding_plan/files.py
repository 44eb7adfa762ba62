"""Plan files: read and write plans as YAML, JSON or TOML, and publish their JSON Schema.

This module is the edge between files and the model: the model classes know nothing of
files. Structuring and unstructuring go through one cattrs converter
(:func:`make_converter`); every problem in a file is collected and reported together in a
:class:`~safeguarding_plan.PlanFileError`, each with its location
(``priorities[2].outcomes[0].targets[1].period``), what was expected and the value given.

The format is the model's fields, by name, with:

* periods as labels (``"2023/24"``, ``"2023/24 Q2"``, ``"May 2024"``, ``"2024"``);
* enumerations by value (``higher_is_better``, ``level``, ``baseline``);
* a priority's partnership by the id of a declared partnership (``adults``);
* rules as mappings with a ``kind`` (``at_least``, ``at_most``, ``below``, ``above``,
  ``between``, ``relative_change``, ``absolute_change``, ``improve``) and the rule's fields;
* tolerances as mappings with a ``kind`` (``absolute`` with an ``amount``, ``relative``
  with a ``percent``);
* fields left at their defaults omitted when writing.

Unknown fields are errors, never dropped; a key given twice is an error, never "last one
wins". YAML is read with a safe loader and the YAML 1.2 core schema's scalars, so ``1:20``
or ``0x50`` is text, not a number. Files beyond the documented limits
(size, nesting, alias expansion, number magnitude, text length) are refused with a located
problem.

Example:
    >>> from safeguarding_plan import loads_plan, dumps_plan
    >>> text = '''
    ... id: tiny
    ... title: A tiny plan
    ... start: 2024/25
    ... end: 2024/25
    ... indicators:
    ...   - id: asked
    ...     name: adults asked about their outcomes
    ...     unit: percent
    ...     direction: higher_is_better
    ... priorities:
    ...   - id: msp
    ...     title: Make safeguarding personal
    ...     partnership: adults
    ...     outcomes:
    ...       - id: asked-more
    ...         text: More adults will be asked.
    ...         targets:
    ...           - {id: asked-2024-25, indicator: asked, period: 2024/25,
    ...              rule: {kind: at_least, value: 80}}
    ... '''
    >>> plan = loads_plan(text, format="yaml")
    >>> plan.describe("asked-2024-25")
    'increase adults asked about their outcomes to at least 80% by the end of 2024/25'
    >>> loads_plan(dumps_plan(plan, format="json"), format="json") == plan
    True
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import functools
import json
import math
import pathlib
import re
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Literal

import attrs
import cattrs
import yaml
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.gen import make_dict_unstructure_fn, override

from safeguarding_plan import _reading
from safeguarding_plan._io import write_atomic
from safeguarding_plan.errors import (
    InvalidValueError,
    PeriodError,
    PlanFileError,
    PlanValidationError,
    Problem,
    SafeguardingPlanError,
    UnsupportedTypeError,
)
from safeguarding_plan.model import (
    RULE_TYPES,
    STANDARD_PARTNERSHIPS,
    TOLERANCE_TYPES,
    AbsoluteTolerance,
    Plan,
    RelativeTolerance,
    Rule,
    ToleranceDeclaration,
)
from safeguarding_plan.periods import (
    CalendarYear,
    FinancialYear,
    Month,
    Period,
    Quarter,
    parse_period,
)

__all__ = [
    "FORMATS",
    "Format",
    "dump_plan",
    "dumps_plan",
    "load_plan",
    "loads_plan",
    "make_converter",
    "plan_from_dict",
    "plan_schema",
    "plan_to_dict",
]

Format = Literal["yaml", "json", "toml"]
"""A plan file format."""

FORMATS: dict[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml"}
"""File suffixes and the format each is read and written as."""

_RULE_KIND: dict[type, str] = {
    cls: "".join(f"_{c.lower()}" if c.isupper() else c for c in cls.__name__).lstrip("_")
    for cls in RULE_TYPES
}
_KIND_RULE: dict[str, type] = {kind: cls for cls, kind in _RULE_KIND.items()}
_TOLERANCE_KIND: dict[type, str] = {AbsoluteTolerance: "absolute", RelativeTolerance: "relative"}
_KIND_TOLERANCE: dict[str, type] = {kind: cls for cls, kind in _TOLERANCE_KIND.items()}
_PlanYear = FinancialYear | CalendarYear


class _FieldProblem(ValueError, SafeguardingPlanError):  # noqa: N818 - private; never escapes this module
    """A value a converter hook refused, with the message to show."""

    def __init__(self, message: str, value: object) -> None:
        super().__init__(message, value)
        self.message = message
        self.value = value


# --------------------------------------------------------------------------- converter


def _strict_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise _FieldProblem("expected text", value)
    return value


def _strict_float(value: object, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _FieldProblem("expected a number", value)
    if not math.isfinite(value):
        raise _FieldProblem("expected a finite number", value)
    return float(value)


def _strict_int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _FieldProblem("expected a whole number", value)
    return value


def _period(value: object, _: type) -> Period:
    if isinstance(value, int) and not isinstance(value, bool):
        raise _FieldProblem(
            f"a period is text: for the calendar year write it in quotes, '{value}'", value
        )
    if not isinstance(value, str):
        raise _FieldProblem("expected a period label such as '2023/24' or '2023/24 Q2'", value)
    try:
        return parse_period(value)
    except PeriodError as exc:
        raise _FieldProblem(exc.message, value) from None


def _year(value: object, _: type) -> FinancialYear:
    period = _period(value, FinancialYear)
    if not isinstance(period, FinancialYear):
        raise _FieldProblem("expected a financial year such as '2023/24', not a quarter", value)
    return period


def _plan_year(value: object, _: type) -> FinancialYear | CalendarYear:
    period = _period(value, FinancialYear)
    if not isinstance(period, FinancialYear | CalendarYear):
        raise _FieldProblem(
            "expected a financial year such as '2023/24' or a calendar year such as '2024'",
            value,
        )
    return period


def _day(value: object, _: type) -> dt.date | None:
    """A date: ISO text (YAML and JSON) or a TOML date; never a date and time."""
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    shown = value.isoformat() if isinstance(value, dt.datetime) else value
    raise _FieldProblem("expected a date such as '2024-04-01' (YYYY-MM-DD)", shown)


def _is_day_type(tp: object) -> bool:
    return tp in (dt.date, dt.date | None)


def _is_period_type(tp: object) -> bool:
    return tp == Period or tp == (Period | None)


def _structure_enum_factory(tp: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    allowed = [m.value for m in tp]

    def hook(value: object, _: type) -> enum.Enum:
        try:
            return tp(value)
        except ValueError:
            raise _FieldProblem(
                f"expected one of {', '.join(repr(a) for a in allowed)}", value
            ) from None

    return hook


def _is_homogeneous_tuple(tp: object) -> bool:
    args = typing.get_args(tp)
    return typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def _structure_tuple(conv: cattrs.Converter, value: object, tp: type) -> tuple[Any, ...]:
    from cattrs.errors import IterableValidationNote  # noqa: PLC0415

    if not isinstance(value, list | tuple):
        raise _FieldProblem("expected a list", value)
    inner = typing.get_args(tp)[0]
    items: list[Any] = []
    errors: list[Exception] = []
    for index, item in enumerate(value):
        try:
            items.append(conv.structure(item, inner))
        except Exception as exc:  # noqa: BLE001 - collected and reported with its index
            note = IterableValidationNote(f"Structuring item @ index {index}", index, inner)
            exc.__notes__ = [*getattr(exc, "__notes__", []), note]
            errors.append(exc)
    if errors:
        raise IterableValidationError(f"While structuring {tp!r}", errors, tp)
    return tuple(items)


def make_converter() -> cattrs.Converter:
    """Build the cattrs converter that reads and writes plans.

    It forbids unknown keys, reports every problem in a file (detailed validation),
    refuses numbers given as text and text given as numbers, reads periods from labels
    and rules from mappings with a ``kind``. Tools that embed plans in their own attrs
    classes can use it for those too.

    Example:
        >>> from safeguarding_plan import Target
        >>> converter = make_converter()
        >>> converter.structure({"id": "s42-2023-24", "indicator": "s42", "period": "2023/24",
        ...                      "rule": {"kind": "at_most", "value": 64}}, Target)
        Target(id='s42-2023-24', indicator='s42', period=FinancialYear('2023/24'),
               rule=AtMost(value=64.0), notes=())
    """
    conv = cattrs.Converter(
        forbid_extra_keys=True, omit_if_default=True, detailed_validation=True
    )
    conv.register_structure_hook(str, _strict_str)
    conv.register_structure_hook(float, _strict_float)
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(FinancialYear, _year)
    conv.register_structure_hook(Quarter, _period)
    conv.register_structure_hook_func(lambda t: t == _PlanYear, _plan_year)
    conv.register_structure_hook_func(_is_period_type, _structure_optional_period)
    conv.register_structure_hook_func(_is_day_type, _day)
    conv.register_unstructure_hook_func(
        _is_day_type, lambda d: None if d is None else d.isoformat()
    )
    for period_type in (FinancialYear, Quarter, Month, CalendarYear):
        conv.register_unstructure_hook(period_type, str)
    conv.register_unstructure_hook_func(lambda t: t == _PlanYear, str)
    conv.register_unstructure_hook_func(_is_period_type, lambda p: None if p is None else str(p))
    conv.register_structure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _structure_enum_factory
    )
    conv.register_structure_hook_func(
        _is_homogeneous_tuple, functools.partial(_structure_tuple, conv)
    )
    conv.register_structure_hook_factory(attrs.has, functools.partial(_structure_fields, conv))
    conv.register_structure_hook_func(lambda t: t == Rule, functools.partial(_structure_rule, conv))
    conv.register_unstructure_hook_func(
        lambda t: t == Rule, functools.partial(_unstructure_rule, conv)
    )
    for cls in RULE_TYPES:
        conv.register_unstructure_hook(cls, functools.partial(_unstructure_rule, conv))
    is_tolerance = lambda t: t in (ToleranceDeclaration, ToleranceDeclaration | None)  # noqa: E731
    conv.register_structure_hook_func(
        is_tolerance, functools.partial(_structure_tolerance, conv)
    )
    for cls in TOLERANCE_TYPES:
        conv.register_unstructure_hook(cls, functools.partial(_unstructure_tolerance, conv))
    # A plan's partnerships are always written, even the standard ones it would get anyway.
    conv.register_unstructure_hook(
        Plan,
        make_dict_unstructure_fn(
            Plan, conv, _cattrs_omit_if_default=True, partnerships=override(omit_if_default=False)
        ),
    )
    return conv


def _structure_fields(conv: cattrs.Converter, cls: type) -> Callable[[object, type], Any]:
    """The converter's own hook for an attrs class, after checking it was given a mapping."""
    structure: Callable[[Mapping[str, Any], type], Any] = conv.gen_structure_attrs_fromdict(cls)

    def hook(value: object, tp: type) -> Any:
        if not isinstance(value, Mapping):
            raise _FieldProblem("expected a mapping of fields", value)
        return structure(value, tp)

    return hook


def _structure_optional_period(value: object, tp: type) -> Period | None:
    if value is None and tp != Period:
        return None
    return _period(value, tp)


def _structure_rule(conv: cattrs.Converter, value: object, _: type) -> Rule:
    if not isinstance(value, Mapping):
        raise _FieldProblem("expected a rule: a mapping with a 'kind'", value)
    kind = value.get("kind")
    if not isinstance(kind, str) or kind not in _KIND_RULE:
        allowed = ", ".join(repr(k) for k in _KIND_RULE)
        raise ClassValidationError(
            "While structuring a rule",
            [_with_note(_FieldProblem(f"expected a rule kind: one of {allowed}", kind), "kind")],
            Rule,  # type: ignore[arg-type]
        )
    body = {k: v for k, v in value.items() if k != "kind"}
    rule: Rule = conv.structure(body, _KIND_RULE[kind])
    return rule


def _structure_tolerance(
    conv: cattrs.Converter, value: object, _: type
) -> ToleranceDeclaration | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise _FieldProblem(
            "expected a tolerance: {kind: absolute, amount: 2} or {kind: relative, percent: 10}",
            value,
        )
    kind = value.get("kind")
    if not isinstance(kind, str) or kind not in _KIND_TOLERANCE:
        raise ClassValidationError(
            "While structuring a tolerance",
            [_with_note(_FieldProblem("expected a tolerance kind: 'absolute' or 'relative'",
                                      kind), "kind")],
            AbsoluteTolerance,
        )
    body = {k: v for k, v in value.items() if k != "kind"}
    tolerance: ToleranceDeclaration = conv.structure(body, _KIND_TOLERANCE[kind])
    return tolerance


def _unstructure_tolerance(conv: cattrs.Converter, tolerance: Any) -> dict[str, Any]:
    body = {
        a.name: conv.unstructure(getattr(tolerance, a.name))
        for a in attrs.fields(type(tolerance))
    }
    return {"kind": _TOLERANCE_KIND[type(tolerance)], **body}


def _with_note(exc: Exception, name: str) -> Exception:
    from cattrs.errors import AttributeValidationNote  # noqa: PLC0415

    exc.__notes__ = [*getattr(exc, "__notes__", []), AttributeValidationNote(name, name, str)]
    return exc


def _unstructure_rule(conv: cattrs.Converter, rule: Rule) -> dict[str, Any]:
    body = {
        a.name: conv.unstructure(getattr(rule, a.name)) for a in attrs.fields(type(rule))
    }
    return {"kind": _RULE_KIND[type(rule)], **body}


@functools.cache
def _converter() -> cattrs.Converter:
    return make_converter()


# --------------------------------------------------------------------------- errors


def _problems(exc: BaseException, path: str) -> list[Problem]:
    """Flatten a cattrs error tree into located problems."""
    from cattrs.errors import AttributeValidationNote, IterableValidationNote  # noqa: PLC0415

    if isinstance(exc, ClassValidationError | IterableValidationError):
        found: list[Problem] = []
        for inner in exc.exceptions:
            notes = getattr(inner, "__notes__", [])
            where = path
            for note in notes:
                if isinstance(note, AttributeValidationNote):
                    where = f"{path}.{note.name}" if path else note.name
                elif isinstance(note, IterableValidationNote):
                    where = f"{path}[{note.index}]"
            if isinstance(inner, KeyError) and any(
                isinstance(n, AttributeValidationNote) for n in notes
            ):
                found.append(Problem(location=where, message="required field is missing"))
            else:
                found.extend(_problems(inner, where))
        return found
    if isinstance(exc, ForbiddenExtraKeysError):
        return [
            Problem(
                location=f"{path}.{key}" if path else str(key),
                message="unknown field (check its spelling and where it sits)",
                value=key,
            )
            for key in sorted(exc.extra_fields, key=str)
        ]
    if isinstance(exc, _FieldProblem):
        return [Problem(location=path, message=exc.message, value=exc.value)]
    if isinstance(exc, InvalidValueError):
        where = f"{path}.{exc.field}" if path else exc.field
        return [Problem(location=where, message=exc.message, value=exc.value)]
    if isinstance(exc, PlanValidationError):
        return [
            attrs.evolve(p, location=f"{path}.{p.location}" if path else p.location)
            for p in exc.problems
        ]
    if (
        isinstance(exc, TypeError)
        and len(exc.args) >= 4
        and isinstance(exc.args[1], attrs.Attribute)
    ):
        field = exc.args[1].name
        where = f"{path}.{field}" if path else field
        message = str(exc.args[0]).split(" (got")[0]
        return [Problem(location=where, message=message, value=exc.args[3])]
    if isinstance(exc, SafeguardingPlanError | ValueError | TypeError):
        return [Problem(location=path, message=str(exc), value=None)]
    raise exc


# --------------------------------------------------------------------------- API


def plan_from_dict(data: Mapping[str, Any], *, source: str | None = None) -> Plan:
    """Build a plan from plain data (as parsed from YAML, JSON or TOML).

    Args:
        data: The plan as mappings, lists, text and numbers.
        source: A name for where the data came from, used in errors.

    Raises:
        PlanFileError: with every problem found, each located.

    Example:
        >>> from safeguarding_plan import plan_from_dict
        >>> plan = plan_from_dict({"id": "small", "title": "A small plan",
        ...                        "start": "2024/25", "end": "2025/26"})
        >>> plan.start, plan.priorities
        (FinancialYear('2024/25'), ())
    """
    if not isinstance(data, Mapping):
        raise PlanFileError(
            [
                Problem(
                    location="",
                    message="a plan must be a mapping of fields",
                    value=type(data).__name__,
                )
            ],
            source,
        )
    found = _reading.check_document(data)
    if found:
        raise PlanFileError([_problem(p) for p in found], source)
    try:
        return _converter().structure(data, Plan)
    except (ClassValidationError, IterableValidationError) as exc:
        problems = _problems(exc, "")
        located = {p.location for p in problems}
        problems += [p for p in _partnership_problems(data) if p.location not in located]
        raise PlanFileError(problems, source) from None
    except PlanValidationError as exc:
        raise PlanFileError(_problems(exc, ""), source) from None


def _partnership_problems(data: Mapping[str, Any]) -> list[Problem]:
    """Priorities naming undeclared partnerships, found even when the file has other errors.

    The plan's own validation finds these too, but only once everything else is readable;
    this keeps "every problem at once" true for them.
    """
    declared_data = data.get("partnerships")
    if declared_data is None:
        declared = [p.id for p in STANDARD_PARTNERSHIPS]
    elif isinstance(declared_data, list):
        ids = [d.get("id") for d in declared_data if isinstance(d, Mapping)]
        declared = [i for i in ids if isinstance(i, str)]
    else:
        return []
    priorities = data.get("priorities")
    if not isinstance(priorities, list):
        return []
    found = []
    for number, priority in enumerate(priorities):
        given = priority.get("partnership") if isinstance(priority, Mapping) else None
        if isinstance(given, str) and given not in declared:
            near = difflib.get_close_matches(given, declared)
            hint = f"; did you mean {near[0]!r}?" if near else ""
            found.append(
                Problem(
                    location=f"priorities[{number}].partnership",
                    message="no declared partnership has this id; declare it under "
                    f"'partnerships' with an id and a label{hint}",
                    value=given,
                )
            )
    return found


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain data, ready for YAML, JSON or TOML (defaults omitted).

    Example:
        >>> from safeguarding_plan import plan_to_dict
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> data = plan_to_dict(stockport_2023_26())
        >>> data["start"], data["indicators"][13]["baseline"]
        ('2023/24', {'period': '2022/23', 'value': 84.0})
    """
    data: dict[str, Any] = _converter().unstructure(plan)
    return data


def _problem(found: _reading.ReadProblem) -> Problem:
    return Problem(location=found.location, message=found.message, value=found.value)


def _parse_text(text: str, fmt: Format, source: str | None) -> Any:
    try:
        if fmt == "json":
            return _reading.load_json(text)
        if fmt == "toml":
            return _reading.load_toml(text)
        return _reading.load_yaml(text)
    except _reading.ReadProblem as exc:
        raise PlanFileError([_problem(exc)], source) from None
    except _reading.DuplicateKeys as exc:
        raise PlanFileError([_problem(p) for p in exc.problems], source) from None


def _format_for(path: pathlib.Path, fmt: Format | None) -> Format:
    if fmt is not None:
        if fmt not in ("yaml", "json", "toml"):
            raise PlanFileError(
                [
                    Problem(
                        location="", message="format must be 'yaml', 'json' or 'toml'", value=fmt
                    )
                ],
                str(path),
            )
        return fmt
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise PlanFileError(
            [
                Problem(
                    location="",
                    message="cannot tell the format from the file's suffix; "
                    "use .yaml, .yml, .json or .toml",
                    value=path.suffix,
                )
            ],
            str(path),
        ) from None


def loads_plan(text: str, *, format: Format = "yaml", source: str | None = None) -> Plan:  # noqa: A002
    """Read a plan from text in YAML, JSON or TOML.

    Raises:
        PlanFileError: for bad syntax or any problem with the plan's fields.

    Example:
        >>> from safeguarding_plan import loads_plan
        >>> plan = loads_plan('{"id": "small", "title": "A small plan", "start": "2024/25",'
        ...                   ' "end": "2025/26"}', format="json")
        >>> plan.id, plan.end
        ('small', FinancialYear('2025/26'))
    """
    return plan_from_dict(_parse_text(text, format, source), source=source)


def load_plan(path: str | pathlib.Path, *, format: Format | None = None) -> Plan:  # noqa: A002
    """Read a plan file; the format comes from the suffix unless given.

    Raises:
        PlanFileError: naming the file, for a missing or unreadable file, bad syntax or
            any problem with the plan's fields (all of them at once).

    Example:
        >>> from safeguarding_plan.plans import bundled_plan_path
        >>> load_plan(bundled_plan_path("stockport-2023-26")).id
        'stockport-2023-26'
    """
    path = pathlib.Path(path)
    fmt = _format_for(path, format)
    try:
        text = _reading.read_text(path)
    except _reading.ReadProblem as exc:
        raise PlanFileError([_problem(exc)], str(path)) from None
    return loads_plan(text, format=fmt, source=str(path))


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def dumps_plan(plan: Plan, *, format: Format = "yaml") -> str:  # noqa: A002
    """Write a plan as YAML, JSON or TOML text; :func:`loads_plan` reads it back equal.

    Every text the model accepts is written exactly, in every format (see the file
    format's rule on text).

    Example:
        >>> from safeguarding_plan import dumps_plan, loads_plan
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> plan = stockport_2023_26()
        >>> text = dumps_plan(plan, format="toml")
        >>> text.splitlines()[0]
        'id = "stockport-2023-26"'
        >>> loads_plan(text, format="toml") == plan
        True
    """
    data = plan_to_dict(plan)
    if format == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if format == "toml":
        return _to_toml(_drop_none(data))
    if format == "yaml":
        return yaml.dump(
            data, Dumper=_PlanDumper, sort_keys=False, allow_unicode=True, width=100
        )
    raise PlanFileError(
        [Problem(location="", message="format must be 'yaml', 'json' or 'toml'", value=format)]
    )


def dump_plan(plan: Plan, path: str | pathlib.Path, *, format: Format | None = None) -> None:  # noqa: A002
    """Write a plan to a file; the format comes from the suffix unless given.

    The file is replaced in one step (written beside it, then renamed over it): a failed
    write leaves the previous file as it was, and nothing else behind.

    Raises:
        PlanFileError: naming the file, for an unknown suffix or a file that cannot be
            written.

    Example:
        >>> import pathlib, tempfile
        >>> from safeguarding_plan import dump_plan, load_plan
        >>> from safeguarding_plan.plans import stockport_2023_26
        >>> plan = stockport_2023_26()
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = pathlib.Path(folder) / "plan.json"
        ...     dump_plan(plan, path)
        ...     load_plan(path) == plan
        True
    """
    path = pathlib.Path(path)
    text = dumps_plan(plan, format=_format_for(path, format))
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise PlanFileError(
            [Problem(location="", message=f"cannot write the file: {exc.strerror or exc}")],
            str(path),
        ) from None


# --------------------------------------------------------------------------- YAML


class _PlanDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, made exact for every text the model accepts.

    PyYAML writes a string holding NEL (U+0085) raw inside single quotes, where YAML
    reads it as a line break and folds it into a space. Strings holding NEL or the other
    characters YAML 1.1 counts as line breaks (LINE and PARAGRAPH SEPARATOR) are written
    double-quoted, where they are escaped. Subclasses of ``str`` and ``float`` (a
    ``numpy.float64``) are written as the plain value.
    """


_YAML_BREAKS = frozenset("\x85\u2028\u2029")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    text = str.__str__(value)
    if _YAML_BREAKS.intersection(text):
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
    return dumper.represent_str(text)


def _represent_float(dumper: yaml.SafeDumper, value: float) -> yaml.Node:
    return dumper.represent_float(float(value))


_PlanDumper.add_representer(str, _represent_str)
_PlanDumper.add_multi_representer(str, _represent_str)
_PlanDumper.add_multi_representer(float, _represent_float)


# --------------------------------------------------------------------------- TOML


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return float.__repr__(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    raise UnsupportedTypeError(f"cannot write {type(value).__name__} as TOML", value)


_TOML_ESCAPES = {
    '"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r",
}  # fmt: skip


def _toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and every control character escaped.

    TOML forbids raw control characters other than tab (DEL among them), and has no way
    to write a lone surrogate, which is not a character.

    Raises:
        InvalidValueError: for a lone surrogate (a ``ValueError``).
    """
    surrogate = _SURROGATE.search(text)
    if surrogate:
        code = ord(surrogate.group())
        raise InvalidValueError("text", f"TOML cannot hold the lone surrogate U+{code:04X}", text)
    return '"' + _TOML_ESCAPED.sub(_toml_escape, text) + '"'


def _toml_escape(match: re.Match[str]) -> str:
    char = match.group()
    return _TOML_ESCAPES.get(char) or f"\\u{ord(char):04X}"


_TOML_ESCAPED = re.compile(r'["\\\x00-\x1f\x7f-\x9f]')
_SURROGATE = re.compile("[\ud800-\udfff]")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _toml_string(key)


def _to_toml(data: dict[str, Any]) -> str:
    """Write plain data as TOML: each table's values, then its arrays of tables, nested.

    Lists of mappings (priorities, their outcomes, the outcomes' targets, ...) become
    arrays of tables (``[[priorities.outcomes]]``), so a plan reads top to bottom; small
    mappings (a rule, a baseline) stay inline.
    """
    lines: list[str] = []
    _toml_table(lines, (), data)
    return "\n".join(lines).lstrip("\n") + "\n"


def _toml_table(lines: list[str], prefix: tuple[str, ...], table: dict[str, Any]) -> None:
    arrays: list[tuple[str, list[dict[str, Any]]]] = []
    for key, value in table.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            arrays.append((key, value))
        else:
            lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    for key, items in arrays:
        path = (*prefix, key)
        for item in items:
            lines.append("")
            lines.append(f"[[{'.'.join(_toml_key(k) for k in path)}]]")
            _toml_table(lines, path, item)


# --------------------------------------------------------------------------- schema


def plan_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of plan files, generated from the model.

    The same schema ships with the package as ``schemas/plan.schema.json`` so tools in
    other languages can validate plan files.

    Example:
        >>> from safeguarding_plan import plan_schema
        >>> schema = plan_schema()
        >>> schema["$schema"], sorted(schema["required"])
        ('https://json-schema.org/draft/2020-12/schema', ['end', 'id', 'start', 'title'])
    """
    return _SchemaBuilder().document()


class _SchemaBuilder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def document(self) -> dict[str, Any]:
        root = self.for_class(Plan)
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://safeguarding-plan.readthedocs.io/schemas/plan.schema.json",
            "title": "safeguarding_plan plan file",
            "description": "A safeguarding partnership's business plan, as read by "
            "safeguarding_plan.load_plan.",
            **root,
            "$defs": dict(sorted(self.defs.items())),
        }

    def for_class(self, cls: type) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            properties[field.name] = self.for_type(hints[field.name])
            if field.default is attrs.NOTHING:
                required.append(field.name)
        doc = (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        schema: dict[str, Any] = {
            "type": "object",
            "description": doc,
            "properties": properties,
            "additionalProperties": False,
        }
        if required:
            schema["required"] = required
        return schema

    def ref(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}
            self.defs[name] = self.for_class(cls)
        return {"$ref": f"#/$defs/{name}"}

    def for_type(self, tp: Any) -> dict[str, Any]:
        if tp is str:
            self.defs["Text"] = {
                "type": "string",
                "description": "Text: any Unicode character except control characters other "
                "than tab and line feed (and lone surrogates, which no UTF-8 file holds).",
                "pattern": "^[^\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F]*$",
            }
            return {"$ref": "#/$defs/Text"}
        if tp is float:
            return {"type": "number"}
        if tp is int:
            return {"type": "integer"}
        if tp is dt.date:
            return {
                "type": "string",
                "format": "date",
                "description": "A date, YYYY-MM-DD (in TOML also a date).",
                "pattern": r"^\s*\d{4}-\d{2}-\d{2}\s*$",
            }
        if tp is FinancialYear:
            return {"$ref": "#/$defs/FinancialYear"} if self._period_defs() else {}
        if tp == _PlanYear:
            self._period_defs()
            return {"$ref": "#/$defs/PlanYear"}
        if tp == ToleranceDeclaration:
            return self._tolerance_def()
        if tp == Period:
            self._period_defs()
            return {"$ref": "#/$defs/Period"}
        if tp == Rule:
            return self._rule_def()
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return {"enum": [m.value for m in tp]}
        if attrs.has(tp):
            return self.ref(tp)
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin is tuple:
            return {"type": "array", "items": self.for_type(args[0])}
        if origin in (typing.Union, types.UnionType) and type(None) in args:
            rest = [a for a in args if a is not type(None)]
            inner = rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]  # noqa: UP007
            return {"anyOf": [self.for_type(inner), {"type": "null"}]}
        raise UnsupportedTypeError("no JSON Schema for this type", tp)

    def _period_defs(self) -> bool:
        year = r"(FY\s*)?\d{4}\s*[/-]\s*(\d{2}|\d{4})"
        self.defs["FinancialYear"] = {
            "type": "string",
            "description": "A UK financial year (1 April - 31 March): '2023/24', "
            "'2023-24', '2023/2024' or 'FY2023/24'.",
            "pattern": rf"^\s*{year}\s*$",
        }
        month = r"\d{4}\s*-\s*\d{2}|[A-Za-z]+\.?(\s+|\s*-\s*)\d{4}"
        self.defs["PlanYear"] = {
            "type": "string",
            "description": "A financial year ('2023/24') or a calendar year ('2024').",
            "pattern": rf"^\s*({year}|\d{{4}})\s*$",
        }
        self.defs["Period"] = {
            "type": "string",
            "description": "A financial year ('2023/24'), a quarter of one "
            "('2023/24 Q2' or 'Q2 2023/24'), a month ('2024-05' or 'May 2024') or a "
            "calendar year ('2024'). '2000-01' to '2011-12' are refused as ambiguous.",
            "pattern": rf"^\s*(([Qq][1-4]\s+)?{year}|{year}\s+[Qq][1-4]|{month}|\d{{4}})\s*$",
        }
        return True

    def _tolerance_def(self) -> dict[str, Any]:
        return self._tagged_union(
            "Tolerance",
            _TOLERANCE_KIND,
            "A tolerance, chosen by its 'kind': 'absolute' (an amount in the indicator's "
            "difference unit) or 'relative' (a percent of the value compared with).",
        )

    def _rule_def(self) -> dict[str, Any]:
        return self._tagged_union("Rule", _RULE_KIND, "A target rule, chosen by its 'kind'.")

    def _tagged_union(
        self, name: str, kinds: Mapping[type, str], description: str
    ) -> dict[str, Any]:
        """A union of classes told apart by a ``kind`` field, each defined once."""
        choices = []
        for cls, kind in kinds.items():
            member = cls.__name__
            if member not in self.defs:
                body = self.for_class(cls)
                body["properties"] = {"kind": {"const": kind}, **body["properties"]}
                body["required"] = ["kind", *body.get("required", [])]
                self.defs[member] = body
            choices.append({"$ref": f"#/$defs/{member}"})
        self.defs[name] = {"description": description, "oneOf": choices}
        return {"$ref": f"#/$defs/{name}"}
