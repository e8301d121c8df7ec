"""The loaded catalogue: records with derived identity, and the facet indexes over them."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from itertools import count

from . import identity
from .registry import ENTRY_FIELDS, FACET, KIND_OF_MODEL, KINDS, Kind
from .schema import BaseEntry, SiteContent, value_at
from .vocab import Vocabularies

_KIND_RANK = {kind.key: rank for rank, kind in enumerate(KINDS)}


@dataclass(frozen=True)
class Record:
    """One validated entry with its id, source path and derived identity."""

    id: str
    path: str  # relative to the repository, e.g. data/papers/cbramod.yml
    entry: BaseEntry

    @property
    def spec(self) -> Kind:
        """The registry's declaration of this record's kind."""
        return KIND_OF_MODEL[type(self.entry)]

    @property
    def kind(self) -> str:
        return self.spec.key

    @property
    def folder(self) -> str:
        return self.spec.folder

    @property
    def url(self) -> str:
        """Site-relative permalink directory, e.g. ``papers/cbramod/``."""
        return f"{self.folder}/{self.id}/"

    @property
    def src_uri(self) -> str:
        return f"{self.folder}/{self.id}.md"

    @cached_property
    def arxiv_id(self) -> str | None:
        return identity.arxiv_id(self.entry.links.paper)

    @cached_property
    def doi(self) -> str | None:
        return self.entry.doi or identity.doi_from_url(self.entry.links.paper)

    @cached_property
    def first_online(self) -> str | None:
        return identity.first_online(self.arxiv_id, self.entry.first_online, self.entry.year)

    @cached_property
    def month_index(self) -> float:
        """Months since year 0 of the first-online date (mid-year when only the year is known;
        0 when neither is)."""
        online = self.first_online
        if not online:
            return 0.0
        month = int(online[5:7]) if len(online) >= 7 else 6.5
        return int(online[:4]) * 12 + month - 1

    @property
    def display_title(self) -> str:
        """The title, led by the short name when the title does not already contain it."""
        name, title = self.entry.name, self.entry.title
        if name and name.casefold() not in title.casefold():
            return f"{name}: {title}"
        return title

    @property
    def card(self):
        """The model card, or ``None`` for kinds and entries without one."""
        return self.get("model", None)

    def get(self, name: str, default=()):
        """A field of the entry, or ``default`` for kinds that lack it.

        Only names that some kind of entry has are accepted, so a misspelt field
        fails the build instead of quietly giving the default.
        """
        if name not in ENTRY_FIELDS:
            raise AttributeError(f"no kind of entry has a field {name!r}")
        return getattr(self.entry, name, default)

    def keys(self, facet: str) -> tuple[str, ...]:
        """The vocabulary keys this record has for a facet (none when its kind lacks it)."""
        value = self.get(FACET[facet].field, None)
        if value is None:
            return ()
        return value if isinstance(value, tuple) else (value,)


@dataclass
class Catalogue:
    """Every record plus vocabularies and site prose, with facet indexes."""

    vocab: Vocabularies
    site: SiteContent
    records: list[Record]
    by_id: dict[str, Record] = field(init=False)

    def __post_init__(self) -> None:
        self.records.sort(key=lambda r: (_KIND_RANK[r.kind], _newest_first(r)))
        self.by_id = {r.id: r for r in self.records}
        self._indexes: dict[str, dict[str, list[Record]]] = {}
        self._referrers: dict[str, dict[str, list[Record]]] = {}

    def of_kind(self, kind: str) -> list[Record]:
        return [r for r in self.records if r.kind == kind]

    @cached_property
    def counts(self) -> dict[str, int]:
        """Records per kind, in display order."""
        return {kind.key: len(self.of_kind(kind.key)) for kind in KINDS}

    def index(self, facet: str) -> dict[str, list[Record]]:
        """Vocabulary key -> the records that have it, for one facet (keys in file order)."""
        if facet not in self._indexes:
            spec = FACET[facet]
            index: dict[str, list[Record]] = {key: [] for key in self.vocab.table(spec.vocab)}
            for record in self.records:
                for key in record.keys(facet):
                    index[key].append(record)
            self._indexes[facet] = index
        return self._indexes[facet]

    def items(self, facet: str) -> dict:
        """Vocabulary key -> item, for one facet."""
        return self.vocab.table(FACET[facet].vocab)

    def referenced_by(self, path: str) -> dict[str, list[Record]]:
        """Target id -> the records whose field ``path`` (e.g. ``model.pretrained_on``) names it."""
        if path not in self._referrers:
            index: dict[str, list[Record]] = defaultdict(list)
            for record in self.records:
                for ref in value_at(record.entry, path) or ():
                    index[ref].append(record)
            self._referrers[path] = index
        return self._referrers[path]

    @property
    def used_by(self) -> dict[str, list[Record]]:
        """For each time series FM, the papers that adapt it."""
        return self.referenced_by("builds_on")

    @cached_property
    def related(self) -> dict[str, list[Record]]:
        """Up to five related records per record: sharing a modality and a direction (or
        kind), nearest in time. Neighbours come from sorted groups, so this stays near-linear."""
        groups: dict[tuple, list[tuple[float, Record]]] = defaultdict(list)
        for record in self.records:
            for key in _relation_keys(record):
                groups[key].append((record.month_index, record))
        for members in groups.values():
            members.sort(key=lambda pair: (pair[0], pair[1].id))
        related: dict[str, list[Record]] = {}
        for record in self.records:
            near: dict[str, tuple[float, Record]] = {}
            for key in _relation_keys(record):
                members = groups[key]
                at = bisect_left(members, (record.month_index, record.id),
                                 key=lambda pair: (pair[0], pair[1].id))  # fmt: skip
                for month, other in members[max(0, at - RELATED) : at + RELATED + 1]:
                    if other is not record:
                        near[other.id] = (abs(month - record.month_index), other)
            ranked = sorted(near.values(), key=lambda pair: (pair[0], pair[1].id))
            related[record.id] = [other for _, other in ranked[:RELATED]]
        return related

    @cached_property
    def models(self) -> list[Record]:
        """The pretrained models: pretraining papers and time series FMs, newest first."""
        chosen = [
            r for r in self.records if r.kind == "tsfm" or "pretraining" in r.keys("direction")
        ]
        return sorted(chosen, key=_newest_first)

    @cached_property
    def cite_keys(self) -> dict[str, str]:
        """Record id -> a unique BibTeX key; clashes get a, b, ... in id order (stable)."""
        stems: dict[str, list[str]] = defaultdict(list)
        for record in sorted(self.records, key=lambda r: r.id):
            e = record.entry
            stems[identity.cite_key_stem(e.authors, e.year, e.name, e.title)].append(record.id)
        keys: dict[str, str] = {}
        taken = set(stems)
        for stem, ids in stems.items():
            if len(ids) == 1:
                keys[ids[0]] = stem
                continue
            candidates = (stem + _suffix(n) for n in count())
            for record_id in ids:
                key = next(k for k in candidates if k not in taken)
                taken.add(key)
                keys[record_id] = key
        return keys

    @property
    def additions_differ(self) -> bool:
        """Whether the entries were added on more than one day: only then does "latest
        additions" say something."""
        return len({r.entry.added for r in self.records}) > 1

    @cached_property
    def chronological(self) -> list[Record]:
        """Every record, newest first-online date first (ties: title)."""
        return sorted(self.records, key=_newest_first)

    def latest(self, count: int) -> list[Record]:
        """The most recently added records (ties: newest first-online date), or, when every
        entry was added on the same day, the newest papers by first-online date (a paper
        known only by its year counts from mid-year, as on the timeline)."""
        if not self.additions_differ:
            papers = sorted(self.of_kind("paper"), key=lambda r: r.entry.title.lower())
            return sorted(papers, key=lambda r: r.month_index, reverse=True)[:count]
        ordered = sorted(self.records, key=_newest_first)
        return sorted(ordered, key=lambda r: r.entry.added, reverse=True)[:count]

    @cached_property
    def corrections(self) -> list[tuple[Record | None, object]]:
        """Every correction to the seed list: site-wide ones first, then per entry."""
        rows: list[tuple[Record | None, object]] = [(None, c) for c in self.site.site_corrections]
        rows += [(r, c) for r in self.records for c in r.entry.corrections]
        return rows


RELATED = 5


def _suffix(n: int) -> str:
    """a, b, ..., z, then 27, 28, ... (BibTeX key suffixes)."""
    return chr(ord("a") + n) if n < 26 else str(n + 1)


def _relation_keys(record: Record) -> list[tuple]:
    """The groups a record is related within: (modality, direction) for papers, else
    (modality, kind); kinds without modalities form one group."""
    second = record.keys("direction") or (record.kind,)
    firsts = record.keys("modality") or (None,)
    return [(first, other) for first in firsts for other in second]


def _newest_first(record: Record) -> tuple:
    online = record.first_online or "0000"
    inverted = tuple(-ord(ch) for ch in online)
    return (inverted, record.entry.title.lower())
