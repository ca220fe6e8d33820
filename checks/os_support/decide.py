"""The OS-support verdict shared by every OS: one release cycle's dates against the run's date.

Pure: the table and the date come in as facts.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from checks.os_support.model import EXPECTED, WARN_DAYS, Eol
from readiness import lifecycle
from readiness.check import unknown
from readiness.model import Outcome, Scalar, Status

# Apple has kept a macOS release for about three years.
MACOS_LIFETIME = timedelta(days=35 * 30)


def as_date(value: Any) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def version_key(text: str) -> tuple[int, ...] | None:
    """A dotted version ("26.10", "13") as numbers, or None when it is not one."""
    parts = text.split(".")
    if not all(p.isdigit() for p in parts):
        return None
    return tuple(int(p) for p in parts)


def aged(summary: str, table: lifecycle.Table, product: str, today: date,
         observed: dict[str, Scalar]) -> str:
    """The summary with the date and age of this product's end-of-life data, also observed."""
    as_of_raw = table.as_of(product)
    observed["table_as_of"] = as_of_raw
    as_of = as_date(as_of_raw)
    if as_of is None:
        return summary
    age = (today - as_of).days
    observed["table_age_days"] = age
    if age < 0:  # a replay dated before the table
        return f"{summary} (End-of-life data as of {as_of_raw}.)"
    return f"{summary} (End-of-life data as of {as_of_raw}, {age} days old.)"


def _supported(table: lifecycle.Table, product: str, cycle: dict[str, Any],
               today: date) -> bool:
    """Whether this cycle still gets security updates on ``today``, by the table."""
    eol_raw = cycle.get("eol")
    if eol_raw is False:
        return _no_end_date(table, product, cycle, "", today, {})[0] is Status.PASS
    eol = as_date(eol_raw)
    return eol is not None and eol >= today


def newest_known(table: lifecycle.Table, product: str, version: tuple[int, ...],
                 today: date, cycles: list[dict[str, Any]] | None = None,
                 key: Any = None) -> dict[str, Any] | None:
    """The newest cycle the table knows, when ``version`` is newer than every one of them and
    that newest cycle is still supported: the table predates this release. Else None.

    ``key`` turns a cycle into a comparable version (default: its "cycle" as numbers); cycles
    it cannot read are left out, so an odd entry never makes a release look newer.
    """
    def cycle_key(c: dict[str, Any]) -> tuple[int, ...] | None:
        return version_key(str(c.get("cycle")))

    read = key or cycle_key
    known = [(k, c) for c in (table.cycles(product) if cycles is None else cycles)
             if (k := read(c)) is not None]
    if not known:
        return None
    newest_key, newest = max(known, key=lambda kc: kc[0])
    if version <= newest_key or not _supported(table, product, newest, today):
        return None
    return newest


def newer_outcome(table: lifecycle.Table, product: str, newest: dict[str, Any],
                  newest_name: str, name: str, today: date, observed: dict[str, Scalar],
                  method: str) -> Outcome:
    """A release newer than every one the table knows, whose vendor's newest known release is
    still supported: passes, saying the table predates it."""
    observed["newer_than_table"] = True
    observed["newest_known_cycle"] = str(newest.get("cycle"))
    summary = (f"{name} is newer than every release in the end-of-life table, which predates "
               f"it; the newest release the table knows ({newest_name}) still gets security "
               "updates, so this newer one is taken to as well.")
    return Outcome(Status.PASS, aged(summary, table, product, today, observed), observed,
                   expected=EXPECTED, method=method)


def table(eol: Eol, observed: dict[str, Scalar]) -> lifecycle.Table | Outcome:
    """The end-of-life table (noting its date and origin), or unknown when there is none."""
    if eol.table is None:
        return unknown(f"The end-of-life table could not be read ({eol.problem or 'none'}).")
    observed["table_fetched_at"] = eol.table.fetched_at
    observed["table_origin"] = eol.table.origin
    if eol.table.problem:
        observed["table_problem"] = eol.table.problem
    return eol.table


def _no_end_date(table: lifecycle.Table, product: str, cycle: dict[str, Any], name: str,
                 today: date, observed: dict[str, Scalar]) -> tuple[Status, str]:
    # No end date published (Apple never announces one). The table only speaks for its own
    # date, so once a macOS release is past Apple's usual lifetime, "no end date" in an old
    # table is no longer good evidence.
    released = as_date(cycle.get("releaseDate"))
    as_of = as_date(table.as_of(product)) or today
    if (product == "macos" and released is not None and today >= released + MACOS_LIFETIME
            and today > as_of):
        observed["released"] = released.isoformat()
        return (Status.WARN,
                f"{name} was released on {released.isoformat()}; Apple usually stops security "
                f"updates after about three years, and the end-of-life table (as of "
                f"{as_of.isoformat()}) is too old to confirm it is still supported.")
    return (Status.PASS, f"{name} is still supported (no end of support announced as of "
            f"{table.as_of(product)}).")


def _ended(product: str, name: str, eol: date, ext: date | None, today: date,
           observed: dict[str, Scalar]) -> tuple[Status, str]:
    if product == "debian" and ext is not None and ext >= today:
        observed["extended_support_until"] = ext.isoformat()
        return (Status.WARN,
                f"{name} left regular security support on {eol.isoformat()}; Debian LTS "
                f"volunteers cover only some packages until {ext.isoformat()}.")
    extra = ""
    if product == "windows" and ext is not None and ext >= today:
        extra = (" Only computers enrolled in Microsoft's paid Extended Security Updates "
                 f"get fixes until {ext.isoformat()}.")
    if product == "ubuntu" and ext is not None and ext >= today:
        extra = (" Only computers attached to Ubuntu Pro get security fixes until "
                 f"{ext.isoformat()}.")
    return Status.FAIL, f"{name} stopped getting security updates on {eol.isoformat()}.{extra}"


def cycle_outcome(table: lifecycle.Table, product: str, cycle: dict[str, Any], name: str,
                  today: date, observed: dict[str, Scalar], method: str) -> Outcome:
    """Compare one cycle's dates with today."""
    eol_raw = cycle.get("eol")
    observed["cycle"] = str(cycle.get("cycle"))
    observed["eol"] = eol_raw if isinstance(eol_raw, str | bool) else None
    observed["table_as_of"] = table.as_of(product)
    ext = as_date(cycle.get("extendedSupport"))

    def out(found: tuple[Status, str]) -> Outcome:
        return Outcome(found[0], aged(found[1], table, product, today, observed), observed,
                       expected=EXPECTED, method=method)

    if eol_raw is True:
        return out((Status.FAIL, f"{name} no longer gets security updates."))
    if eol_raw is False:
        return out(_no_end_date(table, product, cycle, name, today, observed))
    eol = as_date(eol_raw)
    if eol is None:
        return unknown(aged(f"The end-of-life table has an unreadable date for {name}.", table,
                            product, today, observed), **observed)
    days = (eol - today).days
    observed["days_left"] = days
    if days < 0:
        return out(_ended(product, name, eol, ext, today, observed))
    if days <= WARN_DAYS:
        return out((Status.WARN,
                    f"{name} stops getting security updates on {eol.isoformat()} ({days} days "
                    "from now); plan the upgrade."))
    return out((Status.PASS, f"{name} is supported until {eol.isoformat()}."))
