"""Reading a JSON file, with each way it can fail (missing, unreadable, not JSON) turned into
the caller's own error and wording."""

from __future__ import annotations

import json
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
