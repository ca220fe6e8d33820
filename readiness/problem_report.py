""""This result is wrong": a zip a practitioner can e-mail to support, written only when they
ask, never sent by the app.

It holds the redacted snapshot of what that one check asked this computer (host, user and
network names, nearby networks' too, the account's, other accounts' and device owners'
names, e-mail, public IP and hardware addresses, serial numbers, proxy hosts, drive labels,
adapter names and URL credentials replaced, and whole lists such as the running programs
cut to what the check reads: see readiness.probe.snapshot.redact), the check's result as replayed
from that redacted snapshot and redacted the same way, the practitioner's one-line
description, and a note of what is inside. No answers to practice questions (they are not
run), no client data.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from readiness import answers
from readiness import catalogue as catalogue_mod
from readiness.engine import Session, UsageError
from readiness.model import CheckKind, CheckResult
from readiness.probe import recording
from readiness.probe import snapshot as snapshot_mod
from readiness.probe.replay import ReplayHost

DESCRIPTION_MAX = 300
README = """\
Readiness problem report

snapshot.json    what the check asked this computer and the answers, with host, user and
                 network names (nearby networks too), your name, other accounts' and
                 device owners' names, serial numbers, proxy servers, drive labels,
                 adapter names and passwords in web addresses replaced by <redacted>;
                 lists of files waiting for a restart, running programs and installed
                 apps cut to what the check looks for; e-mail addresses by
                 redacted@redacted.invalid, public IP addresses by 192.0.2.1 or
                 2001:db8::1, and hardware addresses and those of open connections by
                 zeros
result.json      the check's result, worked out again from that redacted snapshot, and
                 redacted the same way
description.txt  what you said was wrong

Readiness did not send this file anywhere. Look inside before you send it.
"""


class ProblemReportError(Exception):
    """The report cannot be made; the message says why."""


@dataclass(frozen=True)
class ProblemReport:
    check_id: str
    description: str
    snapshot: snapshot_mod.Snapshot  # redacted
    result: CheckResult  # replayed from the redacted snapshot
    # Redacts result.json as the snapshot was: a summary or observed value must not carry
    # a name the snapshot no longer has (a check may word something from another source).
    redactor: snapshot_mod.TextRedactor | None = field(default=None, repr=False,
                                                       compare=False)

    def snapshot_text(self) -> str:
        """The redacted snapshot as it will be saved (shown before saving)."""
        return json.dumps(self.snapshot.to_json(), indent=2, ensure_ascii=False) + "\n"

    def result_text(self) -> str:
        """result.json as it will be saved, redacted like the snapshot."""
        data = self.result.to_json()
        if self.redactor is not None:
            data = snapshot_mod.redact_value(data, self.redactor)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    def to_zip(self) -> bytes:
        # Member times in UTC: zipfile would stamp local time, and the gap to recorded_at
        # (UTC) would tell support the practitioner's time zone.
        stamp = datetime.now(UTC).timetuple()[:6]
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, text in (("README.txt", README), ("snapshot.json", self.snapshot_text()),
                               ("result.json", self.result_text()),
                               ("description.txt", self.description + "\n")):
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o600 << 16
                z.writestr(info, text)
        return buf.getvalue()


def build(check_id: str, description: str, *, replay: str | Path | None = None,
          session: Session | None = None) -> ProblemReport:
    """Run ``check_id`` once, recording, and package it redacted. Raises ProblemReportError."""
    cat = catalogue_mod.load()
    try:
        entry = cat.entry(check_id)
    except KeyError:
        raise ProblemReportError(f"there is no check called {check_id!r}") from None
    if entry.kind is not CheckKind.MACHINE:
        raise ProblemReportError(f"{check_id} is a question you answer, not something the "
                                 "computer checks: change your answer instead")
    try:
        text = answers.clean_text(description, "the description", DESCRIPTION_MAX)
    except answers.AnswerError as exc:
        raise ProblemReportError(str(exc)) from None
    try:
        session = session or Session.open(replay=replay, record=True, catalogue=cat)
        session.run(only=[check_id])
        redacted = session.snapshot(redacted=True)
    except (UsageError, snapshot_mod.SnapshotError, TypeError) as exc:
        raise ProblemReportError(str(exc)) from None
    replayed = Session(ReplayHost(redacted, origin="problem report"), cat, session.reference,
                       today=session.today).run(only=[check_id])
    host = session.host
    if isinstance(host, recording.RecordingHost):
        # The serials the snapshot's redaction found too: the result must not name them.
        secrets = host.identifiers() | snapshot_mod.found_identifiers(host.snapshot())
    else:
        secrets = recording.default_identifiers()
    redactor = snapshot_mod.text_redactor(secrets, recording.owner_names())
    return ProblemReport(check_id, text, redacted, replayed.results[0], redactor)


def save(report: ProblemReport, path: Path) -> None:
    """Write the zip; an existing file is never replaced (it may be an earlier report)."""
    if path.exists() or path.is_symlink():
        raise ProblemReportError(f"{path} already exists; choose another name")
    if path.suffix.lower() != ".zip":
        raise ProblemReportError("the file name must end in .zip")
    try:
        write_new(path, report.to_zip())
    except FileExistsError:
        raise ProblemReportError(f"{path} already exists; choose another name") from None
    except OSError as exc:
        raise ProblemReportError(f"could not write {path}: {exc.strerror or exc}") from None


def write_new(path: Path, data: bytes) -> None:
    """Write ``path`` only if nothing is there, even when something appears there meanwhile
    (a check then a replace would overwrite it). The bytes go to a temporary file, synced,
    which is then hard-linked to the name: a link, unlike a rename, fails if the name
    exists, so a crash leaves the whole zip or none. Where the file system has no hard links
    (FAT and exFAT memory sticks, some network shares) an exclusive create is used instead:
    it never replaces anything either, though a crash could leave part of a zip."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:
            _create_exclusively(path, data)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _create_exclusively(path: Path, data: bytes) -> None:
    flags = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
             | getattr(os, "O_NOFOLLOW", 0))
    fd = os.open(path, flags, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)  # ours: created exclusively just above
        raise
