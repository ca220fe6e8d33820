"""Fault injection: break each probe a passing check relied on; it must then never pass.

For every fixture case that passes, we replay it once noting which snapshot entries the check
consulted, then for each consulted entry replay again with that entry missing, failing, timed
out, empty or garbage. Any ``pass`` among those is a false pass.
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


def _variants(snap: dict[str, Any], kind: str, key: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    def clone() -> dict[str, Any]:
        return copy.deepcopy(snap)

    if kind == "command":
        idx = [i for i, c in enumerate(snap.get("commands", [])) if command_key(c["argv"]) == key]
        if not idx:
            return
        i = idx[0]
        for label, patch in (
            ("missing", None),
            ("fails", {"returncode": 1, "stderr": "error: operation failed"}),
            ("fails-126", {"returncode": 126, "stdout": "", "stderr": "Permission denied"}),
            ("timed-out", {"timed_out": True, "returncode": None, "stdout": ""}),
            ("empty", {"stdout": "", "stderr": ""}),
            ("garbage", {"stdout": GARBAGE}),
        ):
            s = clone()
            if patch is None:
                del s["commands"][i]
            else:
                s["commands"][i].update(patch)
            yield f"command {' '.join(key)} {label}", s
    elif kind == "file" and key in snap.get("files", {}):
        for label, text in (("missing", None), ("empty", ""), ("garbage", GARBAGE)):
            s = clone()
            if text is None:
                del s["files"][key]
            else:
                s["files"][key] = text
            yield f"file {key} {label}", s
    elif kind == "registry":
        match = [k for k in snap.get("registry", {}) if k.lower() == key.lower()]
        if not match:
            return
        k = match[0]
        entry: dict[str, str] | None
        for label, entry in (
            ("missing", None),
            ("garbage", {"type": "REG_SZ", "value": GARBAGE}),
            ("empty", {"type": "REG_SZ", "value": ""}),
        ):
            s = clone()
            if entry is None:
                del s["registry"][k]
            else:
                s["registry"][k] = entry
            yield f"registry {k} {label}", s
    elif kind == "native" and key in snap.get("native", {}):
        answer: object
        for label, answer in (
            ("missing", None),
            ("error", {"error": "access denied"}),
            ("empty", {}),
            ("garbage", GARBAGE),
            ("garbage-list", [GARBAGE, 7]),
        ):
            s = clone()
            if answer is None:
                del s["native"][key]
            else:
                s["native"][key] = answer
            yield f"native {key} {label}", s
    elif kind == "processes" and "processes" in snap:
        s = clone()
        del s["processes"]
        yield "process list missing", s
        s = clone()
        s["processes"] = []
        yield "process list empty", s


def _faults(case: Case) -> Iterator[tuple[str, dict[str, Any]]]:
    snap = case.snapshot()
    host = ConsultingReplayHost(snapshot_mod.parse(copy.deepcopy(snap)))
    run_check(case.check, snap, host=host, today=case.meta.get("today"),
              attestations=case.meta.get("attestations"))
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
                           attestations=case.meta.get("attestations"))
        if result.status is Status.PASS:
            false_passes.append(f"{label}: {result.summary}")
    assert count or case.meta.get("kind") == "attestation", "no probe was consulted"
    assert not false_passes, "false pass under fault:\n" + "\n".join(false_passes)
