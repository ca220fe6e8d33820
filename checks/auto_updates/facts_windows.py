"""Windows automatic-updates facts: service start types and Windows Update group policy."""

from __future__ import annotations

from checks.auto_updates.model import Dword, WindowsFacts
from readiness.check import CheckContext

SERVICES = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\"
AU_POLICY = "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU\\"


def _dword(ctx: CheckContext, path: str) -> Dword:
    """The DWORD value, None when absent, or a reason string when it could not be read."""
    res = ctx.registry(path)
    if not res.ok:
        # The reason alone: the sentence says which setting, the evidence names the key.
        return None if res.error == "missing" else res.reason or "it could not be read"
    if res.type != "REG_DWORD" or not isinstance(res.value, int) or isinstance(res.value, bool):
        return f"{path} is not a number ({res.type})"
    return res.value


def gather(ctx: CheckContext) -> WindowsFacts:
    wu = _dword(ctx, SERVICES + "wuauserv\\Start")
    if wu not in (2, 3):  # unreadable, disabled or unusual: settled without the rest
        return WindowsFacts(wu)
    uso = _dword(ctx, SERVICES + "UsoSvc\\Start")
    if isinstance(uso, str) or uso == 4:
        return WindowsFacts(wu, uso)
    return WindowsFacts(wu, uso, _dword(ctx, AU_POLICY + "NoAutoUpdate"),
                        _dword(ctx, AU_POLICY + "AUOptions"))
