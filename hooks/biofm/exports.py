"""Machine-readable exports of the catalogue: JSON, CSV and BibTeX."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable

from .catalogue import Catalogue, Record
from .registry import FACET


def entry_dict(record: Record) -> dict:
    """One entry as plain data: identity and derived fields first, then the YAML fields."""
    return {
        "id": record.id,
        "kind": record.kind,
        "url": record.url,
        "source": record.path,
        "arxiv_id": record.arxiv_id,
        "doi": record.doi,
        "first_online": record.first_online,
        **record.entry.model_dump(mode="json", exclude_defaults=True),
    }


def to_json(catalogue: Catalogue, site_url: str = "") -> str:
    """Every entry with counts, as UTF-8 JSON; ``permalink`` when the site URL is known."""
    entries = [entry_dict(r) for r in catalogue.records]
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
    _facet_column("venue"),
    ("year", lambda cat, r, url: r.entry.year),
    ("first_online", lambda cat, r, url: r.first_online),
    _facet_column("modality"),
    _facet_column("direction"),
    _facet_column("role"),
    ("paper", lambda cat, r, url: r.entry.links.paper),
    ("code", lambda cat, r, url: r.entry.links.code),
    ("arxiv_id", lambda cat, r, url: r.arxiv_id),
    ("doi", lambda cat, r, url: r.doi),
    ("description", lambda cat, r, url: r.entry.description),
    ("permalink", lambda cat, r, url: url + r.url),
)


def to_csv(catalogue: Catalogue, site_url: str = "") -> str:
    """One row per entry, the columns of :data:`CSV_COLUMNS`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(name for name, _ in CSV_COLUMNS)
    for r in catalogue.records:
        writer.writerow(_cell(value(catalogue, r, site_url)) for _, value in CSV_COLUMNS)
    return out.getvalue()


# --------------------------------------------------------------------------- BibTeX

_BIB_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
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
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return _BIB_RE.sub(lambda m: _BIB_SPECIAL[m.group(0)], text)


def bib_url(url: str) -> str:
    """A URL inside braces: braces, backslashes and percent signs are percent-encoded."""
    return url.replace("%", "%25").replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")


def bib_entry(catalogue: Catalogue, record: Record, site_url: str = "") -> str:
    """One BibTeX entry; the key is the entry id."""
    e = record.entry
    venue = catalogue.vocab.venues.get(e.venue) if e.venue else None
    entry_type = _ENTRY_TYPE.get(venue.type, "misc") if venue else "misc"
    fields: list[tuple[str, str]] = [("title", "{" + bib_escape(e.title) + "}")]
    if e.year:
        fields.append(("year", str(e.year)))
    if venue:
        fields.append((_VENUE_FIELD.get(entry_type, "howpublished"), bib_escape(venue.name)))
    if record.doi:
        fields.append(("doi", bib_url(record.doi)))
    if record.arxiv_id:
        fields += [("eprint", record.arxiv_id), ("archiveprefix", "arXiv")]
    url = e.links.paper or next((u for _, u in e.links.items()), None)
    url = url or (site_url + record.url if site_url else None)
    if url:
        fields.append(("url", bib_url(url)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry_type}{{{record.id},\n{body}\n}}\n"


def to_bibtex(catalogue: Catalogue, site_url: str = "") -> str:
    """A BibTeX entry for every record (entries without a link cite their atlas page)."""
    return "\n".join(bib_entry(catalogue, r, site_url) for r in catalogue.records)


FORMATS = {"json": to_json, "csv": to_csv, "bib": to_bibtex}
