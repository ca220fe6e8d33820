"""Linux automatic sign-in: each display manager (and getty) read as it reads its own files,
drop-in folders in their order with the later file winning, and anything unreadable that
could turn it on is unknown, never "off"."""

from __future__ import annotations

from typing import Any

import pytest

from checks.screen_lock import autologin_linux as al
from checks.screen_lock import getty_linux
from readiness.check import CheckContext
from readiness.probe import snapshot as snapshot_mod
from readiness.probe.replay import ReplayHost
from tests.helpers import make_snapshot

# --- the file formats ------------------------------------------------------------------------


def test_keyfile_reads_as_glib_does() -> None:
    text = ("# comment\n\n  [Seat:*]\n  autologin-user = alice  \nuser-session=ubuntu\n"
            "[Seat:*]\nautologin-user=bob\nName[de]=x\n")
    assert al.keyfile(text) == {"Seat:*": {"autologin-user": "bob", "user-session": "ubuntu",
                                           "Name[de]": "x"}}


@pytest.mark.parametrize("text", [
    "autologin-user=alice\n",            # a key before any group: GLib refuses the file
    "[Seat:*]\nautologin-user alice\n",  # neither key=value, group nor comment
    "[Seat:*]\n=alice\n",                # empty key
    "[Seat:*\nx=1\n",                    # unfinished group
])
def test_keyfile_refuses_what_glib_refuses(text: str) -> None:
    assert al.keyfile(text) is None


def test_sddm_ini_reads_as_sddm_does() -> None:
    # SDDM cuts '#' anywhere, trims, ignores lines it does not understand.
    text = "User=root\n[Autologin]\n  User = alice # me\nnonsense line\nSession=plasma\n"
    assert al.sddm_ini(text) == {"": {"User": "root"},
                                 "Autologin": {"User": "alice", "Session": "plasma"}}


@pytest.mark.parametrize("value, expected", [
    ("true", True), ("True", True), ("1", True), ("yes", True), ("false", False),
    ("0", False), ("", False), ("on?", None), ("maybe", None)])
def test_truth(value: str, expected: bool | None) -> None:
    assert al.truth(value) is expected


# --- decisions, as tables --------------------------------------------------------------------

GDM = "/etc/gdm3/custom.conf"


@pytest.mark.parametrize("daemon, on, unknown", [
    ({}, False, False),
    ({"AutomaticLoginEnable": "true", "AutomaticLogin": "alice"}, True, False),
    ({"AutomaticLoginEnable": "True", "AutomaticLogin": "alice"}, True, False),
    ({"AutomaticLoginEnable": "false", "AutomaticLogin": "alice"}, False, False),
    ({"AutomaticLoginEnable": "true", "AutomaticLogin": ""}, False, False),
    ({"AutomaticLoginEnable": "perhaps", "AutomaticLogin": "alice"}, False, True),
    ({"TimedLoginEnable": "true", "TimedLogin": "alice", "TimedLoginDelay": "10"}, True, False),
    ({"TimedLoginEnable": "false", "TimedLogin": "alice"}, False, False),
])
def test_gdm_rule(daemon: dict[str, str], on: bool, unknown: bool) -> None:
    got_on, got_unknown = al.gdm_rule(GDM, {"daemon": daemon})
    assert (got_on is not None, got_unknown is not None) == (on, unknown)
    if on:
        assert GDM in (got_on or "")


def lightdm(*files: tuple[str, str]) -> tuple[str | None, str | None]:
    parsed = [(path, al.keyfile(text)) for path, text in files]
    assert all(p is not None for _, p in parsed)
    return al.lightdm_rule([(path, p) for path, p in parsed if p is not None])


def test_lightdm_later_file_wins() -> None:
    vendor = ("/usr/share/lightdm/lightdm.conf.d/50-x.conf", "[Seat:*]\nautologin-user=kiosk\n")
    etc = ("/etc/lightdm/lightdm.conf", "[Seat:*]\nautologin-user=\n")
    assert lightdm(vendor, etc) == (None, None)
    on, _ = lightdm(etc, vendor)
    assert on and vendor[0] in on


@pytest.mark.parametrize("text, on", [
    ("[Seat:*]\n#autologin-user=\n", False),
    ("[SeatDefaults]\nautologin-user=alice\n", True),
    ("[Seat:seat0]\nautologin-user=alice\n", True),
    ("[LightDM]\nautologin-user=alice\n", False),  # not a seat's key: LightDM ignores it
    ("[Seat:*]\nautologin-guest=true\n", True),
    ("[Seat:*]\nautologin-guest=false\n", False),
    ("[Seat:*]\nautologin-user=alice\nautologin-user-timeout=30\n", True),
])
def test_lightdm_rule(text: str, on: bool) -> None:
    got, unknown = lightdm(("/etc/lightdm/lightdm.conf", text))
    assert (got is not None) is on and unknown is None


def test_lightdm_seatdefaults_and_seat_star_are_one_section() -> None:
    assert lightdm(("/a.conf", "[SeatDefaults]\nautologin-user=alice\n"),
                   ("/b.conf", "[Seat:*]\nautologin-user=\n")) == (None, None)


def test_lightdm_guest_value_not_understood_is_unknown() -> None:
    on, unknown = lightdm(("/etc/lightdm/lightdm.conf", "[Seat:*]\nautologin-guest=sure\n"))
    assert on is None and unknown


def test_sddm_rule_later_file_wins() -> None:
    a = ("/usr/lib/sddm/sddm.conf.d/a.conf", al.sddm_ini("[Autologin]\nUser=alice\n"))
    b = ("/etc/sddm.conf", al.sddm_ini("[Autologin]\nUser=\n"))
    assert al.sddm_rule([a, b]) is None
    assert "/usr/lib/sddm" in (al.sddm_rule([b, a]) or "")
    assert al.sddm_rule([("/etc/sddm.conf", al.sddm_ini("[autologin]\nUser=x\n"))]) is None


@pytest.mark.parametrize("text, on, unknown", [
    ('[terminal]\nvt = 1\n[default_session]\ncommand = "tuigreet"\nuser = "greeter"\n',
     False, False),
    ('[default_session]\ncommand = "tuigreet"\n[initial_session]\ncommand = "sway"\n'
     'user = "alice"\n', True, False),
    ("[initial_session\n", False, True),
    ('[initial_session]\ncommand = 5\nuser = "alice"\n', True, False),
])
def test_greetd_rule(text: str, on: bool, unknown: bool) -> None:
    got_on, got_unknown = al.greetd_rule("/etc/greetd/config.toml", text)
    assert (got_on is not None, got_unknown is not None) == (on, unknown)


@pytest.mark.parametrize("line, on", [
    ("-/sbin/agetty -o '-p -f -- \\\\u' --noclear --autologin alice %I $TERM", True),
    ("-/sbin/agetty --autologin=alice --noclear %I $TERM", True),
    ("-/sbin/agetty --auto alice %I $TERM", True),   # getopt takes a unique prefix
    ("-/sbin/agetty -a alice %I 38400 linux", True),
    ("-/sbin/agetty -Lnaalice %I", True),            # a cluster; the user glued on
    ("-/sbin/agetty -o '-p -- \\\\u' --noclear - $TERM", False),
    # login -f asks no password: the same as automatic login, spelled differently.
    ("/sbin/agetty --skip-login --noissue --login-options \"-f lerax\" %I $TERM", True),
    ("-/sbin/agetty -o '-p -f -- \\\\u' --noclear - $TERM", True),
    ("-/sbin/agetty --login-options='-p -f -- \\\\u' - $TERM", True),
    ("-/sbin/agetty -f /etc/issue --noclear %I $TERM", False),  # -f here is the issue file
    ("-/sbin/agetty --skip-login --login-program /bin/bash %I", True),
    ("-/sbin/agetty -nl /bin/sh %I", True),
    ("-/sbin/agetty -l /usr/bin/login %I $TERM", False),
    ("-/sbin/agetty --noclear %I $TERM -- -a", False),          # after --: not an option
    ("-/sbin/agetty --noclear --nohints %I $TERM", False),
    ("-/sbin/agetty -L %I 115200 vt100", False),
])
def test_getty_autologin_argument(line: str, on: bool) -> None:
    assert getty_linux.getty_autologin(line) is on


def unit(*lines: str) -> str:
    return "[Service]\n" + "\n".join(lines) + "\n"


AUTO = "ExecStart=-/sbin/agetty --autologin alice --noclear %I $TERM"
PLAIN = "ExecStart=-/sbin/agetty -o '-p -- \\\\u' --noclear - $TERM"


@pytest.mark.parametrize("files, on", [
    ({}, False),
    ({"getty@tty1.service.d/autologin.conf": unit("ExecStart=", AUTO)}, True),
    ({"getty@.service.d/autologin.conf": unit("ExecStart=", AUTO)}, True),
    ({"serial-getty@ttyS0.service.d/x.conf": unit("ExecStart=", AUTO)}, True),
    ({"getty@tty1.service": unit(AUTO)}, True),
    ({"getty@.service": unit(AUTO)}, True),
    # A later drop-in resets ExecStart and starts a plain getty again.
    ({"getty@tty1.service.d/10-auto.conf": unit("ExecStart=", AUTO),
      "getty@tty1.service.d/20-plain.conf": unit("ExecStart=", PLAIN)}, False),
    # The template's later drop-in applies to tty1 too.
    ({"getty@tty1.service.d/10-auto.conf": unit("ExecStart=", AUTO),
      "getty@.service.d/20-plain.conf": unit("ExecStart=", PLAIN)}, False),
    # Same name: the instance's file replaces the template's.
    ({"getty@.service.d/override.conf": unit("ExecStart=", AUTO),
      "getty@tty1.service.d/override.conf": unit("ExecStart=", PLAIN)}, True),  # other ttys
    ({"getty@tty1.service.d/override.conf": unit("ExecStart=", PLAIN),
      "getty@.service.d/override.conf": unit("ExecStart=", PLAIN)}, False),
    ({"getty@tty1.service.d/x.conf": "[Unit]\n" + AUTO + "\n"}, False),  # not [Service]
    ({"getty@tty1.service.d/x.conf": unit("ExecStart=-/sbin/agetty \\", "  --autologin alice "
                                          "%I")}, True),  # a continued line
])
def test_getty_rule(files: dict[str, str], on: bool) -> None:
    got = getty_linux.getty_rule({f"/etc/systemd/system/{k}": v for k, v in files.items()})
    assert (got is not None) is on


# --- gathering through the context -----------------------------------------------------------


def gather(files: dict[str, str] | None = None, dirs: dict[str, Any] | None = None,
           ) -> tuple[str | None, str | None]:
    snap = snapshot_mod.parse(make_snapshot("linux", files=files or {}, dirs=dirs or {}))
    return al.autologin(CheckContext(ReplayHost(snap)))


def test_nothing_installed_is_off() -> None:
    assert gather() == (None, None)


def test_lightdm_drop_in_folder_is_listed_and_read() -> None:
    on, unknown = gather(
        files={"/etc/lightdm/lightdm.conf.d/50-auto.conf": "[Seat:*]\nautologin-user=alice\n",
               "/etc/lightdm/lightdm.conf.d/README": "[Seat:*]\nautologin-user=bob\n"},
        dirs={"/etc/lightdm/lightdm.conf.d": ["50-auto.conf", "README"]})
    assert on and "50-auto.conf" in on and unknown is None


def test_lightdm_ignores_names_without_conf() -> None:
    assert gather(dirs={"/etc/lightdm/lightdm.conf.d": ["README", "x.conf.bak"]}) == (None, None)


def test_sddm_reads_every_file_but_hidden_ones() -> None:
    on, _ = gather(files={"/etc/sddm.conf.d/kde_settings": "[Autologin]\nUser=alice\n"},
                   dirs={"/etc/sddm.conf.d": ["kde_settings"]})
    assert on and "SDDM" in on
    assert gather(dirs={"/etc/sddm.conf.d": [".kde_settings.conf.swp"]}) == (None, None)


@pytest.mark.parametrize("dirs", [
    {"/etc/lightdm/lightdm.conf.d": {"error": "permission denied"}},
    {"/usr/lib/sddm/sddm.conf.d": {"error": "too many entries"}},
    {"/etc/systemd/system": {"error": "permission denied"}},
    {"/etc/sddm.conf.d": ["bad\x00name"]},
    {"/etc/lightdm/lightdm.conf.d": ["gone.conf"]},  # listed, then missing
])
def test_a_folder_that_cannot_be_read_is_unknown(dirs: dict[str, Any]) -> None:
    on, unknown = gather(dirs=dirs)
    assert on is None and unknown


def test_an_unreadable_or_garbled_file_is_unknown() -> None:
    on, unknown = gather(files={"/etc/gdm3/custom.conf": "\x00\x1b[31m?? <html>"})
    assert on is None and unknown and "/etc/gdm3/custom.conf" in unknown
    on, unknown = gather(files={"/etc/greetd/config.toml": "[[[\n"})
    assert on is None and unknown


def test_a_file_with_a_nul_byte_is_unknown_even_where_sddm_would_skip_it() -> None:
    on, unknown = gather(files={"/etc/sddm.conf": "[Autologin]\x00\nUser=\n"})
    assert on is None and unknown and "/etc/sddm.conf" in unknown


def test_found_autologin_wins_over_an_unreadable_file() -> None:
    on, unknown = gather(files={"/etc/gdm/custom.conf": "[daemon]\nAutomaticLoginEnable=true\n"
                                                        "AutomaticLogin=alice\n",
                                "/etc/gdm3/custom.conf": "garbage"})
    assert on and unknown


def test_getty_drop_in_found_by_listing_the_unit_folder() -> None:
    on, unknown = gather(
        files={"/etc/systemd/system/getty@tty1.service.d/autologin.conf":
               unit("ExecStart=", AUTO)},
        dirs={"/etc/systemd/system": ["getty.target.wants", "getty@tty1.service.d",
                                      "multi-user.target.wants"],
              "/etc/systemd/system/getty@tty1.service.d": ["autologin.conf"]})
    assert on and "tty1" in on and unknown is None


def test_a_gnome_pass_never_survives_an_unreadable_drop_in_folder() -> None:
    """The whole check: GNOME locking in time passes with a harmless LightDM drop-in, and is
    unknown (not pass) when that folder cannot be listed or lists garbage."""
    from readiness.model import Status
    from tests.helpers import cmd, run_check

    def snap(listing: Any) -> dict[str, Any]:
        return make_snapshot("linux", commands=[
            cmd(["gsettings", "get", "org.gnome.desktop.session", "idle-delay"], "uint32 300\n"),
            cmd(["gsettings", "get", "org.gnome.desktop.screensaver", "lock-enabled"], "true\n"),
            cmd(["gsettings", "get", "org.gnome.desktop.screensaver", "lock-delay"], "uint32 0\n"),
            cmd(["gsettings", "get", "org.gnome.desktop.lockdown", "disable-lock-screen"],
                "false\n")],
            processes=[{"name": "gnome-shell", "exe": "/usr/bin/gnome-shell", "username": "a"}],
            files={"/etc/lightdm/lightdm.conf.d/50-x.conf": "[Seat:*]\nuser-session=ubuntu\n"},
            dirs={"/etc/lightdm/lightdm.conf.d": listing})

    assert run_check("screen_lock", snap(["50-x.conf"])).status is Status.PASS
    for broken in ({"error": "permission denied"}, ["\x00garbage", "zz.conf"], ["gone.conf"]):
        result = run_check("screen_lock", snap(broken))
        assert result.status is Status.UNKNOWN, (broken, result.summary)


# --- real files, verbatim (sources beside each) ----------------------------------------------

# EinoHR/aalto-kiosk@2474e493cb:etc/lightdm/lightdm.conf
KIOSK_LIGHTDM = ("[LightDM]\nlogind-check-graphical=true\n\n[Seat:*]\nautologin-user=mycelium\n"
                 "autologin-session=openbox\n")
# 4e6/archlinux-thinkpad-x1-carbon@afd83e8acc:etc/systemd/system/getty@tty1.service.d/autologin.conf
THINKPAD_GETTY = ("[Service]\nType=idle\nExecStart=\nExecStart=-/usr/bin/agetty --autologin "
                  "dbushev --noclear %I 38400 linux\n")
# ryukinix/raspberry-cfg@a5e42a09d9:etc/systemd/system/getty@tty1.service.d/autologin.conf
PI_GETTY = ("[Service]\nExecStart=\nExecStart=/sbin/agetty --skip-login --noissue "
            "--login-options \"-f lerax\" %I $TERM\n")
# Nitrux/sddm-settings@a2369edbb7:etc/sddm.conf.d/kde_settings.conf
NITRUX_SDDM = ("[Autologin]\nRelogin=false\n\n[Theme]\nCurrent=nitrux-dark\nCursorTheme="
               "nitrux_snow_cursors\n\n[General]\nEnablePAM=true\nHaltCommand=/usr/sbin/poweroff\n"
               "RebootCommand=/usr/sbin/reboot\n\n[Users]\nMaximumUid=60000\nMinimumUid=1000\n")
# 4ndr0666/archlinux-default-files@0e7d919acc:etc/sddm.conf.d/kde_settings.conf (head)
ARCH_SDDM_EMPTY_USER = "[Autologin]\nRelogin=\nSession=\nUser=\n\n[General]\n"


def test_real_lightdm_kiosk_signs_in_by_itself() -> None:
    on, unknown = lightdm(("/etc/lightdm/lightdm.conf", KIOSK_LIGHTDM))
    assert on and unknown is None


def test_real_getty_drop_ins_sign_in_by_themselves() -> None:
    base = "/etc/systemd/system/getty@tty1.service.d/autologin.conf"
    assert getty_linux.getty_rule({base: THINKPAD_GETTY})
    assert getty_linux.getty_rule({base: PI_GETTY})


@pytest.mark.parametrize("text", [NITRUX_SDDM, ARCH_SDDM_EMPTY_USER])
def test_real_sddm_files_without_a_user_do_not(text: str) -> None:
    assert al.sddm_rule([("/etc/sddm.conf.d/kde_settings.conf", al.sddm_ini(text))]) is None
