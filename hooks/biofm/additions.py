"""Additions to the catalogue by their ``added`` date: the What's new page, the Atom feed
and the "new" badge.

"New" is measured from the catalogue's newest ``added`` date, not from the build date, so
that building the same data always gives the same site. An entry is new when it was added
at most ``NEW_DAYS`` days before that date; when that would be every entry (a catalogue
added in one go), no entry is new, as a badge on all of them would say nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .catalogue import Catalogue, Record

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)  # fmt: skip (not the locale's)
NEW_DAYS = 30  # the "new" badge: added at most this many days before the newest addition
FEED_SIZE = 50  # entries in the feed: the newest additions
FEED_FILE = "feed.xml"  # the Atom feed, at the root of the site


@dataclass(frozen=True)
class Month:
    """The entries added in one calendar month, newest first."""

    key: str  # "2026-11": the heading's id
    label: str  # "November 2026"
    records: list[Record]


def newest_first(cat: Catalogue) -> list[Record]:
    """Every record by ``added`` date, newest first; on one day by first-online date
    (newest first), then by title; remaining ties keep the catalogue's order."""
    return cat.latest(len(cat.records))


def newest_added(cat: Catalogue) -> dt.date | None:
    """The catalogue's most recent ``added`` date (``None`` for an empty catalogue)."""
    return max((r.entry.added for r in cat.records), default=None)


def new_ids(cat: Catalogue, days: int = NEW_DAYS) -> frozenset[str]:
    """Ids of the entries that carry the "new" badge (see the module docstring)."""
    newest = newest_added(cat)
    if newest is None:
        return frozenset()
    since = newest - dt.timedelta(days=days)
    recent = frozenset(r.id for r in cat.records if r.entry.added >= since)
    return frozenset() if len(recent) == len(cat.records) else recent


def by_month(cat: Catalogue) -> list[Month]:
    """The additions grouped by the month of their ``added`` date, newest month first."""
    months: dict[str, list[Record]] = {}
    for record in newest_first(cat):
        months.setdefault(record.entry.added.strftime("%Y-%m"), []).append(record)
    return [
        Month(key, f"{MONTHS[int(key[5:]) - 1]} {key[:4]}", records)
        for key, records in months.items()
    ]


def feed_entries(cat: Catalogue, size: int = FEED_SIZE) -> list[Record]:
    """The newest additions for the Atom feed."""
    return newest_first(cat)[:size]
