"""A large folder is verified in worker processes (readiness.signing.summary_verify): the
result is the one a single process gives, file for file, whichever way the workers start;
a worker is forked only when that is safe."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from readiness.cli.main import main
from readiness.signing import checklist, keys, summary_verify
from readiness.signing.summary import Summary, summarise
from tests.keychain import MemoryKeyring
from tests.signing.helpers import HANDMADE_CATALOGUE, handmade_report


@pytest.fixture
def tree(memory_keyring: MemoryKeyring, tmp_path: Path) -> Path:
    keys.init_key("Jane Doe", "BACP 012345")
    root = tmp_path / "tree"
    for failing in (False, True, False):
        checklist.sign_report(handmade_report(failing=failing), root / "jane",
                              catalogue=HANDMADE_CATALOGUE)
    card = keys.export_card(tmp_path / "card")[0]
    assert main(["signers", "add", str(card), "--name", "Jane Doe"]) == 0
    pdf = sorted(root.rglob("*.pdf"))[1]
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 1
    pdf.write_bytes(bytes(data))
    (root / "stray.readiness.json").write_text("{}", encoding="utf-8")
    return root


def _key(s: Summary) -> object:
    return (s.rows, [(v.path, v.ok, v.problems) for v in s.not_verified],
            s.same_checklist_copies)


@pytest.mark.parametrize("method", ["spawn", "fork"])
def test_workers_give_the_single_process_result(tree: Path, method: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    if method == "fork" and summary_verify._start_method() != "fork":
        pytest.skip("this process is not one to fork (not Linux, a thread, or Qt loaded)")
    alone = summarise(tree)
    monkeypatch.setattr(summary_verify, "PARALLEL_FROM", 2)
    monkeypatch.setattr(summary_verify, "BATCH_COST", 1)  # one file a batch: many batches
    monkeypatch.setattr(summary_verify, "_workers", lambda: 2)
    monkeypatch.setattr(summary_verify, "_start_method", lambda: method)
    assert _key(summarise(tree)) == _key(alone)
    assert len(alone.not_verified) == 2 and not alone.rows[0].chain_complete


_CHILD = """
import json, sys
from pathlib import Path
from readiness.signing import summary_verify
from readiness.signing.summary import summarise
alone = summarise(Path(sys.argv[1]))
summary_verify.PARALLEL_FROM, summary_verify.BATCH_COST = 2, 1
summary_verify._workers = lambda: 2
assert summary_verify._start_method() == "fork", "a plain process forks"
forked = summarise(Path(sys.argv[1]))
key = lambda s: [repr(s.rows), [(str(v.path), v.problems) for v in s.not_verified]]
print(json.dumps(key(alone) == key(forked)))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked workers: Linux only")
def test_forked_workers_in_a_plain_process(tree: Path) -> None:
    """The CLI's case (no Qt, no thread): run in a child, as this test process is neither."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    out = subprocess.run([sys.executable, "-c", _CHILD, str(tree)], capture_output=True,
                         text=True, timeout=300, env=env, check=False)
    assert out.stdout.strip() == "true", out.stderr


def test_fork_only_when_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setitem(sys.modules, "PySide6", sys)
    assert summary_verify._start_method() == "spawn"
    monkeypatch.delitem(sys.modules, "PySide6")
    for name in [n for n in sys.modules if n.startswith(("PySide6", "shiboken6"))]:
        monkeypatch.delitem(sys.modules, name)
    stop = threading.Event()
    t = threading.Thread(target=stop.wait, daemon=True)
    t.start()
    try:
        assert summary_verify._start_method() == "spawn"
    finally:
        stop.set()
        t.join()
    if threading.active_count() == 1:
        assert summary_verify._start_method() == "fork"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert summary_verify._start_method() == "spawn"


def test_batches_weigh_pdfs_and_keep_the_order() -> None:
    files = [Path(f"{i}.pdf" if i % 3 == 0 else f"{i}.readiness.json") for i in range(100)]
    cut = summary_verify.batches(files)
    assert [f for b in cut for f in b] == [str(f) for f in files]
    assert all(len(b) < summary_verify.BATCH_COST for b in cut)
