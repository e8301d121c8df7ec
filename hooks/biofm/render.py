"""Rendering of the Jinja templates in ``overrides/atlas/``: autoescaped, data only as values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from mkdocs.utils import get_relative_url

from .catalogue import KIND_LABELS, Catalogue
from .schema import FOLDER_BY_KIND


class Renderer:
    """Renders atlas templates for one catalogue; data only ever enters as context values."""

    def __init__(self, template_dir: Path, catalogue: Catalogue):
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(template_dir),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.tests["contains"] = lambda seq, item: item in seq
        self.env.globals.update(
            cat=catalogue,
            vocab=catalogue.vocab,
            site=catalogue.site,
            kind_labels=KIND_LABELS,
            kind_folders=FOLDER_BY_KIND,
        )

    def render(self, template: str, page_url: str, **context: Any) -> str:
        """Render ``template`` for the page at ``page_url`` (links are made relative to it)."""
        base = get_relative_url(".", page_url or ".").rstrip("/") + "/"
        if base == "./" or base == "/":
            base = ""
        return self.env.get_template(template).render(base=base, page_url=page_url, **context)
