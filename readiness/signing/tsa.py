"""RFC 3161 trusted time: opt-in, only a hash leaves the machine.

The request carries a SHA-512 hash of the DSSE signature bytes and a random nonce; nothing
else about the checklist is sent. Replies are verified with ``rfc3161-client`` against the TSA
roots shipped in ``assets/tsa`` (plus any the user placed in the config folder), with the chain
evaluated at the token's own time so old tokens stay valid after the TSA certificate expires.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import requests
from cryptography import x509
from rfc3161_client import (
    HashAlgorithm,
    TimestampRequestBuilder,
    VerificationError,
    VerifierBuilder,
    decode_timestamp_response,
)

from readiness.paths import assets_dir, config_dir
from readiness.signing.errors import TimestampError, VerifyError

# DigiCert first, then Sectigo (which asks for >= 15 s between scripted requests; we send one).
DEFAULT_TSA_URLS: tuple[str, ...] = (
    "http://timestamp.digicert.com",
    "https://timestamp.sectigo.com",
)


def default_urls() -> tuple[str, ...]:
    """The timestamp authorities to ask when none are named: the organisation's list (its
    managed settings, readiness.policy) when it sets one, else DigiCert, then Sectigo."""
    from readiness import policy

    return policy.current().policy.timestamp_authorities or DEFAULT_TSA_URLS


MAX_SKEW = dt.timedelta(minutes=5)
MAX_REPLY_BYTES = 256 * 1024
TIMEOUT_S = 10.0


@dataclass(frozen=True)
class Token:
    der: bytes  # the whole TimeStampResp
    gen_time: dt.datetime  # UTC
    tsa_name: str
    url: str = ""


def root_dirs() -> list[Path]:
    return [assets_dir() / "tsa", config_dir() / "tsa-roots"]


def load_roots(extra: Sequence[x509.Certificate] = ()) -> list[x509.Certificate]:
    roots: list[x509.Certificate] = list(extra)
    for d in root_dirs():
        if not d.is_dir():
            continue
        for pem in sorted(d.glob("*.pem")):
            try:
                roots.extend(x509.load_pem_x509_certificates(pem.read_bytes()))
            except (OSError, ValueError):
                continue  # an unreadable extra root is skipped, never trusted by accident
    return roots


def _tsa_name(resp: object) -> str:
    try:
        name = resp.tst_info.name  # type: ignore[attr-defined]
        value = getattr(name, "value", None)
        if isinstance(value, x509.Name):
            cn = value.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
            if cn:
                return str(cn[0].value)
            return value.rfc4514_string()
        return str(value) if value is not None else ""
    except Exception:
        return ""


def _utc(t: dt.datetime) -> dt.datetime:
    return t.replace(tzinfo=dt.UTC) if t.tzinfo is None else t.astimezone(dt.UTC)


def request_token(
    message: bytes,
    url: str,
    *,
    roots: Sequence[x509.Certificate] | None = None,
    timeout: float = TIMEOUT_S,
    session: requests.Session | None = None,
) -> Token:
    """Ask ``url`` for a token over ``message`` and verify it before returning it."""
    req = (
        TimestampRequestBuilder()
        .data(message)
        .hash_algorithm(HashAlgorithm.SHA512)
        .nonce(nonce=True)
        .cert_request(cert_request=True)
        .build()
    )
    http = session or requests.Session()
    try:
        reply = http.post(
            url,
            data=req.as_bytes(),
            headers={"Content-Type": "application/timestamp-query"},
            timeout=timeout,
            stream=True,
        )
        body = reply.raw.read(MAX_REPLY_BYTES + 1, decode_content=True)
    except requests.RequestException as exc:
        raise TimestampError(
            f"could not reach the timestamp service {url} ({exc.__class__.__name__})"
        ) from None
    finally:
        if session is None:
            http.close()
    if reply.status_code != 200:
        raise TimestampError(f"the timestamp service {url} answered HTTP {reply.status_code}")
    if len(body) > MAX_REPLY_BYTES:
        raise TimestampError(f"the timestamp service {url} sent an oversized reply")
    try:
        resp = decode_timestamp_response(body)
    except (ValueError, TypeError) as exc:
        raise TimestampError(
            f"the timestamp service {url} sent something that is not a timestamp ({exc})"
        ) from None
    trusted = list(roots) if roots is not None else load_roots()
    try:
        builder = VerifierBuilder.from_request(req)
        for r in trusted:
            builder = builder.add_root_certificate(r)
        builder.build().verify_message(resp, message)
    except (VerificationError, ValueError) as exc:
        raise TimestampError(f"the timestamp from {url} does not check out: {exc}") from None
    return Token(resp.as_bytes(), _utc(resp.tst_info.gen_time), _tsa_name(resp), url)


def request_first(
    message: bytes,
    urls: Sequence[str] = DEFAULT_TSA_URLS,
    *,
    roots: Sequence[x509.Certificate] | None = None,
    timeout: float = TIMEOUT_S,
) -> Token:
    """Try each service in turn; raise TimestampError listing why each failed."""
    problems: list[str] = []
    for url in urls:
        try:
            return request_token(message, url, roots=roots, timeout=timeout)
        except TimestampError as exc:
            problems.append(str(exc))
    raise TimestampError("; ".join(problems) or "no timestamp service configured")


def verify_token(
    der: bytes, message: bytes, roots: Sequence[x509.Certificate] | None = None
) -> Token:
    """Check a stored token against the pinned roots (at its own time) and ``message``."""
    try:
        resp = decode_timestamp_response(der)
    except (ValueError, TypeError):
        raise VerifyError("a trusted timestamp in the file is damaged") from None
    trusted = list(roots) if roots is not None else load_roots()
    if not trusted:
        raise VerifyError("no timestamp authority roots are installed")
    try:
        builder = VerifierBuilder()
        for r in trusted:
            builder = builder.add_root_certificate(r)
        builder.build().verify_message(resp, message)
    except (VerificationError, ValueError) as exc:
        raise VerifyError(f"a trusted timestamp does not check out ({exc})") from None
    return Token(der, _utc(resp.tst_info.gen_time), _tsa_name(resp))


def read_unverified(der: bytes) -> Token | None:
    """The time and authority name a token states, without checking it (None if it does not
    decode): only to compare with what a checklist's page says, never to trust a time."""
    try:
        resp = decode_timestamp_response(der)
        return Token(der, _utc(resp.tst_info.gen_time), _tsa_name(resp))
    except Exception:  # hostile bytes: nothing is stated
        return None


def time_note(token: Token) -> str:
    """The page's Time line for a checklist timestamped by ``token`` (signing writes it, the
    verifier recomputes it)."""
    when = _utc(token.gen_time).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"trusted timestamp from {token.tsa_name or token.url}: {when}"


def skew_warning(token_time: dt.datetime, local_time: dt.datetime) -> str | None:
    """A plain warning when the TSA's time and the computer's clock differ by over 5 min."""
    diff = token_time - _utc(local_time)
    if abs(diff) <= MAX_SKEW:
        return None
    minutes = int(abs(diff).total_seconds() // 60)
    way = "behind" if diff > dt.timedelta(0) else "ahead of"
    return (
        f"This computer's clock is about {minutes} minutes {way} the timestamp service's "
        "time; check the date and time settings."
    )
