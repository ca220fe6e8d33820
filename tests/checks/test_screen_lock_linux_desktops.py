"""Linux desktop lock settings, as a table: each row is the real GNOME pass (DISA Ubuntu 24.04
values, fixture linux_gnome_stig_10min) or a Plasma session with one setting changed, replayed
through the whole check, each keeping its decision branch. These rows replace handmade replay
fixtures: no citable public output of these kinds was found (searched DISA and CIS check texts,
peers' tests, GitHub issue threads and forum transcripts; kreadconfig is called with a sentinel
default only Readiness uses, so no public output answers an unset key)."""

from __future__ import annotations

from typing import Any

import pytest

from readiness.model import Status
from tests.helpers import cmd, make_snapshot, run_check

MEMORY = ("GLib-GIO-Message: 12:00:00.000: Using the 'memory' GSettings backend.  Your settings "
          "will not be saved or shared with other applications.\n")
GNOME_KEYS = {  # the real pass: lock 10 minutes after blanking, at once, not locked down
    ("org.gnome.desktop.session", "idle-delay"): "uint32 600\n",
    ("org.gnome.desktop.screensaver", "lock-enabled"): "true\n",
    ("org.gnome.desktop.screensaver", "lock-delay"): "uint32 0\n",
    ("org.gnome.desktop.lockdown", "disable-lock-screen"): "false\n",
}
IDLE, ENABLED, DELAY, LOCKDOWN = GNOME_KEYS
GNOME_SHELL = {"name": "gnome-shell", "exe": "/usr/bin/gnome-shell", "username": "vncuser1"}


def gnome(changes: dict[tuple[str, str], str], stderr: dict[tuple[str, str], str] | None = None,
          ) -> dict[str, Any]:
    values = {**GNOME_KEYS, **changes}
    return make_snapshot("linux", processes=[GNOME_SHELL], commands=[
        cmd(["gsettings", "get", *key], out, stderr=(stderr or {}).get(key, ""))
        for key, out in values.items()])


@pytest.mark.parametrize("snap, status, observed", [
    (gnome({}), Status.PASS, {"idle_delay_s": 600, "lock_delay_s": 0}),
    # Blank Screen Delay "Never": nothing locks an idle session.
    (gnome({IDLE: "uint32 0\n"}), Status.FAIL, {"idle_delay_s": 0}),
    # Locks 30 s after blanking: a grace period.
    (gnome({IDLE: "uint32 300\n", DELAY: "uint32 30\n"}), Status.WARN, {"lock_delay_s": 30}),
    # 'Automatic Screen Lock' off: the screen blanks but does not lock.
    (gnome({ENABLED: "false\n"}), Status.FAIL, {"lock_enabled": False}),
    # Locking switched off by the lockdown key.
    (gnome({LOCKDOWN: "true\n"}), Status.FAIL, {"lock_screen_disabled": True}),
    # No dconf: gsettings answers the schema defaults from memory, not this user's settings.
    (gnome({}, stderr={IDLE: MEMORY}), Status.UNKNOWN, {"idle_delay_s": None}),
], ids=["real-pass", "blank-never", "lock-delay-30", "lock-off", "lockdown", "memory-backend"])
def test_gnome_rows(snap: dict[str, Any], status: Status, observed: dict[str, Any]) -> None:
    result = run_check("screen_lock", snap)
    assert result.status is status, result.summary
    assert {k: result.observed.get(k) for k in observed} == observed


UNSET = "__readiness_unset__\n"
PLASMA = [{"name": "plasmashell", "exe": "/usr/bin/plasmashell", "username": "counsellor"},
          {"name": "ksmserver", "exe": "/usr/bin/ksmserver", "username": "counsellor"}]


def plasma(tool: str = "kreadconfig6", **keys: str) -> dict[str, Any]:
    return make_snapshot("linux", processes=PLASMA, commands=[
        cmd([tool, "--file", "kscreenlockerrc", "--group", "Daemon", "--key", key,
             "--default", "__readiness_unset__"], keys.get(key, UNSET))
        for key in ("Autolock", "Timeout", "LockGrace", "RequirePassword")])


@pytest.mark.parametrize("snap, status, observed", [
    (plasma(), Status.PASS, {"lock_grace_s": 5}),  # KDE's own defaults: 5 min, 5 s grace
    (plasma(Autolock="false\n"), Status.FAIL, {"autolock": False}),  # 'lock automatically' off
    (plasma(LockGrace="60\n"), Status.WARN, {"lock_grace_s": 60}),
    (plasma(RequirePassword="false\n"), Status.FAIL, {"require_password": False}),
    # Plasma 5 has only kreadconfig5 (kreadconfig6 unanswered: not installed).
    (plasma("kreadconfig5", Autolock="true\n", Timeout="3\n", LockGrace="0\n"), Status.PASS,
     {"lock_grace_s": 0}),
], ids=["defaults", "autolock-off", "grace-60", "no-password", "plasma5-set-values"])
def test_plasma_rows(snap: dict[str, Any], status: Status, observed: dict[str, Any]) -> None:
    result = run_check("screen_lock", snap)
    assert result.status is status, result.summary
    assert {k: result.observed.get(k) for k in observed} == observed


@pytest.mark.parametrize("processes", [
    # Run over ssh: only the login screen's gnome-shell (user gdm) is running.
    [{"name": "systemd", "exe": "/usr/lib/systemd/systemd", "username": "root"},
     {"name": "gnome-shell", "exe": "/usr/bin/gnome-shell", "username": "gdm"}],
    # A desktop Readiness cannot read yet: unknown, never fail.
    [{"name": "xfce4-session", "exe": "/usr/bin/xfce4-session", "username": "counsellor"}],
], ids=["no-desktop", "xfce"])
def test_sessions_it_cannot_check_are_unknown(processes: list[dict[str, str]]) -> None:
    result = run_check("screen_lock", make_snapshot("linux", processes=processes))
    assert result.status is Status.UNKNOWN, result.summary
