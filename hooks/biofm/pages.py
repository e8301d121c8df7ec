"""What pages the catalogue generates: one :class:`PageSpec` per virtual page.

Each spec names a Jinja template in ``overrides/atlas/`` and the context it gets.
The list is derived from the registry and the data; no page is listed by hand.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from . import additions, figures
from .catalogue import Catalogue, Record
from .registry import FACETS, KINDS
from .timeline import build_timeline


@dataclass
class PageSpec:
    """A generated page: where it lives, its title, template, context and source data."""

    src_uri: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    edit_path: str = "data/"  # repository path the "edit" button opens
    searchable: bool = False  # only entry pages are searched (biofm/search.py): found once
    description: str | None = None
    in_nav: bool = True  # False: reachable by links only (entry pages, some facet items)
    wide: bool = False  # listings, tables and the timeline: no table of contents, full width
    meta: dict[str, Any] = field(default_factory=dict)  # more front matter (e.g. ``hide``)

    @property
    def is_entry(self) -> bool:
        return "record" in self.context


def entry_pages(cat: Catalogue) -> Iterator[PageSpec]:
    for record in cat.records:
        yield PageSpec(
            src_uri=record.src_uri,
            title=record.display_title,
            template="entry.html",
            context={"record": record},
            edit_path=record.path,
            searchable=True,
            description=record.entry.description or _entry_summary(cat, record),
            in_nav=False,
        )


def _entry_summary(cat: Catalogue, record: Record) -> str:
    venue = cat.vocab.venue_name(record.entry.venue)
    bits = [b for b in (venue, str(record.entry.year or "")) if b]
    where = f" ({', '.join(bits)})" if bits else ""
    return f"{record.spec.singular}{where} in the Biosignal FM Atlas."


def facet_pages(cat: Catalogue) -> Iterator[PageSpec]:
    for facet in FACETS:
        items, index = cat.items(facet.key), cat.index(facet.key)
        ranked = sorted(items, key=lambda key: -len(index[key]))  # stable: file order on ties
        yield PageSpec(
            src_uri=facet.index_uri,
            title=facet.title,
            template=facet.index_template,
            context={"facet": facet, "items": items, "index": index, "ranked": ranked},
            edit_path=facet.vocab_file,
        )
        for key, item in items.items():
            description = getattr(item, "description", None)
            yield PageSpec(
                src_uri=f"{facet.prefix}/{key}.md",
                title=facet.title_of(item),
                template="facet.html",
                context={
                    "facet": facet,
                    "item": item,
                    "records": index[key],
                    "description": description,
                },
                edit_path=facet.vocab_file,
                description=description,
                in_nav=facet.nav_children,
                wide=True,
            )


def section_pages(cat: Catalogue) -> Iterator[PageSpec]:
    for kind in KINDS:
        yield PageSpec(
            src_uri=kind.listing_uri,
            title=kind.nav_title,
            template=kind.template,
            context={"records": cat.of_kind(kind.key)},
            edit_path=f"data/{kind.folder}/",
            wide=True,
        )


def site_pages(cat: Catalogue) -> Iterator[PageSpec]:
    yield PageSpec(
        "explorer.md",
        "Explorer",
        "explorer.html",
        {"records": cat.chronological},
        edit_path="data/",
        description="Combine facets to find biosignal foundation models, datasets and tools: "
        "modality, research direction, LLM role, venue, year, code, open weights and size.",
        meta={"hide": ["navigation", "toc"], "atlas_explorer": True},
    )
    yield PageSpec(
        "timeline.md",
        "Timeline",
        "timeline.html",
        {"timeline": build_timeline(cat)},
        edit_path="data/papers/",
        wide=True,
        meta={"atlas_script": "javascripts/timeline.js"},  # its modality filter
    )
    yield PageSpec(
        "whats-new.md",
        "What's new",
        "whats-new.html",
        {"months": additions.by_month(cat)},
        description="Every entry of the Biosignal FM Atlas by the day it was added.",
    )
    yield PageSpec(
        "stats.md",
        "Stats",
        "stats.html",
        {"figures": figures.all_figures(cat)},
        description="The Biosignal FM Atlas in numbers and charts.",
    )
    yield PageSpec(
        "models.md",
        "Compare models",
        "models.html",
        {"records": cat.models},
        edit_path="data/papers/",
        wide=True,
    )
    yield PageSpec("challenges.md", "Open challenges", "challenges.html", edit_path="data/site.yml")
    yield PageSpec("citation.md", "Citation", "citation.html", edit_path="data/site.yml")
    yield PageSpec(
        "corrections.md",
        "Data corrections",
        "corrections.html",
        {"rows": cat.corrections},
        edit_path="data/",
        wide=True,
    )


def all_pages(cat: Catalogue) -> list[PageSpec]:
    """Every generated page, in a stable order."""
    generators = (facet_pages, section_pages, site_pages, entry_pages)
    return [spec for generate in generators for spec in generate(cat)]
