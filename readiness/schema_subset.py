"""A small JSON Schema validator for the keywords Readiness's own schemas use.

``jsonschema`` takes ~70 ms to import (and its format checkers, referencing registry and
metaschemas with it), which every ``readiness check`` paid to validate the bundled catalogue.
This module checks the same schema files with the subset of draft 2020-12 they are written in.
It fails closed: a keyword it does not implement is an error, never silently ignored, so a
schema edited to use one cannot pass data unchecked. The test suite runs the full
``jsonschema`` over the same files and data and compares the verdicts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

# Keywords that only describe; they never refuse data.
ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description", "$comment"})
CHECKED = frozenset({
    "type", "const", "enum", "pattern", "minLength", "maxLength", "minItems", "maxItems",
    "uniqueItems", "minProperties", "required", "properties", "additionalProperties", "items",
    "$ref", "oneOf",
})
_TYPES: dict[str, Any] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool))
    or (isinstance(v, float) and v.is_integer()),
}


class SchemaProblem(Exception):
    """The data does not match the schema; ``path`` says where, the message what."""

    def __init__(self, path: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def _canonical(value: Any) -> str:
    # JSON equality: 1 and true differ (Python's == says they are equal), 1 and 1.0 do not.
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _show(value: Any) -> str:
    # A whole table quoted in one message helps nobody.
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


@lru_cache(maxsize=64)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def first_problem(schema: dict[str, Any], data: Any,
                  root: dict[str, Any] | None = None) -> SchemaProblem | None:
    """The first way ``data`` fails ``schema`` (with ``$ref`` resolved against the ``$defs``
    of ``root``, by default the schema itself), or None when it is valid."""
    return next(_problems(schema if root is None else root, schema, data, ()), None)


def _problems(root: dict[str, Any], schema: Any, value: Any,
              path: tuple[str | int, ...]) -> Iterator[SchemaProblem]:
    if schema is True:
        return
    if schema is False:
        yield SchemaProblem(path, "no value is allowed here")
        return
    unknown = set(schema) - CHECKED - ANNOTATIONS
    if unknown:
        raise ValueError(f"schema keyword(s) not supported: {sorted(unknown)}")
    if "$ref" in schema:
        yield from _problems(root, _resolve(root, schema["$ref"]), value, path)
    yield from _scalar_problems(schema, value, path)
    if isinstance(value, dict):
        yield from _object_problems(root, schema, value, path)
    if isinstance(value, list):
        yield from _array_problems(root, schema, value, path)
    if "oneOf" in schema:
        passing = sum(first_problem(s, value, root) is None for s in schema["oneOf"])
        if passing != 1:
            yield SchemaProblem(path, f"{_show(value)} matches {passing} of the oneOf choices, "
                                      "not exactly one")


def _resolve(root: dict[str, Any], ref: str) -> Any:
    prefix = "#/$defs/"
    if not ref.startswith(prefix) or ref[len(prefix):] not in root.get("$defs", {}):
        raise ValueError(f"unsupported or unknown $ref {ref!r}")
    return root["$defs"][ref[len(prefix):]]


def _scalar_problems(schema: dict[str, Any], value: Any,
                     path: tuple[str | int, ...]) -> Iterator[SchemaProblem]:
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_TYPES[n](value) for n in names):
            yield SchemaProblem(path, f"{_show(value)} is not of type {', '.join(names)}")
            return
    if "const" in schema and _canonical(value) != _canonical(schema["const"]):
        yield SchemaProblem(path, f"{schema['const']!r} was expected")
    if "enum" in schema and _canonical(value) not in {_canonical(e) for e in schema["enum"]}:
        yield SchemaProblem(path, f"{_show(value)} is not one of {schema['enum']!r}")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            yield SchemaProblem(path, f"{_show(value)} is too short")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            yield SchemaProblem(path, f"{_show(value)} is too long")
        if "pattern" in schema and not _regex(schema["pattern"]).search(value):
            yield SchemaProblem(path, f"{_show(value)} does not match {schema['pattern']!r}")


def _object_problems(root: dict[str, Any], schema: dict[str, Any], value: dict[str, Any],
                     path: tuple[str | int, ...]) -> Iterator[SchemaProblem]:
    for name in schema.get("required", ()):
        if name not in value:
            yield SchemaProblem(path, f"{name!r} is a required property")
    if len(value) < schema.get("minProperties", 0):
        yield SchemaProblem(path, f"{_show(value)} has too few properties")
    props = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for name, item in value.items():
        if name in props:
            yield from _problems(root, props[name], item, (*path, name))
        elif extra is False:
            yield SchemaProblem(path, f"Additional properties are not allowed ({name!r} was "
                                      "unexpected)")
        else:
            yield from _problems(root, extra, item, (*path, name))


def _array_problems(root: dict[str, Any], schema: dict[str, Any], value: list[Any],
                    path: tuple[str | int, ...]) -> Iterator[SchemaProblem]:
    if len(value) < schema.get("minItems", 0):
        yield SchemaProblem(path, f"{_show(value)} should be non-empty" if not value
                            else f"{_show(value)} is too short")
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        yield SchemaProblem(path, f"{_show(value)} is too long")
    if schema.get("uniqueItems") and len({_canonical(v) for v in value}) != len(value):
        yield SchemaProblem(path, f"{_show(value)} has non-unique elements")
    if "items" in schema:
        for i, item in enumerate(value):
            yield from _problems(root, schema["items"], item, (*path, i))
