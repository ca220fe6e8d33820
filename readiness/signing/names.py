"""The names of the files a checklist PDF and a key card carry: shared by the signer that
attaches them and the verifier that reads them back (so neither imports the other)."""

from __future__ import annotations

STATEMENT_NAME = "statement.json"
BUNDLE_NAME = "checklist.readiness.json"
SSHSIG_NAME = "statement.json.sig"
DSSE_SIG_NAME = "statement.dsse.sig"
KEY_NOTE_NAME = "practitioner-key.txt"
CARD_ATTACHMENT = "public-key.pub"
CARD_DRAWING = "key-card.json"  # the values the card's page was drawn from
CARD_FORMAT = "readiness-key-card/1"
