"""The site search index: Pagefind over entry pages and hand-written pages.

During a build the plugin hands every searched page to :class:`SearchPages`: an entry page
gives the short text of ``overrides/atlas/entry-search.html`` (a small HTML document that is
indexed, never published), a hand-written page (home, about, contributing...) its own HTML,
read from its ``<article>``. They are written into a temporary folder as they come, so the
build holds none of them in memory. Listing, facet and other generated pages are not
indexed, so a badge query finds each entry once. After the build :func:`write_index` runs
the Pagefind binary (PyPI ``pagefind[bin]``) over that folder and writes its chunked index
into ``site/pagefind/``; ``docs/javascripts/search-worker.js`` answers the header search box
from it. Material's own (lunr) index stays empty: the plugin excludes every page from it.

Pagefind's Python API is not used: it waits about 40 ms per page it is given.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

OUTPUT_DIR = "pagefind"
PAGEFIND = "pagefind[bin]==1.5.2"

# Pagefind reads each page's <article> (the entry snippets have one too) and skips
# Material's heading anchors, its edit button and what a page marks as not searchable.
ROOT_SELECTOR = "article"
EXCLUDE_SELECTORS = ".headerlink, .md-content__button, [data-search-exclude]"

# Pagefind also writes its own search interfaces; the header box uses none of them.
UNUSED_FILES = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*",
                "pagefind-highlight.js")  # fmt: skip

# Pagefind weighs words 0 to 10 (headings 7 by default); a named model's name and aliases
# weigh most, so its own entry ranks above pages that only mention it.
NAME_WEIGHT = 10


class SearchIndexError(Exception):
    """Pagefind could not be found or failed to index the site."""


class SearchPages:
    """The pages one build indexes, written as ``<url>/index.html`` into a temporary folder."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="atlas-search-")
        self.root = Path(self._dir.name)
        self.hand_written: set[str] = set()  # src_uri of pages indexed as written
        self.count = 0

    def expect(self, src_uri: str) -> None:
        """A hand-written page is indexed: its HTML is added once written."""
        self.hand_written.add(src_uri)

    def expects(self, src_uri: str) -> bool:
        return src_uri in self.hand_written

    def add(self, url: str, html: str) -> None:
        """``url`` is the page's site-relative URL (``papers/x/``, ``""`` for home)."""
        path = self.root / url / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
        self.count += 1

    def close(self) -> None:
        self._dir.cleanup()


def executable() -> Path:
    """The Pagefind binary that ``pagefind[bin]`` installs."""
    try:
        from pagefind_bin import get_executable

        return get_executable()
    except (ImportError, FileNotFoundError) as exc:
        raise SearchIndexError(
            f"the site search needs the Pagefind binary, which is missing ({exc}): "
            f'install the project again (pip install -e .) or pip install "{PAGEFIND}"'
        ) from None


def write_index(pages: SearchPages, site_dir: Path) -> None:
    """Index ``pages`` with Pagefind into ``site_dir/pagefind`` (replacing an older index)."""
    output = site_dir / OUTPUT_DIR
    shutil.rmtree(output, ignore_errors=True)
    command = [
        str(executable()), "--site", str(pages.root), "--output-path", str(output),
        "--root-selector", ROOT_SELECTOR, "--exclude-selectors", EXCLUDE_SELECTORS,
        "--force-language", "en", "--silent",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not (output / "pagefind.js").is_file():
        raise SearchIndexError(f"Pagefind failed to index the site:\n{done.stdout}{done.stderr}")
    for pattern in UNUSED_FILES:
        for path in output.glob(pattern):
            path.unlink()
