"""Fault injection: break each probe a passing check relied on; it must then never pass.

For every fixture case that passes, we replay it once noting which snapshot entries the check
consulted, then for each consulted entry replay again with that entry missing, failing, timed
out, empty or garbage (a folder listing: missing, unreadable, or holding garbage names). Any
``pass`` among those is a false pass.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from readiness.model import Status
from readiness.probe import snapshot as snapshot_mod
from readiness.probe.types import command_key
from tests.helpers import Case, ConsultingReplayHost, fixture_cases, run_check

GARBAGE = "\x00\x1b[31m?? <html><body>Error 0x80070005</body></html> ÿþ lorem ipsum 12:34\n"
PASS_CASES = [c for c in fixture_cases() if c.expect == "pass"]


Variants = Iterator[tuple[str, dict[str, Any]]]


def _replaced(snap: dict[str, Any], section: str, key: Any,
              patches: tuple[tuple[str, Any], ...], what: str) -> Variants:
    """Each patch applied to a copy: None deletes the entry, anything else replaces it."""
    for label, value in patches:
        s = copy.deepcopy(snap)
        if value is None:
            del s[section][key]
        else:
            s[section][key] = value
        yield f"{what} {label}", s


def _command_variants(snap: dict[str, Any], key: Any) -> Variants:
    idx = [i for i, c in enumerate(snap.get("commands", [])) if command_key(c["argv"]) == key]
    if not idx:
        return
    for label, patch in (
        ("missing", None),
        ("fails", {"returncode": 1, "stderr": "error: operation failed"}),
        ("fails-126", {"returncode": 126, "stdout": "", "stderr": "Permission denied"}),
        ("timed-out", {"timed_out": True, "returncode": None, "stdout": ""}),
        ("empty", {"stdout": "", "stderr": ""}),
        ("garbage", {"stdout": GARBAGE}),
    ):
        s = copy.deepcopy(snap)
        if patch is None:
            del s["commands"][idx[0]]
        else:
            s["commands"][idx[0]].update(patch)
        yield f"command {' '.join(key)} {label}", s


def _variants(snap: dict[str, Any], kind: str, key: Any) -> Variants:
    if kind == "command":
        yield from _command_variants(snap, key)
    elif kind == "file" and key in snap.get("files", {}):
        yield from _replaced(snap, "files", key, (("missing", None), ("empty", ""),
                                                  ("garbage", GARBAGE)), f"file {key}")
    elif kind == "registry":
        match = [k for k in snap.get("registry", {}) if k.lower() == key.lower()]
        if match:
            yield from _replaced(snap, "registry", match[0], (
                ("missing", None), ("garbage", {"type": "REG_SZ", "value": GARBAGE}),
                ("empty", {"type": "REG_SZ", "value": ""})), f"registry {match[0]}")
    elif kind == "native" and key in snap.get("native", {}):
        yield from _replaced(snap, "native", key, (
            ("missing", None), ("error", {"error": "access denied"}), ("empty", {}),
            ("garbage", GARBAGE), ("garbage-list", [GARBAGE, 7])), f"native {key}")
    elif kind == "dir" and key in snap.get("dirs", {}):
        # Names no folder holds (a NUL byte) and a drop-in the snapshot cannot read.
        names = [GARBAGE, "zz-\x1b[31m??.conf"]
        yield from _replaced(snap, "dirs", key, (
            ("missing", None), ("permission denied", {"error": "permission denied"}),
            ("garbage names", names)), f"folder {key}")
    elif kind == "processes" and "processes" in snap:
        s = copy.deepcopy(snap)
        del s["processes"]
        yield "process list missing", s
        s = copy.deepcopy(snap)
        s["processes"] = []
        yield "process list empty", s


def _faults(case: Case) -> Iterator[tuple[str, dict[str, Any]]]:
    snap = case.snapshot()
    host = ConsultingReplayHost(snapshot_mod.parse(copy.deepcopy(snap)))
    run_check(case.check, snap, host=host, today=case.meta.get("today"),
              attestations=case.meta.get("attestations"),
              options=case.meta.get("options"))
    seen: set[tuple[str, Any]] = set()
    for kind, key in host.consulted:
        if (kind, key) in seen:
            continue
        seen.add((kind, key))
        yield from _variants(snap, kind, key)


@pytest.mark.parametrize("case", PASS_CASES, ids=[c.name for c in PASS_CASES])
def test_no_false_pass_under_faults(case: Case) -> None:
    false_passes = []
    count = 0
    for label, snap in _faults(case):
        count += 1
        result = run_check(case.check, snap, today=case.meta.get("today"),
                           attestations=case.meta.get("attestations"),
              options=case.meta.get("options"))
        if result.status is Status.PASS:
            false_passes.append(f"{label}: {result.summary}")
    assert count or case.meta.get("kind") == "attestation", "no probe was consulted"
    assert not false_passes, "false pass under fault:\n" + "\n".join(false_passes)
