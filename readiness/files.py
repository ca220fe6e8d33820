"""The app's own files: reading JSON with each way it can fail (missing, unreadable, not JSON)
turned into the caller's own error and wording, and writing atomically."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final


class _Absent:
    def __repr__(self) -> str:
        return "ABSENT"


# Returned for a missing file when the caller has a default. Not None: a file holding JSON
# `null` is damaged, and must be reported, not mistaken for a missing one and overwritten.
ABSENT: Final = _Absent()


def read_json(path: Path, error: Callable[[str], Exception], *, missing: str | None,
              unreadable: str, invalid: str) -> Any:
    """The parsed contents of ``path``; ``ABSENT`` when it does not exist and ``missing`` is
    None (the caller has a default). The messages are formatted with ``{path}`` and ``{exc}``;
    the error is raised without the chained traceback (the message says it all)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if missing is None:
            return ABSENT
        raise error(missing.format(path=path, exc="")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(unreadable.format(path=path, exc=exc)) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(invalid.format(path=path, exc=exc)) from None


def atomic_write_bytes(path: Path, data: bytes, *, mode: int = 0o600,
                       private_folder: bool = False) -> None:
    """Write via a temporary file in the same folder, fsync, and rename over the target, so a
    crash or a full disk leaves the old file (or none), never half a file. The file is
    created 0600 (mkstemp) and only then widened to ``mode``, so secret bytes are never
    readable by others even for a moment; ``private_folder`` also closes the folder (0700)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if private_folder:
        with contextlib.suppress(OSError):  # a folder we do not own: the file is still 0600
            os.chmod(path.parent, 0o700)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode != 0o600:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: Path, text: str, *, mode: int = 0o600,
                      private_folder: bool = False) -> None:
    """``atomic_write_bytes`` of UTF-8 text, with "\\n" line ends on every system."""
    atomic_write_bytes(path, text.encode("utf-8"), mode=mode, private_folder=private_folder)
