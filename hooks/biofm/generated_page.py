"""The MkDocs page of a generated (virtual) file: no source to read, no Markdown to convert.

MkDocs keeps a ``Page`` subclass that a plugin sets on ``File.page``, so generated pages
skip front matter parsing and Python-Markdown (one ``Markdown`` instance per page) and
carry their meta as data. Their body is rendered only when the page is written and is
dropped right after (see ``AtlasPlugin.on_page_context`` and ``on_post_page``), so a
build does not hold every page's HTML in memory at once.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .pages import PageSpec


class GeneratedPage(Page):
    """A page whose body comes from an atlas template, never from Markdown."""

    def __init__(self, spec: PageSpec, meta: dict, file: File, config: MkDocsConfig) -> None:
        super().__init__(None, file, config)
        self.spec = spec
        self._meta = meta
        self.nav_parent: Page | None = None  # see ``link_nav_parents``

    @property
    def active(self) -> bool:
        return super().active

    @active.setter
    def active(self, value: bool) -> None:
        """While a page outside the nav is written, its nav page shows as the active one."""
        Page.active.fset(self, value)
        parent = getattr(self, "nav_parent", None)  # Page.__init__ sets ``active`` first
        if parent is not None:
            parent.active = value

    def read_source(self, config: MkDocsConfig) -> None:
        """The meta of the spec, an empty Markdown body (there is no source file)."""
        self.markdown = ""
        self.meta = dict(self._meta)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """No Markdown conversion: the body is rendered when the page is written."""
        self.content = ""
        self.toc = get_toc([])
        self._title_from_render = None
        self.present_anchor_ids = set()
        self.links_to_anchors = {}


def link_nav_parents(files: Files) -> None:
    """Give each generated page outside the nav the page that stands for it in the nav
    (its kind's listing, its listing's first page, its facet's index)."""
    for file in files:
        page = file.page
        if isinstance(page, GeneratedPage) and page.spec.nav_parent:
            parent = files.get_file_from_path(page.spec.nav_parent)
            page.nav_parent = parent.page if parent else None
