"""Machine-readable exports of the catalogue: JSON, CSV and BibTeX."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable

from .catalogue import Catalogue, Record
from .registry import FACET


def entry_dict(record: Record, cite_key: str) -> dict:
    """One entry as plain data: identity and derived fields first, then the YAML fields."""
    return {
        "id": record.id,
        "kind": record.kind,
        "url": record.url,
        "source": record.path,
        "arxiv_id": record.arxiv_id,
        "doi": record.doi,
        "first_online": record.first_online,
        "cite_key": cite_key,
        **record.entry.model_dump(mode="json", exclude_defaults=True),
    }


def to_json(catalogue: Catalogue, site_url: str = "") -> str:
    """Every entry with counts, as UTF-8 JSON; ``permalink`` when the site URL is known."""
    entries = [entry_dict(r, catalogue.cite_keys[r.id]) for r in catalogue.records]
    if site_url:
        for entry in entries:
            entry["permalink"] = site_url + entry["url"]
    payload = {"counts": catalogue.counts, "entries": entries}
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def _cell(value: object) -> str:
    """A CSV cell that spreadsheets will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _facet_column(key: str) -> Column:
    """A facet's values for the CSV, as the registry says (key, label or name), ``;``-joined."""
    facet = FACET[key]

    def cell(cat: Catalogue, r: Record, site_url: str) -> str:
        items = cat.items(key)
        return ";".join(str(getattr(items[k], facet.csv_attr)) for k in r.keys(key))

    return (facet.field, cell)


Column = tuple[str, Callable[[Catalogue, Record, str], object]]
CSV_COLUMNS: tuple[Column, ...] = (
    ("id", lambda cat, r, url: r.id),
    ("kind", lambda cat, r, url: r.kind),
    ("title", lambda cat, r, url: r.entry.title),
    ("name", lambda cat, r, url: r.entry.name),
    ("authors", lambda cat, r, url: ";".join(r.entry.authors)),
    _facet_column("venue"),
    ("year", lambda cat, r, url: r.entry.year),
    ("first_online", lambda cat, r, url: r.first_online),
    _facet_column("modality"),
    _facet_column("direction"),
    _facet_column("role"),
    ("paper", lambda cat, r, url: r.entry.links.paper),
    ("code", lambda cat, r, url: r.entry.links.code),
    ("weights", lambda cat, r, url: r.entry.links.weights),
    ("parameters", lambda cat, r, url: r.card.parameters if r.card else None),
    ("pretrained_on", lambda cat, r, url: ";".join(r.card.pretrained_on) if r.card else None),
    ("cite_key", lambda cat, r, url: cat.cite_keys[r.id]),
    ("arxiv_id", lambda cat, r, url: r.arxiv_id),
    ("doi", lambda cat, r, url: r.doi),
    ("description", lambda cat, r, url: r.entry.description),
    ("permalink", lambda cat, r, url: url + r.url),
)


def to_csv(catalogue: Catalogue, site_url: str = "") -> str:
    """One row per entry, the columns of :data:`CSV_COLUMNS`, every field quoted."""
    out = io.StringIO()
    # Every field quoted: a spreadsheet that splits on ';' still sees one cell per field.
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(name for name, _ in CSV_COLUMNS)
    for r in catalogue.records:
        writer.writerow(_cell(value(catalogue, r, site_url)) for _, value in CSV_COLUMNS)
    return out.getvalue()


# --------------------------------------------------------------------------- BibTeX

# Braces are written as commands with balanced braces: BibTeX counts a brace even after a
# backslash, so "\}" in a value could close the field and let the rest forge new fields.
_BIB_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_BIB_RE = re.compile("|".join(re.escape(c) for c in _BIB_SPECIAL))
_ENTRY_TYPE = {"conference": "inproceedings", "workshop": "inproceedings", "journal": "article"}
_VENUE_FIELD = {"inproceedings": "booktitle", "article": "journal"}


def bib_escape(text: str) -> str:
    """Text safe inside a braced BibTeX value: specials escaped, no control characters."""
    if not text.isprintable():
        text = "".join(ch if ch.isprintable() else " " for ch in text)
    return _BIB_RE.sub(lambda m: _BIB_SPECIAL[m.group(0)], text)


def bib_url(url: str) -> str:
    """A URL inside braces: braces, backslashes and percent signs are percent-encoded."""
    return url.replace("%", "%25").replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")


def bib_author(name: str) -> str:
    """One author; a group name ('CTRL-labs at Reality Labs') is braced to stay one name."""
    escaped = bib_escape(name)
    group = re.search(r"\b(?:and|at|of|for)\b", name, re.IGNORECASE)
    return "{" + escaped + "}" if group else escaped


def bib_entry(catalogue: Catalogue, record: Record, site_url: str = "") -> str:
    """One BibTeX entry, keyed surname-year-name. Conference and journal papers with authors
    are @inproceedings / @article with the venue's full name; everything else is @misc
    (preprints with their eprint), so no standard style warns about a missing field."""
    e = record.entry
    venue = catalogue.vocab.venues.get(e.venue) if e.venue else None
    entry_type = _ENTRY_TYPE.get(venue.type, "misc") if venue else "misc"
    if not (e.authors and e.year):
        entry_type = "misc"
    fields: list[tuple[str, str]] = []
    if e.authors:
        fields.append(("author", " and ".join(bib_author(a) for a in e.authors)))
    else:  # styles sort by author, or else by this key
        fields.append(("key", bib_escape(e.name or e.title)))
    fields.append(("title", "{" + bib_escape(e.title) + "}"))
    if e.year:
        fields.append(("year", str(e.year)))
    if venue and entry_type != "misc":
        fields.append((_VENUE_FIELD[entry_type], bib_escape(venue.long_name)))
    elif venue and venue.type != "preprint":
        fields.append(("howpublished", bib_escape(venue.long_name)))
    if record.doi:
        fields.append(("doi", bib_url(record.doi)))
    if record.arxiv_id:
        fields += [("eprint", record.arxiv_id), ("archiveprefix", "arXiv")]
    url = e.links.paper or next((u for _, u in e.links.items()), None)
    url = url or (site_url + record.url if site_url else None)
    if url:
        fields.append(("url", bib_url(url)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry_type}{{{catalogue.cite_keys[record.id]},\n{body}\n}}\n"


def to_bibtex(catalogue: Catalogue, site_url: str = "") -> str:
    """A BibTeX entry for every record (entries without a link cite their atlas page)."""
    return "\n".join(bib_entry(catalogue, r, site_url) for r in catalogue.records)


FORMATS = {"json": to_json, "csv": to_csv, "bib": to_bibtex}
