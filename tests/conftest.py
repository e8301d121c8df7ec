"""Shared fixtures: the real catalogue, and real site builds into temporary folders."""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from pydantic import TypeAdapter, ValidationError

from biofm.catalogue import Catalogue
from biofm.loader import load_catalogue
from biofm.registry import KINDS

ROOT = Path(__file__).resolve().parent.parent
# Hits the site search lists in full (the rest: a note), as docs/javascripts/search-worker.js says.
_WORKER = (ROOT / "docs/javascripts/search-worker.js").read_text(encoding="utf-8")
SEARCH_LIMIT = int(re.search(r"var LIMIT = (\d+);", _WORKER).group(1))
DATA = ROOT / "data"
MKDOCS = [sys.executable, "-m", "mkdocs"]


def on_ci() -> bool:
    """Whether the tests run under CI: ``CI`` set to anything but empty, ``0`` or ``false``."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false")


def tool_missing(message: str) -> NoReturn:
    """A tool a test needs is absent: fail under CI (see :func:`on_ci`), skip elsewhere."""
    if on_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def run_biofm(*args: str, input: str | None = None, columns: int = 200):
    """Run ``biofm`` in this process; an exception other than an exit is a traceback a user
    would see, so it fails the test."""
    from typer.testing import CliRunner

    from biofm.cli import app

    env = {"NO_COLOR": "1", "COLUMNS": str(columns)}
    result = CliRunner().invoke(app, list(args), input=input, env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"biofm {' '.join(args)} raised") from result.exception
    return result


def build_site(
    site_dir: Path, data_dir: Path = DATA, **env_vars: str
) -> subprocess.CompletedProcess:
    """Run the real ``mkdocs build --strict`` of this project into ``site_dir`` (``env_vars``
    set more environment variables, e.g. ``ATLAS_FRAME="false"``)."""
    env = {**os.environ, "ATLAS_DATA_DIR": str(data_dir), "NO_MKDOCS_2_WARNING": "1"}
    env.update(env_vars)
    return subprocess.run(
        [*MKDOCS, "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def page_url(src_uri: str) -> str:
    """The directory URL MkDocs gives a page, e.g. ``papers/x.md`` -> ``papers/x/``."""
    stem = src_uri.removesuffix(".md").removesuffix("index").rstrip("/")
    return f"{stem}/" if stem else ""


PAGEFIND_MAGIC = b"pagefind_dcd"  # what a Pagefind fragment starts with, once unzipped


class Site:
    """A built site on disk with helpers to read its pages."""

    def __init__(self, root: Path, log: str = ""):
        self.root = root
        self.log = log  # what the build printed
        self._soups: dict[Path, BeautifulSoup] = {}

    def path(self, url: str) -> Path:
        url = url.strip("/")
        return self.root / url / "index.html" if url else self.root / "index.html"

    def html(self, url: str) -> str:
        return self.path(url).read_text(encoding="utf-8")

    def soup(self, url: str) -> BeautifulSoup:
        return self.soup_of(self.path(url))

    def soup_of(self, path: Path) -> BeautifulSoup:
        """The parsed page at ``path``, parsed once for the whole session: tests only read
        it (none may change the tree it gets)."""
        if path not in self._soups:
            self._soups[path] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        return self._soups[path]

    def content(self, url: str) -> BeautifulSoup:
        """The page's main article (without nav, header and footer)."""
        return self.soup(url).select_one("article.md-content__inner")

    def search_docs(self) -> list[dict]:
        """What the site search (Pagefind, biofm/search.py) indexed, one dict per page read
        from its fragment files: ``location`` (the site-relative URL), ``title`` and ``text``
        (plain text, as Pagefind stores them; the search worker escapes both) and
        ``anchors`` (the page's headings with ids)."""
        docs = []
        for path in sorted((self.root / "pagefind" / "fragment").glob("*.pf_fragment")):
            raw = gzip.decompress(path.read_bytes())
            assert raw.startswith(PAGEFIND_MAGIC), path
            fragment = json.loads(raw[len(PAGEFIND_MAGIC) :])
            docs.append({
                "location": fragment["url"].removeprefix("/"),
                "title": fragment["meta"].get("title", ""),
                "text": fragment["content"],
                "anchors": fragment.get("anchors", []),
            })  # fmt: skip
        return docs

    def entry_links(self, url: str) -> list[str]:
        """Ids of the entry permalinks linked from the main content of a page, in order."""
        ids = []
        for a in self.content(url).select("a.atlas-entry__title"):
            target = (Path(self.path(url).parent) / a["href"]).resolve()
            rel = target.relative_to(self.root.resolve()).as_posix().strip("/")
            parts = rel.split("/")
            if len(parts) == 2 and parts[0] in FOLDERS:
                ids.append(parts[1])
        return ids


FOLDERS = {kind.folder for kind in KINDS}


def sorter_mismatches(site: Site, pages: list[Path]) -> tuple[list[str], int]:
    """Pages that load the table sorter without a sortable table or the other way round
    (or load it more than once, or not deferred); and how many pages have such a table."""
    wrong, sortable = [], 0
    for page in pages:
        soup = site.soup_of(page)
        has_table = soup.select_one("table[data-sortable]") is not None
        sorters = [s for s in soup.find_all("script", src=True)
                   if s["src"].endswith("javascripts/tablesort.js")]  # fmt: skip
        sortable += has_table
        if (len(sorters), has_table) not in ((0, False), (1, True)) or not all(
            s.has_attr("defer") for s in sorters
        ):
            wrong.append(str(page.relative_to(site.root)))
    return wrong, sortable


def accepted_as(kind) -> Callable[[str], bool]:
    """Whether the schema takes a string as this type (for Hypothesis strategies to keep
    only such strings, so that they follow the schema's rules)."""
    adapter = TypeAdapter(kind)

    def accepted(value: str) -> bool:
        try:
            adapter.validate_python(value)
        except ValidationError:
            return False
        return True

    return accepted


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(DATA)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    out = tmp_path_factory.mktemp("site")
    result = build_site(out)
    assert result.returncode == 0, result.stderr
    return Site(out, result.stderr)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of the real data directory."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


# ----------------------------------------------------------------------------- the browser
# Debian's Chromium driven by Playwright, shared by every browser test module (one
# Playwright per session: a second one in the same session cannot start).

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
SHOTS = ROOT / "test-output" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        tool_missing(f"{CHROMIUM} not found: apt-get install -y chromium chromium-driver")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser
        browser.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def serving(root: Path) -> Iterator[str]:
    """Serve a built site folder on 127.0.0.1; its base URL."""
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def base_url(site):
    with serving(site.root) as url:
        yield url


class Visit:
    """A browser context that blocks and records requests to other hosts and page errors."""

    def __init__(self, browser, base_url: str, **options):
        self.base_url = base_url
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(**options)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))

    def _route(self, route) -> None:
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort()

    def goto(self, url: str):
        self.page.goto(self.base_url + url, wait_until="networkidle")
        return self.page

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)

    def close(self) -> None:
        self.context.close()
        assert self.foreign == [], f"requests left 127.0.0.1: {self.foreign}"
        assert self.errors == [], f"errors in the page: {self.errors}"


@pytest.fixture
def visit(browser, base_url):
    visits: list[Visit] = []

    def open_(**options) -> Visit:
        visits.append(Visit(browser, base_url, **options))
        return visits[-1]

    yield open_
    for v in visits:
        v.close()
