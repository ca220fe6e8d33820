"""The screen locks with a password when idle (GPiA 047 §4 physical intrusion and password
protection; §7 security of records).

pass: locks within 10 minutes and asks for the password at once (a grace of 5 s at most);
warn: locks after 10-30 minutes, or with a longer grace; fail: never locks, no password is
needed, locks only after more than 30 minutes, or the computer signs in automatically.
A lock mechanism we cannot read is never taken as "off": if nothing we *could* read locks in
time, the answer is unknown.

Windows: a session locks when idle only through what really locks it, and the soonest that
asks for the password at once wins: the machine policy ``InactivityTimeoutSecs``; a
password-protected screen saver (policy keys first, then the user's under ``Control
Panel\\Desktop``; ``SCRNSAVE.EXE`` must name one, since ``ScreenSaveActive`` stays 1 with
"(None)" selected; ``ScreenSaverGracePeriod`` counts as a grace); sleep (``STANDBYIDLE``) with
sign-in on wake (``CONSOLELOCK``); and, on Modern Standby machines only (``CsEnabled``), the
display turning off (``VIDEOIDLE``), where the display going off starts standby, with the
sign-in delay (``DelayLockInterval``) as a grace. On a machine without Modern Standby the
display turning off does not lock; Dynamic Lock is not an idle lock. ``powercfg /qh`` is
localised, so its values are read by position: the setting's GUID identifies the block and the
last two ``0x`` numbers are the AC and battery values; the later of the two counts. A setting
that cannot be read is unknown, never taken as "off". ``AutoAdminLogon`` = 1 is automatic
sign-in. (See facts_windows.py and power_windows.py for the value tables and their sources.)

macOS: ``sysadminctl -screenLock status`` (printed on stderr) gives the password delay; the
idle time is the sooner of the screen saver (``idleTime``) and display sleep (``pmset -g
custom``, worst of battery and mains); ``autoLoginUser`` set is automatic sign-in.

Linux: the running desktop is found from its processes (``gnome-shell``; ``plasmashell`` or
``ksmserver``), because installed GNOME schemas do not mean GNOME is the desktop, and a
desktop we do not know is unknown, not fail. GNOME via ``gsettings``; KDE via ``kreadconfig6``
(or 5) with a sentinel default, so an unset key is told apart from a failed read and KDE's
own defaults (from kscreenlocker's kscreenlockersettings.kcfg) apply. Reading through
kreadconfig also follows KDE's config cascade and XDG_CONFIG_HOME, and avoids naming the
user's home folder in snapshots. Automatic login is read the way each display manager reads
its configuration, drop-in folders included (listed through the probe layer): LightDM, SDDM,
GDM, greetd and getty ``--autologin`` drop-ins (autologin_linux.py, getty_linux.py).

Each OS's gatherer (``facts_windows``, ``facts_macos``, ``facts_linux``) fills a ``Finding``;
``decide`` is shared and pure.
"""

from __future__ import annotations

from checks.screen_lock import decide as rules
from checks.screen_lock import facts_linux, facts_macos, facts_windows
from readiness.check import CheckContext, PlatformCheck
from readiness.model import Outcome

__all__ = ["SCREEN_LOCK"]


def windows(ctx: CheckContext) -> Outcome:
    return rules.decide(facts_windows.gather(ctx))


def macos(ctx: CheckContext) -> Outcome:
    return rules.decide(facts_macos.gather(ctx))


def linux(ctx: CheckContext) -> Outcome:
    return rules.decide(facts_linux.gather(ctx))


SCREEN_LOCK = PlatformCheck("screen_lock", windows=windows, macos=macos, linux=linux,
                            budget_s=30.0)
