"""The signed checklist: keys, the signed statement (in-toto in DSSE), the signed PDF, trusted
time (RFC 3161) and verification. No Qt here: the GUI calls these functions from a worker."""
