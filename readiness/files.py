"""The app's own files: one JSON reader with limits (every way a file can fail or be hostile
turned into the caller's own error and one-line wording), and one atomic writer."""

from __future__ import annotations

import contextlib
import errno
import json
import math
import os
import re
import stat
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

# Defaults for the app's own small files; callers with bigger files (snapshots) pass more.
MAX_BYTES: Final = 4 * 1024 * 1024
MAX_DEPTH: Final = 64
# Beyond any count, size or flag a file of ours holds, far below Python's 4300-digit limit.
MAX_INT_DIGITS: Final = 30

ErrorType = Callable[[str], Exception]

# Opened without blocking (a FIFO would wait for a writer) and never as a controlling tty.
_OPEN_FLAGS: Final = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
                      | getattr(os, "O_BINARY", 0))
# A \uD800-\uDFFF escape: the only way JSON text can carry an unpaired surrogate.
_SURROGATE_ESCAPE: Final = re.compile(rb"\\u[dD][89abcdefABCDEF]")


class _Refused(Exception):
    """A file or its content refused (also from inside the parser's hooks); becomes the
    caller's own error and wording."""


def one_line(text: str) -> str:
    """``text`` with line breaks and other unprintable characters escaped, so a message
    (which may quote a hostile path or value) stays on one line and can always be printed."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape", "backslashreplace")
                   .decode("ascii") for c in text)


def quoted(value: object, limit: int = 60) -> str:
    """A short, one-line ``repr`` of a value read from a file, for an error message."""
    text = repr(value)
    return one_line(text if len(text) <= limit else text[: limit - 3] + "...")


_PLAIN_ERRNO: Final = (
    ("ENOSPC", "the disk is full"),
    ("EDQUOT", "the disk quota is used up"),
    ("EROFS", "the disk is read-only"),
    ("EACCES", "permission denied"),
    ("EPERM", "permission denied"),
    ("ENOTDIR", "part of the path is not a folder"),
    ("EISDIR", "it is a folder, not a file"),
    ("ELOOP", "it is a loop of symbolic links"),
    ("ENAMETOOLONG", "the name is too long"),
)


def describe_os_error(exc: OSError) -> str:
    """A plain reason for a failed read or write (no errno numbers, no repeated path)."""
    for name, text in _PLAIN_ERRNO:
        if exc.errno is not None and exc.errno == getattr(errno, name, None):
            return text
    return one_line(exc.strerror or str(exc) or type(exc).__name__)


def _size(n: int) -> str:
    mb = n / (1024 * 1024)
    return (f"{mb:.1f}".removesuffix(".0") if mb < 10 else f"{mb:.0f}") + " MB"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _check_file(st: os.stat_result, max_bytes: int) -> None:
    if not stat.S_ISREG(st.st_mode):
        kind = _kind(st.st_mode)
        raise _Refused("it is a folder, not a file" if kind == "a folder"
                       else f"it is {kind}, not a regular file")
    if st.st_size > max_bytes:
        raise _Refused(f"it is {_size(st.st_size)}, more than the {_size(max_bytes)} expected")


def _read_regular(path: Path, max_bytes: int) -> bytes:
    # Checked before opening (opening a FIFO or a device can block or act), then again on
    # what was opened, in case the file was swapped in between.
    _check_file(os.stat(path), max_bytes)
    fd = os.open(path, _OPEN_FLAGS)
    try:
        fh = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with fh:
        st = os.fstat(fh.fileno())
        _check_file(st, max_bytes)
        # Its size and one byte more (to see it grew), not a buffer of the whole limit: a
        # folder summary reads thousands of small files.
        data = fh.read(min(st.st_size, max_bytes) + 1)
        if len(data) > st.st_size:  # it grew after the check: read on, up to the limit
            data += fh.read(max_bytes + 1 - len(data))
    if len(data) > max_bytes:  # it grew after the check
        raise _Refused(f"it is more than the {_size(max_bytes)} expected")
    return data


def read_bytes(path: Path, error: ErrorType, *, missing: str | None, unreadable: str,
               max_bytes: int = MAX_BYTES) -> bytes | _Absent:
    """The bytes of the regular file ``path``, never blocking and never more than
    ``max_bytes``: a folder, FIFO, device (or a link to one) or a larger file is refused
    before it is read. ``ABSENT`` when it does not exist and ``missing`` is None. The
    messages are formatted with ``{path}`` and ``{exc}`` (a plain reason)."""
    try:
        return _read_regular(path, max_bytes)
    except FileNotFoundError:
        if missing is None:
            return ABSENT
        raise error(_message(missing, path, "")) from None
    except OSError as exc:
        raise error(_message(unreadable, path, describe_os_error(exc))) from None
    except ValueError:  # a NUL in the name
        raise error(_message(unreadable, path, "the name is not a valid path")) from None
    except _Refused as exc:
        raise error(_message(unreadable, path, str(exc))) from None


def read_json(path: Path, error: ErrorType, *, missing: str | None, unreadable: str,
              invalid: str, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH,
              max_int_digits: int = MAX_INT_DIGITS, unique_keys: bool = False) -> Any:
    """The parsed contents of ``path`` (see ``read_bytes`` and ``parse_json_bytes``);
    ``ABSENT`` when it does not exist and ``missing`` is None (the caller has a default).
    Every failure is ``error`` with a one-line message, raised without the chained
    traceback (the message says it all); the file itself is never changed."""
    data = read_bytes(path, error, missing=missing, unreadable=unreadable, max_bytes=max_bytes)
    if isinstance(data, _Absent):
        return ABSENT
    return parse_json_bytes(data, error, invalid=invalid, path=path, max_depth=max_depth,
                            max_int_digits=max_int_digits, unique_keys=unique_keys)


def parse_json_bytes(data: bytes, error: ErrorType, *, invalid: str, path: object = "",
                     max_depth: int = MAX_DEPTH, max_int_digits: int = MAX_INT_DIGITS,
                     unique_keys: bool = False) -> Any:
    """Parse UTF-8 JSON bytes already read (a download, a signed payload) with limits: at
    most ``max_depth`` nested arrays/objects, integers of at most ``max_int_digits`` digits,
    no NaN or Infinity (nor a float too large to hold), no unpaired surrogates in text and,
    with ``unique_keys``, no key repeated in an object. Anything else is ``error`` with
    ``invalid`` formatted with ``{path}`` and ``{exc}`` (a plain reason, starting "it ...")."""
    try:
        return _parse(data, max_depth, max_int_digits, unique_keys)
    except _Refused as exc:
        raise error(_message(invalid, path, str(exc))) from None


def _message(template: str, path: object, reason: str) -> str:
    return one_line(template.format(path=path, exc=reason))


def _parse(data: bytes, max_depth: int, max_int_digits: int, unique_keys: bool) -> Any:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Refused(f"it is not UTF-8 text (byte 0x{data[exc.start]:02x} at position "
                       f"{exc.start})") from None
    if text.startswith("\ufeff"):
        raise _Refused("it starts with a byte-order mark")

    def bounded_int(digits: str) -> int:
        # Before int(): converting thousands of digits is slow, and past 4300 a ValueError.
        if len(digits) - digits.startswith("-") > max_int_digits:
            raise _Refused(f"it has a number with more than {max_int_digits} digits")
        return int(digits)

    try:
        value = json.loads(text, parse_int=bounded_int, parse_float=_finite_float,
                           parse_constant=_no_constant,
                           object_pairs_hook=_unique if unique_keys else None)
    except json.JSONDecodeError as exc:
        raise _Refused(f"it is not valid JSON ({exc.msg} at line {exc.lineno} column "
                       f"{exc.colno})") from None
    except RecursionError:
        raise _Refused(f"it is nested more than {max_depth} levels deep") from None
    _check_tree(value, max_depth, check_text=_SURROGATE_ESCAPE.search(data) is not None)
    return value


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999 parses as infinity
        raise _Refused(f"it has a number too large to use ({text[:20]})")
    return value


def _no_constant(text: str) -> Any:
    raise _Refused(f"it contains {text}, which JSON does not allow")


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:  # json.loads would silently keep the last one
            raise _Refused(f"it repeats the key {quoted(key)}")
        out[key] = value
    return out


def _check_tree(value: Any, max_depth: int, *, check_text: bool) -> None:
    """Depth and text checks without recursion (the value may be deep: that is the point)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, str):
            if check_text:
                _check_text(node)
            continue
        if isinstance(node, dict):
            children: list[Any] = [*node.keys(), *node.values()] if check_text else [
                *node.values()]
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth >= max_depth:
            raise _Refused(f"it is nested more than {max_depth} levels deep")
        stack.extend((child, depth + 1) for child in children)


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise _Refused("it has text that is not valid Unicode (an unpaired surrogate)") from None


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
