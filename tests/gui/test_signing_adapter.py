"""The GUI's signing adapter: typed calls, and a build without the signing modules shows
signing as unavailable instead of failing."""

from __future__ import annotations

import sys

import pytest

from readiness.gui import signing_adapter


def test_missing_signing_module_is_said_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    import readiness.signing

    # As in a build without the module: the import fails even if it was loaded before.
    monkeypatch.setitem(sys.modules, "readiness.signing.keys", None)
    monkeypatch.delattr(readiness.signing, "keys", raising=False)
    assert not signing_adapter.available()
    with pytest.raises(signing_adapter.SigningUnavailable, match="not available"):
        signing_adapter.has_key()


def test_calls_reach_the_signing_core() -> None:
    assert signing_adapter.available()
    assert signing_adapter.has_key() is False
    assert signing_adapter.key_info() is None
    assert signing_adapter.list_signers() == []
    assert signing_adapter.history_entries() == []
