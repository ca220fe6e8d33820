"""What the remote-access check reads through the context: the tool list handed to the run,
the running programs, and Windows' Remote Desktop switch or the listening sockets."""

from __future__ import annotations

from checks.remote_access.listening import parse_netstat_listen, parse_ss_listen
from checks.remote_access.model import Listening, RdpSetting, RemoteFacts
from checks.remote_access.tools import ToolList, ToolListError, parse_tools
from readiness.check import CheckContext
from readiness.reference import REMOTE_TOOLS

RDP_KEY = r"HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\fDenyTSConnections"
RDP_POLICY = r"HKLM\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services\fDenyTSConnections"


def _tools(ctx: CheckContext) -> tuple[ToolList | None, str | None]:
    ref = ctx.reference(REMOTE_TOOLS)
    try:
        if not ref.ok:
            raise ToolListError(ref.problem or "the remote-access tool list was not given")
        return parse_tools(ref.data), None
    except ToolListError as exc:
        return None, str(exc)


def rdp_setting(ctx: CheckContext) -> RdpSetting:
    policy = ctx.registry(RDP_POLICY)
    if policy.ok:
        return RdpSetting(RDP_POLICY, policy.value)
    if policy.error != "missing":
        return RdpSetting(RDP_POLICY, problem="the Remote Desktop policy could not be read "
                          f"({policy.reason})")
    local = ctx.registry(RDP_KEY)
    if not local.ok:
        return RdpSetting(RDP_KEY, problem=f"the Remote Desktop setting could not be read "
                          f"({local.reason})")
    return RdpSetting(RDP_KEY, local.value)


def listening(ctx: CheckContext, os_key: str) -> Listening:
    if os_key == "macos":
        res = ctx.run(["netstat", "-a", "-n", "-p", "tcp"], timeout=10)
        parsed = parse_netstat_listen(res.stdout) if res.ok else None
    else:
        res = ctx.run(["ss", "-l", "-t", "-n"], timeout=10)
        parsed = parse_ss_listen(res.stdout) if res.ok else None
    if parsed is None:
        return Listening(None, res.problem() or "its output was not recognised")
    return Listening(tuple(parsed))


def gather(ctx: CheckContext) -> RemoteFacts:
    os_key = ctx.platform.os_key
    tools, tools_problem = _tools(ctx)
    procs = ctx.processes()
    running = tuple((p.name, p.exe) for p in procs.processes) if procs.ok else None
    if os_key == "windows":
        return RemoteFacts(os_key, tools, tools_problem, running, procs.error,
                           rdp=rdp_setting(ctx))
    return RemoteFacts(os_key, tools, tools_problem, running, procs.error,
                       listening=listening(ctx, os_key))
