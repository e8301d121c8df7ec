"""A reader's first search in Debian's Chromium: bytes downloaded and time to results.

Material: the home page is opened, the query typed into the header search box; counted
are the search index and worker, timed is typing to the first result shown.
Pagefind: ``pagefind`` (PyPI ``pagefind[bin]``) indexes the entry pages of a copy of the
site; a probe page calls its JS API for the query and loads the first five results;
counted is everything under ``/pagefind/``, timed is the first ``search`` call (which
includes loading the WebAssembly and index) to five results' data. Served from
127.0.0.1 without compression, as ``python -m http.server`` does.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
ENTRY_GLOB = "{papers,datasets,tsfm,benchmarks,toolboxes,surveys}/*/index.html"
PROBE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>probe</title>
</head><body><script type="module">
window.runQuery = async (q) => {
  const t0 = performance.now();
  const pagefind = await import("/pagefind/pagefind.js");
  const found = await pagefind.search(q);
  const first = await Promise.all(found.results.slice(0, 5).map((r) => r.data()));
  return {ms: performance.now() - t0, count: found.results.length,
          urls: first.map((d) => d.url)};
};
</script></body></html>
"""


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


def pagefind_index(site: Path, dest: Path) -> float:
    """Copy the site's entry pages' index into ``dest``: Pagefind over entries; its seconds."""
    import time

    shutil.copytree(site, dest)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(dest), "--glob", ENTRY_GLOB,
         "--root-selector", "article", "--silent"],
        check=True,
    )  # fmt: skip
    (dest / "__probe.html").write_text(PROBE, encoding="utf-8")
    return time.perf_counter() - start


def _counting(context, prefix: str) -> list[int]:
    sizes: list[int] = []

    def seen(response) -> None:
        if prefix in response.url:
            sizes.append(int(response.headers.get("content-length") or len(response.body())))

    context.on("response", seen)
    return sizes


def probe(site: Path, engine: str, query: str) -> dict:
    """First-query bytes (KB), milliseconds to results, result count and first result URL."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw, serve(site) as base:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context()
        context.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith(base) else route.abort()
            ),
        )
        page = context.new_page()
        if engine == "pagefind":
            sizes = _counting(context, "/pagefind/")
            page.goto(base + "__probe.html", wait_until="networkidle")
            found = page.evaluate("q => window.runQuery(q)", query)
            result = {"ms": found["ms"], "count": found["count"], "first": found["urls"][:1]}
        else:
            sizes = _counting(context, "search")
            page.goto(base, wait_until="networkidle")
            page.locator("label.md-search__icon, .md-search__input").first.click()
            meta = page.locator(".md-search-result__meta")
            meta.filter(has_text="Type to start searching").wait_for(timeout=120_000)
            start = page.evaluate("performance.now()")
            page.locator("input.md-search__input").press_sequentially(query)
            page.locator("li.md-search-result__item").first.wait_for(timeout=120_000)
            ms = page.evaluate("performance.now()") - start
            text = meta.inner_text()
            first = page.locator("li.md-search-result__item a").first.get_attribute("href")
            result = {"ms": ms, "count": text.split()[0], "first": [first]}
        page.wait_for_load_state("networkidle")
        browser.close()
    result["kb"] = sum(sizes) / 1024
    return result
