"""Verifying signed checklists (PDF or ``.readiness.json`` bundle) against trusted signers.

Every file a run looks at gets a row: verified, or a failure that says why. A folder run looks
at each entry whose name marks it as a checklist, key card or hand-over (``*.pdf``,
``*.readiness.json``, ``*.readiness-rotation.json``), whatever it really holds; the content,
not the name, decides how it is checked. Files are read only when they are ordinary files
under a size cap, so a FIFO, a device or a multi-GB sparse file is a failure at once, not a
stall. Other entries are counted as ignored and named, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from cryptography import x509

import readiness.signing.policy_signers  # noqa: F401 (so load_trust adds organisation cards)
from readiness.signing import dsse, jcs, tsa
from readiness.signing.bundle import MAX_BUNDLE_BYTES
from readiness.signing.errors import VerifyError
from readiness.signing.files import FileRefused, read_capped
from readiness.signing.handover import check_handover
from readiness.signing.signers import Signer, SignersError, identities, load_trust
from readiness.signing.statement import ROTATION_PREDICATE_TYPE
from readiness.signing.verify_chain import describe_chains
from readiness.signing.verify_result import (
    HANDOVER,
    Verification,
    check_bundle,
    failed,
    from_checked,
)

MAX_FILE_BYTES = 10 * 1024 * 1024  # a checklist PDF is ~100 KB; its bundle at most 8 MB
_LOOKED_AT = (".pdf", ".readiness.json", ".readiness-rotation.json")


@dataclass(frozen=True)
class VerifyRun:
    results: list[Verification]
    ignored: list[Path] = field(default_factory=list)  # folder entries not looked at

    @property
    def ok(self) -> bool:
        return bool(self.results) and all(v.ok for v in self.results)


def _looks_like_handover(data: bytes) -> bool:
    """Whether ``data`` is a hand-over envelope (by content: a name proves nothing)."""
    if len(data) > MAX_BUNDLE_BYTES:
        return False
    try:
        env = dsse.Envelope.from_json(jcs.parse_strict(data))
    except (VerifyError, ValueError, TypeError, RecursionError):
        return False
    return ROTATION_PREDICATE_TYPE.encode() in env.payload


def verify_file(
    path: Path,
    trusted: Sequence[Signer],
    roots: Sequence[x509.Certificate] | None = None,
) -> Verification:
    try:
        data = read_capped(path, MAX_FILE_BYTES)
    except FileRefused as exc:
        return failed(path, "", f"the file cannot be checked: {exc}")
    if data.startswith(b"%PDF"):
        # pyHanko only when a PDF is checked: a worker checking bundles never imports it.
        from readiness.signing.verify_pdf import check_pdf

        return check_pdf(path, data, trusted, roots)
    try:
        return from_checked(path, "bundle", check_bundle(data, trusted, roots))
    except VerifyError as exc:
        if _looks_like_handover(data):
            return _handover(path, data, trusted)
        return failed(path, "bundle", str(exc))


def _handover(path: Path, data: bytes, trusted: Sequence[Signer]) -> Verification:
    """A hand-over is ``unaltered`` only when check_handover accepts it (signed by the trusted
    old key it names, and by the new one): only then may anything say who it is from."""
    try:
        check_handover(data, list(trusted))
    except (SignersError, VerifyError, ValueError, TypeError, KeyError, RecursionError) as exc:
        # Whatever the reason (hostile input included), it is a hand-over not checked.
        return failed(path, HANDOVER, f"this key hand-over cannot be checked: {exc}"
                      if not isinstance(exc, SignersError) else str(exc))
    return replace(failed(path, HANDOVER, "key hand-over (not a checklist): follow it with "
                                          "'readiness signers add'"), unaltered=True)


def expand(paths: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """(files to check, folder entries not looked at). A file named on the command line is
    always checked; a folder contributes every entry named like a checklist, key card or
    hand-over (folders and links included: they fail as files), and names the rest."""
    out: list[Path] = []
    ignored: list[Path] = []
    for p in paths:
        if not p.is_dir():
            out.append(p)
            continue
        try:
            children = sorted(p.iterdir())
        except OSError:
            out.append(p)  # fails as "a folder, not a file" with the reason shown
            continue
        for child in children:
            if child.name.lower().endswith(_LOOKED_AT):
                out.append(child)
            else:
                ignored.append(child)
    return out, ignored


def verify_run(
    paths: Sequence[Path],
    signers_file: Path | None = None,
    *,
    tsa_roots: Sequence[x509.Certificate] | None = None,
    revoked_file: Path | None = None,
) -> VerifyRun:
    """Verify each file (folders expanded). Raises SignersError if the signer list is
    unusable; every per-file problem is reported in that file's Verification instead."""
    trusted = load_trust(signers_file, revoked_file)
    idents = identities(trusted)
    roots = list(tsa_roots) if tsa_roots is not None else tsa.load_roots()
    files, ignored = expand([Path(p) for p in paths])
    results: list[Verification] = []
    for f in files:
        r = verify_file(f, trusted, roots)
        r = _apply_trust_window(r, trusted)
        if not trusted and not r.ok:
            r = replace(r, problems=[*r.problems, "no trusted signers are set up yet "
                                                  "(readiness signers add)"])
        results.append(replace(r, identity=idents.get(r.fingerprint, r.fingerprint)))
    return VerifyRun(describe_chains(results), ignored)


def _apply_trust_window(r: Verification, trusted: Sequence[Signer]) -> Verification:
    """A key from an allowed_signers file counts only inside its validity window and for
    this project's namespace. With a trusted timestamp the window is judged at that time;
    without one the signer's own clock proves nothing (it could be back-dated into the
    window), so the key must be valid both at the claimed time and now, as ssh-keygen
    judges it."""
    if not r.fingerprint:
        return r
    mine = [s for s in trusted if s.fingerprint == r.fingerprint]
    if not mine or any(s.refusal is None for s in mine):
        return r  # a line with no window covers it (the loop below would say so; no clock)
    # A timestamp added later proves only "no later than": valid-before holds at it, but
    # valid-after must also hold at the claimed time; checking both costs at most a false
    # refusal within minutes of a window's edge.
    times = [r.signed_at, r.claimed_at or r.signed_at] if r.time_source == "tsa" else \
        [r.signed_at, _now()]
    reasons: list[str] = []
    for s in mine:  # as ssh-keygen: any one line that covers the signature is enough
        why = next((w for t in times if s.refusal is not None
                    and (w := s.refusal(t)) is not None), None)
        if why is None:
            return r
        reasons.append(why)
    note = "" if r.time_source == "tsa" else (
        " (there is no trusted timestamp, so the key must also be valid now)")
    return replace(r, ok=False, problems=[*r.problems, reasons[0] + note])


def _now() -> str:
    import datetime as dt

    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def verify_paths(
    paths: Sequence[Path],
    signers_file: Path | None = None,
    *,
    tsa_roots: Sequence[x509.Certificate] | None = None,
) -> list[Verification]:
    """The per-file results of :func:`verify_run`."""
    return verify_run(paths, signers_file, tsa_roots=tsa_roots).results


__all__ = ["SignersError", "Verification", "VerifyRun", "check_bundle", "verify_file",
           "verify_paths", "verify_run"]
