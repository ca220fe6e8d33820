"""Each OS's release facts, read through the context, and the end-of-life table handed to
the run (``ctx.reference``: the check never opens it itself)."""

from __future__ import annotations

import plistlib
import re

from checks.os_release import read_os_release
from checks.os_support.model import Eol, LinuxFacts, MacFacts, WindowsFacts
from readiness import lifecycle
from readiness.check import CheckContext
from readiness.reference import EOL

NT = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\"
SYSTEM_VERSION = "/System/Library/CoreServices/SystemVersion.plist"

_MAC_VERSION = re.compile(r"^(\d+)\.(\d+)(?:\.(\d+))?$")


def eol(ctx: CheckContext) -> Eol:
    ref = ctx.reference(EOL)
    table = ref.data if isinstance(ref.data, lifecycle.Table) else None
    return Eol(table, ref.problem, ctx.date)


def _reg_str(ctx: CheckContext, name: str) -> str | None:
    res = ctx.registry(NT + name)
    if not res.ok or res.type not in ("REG_SZ", "REG_EXPAND_SZ") or not isinstance(res.value, str):
        return None
    return res.value.strip() or None


def windows(ctx: CheckContext) -> WindowsFacts:
    build = _reg_str(ctx, "CurrentBuild")
    edition = _reg_str(ctx, "EditionID")
    display = _reg_str(ctx, "DisplayVersion")
    return WindowsFacts(build, edition, display, eol(ctx))


def _sw_vers(ctx: CheckContext) -> tuple[str | None, str | None, str]:
    res = ctx.run(["sw_vers"], timeout=5)
    if res.ok:
        fields: dict[str, str] = {}
        for line in res.stdout.splitlines():
            key, sep, value = line.partition(":")
            if sep:
                fields[key.strip()] = value.strip()
        version = fields.get("ProductVersion")
        if version and (_MAC_VERSION.match(version) or version.isdigit()):
            return version, fields.get("BuildVersion"), "sw_vers"
        return None, None, "sw_vers gave no recognisable ProductVersion"
    # Fall back to the file sw_vers itself reads (a plain XML plist: no plutil needed).
    plist = ctx.read_file(SYSTEM_VERSION)
    if plist.text is not None:
        try:
            data = plistlib.loads(plist.text.encode("utf-8"))
        except Exception:
            return None, None, "SystemVersion.plist could not be parsed"
        if isinstance(data, dict) and isinstance(data.get("ProductVersion"), str):
            return data["ProductVersion"], data.get("ProductBuildVersion"), "SystemVersion.plist"
    return None, None, res.problem() or "sw_vers gave no output"


def macos(ctx: CheckContext) -> MacFacts:
    version, build, how = _sw_vers(ctx)
    return MacFacts(version, build, how, eol(ctx))


def linux(ctx: CheckContext) -> LinuxFacts:
    info, path = read_os_release(ctx)
    return LinuxFacts(info, path, eol(ctx))
