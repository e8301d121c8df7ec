"""The Atom feed of additions (``feed.xml`` at the site root), from ``templates/feed/``.

The template is autoescaped, so every data string is XML text; URLs are absolute, made
from ``site_url``, and each entry's id is its permanent page URL.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import additions
from .catalogue import Catalogue
from .templating import PACKAGE_TEMPLATES, environment

EPOCH = dt.date(1970, 1, 1)  # the feed's date when the catalogue is empty


def render_feed(cat: Catalogue, site_url: str, site_name: str) -> str:
    """The Atom document: the newest ``FEED_SIZE`` additions, ``site_url`` absolute."""
    env = environment(PACKAGE_TEMPLATES / "feed")
    return (
        env.get_template("atom.xml").render(
            site_url=site_url.rstrip("/") + "/",
            site_name=site_name,
            feed_file=additions.FEED_FILE,
            updated=additions.newest_added(cat) or EPOCH,
            records=additions.feed_entries(cat),
            vocab=cat.vocab,
        )
        + "\n"
    )


def write_feed(cat: Catalogue, site_dir: Path, site_url: str, site_name: str) -> None:
    """Write the feed into the built site; without a ``site_url`` there is none (its
    links must be absolute), and the pages do not link to it."""
    if site_url:
        text = render_feed(cat, site_url, site_name)
        (site_dir / additions.FEED_FILE).write_text(text, encoding="utf-8")
