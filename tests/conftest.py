from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.keychain import MemoryKeyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


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
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def memory_keyring(no_keychain: None) -> Iterator[MemoryKeyring]:
    import keyring

    kr = MemoryKeyring()
    keyring.set_keyring(kr)
    yield kr
