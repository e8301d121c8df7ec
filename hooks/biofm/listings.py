"""What each listing page lists, in which order and under which headings.

The records and headings are decided here, before pagination (pagination.py) cuts the
list into pages, so that a page break never reorders or regroups anything.
"""

from __future__ import annotations

from . import additions
from .catalogue import Catalogue, Record
from .pagination import Group
from .registry import KINDS, Facet, Kind

# Kind listings sorted by title (case-insensitive, as Jinja's `sort` did); others keep the
# catalogue's order.
BY_TITLE = frozenset({"dataset", "toolbox"})


def flat(records: list[Record], directions: bool = False) -> list[Group]:
    """A listing without headings."""
    return [Group("", None, records, directions)]


def kind_records(cat: Catalogue, kind: Kind) -> list[Record]:
    records = cat.of_kind(kind.key)
    if kind.key in BY_TITLE:
        return sorted(records, key=lambda r: r.entry.title.lower())
    return records


def facet_groups(cat: Catalogue, facet: Facet, key: str, records: list[Record]) -> list[Group]:
    """An item's entries: a modality or venue by kind, its papers by their first research
    direction (their badges show the others); a research direction or LLM role in one list."""
    if facet.key not in ("modality", "venue"):
        return flat(records, directions=facet.key == "role")
    groups: list[Group] = []
    for kind in KINDS:
        of_kind = [r for r in records if r.kind == kind.key]
        if kind.key != "paper":
            if of_kind:
                groups.append(Group(kind.key, kind.plural, of_kind))
            continue
        for dkey, direction in cat.vocab.directions.items():
            sub = [r for r in of_kind if r.entry.directions and r.entry.directions[0] == dkey]
            if sub:
                groups.append(Group(dkey, direction.label, sub, directions=True))
    return groups


def month_groups(cat: Catalogue) -> list[Group]:
    """What's new: the additions by month of their ``added`` date, newest first."""
    return [
        Group(f"added-{month.key}", month.label, month.records) for month in additions.by_month(cat)
    ]


def year_groups(by_year: list[tuple[int, list[Record]]]) -> list[Group]:
    """The timeline's list: dated papers by year, newest year first."""
    return [Group(f"year-{year}", str(year), records) for year, records in by_year]
