"""readiness.schema_subset agrees with full jsonschema on the app's own schemas: the bundled
catalogue and end-of-life table, and damaged copies of them (the app loads them without
importing jsonschema; the full validator still checks them here)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from readiness import catalogue, schema_subset
from readiness.paths import assets_dir

SCHEMAS = assets_dir() / "schemas"


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _agree(schema: dict[str, Any], data: Any) -> bool:
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    full_ok = cls(schema).is_valid(data)
    subset_ok = schema_subset.first_problem(schema, data) is None
    assert full_ok == subset_ok, (full_ok, data)
    return full_ok


def _catalogue_files() -> list[tuple[str, Path]]:
    root = assets_dir() / "catalogue"
    return ([("catalogue-index.schema.json", root / catalogue.INDEX)]
            + [("catalogue-entry.schema.json", p) for p in sorted(root.glob("checks/*.json"))]
            + [("framework.schema.json", p) for p in sorted(root.glob("frameworks/*.json"))])


def test_bundled_files_are_valid_under_full_jsonschema() -> None:
    for schema_name, path in _catalogue_files():
        assert _agree(_load(SCHEMAS / schema_name), _load(path)), path
    lifecycle = assets_dir() / "lifecycle"
    assert _agree(_load(lifecycle / "lifecycle.schema.json"), _load(lifecycle / "lifecycle.json"))


Edit = Callable[[Any], None]
ENTRY_EDITS: list[Edit] = [
    lambda d: d.update(title="Ensure the thing is on"),
    lambda d: d.update(title="ok"),
    lambda d: d.update(surprise=1),
    lambda d: d.update(kind="other"),
    lambda d: d.update(kind=True),
    lambda d: d.pop("why"),
    lambda d: d.update(why=1),
    lambda d: d.update(remediation={}),
    lambda d: d.update(remediation={"beos": {"steps": ["Do the thing"]}}),
    lambda d: d.update(remediation={"any": {"steps": []}}),
    lambda d: d.update(remediation={"any": {"steps": ["1. Numbered step"]}}),
    lambda d: d.update(remediation={"any": {"steps": ["Fine step"] * 13}}),
    lambda d: d.update(remediation={"any": {"steps": ["Fine step"], "settings": [
        {"label": "Open", "uri": "https://x", "argv": ["x"]}]}}),
    lambda d: d.update(remediation={"any": {"steps": ["Fine step"], "settings": [
        {"label": "Open"}]}}),
    lambda d: d.update(remediation={"any": {"steps": ["Fine step"], "settings": [
        {"label": "Open", "uri": "file:///etc"}]}}),
    lambda d: d.update(remediation={"any": {"steps": ["Fine step"], "settings": [
        {"label": "Open", "argv": ["x"], "desktop": "kde"}]}}),
]
INDEX_EDITS: list[Edit] = [
    lambda d: d.update(format="readiness-catalogue/2"),
    lambda d: d.update(version="2026.1"),
    lambda d: d["checks"].append(d["checks"][0]),
    lambda d: d.update(checks=[]),
    lambda d: d["frameworks"].append("Bad-Id"),
    lambda d: d.update(checks=[1, True]),
]
FRAMEWORK_EDITS: list[Edit] = [
    lambda d: d["clauses"][0].update(assessment="maybe"),
    lambda d: d["clauses"][0].update(title="x" * 121),
    lambda d: d["clauses"][0].update(checks=[1]),
    lambda d: d["clauses"][0].pop("checks"),
    lambda d: d.update(short="x" * 31),
    lambda d: d.update(clauses=[]),
]


@pytest.mark.parametrize(("schema_name", "index", "edit"), [
    *[("catalogue-entry.schema.json", i, e) for i, e in enumerate(ENTRY_EDITS)],
    *[("catalogue-index.schema.json", i, e) for i, e in enumerate(INDEX_EDITS)],
    *[("framework.schema.json", i, e) for i, e in enumerate(FRAMEWORK_EDITS)],
])
def test_damaged_catalogue_files_agree(schema_name: str, index: int, edit: Edit) -> None:
    for name, path in _catalogue_files():
        if name == schema_name:
            data = copy.deepcopy(_load(path))
            edit(data)
            _agree(_load(SCHEMAS / schema_name), data)


def test_damaged_lifecycle_tables_agree() -> None:
    folder = assets_dir() / "lifecycle"
    schema, table = _load(folder / "lifecycle.schema.json"), _load(folder / "lifecycle.json")
    edits: list[Edit] = [
        lambda d: d.update(fetched_at="2026-1-1"),
        lambda d: d["products"].pop("macos"),
        lambda d: d["products"].update(extra=[]),
        lambda d: d["products"]["windows"][0].update(eol=1),
        lambda d: d["products"]["windows"][0].update(eol=None),
        lambda d: d["products"]["windows"][0].update(cycle=True),
        lambda d: d["products"]["windows"][0].update(latest=None, link=None),
        lambda d: d["products"]["windows"][0].pop("eol"),
        lambda d: d["as_of"].update(windows=5) if "as_of" in d else d.update(as_of={"x": 5}),
        lambda d: d.update(notes={"x": "y" * 1001}),
    ]
    for edit in edits:
        data = copy.deepcopy(table)
        edit(data)
        _agree(schema, data)


def test_an_unknown_keyword_is_refused_not_ignored() -> None:
    with pytest.raises(ValueError, match="not supported"):
        schema_subset.first_problem({"type": "string", "format": "email"}, "x")
    with pytest.raises(ValueError, match="ref"):
        schema_subset.first_problem({"$ref": "other.json"}, "x")


def test_json_equality_is_not_python_equality() -> None:
    assert schema_subset.first_problem({"const": 1}, True) is not None
    assert schema_subset.first_problem({"enum": [False]}, 0) is not None
    assert schema_subset.first_problem({"uniqueItems": True}, [1, True]) is None
    assert schema_subset.first_problem({"uniqueItems": True}, [1, 1.0]) is not None
