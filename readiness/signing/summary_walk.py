"""Finding the checklists under a clinical lead's folder: every entry named as one (a bundle or
a PDF) is handed on to be verified, whatever it holds, so that nothing named as a checklist
escapes the summary; what cannot be looked at is listed with the reason, never skipped.

Links are not followed out of the folder: a link whose target lies outside it, is broken or
loops is listed as not checked (its target is not this folder's evidence, and a loop must not
hold the walk). A link to a file inside is checked like the file (it counts once, as a copy);
a link to a folder inside is not walked twice. A folder that cannot be read is listed: its
checklists were not checked.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from readiness.files import describe_os_error
from readiness.signing.verify_result import Verification, failed

BUNDLE_SUFFIX = ".readiness.json"
MAX_FILES = 200_000  # a folder tree larger than this is refused, not walked for minutes
FOLDER = "folder"  # Verification.kind of a folder that could not be read
LINK = "link"  # ... and of a link that was not followed


class SummaryError(Exception):
    """The folder cannot be summarised; the message says why."""


@dataclass(frozen=True)
class Found:
    files: list[Path]  # named as checklists: each is verified
    refused: list[Verification] = field(default_factory=list)  # links, unreadable folders
    other: int = 0  # files not named as checklists (not looked at)


def is_checklist_name(name: str) -> bool:
    low = name.lower()
    return low.endswith(BUNDLE_SUFFIX) or low.endswith(".pdf")


def _inside(real: str, top: str) -> bool:
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def _link(entry: os.DirEntry[str], top: str) -> Path | Verification | None:
    """A link: the path to check (a file inside named as a checklist), a refusal (named as
    a checklist, or a folder, and leading out or nowhere), or None (nothing to look at: a
    folder inside is walked under its own name)."""
    path = Path(entry.path)
    named = is_checklist_name(entry.name)
    try:
        real = os.path.realpath(entry.path, strict=True)
    except (OSError, RuntimeError):
        return failed(path, LINK, "it is a link that leads nowhere (broken, or a loop of "
                                  "links); it was not followed") if named else None
    folder = os.path.isdir(real)
    if not (named or folder):
        return None
    if not _inside(real, top):
        return failed(path, LINK, "it is a link to somewhere outside this folder; the "
                                  "summary does not follow it, so what it points to was not "
                                  "checked")
    return None if folder else path


def _kind(e: os.DirEntry[str], top: str) -> str | Verification:
    """"check", "folder" (to walk), "other" (not looked at), "" (nothing: a link to a folder
    inside), or a refusal."""
    if e.is_symlink():
        got = _link(e, top)
        return "check" if isinstance(got, Path) else (got or "")
    if e.is_dir(follow_symlinks=False):
        return "folder"
    # FIFOs, devices and sockets named as checklists too: verifying refuses them, saying why.
    return "check" if is_checklist_name(e.name) else "other"


def _entries(folder: str) -> list[os.DirEntry[str]]:
    with os.scandir(folder) as it:
        return sorted(it, key=lambda e: e.name)


def collect(root: Path) -> Found:
    """Every entry under ``root`` named as a checklist, in name order, without following
    links; refusals for the links and folders that could not be looked at."""
    if not root.is_dir():
        raise SummaryError(f"{root} is not a folder")
    top = os.path.realpath(root)
    files: list[Path] = []
    refused: list[Verification] = []
    other = 0
    stack = [str(root)]
    while stack:
        folder = stack.pop()
        try:
            entries = _entries(folder)
        except OSError as exc:
            if folder == str(root):
                raise SummaryError(f"{root} cannot be read ({describe_os_error(exc)})") from None
            refused.append(failed(Path(folder), FOLDER, (
                f"the folder could not be read ({describe_os_error(exc)}); the checklists in "
                "it were not checked")))
            continue
        below: list[str] = []
        for e in entries:
            try:
                kind = _kind(e, top)
            except OSError as exc:  # its type could not be read (a vanished or odd entry)
                kind = failed(Path(e.path), "", f"it could not be looked at "
                                                f"({describe_os_error(exc)})")
            if isinstance(kind, Verification):
                refused.append(kind)
            elif kind == "folder":
                below.append(e.path)
            elif kind == "check":
                files.append(Path(e.path))
            elif kind == "other":
                other += 1
        if len(files) > MAX_FILES:
            raise SummaryError(f"more than {MAX_FILES} checklists under {root}; "
                               "summarise a smaller folder")
        stack.extend(reversed(below))  # depth first, in name order
    return Found(files, refused, other)
