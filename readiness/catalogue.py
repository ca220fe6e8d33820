"""The catalogue: what each check is called, why it matters, how to fix it, and which clauses of
which frameworks (GPiA 047, Cyber Essentials) it serves. Data in ``assets/catalogue``, validated
against the JSON Schemas in ``assets/schemas``.

Loading validates with :mod:`readiness.schema_subset` (the keywords these schemas use, failing
closed on any other), not ``jsonschema``: importing that cost every ``readiness check`` ~70 ms
for files that ship with the app. The test suite checks the same files with full
``jsonschema`` as well, so both must agree.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readiness import files, schema_subset
from readiness.model import CheckKind, Reference
from readiness.paths import assets_dir

INDEX = "catalogue.json"


class CatalogueError(Exception):
    """The catalogue files are missing, malformed or inconsistent."""


@dataclass(frozen=True)
class Clause:
    framework: str
    id: str
    title: str
    assessment: str  # automated | partial | attested | out_of_scope
    checks: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    short: str
    clauses: tuple[Clause, ...]


@dataclass(frozen=True)
class Entry:
    id: str
    kind: CheckKind
    title: str
    group: str
    why: str
    remediation: Mapping[str, Fix]  # by OS key ("windows", "macos", "linux", "any")
    question: str = ""  # for attestations: what the practitioner is asked

    def fix_for(self, os_key: str, distro: Sequence[str] = ()) -> Fix:
        """The fix for ``os_key``; on Linux, the variant for the first name in ``distro``
        (os-release ID, then ID_LIKE) that has one, else the general Linux steps."""
        fix = self.remediation.get(os_key) or self.remediation.get("any") or Fix()
        for name in distro:
            for variant in fix.distros:
                if name in variant.ids:
                    return variant
        return fix

    def steps_for(self, os_key: str, distro: Sequence[str] = ()) -> tuple[str, ...]:
        return self.fix_for(os_key, distro).steps

    def settings_for(self, os_key: str,
                     distro: Sequence[str] = ()) -> tuple[dict[str, Any], ...]:
        """Settings links for ``os_key`` in the results document's form (label and uri or
        argv, optionally desktop): what the runner puts into each result."""
        return tuple(link.to_json() for link in self.fix_for(os_key, distro).settings)


@dataclass(frozen=True)
class SettingLink:
    label: str
    uri: str = ""
    argv: tuple[str, ...] = ()
    desktop: str = ""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"label": self.label}
        if self.uri:
            out["uri"] = self.uri
        if self.argv:
            out["argv"] = list(self.argv)
        if self.desktop:
            out["desktop"] = self.desktop
        return out


@dataclass(frozen=True)
class Fix:
    steps: tuple[str, ...] = ()
    settings: tuple[SettingLink, ...] = ()
    # A distribution's own steps and links, replacing these where its os-release names it.
    distros: tuple[Fix, ...] = ()
    ids: tuple[str, ...] = ()  # for a variant: the os-release IDs it is for


def _fix(block: Mapping[str, Any]) -> Fix:
    # The schema has checked the shape; this only turns it into typed values.
    return Fix(
        tuple(block.get("steps", ())),
        tuple(SettingLink(s["label"], s.get("uri", ""), tuple(s.get("argv", ())),
                          s.get("desktop", "")) for s in block.get("settings", ())),
        tuple(_fix(v) for v in block.get("distros", ())),
        tuple(block.get("ids", ())),
    )


def _fixes(remediation: Mapping[str, Any]) -> dict[str, Fix]:
    return {os_key: _fix(block) for os_key, block in remediation.items()}


@dataclass(frozen=True)
class Catalogue:
    version: str
    digest: str  # sha256 over the catalogue files, so a signed report names exactly what it used
    entries: tuple[Entry, ...]
    frameworks: tuple[Framework, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(e.id for e in self.entries)

    def entry(self, check_id: str) -> Entry:
        for e in self.entries:
            if e.id == check_id:
                return e
        raise KeyError(check_id)

    def references(self, check_id: str) -> tuple[Reference, ...]:
        return tuple(
            Reference(fw.short, c.id, c.title, c.assessment)
            for fw in self.frameworks
            for c in fw.clauses
            if check_id in c.checks
        )

    def sections(self, check_id: str, framework: str = "gpia047") -> tuple[str, ...]:
        return tuple(
            c.id
            for fw in self.frameworks
            if fw.id == framework
            for c in fw.clauses
            if check_id in c.checks
        )


def _read_json(path: Path) -> Any:
    # The one bounded reader (deep nesting, huge numbers, a FIFO): a damaged install says so.
    return files.read_json(path, CatalogueError, missing="missing catalogue file {path}",
                           unreadable="cannot read {path}: {exc}",
                           invalid="cannot read {path}: {exc}")


@functools.lru_cache(maxsize=16)
def _schema(schema_path: Path) -> dict[str, Any]:
    schema = _read_json(schema_path)
    if not isinstance(schema, dict):
        raise CatalogueError(f"{schema_path} is not a schema")
    return schema


def _validate(data: Any, schema_name: str, where: Path, base: Path) -> None:
    schema_path = base / "schemas" / schema_name
    try:
        problem = schema_subset.first_problem(_schema(schema_path), data)
    except ValueError as exc:  # a keyword the subset does not check: refuse, never skip
        raise CatalogueError(f"{schema_path}: {exc}") from None
    if problem is not None:
        loc = "/".join(str(p) for p in problem.path)
        raise CatalogueError(f"{where}: {loc or '(top)'}: {problem.message}") from None


def load(base: Path | None = None) -> Catalogue:
    base = base or assets_dir()
    root = base / "catalogue"
    index_path = root / INDEX
    index = _read_json(index_path)
    _validate(index, "catalogue-index.schema.json", index_path, base)
    digest = hashlib.sha256()
    digest.update(index_path.read_bytes())

    entries: list[Entry] = []
    for check_id in index["checks"]:
        path = root / "checks" / f"{check_id}.json"
        data = _read_json(path)
        _validate(data, "catalogue-entry.schema.json", path, base)
        if data["id"] != check_id:
            raise CatalogueError(f"{path}: id {data['id']!r} does not match its file name")
        digest.update(path.read_bytes())
        entries.append(
            Entry(
                id=data["id"],
                kind=CheckKind(data["kind"]),
                title=data["title"],
                group=data["group"],
                why=data["why"],
                remediation=_fixes(data["remediation"]),
                question=data.get("question", ""),
            )
        )

    frameworks: list[Framework] = []
    for fw_id in index["frameworks"]:
        path = root / "frameworks" / f"{fw_id}.json"
        data = _read_json(path)
        _validate(data, "framework.schema.json", path, base)
        digest.update(path.read_bytes())
        frameworks.append(
            Framework(
                id=data["id"],
                name=data["name"],
                short=data["short"],
                clauses=tuple(
                    Clause(
                        framework=data["id"],
                        id=c["id"],
                        title=c["title"],
                        assessment=c["assessment"],
                        checks=tuple(c["checks"]),
                        note=c.get("note", ""),
                    )
                    for c in data["clauses"]
                ),
            )
        )
    cat = Catalogue(index["version"], digest.hexdigest(), tuple(entries), tuple(frameworks))
    problems = consistency_problems(cat)
    if problems:
        raise CatalogueError("; ".join(problems))
    return cat


def _clause_problems(fw: Framework, c: Clause, known: set[str]) -> list[str]:
    problems: list[str] = []
    if len(set(c.checks)) != len(c.checks):
        problems.append(f"{fw.id} clause {c.id} names a check twice")
    if c.assessment == "out_of_scope" and c.checks:
        problems.append(f"{fw.id} clause {c.id} is out of scope but names checks")
    if c.assessment != "out_of_scope" and not c.checks:
        problems.append(f"{fw.id} clause {c.id} names no checks")
    problems += [f"{fw.id} clause {c.id} names missing check {check_id!r}"
                 for check_id in c.checks if check_id not in known]
    return problems


def _distro_problems(e: Entry) -> list[str]:
    problems: list[str] = []
    for os_key, fix in e.remediation.items():
        if fix.distros and os_key != "linux":
            problems.append(f"check {e.id!r}: distribution steps are for linux, not {os_key}")
        named = [i for variant in fix.distros for i in variant.ids]
        problems += [f"check {e.id!r}: distribution {i!r} has two sets of steps"
                     for i in sorted({i for i in named if named.count(i) > 1})]
    return problems


def consistency_problems(cat: Catalogue) -> list[str]:
    """Ids that repeat, clauses naming missing checks, checks no clause maps."""
    problems: list[str] = []
    seen: set[str] = set()
    for e in cat.entries:
        if e.id in seen:
            problems.append(f"check id {e.id!r} repeats")
        seen.add(e.id)
    mapped: set[str] = set()
    for fw in cat.frameworks:
        clause_ids: set[str] = set()
        for c in fw.clauses:
            if c.id in clause_ids:
                problems.append(f"{fw.id} clause {c.id!r} repeats")
            clause_ids.add(c.id)
            problems += _clause_problems(fw, c, seen)
            mapped.update(c.checks)
    for e in cat.entries:
        if e.id not in mapped:
            problems.append(f"check {e.id!r} maps to no clause")
        problems += _distro_problems(e)
        if e.kind is CheckKind.MACHINE:
            problems += [f"check {e.id!r} has no remediation steps for {os_key}"
                         for os_key in ("windows", "macos", "linux") if not e.steps_for(os_key)]
    return problems
