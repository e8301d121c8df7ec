"""The data of the Explorer page: one compact, columnar JSON file (``explorer.json``).

The page's script (``docs/javascripts/explorer.js``) names no facet itself: the file carries
the facet declarations of the registry (query-string key, title, whether an entry can have
several items) with their vocabulary items, and one column per field of the entries. Facet
values are indexes into a facet's ``items``; a missing text is ``""`` and a missing number
``0``. To keep 10,000 entries under 1.5 MB, what the page can derive is left out (``""``): a
paper link that is the arXiv id's abstract page, and a first-online month that is the arXiv
id's month or the bare year. A column that is mostly empty is an object of its non-empty
values by row number (``{"12": "..."}``), which the script reads like a list.
"""

from __future__ import annotations

import json

from .catalogue import Catalogue, Record
from .exports import bib_url
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
        if facet.key == VENUE_FACET:  # what the in-browser BibTeX needs
            row["bib"] = [item.type, item.long_name]
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


def _bib_url(record: Record) -> str:
    """The URL the BibTeX cites when it is not the paper link ("" when the same)."""
    links = record.entry.links
    if links.paper:
        return ""
    first = next((url for _, url in links.items()), None)
    return bib_url(first) if first else ""


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
        "cite": [cat.cite_keys[r.id] for r in records],
        "arxiv": [r.arxiv_id or "" for r in records],
        "doi": [r.doi or "" for r in records],
        "biburl": [_bib_url(r) for r in records],
    }
    facet_values = {KIND_FACET: lambda r: (r.kind,)}
    facet_values.update({f.key: (lambda r, k=f.key: r.keys(k)) for f in FACETS})
    for facet in facets:
        where, values = position[facet["key"]], facet_values[facet["key"]]
        columns[facet["key"]] = [[where[k] for k in values(r)] for r in records]
    return {name: _compact(values) for name, values in columns.items()}


ARXIV_ABS = "https://arxiv.org/abs/"


def _paper(record: Record) -> str:
    """The paper link, or "" when it is the arXiv id's abstract page."""
    paper = record.entry.links.paper or ""
    return "" if record.arxiv_id and paper == ARXIV_ABS + record.arxiv_id else paper


def _online(record: Record) -> str:
    """The first-online month, or "" when the page derives it (arXiv month or year)."""
    online, arxiv, year = record.first_online or "", record.arxiv_id, record.entry.year
    derived = f"20{arxiv[:2]}-{arxiv[2:4]}" if arxiv else (str(year) if year else "")
    return "" if online == derived else online


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
        # whose items the BibTeX and the text filter read.
        "kind_facet": KIND_FACET,
        "venue_facet": VENUE_FACET,
        "parameter_steps": list(PARAMETER_STEPS),
        "columns": _columns(cat, facets),
    }


def to_explorer_json(cat: Catalogue, site_url: str = "") -> str:
    """The Explorer's data as compact UTF-8 JSON."""
    data = explorer_data(cat, site_url)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
