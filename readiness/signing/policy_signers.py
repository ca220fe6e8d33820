"""Signers an organisation trusts for this computer: key cards its managed settings name
(``TrustedKeyCards``, see readiness.policy), read with the same strict rules as
``signers add`` and trusted read-only. They are never written to the practitioner's own list,
and each is labelled "added by your organisation" wherever it is shown.

A card that cannot be read or is not genuine is reported in one sentence and left out; the
others are still trusted. So is a card that someone other than an administrator could change
(on macOS and Linux: a symbolic link, a file or folder another user owns or a group or
any user may write), since whoever can write it would decide whom this computer trusts. The
name shown carries the label, so a card can never pass for someone the user trusts by hand.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from readiness.signing import signers
from readiness.signing.errors import SigningError
from readiness.signing.signers import Signer

log = logging.getLogger(__name__)

ADDED_BY_ORGANISATION = "added by your organisation"


_CHANGEABLE = stat.S_IWGRP | stat.S_IWOTH


def _owner_problem(st: os.stat_result, what: str) -> str | None:
    # Root, or the user running Readiness (who can already trust anyone by hand).
    if st.st_uid not in (0, os.geteuid()):
        return f"{what} belongs to another user, who could change it"
    return None


def _writable_by_others(path: str) -> str | None:
    """Why the card at ``path`` could be changed by a user other than an administrator or
    the user running Readiness, or None. POSIX owners and modes only: on Windows the ACLs of
    %ProgramData% and of a share are the administrator's to set (docs/for-services.md).

    The card must be a file itself (not a link), owned by root or this user and writable by
    no group or other user; so must every real folder above it (links resolved), except that a
    folder anyone may write with the sticky bit (/tmp) lets no one replace another's file."""
    if os.name == "nt":
        return None
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode):
        return "it is a symbolic link (name the file itself)"
    if not stat.S_ISREG(st.st_mode):
        return "it is not a file"
    if st.st_mode & _CHANGEABLE:
        return "other users of this computer can change it"
    if (why := _owner_problem(st, "it")) is not None:
        return why
    folder = os.path.dirname(os.path.realpath(path))
    while True:
        fst = os.stat(folder)
        if fst.st_mode & _CHANGEABLE and not fst.st_mode & stat.S_ISVTX:
            return f"other users of this computer can replace files in {folder}"
        if (why := _owner_problem(fst, f"the folder {folder}")) is not None:
            return why
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _name_on_card(data: bytes, key_name: str) -> str:
    """The name a key card shows (its description of its page), or ``key_name``."""
    from readiness.signing import jcs
    from readiness.signing.names import CARD_DRAWING
    from readiness.signing.pdf_attach import read_attachments

    try:
        drawing = read_attachments(data).get(CARD_DRAWING)
        values = jcs.parse_strict(drawing) if drawing is not None else None
    except Exception:  # checked already by the card's own rules; only the label is wanted
        return key_name
    name = values.get("name") if isinstance(values, dict) else None
    return " ".join(name.split()) if isinstance(name, str) and name.strip() else key_name


@lru_cache(maxsize=256)
def _read_card(path: str, _stamp: tuple[int, int]) -> Signer:
    """One key card's signer (cached while the file is unchanged: a card's page is redrawn
    to check it, which takes a moment)."""
    from readiness.signing import intake

    where = Path(path)
    data = intake.read_offered(where)
    kind = intake.kind_of(where.name, data)
    if kind == "json":
        raise SigningError(f"{where.name} is not a key card or a public key file")
    if kind == "pdf":
        key = intake._card_key(data, where.name)
        name = _name_on_card(data, where.stem)
    else:
        key = intake.single_key(data, where.name)
        name = where.stem
    return Signer(f"{name} ({ADDED_BY_ORGANISATION})", key.fingerprint, "", key.openssh,
                  organisation=True)


def quick_problem(path: str) -> str | None:
    """Why the card at ``path`` cannot be trusted, as far as can be told without reading it
    (missing, unreadable, or changeable by other users): fast enough for a settings screen."""
    try:
        if (unsafe := _writable_by_others(path)) is not None:
            return unsafe
        with open(path, "rb"):
            return None
    except OSError as exc:
        return f"it cannot be read ({exc.strerror or exc})"


def organisation_signers(paths: Sequence[str]) -> tuple[list[Signer], list[str]]:
    """The signers the cards at ``paths`` hold, and a sentence for each card left out."""
    out: list[Signer] = []
    problems: list[str] = []
    seen: set[str] = set()
    for path in paths:
        try:
            if (unsafe := _writable_by_others(path)) is not None:
                problems.append(f"the key card {path} was not trusted: {unsafe}")
                continue
            st = os.stat(path)
            signer = _read_card(path, (st.st_mtime_ns, st.st_size))
        except OSError as exc:
            problems.append(f"the key card {path} cannot be read ({exc.strerror or exc})")
            continue
        except SigningError as exc:
            problems.append(f"the key card {path} was not trusted: {exc}")
            continue
        if signer.fingerprint not in seen:
            seen.add(signer.fingerprint)
            out.append(signer)
    for problem in problems:
        log.warning("%s", problem)
    return out, problems


def with_organisation(trusted: list[Signer], paths: Sequence[str]) -> list[Signer]:
    """``trusted`` plus the organisation's signers not already in it (a key the practitioner
    trusts already keeps their entry, marked as also added by the organisation)."""
    extra, _ = organisation_signers(paths)
    by_fp = {s.fingerprint: s for s in extra}
    merged = [replace(s, organisation=True) if s.fingerprint in by_fp else s for s in trusted]
    known = {s.fingerprint for s in trusted}
    return merged + [s for s in extra if s.fingerprint not in known]


def label(signer: Signer) -> str:
    """The signer's name as shown: an organisation's card carries "added by your
    organisation" in its name already; a key the user also trusts keeps the user's name."""
    return signer.name


# signers.load_trust adds the organisation's cards through this (see signers.ORGANISATION).
signers.ORGANISATION[:] = [with_organisation]
