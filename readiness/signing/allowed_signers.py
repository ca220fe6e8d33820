"""OpenSSH ``allowed_signers`` and revocation files, read as ``ssh-keygen -Y verify`` reads them
(ssh-keygen(1) ALLOWED SIGNERS; sshsig.c, misc.c, match.c; PROTOCOL.krl) but stricter: every line
is checked, not only those whose principals match ``-I``, and anything wrong is refused with the
file and line, never skipped. Refused although ssh-keygen reads them: ``cert-authority`` (no
certificates here), ``@revoked`` and other markers (to ssh-keygen, odd principals), dates that do
not exist (20230231). Keys of other types (ssh-ed25519, ...) are checked but cannot have signed a
checklist (only ECDSA P-256 keys do): they go to ``other_keys``, not ``entries``. Times without
``Z``/``UTC`` are read as ssh-keygen reads them: this computer's zone, always as standard time
(mktime with tm_isdst=0), so they mean different instants in different zones; ``Z`` means one.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import re
import struct
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from readiness.signing.errors import SigningError
from readiness.signing.pubkey import SSH_KEY_TYPE, PublicKey, PublicKeyError

MAX_FILE = 1_000_000
MAX_LINE = 16 * 1024
KRL_MAGIC = b"SSHKRL\n\0"
_KEY_TYPES = frozenset({
    "ssh-ed25519", "ssh-rsa", "ssh-dss", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521", "sk-ecdsa-sha2-nistp256@openssh.com", "sk-ssh-ed25519@openssh.com",
})
_CERT_SUFFIX = "-cert-v01@openssh.com"
_TIME = re.compile(r"(\d{8}|\d{12}|\d{14})(z|utc)?", re.IGNORECASE)
_PRINCIPALS = re.compile(r'"([^"]*)"(?=[ \t]|$)|([^ \t"]+)(?=[ \t]|$)')
_BLANKS = re.compile(r"[ \t]+")  # fields are split on these only, as in sshkey_read
# auth-options.c opt_dequote: up to the first double quote not escaped as \"
_QUOTED = re.compile(r'"((?:[^"\\]|\\"|\\(?!"))*)"')


class AllowedSignersError(SigningError):
    """An allowed_signers or revocation file that cannot be used as it is."""


class _Bad(Exception):
    """What is wrong; the caller adds the file and line."""


@dataclass(frozen=True)
class AllowedSigner:
    principals: tuple[str, ...]  # patterns (ssh_config(5) PATTERNS)
    key: PublicKey
    namespaces: tuple[str, ...] | None  # patterns; None: any namespace
    valid_after: dt.datetime | None  # timezone-aware (UTC)
    valid_before: dt.datetime | None
    line: int


@dataclass(frozen=True)
class AllowedSigners:
    entries: tuple[AllowedSigner, ...]
    other_keys: tuple[tuple[int, str], ...]  # (line, key type): valid lines, not ECDSA P-256


def _glob(s: str, p: str) -> bool:
    """match.c match_pattern: ``*`` any run, ``?`` any one character (no exponential cases)."""
    si = pi = 0
    star, mark = -1, 0
    while si < len(s):
        if pi < len(p) and p[pi] == "*":
            star, mark, pi = pi, si, pi + 1
        elif pi < len(p) and p[pi] in ("?", s[si]):
            si, pi = si + 1, pi + 1
        elif star >= 0:
            mark += 1
            si, pi = mark, star + 1
        else:
            return False
    return p[pi:].strip("*") == ""


def match_pattern_list(s: str, patterns: Iterable[str]) -> int:
    """match.c match_pattern_list: 1 matched, 0 did not, -1 matched a negated ``!`` pattern."""
    got_positive = 0
    for pattern in patterns:
        negated = pattern.startswith("!")
        sub = pattern[1:] if negated else pattern
        if len(sub) >= 1023:  # too long for match.c's buffer: the whole list fails
            return 0
        if _glob(s, sub):
            if negated:
                return -1
            got_positive = 1
    return got_positive


def _pattern_list(text: str) -> tuple[str, ...]:
    # As match.c walks it: a trailing comma adds no empty pattern.
    return tuple(text.removesuffix(",").split(",")) if text else ()


def _read_key(text: str) -> tuple[str, bytes, PublicKey | None]:
    """``keytype base64 [comment]`` -> (type, blob, the key if ECDSA P-256)."""
    ktype, *rest = _BLANKS.split(text, maxsplit=2)
    if ktype.endswith(_CERT_SUFFIX):
        raise _Bad("it holds a certificate; Readiness uses plain keys, not certificates")
    if ktype not in _KEY_TYPES:
        raise _Bad(f"{ktype!r} is not a key type")
    b64 = rest[0] if rest else ""
    try:
        blob = base64.b64decode(b64, validate=True)
    except binascii.Error:
        blob = b""
    if not blob or base64.b64encode(blob).decode("ascii") != b64:
        raise _Bad("the key is not valid base64")
    if blob[:4] != struct.pack(">I", len(ktype)) or blob[4 : 4 + len(ktype)] != ktype.encode():
        raise _Bad(f"the key is labelled {ktype} but its data is another kind of key")
    if ktype == SSH_KEY_TYPE:
        try:
            return ktype, blob, PublicKey.parse(f"{ktype} {b64}")
        except PublicKeyError as exc:
            raise _Bad(f"the key is damaged ({exc})") from None
    return ktype, blob, None  # another type: never used, so not decoded further


def _parse_time(value: str, name: str) -> dt.datetime:
    """misc.c parse_absolute_time, refusing dates that do not exist."""
    m = _TIME.fullmatch(value)
    if m is None:
        raise _Bad(f"{name}={value!r} is not a time (YYYYMMDD[Z] or YYYYMMDDHHMM[SS][Z])")
    d = m.group(1).ljust(14, "0")
    y, mo, day, h, mi, s = (int(d[i : i + 2 if i else 4]) for i in (0, 4, 6, 8, 10, 12))
    try:
        naive = dt.datetime(y, mo, day, h, mi, s)  # only checks that the date exists
        stamp = (naive.replace(tzinfo=dt.UTC).timestamp() if m.group(2)
                 else time.mktime((y, mo, day, h, mi, s, 0, 0, 0)))  # tm_isdst=0, as ssh-keygen
    except (ValueError, OverflowError):
        raise _Bad(f"{name}={value!r} is not a real date and time") from None
    if stamp <= 0:
        raise _Bad(f"{name}={value!r} is not after 1970")
    return dt.datetime.fromtimestamp(stamp, dt.UTC)


def _parse_options(opts: str) -> dict[str, str]:
    """sshsig.c sshsigopt_parse: names case-insensitive, each once, values in double quotes."""
    found: dict[str, str] = {}
    i = 0
    while True:
        j = min(k for k in (opts.find("=", i), opts.find(",", i), len(opts)) if k >= 0)
        name = opts[i:j].lower()
        if name == "cert-authority":
            raise _Bad("cert-authority: Readiness does not use certificates, so it trusts no "
                       "certificate authority; list the practitioner's own key")
        if name not in ("namespaces", "valid-after", "valid-before") or opts[j : j + 1] != "=":
            raise _Bad(f"unknown option {opts[i:j]!r}")
        if name in found:
            raise _Bad(f"{name} is given more than once")
        m = _QUOTED.match(opts, j + 1)
        if m is None:
            raise _Bad(f"the value of {name} must be in double quotes")
        found[name], i = m.group(1).replace('\\"', '"'), m.end()
        if i == len(opts):
            return found
        if opts[i] != "," or i + 1 == len(opts):
            raise _Bad(f"unexpected {opts[i:]!r} after the {name} option")
        i += 1


def _split_options(rest: str) -> tuple[str, str]:
    """sshkey_advance_past_options: the options run to the first blank outside double quotes."""
    quoted, i = False, 0
    while i < len(rest) and (quoted or rest[i] not in " \t"):
        if rest[i] == "\\" and rest[i + 1 : i + 2] == '"':
            i += 1
        elif rest[i] == '"':
            quoted = not quoted
        i += 1
    if quoted:
        raise _Bad("a double quote in the options is never closed")
    return rest[:i], rest[i:].lstrip(" \t")


def _parse_line(text: str, line: int) -> AllowedSigner | str:
    """``principals [options] keytype base64 [comment]`` -> the entry, or another key's type."""
    m = _PRINCIPALS.match(text)
    if m is None:
        raise _Bad("the principals are malformed (a stray or unclosed double quote)")
    field = m.group(1) if m.group(1) is not None else m.group(2)
    if field.startswith("@"):
        raise _Bad(f"{field.split()[0]} is not part of the allowed_signers format (to revoke a "
                   "key, give a revocation file)")
    principals = _pattern_list(field)
    if "" in principals or not principals:
        raise _Bad("an empty principal")
    opts, rest = "", text[m.end() :].lstrip(" \t")
    first = _BLANKS.split(rest, maxsplit=1)[0]
    if rest and first not in _KEY_TYPES and not first.endswith(_CERT_SUFFIX):
        opts, rest = _split_options(rest)  # not a key, so (as in sshsig.c) options
    if not rest:
        raise _Bad("no key")
    ktype, _, key = _read_key(rest)
    found = _parse_options(opts) if opts else {}
    after, before = (_parse_time(found[n], n) if n in found else None
                     for n in ("valid-after", "valid-before"))
    if after is not None and before is not None and before <= after:
        raise _Bad("valid-before is not later than valid-after")
    if key is None:
        return ktype
    ns = _pattern_list(found["namespaces"]) if "namespaces" in found else None
    return AllowedSigner(principals, key, ns, after, before, line)


def _lines(data: bytes, where: str) -> Iterator[tuple[int, str]]:
    """Numbered lines that are neither blank nor ``#`` comments, within the size limits."""
    if len(data) > MAX_FILE:
        raise AllowedSignersError(f"{where} is larger than {MAX_FILE:,} bytes; it is refused")
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if len(raw) > MAX_LINE:
            raise AllowedSignersError(f"{where}, line {number}: longer than {MAX_LINE:,} bytes")
        try:
            text = raw.decode("utf-8").rstrip("\r").lstrip(" \t\r")
        except UnicodeDecodeError:
            raise AllowedSignersError(f"{where}, line {number}: not UTF-8 text") from None
        if text and not text.startswith("#"):
            yield number, text


def read_allowed_signers(data: bytes, where: str) -> AllowedSigners:
    """Every line of an allowed_signers file (``where`` names it in errors)."""
    entries: list[AllowedSigner] = []
    others: list[tuple[int, str]] = []
    for number, text in _lines(data, where):
        try:
            parsed = _parse_line(text, number)
        except _Bad as exc:
            raise AllowedSignersError(f"{where}, line {number}: {exc}") from None
        if isinstance(parsed, str):
            others.append((number, parsed))
        else:
            entries.append(parsed)
    return AllowedSigners(tuple(entries), tuple(others))


def _utc(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def matches_principal(entry: AllowedSigner, principal: str) -> bool:
    """Whether ``ssh-keygen -Y verify -I principal`` would consider this entry."""
    return match_pattern_list(principal, entry.principals) == 1


def refusal(entry: AllowedSigner, namespace: str, signed_at: dt.datetime) -> str | None:
    """Why ``entry`` does not authorise a signature in ``namespace`` made at ``signed_at``
    (timezone-aware), in plain words; None if it does. Both bounds are inclusive and compared
    in whole seconds, as ssh-keygen compares them."""
    if signed_at.tzinfo is None:
        raise ValueError("signed_at must be timezone-aware")
    if entry.namespaces is not None and match_pattern_list(namespace, entry.namespaces) != 1:
        return (f"the allowed_signers entry on line {entry.line} does not allow this key to sign "
                f"in namespace {namespace!r} (only {','.join(entry.namespaces)!r})")
    when = dt.datetime.fromtimestamp(signed_at.timestamp() // 1, dt.UTC)
    if entry.valid_after is not None and when < entry.valid_after:
        return (f"it was signed at {_utc(signed_at)}, before the key became valid at "
                f"{_utc(entry.valid_after)} (allowed_signers line {entry.line})")
    if entry.valid_before is not None and when > entry.valid_before:
        return (f"it was signed at {_utc(signed_at)}, after the key stopped being valid at "
                f"{_utc(entry.valid_before)} (allowed_signers line {entry.line})")
    return None


def authorising(entries: Iterable[AllowedSigner], key: PublicKey, namespace: str,
                signed_at: dt.datetime, principal: str | None = None) -> AllowedSigner | None:
    """The first entry for ``key`` (and ``principal`` if given) that authorises the signature;
    like ssh-keygen, a refusing line does not stop a later line from authorising."""
    return next((e for e in entries if e.key.blob == key.blob
                 and (principal is None or matches_principal(e, principal))
                 and refusal(e, namespace, signed_at) is None), None)


@dataclass(frozen=True)
class Revocations:
    blobs: frozenset[bytes] = frozenset()
    sha1: frozenset[bytes] = frozenset()
    sha256: frozenset[bytes] = frozenset()

    def is_revoked(self, key: PublicKey) -> bool:
        b = key.blob
        return (b in self.blobs or hashlib.sha1(b).digest() in self.sha1  # noqa: S324
                or hashlib.sha256(b).digest() in self.sha256)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise _Bad("it is cut short")
        self.pos += n
        return self.data[self.pos - n : self.pos]

    def string(self) -> bytes:
        return self.take(int.from_bytes(self.take(4), "big"))

    def strings(self, size: int) -> set[bytes]:
        out = set()
        while self.pos < len(self.data):
            item = self.string()
            out.add(item)
            if size and len(item) != size:
                raise _Bad(f"a key hash is {len(item)} bytes long, not {size}")
        return out


def _read_krl(data: bytes) -> Revocations:
    r = _Reader(data)
    if r.take(12) != KRL_MAGIC + b"\0\0\0\1":
        raise _Bad("its format version is not 1")
    r.take(24)  # krl_version, generated_date, flags
    r.string()  # reserved
    r.string()  # comment
    found: dict[int, set[bytes]] = {2: set(), 3: set(), 5: set()}  # explicit, SHA-1, SHA-256
    while r.pos < len(data):
        kind = r.take(1)[0]
        if kind == 4:  # OpenSSH 9.4 and later refuse signed KRLs too
            raise _Bad("it is signed, and signed KRLs are not supported")
        section = _Reader(r.string())
        if kind in found:
            found[kind] |= section.strings({2: 0, 3: 20, 5: 32}[kind])
        elif kind == 255:
            name, critical, _ = section.string(), section.take(1) != b"\0", section.string()
            if critical or section.pos != len(section.data):  # optional ones are mere hints
                raise _Bad(f"it has an extension {name!r} that is critical or malformed")
        elif kind != 1:  # 1: certificates, which never revoke a plain key
            raise _Bad(f"it has a section of unknown type {kind}")
    return Revocations(frozenset(found[2]), frozenset(found[3]), frozenset(found[5]))


def read_revocations(data: bytes, where: str) -> Revocations:
    """A binary KRL, or public keys one a line, as ``ssh-keygen -Y verify -r`` takes them."""
    if data.startswith(KRL_MAGIC) and len(data) <= MAX_FILE:  # else refused as text below
        try:
            return _read_krl(data)
        except _Bad as exc:
            raise AllowedSignersError(f"{where} is not a usable revocation list: {exc}") from None
    blobs: set[bytes] = set()
    for number, text in _lines(data, where):
        try:
            _, blob, key = _read_key(text)
        except _Bad as exc:
            raise AllowedSignersError(f"{where}, line {number}: {exc}") from None
        blobs.add(key.blob if key is not None else blob)
    return Revocations(frozenset(blobs))
