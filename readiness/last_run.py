"""The last run's results, kept so a relaunched app shows them (labelled with their time)
instead of "Not checked yet" for everything. Shown only: a checklist is always signed from a
fresh run, never from this copy (which anyone with the account could have edited)."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from readiness.files import ABSENT, atomic_write_text, read_json
from readiness.model import RunReport
from readiness.paths import assets_dir, data_dir

log = logging.getLogger(__name__)

MAX_BYTES = 2 * 1024 * 1024  # a report is tens of kilobytes; anything near this is not one
# The core writes UTC times like 2026-12-02T11:09:45Z: only such a time is shown as "Results from".
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z")


class LastRunError(Exception):
    """The saved results could not be read or written; the message says why."""


def last_run_path() -> Path:
    return data_dir() / "last-run.json"


def save(report: RunReport, path: Path | None = None) -> None:
    path = path or last_run_path()
    try:
        atomic_write_text(path, json.dumps(report.to_json(), ensure_ascii=False) + "\n")
    except OSError as exc:
        raise LastRunError(f"could not keep the results in {path.parent}: {exc}") from None


def _check_shape(data: object) -> None:
    """The file must be a results document as the schema describes one: its values reach the
    screen, and an odd type must be refused here rather than fail while the window fills.
    (jsonschema is imported here: only a launch with saved results pays for it.)"""
    import jsonschema

    schema = read_json(assets_dir() / "schemas" / "results.schema.json", LastRunError,
                       missing="the results schema is missing from {path}",
                       unreadable="could not read {path}: {exc}",
                       invalid="the results schema at {path} is damaged: {exc}")
    problem = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(schema).iter_errors(data))
    if problem is not None:
        raise LastRunError(f"the last results do not have the expected shape: "
                           f"{problem.message[:200]}")
    stamp = data.get("generated_at") if isinstance(data, dict) else None
    if not isinstance(stamp, str) or not _RFC3339.fullmatch(stamp):
        raise LastRunError("the last results carry no time that can be shown")


def load(replayed_from: str | None, path: Path | None = None) -> RunReport | None:
    """The last run from the same source (this computer, or the same replayed snapshot), or
    None when there is none or it cannot be read (logged: it is a convenience, not evidence)."""
    path = path or last_run_path()
    try:
        data = read_json(path, LastRunError, missing=None, max_bytes=MAX_BYTES,
                         unreadable="could not read the last results at {path}: {exc}",
                         invalid="the last results at {path} are damaged: {exc}")
        if data is ABSENT:
            return None
        _check_shape(data)
        report = RunReport.from_json(data)
    except (LastRunError, ValueError, KeyError, TypeError, AttributeError,
            RecursionError) as exc:
        log.info("last results not shown: %s", exc)
        return None
    return report if report.replayed_from == replayed_from else None
