"""One build's state: the catalogue loaded once, its renderer and its generated pages."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from markupsafe import escape

from . import additions, exports
from .catalogue import Catalogue
from .explorer import to_explorer_json
from .pages import PageSpec, all_pages
from .pagination import DEFAULT_PAGE_SIZE
from .registry import FACETS, KINDS
from .render import Renderer

NAV_FACETS = "atlas:facets"  # mkdocs.yml nav placeholders, filled from the registry
NAV_KINDS = "atlas:kinds"


class PageClash(ValueError):
    """Two sources for one page or output file of the site."""


@dataclass
class BuildState:
    """The catalogue loaded for one build, its renderer and its generated pages."""

    catalogue: Catalogue
    renderer: Renderer
    pages: dict[str, PageSpec]
    shared_html: dict[str, str] = field(default_factory=dict)

    @classmethod
    def plan(
        cls,
        catalogue: Catalogue,
        template_dir: Path,
        site_url: str = "",
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> BuildState:
        """Plan every generated page, listings cut into pages of ``page_size`` records;
        two pages for one source path are an error."""
        pages: dict[str, PageSpec] = {}
        for spec in all_pages(catalogue, page_size):
            if spec.src_uri in pages:
                first = pages[spec.src_uri]
                raise PageClash(
                    f"two generated pages are both {spec.src_uri!r}: "
                    f"{first.title!r} (from {first.edit_path}) and "
                    f"{spec.title!r} (from {spec.edit_path})"
                )
            pages[spec.src_uri] = spec
        return cls(catalogue, Renderer(template_dir, catalogue, site_url), pages)

    def shared(self, key: str) -> str | None:
        """Theme HTML that identical pages share (see overrides/main.html)."""
        return self.shared_html.get(key)

    def keep(self, key: str | None, html: str) -> str:
        """Remember ``html`` under ``key`` (when there is one) and return it."""
        if key:
            self.shared_html[key] = html
        return html

    def expand_nav(self, nav: list | None) -> list | None:
        """Fill the nav placeholders: facet index pages with their items, kind listings."""
        if nav is None:
            return None

        def expand(item):
            if item == NAV_FACETS:
                return [self._facet_nav(facet) for facet in FACETS]
            if item == NAV_KINDS:
                return [{kind.nav_title: kind.listing_uri} for kind in KINDS]
            if isinstance(item, list):
                return [part for i in item for part in _spread(expand(i), i)]
            if isinstance(item, dict):
                return {key: expand(value) for key, value in item.items()}
            return item

        return expand(nav)

    def _facet_nav(self, facet) -> dict:
        index = facet.index_uri
        children = [
            {escape(spec.title): uri}
            for uri, spec in self.pages.items()
            if spec.in_nav and uri.startswith(f"{facet.prefix}/") and uri != index
        ]
        return {facet.title: [index, *children] if children else index}


def _spread(expanded, original) -> list:
    """A placeholder expands to several nav items; anything else stays one item."""
    return expanded if original in (NAV_FACETS, NAV_KINDS) else [expanded]


def page_meta(spec: PageSpec) -> dict[str, Any]:
    """Static meta of a generated page: no macros, search only for entry pages, and wide
    pages without a table of contents (``overrides/main.html`` widens them). Pages outside
    the nav share one rendered nav per folder, not per depth: the nav's relative links
    differ between folders (``../`` from ``venues/x/`` is ``../../venues/`` elsewhere)."""
    meta: dict[str, Any] = {"render_macros": False, **spec.meta}
    if spec.wide:
        meta["hide"] = ["toc"]
        meta["atlas_wide"] = True
    if not spec.searchable:
        meta["search"] = {"exclude": True}
    if not spec.in_nav:  # pages outside the nav in one folder all share one rendered nav
        meta["atlas_shared_nav"] = f"off-nav:{posixpath.dirname(spec.src_uri)}"
    return meta


def edit_url(edit_uri: str | None, spec: PageSpec) -> str | None:
    """Where "edit this page" leads: the entry's data file, or its data folder."""
    if not edit_uri or "://" not in edit_uri:
        return None
    url = urljoin(edit_uri, "../" + spec.edit_path)
    return url.replace("/edit/", "/tree/", 1) if spec.edit_path.endswith("/") else url


# Files the plugin writes into the site after the build: the exports, the Explorer's data
# (see explorer.py) and the feed.
EXPLORER_FILE = "explorer.json"
EXPORT_FILES = (
    *(f"catalogue.{name}" for name in exports.FORMATS),
    EXPLORER_FILE,
    additions.FEED_FILE,
)


def output_clashes(files: Iterable) -> list[str]:
    """Every output path that two files of the site would write (MkDocs ``File`` objects:
    pages from docs/ and generated ones), and docs/ files that the exports would overwrite."""
    writers: dict[str, list] = defaultdict(list)
    for file in files:
        if file.inclusion.is_included():  # excluded drafts are not written
            writers[file.dest_uri].append(file)
    clashes = [
        f"{dest} would be written from both {' and '.join(repr(f.src_uri) for f in group)}"
        for dest, group in writers.items()
        if len(group) > 1
    ]
    clashes += [
        f"{dest} from docs/ would be overwritten by the catalogue export"
        for dest in EXPORT_FILES
        if dest in writers
    ]
    return clashes


def write_exports(catalogue: Catalogue, site_dir: Path, site_url: str = "") -> None:
    """Write ``catalogue.json``, ``catalogue.csv``, ``catalogue.bib`` and the Explorer's
    ``explorer.json`` into the site."""
    for name, render in exports.FORMATS.items():
        (site_dir / f"catalogue.{name}").write_text(render(catalogue, site_url), encoding="utf-8")
    explorer = to_explorer_json(catalogue, site_url)
    (site_dir / EXPLORER_FILE).write_text(explorer, encoding="utf-8")
