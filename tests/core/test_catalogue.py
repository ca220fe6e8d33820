"""The catalogue: schema-valid, consistent with the frameworks, and with the check registry."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest

from checks.registry import ALL_CHECKS
from readiness import catalogue
from readiness.catalogue import CatalogueError, consistency_problems
from readiness.model import CheckKind
from readiness.paths import assets_dir


def test_catalogue_loads_and_is_consistent() -> None:
    cat = catalogue.load()
    assert consistency_problems(cat) == []
    assert len(cat.digest) == 64


def test_registry_matches_catalogue_exactly() -> None:
    cat = catalogue.load()
    registered = [c.id for c in ALL_CHECKS]
    assert len(registered) == len(set(registered)), "a check is registered twice"
    assert set(registered) == set(cat.ids)
    for check in ALL_CHECKS:
        assert check.kind.value == cat.entry(check.id).kind


def test_every_catalogue_file_is_listed() -> None:
    cat = catalogue.load()
    on_disk = {p.stem for p in (assets_dir() / "catalogue" / "checks").glob("*.json")}
    assert on_disk == set(cat.ids)


def test_every_gpia_clause_3_to_12_is_present() -> None:
    cat = catalogue.load()
    (gpia,) = [f for f in cat.frameworks if f.id == "gpia047"]
    assert [c.id for c in gpia.clauses] == [str(n) for n in range(3, 13)]


def test_attestations_never_claim_automation() -> None:
    cat = catalogue.load()
    attested = {e.id for e in cat.entries if e.kind == "attestation"}
    for fw in cat.frameworks:
        for clause in fw.clauses:
            if clause.checks and set(clause.checks) <= attested:
                assert clause.assessment == "attested", (fw.id, clause.id)
            if clause.assessment == "automated":
                assert not set(clause.checks) & attested, (fw.id, clause.id)


@pytest.fixture()
def assets_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "assets"
    shutil.copytree(assets_dir(), dst)
    return dst


def _edit(path: Path, fn: object) -> None:
    data = json.loads(path.read_text())
    fn(data)  # type: ignore[operator]
    path.write_text(json.dumps(data))


def test_clause_naming_missing_check_is_rejected(assets_copy: Path) -> None:
    fw = assets_copy / "catalogue" / "frameworks" / "gpia047.json"
    _edit(fw, lambda d: d["clauses"][2]["checks"].append("no_such_check"))
    with pytest.raises(CatalogueError, match="missing check 'no_such_check'"):
        catalogue.load(assets_copy)


def test_unmapped_check_is_rejected(assets_copy: Path) -> None:
    cat = catalogue.load(assets_copy)
    victim = cat.entries[-1].id

    def drop(d: dict) -> None:  # type: ignore[type-arg]
        for c in d["clauses"]:
            c["checks"] = [x for x in c["checks"] if x != victim]
            if not c["checks"] and c["assessment"] != "out_of_scope":
                c["checks"] = [cat.entries[0].id]

    for name in ("gpia047", "cyber_essentials"):
        _edit(assets_copy / "catalogue" / "frameworks" / f"{name}.json", drop)
    with pytest.raises(CatalogueError, match=f"check '{victim}' maps to no clause"):
        catalogue.load(assets_copy)


def test_repeated_id_is_rejected(assets_copy: Path) -> None:
    idx = assets_copy / "catalogue" / "catalogue.json"
    _edit(idx, lambda d: d["checks"].append(d["checks"][0]))
    with pytest.raises(CatalogueError):
        catalogue.load(assets_copy)


def test_entry_must_match_schema(assets_copy: Path) -> None:
    cat = catalogue.load(assets_copy)
    path = assets_copy / "catalogue" / "checks" / f"{cat.entries[0].id}.json"
    _edit(path, lambda d: d.update(title="Ensure the thing is on"))
    with pytest.raises(CatalogueError, match="title"):
        catalogue.load(assets_copy)
    _edit(path, lambda d: d.update(title="Fine title", surprise=1))
    with pytest.raises(CatalogueError, match="surprise"):
        catalogue.load(assets_copy)


def test_corrupt_catalogue_file_gives_clear_error(assets_copy: Path) -> None:
    (assets_copy / "catalogue" / "catalogue.json").write_text("{oops")
    with pytest.raises(CatalogueError, match="cannot read"):
        catalogue.load(assets_copy)


def test_machine_checks_have_remediation_for_every_os() -> None:
    cat = catalogue.load()
    for e in cat.entries:
        if e.kind == "machine":
            for os_key in ("windows", "macos", "linux"):
                steps = e.steps_for(os_key)
                assert steps, (e.id, os_key)
                assert all(not s[:2].rstrip(".").isdigit() for s in steps), "numbered on display"


def test_settings_links_are_well_formed() -> None:
    cat = catalogue.load()
    for e in cat.entries:
        for os_key in ("windows", "macos", "linux", "any"):
            for s in e.settings_for(os_key):
                if "uri" in s:
                    expected = {"windows": ("ms-settings:", "windowsdefender:"),
                                "macos": ("x-apple.systempreferences:",)}.get(os_key)
                    if expected:
                        assert s["uri"].startswith(expected), (e.id, s)


def test_entries_are_typed() -> None:
    # No raw dictionary reaches the GUI or CLI: kind is an enum, the question a field.
    cat = catalogue.load()
    for e in cat.entries:
        assert isinstance(e.kind, CheckKind) and not hasattr(e, "raw")
        assert copy.deepcopy(e) == e
        if e.kind is CheckKind.ATTESTATION:
            assert e.question, e.id
        for os_key in ("windows", "macos", "linux"):
            assert all(isinstance(step, str) for step in e.steps_for(os_key))
