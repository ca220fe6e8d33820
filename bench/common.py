"""What a benchmark reports."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Measurement:
    name: str
    value: float
    unit: str
    target: str
    met: bool

    def line(self) -> str:
        mark = "ok  " if self.met else "MISS"
        return f"[{mark}] {self.name}: {self.value:.3f} {self.unit} (target {self.target})"
