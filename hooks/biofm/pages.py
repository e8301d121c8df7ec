"""What pages the catalogue generates: one :class:`PageSpec` per virtual page.

Each spec names a Jinja template in ``overrides/atlas/`` and the context it gets.
The list is derived from the registry and the data; no page is listed by hand.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from . import figures, listings
from .catalogue import Catalogue, Record
from .pagination import DEFAULT_PAGE_SIZE, Group, page_uris, paginate
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
    nav_parent: str | None = None  # a page outside the nav: the nav page that stands for it

    @property
    def is_entry(self) -> bool:
        return "record" in self.context


def paginated(spec: PageSpec, groups: list[Group], size: int) -> Iterator[PageSpec]:
    """A listing page cut into pages of at most ``size`` records (see pagination.py).

    Page 1 is ``spec`` at its own path, with its ``pager`` (and its ``records``: those of
    the page) in the context; pages 2..n are copies at ``<listing>/page/<k>.md``, outside
    the nav, titled "(page k of n)", and name their neighbours in ``<link rel>``."""
    pagers = paginate(groups, size, spec.src_uri)
    uris = page_uris(spec.src_uri, len(pagers))
    for pager, uri in zip(pagers, uris, strict=True):
        meta = dict(spec.meta)
        if pager.number > 1:  # page 1's <link rel> are the theme's: its neighbours in the nav
            meta["atlas_pages"] = {"prev": pager.prev_url, "next": pager.next_url}
        of = f" (page {pager.number} of {pager.count})" if pager.count > 1 else ""
        if pager.number == 1:
            if of:  # the nav keeps the plain title; the window title says which page
                meta["atlas_title_suffix"] = of
            yield replace(spec, context=_with_pager(spec, pager), meta=meta)
        else:
            yield replace(
                spec,
                src_uri=uri,
                title=spec.title + of,
                context=_with_pager(spec, pager),
                in_nav=False,
                meta=meta,
                nav_parent=spec.src_uri if spec.in_nav else spec.nav_parent,
            )


def _with_pager(spec: PageSpec, pager) -> dict[str, Any]:
    return {**spec.context, "pager": pager, "records": pager.records}


def entry_pages(cat: Catalogue, size: int = DEFAULT_PAGE_SIZE) -> Iterator[PageSpec]:
    """One page per entry (``size`` is unused: entry pages list nothing that grows)."""
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
            nav_parent=record.spec.listing_uri,
        )


def _entry_summary(cat: Catalogue, record: Record) -> str:
    venue = cat.vocab.venue_name(record.entry.venue)
    bits = [b for b in (venue, str(record.entry.year or "")) if b]
    where = f" ({', '.join(bits)})" if bits else ""
    return f"{record.spec.singular}{where} in the Biosignal FM Atlas."


def facet_pages(cat: Catalogue, size: int = DEFAULT_PAGE_SIZE) -> Iterator[PageSpec]:
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
            spec = PageSpec(
                src_uri=f"{facet.prefix}/{key}.md",
                title=facet.title_of(item),
                template="facet.html",
                context={"facet": facet, "item": item, "description": description},
                edit_path=facet.vocab_file,
                description=description,
                in_nav=facet.nav_children,
                wide=True,
                nav_parent=None if facet.nav_children else facet.index_uri,
            )
            yield from paginated(spec, listings.facet_groups(cat, facet, key, index[key]), size)


def section_pages(cat: Catalogue, size: int = DEFAULT_PAGE_SIZE) -> Iterator[PageSpec]:
    for kind in KINDS:
        spec = PageSpec(
            src_uri=kind.listing_uri,
            title=kind.nav_title,
            template=kind.template,
            edit_path=f"data/{kind.folder}/",
            wide=True,
        )
        yield from paginated(spec, listings.flat(listings.kind_records(cat, kind)), size)


def site_pages(cat: Catalogue, size: int = DEFAULT_PAGE_SIZE) -> Iterator[PageSpec]:
    yield PageSpec(
        "explorer.md",
        "Explorer",
        "explorer.html",
        # without JavaScript its table shows one listing page's worth (the newest entries)
        {"records": cat.chronological, "noscript_size": size},
        edit_path="data/",
        description="Combine facets to find biosignal foundation models, datasets and tools: "
        "modality, research direction, LLM role, venue, year, code, open weights and size.",
        meta={"hide": ["navigation", "toc"], "atlas_explorer": True},
    )
    timeline = build_timeline(cat)
    spec = PageSpec(
        "timeline.md",
        "Timeline",
        "timeline.html",
        {"timeline": timeline},
        edit_path="data/papers/",
        wide=True,
        meta={"atlas_script": "javascripts/timeline.js"},  # its modality filter
    )
    yield from paginated(spec, listings.year_groups(timeline.by_year), size)
    spec = PageSpec(
        "whats-new.md",
        "What's new",
        "whats-new.html",
        description="Every entry of the Biosignal FM Atlas by the day it was added.",
    )
    yield from paginated(spec, listings.month_groups(cat), size)
    yield PageSpec(
        "stats.md",
        "Stats",
        "stats.html",
        {"figures": figures.all_figures(cat)},
        description="The Biosignal FM Atlas in numbers and charts.",
    )
    spec = PageSpec(
        "models.md", "Compare models", "models.html", edit_path="data/papers/", wide=True
    )
    yield from paginated(spec, listings.flat(cat.models), size)
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


# Templates that draw a ``table[data-sortable]``: their pages (all pages of a paginated
# listing) load the table sorter, javascripts/tablesort.js (overrides/main.html), and no other
# page does. tests/test_site.py checks the built site against the tables it really has.
SORTABLE_TEMPLATES = frozenset(
    {"papers.html", "tsfm.html", "datasets.html", "toolboxes.html", "models.html",
     "venues-index.html"}
)  # fmt: skip


def _with_scripts(spec: PageSpec) -> PageSpec:
    """The spec, marked ``atlas_sortable`` when its template draws a sortable table."""
    if spec.template not in SORTABLE_TEMPLATES:
        return spec
    return replace(spec, meta={**spec.meta, "atlas_sortable": True})


def all_pages(cat: Catalogue, page_size: int = DEFAULT_PAGE_SIZE) -> list[PageSpec]:
    """Every generated page, in a stable order; listings cut into pages of ``page_size``."""
    generators = (facet_pages, section_pages, site_pages, entry_pages)
    return [_with_scripts(spec) for generate in generators for spec in generate(cat, page_size)]
