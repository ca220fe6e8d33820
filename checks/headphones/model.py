"""What the machine says about the sound output, for the headphones item."""

from __future__ import annotations

from dataclasses import dataclass, field

from readiness.model import Scalar

METHOD_ATTESTED = "practitioner's statement (attested, not verified by this computer)"
EXPECTED = "headphones or a headset used for sessions"


@dataclass(frozen=True)
class Output:
    """The default sound output as the system reports it.

    ``kind`` is a plain description of what the system says it is ("headphones", "built-in
    speakers", "a Bluetooth device"...); ``headphones`` is True only on positive evidence
    (a form factor, port type or device type saying headphones or headset).
    """

    name: str
    kind: str
    headphones: bool
    evidence: str  # the system's own words that decided it ("form factor 3 (Headphones)")


@dataclass(frozen=True)
class Finding:
    """The machine's answer: the default output(s), or why they could not be read."""

    outputs: tuple[Output, ...] = ()  # the default output first; Windows adds communications
    problem: str = ""  # set when nothing could be read
    method: str = ""
    extra: dict[str, Scalar] = field(default_factory=dict)

    @property
    def sees_headphones(self) -> bool:
        """Headphones are the default output (every default role, where there are several)."""
        return bool(self.outputs) and not self.problem and all(
            o.headphones for o in self.outputs)
