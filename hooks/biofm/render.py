"""Rendering of the site's Jinja templates in ``overrides/atlas/``: autoescaped, data as values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.utils import get_relative_url

from . import additions, exports
from .catalogue import Catalogue
from .templating import environment


class Renderer:
    """Renders atlas templates for one catalogue; data only ever enters as context values."""

    def __init__(self, template_dir: Path, catalogue: Catalogue, site_url: str = ""):
        self.env = environment(template_dir, auto_reload=False)  # one build: no stat per page
        self.env.globals.update(
            cat=catalogue,
            vocab=catalogue.vocab,
            site=catalogue.site,
            new_ids=additions.new_ids(catalogue),
            new_days=additions.NEW_DAYS,
            feed_size=additions.FEED_SIZE,
            feed_file=additions.FEED_FILE if site_url else None,  # written only with a site_url
            bibtex=lambda record: exports.bib_entry(catalogue, record, site_url),
        )
        self.env.filters["records"] = lambda ids: [catalogue.by_id[i] for i in ids]
        self.env.globals["shared_entry_item"] = self.entry_item
        self.env.globals["shared_badges"] = self.badges
        self.env.globals["shared_macro"] = self.shared
        self._items: dict[tuple[str, str, bool], Markup] = {}
        self._shared: dict[tuple, Markup] = {}

    def entry_item(self, record, base: str, directions: bool = False) -> Markup:
        """The ``entry_item`` macro of ``_macros.html``, rendered once per record, link base
        and badge set and then reused: at 10,000 entries the same item appears on several
        facet pages and in the related entries of its neighbours."""
        return self._once(self._items, (record.id, base, bool(directions)), "entry_item",
                          record, base, directions)  # fmt: skip

    def badges(self, record, base: str, directions: bool = False) -> Markup:
        """The ``badges`` of ``_macros.html``: its ``badge_set`` macro, rendered once per
        set of vocabulary keys and link base (a few hundred sets at 10,000 entries)."""
        keys = (record.keys("direction") if directions else (),)
        return self.shared("badge_set", record.keys("modality"), record.keys("role"), *keys, base)

    def shared(self, macro: str, *args) -> Markup:
        """``macro`` of ``_macros.html`` called with ``args``, rendered once per build and
        reused. Only for macros whose HTML depends on nothing but their arguments (which
        must be hashable: keys, text) and the catalogue's vocabularies."""
        return self._once(self._shared, (macro, *args), macro, *args)

    def _once(self, store: dict, key: tuple, macro: str, *args) -> Markup:
        """``macro`` of ``_macros.html`` called with ``args``, kept in ``store`` under ``key``."""
        html = store.get(key)
        if html is None:
            module = self.env.get_template("_macros.html").module
            html = store[key] = Markup(getattr(module, macro)(*args))
        return html

    def render(self, template: str, page_url: str, **context: Any) -> str:
        """Render ``template`` for the page at ``page_url`` (links are made relative to it)."""
        base = get_relative_url(".", page_url or ".").rstrip("/") + "/"
        if base == "./" or base == "/":
            base = ""
        return self.env.get_template(template).render(base=base, page_url=page_url, **context)
