"""Automatic sign-in on the text console: getty units and drop-ins under /etc/systemd/system,
applied in systemd's order (the unit file, then drop-ins by file name, the instance's file
replacing the template's of the same name, an empty ExecStart= clearing the list)."""

from __future__ import annotations

import re
import shlex

UNITS = "/etc/systemd/system"
GETTY_UNIT = re.compile(
    r"(?P<unit>(?:autovt|(?:serial-|console-|container-)?getty)(?:@(?P<inst>[^/]*))?"
    r"\.service)(?P<d>\.d)?")

_SHORT_NO_ARG = "8cEhiJLmnNpqRsUw"  # agetty's options that take no value


def _words(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:  # unbalanced quotes: plain words still show the options
        return text.split()


def _long(token: str, name: str) -> str | None:
    """The value part when ``token`` is ``--name`` (getopt takes a unique prefix)."""
    key, _, value = token[2:].partition("=")
    return value if token.startswith("--") and len(key) >= 3 and name.startswith(key) else None


def _passwordless_login_options(options: str) -> bool:
    """login(1) told -f: it trusts the name it is given and asks no password."""
    return any(re.fullmatch(r"-[a-zA-Z]*f[a-zA-Z]*", w) for w in _words(options))


def getty_autologin(command: str) -> bool:
    """Whether an agetty/mingetty command line signs someone in without a password:
    --autologin (-a), login options with -f (login then skips authentication), or a login
    program other than login(1)."""
    args = _words(command)[1:]
    for i, token in enumerate(args):
        following = args[i + 1] if i + 1 < len(args) else ""
        if token == "--":
            break
        if _long(token, "autologin") is not None:
            return True
        short = re.fullmatch(rf"-[{_SHORT_NO_ARG}]*([aol])(.*)", token)
        kind, value = (short.group(1), short.group(2)) if short else ("", "")
        for letter, name in (("o", "login-options"), ("l", "login-program")):
            if (long_value := _long(token, name)) is not None:
                kind, value = letter, long_value
        value = value or following
        if kind == "a":
            return True
        if kind == "o" and _passwordless_login_options(value):
            return True
        # Another program instead of login(1) (a shell, say) asks no password either.
        if kind == "l" and value.rsplit("/", 1)[-1] != "login":
            return True
    return False


def _exec_starts(text: str) -> list[str]:
    """The ExecStart= lines of a unit's [Service] section, continuations joined."""
    out: list[str] = []
    section = ""
    for line in re.sub(r"\\\r?\n", " ", text).splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
        elif section == "Service" and line.partition("=")[0].strip() == "ExecStart":
            out.append(line.partition("=")[2].strip())
    return out


def _unit_result(unit: str, base: str | None, dropins: dict[str, str],
                 texts: dict[str, str]) -> str | None:
    """Autologin for one unit: its /etc unit file (else the vendor's, which has none), then
    its drop-ins by file name, an empty ExecStart= clearing what came before."""
    starts = [(s, base) for s in _exec_starts(texts[base])] if base else []
    for name in sorted(dropins):
        for line in _exec_starts(texts[dropins[name]]):
            starts = [] if not line else [*starts, (line, dropins[name])]
    for line, where in starts:
        if getty_autologin(line):
            return f"the text console {unit} signs in automatically (--autologin in {where})"
    return None


def getty_rule(texts: dict[str, str]) -> str | None:
    """``texts``: path -> text of getty units and drop-ins found under /etc/systemd/system."""
    units: dict[str, str] = {}
    dropins: dict[str, dict[str, str]] = {}
    for path in texts:
        rel = path[len(UNITS) + 1:].split("/")
        m = GETTY_UNIT.fullmatch(rel[0])
        if not m:
            continue
        if m.group("d") and len(rel) == 2:
            dropins.setdefault(m.group("unit"), {})[rel[1]] = path
        elif not m.group("d") and len(rel) == 1:
            units[m.group("unit")] = path
    for unit in sorted(set(units) | set(dropins)):
        template = re.sub(r"@[^/]*\.service$", "@.service", unit)
        own = dropins.get(unit, {})
        merged = own if template == unit else {**dropins.get(template, {}), **own}
        found = _unit_result(unit, units.get(unit) or units.get(template), merged, texts)
        if found:
            return found
    return None
