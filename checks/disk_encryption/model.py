"""What the disk-encryption check decides with."""

from __future__ import annotations

from dataclasses import dataclass

from readiness.model import Status

EXPECTED = "the system drive encrypted, with protection on"


@dataclass(frozen=True)
class Verdict:
    status: Status
    summary: str
