"""The data of the Explorer page: one compact, columnar JSON file (``explorer.json``).

The page's script (``docs/javascripts/explorer.js``) names no facet itself: the file carries
the facet declarations of the registry (query-string key, title, whether an entry can have
several items) with their vocabulary items, and one column per field of the entries. Facet
values are indexes into a facet's ``items``: a list per entry, or for a facet an entry has
at most one item of (the kind, the venue) the index itself, ``-1`` for none. A missing text
is ``""`` and a missing number ``0``. A column that is mostly empty is an object of its non-empty
values by row number (``{"12": "..."}``), which the script reads like a list.

To keep 10,000 entries under 1.5 MB the file holds only what the page needs to filter, sort
and show the entries. What only the downloads of a selection need, the BibTeX keys and arXiv
ids (and the BibTeX records themselves), the script takes from ``catalogue.bib`` when a reader
asks for a download: its records are in the same order as the rows here. A paper link that is
the arXiv id's abstract page is left out (``""``; the download derives it), and the
first-online month is a number: ``0`` for the entry's year alone, ``1`` to ``12`` for a month
of the entry's year, else ``YYYYMM``.
"""

from __future__ import annotations

import json

from .catalogue import Catalogue, Record
from .registry import FACET, FACETS, KINDS

# Parameter bounds the page offers (the largest stated variant counts).
PARAMETER_STEPS = (10**6, 10**7, 10**8, 10**9, 10**10, 10**11)
KIND_FACET = "kind"  # the pseudo-facet of the entries' kinds, first in the list
VENUE_FACET = FACET["venue"].key  # the publication venue


def _items(facet, cat: Catalogue) -> list[dict]:
    """A facet's vocabulary items as the page shows them: badge text, long name, colour."""
    rows = []
    for key, item in cat.items(facet.key).items():
        row = {"key": key, "label": facet.label(item), "title": getattr(item, "name", None)}
        row["title"] = row["title"] or facet.title_of(item)
        row["csv"] = str(getattr(item, facet.csv_attr))
        colour = getattr(item, "colour", None)
        if colour:
            row["colour"] = colour
        rows.append(row)
    return rows


def _facets(cat: Catalogue) -> list[dict]:
    """The kinds as a facet, then every facet of the registry, in registry order."""
    kinds = {
        "key": KIND_FACET,
        "field": "kind",
        "title": "Kind",
        "multi": False,
        "items": [
            {
                "key": k.key,
                "label": k.plural,
                "title": k.plural,
                "csv": k.key,
                "folder": k.folder,
                "singular": k.singular,
            }
            for k in KINDS
        ],
    }
    declared = [
        {"key": f.key, "field": f.field, "title": f.title, "multi": f.multi}
        | {"items": _items(f, cat)}
        for f in FACETS
    ]
    return [kinds, *declared]


def _columns(cat: Catalogue, facets: list[dict]) -> dict[str, list]:
    records = cat.records
    position = {f["key"]: {item["key"]: i for i, item in enumerate(f["items"])} for f in facets}
    card = [r.card for r in records]
    columns: dict[str, list] = {
        "id": [r.id for r in records],
        "name": [r.entry.name or "" for r in records],
        "aliases": [list(r.get("aliases", ())) for r in records],
        "title": [r.entry.title for r in records],
        "authors": [list(r.entry.authors) for r in records],
        "year": [r.entry.year or 0 for r in records],
        "online": [_online(r) for r in records],
        "paper": [_paper(r) for r in records],
        "code": [r.entry.links.code or "" for r in records],
        "weights": [r.entry.links.weights or "" for r in records],
        "params": [(c.parameters or 0) if c else 0 for c in card],
        "doi": [r.doi or "" for r in records],
    }
    facet_values = {KIND_FACET: lambda r: (r.kind,)}
    facet_values.update({f.key: (lambda r, k=f.key: r.keys(k)) for f in FACETS})
    for facet in facets:
        where, values = position[facet["key"]], facet_values[facet["key"]]
        lists = [[where[k] for k in values(r)] for r in records]
        columns[facet["key"]] = lists if facet["multi"] else [(v or [-1])[0] for v in lists]
    return {name: _compact(values) for name, values in columns.items()}


ARXIV_ABS = "https://arxiv.org/abs/"


def _paper(record: Record) -> str:
    """The paper link, or "" when it is the arXiv id's abstract page."""
    paper = record.entry.links.paper or ""
    return "" if record.arxiv_id and paper == ARXIV_ABS + record.arxiv_id else paper


def _online(record: Record) -> int:
    """The first-online month as a number: 0 when it is the entry's year alone (or there is
    none), the month when it falls in the entry's year, else ``YYYYMM``."""
    online = record.first_online or ""
    if len(online) != len("YYYY-MM"):  # the bare year the catalogue derives, or nothing
        return 0
    year, month = int(online[:4]), int(online[5:])
    return month if year == record.entry.year else year * 100 + month


def _compact(values: list) -> list | dict:
    """A column, or only its non-empty values by row number when most of it is empty."""
    present = {str(i): v for i, v in enumerate(values) if v}
    return present if len(present) * 2 < len(values) else values


def explorer_data(cat: Catalogue, site_url: str = "") -> dict:
    """Everything the Explorer page needs, for every entry in catalogue order."""
    facets = _facets(cat)
    return {
        "version": 1,
        "site": site_url,
        "count": len(cat.records),
        "facets": facets,
        # Which facets the page shows as an entry's kind and venue (not as badges), and
        # whose items the text filter reads.
        "kind_facet": KIND_FACET,
        "venue_facet": VENUE_FACET,
        "parameter_steps": list(PARAMETER_STEPS),
        "columns": _columns(cat, facets),
    }


def to_explorer_json(cat: Catalogue, site_url: str = "") -> str:
    """The Explorer's data as compact UTF-8 JSON."""
    data = explorer_data(cat, site_url)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
