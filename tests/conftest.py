from __future__ import annotations

import atexit
import gc
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.keychain import MemoryKeyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Hypothesis keeps its examples and caches in .hypothesis/ of the working folder, the checkout:
# no test writes into the source tree, so they go to a folder of this run (read lazily).
if "HYPOTHESIS_STORAGE_DIRECTORY" not in os.environ:
    _hypothesis_dir = tempfile.mkdtemp(prefix="readiness-hypothesis-")
    os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = _hypothesis_dir
    atexit.register(shutil.rmtree, _hypothesis_dir, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def collect_garbage_on_the_main_thread() -> Iterator[None]:
    """As in the app (readiness.gui.gc_guard): the cycle collector never runs on a check
    thread, where finding a Qt object left over from an earlier test crashes the process."""
    gc.disable()
    yield
    gc.collect()
    gc.enable()


@pytest.fixture(autouse=True)
def collect_after_each_test() -> Iterator[None]:
    yield
    from readiness.gui.gc_guard import collect_if_due

    collect_if_due()


@pytest.fixture(autouse=True)
def readiness_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own config/data/log folders; nothing touches the real profile."""
    home = tmp_path / "readiness-home"
    monkeypatch.setenv("READINESS_HOME", str(home))
    yield home


@pytest.fixture(autouse=True)
def no_keychain() -> Iterator[None]:
    """No OS keychain by default (as on headless Linux): keys are passphrase-protected, and
    no test can ever touch the real keychain of the machine it runs on."""
    import keyring
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    yield
    keyring.set_keyring(before)


@pytest.fixture
def memory_keyring(no_keychain: None) -> Iterator[MemoryKeyring]:
    import keyring

    kr = MemoryKeyring()
    keyring.set_keyring(kr)
    yield kr


@pytest.fixture(autouse=True)
def runner_reads_not_noted(monkeypatch: pytest.MonkeyPatch) -> None:
    """The runner reads the Linux distribution (for fix steps) through the host, as it must
    for a replay; but that read is not a check's evidence. The fixture tests' hosts (with a
    ``runner_reading`` flag) do not count it as a request a check made, nor break it in the
    fault tests, where it could not change a verdict."""
    from readiness.distro import family as real

    def family(host: Any) -> tuple[str, ...]:
        if not hasattr(host, "runner_reading"):
            return real(host)
        host.runner_reading = True
        try:
            return real(host)
        finally:
            host.runner_reading = False

    monkeypatch.setattr("readiness.runner.distro_family", family)
