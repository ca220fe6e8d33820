"""allowed_signers and revocation files read as ``ssh-keygen -Y verify`` reads them: each case
is decided by the module (as verify will use it) and by the real ssh-keygen on the same files,
signature and verification time; where they differ on purpose, the case says why. Lines follow
the ssh-keygen(1) ALLOWED SIGNERS examples, with keys made here."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import shutil
import struct
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from readiness.signing.allowed_signers import (
    KRL_MAGIC,
    AllowedSignersError,
    authorising,
    match_pattern_list,
    read_allowed_signers,
    read_revocations,
    refusal,
)
from readiness.signing.errors import SigningError
from readiness.signing.pubkey import SSHSIG_NAMESPACE, PublicKey, sshsig_sign

SSH_KEYGEN = shutil.which("ssh-keygen")
needs_ssh_keygen = pytest.mark.skipif(SSH_KEYGEN is None, reason="ssh-keygen is not installed")
ME = "jane-doe@readiness"
MESSAGE = b'{"statement": "handmade"}\n'
AT = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)  # the verification time of every case
SUMMER_ZONE = "XST5XDT,M3.2.0,M11.1.0"  # a POSIX zone with summer time; needs no tz database

PRIV = ec.generate_private_key(ec.SECP256R1())
KEY = PublicKey.from_private(PRIV).openssh
OTHER = PublicKey.from_private(ec.generate_private_key(ec.SECP256R1())).openssh


def openssh(key: ed25519.Ed25519PublicKey | rsa.RSAPublicKey) -> str:
    return key.public_bytes(serialization.Encoding.OpenSSH,
                            serialization.PublicFormat.OpenSSH).decode()


ED = openssh(ed25519.Ed25519PrivateKey.generate().public_key())
BAD_B64 = KEY[:40] + "!" + KEY[41:]
WRONG_TYPE = "ssh-ed25519 " + KEY.split()[1]


def app_accepts(allowed: str, at: dt.datetime = AT, revoked: bytes | None = None) -> bool:
    """The decision verify makes with this module."""
    try:
        signers = read_allowed_signers(allowed.encode(), "allowed_signers")
        revocations = read_revocations(revoked, "revoked") if revoked is not None else None
    except AllowedSignersError:
        return False
    key = PublicKey.from_private(PRIV)
    if revocations is not None and revocations.is_revoked(key):
        return False
    return authorising(signers.entries, key, SSHSIG_NAMESPACE, at, ME) is not None


def ssh_accepts(tmp: Path, allowed: str, at: dt.datetime = AT, revoked: bytes | None = None,
                signature: str | None = None) -> bool:
    assert SSH_KEYGEN is not None
    (tmp / "allowed").write_text(allowed)
    (tmp / "sig").write_text(signature or sshsig_sign(PRIV, MESSAGE))
    argv = [SSH_KEYGEN, "-Y", "verify", "-f", str(tmp / "allowed"), "-I", ME,
            "-n", SSHSIG_NAMESPACE, "-s", str(tmp / "sig"),
            "-Overify-time=" + at.astimezone(dt.UTC).strftime("%Y%m%d%H%M%SZ")]
    if revoked is not None:
        (tmp / "revoked").write_bytes(revoked)
        argv += ["-r", str(tmp / "revoked")]
    return subprocess.run(argv, input=MESSAGE, capture_output=True, check=False).returncode == 0


def decide(tmp: Path, allowed: str, app: bool, ssh: bool | None = None,
           at: dt.datetime = AT, revoked: bytes | None = None) -> None:
    """The app decides ``app``; then ssh-keygen, where installed, decides ``ssh`` (or the same)."""
    assert app_accepts(allowed, at, revoked) is app
    if SSH_KEYGEN is None:
        pytest.skip("ssh-keygen is not installed: no cross-check")
    assert ssh_accepts(tmp, allowed, at, revoked) is (app if ssh is None else ssh)


def make_krl(tmp: Path, text: str, *extra: str) -> bytes:
    assert SSH_KEYGEN is not None
    (tmp / "spec").write_text(text)
    subprocess.run([SSH_KEYGEN, "-k", "-f", str(tmp / "krl"), *extra, str(tmp / "spec")],
                   capture_output=True, check=True)
    return (tmp / "krl").read_bytes()


# allowed_signers text -> the app's decision; ssh-keygen's is the same except in STRICTER.
CASES = {
    "plain": (f"{ME} {KEY}\n", True),
    "manpage-principal-list": (f"user1@example.com,{ME} {KEY}\n", True),
    "quoted-principals": (f'"user2@example.com,{ME}" {KEY} comment\n', True),
    "wildcard-domain": (f"*@readiness {KEY}\n", True),
    "wildcard-question": (f"jane-?oe@readiness {KEY}\n", True),
    "wildcard-other-domain": (f"*@example.com {KEY}\n", False),
    "negated-principal": (f"!{ME},*@readiness {KEY}\n", False),
    "other-key": (f"{ME} {OTHER}\n", False),
    "comments-and-blanks": (f"# Comments allowed at start of line\n\n \t\n  {ME} {KEY}\n", True),
    "namespace-match": (f'{ME} namespaces="{SSHSIG_NAMESPACE}" {KEY}\n', True),
    "namespace-manpage-file": (f'{ME} namespaces="file" {KEY}\n', False),
    "namespace-pattern": (f'{ME} NAMESPACES="git,readiness-*" {KEY}\n', True),
    "namespace-negated": (f'{ME} namespaces="*,!readiness-*" {KEY}\n', False),
    "valid-after-past": (f'{ME} valid-after="20260101Z" {KEY}\n', True),
    "valid-after-future": (f'{ME} valid-after="20270101Z" {KEY}\n', False),
    "valid-before-past": (f'{ME} valid-before="202601010000Z" {KEY}\n', False),
    "valid-before-future": (f'{ME} valid-before="20270101000000utc" {KEY}\n', True),
    "valid-window": (f'{ME} valid-after="20260101Z",valid-before="20270101Z" {KEY}\n', True),
    "refused-line-then-good-line": (f'{ME} namespaces="file" {KEY}\n{ME} {KEY}\n', True),
    "other-key-types-set-aside": (f"{ME} {ED}\n{ME} {KEY}\n", True),
    "only-an-ed25519-key": (f"{ME} {ED}\n", False),
    # Malformed: the app refuses the file, ssh-keygen the signature.
    "cert-authority": (f"{ME} cert-authority {KEY}\n", False),
    "unknown-option": (f"{ME} no-touch-required {KEY}\n", False),
    "unquoted-value": (f"{ME} valid-after=20260101 {KEY}\n", False),
    "malformed-date": (f'{ME} valid-after="2026011" {KEY}\n', False),
    "month-13": (f'{ME} valid-after="20261301" {KEY}\n', False),
    "window-backwards": (f'{ME} valid-after="20270101Z",valid-before="20260101Z" {KEY}\n', False),
    "repeated-option": (f'{ME} namespaces="a",namespaces="b" {KEY}\n', False),
    "trailing-comma": (f'{ME} namespaces="{SSHSIG_NAMESPACE}", {KEY}\n', False),
    "unclosed-quote": (f'{ME} namespaces="{SSHSIG_NAMESPACE} {KEY}\n', False),
    "wrong-base64": (f"{ME} {BAD_B64}\n", False),
    "type-disagrees": (f"{ME} {WRONG_TYPE}\n", False),
    "missing-key": (f"{ME}\n", False),
    "missing-base64": (f"{ME} ecdsa-sha2-nistp256\n", False),
    # STRICTER: ssh-keygen reads only the lines whose principals match -I and takes "@revoked"
    # for a principal; the app refuses the whole file, so a supervisor never trusts a list with
    # a line in it that means something else to them.
    "ca-line-before-good-line": (f"*@example.com cert-authority {OTHER}\n{ME} {KEY}\n", False),
    "revoked-marker": (f"@revoked {KEY}\n{ME} {KEY}\n", False),
    "bad-line-of-another-principal": (f"x@example.com no-such-option {OTHER}\n{ME} {KEY}\n",
                                      False),
    # STRICTER: glibc rolls 31 February over into March; the app refuses it.
    "impossible-date": (f'{ME} valid-after="20260231" {KEY}\n', False),
}
STRICTER = {"ca-line-before-good-line", "revoked-marker", "bad-line-of-another-principal",
            "impossible-date"}


@pytest.mark.parametrize("name", list(CASES))
def test_cross_check_with_ssh_keygen(name: str, tmp_path: Path) -> None:
    allowed, app = CASES[name]
    decide(tmp_path, allowed, app, ssh=True if name in STRICTER else app)


@needs_ssh_keygen
def test_signature_made_by_ssh_keygen_itself(tmp_path: Path) -> None:
    (tmp_path / "key").write_bytes(PRIV.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH,
        serialization.NoEncryption()))
    (tmp_path / "key").chmod(0o600)
    (tmp_path / "msg").write_bytes(MESSAGE)
    subprocess.run([SSH_KEYGEN or "", "-Y", "sign", "-f", str(tmp_path / "key"), "-n",
                    SSHSIG_NAMESPACE, str(tmp_path / "msg")], capture_output=True, check=True)
    signature = (tmp_path / "msg.sig").read_text()
    allowed = f'{ME} namespaces="{SSHSIG_NAMESPACE}" {KEY}\n'
    assert ssh_accepts(tmp_path, allowed, signature=signature)
    assert app_accepts(allowed)


@pytest.mark.parametrize(("bound", "at", "accepted"), [
    ('valid-after="20260101000000Z"', "20251231235959", False),
    ('valid-after="20260101000000Z"', "20260101000000", True),  # at or after
    ('valid-before="20260101Z"', "20260101000000", True),  # at or before
    ('valid-before="20260101Z"', "20260101000001", False),
])
def test_validity_bounds_to_the_second(bound: str, at: str, accepted: bool,
                                       tmp_path: Path) -> None:
    when = dt.datetime.strptime(at + "Z", "%Y%m%d%H%M%S%z")
    allowed = f"{ME} {bound} {KEY}\n"
    assert app_accepts(allowed, when + dt.timedelta(microseconds=999_999)) is accepted
    decide(tmp_path, allowed, accepted, at=when)


@pytest.fixture
def summer_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    if not hasattr(time, "tzset"):
        pytest.skip("the time zone can be switched only on POSIX systems")
    monkeypatch.setenv("TZ", SUMMER_ZONE)
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("summer_zone")
@pytest.mark.parametrize(("at", "accepted"), [("165959", False), ("170000", True)])
def test_local_times_as_ssh_keygen_reads_them(at: str, accepted: bool, tmp_path: Path) -> None:
    # 12:00 local in July is 16:00 UTC by the wall clock (UTC-4) but ssh-keygen reads local
    # times as standard time (UTC-5): 17:00 UTC. The app reads them the same way.
    allowed = f'{ME} valid-after="202407011200" {KEY}\n'
    entry = read_allowed_signers(allowed.encode(), "f").entries[0]
    assert entry.valid_after == dt.datetime(2024, 7, 1, 17, tzinfo=dt.UTC)
    when = dt.datetime.strptime(f"20240701{at}Z", "%Y%m%d%H%M%S%z")
    decide(tmp_path, allowed, accepted, at=when)


@needs_ssh_keygen
@pytest.mark.parametrize(("spec", "revoked"), [
    (f"key: {KEY}\n", True),  # KRL_SECTION_EXPLICIT_KEY
    (f"sha1: {KEY}\n", True),  # KRL_SECTION_FINGERPRINT_SHA1
    (f"sha256: {KEY}\n", True),  # KRL_SECTION_FINGERPRINT_SHA256
    (f"hash: {PublicKey.parse(KEY).fingerprint}\n", True),
    (f"{KEY}\n", True),  # a plain list of keys given to ssh-keygen -k
    (f"key: {OTHER}\nsha1: {ED}\nsha256: {OTHER}\n", False),
])
def test_krl_made_by_ssh_keygen(spec: str, revoked: bool, tmp_path: Path) -> None:
    krl = make_krl(tmp_path, spec)
    assert krl.startswith(KRL_MAGIC)
    decide(tmp_path, f"{ME} {KEY}\n", not revoked, revoked=krl)


@needs_ssh_keygen
def test_krl_certificate_sections_do_not_revoke_a_plain_key(tmp_path: Path) -> None:
    (tmp_path / "ca.pub").write_text(OTHER + "\n")
    krl = make_krl(tmp_path, "serial: 1-5\nid: jane\n", "-s", str(tmp_path / "ca.pub"))
    assert krl[44:45] == b"\x01"  # the first section is a certificate section
    decide(tmp_path, f"{ME} {KEY}\n", True, revoked=krl)


def _krl(*sections: tuple[int, bytes], version: int = 1) -> bytes:
    """A handmade KRL (after PROTOCOL.krl), for what ssh-keygen -k never writes."""
    def s(b: bytes) -> bytes:
        return struct.pack(">I", len(b)) + b
    out = KRL_MAGIC + struct.pack(">IQQQ", version, 1, 0, 0) + s(b"") + s(b"handmade")
    return out + b"".join(bytes([kind]) + s(data) for kind, data in sections)


BLOB = PublicKey.parse(KEY).blob


def _ext(name: bytes, critical: int) -> bytes:
    return _krl((255, struct.pack(">I", len(name)) + name + bytes([critical]) + b"\0\0\0\0"))


@pytest.mark.parametrize(("krl", "revoked"), [
    (_krl(), False),
    (_krl((2, struct.pack(">I", len(BLOB)) + BLOB)), True),
    (_krl((3, b"\0\0\0\x14" + hashlib.sha1(BLOB).digest())), True),  # noqa: S324
    (_krl((5, b"\0\0\0\x20" + hashlib.sha256(BLOB).digest())), True),
    (_krl((1, b"anything: certificates are never consulted")), False),
    (_ext(b"bloom-explicit-key", 0), False),  # optional extensions may be ignored
])
def test_handmade_krl(krl: bytes, revoked: bool) -> None:
    assert read_revocations(krl, "krl").is_revoked(PublicKey.parse(KEY)) is revoked


@pytest.mark.parametrize(("krl", "reason"), [
    (_krl(version=2), "version"),
    (_krl((6, b"")), "unknown type 6"),
    (_krl((4, b"")), "signed"),
    (_ext(b"must-know@example.com", 1), "critical"),
    (_krl((3, b"\0\0\0\x20" + bytes(32))), "not 20"),
    (_krl((2, BLOB))[:-3], "cut short"),
    (KRL_MAGIC + b"\0\0", "cut short"),
])
def test_malformed_krl_is_refused_never_read_as_not_revoked(krl: bytes, reason: str) -> None:
    with pytest.raises(AllowedSignersError, match=reason) as err:
        read_revocations(krl, "revoked.krl")
    assert "revoked.krl" in str(err.value)


@pytest.mark.parametrize(("revoked", "accepted"), [
    (f"{OTHER}\n", True), (f"# lost\n{ED}\n{KEY} laptop\n", False), ("", True),
    (f"{OTHER}\n{BAD_B64}\n", False),  # unreadable: refused, never "not revoked"
])
def test_revocation_text_file(revoked: str, accepted: bool, tmp_path: Path) -> None:
    decide(tmp_path, f"{ME} {KEY}\n", accepted, revoked=revoked.encode())


def test_manpage_example_is_read_and_its_ca_line_refused() -> None:
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    example = (f"# Comments allowed at start of line\n"
               f"user1@example.com,user2@example.com {openssh(rsa_key)}\n"
               f"# A key that is accepted only for file signing.\n"
               f'user2@example.com namespaces="file" {KEY}\n')
    signers = read_allowed_signers(example.encode(), "example")
    assert signers.other_keys == ((2, "ssh-rsa"),)
    (entry,) = signers.entries
    assert (entry.principals, entry.namespaces, entry.line) == (
        ("user2@example.com",), ("file",), 4)
    assert entry.key == PublicKey.parse(KEY)
    assert "namespace" in (refusal(entry, SSHSIG_NAMESPACE, AT) or "")
    assert refusal(entry, "file", AT) is None
    ca = example + f"# A certificate authority.\n*@example.com cert-authority {ED}\n"
    with pytest.raises(SigningError, match=r"^example, line 6: cert-authority"):
        read_allowed_signers(ca.encode(), "example")


@pytest.mark.parametrize(("text", "reason"), [
    (f"@cert-authority *.example.com {KEY}", "@cert-authority is not part"),
    (f'{ME} namespaces="a\\"b c",VALID-AFTER="20260101" {KEY}', None),
    (f'{ME} namespaces="x" {KEY.replace("nistp256", "nistp256-cert-v01@openssh.com", 1)}',
     "certificate"),
    (f'"" {KEY}', "empty principal"),
    (f'"{ME} {KEY}', "principals are malformed"),
    (f'{ME} namespaces="x" ', "no key"),
])
def test_line_errors_name_file_and_line(text: str, reason: str | None) -> None:
    data = f"# first\n{text}\n".encode()
    if reason is None:  # a quoted value with a space and an escaped quote is fine
        assert read_allowed_signers(data, "f").entries[0].namespaces == ('a"b c',)
        return
    with pytest.raises(AllowedSignersError, match=f"^f, line 2: .*{reason}"):
        read_allowed_signers(data, "f")


def test_size_limits() -> None:
    with pytest.raises(AllowedSignersError, match="larger than 1,000,000 bytes"):
        read_allowed_signers(b"#" * 1_000_001, "big")
    with pytest.raises(AllowedSignersError, match="big, line 2: longer than 16,384 bytes"):
        read_allowed_signers(b"\n" + b"#" * 16_385, "big")
    with pytest.raises(AllowedSignersError, match="larger than"):
        read_revocations(KRL_MAGIC + bytes(1_000_000), "big")
    with pytest.raises(AllowedSignersError, match="line 1: not UTF-8"):
        read_allowed_signers(b"\xff " + KEY.encode(), "f")
    with pytest.raises(AllowedSignersError, match=r"^r, line 2: .*not valid base64"):
        read_revocations(f"{OTHER}\n{BAD_B64}\n".encode(), "r")


def test_refusal_wording_and_aware_times() -> None:
    allowed = f'{ME} valid-after="20260101Z",valid-before="20260201Z" {KEY}\n'
    (entry,) = read_allowed_signers(allowed.encode(), "f").entries
    early = refusal(entry, SSHSIG_NAMESPACE, dt.datetime(2025, 12, 31, tzinfo=dt.UTC))
    late = refusal(entry, SSHSIG_NAMESPACE, dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    assert early and "before the key became valid at 2026-01-01 00:00:00 UTC" in early
    assert late and "after the key stopped being valid at 2026-02-01 00:00:00 UTC" in late
    with pytest.raises(ValueError, match="timezone-aware"):
        refusal(entry, SSHSIG_NAMESPACE, dt.datetime(2026, 1, 5))


def _c_match_pattern(s: str, p: str) -> bool:
    """match.c's recursive match_pattern, transcribed, as the reference for the fast one."""
    while True:
        if not p:
            return not s
        if p[0] == "*":
            p = p.lstrip("*")
            return not p or any(_c_match_pattern(s[i:], p) for i in range(len(s) + 1))
        if not s or (p[0] != "?" and p[0] != s[0]):
            return False
        s, p = s[1:], p[1:]


def test_patterns_match_like_match_c() -> None:
    words = ["".join(w) for n in range(5) for w in itertools.product("ab", repeat=n)]
    patterns = ["".join(w) for n in range(5) for w in itertools.product("ab*?", repeat=n)]
    for s, p in itertools.product(words, patterns):
        assert match_pattern_list(s, [p]) == int(_c_match_pattern(s, p)), (s, p)
    assert match_pattern_list("a@x", ["*@x", "!a@*"]) == -1
    assert match_pattern_list("a@x", ["*", "x" * 1023]) == 0  # match.c gives up on the list
    assert match_pattern_list("a" * 50, ["*a" * 40 + "b"]) == 0  # no exponential blow-up
