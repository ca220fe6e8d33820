"""Wi-Fi security of the current connection (GPiA 047 §4: unprotected Wi-Fi).

fail: open or WEP; warn: WPA (first generation) or TKIP only, OWE (encrypted but anyone may
join), or open with all traffic going through an active VPN; pass: WPA2 or WPA3, personal or
enterprise; not applicable: no Wi-Fi in use. Anything we cannot read or do not recognise is
unknown, never a pass.

Each OS's gatherer (``facts_windows``, ``facts_macos``, ``facts_linux``) reduces what it saw
to ``WifiFacts``: a ``Reading`` of ``Link``s (one per connected Wi-Fi interface, each with a
``Security`` class) and, for an open network only, the default route. ``decide`` is shared.
"""

from __future__ import annotations

from checks.wifi import decide as rules
from checks.wifi import facts_linux, facts_macos, facts_windows
from checks.wifi.model import NATIVE_MACOS, NATIVE_WINDOWS
from readiness.check import CheckContext, PlatformCheck
from readiness.model import Outcome

__all__ = ["NATIVE_MACOS", "NATIVE_WINDOWS", "WIFI"]


def windows(ctx: CheckContext) -> Outcome:
    return rules.decide(facts_windows.gather(ctx))


def macos(ctx: CheckContext) -> Outcome:
    return rules.decide(facts_macos.gather(ctx))


def linux(ctx: CheckContext) -> Outcome:
    return rules.decide(facts_linux.gather(ctx))


WIFI = PlatformCheck("wifi_security", windows=windows, macos=macos, linux=linux, budget_s=25.0)
