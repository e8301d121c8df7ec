"""Per-build state shared by the MkDocs hooks and the macros module."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig

from . import exports
from .catalogue import Catalogue
from .loader import load_catalogue
from .pages import PageSpec, all_pages
from .render import Renderer

_STATES: dict[int, BuildState] = {}
# Template folders under overrides/ that are not part of the site (LIST.md, new entries).
NON_SITE_TEMPLATES = ("readme/", "scaffold/")


@dataclass
class BuildState:
    """The catalogue loaded for one build, its renderer and its generated pages."""

    catalogue: Catalogue
    renderer: Renderer
    pages: dict[str, PageSpec]
    shared_html: dict[str, str] = field(default_factory=dict)

    def shared(self, key: str) -> str | None:
        """Theme HTML that identical pages share (see overrides/main.html)."""
        return self.shared_html.get(key)

    def keep(self, key: str | None, html: str) -> str:
        """Remember ``html`` under ``key`` (when there is one) and return it."""
        if key:
            self.shared_html[key] = html
        return html


def project_paths(config: MkDocsConfig) -> tuple[Path, Path]:
    """The data directory (``extra.atlas.data_dir``) and the atlas template directory."""
    root = Path(config.config_file_path).parent
    options = (config.extra or {}).get("atlas", {})
    data_dir = root / options.get("data_dir", "data")
    return data_dir, root / "overrides" / "atlas"


def start(config: MkDocsConfig) -> BuildState:
    """Load and validate the data (once per build) and plan the generated pages."""
    data_dir, template_dir = project_paths(config)
    catalogue = load_catalogue(data_dir)
    pages = {spec.src_uri: spec for spec in all_pages(catalogue)}
    state = BuildState(catalogue, Renderer(template_dir, catalogue), pages)
    _STATES[id(config)] = state
    return state


def current(config: MkDocsConfig) -> BuildState:
    """The state of the build that ``config`` belongs to."""
    return _STATES[id(config)]


def front_matter(spec: PageSpec) -> str:
    """Static front matter of a generated page: no macros, search only for entry pages."""
    meta: dict[str, Any] = {"render_macros": False}
    if not spec.searchable:
        meta["search"] = {"exclude": True}
    if spec.template == "entry.html":  # same nav for every entry page at the same depth
        meta["atlas_shared_nav"] = f"entry-nav-{spec.src_uri.count('/')}"
    return "---\n" + yaml.safe_dump(meta, sort_keys=True) + "---\n"


def edit_url(config: MkDocsConfig, spec: PageSpec) -> str | None:
    """Where "edit this page" leads: the entry's data file, or its data folder."""
    if not config.edit_uri or "://" not in config.edit_uri:
        return None
    url = urljoin(config.edit_uri, "../" + spec.edit_path)
    return url.replace("/edit/", "/tree/", 1) if spec.edit_path.endswith("/") else url


def expand_nav(nav: list | None, state: BuildState) -> list | None:
    """Give each generated ``<folder>/index.md`` in the nav its generated child pages."""
    if nav is None:
        return None
    children: dict[str, list] = {}
    for spec in state.pages.values():
        folder, _, name = spec.src_uri.rpartition("/")
        index = f"{folder}/index.md"
        if folder and name != "index.md" and index in state.pages and spec.template != "entry.html":
            children.setdefault(index, []).append({escape(spec.title): spec.src_uri})

    def expand(item):
        if isinstance(item, list):
            return [expand(i) for i in item]
        if isinstance(item, dict):
            return {key: _with_children(value, key) for key, value in item.items()}
        return item

    def _with_children(value, key):
        if isinstance(value, str) and value in children:
            return [value, *children[value]]
        return expand(value)

    return expand(nav)


def write_exports(state: BuildState, site_dir: Path, site_url: str = "") -> None:
    """Write ``catalogue.json``, ``catalogue.csv`` and ``catalogue.bib`` into the site."""
    for name, render in exports.FORMATS.items():
        text = render(state.catalogue, site_url)
        (site_dir / f"catalogue.{name}").write_text(text, encoding="utf-8")
