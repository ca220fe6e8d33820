"""Linux: the default sink from the sound server (PulseAudio, or PipeWire's pulse layer).

``pactl get-default-sink`` names it; ``pactl -f json list sinks`` describes it. Headphones are
seen when the sink's active port has type Headphones, Headset, Handset or Earpiece (PulseAudio's
port types), or its name is ``analog-output-headphones`` / ``-headset``, or the device's
``device.form_factor`` property is headphone, headset, handset or hands-free (Bluetooth
headphones set it). A Bluetooth speaker (form factor speaker, or none) does not count.
"""

from __future__ import annotations

import json
from typing import Any

from checks.headphones.model import Finding, Output
from readiness.check import CheckContext

PORT_TYPES = frozenset({"Headphones", "Headset", "Handset", "Earpiece"})
PORT_NAMES = ("analog-output-headphones", "analog-output-headset")
FORM_FACTORS = frozenset({"headphone", "headset", "handset", "hands-free"})
METHOD = ("pactl get-default-sink and pactl -f json list sinks (active port type, "
          "device.form_factor)")


def _active_port(sink: dict[str, Any]) -> dict[str, Any]:
    active = sink.get("active_port")
    for port in sink.get("ports") or []:
        if isinstance(port, dict) and port.get("name") == active:
            return port
    return {}


def output_of(sink: dict[str, Any]) -> Output:
    """The sink as an ``Output`` (pure)."""
    props = sink.get("properties")
    props = props if isinstance(props, dict) else {}
    name = str(sink.get("description") or sink.get("name") or "(unnamed output)")
    port = _active_port(sink)
    ptype, pname = str(port.get("type") or ""), str(port.get("name") or "")
    form = str(props.get("device.form_factor") or "")
    bus = str(props.get("device.bus") or "")
    seen = (ptype in PORT_TYPES or pname.startswith(PORT_NAMES) or form in FORM_FACTORS)
    parts = [f"port '{pname}'" + (f" (type {ptype})" if ptype else "")] if pname else []
    if form:
        parts.append(f"form factor {form}")
    if bus:
        parts.append(f"bus {bus}")
    evidence = ", ".join(parts) or "no port or form factor reported"
    if seen:
        kind = "headphones or a headset"
    elif bus == "bluetooth":
        kind = "a Bluetooth device that does not say it is headphones"
    else:
        kind = {"Speaker": "speakers", "HDMI": "an HDMI output"}.get(ptype, "an output")
    return Output(name, kind, seen, evidence)


def find_sink(text: str, default: str) -> dict[str, Any] | None:
    """The sink named ``default`` from ``pactl -f json list sinks``; None when the list is not
    that JSON or does not hold it."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, list):
        return None
    match = [s for s in data if isinstance(s, dict) and s.get("name") == default]
    return match[0] if len(match) == 1 else None


def gather(ctx: CheckContext) -> Finding:
    res = ctx.run(["pactl", "get-default-sink"], timeout=5)
    default = res.stdout.strip() if res.ok else ""
    if not default or len(default.splitlines()) != 1:
        return Finding(problem=res.problem() or "pactl named no default output", method=METHOD)
    res = ctx.run(["pactl", "-f", "json", "list", "sinks"], timeout=5)
    sink = find_sink(res.stdout, default) if res.ok else None
    if sink is None:
        return Finding(problem=res.problem() or f"the default output '{default}' is not in "
                       "pactl's list of outputs", method=METHOD)
    return Finding((output_of(sink),), method=METHOD)
