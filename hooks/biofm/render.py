"""Rendering of the site's Jinja templates in ``overrides/atlas/``: autoescaped, data as values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.utils import get_relative_url

from . import additions, exports
from .catalogue import Catalogue
from .templating import environment


class Renderer:
    """Renders atlas templates for one catalogue; data only ever enters as context values."""

    def __init__(self, template_dir: Path, catalogue: Catalogue, site_url: str = ""):
        self.env = environment(template_dir)
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

    def render(self, template: str, page_url: str, **context: Any) -> str:
        """Render ``template`` for the page at ``page_url`` (links are made relative to it)."""
        base = get_relative_url(".", page_url or ".").rstrip("/") + "/"
        if base == "./" or base == "/":
            base = ""
        return self.env.get_template(template).render(base=base, page_url=page_url, **context)
