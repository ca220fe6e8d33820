"""What the problem-report attack tests share: a fixture snapshot to change, written back to a
folder to replay, and the whole text of the zip a practitioner would send."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

from readiness import problem_report
from tests.helpers import SNAPSHOTS


def fixture(path: str) -> dict[str, Any]:
    """A replay fixture's snapshot.json, parsed, to put a realistic value into."""
    data: dict[str, Any] = json.loads((SNAPSHOTS / path / "snapshot.json").read_text("utf-8"))
    return data


def write_snapshot(tmp_path: Path, data: dict[str, Any]) -> Path:
    out = tmp_path / "snap"
    out.mkdir()
    (out / "snapshot.json").write_text(json.dumps(data), encoding="utf-8")
    return out


def zip_text(report: problem_report.ProblemReport) -> str:
    """Every file in the report's zip, as one text to search."""
    with zipfile.ZipFile(io.BytesIO(report.to_zip())) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist())


def command(data: dict[str, Any], *argv: str) -> dict[str, Any]:
    """The recorded command whose argument list starts with ``argv``."""
    found: dict[str, Any] = next(c for c in data["commands"]
                                 if c["argv"][:len(argv)] == list(argv))
    return found
