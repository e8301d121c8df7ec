"""MkDocs hooks: load the catalogue once, generate its pages, inject rendered HTML.

Generated pages carry no Markdown: their body is rendered from ``overrides/atlas/``
templates in ``on_page_content``, so data never passes through Markdown or macros.
"""

from __future__ import annotations

import logging
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from biofm import build
from biofm.problems import CatalogueError

log = logging.getLogger("mkdocs.plugins.atlas")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and validate all data once per build; fail with every problem listed."""
    try:
        state = build.start(config)
    except CatalogueError as exc:
        raise PluginError(str(exc)) from None
    config.nav = build.expand_nav(config.nav, state)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add one virtual file per generated page; keep non-site templates out of the site."""
    state = build.current(config)
    for file in [f for f in files if f.src_uri.startswith(build.NON_SITE_TEMPLATES)]:
        files.remove(file)
    for spec in state.pages.values():
        files.append(File.generated(config, spec.src_uri, content=build.front_matter(spec)))
    return files


def on_env(env, config: MkDocsConfig, files: Files):
    """Let the theme templates share HTML between identical parts of pages."""
    state = build.current(config)
    env.globals.update(atlas_shared=state.shared, atlas_keep=state.keep)
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Give generated pages their escaped title, meta description and data edit link."""
    spec = build.current(config).pages.get(page.file.src_uri)
    if spec is not None:
        page.edit_url = build.edit_url(config, spec)
        page.meta["title"] = escape(spec.title)
        if spec.description:
            page.meta["description"] = escape(spec.description)
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace a generated page's (empty) body with its rendered template."""
    state = build.current(config)
    spec = state.pages.get(page.file.src_uri)
    if spec is None:
        return html
    return Markup(state.renderer.render(spec.template, page.url, **spec.context))


def on_serve(server, config: MkDocsConfig, builder):
    """Rebuild when a data file changes during ``mkdocs serve``."""
    data_dir, _ = build.project_paths(config)
    server.watch(str(data_dir))
    return server


def on_post_build(config: MkDocsConfig) -> None:
    """Write the machine-readable exports next to the site."""
    build.write_exports(build.current(config), Path(config.site_dir), config.site_url or "")
