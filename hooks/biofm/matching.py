"""Matching awesome-list items against the catalogue, and the differences of a match.

An item matches an entry of its kind by title (the entry's title, the list spellings its
``corrections`` record, its name and aliases), else by arXiv id, DOI or paper link (also
the old links its corrections record). A match on the code link alone, or a near-identical
title, is only a *possible* match for a maintainer to review: code links are shared by
several works, and a retitled journal version is a judgement call.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from . import identity
from .awesome_parse import ListItem
from .catalogue import Catalogue, Record
from .vocab import Vocabularies

# The fields compared between an item and its entry (beyond directions), in report order.
COMPARED = ("title", "venue", "year", "links.paper", "links.code", "links.dataset",
            "links.tool", "links.benchmark")  # fmt: skip
SIMILAR = 0.85  # difflib ratio of normalised titles above which two titles look the same


def link_key(url: str | None) -> str | None:
    """A link without scheme, ``www.``, spaces or trailing slash (host lowercased)."""
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{parts.path}{query}".rstrip("/")


def title_key(title: str | None) -> str | None:
    return identity.normalise_title(title) or None if title else None


def same_paper(a: str | None, b: str | None) -> bool:
    """Whether two paper links name one paper: same link, arXiv id or DOI."""
    if not a or not b:
        return False
    if link_key(a) == link_key(b):
        return True
    arxiv = identity.arxiv_id(a)
    if arxiv and arxiv == identity.arxiv_id(b):
        return True
    doi = identity.doi_from_url(a)
    return bool(doi) and doi == identity.doi_from_url(b)


@dataclass(frozen=True)
class Difference:
    """One field where the list says something else than the entry."""

    field: str
    now: object  # the entry's value
    listed: object  # the list's value
    venue_key: str | None = None  # for venue: the vocabulary key of the listed name


@dataclass
class Match:
    """An item and what it matched: ``status`` is present, possible or new."""

    item: ListItem
    status: str
    record: Record | None = None
    candidates: list[Record] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    known: list[str] = field(default_factory=list)  # fields that differ as corrections record


def _corrected(record: Record, *fields: str) -> list[str]:
    return [c.seed for c in record.entry.corrections if c.field in fields and c.seed]


class CatalogueIndex:
    """Lookups from identifiers (titles, arXiv ids, DOIs, links) to records of each kind."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self.titles: dict[tuple[str, str], list[Record]] = defaultdict(list)
        self.names: dict[tuple[str, str], list[Record]] = defaultdict(list)
        self.ids: dict[tuple[str, str], list[Record]] = defaultdict(list)
        self.code: dict[tuple[str, str], list[Record]] = defaultdict(list)
        for record in catalogue.records:
            self._add(record)

    def _add(self, record: Record) -> None:
        kind, entry = record.kind, record.entry
        for title in {entry.title, *_corrected(record, "title", "entry")}:
            self._put(self.titles, kind, title_key(title), record)
        for name in (entry.name, *entry.aliases):
            self._put(self.names, kind, title_key(name), record)
        links = [url for _, url in entry.links.items() if _ != "code"]
        links += _corrected(record, "links.paper", "links.dataset", "links.tool",
                            "links.benchmark")  # fmt: skip
        for url in links:
            self._put(self.ids, kind, "link:" + (link_key(url) or ""), record)
            self._put(self.ids, kind, "arxiv:" + (identity.arxiv_id(url) or ""), record)
            self._put(self.ids, kind, "doi:" + (identity.doi_from_url(url) or ""), record)
        if record.doi:
            self._put(self.ids, kind, "doi:" + record.doi.lower(), record)
        for url in (entry.links.code, *_corrected(record, "links.code")):
            self._put(self.code, kind, link_key(url), record)

    @staticmethod
    def _put(table: dict, kind: str, key: str | None, record: Record) -> None:
        if key and not key.endswith(":") and record not in table[(kind, key)]:
            table[(kind, key)].append(record)

    def _ids_of(self, item: ListItem) -> list[Record]:
        found: list[Record] = []
        for url in (url for name, url in item.links.items() if name != "code"):
            keys = ["link:" + (link_key(url) or ""), "arxiv:" + (identity.arxiv_id(url) or ""),
                    "doi:" + (identity.doi_from_url(url) or "")]  # fmt: skip
            for key in keys:
                for record in self.ids.get((item.kind, key), ()):
                    if record not in found:
                        found.append(record)
        return found

    def match(self, item: ListItem) -> Match:
        """The entry ``item`` is, or the entries it may be, or none."""
        key = title_key(item.title)
        by_title = self.titles.get((item.kind, key), []) if key else []
        by_id = self._ids_of(item)
        by_name = self.names.get((item.kind, key), []) if key else []
        for found in (by_title, by_id, by_name):
            sure = [r for r in found if r in by_id] if len(found) > 1 else found
            if len(sure) == 1:
                return Match(item, "present", sure[0])
        candidates = [*by_title, *by_id, *by_name]
        candidates += self.code.get((item.kind, link_key(item.links.get("code"))), [])
        candidates += self._similar_titles(item)
        if candidates:
            return Match(item, "possible", candidates=list(dict.fromkeys(candidates)))
        return Match(item, "new")

    def _similar_titles(self, item: ListItem) -> list[Record]:
        """Entries whose title looks like the item's: nearly the same letters, or the same
        short name before the colon (``SleepFM: ...``)."""
        key = title_key(item.title) or ""
        head = title_key(item.title.partition(":")[0]) if ":" in item.title else None
        found = []
        for record in self.catalogue.records:
            if record.kind != item.kind:
                continue
            other = title_key(record.entry.title) or ""
            other_head = (
                title_key(record.entry.title.partition(":")[0])
                if ":" in record.entry.title
                else None
            )
            if (head and len(head) >= 4 and head == other_head) or (
                difflib.SequenceMatcher(None, key, other).ratio() >= SIMILAR
            ):
                found.append(record)
        return found


def differences(match: Match, vocab: Vocabularies) -> None:
    """Fill ``match.differences`` (and ``match.known``) for a present item."""
    item, record = match.item, match.record
    entry = record.entry
    checks = {
        "title": _title_difference,
        "venue": _venue_difference,
        "year": _year_difference,
    }
    for name in COMPARED:
        if name in checks:
            result = checks[name](item, record, vocab)
        else:
            result = _link_difference(item, record, name.split(".")[1])
        if result == "known":
            match.known.append(name)
        elif result is not None:
            match.differences.append(result)
    direction = item.direction
    if direction and direction not in getattr(entry, "directions", (direction,)):
        match.differences.append(Difference("directions", list(entry.directions), direction))


def _title_difference(item: ListItem, record: Record, vocab) -> Difference | str | None:
    entry = record.entry
    key = title_key(item.title)
    if key == title_key(entry.title):
        return None
    if key in {title_key(t) for t in _corrected(record, "title", "entry")}:
        return "known"
    if key in {title_key(n) for n in (entry.name, *entry.aliases) if n}:
        return None  # a table names the model, the entry has the paper's title
    return Difference("title", entry.title, item.title)


def _venue_difference(item: ListItem, record: Record, vocab) -> Difference | str | None:
    if not item.venue:
        return None  # the list says nothing: keep the entry's venue
    key = vocab.lookup("venues", item.venue)
    if key == record.entry.venue:
        return None
    seeds = {s.strip().casefold() for s in _corrected(record, "venue")}
    if item.venue.strip().casefold() in seeds:
        return "known"
    now = vocab.venue_name(record.entry.venue)
    return Difference("venue", now, item.venue, venue_key=key)


def _year_difference(item: ListItem, record: Record, vocab) -> Difference | str | None:
    if item.year is None or item.year == record.entry.year:
        return None
    if str(item.year) in {s.strip() for s in _corrected(record, "year")}:
        return "known"
    return Difference("year", record.entry.year, item.year)


def _link_difference(item: ListItem, record: Record, name: str) -> Difference | str | None:
    listed = item.links.get(name)
    now = getattr(record.entry.links, name)
    if not listed:
        return None  # the list has no such link: keep the entry's
    if link_key(listed) == link_key(now) or (name == "paper" and same_paper(listed, now)):
        return None
    field_name = f"links.{name}"
    if link_key(listed) in {link_key(s) for s in _corrected(record, field_name)}:
        return "known"
    return Difference(field_name, now, listed.strip())


def match_all(items: list[ListItem], catalogue: Catalogue) -> list[Match]:
    """Every item matched and, when present, compared with its entry."""
    index = CatalogueIndex(catalogue)
    matches = [index.match(item) for item in items]
    for match in matches:
        if match.status == "present":
            differences(match, catalogue.vocab)
    return matches
