"""Readiness: a pre-session device checklist for counsellors working online (BACP GPiA 047)."""

__version__ = "0.1.0"
