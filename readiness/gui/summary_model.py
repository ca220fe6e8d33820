"""The words and table of a clinical lead's summary (readiness.signing.summary): one row per
person trusted, with each state that needs attention shown by an icon and a word (never colour
alone), no cell left blank, times in local time, and all text from a file made visible.

Also where the self-audit interval comes from: the organisation's managed setting, else the
practitioner's reminder interval in Settings, else the usual 30 days.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from readiness.files import describe_os_error
from readiness.gui.status import status_icon, verdict_icon, verdict_word
from readiness.gui.verify_banner import UNKNOWN_SIGNER, VALID, Account
from readiness.timefmt import local_time
from readiness.visible import visible

if TYPE_CHECKING:
    from readiness.settings import Settings

log = logging.getLogger(__name__)

NONE = "—"
DEFAULT_INTERVAL = 30
SORT_ROLE = Qt.ItemDataRole.UserRole + 31
ROW_ROLE = Qt.ItemDataRole.UserRole + 32
ORGANISATION, SETTINGS, USUAL = "organisation", "settings", "usual"


@dataclass(frozen=True)
class Interval:
    days: int
    source: str  # ORGANISATION, SETTINGS or USUAL


def interval_from(settings: Settings | None) -> Interval:
    """The service's self-audit interval from the effective settings (the organisation's
    managed values already laid over the practitioner's own)."""
    if settings is None or settings.reminder_days <= 0:
        return Interval(DEFAULT_INTERVAL, USUAL)
    source = ORGANISATION if settings.is_managed("reminder_days") else SETTINGS
    return Interval(settings.reminder_days, source)


def load_effective_settings() -> Settings:
    """The settings as the app starts with them (for a page shown outside the main window);
    reads files, so it is called off the GUI thread."""
    from readiness import policy
    from readiness import settings as settings_mod

    managed = policy.current().policy
    try:
        own = settings_mod.load()
    except settings_mod.SettingsError:
        own = settings_mod.Settings()
    return settings_mod.apply_policy(own, managed)


def _count(n: int, one: str, many: str) -> str:
    return (one if n == 1 else many).replace("%n", str(n))


def _needs_attention(row: Any) -> bool:
    # The core's one definition, imported here as the rest of the signing core is (a build
    # without it still opens).
    from readiness.signing.summary import needs_attention

    return needs_attention(row)


def __getattr__(name: str) -> Any:
    """``needs_attention``: the core's own function (readiness.signing.summary), not a copy."""
    if name == "needs_attention":
        from readiness.signing.summary import needs_attention

        return needs_attention
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _replayed(row: Any) -> bool:
    return bool(row.replayed or row.replayed_checklists)


def _not_ready(row: Any) -> bool:
    return row.verdict not in ("ready", "ready_with_cautions")


def _is_folder(v: Any) -> bool:
    return bool(v.kind == "folder")  # readiness.signing.summary_walk.FOLDER


def _is_link(v: Any) -> bool:
    return bool(v.kind == "link")  # readiness.signing.summary_walk.LINK


class SummaryWords(QObject):
    """The summary's words (a QObject, so that lupdate finds them under one context)."""

    def headers(self) -> list[str]:
        return [self.tr("Practitioner"), self.tr("Registration"), self.tr("Latest checklist"),
                self.tr("Self-audit"), self.tr("Verdict"), self.tr("Series"),
                self.tr("Checklists"), self.tr("Failing items")]

    def header_tips(self) -> list[str]:
        return [self.tr("The name in their latest checklist; the people you trust are "
                        "followed across key hand-overs"),
                self.tr("Their professional registration, as signed"),
                self.tr("When their latest checklist was made (local time in each cell's "
                        "tip)"),
                self.tr("Overdue when the latest checklist is older than the interval"),
                self.tr("The verdict of their latest checklist"),
                self.tr("Whether any of their checklists in this folder failed, or one is "
                        "missing between two others"),
                self.tr("Their checklists in this folder that verified"),
                self.tr("The items failing in their latest checklist")]

    def interval_note(self, interval: Interval) -> str:
        where = {
            ORGANISATION: self.tr("set by your organisation"),
            SETTINGS: self.tr("your reminder interval in Settings"),
            USUAL: self.tr("the usual interval; reminders are off in Settings"),
        }[interval.source]
        return (self.tr("A self-audit is overdue when the latest checklist is more than %1 "
                        "days old (%2).").replace("%1", str(interval.days))
                .replace("%2", where))

    def links(self, not_verified: list[Any]) -> str:
        """The links not followed, named (the Files view cannot show them)."""
        links = [v for v in not_verified if _is_link(v)]
        if not links:
            return ""
        names = ", ".join(visible(v.path.name) for v in links[:3])
        if len(links) > 3:
            names += self.tr(" and %1 more").replace("%1", str(len(links) - 3))
        return _count(len(links), self.tr("%n of them is a link that was not followed (it "
                                          "leads outside this folder, or nowhere): %1. The "
                                          "CSV export lists it with the reason."),
                      self.tr("%n of them are links that were not followed (they lead "
                              "outside this folder, or nowhere): %1. The CSV export lists "
                              "each with the reason.")).replace("%1", names)

    def notes(self, summary: Any, interval: Interval, unreadable: list[str]) -> list[str]:
        lines = [self.interval_note(interval),
                 self.tr("Only checklists that verify against the people you trust are "
                         "counted.")]
        n = len(summary.not_verified) - len(unreadable)  # folders are named below
        if n:
            lines.append(_count(n, self.tr("%n file did not verify and is not counted."),
                                self.tr("%n files did not verify and are not counted.")))
            if links := self.links(summary.not_verified):
                lines.append(links)
        n = summary.same_checklist_copies
        if n:
            lines.append(_count(
                n, self.tr("%n file was a further copy of a checklist already counted (a PDF "
                           "and its bundle, or a copy in another folder); each checklist "
                           "counts once."),
                self.tr("%n files were further copies of checklists already counted (a PDF "
                        "and its bundle, or copies in another folder); each checklist counts "
                        "once.")))
        n = summary.not_looked_at
        if n:
            lines.append(_count(n, self.tr("%n other file was not a checklist and was not "
                                           "looked at."),
                                self.tr("%n other files were not checklists and were not "
                                        "looked at.")))
        if unreadable:
            names = ", ".join(visible(n) for n in unreadable[:3])
            more = len(unreadable) - 3
            if more > 0:
                names += self.tr(" and %1 more").replace("%1", str(more))
            lines.append(self.tr("Some folders could not be read and were left out: %1.")
                         .replace("%1", names))
        return lines

    def attention(self, rows: list[Any]) -> str:
        """``2 overdue, 1 not ready, 1 with a gap``: what needs attention, counted."""
        parts = []
        for n, word in ((sum(r.overdue for r in rows), self.tr("overdue")),
                        (sum(_not_ready(r) for r in rows), self.tr("not ready")),
                        (sum(not r.chain_complete for r in rows),
                         self.tr("with a gap in their series")),
                        (sum(_replayed(r) for r in rows),
                         self.tr("with results replayed from a snapshot"))):
            if n:
                parts.append(f"{n} {word}")
        return ", ".join(parts)

    def failure(self, exc: BaseException, root: Path | None) -> str:
        """Why a folder could not be summarised, as a sentence."""
        from readiness.gui import signing_adapter

        if isinstance(exc, OSError):
            return (self.tr("Readiness could not read the folder %1 (%2).")
                    .replace("%1", visible(str(root))).replace("%2", describe_os_error(exc)))
        if isinstance(exc, (ImportError, signing_adapter.SigningUnavailable)):
            return self.tr("Checking checklists is not available in this build.")
        from readiness.signing.summary import SummaryError

        if isinstance(exc, (SummaryError, *signing_adapter.user_errors())):
            text = visible(str(exc))
            return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
        log.error("summary failed", exc_info=exc)
        return self.tr("Something went wrong while summarising the folder.")

    def account(self, rows: list[Any], not_verified: list[Any]) -> Account:
        """The banner over the table: what needs attention, counted (in the core's words:
        a warning icon when anything does, a tick only when nothing does). Its button is
        offered only when the Files view has something to show: links and unreadable folders
        are named in the notes instead."""
        files = [v for v in not_verified if not (_is_link(v) or _is_folder(v))]
        see = self.tr("Show the files that did not verify") if files else ""
        if not rows:
            return Account(UNKNOWN_SIGNER, self.tr("No checklist from a person you trust"),
                           self.tr("None of the checklists in this folder verified against "
                                   "the people you trust. Add their key cards, or choose "
                                   "another folder."), see)
        need = [r for r in rows if _needs_attention(r)]
        if need:
            return Account(UNKNOWN_SIGNER, self._need_title(need, rows),
                           self.attention(rows).capitalize() + ".", see)
        title = (self.tr("%1 is up to date").replace("%1", visible(rows[0].name))
                 if len(rows) == 1 else
                 self.tr("All %1 practitioners are up to date").replace("%1", str(len(rows))))
        detail = self.tr("Each latest checklist is ready and within the interval, and no "
                         "series has a gap.")
        if not_verified:
            title += self._not_verified_words(not_verified)
            detail += " " + self.tr("Some files did not verify; they are not counted.")
        return Account(UNKNOWN_SIGNER if not_verified else VALID, title, detail, see)

    def _not_verified_words(self, not_verified: list[Any]) -> str:
        """``; 1 file did not verify`` (and folders that could not be read): never a title
        that says all is well alone."""
        folders = sum(1 for v in not_verified if _is_folder(v))
        files = len(not_verified) - folders
        said = ""
        if files:
            said += "; " + _count(files, self.tr("%n file did not verify"),
                                  self.tr("%n files did not verify"))
        if folders:
            said += "; " + _count(folders, self.tr("%n folder could not be read"),
                                  self.tr("%n folders could not be read"))
        return said

    def _need_title(self, need: list[Any], rows: list[Any]) -> str:
        if len(need) == 1 and len(rows) == 1:
            return self.tr("%1 needs attention").replace("%1", visible(need[0].name))
        if len(need) == 1:
            return self.tr("1 of %1 practitioners needs attention").replace("%1", str(len(rows)))
        return self.tr("%1 of %2 practitioners need attention").replace(
            "%1", str(len(need))).replace("%2", str(len(rows)))

    def since(self, days: int | None) -> str:
        if days is None:
            return self.tr("date unknown")
        if days <= 0:
            return self.tr("today")
        return (self.tr("1 day ago") if days == 1
                else self.tr("%1 days ago").replace("%1", str(days)))

    def cells(self, row: Any) -> list[tuple[str, str, Any]]:
        """Each cell's (icon name or "", text, sort key): none blank. The latest checklist's
        date is shown; its local time is in the cell's tooltip."""
        since = self.since(row.days_since)
        days = 10**9 if row.days_since is None else row.days_since  # unknown: the oldest
        audit = (("warn", self.tr("Overdue, %1").replace("%1", since), days) if row.overdue
                 else ("pass", self.tr("Up to date, %1").replace("%1", since), days))
        # The core knows only the files in this folder: no gap, not "every checklist".
        # The same words as the CSV, the PDF and the command line (one vocabulary); imported
        # here, as the rest of the signing core is: a build without it still opens.
        from readiness.signing.summary_export import series_words

        said = series_words(row)
        if not row.chain_complete and said == "No gaps found":  # never contradict the icon
            said = self.tr("Gap found")
        series = ("pass", said, 1) if row.chain_complete else ("fail", said, 0)
        when = local_time(row.latest_at).split(",")[0] if row.latest_at else NONE
        verdict = verdict_word(row.verdict)
        if _replayed(row):
            earlier = row.replayed_checklists - (1 if row.replayed else 0)
            verdict = (self.tr("%1, replayed").replace("%1", verdict) if row.replayed else
                       _count(earlier, self.tr("%1 (an earlier one replayed)"),
                              self.tr("%1 (%n earlier ones replayed)")).replace("%1", verdict))
        return [
            ("warn" if _needs_attention(row) else "pass", visible(row.name) or NONE,
             row.name.casefold()),
            ("", visible(row.registration) or NONE, row.registration.casefold()),
            ("", when, row.latest_at),
            audit,
            ("verdict", verdict, 2 * (not _not_ready(row)) + (not _replayed(row))),
            series,
            ("", str(row.checklists), row.checklists),
            ("", "; ".join(visible(f) for f in row.failing) or self.tr("None"),
             len(row.failing)),
        ]

    def tooltip(self, column: int, row: Any, text: str) -> str:
        if column == 0 and row.short_fingerprint:
            return self.tr("%1, key %2").replace("%1", text).replace(
                "%2", row.short_fingerprint)
        if column == 2 and row.latest_at:
            return local_time(row.latest_at)
        if column == 4 and _replayed(row):
            return _count(row.replayed_checklists, self.tr(
                "%n checklist of theirs here has results replayed from a recorded snapshot, "
                "not taken on their computer: ask them to check again on it."), self.tr(
                "%n checklists of theirs here have results replayed from a recorded "
                "snapshot, not taken on their computer: ask them to check again on it."))
        if column == 5:
            return (self.tr("No missing or changed checklist of theirs was found in this "
                            "folder.") if row.chain_complete else
                    self.tr("A checklist of theirs in this folder did not verify, or one is "
                            "missing from their series."))
        return text


def fill(model: QStandardItemModel, words: SummaryWords, rows: list[Any]) -> None:
    """Replace the model's rows with ``rows`` (in the core's order: most in need first)."""
    model.removeRows(0, model.rowCount())
    for row in rows:
        items = []
        for column, (name, text, key) in enumerate(words.cells(row)):
            item = QStandardItem(text)
            if name == "verdict":
                item.setIcon(verdict_icon(row.verdict))
            elif name:
                item.setIcon(status_icon(name))
            item.setData(key, SORT_ROLE)
            item.setData(row, ROW_ROLE)
            item.setToolTip(words.tooltip(column, row, text))
            items.append(item)
        model.appendRow(items)
