"""A damaged settings file is said, not silently replaced by a default (issue 9, item 11)."""

from __future__ import annotations

import pytest

from readiness import settings
from readiness.cli.sign_cmd import default_out_dir


def test_sign_says_when_the_chosen_folder_cannot_be_read(
    capsys: pytest.CaptureFixture[str]
) -> None:
    path = settings.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b'{"output_folder": ' + b"[" * 10_000)
    folder = default_out_dir()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "using the default folder" in err
    assert folder.name == "checklists"
    assert path.read_bytes().startswith(b'{"output_folder": [[')
