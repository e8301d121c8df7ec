"""The loaded catalogue: records with derived identity, and the facet indexes over them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from . import identity
from .registry import ENTRY_FIELDS, FACET, KIND_OF_MODEL, KINDS, Kind
from .schema import BaseEntry, SiteContent
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

    @cached_property
    def used_by(self) -> dict[str, list[Record]]:
        """For each record id, the papers that build on it or use it."""
        index: dict[str, list[Record]] = defaultdict(list)
        for record in self.records:
            for ref in (*record.get("builds_on"), *record.get("datasets")):
                index[ref].append(record)
        return index

    def latest(self, count: int) -> list[Record]:
        """The most recently added records (ties: newest first-online date)."""
        ordered = sorted(self.records, key=_newest_first)
        return sorted(ordered, key=lambda r: r.entry.added, reverse=True)[:count]

    @cached_property
    def corrections(self) -> list[tuple[Record | None, object]]:
        """Every correction to the seed list: site-wide ones first, then per entry."""
        rows: list[tuple[Record | None, object]] = [(None, c) for c in self.site.site_corrections]
        rows += [(r, c) for r in self.records for c in r.entry.corrections]
        return rows


def _newest_first(record: Record) -> tuple:
    online = record.first_online or "0000"
    inverted = tuple(-ord(ch) for ch in online)
    return (inverted, record.entry.title.lower())
