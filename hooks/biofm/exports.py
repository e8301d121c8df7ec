"""Machine-readable exports of the catalogue: JSON, CSV and BibTeX."""

from __future__ import annotations

import csv
import io
import json
import re

from .catalogue import Catalogue, Record

CSV_COLUMNS = (
    "id", "kind", "title", "venue", "year", "first_online", "modalities", "directions",
    "llm_roles", "paper", "code", "arxiv_id", "doi", "description", "permalink",
)  # fmt: skip


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


def to_csv(catalogue: Catalogue, site_url: str = "") -> str:
    """One row per entry; list fields are joined with ``;``."""
    vocab = catalogue.vocab
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in catalogue.records:
        e = r.entry
        row = {
            "id": r.id,
            "kind": r.kind,
            "title": e.title,
            "venue": vocab.venue_name(e.venue),
            "year": e.year,
            "first_online": r.first_online,
            "modalities": ";".join(vocab.modalities[k].label for k in r.get("modalities")),
            "directions": ";".join(r.get("directions")),
            "llm_roles": ";".join(r.get("llm_roles")),
            "paper": e.links.paper,
            "code": e.links.code,
            "arxiv_id": r.arxiv_id,
            "doi": r.doi,
            "description": e.description,
            "permalink": site_url + r.url,
        }
        writer.writerow([_cell(row[c]) for c in CSV_COLUMNS])
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
