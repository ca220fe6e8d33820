"""The verifier's own list of trusted signers.

Trust comes only from here (or a list the supervisor names with ``--signers``), never from a key
found inside the file being checked: the cosign GHSA-fx35-mq7g-6g98 class of mistake. A
supervisor adds a practitioner once, from the key card or public key handed over in person,
after comparing the fingerprint aloud.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from readiness import files
from readiness.paths import config_dir
from readiness.signing.errors import SigningError
from readiness.signing.files import atomic_write_text
from readiness.signing.pubkey import PublicKey, PublicKeyError

FORMAT = "readiness-signers/1"
MAX_SIGNERS_FILE = 1_000_000
MAX_NAME = 200  # as a key card's name


class SignersError(SigningError):
    """The trusted-signer list or a file offered as a key cannot be used."""


@dataclass(frozen=True)
class Signer:
    name: str
    fingerprint: str
    added_at: str
    public_key: str = ""  # OpenSSH line
    own: bool = False  # this installation's own key (current or retired)
    # The key this one replaced (a verified hand-over): one practitioner, a chain of keys.
    predecessor: str = ""
    # From an allowed_signers file: its principal (the identity of its keys) and why the line
    # does not cover a signature made at a given time (namespaces, validity, revocation).
    principal: str = ""
    refusal: Callable[[str], str | None] | None = field(default=None, compare=False,
                                                        repr=False)
    # Trusted through the organisation's managed settings (readiness.policy): shown as
    # "added by your organisation", never saved to this list (see policy_signers).
    organisation: bool = False

    @cached_property
    def key(self) -> PublicKey:
        return PublicKey.parse(self.public_key)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "fingerprint": self.fingerprint,
                               "added_at": self.added_at, "public_key": self.public_key,
                               "own": self.own}
        if self.predecessor:
            out["predecessor"] = self.predecessor
        return out


def signers_path() -> Path:
    return config_dir() / "trusted-signers.json"


def principal(name: str, key: PublicKey | None = None) -> str:
    """An allowed_signers principal for a name: ASCII, no spaces, and with a short key id so
    that two practitioners never share one (e.g. jane-doe-1a2b3c4d@readiness; every name in
    Greek or Cyrillic letters would otherwise become the same 'practitioner')."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40].strip("-")
    slug = slug or "practitioner"
    if key is not None:
        slug += "-" + hashlib.sha256(key.blob).hexdigest()[:8]
    return f"{slug}@readiness"


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_ENTRY_TYPES = {"name": str, "fingerprint": str, "added_at": str, "public_key": str,
                "own": bool, "predecessor": str}


def _parse_list(data: Any, where: str) -> list[Signer]:
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(
        data.get("signers"), list
    ):
        raise SignersError(f"{where} is not a Readiness trusted-signer list")
    out: list[Signer] = []
    for n, item in enumerate(data["signers"], 1):
        if not isinstance(item, dict) or any(
            k in item and type(item[k]) is not kind for k, kind in _ENTRY_TYPES.items()
        ):
            raise SignersError(f"{where} has a malformed entry (number {n}); it has been "
                               "left as it is")
        try:
            pub = PublicKey.parse(item["public_key"])
        except (KeyError, PublicKeyError) as exc:
            raise SignersError(f"{where} has an entry without a usable key ({exc})") from None
        out.append(Signer(item.get("name", ""), pub.fingerprint, item.get("added_at", ""),
                          pub.openssh, item.get("own", False), item.get("predecessor", "")))
    return out


def list_signers() -> list[Signer]:
    path = signers_path()
    data = files.read_json(
        path, SignersError, missing=None, max_bytes=MAX_SIGNERS_FILE,
        unreadable="cannot read the trusted-signer list at {path}: {exc}",
        invalid="the trusted-signer list at {path} is damaged ({exc}); it has been left as "
                "it is")
    if data is files.ABSENT:
        return []
    return _parse_list(data, str(path))


def _save(entries: list[Signer]) -> None:
    doc = {"format": FORMAT, "signers": [s.to_json() for s in entries]}
    atomic_write_text(signers_path(), json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


def trust_key(key: PublicKey, name: str, *, own: bool = False, predecessor: str = "") -> Signer:
    """Add ``key`` under ``name`` (or rename it if already trusted). ``predecessor`` is the
    fingerprint of the already-trusted key this one replaced (a verified hand-over)."""
    name = " ".join(name.split())
    if not name:
        raise SignersError("give the signer a name (--name)")
    entries = list_signers()
    for i, s in enumerate(entries):
        if s.fingerprint == key.fingerprint:
            updated = Signer(name, s.fingerprint, s.added_at, s.public_key, s.own or own,
                             s.predecessor or predecessor)
            entries[i] = updated
            _save(entries)
            return updated
    signer = Signer(name, key.fingerprint, _now(), key.openssh, own, predecessor)
    entries.append(signer)
    _save(entries)
    return signer


def identities(entries: list[Signer]) -> dict[str, str]:
    """Each trusted key's identity: the fingerprint of the first key in its chain of verified
    hand-overs. Chains of reports are grouped by this, never by a name inside a statement."""
    by_fp = {s.fingerprint: s for s in entries}
    out: dict[str, str] = {}
    for s in entries:
        if s.principal:  # allowed_signers: one principal, any number of keys
            out[s.fingerprint] = f"principal:{s.principal}"
            continue
        current, seen = s, {s.fingerprint}
        while current.predecessor in by_fp and current.predecessor not in seen:
            current = by_fp[current.predecessor]
            seen.add(current.fingerprint)
        out[s.fingerprint] = current.fingerprint
    return out


def lineages(entries: list[Signer]) -> list[list[Signer]]:
    """Trusted keys grouped by identity, each group in the order its keys were trusted (the
    first key first, the current key last)."""
    ident = identities(entries)
    groups: dict[str, list[Signer]] = {}
    for s in entries:
        groups.setdefault(ident[s.fingerprint], []).append(s)
    return list(groups.values())


def load_trust(signers_file: Path | None = None, revoked_file: Path | None = None) -> list[Signer]:
    """The signers to trust: the given file (our JSON list or an ssh allowed_signers file,
    read as ``ssh-keygen -Y verify`` reads it), or this installation's own list; keys listed
    in ``revoked_file`` (public keys or an OpenSSH KRL, as ``ssh-keygen -Y verify -r``) stay
    known so that what they signed is reported as revoked, and never verifies. With this
    installation's own list, the organisation's key cards (managed settings) are added."""
    trusted = list_signers() if signers_file is None else _trust_file(signers_file)
    if signers_file is None:
        trusted = _with_organisation(trusted)
    if revoked_file is None:
        return trusted
    from readiness.signing import allowed_signers

    revoked = allowed_signers.read_revocations(_read_list(revoked_file), revoked_file.name)
    where = revoked_file.name
    return [replace(s, refusal=_revoked_refusal(where)) if revoked.is_revoked(s.key) else s
            for s in trusted]


# Reads the key cards an organisation's managed settings name (TrustedKeyCards) and adds
# them: policy_signers, in the verifier layer (it checks key card PDFs as ``signers add``
# does), installs itself here when imported; verify imports it. Until then no organisation
# card is trusted, which can only make fewer checklists verify, never more.
ORGANISATION: list[Callable[[list[Signer], tuple[str, ...]], list[Signer]]] = []


def _with_organisation(trusted: list[Signer]) -> list[Signer]:
    """Add the key cards the organisation's managed settings name (read-only; a card that
    cannot be used is reported in the log and in Settings, and left out)."""
    from readiness import policy

    cards = policy.current().policy.trusted_key_cards
    if not cards or not ORGANISATION:
        return trusted
    return ORGANISATION[0](trusted, cards)


def _revoked_refusal(where: str) -> Callable[[str], str | None]:
    def refuse(_signed_at: str) -> str | None:
        return f"the key that signed it is revoked (listed in {where})"

    return refuse


def _read_list(path: Path) -> bytes:
    from readiness.signing.files import FileRefused, read_capped

    try:
        return read_capped(path, MAX_SIGNERS_FILE)
    except FileRefused as exc:
        raise SignersError(f"{path.name} cannot be used: {exc}") from None


def _trust_file(signers_file: Path) -> list[Signer]:
    data = _read_list(signers_file)
    if data.lstrip().startswith(b"{"):
        doc = files.parse_json_bytes(data, SignersError, path=signers_file.name,
                                     invalid="{path} is not a usable signer list ({exc})")
        return _parse_list(doc, signers_file.name)
    return _from_allowed_signers(data, signers_file.name)


def _from_allowed_signers(data: bytes, where: str) -> list[Signer]:
    from readiness.signing import allowed_signers

    out: list[Signer] = []
    named: dict[str, tuple[str, int]] = {}
    for entry in allowed_signers.read_allowed_signers(data, where).entries:
        # One key, one practitioner: a key under two principals could be shown under a name
        # whose line refuses it, and would join two practitioners' series.
        first = named.setdefault(entry.key.fingerprint, (entry.principals[0], entry.line))
        if first[0] != entry.principals[0]:
            raise SignersError(f"{where}, line {entry.line}: this key is already listed for "
                               f"{first[0]} on line {first[1]}; one key belongs to one signer")
        out.append(Signer(entry.principals[0], entry.key.fingerprint, "", entry.key.openssh,
                          principal=entry.principals[0],
                          refusal=_window_refusal(entry)))
    if not out:
        raise SignersError(f"{where} names no ECDSA P-256 keys")
    return out


def _window_refusal(entry: Any) -> Callable[[str], str | None]:
    from readiness.signing import allowed_signers
    from readiness.signing.pubkey import SSHSIG_NAMESPACE

    def refuse(signed_at: str) -> str | None:
        try:
            when = dt.datetime.strptime(signed_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        except ValueError:
            return "its signing time cannot be read, so the key's validity cannot be checked"
        return allowed_signers.refusal(entry, SSHSIG_NAMESPACE, when)

    return refuse


def find_signer(which: str, entries: list[Signer] | None = None) -> Signer:
    """The trusted signer ``which`` names: a full ``SHA256:`` fingerprint, the short one
    (spaces, dashes and case ignored), or a name only one trusted signer has."""
    from readiness.signing.pubkey import same_short_fingerprint

    entries = list_signers() if entries is None else entries
    wanted = which.strip()
    hits = [s for s in entries if s.fingerprint == wanted
            or same_short_fingerprint(wanted, s.fingerprint)]
    if not hits:
        named = " ".join(wanted.split()).casefold()
        ident = identities(entries)
        hits = [s for s in entries if s.name.casefold() == named]
        if len({ident[s.fingerprint] for s in hits}) > 1:
            raise SignersError(f"more than one trusted signer is called {which}; name the one "
                               "you mean by its fingerprint")
    if not hits:
        raise SignersError(f"no trusted signer has the fingerprint or name {which}")
    return hits[0]


def _lineage_of(signer: Signer, entries: list[Signer]) -> list[Signer]:
    # A practitioner is all the keys of one chain of hand-overs: removing or renaming one key
    # alone would leave their older (or newer) key trusted under the old name.
    ident = identities(entries)
    return [s for s in entries if ident[s.fingerprint] == ident[signer.fingerprint]]


def remove_signer(which: str) -> list[Signer]:
    """Stop trusting the signer ``which`` names (see :func:`find_signer`), with every key of
    theirs; returns the keys removed. Their checklists no longer verify here."""
    entries = list_signers()
    gone = _lineage_of(find_signer(which, entries), entries)
    fingerprints = {s.fingerprint for s in gone}
    _save([s for s in entries if s.fingerprint not in fingerprints])
    return gone


def rename_signer(which: str, name: str) -> list[Signer]:
    """Show the signer ``which`` names (every key of theirs) as ``name``; returns the keys
    renamed. Only the label changes: trust stays with the keys."""
    name = " ".join(name.split())
    if not name:
        raise SignersError("give the signer a name")
    if len(name) > MAX_NAME:
        raise SignersError(f"a name of at most {MAX_NAME} characters, please")
    entries = list_signers()
    chosen = {s.fingerprint for s in _lineage_of(find_signer(which, entries), entries)}
    updated = [replace(s, name=name) if s.fingerprint in chosen else s for s in entries]
    _save(updated)
    return [s for s in updated if s.fingerprint in chosen]
