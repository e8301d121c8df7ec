"""What a reader's first search downloads before any query-specific file, read from the
built site's files.

The atlas (Pagefind behind Material's search box, see ``hooks/biofm/search.py``): our
worker, Material's empty index, Pagefind's module, entry file, metadata and WebAssembly;
each query then adds the index chunks of its words and its hits' fragments (measured in
Chromium by ``search_probe.py``). Stock Material: its whole ``search/search_index.json``
and its lunr worker.
"""

from __future__ import annotations

import json
from pathlib import Path

HOW = (
    "Atlas: Pagefind through Material's search box (our worker, Material's empty index, "
    "Pagefind's module, metadata and WebAssembly, then the index chunks and result fragments "
    "the query needs; measured in Chromium). Stock: Material's `search/search_index.json` "
    "plus its lunr worker, both fetched whole before the first result."
)


def material(site: Path) -> int:
    index = site / "search" / "search_index.json"
    workers = list((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    return index.stat().st_size + sum(p.stat().st_size for p in workers)


def pagefind_fixed(site: Path) -> int:
    """The files every first query loads, whatever it asks."""
    bundle = site / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    files = [bundle / "pagefind.js", bundle / "pagefind-entry.json"]
    for language in entry["languages"].values():
        files += [bundle / f"pagefind.{language['hash']}.pf_meta"]
        files += [bundle / f"wasm.{language['wasm']}.pagefind"]
    files += [site / "javascripts" / "search-worker.js", site / "search" / "search_index.json"]
    return sum(p.stat().st_size for p in files if p.exists())


def first_query(site: Path) -> tuple[float, str]:
    """Kilobytes a first query downloads at least, and which search the site has."""
    if (site / "pagefind" / "pagefind.js").exists():
        return pagefind_fixed(site) / 1024, "atlas"
    if (site / "search" / "search_index.json").exists():
        return material(site) / 1024, "material"
    return 0.0, "none"
