"""Errors the signing layer raises. Every message is meant to be shown to the practitioner or
supervisor as it is: plain words, what went wrong, and what to do next."""

from __future__ import annotations


class SigningError(Exception):
    """Base for every error raised by ``readiness.signing``."""


class KeyError_(SigningError):
    """Something is wrong with the practitioner's signing key."""


class NoKeyError(KeyError_):
    """No signing key has been created yet."""


class KeyExistsError(KeyError_):
    """A signing key already exists and would be overwritten."""


class WrongPassphraseError(KeyError_):
    """The passphrase (or recovery code) does not unlock the key."""


class PassphraseRequiredError(KeyError_):
    """No keychain here, so the key needs a passphrase and none was given."""


class WeakPassphraseError(KeyError_):
    """The chosen passphrase is too short to protect the key."""


class KeychainEntryLostError(KeyError_):
    """The key file exists but its wrapping key is gone from the OS keychain."""


class CorruptKeyFileError(KeyError_):
    """The key file is damaged or not a Readiness key file."""


class VerifyError(SigningError):
    """A file could not be verified; the message says why in plain words."""


class TimestampError(SigningError):
    """A trusted timestamp could not be obtained or does not check out."""
