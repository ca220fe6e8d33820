"""Killing ``keys init``, ``keys rotate`` and ``sign`` at every write they make.

Each command runs for real in a child process (``crash_child``) that ends itself with
``os._exit(137)`` just before its Nth write (rename, fsync, unlink, SQLite write, keychain
change); N goes from 1 until the command completes. After every kill the state on disk is
checked from this process: a key exists only if a recovery code the user saw (printed before
the kill, or the one from before the command) restores a key; after a killed sign every
checklist in the folder is in the history, the next sign succeeds and leaves no temporary
files, and the whole folder verifies.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest

from readiness.cli.main import main
from readiness.signing import key_seal, keys, signers
from readiness.store import History
from tests.keychain import PASSPHRASE
from tests.signing.crash_child import FileKeyring

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = ROOT / "tests" / "fixtures" / "snapshots" / "firewall_on"
CHILD = "from tests.signing.crash_child import main; main()"
KILLED = 137

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def code(self) -> str | None:
        found = re.search(r"RECOVERY CODE.*\n\s+(\S+)", self.stdout)
        return found.group(1) if found else None


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(key_seal, "SCRYPT_N", 2**14)


@pytest.fixture
def pp(tmp_path: Path) -> Path:
    f = tmp_path / "passphrase.txt"
    f.write_text(PASSPHRASE + "\n")
    return f


def _snapshot() -> Path:
    cases = sorted(p for p in SNAPSHOT.iterdir() if (p / "snapshot.json").is_file())
    if not cases:
        pytest.skip("no firewall snapshot fixture")
    return cases[0]


def _child(argv: list[str], home: Path, crash_at: int, keyring_file: Path | None) -> Run:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CRASH_", "KEYRING_"))}
    env.update(READINESS_HOME=str(home), CRASH_AT=str(crash_at), QT_QPA_PLATFORM="offscreen")
    if keyring_file is not None:
        env["KEYRING_FILE"] = str(keyring_file)
    done = subprocess.run([sys.executable, "-u", "-c", CHILD, *argv], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert done.returncode in (0, KILLED), done.stderr
    assert "Traceback" not in done.stderr
    return Run(done.returncode, done.stdout, done.stderr)


def _every_write(argv: list[str], prepare: Callable[[int], Path],
                 check: Callable[[Path, Run], None], keyring_file: Callable[[Path], Path | None]
                 ) -> int:
    """Kill the command at write 1, 2, ... until it completes; check the state each time."""
    for n in range(1, 200):
        home = prepare(n)
        run = _child(argv, home, n, keyring_file(home))
        check(home, run)
        if run.returncode != KILLED:
            return n
    raise AssertionError("the command never completed")


@contextlib.contextmanager
def _at(home: Path) -> Iterator[None]:
    """Look at ``home`` from this process, as the next command there would."""
    before = os.environ.get("READINESS_HOME")
    os.environ["READINESS_HOME"] = str(home)
    try:
        yield
    finally:
        if before is not None:
            os.environ["READINESS_HOME"] = before


def _no_leftovers(home: Path) -> None:
    keys.has_key()  # the next command settles an interrupted change first
    left = [p.name for p in home.rglob("*") if p.name.endswith((".tmp", ".next.json"))]
    assert left == []


class Keys:
    """Checks shared by the init and rotate loops, for one kind of protection."""

    def __init__(self, tmp: Path, pp: Path, capsys: pytest.CaptureFixture[str], *,
                 keychain: bool) -> None:
        self.tmp, self.pp, self.capsys, self.keychain = tmp, pp, capsys, keychain

    def keyring_file(self, home: Path) -> Path | None:
        return home / "keyring.json" if self.keychain else None

    def use(self, home: Path) -> None:
        if self.keychain:
            keyring.set_keyring(FileKeyring(home / "keyring.json"))

    def secret_args(self) -> list[str]:
        return [] if self.keychain else ["--passphrase-file", str(self.pp)]

    def restores(self, code: str, expect: str, *, replace: bool = False) -> None:
        code_file = self.tmp / "code.txt"
        code_file.write_text(code + "\n")
        args = ["keys", "restore", "--recovery-code-file", str(code_file), *self.secret_args()]
        assert main([*args, "--replace"] if replace else args) == 0, self.capsys.readouterr()
        info = keys.key_info()
        assert info is not None and info.fingerprint_ssh == expect
        self.capsys.readouterr()

    def trusted(self) -> dict[str, signers.Signer]:
        return {s.fingerprint: s for s in signers.list_signers() if s.own}

    def rotate_in_process(self) -> str:
        assert main(["keys", "rotate", *self.secret_args()]) == 0
        code = Run(0, self.capsys.readouterr().out, "").code
        assert code
        return code


@pytest.mark.parametrize("keychain", [False, True], ids=["passphrase", "keychain"])
def test_keys_init_killed_at_every_write(tmp_path: Path, pp: Path, keychain: bool,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    k = Keys(tmp_path, pp, capsys, keychain=keychain)
    argv = ["keys", "init", "--name", "Jane Doe", *k.secret_args()]

    seen: set[str] = set()

    def check(home: Path, run: Run) -> None:
        with _at(home):
            k.use(home)
            _no_leftovers(home)
            info = keys.key_info()
            seen.add("shown" if run.code else "made" if info else "nothing")
            if run.code is not None:
                assert info is not None and info.fingerprint_ssh in k.trusted()
                k.restores(run.code, info.fingerprint_ssh)
            elif info is not None:
                # Made, but killed before its code was on screen: the app says so, and the
                # rotation it suggests shows a code that restores the key then in place.
                assert keys.interrupted_notice()
                code = k.rotate_in_process()
                k.restores(code, keys.key_info().fingerprint_ssh)  # type: ignore[union-attr]
            else:
                assert not keys.backup_path().exists()
                assert main(["keys", "init", "--name", "Jane Doe", *k.secret_args()]) == 0
                assert Run(0, capsys.readouterr().out, "").code

    points = _every_write(argv, lambda n: tmp_path / f"init-{n}", check, k.keyring_file)
    assert points > 5 and seen == {"nothing", "made", "shown"}  # kills on both sides


@pytest.mark.parametrize("keychain", [False, True], ids=["passphrase", "keychain"])
def test_keys_rotate_killed_at_every_write(tmp_path: Path, pp: Path, keychain: bool,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    k = Keys(tmp_path, pp, capsys, keychain=keychain)
    template = tmp_path / "template"
    with _at(template):
        k.use(template)
        first = keys.init_key("Jane Doe", passphrase=None if keychain else PASSPHRASE)
    old_fp = first.fingerprint_ssh

    def prepare(n: int) -> Path:
        home = tmp_path / f"rotate-{n}"
        shutil.copytree(template, home)
        return home

    seen: set[str] = set()

    def check(home: Path, run: Run) -> None:
        with _at(home):
            k.use(home)
            _no_leftovers(home)
            info = keys.key_info()
            assert info is not None
            seen.add("old" if info.fingerprint_ssh == old_fp else "shown" if run.code
                     else "new")
            keys.load_key(None if keychain else PASSPHRASE)  # the key in place unlocks
            trusted = k.trusted()
            assert info.fingerprint_ssh in trusted and old_fp in trusted
            handovers = list(keys.retired_dir().glob("handover-*")) if (
                keys.retired_dir().exists()) else []
            if info.fingerprint_ssh == old_fp:
                assert run.code is None and handovers == []
            else:
                assert trusted[info.fingerprint_ssh].predecessor == old_fp
                assert len(handovers) == 1
                assert run.code is not None or keys.interrupted_notice()
            if run.code is not None:
                k.restores(run.code, info.fingerprint_ssh)
            else:  # the code from before the rotation still opens a backup
                k.restores(first.recovery_code, old_fp, replace=True)

    points = _every_write(["keys", "rotate", *k.secret_args()], prepare, check, k.keyring_file)
    assert points > 8 and seen == {"old", "new", "shown"}


def test_sign_killed_at_every_write(tmp_path: Path, pp: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    home, out = tmp_path / "home", tmp_path / "out"
    snapshot = str(_snapshot())
    sign = ["sign", "--replay", snapshot, "--out", str(out), "--passphrase-file", str(pp)]
    with _at(home):
        keys.init_key("Jane Doe", passphrase=PASSPHRASE)
        assert main(sign) == 0  # a chain already under way

    def checklists() -> list[Path]:
        return sorted(p for p in out.iterdir() if p.name.endswith(
            ("checklist.pdf", "checklist.readiness.json")) and not p.name.startswith("."))

    def recorded() -> set[str]:
        with History() as history:
            entries = history.entries()
        return {e.pdf_path for e in entries} | {e.bundle_path for e in entries}

    seen: set[str] = set()
    count = [len(recorded())]

    def check(_home: Path, run: Run) -> None:
        with _at(home):
            now = recorded()
            seen.add("recorded" if len(now) > count[0] else "not recorded")
            assert {str(p) for p in checklists()} <= now  # nothing the history lacks
            if run.returncode == KILLED:
                assert main(sign) == 0, capsys.readouterr().err
            temps = [p for p in out.iterdir() if p.name.endswith(".tmp")]
            pending = home / "data" / "signing-pending"
            assert temps == [] and not (pending.exists() and any(pending.iterdir()))
            assert {str(p) for p in checklists()} == recorded()
            capsys.readouterr()
            assert main(["verify", str(out)]) == 0, capsys.readouterr().out
            capsys.readouterr()
            count[0] = len(recorded())

    points = _every_write(sign, lambda n: home, check, lambda h: None)
    assert points > 5 and seen == {"recorded", "not recorded"}  # killed before and after
    with _at(home), History() as history:
        sequences = [e.sequence for e in history.entries()]
    assert sequences == list(range(1, len(sequences) + 1))
