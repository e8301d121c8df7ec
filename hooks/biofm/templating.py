"""The one Jinja environment factory: site pages, LIST.md and new entry files.

Data reaches templates only as context values, never as template source.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from .registry import FACET, FACETS, KIND, KINDS
from .schema import Paper

# Templates that are not part of the site (LIST.md, new entry files) ship with the package.
PACKAGE_TEMPLATES = Path(__file__).parent / "templates"


def environment(folder: Path, *, html: bool = True, **options: Any) -> jinja2.Environment:
    """A strict environment over ``folder``: autoescaped HTML unless ``html=False``."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=not html,
        **options,
    )
    env.tests["contains"] = lambda seq, item: item in seq
    env.globals.update(
        kinds=KINDS,
        kind=KIND,
        facets=FACETS,
        facet=FACET,
        ssl_note=Paper.model_fields["ssl_not_claimed_fm"].description,
    )
    return env
