"""A reader's first search in Debian's Chromium: bytes downloaded and time to results.

The home page is opened, the header search box clicked, and once Material says it is ready
the query is typed. Counted is everything the search loads (Material's index and worker;
on the atlas our worker and everything under ``/pagefind/``: module, WebAssembly, index
chunks, the hits' fragments); timed is typing the query to the first result shown. Served
from 127.0.0.1 without compression, as ``python -m http.server`` does.
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


def probe(site: Path, query: str) -> dict:
    """First-query bytes (KB), milliseconds to results, result count and first result URL."""
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
        start = page.evaluate("performance.now()")
        page.locator("input.md-search__input").press_sequentially(query)
        page.locator("li.md-search-result__item").first.wait_for(timeout=120_000)
        ms = page.evaluate("performance.now()") - start
        page.wait_for_timeout(500)  # the count settles on the whole query
        found = re.search(r"[\d.,]+k?", meta.inner_text())
        first = page.locator("li.md-search-result__item a").first.get_attribute("href")
        page.wait_for_load_state("networkidle")
        browser.close()
    return {
        "ms": ms,
        "count": found.group(0) if found else "?",
        "first": [first],
        "kb": sum(sizes.values()) / 1024,
    }
