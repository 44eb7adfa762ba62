"""Reading untrusted text: the limits every reader keeps, and strict YAML and JSON parsers.

Plan files and observation files come from people and from other tools, so both readers
take their bytes and documents through here. A file is refused, never silently trimmed
or reinterpreted, when it:

* is larger than :data:`MAX_FILE_BYTES` (a CSV file of observations, action updates or
  assessments: :data:`MAX_DATA_FILE_BYTES`), or is not UTF-8 (the message gives the byte
  offset and line of the first bad byte);
* nests mappings and lists deeper than :data:`MAX_DEPTH` levels;
* holds more than :data:`MAX_VALUES` values once YAML aliases are expanded (an "alias
  bomb" is refused before it is built), or a YAML alias that refers to itself;
* holds a number beyond :data:`MAX_NUMBER` either way, or text longer than
  :data:`MAX_TEXT` characters;
* repeats a key in one mapping (YAML and JSON would otherwise keep the last).

YAML is read with the YAML 1.2 core schema's plain scalars only: ``true``/``false``,
``null``/``~``, and plain decimal numbers (``80``, ``-1.5``). YAML 1.1's other forms
(``1:20`` as 80, ``0x50``, ``1_0``, ``yes``/``no``, dates) stay text, so a number field
given one is refused rather than read as a surprising number.

A problem found here is a :class:`ReadProblem`; each reader wraps it in its own error.
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import tomllib
from collections.abc import Iterator
from typing import Any

import yaml

from safeguarding_plan.errors import SafeguardingPlanError, shown

__all__ = [
    "MAX_DATA_FILE_BYTES",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NUMBER",
    "MAX_PROBLEMS_PER_KIND",
    "MAX_TEXT",
    "MAX_VALUES",
    "BigNumber",
    "DuplicateKeys",
    "ReadProblem",
    "check_document",
    "check_size",
    "load_json",
    "load_toml",
    "load_yaml",
    "read_text",
    "strip_bom",
]

MAX_FILE_BYTES = 5_000_000
"""The largest file read, in bytes (5 MB: about a hundred times the Stockport plan)."""

MAX_DATA_FILE_BYTES = 200_000_000
"""The largest CSV file of observations, action updates or assessments read, in bytes.

200 MB: about five million rows, a national dataset of every council, indicator and
quarter for ten years several times over. A CSV file is read row by row, never parsed
into one document, so it may be much larger than a plan or a JSON file.
"""

MAX_PROBLEMS_PER_KIND = 20
"""The most problems of one kind a reader lists; the rest are counted in one more line.

A file with a million duplicate rows gives twenty located problems and "... and 999,980
more rows with the same problem", not a message of a hundred megabytes.
"""

MAX_DEPTH = 32
"""The deepest nesting of mappings and lists read (a plan needs about eight levels)."""

MAX_VALUES = 200_000
"""The most values (scalars, mappings and lists) one document may hold, aliases expanded."""

MAX_NUMBER = 1e15
"""The largest magnitude of a number read (every whole number up to it is exact as a float)."""

MAX_TEXT = 100_000
"""The longest text value read, in characters."""

_BOM = "\ufeff"


class ReadProblem(ValueError, SafeguardingPlanError):  # noqa: N818 - private; each reader wraps it in its own error
    """Something wrong with a file as a whole or at one place in it."""

    def __init__(self, location: str, message: str, value: object = None) -> None:
        super().__init__(location, message, value)
        self.location = location
        self.message = message
        self.value = value


class BigNumber(str):
    """The digits of a JSON integer too long to convert; refused by :func:`check_document`."""

    __slots__ = ()


class _Object(dict[str, Any]):
    """A JSON object that remembers the keys it was given more than once."""

    duplicates: tuple[str, ...] = ()


def strip_bom(text: str) -> str:
    """The text without one leading UTF-8 byte-order mark, which every format allows."""
    return text.removeprefix(_BOM)


def check_size(text: str, limit: int | None = None) -> None:
    """Refuse anything but text, and text longer than ``limit`` characters.

    The limit is :data:`MAX_FILE_BYTES` unless another is given.
    """
    limit = MAX_FILE_BYTES if limit is None else limit
    if not isinstance(text, str):
        raise ReadProblem("", "expected text (decode the file's bytes first)", type(text).__name__)
    if len(text) > limit:
        raise ReadProblem(
            "",
            f"the text is longer than the limit of {limit:,} characters",
            f"{len(text):,} characters",
        )


def read_text(path: pathlib.Path, limit: int | None = None) -> str:
    """A file's UTF-8 text, without a byte-order mark.

    The limit is :data:`MAX_FILE_BYTES` bytes unless another is given.

    Raises:
        ReadProblem: for a file that cannot be read (an :class:`OSError`), is too large or
            is not UTF-8.
    """
    limit = MAX_FILE_BYTES if limit is None else limit
    try:
        with path.open("rb") as stream:
            # Ask for the file's size (a buffer of the limit would cost its size in memory),
            # then for anything beyond it: a file can grow, or not know its size.
            size = os.fstat(stream.fileno()).st_size
            data = stream.read(min(size, limit) + 1)
            if len(data) <= limit:
                more = stream.read(limit + 1 - len(data))
                if more:
                    data += more
    except OSError as exc:
        raise ReadProblem("", f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise ReadProblem("", f"the file is larger than the limit of {limit:,} bytes")
    try:
        return strip_bom(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ReadProblem(
            f"line {line}",
            f"the file is not UTF-8 text: byte {exc.start} (counting from 0) is "
            f"{data[exc.start : exc.start + 1]!r}, which cannot start or continue a "
            "UTF-8 character; save the file as UTF-8",
        ) from None


# --------------------------------------------------------------------------- JSON


def _json_object(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        obj.duplicates = tuple(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
    return obj


def _json_int(text: str) -> int | BigNumber:
    return BigNumber(text) if len(text.lstrip("-")) > 20 else int(text)


def load_json(text: str) -> Any:
    """Parse JSON, keeping repeated keys and over-long integers for :func:`check_document`.

    Raises:
        ReadProblem: for bad syntax (with line and column) or nesting too deep to parse.
    """
    check_size(text)
    try:
        return json.loads(strip_bom(text), object_pairs_hook=_json_object, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        raise ReadProblem(
            f"line {exc.lineno}, column {exc.colno}", f"not valid JSON: {exc.msg}"
        ) from None
    except RecursionError:
        raise ReadProblem("", f"mappings and lists nest deeper than {MAX_DEPTH} levels") from None


# --------------------------------------------------------------------------- TOML


def load_toml(text: str) -> Any:
    """Parse TOML (which refuses repeated keys itself).

    Raises:
        ReadProblem: for bad syntax, nesting too deep to parse or an over-long integer.
    """
    check_size(text)
    try:
        return tomllib.loads(strip_bom(text))
    except tomllib.TOMLDecodeError as exc:
        raise ReadProblem("", f"not valid TOML: {exc}") from None
    except RecursionError:
        raise ReadProblem("", f"mappings and lists nest deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise ReadProblem(
            "", f"not valid TOML: a number beyond the limit of {MAX_NUMBER:,.0f}"
        ) from exc


# --------------------------------------------------------------------------- YAML


_CLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_CLoader):  # type: ignore[valid-type,misc]
    """PyYAML's safe loader (in C where libyaml is present) with YAML 1.2 core scalars."""

    yaml_implicit_resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}  # noqa: RUF012

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[ReadProblem] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        if len(mapping) != len(node.value):
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                if key in seen:
                    mark = key_node.start_mark
                    self.duplicates.append(
                        ReadProblem(
                            f"line {mark.line + 1}, column {mark.column + 1}",
                            "a key appears twice in one mapping; give each key once",
                            key,
                        )
                    )
                seen.add(key)
        return mapping


_SCALARS: dict[str, tuple[str, list[str]]] = {
    "bool": (r"true|True|TRUE|false|False|FALSE", list("tTfF")),
    "null": (r"~|null|Null|NULL|", [*"~nN", ""]),
    "int": (r"[-+]?[0-9]+", list("-+0123456789")),
    "float": (r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)", list("-+0123456789.")),
}
"""YAML 1.2 core schema scalars (numbers: plain decimals only): tag -> pattern, first chars."""


def _construct_scalar(loader: _Loader, node: yaml.ScalarNode) -> object:
    """A boolean, null or plain decimal number; an explicit tag on other text is refused."""
    kind = node.tag.rsplit(":", 1)[-1]
    text: str = loader.construct_scalar(node)
    number = kind in {"int", "float"} and re.fullmatch(_SCALARS["int"][0], text)
    if not (number or re.fullmatch(_SCALARS[kind][0], text)):
        raise yaml.constructor.ConstructorError(
            None, None, f"{shown(text)} is not a YAML 1.2 {kind}: the booleans are true and false, "
            "null is null or ~, and numbers are plain decimals such as 80 or 1.5",
            node.start_mark,
        )  # fmt: skip
    if kind == "bool":
        return text.lower() == "true"
    if kind == "null":
        return None
    if len(text.lstrip("+-")) > 20:  # more digits than any number allowed
        return BigNumber(text)
    return int(text) if kind == "int" else float(text)


for _kind, (_pattern, _first) in _SCALARS.items():
    _tag = f"tag:yaml.org,2002:{_kind}"
    _Loader.add_constructor(_tag, _construct_scalar)
    _Loader.add_implicit_resolver(_tag, re.compile(f"^(?:{_pattern})$"), _first)


def _yaml_problem(exc: yaml.YAMLError) -> ReadProblem:
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    message = str(getattr(exc, "problem", None) or exc)
    return ReadProblem(where, f"not valid YAML: {message}")


def _check_nodes(root: yaml.Node) -> None:
    """Refuse a node graph too deep, too large once aliases are expanded, or cyclic."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    # Iterative post-order walk; a node reached twice (an alias) is counted from `sizes`.
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in _children(node))
            if sizes[key] > MAX_VALUES:
                raise _too_many(node)
            continue
        if key in sizes:
            continue
        if key in on_path:
            mark = node.start_mark
            raise ReadProblem(
                f"line {mark.line + 1}, column {mark.column + 1}",
                "an alias refers to the mapping or list that holds it",
            )
        if depth > MAX_DEPTH:
            mark = node.start_mark
            raise ReadProblem(
                f"line {mark.line + 1}, column {mark.column + 1}",
                f"mappings and lists nest deeper than {MAX_DEPTH} levels",
            )
        on_path.add(key)
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in _children(node))


def _too_many(node: yaml.Node) -> ReadProblem:
    mark = node.start_mark
    return ReadProblem(
        f"line {mark.line + 1}, column {mark.column + 1}",
        f"the document holds more than {MAX_VALUES:,} values once its aliases are expanded",
    )


def _children(node: yaml.Node) -> Iterator[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        yield from node.value
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            yield key_node
            yield value_node


def load_yaml(text: str) -> Any:
    """Parse one YAML document safely, within the limits, refusing repeated keys.

    Raises:
        ReadProblem: for bad syntax, or a document beyond the limits (the first found).
        DuplicateKeys: listing every key given twice in one mapping, each located.
    """
    check_size(text)
    loader = _Loader(strip_bom(text))
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_nodes(node)
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise _yaml_problem(exc) from None
    except RecursionError:
        raise ReadProblem("", f"mappings and lists nest deeper than {MAX_DEPTH} levels") from None
    finally:
        loader.dispose()
    if loader.duplicates:
        raise DuplicateKeys(loader.duplicates)
    return data


class DuplicateKeys(ValueError, SafeguardingPlanError):  # noqa: N818 - private, like ReadProblem
    """Every repeated key of a YAML document, each a :class:`ReadProblem`."""

    def __init__(self, problems: list[ReadProblem]) -> None:
        super().__init__(problems)
        self.problems = problems


# --------------------------------------------------------------------------- documents


def check_document(data: Any, *, root: str = "") -> list[ReadProblem]:
    """Every place a parsed document breaks the limits or repeats a key, located by path.

    Paths read ``priorities[2].outcomes[0].id``. The walk is iterative, so it never
    recurses however deep the document; it stops at :data:`MAX_DEPTH`.
    """
    found: list[ReadProblem] = []
    count = 0
    stack: list[tuple[Any, str, int]] = [(data, root, 0)]
    while stack:
        value, path, depth = stack.pop()
        count += 1
        if count > MAX_VALUES:
            found.append(ReadProblem(path, f"the document holds more than {MAX_VALUES:,} values"))
            break
        if isinstance(value, dict | list) and depth >= MAX_DEPTH:
            found.append(
                ReadProblem(path, f"mappings and lists nest deeper than {MAX_DEPTH} levels")
            )
            continue
        if isinstance(value, dict):
            found.extend(
                ReadProblem(
                    _join(path, key),
                    "this key appears twice in one mapping; give each key once",
                    key,
                )
                for key in getattr(value, "duplicates", ())
            )
            items = [(_join(path, str(k)), v) for k, v in value.items()]
            found.extend(
                ReadProblem(path, f"a key must not be longer than {MAX_TEXT:,} characters", key)
                for key in value
                if isinstance(key, str) and len(key) > MAX_TEXT
            )
            stack.extend((v, p, depth + 1) for p, v in reversed(items))
        elif isinstance(value, list):
            indexed = reversed(list(enumerate(value)))
            stack.extend((v, f"{path}[{i}]", depth + 1) for i, v in indexed)
        elif isinstance(value, BigNumber) or (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and (abs(value) > MAX_NUMBER if value == value else False)  # noqa: PLR0124 - NaN
        ):
            found.append(
                ReadProblem(
                    path,
                    f"a number must lie between -{MAX_NUMBER:,.0f} and {MAX_NUMBER:,.0f}",
                    str(value) if isinstance(value, BigNumber) else value,
                )
            )
        elif isinstance(value, str) and len(value) > MAX_TEXT:
            found.append(
                ReadProblem(path, f"text must not be longer than {MAX_TEXT:,} characters", value)
            )
    return found


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
