"""A reader's first search in Debian's Chromium: bytes downloaded and time to results.

The home page is opened, the header search box clicked, and once Material says it is ready
the query is entered at once (one query, as a pasted query or a reader's pause after typing
it). Counted is everything the search loads (Material's index and worker; on the atlas our
worker and everything under ``/pagefind/``: module, WebAssembly, index chunks, the hits'
fragments); timed is entering the query to its first result shown, so the first query
includes whatever of the search's loading the opened box had not finished. Then the box is
cleared and a second query entered the same way: its time is a later query's. Served from
127.0.0.1 without compression, as ``python -m http.server`` does.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
SEARCH_FILES = ("/pagefind/", "/search/", "search-worker.js", "/workers/search.")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


def _enter(page, query: str) -> float:
    """Milliseconds from entering ``query`` (one query) to its first result shown."""
    box = page.locator("input.md-search__input")
    start = page.evaluate("performance.now()")
    box.fill(query)
    box.press("End")  # Material reads the box on keyup
    page.locator("li.md-search-result__item").first.wait_for(timeout=120_000)
    return page.evaluate("performance.now()") - start


def probe(site: Path, query: str, then: str) -> dict:
    """First-query bytes (KB), milliseconds to results, result count and first result URL,
    and milliseconds to the results of the later query ``then``."""
    from playwright.sync_api import sync_playwright

    sizes: dict[str, int] = {}

    def seen(response) -> None:
        if any(part in response.url for part in SEARCH_FILES):
            sizes[response.url] = int(
                response.headers.get("content-length") or len(response.body())
            )

    with sync_playwright() as pw, serve(site) as base:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context()
        context.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith(base) else route.abort()
            ),
        )
        context.on("response", seen)
        page = context.new_page()
        page.goto(base, wait_until="networkidle")
        page.locator("label.md-search__icon, .md-search__input").first.click()
        meta = page.locator(".md-search-result__meta")
        meta.filter(has_text="Type to start searching").wait_for(timeout=120_000)
        ms = _enter(page, query)
        found = re.search(r"[\d.,]+k?", meta.inner_text())
        first = page.locator("li.md-search-result__item a").first.get_attribute("href")
        page.wait_for_load_state("networkidle")
        kb = sum(sizes.values()) / 1024
        page.locator("input.md-search__input").fill("")
        page.locator("input.md-search__input").press("End")
        meta.filter(has_text="Type to start searching").wait_for(timeout=120_000)
        later = _enter(page, then)
        browser.close()
    return {
        "ms": ms,
        "count": found.group(0) if found else "?",
        "first": [first],
        "kb": kb,
        "later_ms": later,
    }
