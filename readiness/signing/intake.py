"""``signers add``: what a file offered as a practitioner's key is, and the one key it holds.

Three kinds are accepted, each by its own strict rules and never by falling back to another:
a key card PDF (unsigned, with exactly one key attached, and a page that is exactly what
Readiness draws for that key), a plain public-key file (exactly one key and nothing else:
an OpenSSH ``.pub`` line, a PEM block or a one-line allowed_signers file), and a key
hand-over (see ``handover``). Anything that looks like JSON is a hand-over or refused; a
signed checklist is refused.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from readiness.signing import allowed_signers, jcs
from readiness.signing.bundle import MEDIA_TYPE
from readiness.signing.dsse import b64decode
from readiness.signing.errors import VerifyError
from readiness.signing.files import FileRefused, read_capped
from readiness.signing.handover import check_handover
from readiness.signing.keycard_check import card_problems
from readiness.signing.names import BUNDLE_NAME, CARD_ATTACHMENT, CARD_DRAWING, STATEMENT_NAME
from readiness.signing.pdf_attach import attachment_names, attachments
from readiness.signing.pubkey import SSH_KEY_TYPE, PublicKey, PublicKeyError
from readiness.signing.signers import Signer, SignersError, list_signers, trust_key
from readiness.signing.statement import PREDICATE_TYPE

MAX_KEY_FILE = 2_000_000  # a key card PDF is ~60 KB; a key line is ~200 bytes
_PEM = re.compile(r"\A-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----\Z")
_CHECKLIST = ("this is a signed checklist, not a key: add the practitioner's key card "
              "(or their .pub key file) instead")


def read_offered(path: Path) -> bytes:
    try:
        return read_capped(path, MAX_KEY_FILE)
    except FileRefused as exc:
        raise SignersError(f"{path.name} cannot be used: {exc}") from None


def kind_of(name: str, data: bytes) -> str:
    """"pdf", "json" or "text": by content first, and by a hand-over's name."""
    body = data.removeprefix(b"\xef\xbb\xbf").lstrip()
    if body.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    lowered = name.lower()
    if body[:1] in (b"{", b"[") or lowered.endswith((".json", ".readiness-rotation")):
        return "json"
    return "text"


def single_key(data: bytes, where: str) -> PublicKey:
    """The one key in a plain key file; refused if it holds anything else."""
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        raise SignersError(f"{where} is not a key card PDF or a public key file") from None
    stripped = text.strip()
    if stripped.startswith("-----BEGIN"):
        if not _PEM.match(stripped):
            raise SignersError(f"{where} must hold exactly one PEM public key and nothing else")
        return _parse(stripped, where)
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) != 1:
        raise SignersError(
            f"{where} must hold exactly one public key line and nothing else "
            f"(it has {len(lines)} lines)")
    words = lines[0].split()
    if words and words[0] == SSH_KEY_TYPE:
        return _parse(lines[0], where)
    return _allowed_signers_key(data, where)


def _parse(text: str, where: str) -> PublicKey:
    try:
        return PublicKey.parse(text)
    except PublicKeyError as exc:
        raise SignersError(f"{where}: {exc}") from None


def _allowed_signers_key(data: bytes, where: str) -> PublicKey:
    try:
        entries = allowed_signers.read_allowed_signers(data, where).entries
    except allowed_signers.AllowedSignersError as exc:
        raise SignersError(str(exc)) from None
    if len(entries) != 1:
        raise SignersError(f"{where} holds no ECDSA P-256 public key")
    return entries[0].key


def _card_key(data: bytes, where: str) -> PublicKey:
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signed = bool(reader.embedded_signatures)
        names = attachment_names(reader)
        files = attachments(reader, {CARD_ATTACHMENT, CARD_DRAWING}, limit=64 * 1024)
    except Exception:  # pyHanko raises many kinds on hostile PDFs; all mean "not a card"
        raise SignersError(f"{where} is a PDF that cannot be read as a key card") from None
    if BUNDLE_NAME in names or STATEMENT_NAME in names:
        raise SignersError(_CHECKLIST)
    if signed:
        raise SignersError(f"{where} is a signed PDF, not a Readiness key card")
    if len(names) != len(set(names)):
        raise SignersError(f"{where} carries two attachments with the same name")
    if CARD_ATTACHMENT not in files:
        raise SignersError(f"{where} is not a Readiness key card (no public key attached)")
    key = single_key(files[CARD_ATTACHMENT], f"the key attached to {where}")
    problems = card_problems(data, key, files.get(CARD_DRAWING))
    if problems:
        raise SignersError(f"{where} is not a key card Readiness would draw for its key "
                           f"({problems[0]}); do not trust it")
    return key


def _json_kind(data: bytes, where: str) -> str:
    """"handover" when ``data`` is a DSSE envelope of anything but a checklist."""
    try:
        doc = jcs.parse_strict(data)
    except VerifyError as exc:
        raise SignersError(f"{where} is not a key hand-over ({exc})") from None
    if isinstance(doc, dict) and doc.get("mediaType") == MEDIA_TYPE:
        raise SignersError(_CHECKLIST)
    if not isinstance(doc, dict) or "payloadType" not in doc:
        raise SignersError(f"{where} is not a key card, a public key or a key hand-over")
    # Only to name the file's kind in the refusal; nothing here is trusted.
    if PREDICATE_TYPE.encode() in _payload_bytes(doc):
        raise SignersError(_CHECKLIST)
    return "handover"


def _payload_bytes(doc: dict[str, object]) -> bytes:
    payload = doc.get("payload")
    try:
        return b64decode(payload) if isinstance(payload, str) else b""
    except VerifyError:
        return b""


def add_signer(path: Path, name: str, *, rename: bool = False) -> Signer:
    """Trust the key in ``path``: under ``name`` for a key card or key file; a verified
    hand-over's new key joins the old key's identity and keeps its name. A key already
    trusted under another name is not renamed unless ``rename`` says so: a file someone
    hands over should never quietly relabel a practitioner the supervisor already knows."""
    data = read_offered(path)
    where = path.name
    kind = kind_of(where, data)
    if kind == "json":
        _json_kind(data, where)
        h = check_handover(data, list_signers())
        return trust_key(h.new, h.old.name, predecessor=h.old.fingerprint)
    key = _card_key(data, where) if kind == "pdf" else single_key(data, where)
    wanted = " ".join(name.split())
    known = {s.fingerprint: s for s in list_signers()}.get(key.fingerprint)
    if known is not None and wanted and known.name != wanted and not rename:
        raise SignersError(
            f"this key ({key.fingerprint}) is already trusted as {known.name}; to call it "
            f"{wanted} instead, add it again with the rename option")
    return trust_key(key, wanted)
