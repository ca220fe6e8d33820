"""What the connection measurement found, and the limits a video call needs.

Limits (documented targets for real-time media, used as round-trip figures here):
- Microsoft Teams, "Prepare your organization's network for Teams" (learn.microsoft.com/
  microsoftteams/prepare-network), client to Microsoft's network edge: round trip under
  100 ms, jitter under 30 ms, packet loss under 1% -> our pass limits.
- Zoom, "Zoom system requirements" / "Accessing meeting and phone statistics" (support.zoom.com):
  latency of 150 ms or less and jitter of 40 ms or less for good quality -> the warn band's
  floor; beyond twice that (300 ms) a conversation visibly stutters -> fail.
A TCP connect (SYN, SYN-ACK) is one round trip; a connect that does not complete in time counts
as lost. Six samples cannot show 1% loss, so any loss is at least a warning.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

PASS_RTT_MS = 100.0
WARN_RTT_MS = 300.0
PASS_JITTER_MS = 30.0
WARN_JITTER_MS = 40.0
FAIL_LOSS = 0.25  # a quarter or more of the connects lost

# The platforms a practitioner can name, and the host measured for each.
PLATFORMS = {
    "zoom": "zoom.us",
    "teams": "teams.microsoft.com",
    "meet": "meet.google.com",
    "doxy": "doxy.me",
}


@dataclass(frozen=True)
class Measurement:
    host: str
    dns_error: str = ""
    samples: tuple[float | None, ...] = ()
    tls_error: str = ""
    tls_ms: float | None = None

    @property
    def answered(self) -> list[float]:
        return [s for s in self.samples if s is not None]

    @property
    def loss(self) -> float:
        return 1.0 - len(self.answered) / len(self.samples) if self.samples else 1.0

    @property
    def rtt_ms(self) -> float | None:
        ok = sorted(self.answered)
        return ok[len(ok) // 2] if ok else None  # the median

    @property
    def jitter_ms(self) -> float | None:
        """Mean absolute difference between successive answered round trips (as RFC 3550
        smooths it, without the smoothing: there are only a few samples)."""
        ok = self.answered
        if len(ok) < 2:
            return None
        return sum(abs(b - a) for a, b in itertools.pairwise(ok)) / (len(ok) - 1)
