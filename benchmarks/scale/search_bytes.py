"""What a reader's first search downloads, read from the built site's files.

Material's built-in search fetches its whole ``search/search_index.json`` and its lunr
worker before the first result can show.
"""

from __future__ import annotations

from pathlib import Path

HOW = (
    "Material search: `search/search_index.json` plus the search worker script, "
    "both fetched whole before the first result."
)


def material(site: Path) -> int:
    index = site / "search" / "search_index.json"
    workers = list((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    return index.stat().st_size + sum(p.stat().st_size for p in workers)


def first_query(site: Path) -> tuple[float, str]:
    """Kilobytes a first query downloads, and which search the site has."""
    if (site / "search" / "search_index.json").exists():
        return material(site) / 1024, "material"
    return 0.0, "none"
