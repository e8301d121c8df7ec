"""Icons from the theme's bundled set (Material for MkDocs ``templates/.icons``), inlined
as SVG so badges render without an emoji font. The SVG files are trusted theme assets."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from markupsafe import Markup

# An icon is named as in Material's front matter: set/name, e.g. ``material/robot``.
NAME_RE = re.compile(r"^(?:material|octicons|fontawesome/(?:brands|regular|solid))/[a-z0-9-]+$")


@cache
def icon_root() -> Path:
    """The installed theme's icon folder."""
    import material  # the theme package, imported only when an icon is wanted

    return Path(material.__file__).parent / "templates" / ".icons"


def check_name(name: str) -> str:
    """``name`` if it names an icon of the installed theme, else a ``ValueError`` saying so."""
    if not NAME_RE.match(name):
        raise ValueError(
            "must name a theme icon as set/name, e.g. 'material/robot' "
            "(see https://squidfunk.github.io/mkdocs-material/reference/icons-emojis/)"
        )
    if not (icon_root() / f"{name}.svg").is_file():
        raise ValueError(f"no icon {name!r} in the installed theme's icon set")
    return name


@cache
def icon(name: str) -> Markup:
    """The icon's SVG, read once, marked hidden from assistive technology (the badge's text
    says what it means)."""
    svg = (icon_root() / f"{check_name(name)}.svg").read_text(encoding="utf-8").strip()
    return Markup(svg.replace("<svg ", '<svg class="atlas-icon" aria-hidden="true" ', 1))
