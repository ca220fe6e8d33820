"""The words the Verify screen shows for one file: its banner, its row and its details.

Only a file that verified shows its results, verdict and signing time; for any other the
banner says why they are not shown (they cannot be trusted). No field is shown empty, no
message names a terminal command, and all text from a file is made visible (control and bidi
characters shown as escapes) and escaped before it reaches the screen.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from readiness.gui.status import status_word, verdict_word
from readiness.gui.verify_banner import (
    CHANGED,
    HANDOVER,
    HANDOVER_REFUSED,
    HANDOVER_UNTRUSTED,
    KEY_CARD,
    NOT_ACCEPTED,
    NOT_SIGNED,
    UNKNOWN_SIGNER,
    VALID,
    Account,
)
from readiness.name_skeleton import skeleton
from readiness.visible import visible

NONE = "—"  # a cell that does not apply: never left blank
_COMMAND = re.compile(r"'?readiness (signers|keys|verify)[^)']*'?")


def short_fp(fingerprint: str) -> str:
    from readiness.signing.pubkey import short_fingerprint  # base layer only: no PDF libraries

    return short_fingerprint(fingerprint) or visible(fingerprint) or NONE


def local_time(text: str) -> str:
    """``2026-12-01T10:00:00Z`` as this computer's local time with its zone."""
    try:
        t = dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    except ValueError:
        return visible(text) if text else NONE
    t = t.astimezone()
    return f"{t.day} {t:%B %Y, %H:%M} {t.tzname() or ''}".rstrip()


def _cell(label: str, value: str, *, bold: bool = True) -> str:
    shown = f"<b>{html.escape(label)}</b>" if bold else html.escape(label)
    return (f"<tr><td style='padding-right:14px'>{shown}</td>"
            f"<td>{html.escape(value)}</td></tr>")


_ORGANISATION_LABEL = " (added by your organisation)"


def _bare(name: str) -> str:
    """A trusted name without the label an organisation's key card carries
    (readiness.signing.policy_signers), so a stranger claiming it is still warned about."""
    return name.removesuffix(_ORGANISATION_LABEL)


def shown_state(v: Any, s: Any) -> str:
    """The state the screen shows: the library's, except that a hand-over is only called one
    from someone you trust when readiness' own check accepted it (``v.unaltered``)."""
    if s.state != HANDOVER or v.unaltered:
        return str(s.state)
    # check_handover's reason when the old key it names is simply not on the list here.
    untrusted = any("is not one you trust" in p for p in v.problems)
    return HANDOVER_UNTRUSTED if untrusted else HANDOVER_REFUSED


class VerifyWords(QObject):
    """The screen's words (a QObject, so that lupdate finds them under one context)."""

    def problems(self, v: Any) -> list[str]:
        """The reasons a file failed, as sentences, without terminal commands."""
        out = []
        for p in v.problems:
            if "no trusted signers are set up yet" in p or _COMMAND.search(p):
                continue  # the banner says this in the app's own words
            text = visible(p)
            out.append(text[:1].upper() + text[1:] + ("" if text.endswith(".") else "."))
        return out

    def row_word(self, state: str) -> str:
        words = {
            VALID: self.tr("Valid"), CHANGED: self.tr("Changed"),
            NOT_ACCEPTED: self.tr("Not accepted"), NOT_SIGNED: self.tr("Not signed"),
            UNKNOWN_SIGNER: self.tr("Signer not added"), KEY_CARD: self.tr("Key card"),
            HANDOVER: self.tr("Key hand-over"),
            HANDOVER_UNTRUSTED: self.tr("Hand-over not checked"),
            HANDOVER_REFUSED: self.tr("Hand-over not checked"),
        }
        return words.get(state, self.tr("Not valid"))

    def how_signed(self, v: Any) -> str:
        return (self.tr("trusted timestamp") if v.time_source == "tsa"
                else self.tr("the signer's own clock"))

    def account(self, v: Any, s: Any, trusted: Sequence[str]) -> Account:
        """The banner for one file; ``trusted``: the names of the people trusted here."""
        why = self.problems(v)
        first = why[0] + " " if why else ""
        hidden = self.tr("Its results are not shown: they cannot be trusted.")
        if s.state == VALID:
            return Account(VALID, self.tr("Signed by %1, unchanged").replace(
                "%1", visible(v.signer_name)), self.tr(
                "Signed %1 (%2). Nothing in it has changed since.").replace(
                "%1", local_time(v.signed_at)).replace("%2", self.how_signed(v)))
        if s.state == UNKNOWN_SIGNER:
            return self._unknown(s, trusted)
        if s.state == KEY_CARD:
            return Account(KEY_CARD, self.tr("This is a key card, not a checklist"), self.tr(
                "Add it to the people you trust, after comparing its fingerprint with the "
                "practitioner."), self.tr("Add this &key card…"))
        state = shown_state(v, s)
        if state in (HANDOVER_UNTRUSTED, HANDOVER_REFUSED):
            return self._unchecked_handover(state)
        if state == HANDOVER:
            return Account(HANDOVER, self.tr("This is a key hand-over, not a checklist"),
                           self.tr("A practitioner you trust has moved to a new key. Add the "
                                   "hand-over to keep checking their checklists."),
                           self.tr("Add this ha&nd-over…"))
        if s.state == NOT_ACCEPTED:
            return Account(NOT_ACCEPTED, self.tr("Not accepted — do not rely on this file"),
                           self.tr("Signed by %1 and unchanged, but: %2%3").replace(
                               "%1", visible(v.signer_name)).replace("%2", first)
                           .replace("%3", hidden))
        if s.state == CHANGED:
            return Account(CHANGED, self.tr("Changed after signing — do not rely on this file"),
                           first + hidden)
        return Account(NOT_SIGNED, self.tr("Not a signed checklist — do not rely on this file"),
                       first + hidden)

    def _unchecked_handover(self, state: str) -> Account:
        # Never "someone you trust has moved": nothing showed that. No key is offered.
        ask = self.tr("Do not add any key from it. If someone you supervise has a new key, "
                      "ask them for their new key card and compare its fingerprint with them.")
        if state == HANDOVER_UNTRUSTED:
            return Account(state, self.tr("A key hand-over that cannot be checked"), self.tr(
                "It does not come from a key you have added, so Readiness cannot tell who "
                "made it.") + " " + ask)
        # The technical reason is under "Why" in the details, not in the banner.
        return Account(state, self.tr("A key hand-over that cannot be checked — do not rely "
                                      "on it"), self.tr(
            "It did not pass Readiness' check, so nothing shows that it comes from anyone "
            "you trust.") + " " + ask)

    def _unknown(self, s: Any, trusted: Sequence[str]) -> Account:
        if s.checked:
            text = self.tr("It has not changed since it was signed, but the key that signed it "
                           "is not one you have added.")
        else:
            text = self.tr("Readiness can check this file once you add the signer's key card.")
        if not trusted:
            text += " " + self.tr("You have not added anyone's key card yet.")
        # Compared as a reader sees them: a look-alike letter, a full-width form or an
        # invisible character does not make a different name.
        claimed = skeleton(str(s.claimed_name))
        if claimed and claimed in {skeleton(_bare(n)) for n in trusted}:
            # Someone you trust by that name signs with another key: an impostor, or a new
            # key of theirs; only they can say which.
            text += " " + self.tr("It says it is from %1, whom you trust, but it was not signed "
                                  "with their key. Do not add this key unless %1 confirms its "
                                  "fingerprint with you.").replace("%1", visible(s.claimed_name))
        elif s.claimed_name:
            text += " " + self.tr("It says it is from %1; that is not confirmed.").replace(
                "%1", visible(s.claimed_name))
        text += " " + self.tr("The key's fingerprint is %1. Add their key card to see the "
                              "results.").replace("%1", short_fp(s.fingerprint))
        return Account(UNKNOWN_SIGNER, self.tr("Signed by someone you have not added"), text,
                       self.tr("Add their &key card…"))

    def cells(self, v: Any, s: Any) -> list[str]:
        """File, status word, signed by, signed, verdict: none blank."""
        name = visible(Path(str(v.path)).name)
        if s.state != VALID:
            state = shown_state(v, s)
            who = {UNKNOWN_SIGNER: self.tr("Not added"), KEY_CARD: NONE, HANDOVER: NONE}.get(
                state, self.tr("Cannot be trusted"))
            return [name, self.row_word(state), who, NONE, NONE]
        verdict = verdict_word(str(v.verdict))
        if v.replayed:
            verdict += self.tr(" (replayed from a snapshot)")
        how = (self.tr(" (trusted time)") if v.time_source == "tsa"
               else self.tr(" (signer's clock)"))
        return [name, self.row_word(VALID), visible(v.signer_name),
                local_time(v.signed_at) + how, verdict]

    def facts(self, v: Any, s: Any) -> list[tuple[str, str]]:
        rows = [(self.tr("File"), visible(Path(str(v.path)).name))]
        if s.state == VALID:
            reg = f" ({visible(v.registration)})" if v.registration else ""
            rows += [(self.tr("Signed by"), visible(v.signer_name) + reg),
                     (self.tr("Fingerprint"), short_fp(v.fingerprint)),
                     (self.tr("Signed"), local_time(v.signed_at) + " — " + (
                         self.tr("trusted timestamp") if v.time_source == "tsa" else
                         self.tr("the signer's own clock, not independently confirmed"))),
                     (self.tr("Place in the series"), visible(v.chain_position) or NONE),
                     (self.tr("Verdict"), verdict_word(str(v.verdict)))]
        elif s.state == UNKNOWN_SIGNER:
            if s.claimed_name:
                rows.append((self.tr("Says it is from"),
                             visible(s.claimed_name) + self.tr(" (not confirmed)")))
            rows.append((self.tr("Key fingerprint"), short_fp(s.fingerprint)))
        todo = self.what_to_do(shown_state(v, s))
        if todo:
            rows.append((self.tr("What to do"), todo))
        return rows

    def what_to_do(self, state: str) -> str:
        return {
            CHANGED: self.tr("Ask the practitioner to send the checklist again, as Readiness "
                             "saved it, or to sign a new one."),
            NOT_ACCEPTED: self.tr("Ask the practitioner about it; the reason is below."),
            NOT_SIGNED: self.tr("Ask the practitioner for the signed checklist Readiness "
                                "saved (a PDF or a .readiness.json file)."),
            UNKNOWN_SIGNER: self.tr("If it should be from someone you supervise, ask for their "
                                    "key card and compare the fingerprint with them."),
            HANDOVER_UNTRUSTED: self.tr("Ask the practitioner for their new key card and "
                                        "compare the fingerprint with them."),
            HANDOVER_REFUSED: self.tr("Ask the practitioner for their new key card and "
                                      "compare the fingerprint with them."),
        }.get(state, "")

    def notes(self, v: Any, s: Any) -> list[str]:
        if s.state != VALID:
            return ([] if shown_state(v, s) in (UNKNOWN_SIGNER, KEY_CARD, HANDOVER,
                                                HANDOVER_UNTRUSTED) else self.problems(v))
        notes = [visible(w) for w in v.warnings]
        if v.replayed:
            notes.append(self.tr("These results were replayed from a snapshot, not taken "
                                 "from a live computer."))
        return notes

    def details_html(self, v: Any, s: Any) -> str:
        """The selected file's facts (none empty) and, only when valid, its results."""
        parts = ["<table>" + "".join(_cell(k, val) for k, val in self.facts(v, s))
                 + "</table>"]
        notes = self.notes(v, s)
        if notes:
            heading = self.tr("Notes") if s.state == VALID else self.tr("Why")
            items = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
            parts.append(f"<p><b>{html.escape(heading)}</b></p><ul>{items}</ul>")
        if s.state == VALID and v.results:
            parts.append(f"<p><b>{html.escape(self.tr('Results'))}</b></p><table>"
                         + "".join(self._result(r) for r in v.results) + "</table>")
        return "".join(parts)

    def _result(self, r: dict[str, Any]) -> str:
        word = status_word(str(r.get("status", "unknown")))
        title = visible(r.get("title") or r.get("id") or r.get("check_id") or NONE)
        if r.get("attested"):
            title += self.tr(" (the practitioner's own statement)")
        return _cell(word, title, bold=False)
