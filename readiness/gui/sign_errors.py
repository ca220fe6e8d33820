"""What went wrong while signing, as a sentence for the practitioner.

The signing layer's messages are written for the command line (lower-case, some end with a
``readiness keys …`` command); the app says the same in sentences and never shows a command
or a traceback. Unexpected errors are logged and described in general words.
"""

from __future__ import annotations

import errno
import logging
import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from readiness.gui import signing_adapter

log = logging.getLogger(__name__)

# "(readiness keys restore)", ": readiness keys restore", "; use 'readiness keys rotate' …"
_SUBCOMMANDS = ("attest|catalogue|check|gui|keys|lifecycle|report-problem|sign|signers|snapshot|"
                "verify|versions|timestamp")
_COMMAND = re.compile(r"\s*[(:;,]?\s*(?:use |run |with )?'?readiness (?:" + _SUBCOMMANDS
                      + r")(?: [a-z-]+)*'?(?: [a-z ]*)?\)?")


def _tr(text: str) -> str:
    return QCoreApplication.translate("SignDialog", text)


def sentence(text: str) -> str:
    """``text`` with any command removed, a capital first letter and a full stop."""
    text = _COMMAND.sub("", text).strip().rstrip(";:,")
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _restore() -> str:
    return _tr("Restore your key from its backup file and your recovery code, then sign again.")


def _key_message(name: str) -> str | None:
    messages = {
        "WrongPassphraseError": _tr("That passphrase does not unlock your signing key. Check "
                                    "it (capital letters count) and try again."),
        "PassphraseRequiredError": _tr("Enter the passphrase that protects your signing key."),
        "NoKeyError": _tr("You have no signing key yet. Create one in File → First-run setup, "
                          "then sign."),
        "KeychainEntryLostError": _tr("This computer's keychain no longer holds the secret "
                                      "that unlocks your signing key.") + " " + _restore(),
        "CorruptKeyFileError": _tr("Your signing key file is damaged; it has been left as it "
                                   "is.") + " " + _restore(),
    }
    return messages.get(name)


def _os_message(exc: OSError, folder: Path) -> str:
    if isinstance(exc, PermissionError):
        why = _tr("you do not have permission to save files there")
    elif exc.errno == errno.ENOSPC:
        why = _tr("the disk is full")
    elif exc.errno == errno.EROFS:
        why = _tr("the drive can only be read, not written to")
    else:
        why = _tr("the folder could not be created or written to")
    return (_tr("The checklist could not be saved in %1 because %2. Choose another folder "
                "(for example your Documents folder) and try again.")
            .replace("%1", str(folder)).replace("%2", why))


def describe(exc: BaseException, folder: Path) -> str:
    """One or two sentences for an error raised while checking the key or signing."""
    for cls in type(exc).__mro__:
        known = _key_message(cls.__name__)
        if known is not None:
            return known
    if isinstance(exc, OSError):
        return _os_message(exc, folder)
    if isinstance(exc, signing_adapter.user_errors()):
        text = sentence(str(exc))
        if text:
            return text
    log.error("signing failed: %r", exc)
    return _tr("Signing stopped because of an unexpected problem. The details are in the log "
               "(File → Open the log folder).")
