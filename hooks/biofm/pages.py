"""What pages the catalogue generates: one :class:`PageSpec` per virtual page.

Each spec names a Jinja template in ``overrides/atlas/`` and the context it gets.
The list is built from data only; no page is listed by hand.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .catalogue import KIND_LABELS, Catalogue
from .timeline import build_timeline

SECTION_PAGES = {
    # kind -> (folder, nav title, template)
    "paper": ("papers", "All papers", "papers.html"),
    "tsfm": ("tsfm", "Time series FMs", "tsfm.html"),
    "dataset": ("datasets", "Datasets", "datasets.html"),
    "benchmark": ("benchmarks", "Benchmarks", "benchmarks.html"),
    "toolbox": ("toolboxes", "Toolboxes", "toolboxes.html"),
    "survey": ("surveys", "Surveys", "surveys.html"),
}


@dataclass
class PageSpec:
    """A generated page: where it lives, its title, template, context and source data."""

    src_uri: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    edit_path: str = "data/"  # repository path the "edit" button opens
    searchable: bool = False  # listing pages stay out of search: entries are found once
    description: str | None = None


def entry_pages(cat: Catalogue) -> Iterator[PageSpec]:
    for record in cat.records:
        yield PageSpec(
            src_uri=record.src_uri,
            title=record.entry.title,
            template="entry.html",
            context={"record": record},
            edit_path=record.path,
            searchable=True,
            description=record.entry.description or _entry_summary(cat, record),
        )


def _entry_summary(cat: Catalogue, record) -> str:
    singular = KIND_LABELS[record.kind][0]
    venue = cat.vocab.venue_name(record.entry.venue)
    bits = [b for b in (venue, str(record.entry.year or "")) if b]
    return f"{singular}{' (' + ', '.join(bits) + ')' if bits else ''} in the Biosignal FM Atlas."


def facet_pages(cat: Catalogue) -> Iterator[PageSpec]:
    facets = (
        ("modalities", "Modalities", cat.vocab.modalities, cat.by_modality, "modality"),
        ("directions", "Research directions", cat.vocab.directions, cat.by_direction, "direction"),
        ("llm-roles", "LLM roles", cat.vocab.llm_roles, cat.by_role, "role"),
    )
    for folder, title, items, index, name in facets:
        vocab_file = f"data/vocab/{folder.replace('-', '_')}.yml"
        yield PageSpec(
            src_uri=f"{folder}/index.md",
            title=title,
            template=f"{folder}-index.html",
            context={"items": items, "index": index},
            edit_path=vocab_file,
        )
        for key, item in items.items():
            yield PageSpec(
                src_uri=f"{folder}/{key}.md",
                title=item.label,
                template="facet.html",
                context={"facet": name, "item": item, "records": index[key]},
                edit_path=vocab_file,
                description=getattr(item, "description", None),
            )


def section_pages(cat: Catalogue) -> Iterator[PageSpec]:
    for kind, (folder, title, template) in SECTION_PAGES.items():
        yield PageSpec(
            src_uri=f"{folder}.md",  # not folder/index.md: a nav section would swallow it
            title=title,
            template=template,
            context={"records": cat.of_kind(kind)},
            edit_path=f"data/{folder}/",
        )


def site_pages(cat: Catalogue) -> Iterator[PageSpec]:
    yield PageSpec(
        "timeline.md",
        "Timeline",
        "timeline.html",
        {"timeline": build_timeline(cat)},
        edit_path="data/papers/",
    )
    yield PageSpec("challenges.md", "Open challenges", "challenges.html", edit_path="data/site.yml")
    yield PageSpec("citation.md", "Citation", "citation.html", edit_path="data/site.yml")
    yield PageSpec(
        "corrections.md",
        "Data corrections",
        "corrections.html",
        {"rows": cat.corrections},
        edit_path="data/",
    )


def all_pages(cat: Catalogue) -> list[PageSpec]:
    """Every generated page, in a stable order."""
    generators = (facet_pages, section_pages, site_pages, entry_pages)
    return [spec for generate in generators for spec in generate(cat)]
