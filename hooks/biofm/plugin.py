"""The MkDocs plugin: load the catalogue once per build, add its pages, render them.

Generated pages carry no Markdown (``generated_page.GeneratedPage``): their body is
rendered from ``overrides/atlas/`` templates when the page is written
(``on_page_context``) and dropped once it is (``on_post_page``), so data never passes
through Markdown or macros and the build never holds every page's HTML at once.
"""

from __future__ import annotations

import logging
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import build, feed, frame, search, serving, yamlio
from .generated_page import GeneratedPage, link_nav_parents
from .loader import load_catalogue
from .pagination import DEFAULT_PAGE_SIZE
from .problems import CatalogueError
from .templating import keep_compiled

log = logging.getLogger("mkdocs.plugins.atlas")


class AtlasConfig(base.Config):
    """``plugins: - atlas:`` options in mkdocs.yml (paths relative to mkdocs.yml)."""

    data_dir = c.Type(str, default="data")
    templates = c.Type(str, default="overrides/atlas")
    frame = c.Type(bool, default=True)  # entry pages filled into one page frame (frame.py)
    # Compiled templates (ours and the theme's) kept here between builds; false: none kept.
    cache = c.Type(bool, default=True)
    cache_dir = c.Type(str, default=".cache/biofm")
    # Records per page of a listing (kind listings, facet pages, What's new, the timeline's
    # list, Compare models); a longer listing continues at <listing>/page/<k>/.
    listing_page_size = c.Type(int, default=DEFAULT_PAGE_SIZE)

    def validate(self):
        failed, warnings = super().validate()
        size = self.get("listing_page_size")
        if not failed and isinstance(size, int) and size < 1:
            failed.append(("listing_page_size", ValidationError(f"must be at least 1, not {size}")))
        return failed, warnings


class AtlasPlugin(BasePlugin[AtlasConfig]):
    """Builds the atlas pages from ``data_dir``; state lives on the plugin, one build at a time."""

    def __init__(self) -> None:
        self.state: build.BuildState | None = None
        self.framer: frame.Framer | None = None
        self.search = search.SearchPages()  # what the site search indexes, this build

    def root(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).parent

    def data_dir(self, config: MkDocsConfig) -> Path:
        return self.root(config) / self.config.data_dir

    def cache_dir(self, config: MkDocsConfig) -> Path | None:
        return self.root(config) / self.config.cache_dir if self.config.cache else None

    def current(self) -> build.BuildState:
        """The state of the build under way."""
        if self.state is None:
            raise PluginError("the atlas plugin has not loaded the catalogue yet")
        return self.state

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and validate all data once per build; fail with every problem listed."""
        self.state = None  # nothing of a previous build survives a failed load
        self.search.close()
        self.search = search.SearchPages()
        try:
            catalogue = load_catalogue(self.data_dir(config))
        except CatalogueError as exc:
            raise PluginError(str(exc)) from None
        templates = self.root(config) / self.config.templates
        try:
            self.state = build.BuildState.plan(
                catalogue, templates, config.site_url or "", self.config.listing_page_size
            )
        except build.PageClash as exc:
            raise PluginError(str(exc)) from None
        keep_compiled(self.state.renderer.env, self.cache_dir(config))
        config.nav = self.state.expand_nav(config.nav)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Add one virtual file per generated page; pages outside the nav are marked so.
        Fail when two files (generated or from docs/) would write the same output path."""
        for spec in self.current().pages.values():
            inclusion = InclusionLevel.UNDEFINED if spec.in_nav else InclusionLevel.NOT_IN_NAV
            if files.get_file_from_path(spec.src_uri) is not None:
                raise PluginError(f"docs/{spec.src_uri} is also a generated page ({spec.title!r})")
            file = File.generated(config, spec.src_uri, content="", inclusion=inclusion)
            GeneratedPage(spec, build.page_meta(spec), file, config)  # sets file.page
            files.append(file)
        link_nav_parents(files)
        clashes = build.output_clashes(files)
        if clashes:
            raise PluginError("two sources for one output path:\n  " + "\n  ".join(clashes))
        return files

    def on_env(self, env, config: MkDocsConfig, files: Files):
        """Let the theme templates share HTML between identical parts of pages, entry
        pages be filled into Material's page frame rendered once (``frame.py``), and keep
        the compiled templates for the next build."""
        keep_compiled(env, self.cache_dir(config))
        state = self.current()
        self.framer = frame.Framer(state.shared_html)
        env.globals.update(
            atlas_shared=state.shared, atlas_keep=state.keep, atlas_frame=self.framer.render
        )
        return env

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files):
        """Give generated pages their escaped title, meta description and data edit link."""
        spec = self.current().pages.get(page.file.src_uri)
        if spec is not None:
            page.edit_url = build.edit_url(config.edit_uri, spec)
            page.meta["title"] = escape(spec.title)
            if spec.description:
                page.meta["description"] = escape(spec.description)
            if spec.is_entry and self.config.frame:
                page.meta["template"] = frame.TEMPLATE
        return markdown

    @event_priority(100)  # before Material's search plugin reads the page
    def _search(self, context, page: Page, config: MkDocsConfig, nav):
        """Hand the page to the site search (Pagefind) if it is indexed, and keep it out of
        Material's lunr index, which stays empty (see biofm/search.py)."""
        if isinstance(page, GeneratedPage):
            if page.spec.searchable:
                html = self._render(page, "entry-search.html", name_weight=search.NAME_WEIGHT)
                self.search.add(page.url, html)
        elif not (page.meta.get("search") or {}).get("exclude"):
            self.search.expect(page.file.src_uri)  # its HTML is taken once written
        page.meta["search"] = {"exclude": True}
        return context

    @event_priority(-100)  # after the search plugin: the body written into the page
    def _body(self, context, page: Page, config: MkDocsConfig, nav):
        """Render a generated page's body from its template just before it is written."""
        if isinstance(page, GeneratedPage):
            page.content = self._render(page, page.spec.template)
        return context

    on_page_context = CombinedEvent(_search, _body)

    def _render(self, page: GeneratedPage, template: str, **extra) -> Markup:
        context = {**page.spec.context, **extra}
        return Markup(self.current().renderer.render(template, page.url, **context))

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Drop a generated page's body once written: memory stays flat with the page count.
        A searchable hand-written page goes to the site search as written."""
        if isinstance(page, GeneratedPage):
            page.content = None
        elif self.search.expects(page.file.src_uri):
            self.search.add(page.url, output)
        return output

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Under ``mkdocs serve`` every rebuild reads the data again: unchanged files are
        not parsed again (``yamlio.keep_parsed``; a changed file always is)."""
        if command == "serve":
            yamlio.keep_parsed()

    def on_shutdown(self) -> None:
        yamlio.keep_parsed(False)

    def on_serve(self, server, config: MkDocsConfig, builder):
        """Rebuild when a data file changes during ``mkdocs serve``, found within
        ``POLL_SECONDS`` (``serving.py``)."""
        server.watch(str(self.data_dir(config)))
        serving.poll_often(server)
        return server

    def on_post_build(self, config: MkDocsConfig) -> None:
        """Write the machine-readable exports, the Atom feed and the search index."""
        catalogue, site_dir, site_url = (
            self.current().catalogue,
            Path(config.site_dir),
            config.site_url or "",
        )
        build.write_exports(catalogue, site_dir, site_url)
        feed.write_feed(catalogue, site_dir, site_url, config.site_name)
        if self.framer is not None and self.framer.framed + self.framer.full:
            log.info(
                "atlas: %d entry pages filled into %d page frames, %d rendered in full",
                self.framer.framed,
                sum(len(frames) for frames in self.framer.frames.values()),
                self.framer.full,
            )
        try:
            search.write_index(self.search, site_dir)
        except search.SearchIndexError as exc:
            raise PluginError(str(exc)) from None
        finally:
            self.search.close()
