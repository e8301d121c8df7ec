"""The baseline: a stock mkdocs-material site over equivalent pre-rendered Markdown pages.

One Markdown page per catalogue entry (title, the same facts as the atlas entry page,
its description and links), kept out of the nav with ``not_in_nav``, one listing page
with every entry, Material's built-in search. Written into a folder the caller gives.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from biofm.catalogue import Catalogue, Record


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _facts(cat: Catalogue, record: Record) -> list[tuple[str, str]]:
    entry = record.entry
    facts = [("Kind", record.spec.singular)]
    venue = getattr(entry, "venue", None)
    if venue:
        facts.append(("Venue", cat.vocab.venue_name(venue)))
    if getattr(entry, "year", None):
        facts.append(("Year", str(entry.year)))
    for field in ("modalities", "directions", "llm_roles"):
        values = getattr(entry, field, ())
        if values:
            facts.append((field.replace("_", " ").capitalize(), ", ".join(values)))
    return facts


def entry_markdown(cat: Catalogue, record: Record) -> str:
    """An entry page as a hand-written Markdown page would carry it."""
    entry = record.entry
    lines = [f"# {record.display_title}", ""]
    lines += ["| Field | Value |", "| --- | --- |"]
    lines += [f"| {name} | {_cell(value)} |" for name, value in _facts(cat, record)]
    lines.append("")
    if entry.description:
        lines += [entry.description, ""]
    links = entry.links.model_dump(exclude_none=True) if entry.links else {}
    lines += [f"- [{name.capitalize()}]({url})" for name, url in links.items()]
    return "\n".join(lines) + "\n"


def listing_markdown(cat: Catalogue) -> str:
    """One listing page with every entry, as the atlas listing pages do."""
    lines = ["# Catalogue", "", "| Entry | Year |", "| --- | --- |"]
    for record in cat.records:
        year = getattr(record.entry, "year", None) or ""
        lines.append(f"| [{_cell(record.display_title)}]({record.src_uri}) | {year} |")
    return "\n".join(lines) + "\n"


def write_stock_site(cat: Catalogue, dest: Path) -> Path:
    """Write the stock project into ``dest``; return its mkdocs.yml."""
    docs = dest / "docs"
    for record in cat.records:
        path = docs / record.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(entry_markdown(cat, record), encoding="utf-8")
    (docs / "index.md").write_text(listing_markdown(cat), encoding="utf-8")
    folders = sorted({record.src_uri.split("/")[0] for record in cat.records})
    config = {
        "site_name": "Stock baseline",
        "theme": {"name": "material", "font": False},
        "plugins": ["search"],
        "markdown_extensions": ["tables"],
        "nav": [{"Catalogue": "index.md"}],
        "not_in_nav": "\n".join(f"/{folder}/" for folder in folders),
    }
    config_file = dest / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return config_file
