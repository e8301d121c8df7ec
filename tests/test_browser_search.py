"""The header search box in Debian's Chromium, answered by Pagefind through our worker
(docs/javascripts/search-worker.js): keyboard, dark mode, what a first search downloads,
several words, and hostile titles shown literally. (More search tests: test_browser.py,
test_browser_explorer.py; the index itself: test_search.py.)"""

from __future__ import annotations

import re

import pytest
import yaml
from test_browser import _search
from test_plugin import paper, tiny_data

from conftest import SEARCH_LIMIT, Visit, build_site, serving

pytestmark = pytest.mark.browser

LIMIT = SEARCH_LIMIT  # hits the worker lists in full
RESULTS = "li.md-search-result__item > a.md-search-result__link"


def _open_search(page):
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator(".md-search-result__meta").filter(has_text="Type to start searching").wait_for()


def _settle(page) -> None:
    """Wait until the result list has stopped changing (the last key's answer is in)."""
    shown = page.locator(".md-search-result")
    previous, now = None, shown.inner_html()
    while now != previous:
        page.wait_for_timeout(300)
        previous, now = now, shown.inner_html()


def test_keyboard_slash_types_arrows_pick_and_enter_opens(visit, catalogue):
    v = visit(viewport={"width": 1280, "height": 900})
    page = v.goto("about/")
    page.keyboard.press("/")
    query = page.locator("input.md-search__input")
    assert query.evaluate("el => el === document.activeElement")
    page.locator(".md-search-result__meta").filter(has_text="Type to start searching").wait_for()
    page.keyboard.type("CBraMod", delay=30)
    # Results follow each key (each answer replaces the list); the reader moves on once the
    # whole word's results show and stay.
    page.locator(f'{RESULTS}[href*="{catalogue.by_id["cbramod"].url}"]').first.wait_for()
    _settle(page)
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert "/" + catalogue.by_id["cbramod"].url in focused
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    page.keyboard.press("s")  # Material's other key for the search box
    assert query.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")  # on the query: opens the first (best) result
    page.wait_for_url(re.compile(re.escape(catalogue.by_id["cbramod"].url)))


def test_search_works_in_dark_mode(visit, catalogue):
    v = visit(color_scheme="dark", viewport={"width": 1280, "height": 900})
    page = v.goto("")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    found = _search(page, "LaBraM")
    assert found[0] == "/" + catalogue.by_id["large-brain-model"].url
    title = page.locator(RESULTS).first.locator("h1")
    color = title.evaluate("el => getComputedStyle(el).color")
    background = page.locator(".md-search__output").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert color != background
    v.shot("search-dark")


def test_first_search_downloads_little_and_only_from_this_host(visit, catalogue):
    """Nothing of Pagefind loads with a page; opening the search box starts loading its
    module and WebAssembly before a key is typed (search-warm.js); a query then loads the
    index chunks of its words and the few hits' fragments (no other host: Visit)."""
    v = visit(viewport={"width": 1280, "height": 900})
    sizes: dict[str, int] = {}

    def seen(response) -> None:
        if "/pagefind/" in response.url:
            sizes[response.url] = len(response.body())

    v.context.on("response", seen)
    page = v.goto("")
    page.wait_for_load_state("networkidle")
    assert sizes == {}
    with v.context.expect_event(
        "response", lambda response: response.url.endswith("/pagefind/pagefind.js")
    ):
        _open_search(page)  # before any key is typed
    page.wait_for_load_state("networkidle")
    assert not any("/fragment/" in url for url in sizes)
    # One query (typed at once, so no query of a shorter prefix loads its hits' data).
    box = page.locator("input.md-search__input")
    box.fill("PaPaGei")
    box.press("End")  # Material reads the box on a key, not on input
    page.locator(RESULTS).first.wait_for()
    _settle(page)
    found = page.locator(RESULTS).evaluate_all("links => links.map((a) => a.pathname)")
    assert found[0] == "/" + catalogue.by_id["papagei"].url
    page.wait_for_load_state("networkidle")
    fragments = [url for url in sizes if "/fragment/" in url]
    assert 0 < len(fragments) <= len(found)
    assert sum(sizes.values()) < 300 * 1024


def test_several_words_all_required_else_missing_words_shown(visit, site):
    # Pagefind also indexes a hyphenated word whole: "Pre-training" is "pretraining" too.
    text = {"/" + d["location"]: d["text"].lower().replace("-", "") for d in site.search_docs()}
    v = visit(viewport={"width": 1280, "height": 900})
    found = _search(v.goto(""), "EEG pretraining")
    both = {u for u, t in text.items() if "eeg" in t and "pretrain" in t}
    assert found and set(found) <= both
    # No page has both names: each is listed, and Material strikes out the missing word.
    page = v.goto("")
    found = _search(page, "PaPaGei CBraMod")
    assert sorted(found) == ["/papers/cbramod/", "/papers/papagei/"]
    for item in page.locator(RESULTS).all():
        missing = item.locator(".md-search-result__terms del").inner_text().lower()
        assert missing == ("cbramod" if "papagei" in item.get_attribute("href") else "papagei")
    # A word the index does not know at all is left out (Pagefind's rule).
    assert _search(v.goto(""), "PaPaGei zzyzxq")[0] == "/papers/papagei/"


# Pagefind's module as the worker sees it, wrapped: every search is told to the page (through
# a BroadcastChannel) and answered after a pause, as a slow machine would.
SLOW_PAGEFIND = """
import * as real from "./pagefind.js?real";
const told = new BroadcastChannel("atlas-test");
export const options = real.options;
export const init = real.init;
export async function search(term, more) {
  told.postMessage(term);
  await new Promise((done) => setTimeout(done, 250));
  return real.search(term, more);
}
"""


def _slow_pagefind(v: Visit):
    """Serve the wrapped module to ``v``'s worker; the page collects the searched queries."""
    v.context.route(
        "**/pagefind/pagefind.js",
        lambda route: route.fulfill(content_type="text/javascript", body=SLOW_PAGEFIND),
    )
    page = v.goto("")
    page.evaluate(
        """() => {
          window.searched = [];
          new BroadcastChannel("atlas-test").onmessage = (e) => window.searched.push(e.data);
        }"""
    )
    return page


def test_only_the_newest_query_is_searched_while_typing(visit):
    """Keys typed while a search runs are not each searched: the newest query waits and is
    searched when the running search ends, and its results are the ones shown."""
    v = visit(viewport={"width": 1280, "height": 900})
    page = _slow_pagefind(v)
    _open_search(page)
    page.locator("input.md-search__input").press_sequentially("cardiology", delay=40)
    page.wait_for_function("window.searched.at(-1) === 'cardiology'")
    page.locator(RESULTS).first.wait_for()
    _settle(page)
    searched = page.evaluate("window.searched")
    assert len(searched) <= 4, searched  # each of the 10 keys was searched before
    found = page.locator(RESULTS).evaluate_all("links => links.map((a) => a.pathname)")
    assert found == _search(visit().goto(""), "cardiology")  # the word searched at once


def test_same_hits_again_leave_the_list_as_it_is(visit, catalogue):
    """A key that changes no hit (a space after the name) sends no new list: the shown one
    stays (Material would render it anew and drop a focused hit)."""
    v = visit(viewport={"width": 1280, "height": 900})
    page = _slow_pagefind(v)
    _open_search(page)
    box = page.locator("input.md-search__input")
    box.fill("PaPaGei")
    box.press("End")
    page.locator(RESULTS).first.wait_for()
    _settle(page)
    page.locator(RESULTS).first.evaluate("a => a.dataset.seen = 'yes'")
    box.press("Space")
    page.wait_for_function("window.searched.at(-1) === 'PaPaGei '")
    page.wait_for_timeout(800)  # the search's pause, the worker's, and the hits' data
    first = page.locator(RESULTS).first
    assert first.get_attribute("data-seen") == "yes"
    assert first.get_attribute("href").endswith(catalogue.by_id["papagei"].url + "?h=papagei")
    box.press("Backspace")  # back to a query answered before; then to none at all
    box.fill("zzyzxq")
    box.press("End")
    page.locator(".md-search-result__meta").filter(has_text="No matching documents").wait_for()
    box.fill("")
    box.press("End")
    page.locator(".md-search-result__meta").filter(has_text="Type to start searching").wait_for()


# ------------------------------------- a small site: hostile titles, more hits than listed

HOSTILE = '<img src=x onerror=alert(1)> {{ 7*7 }} "q" &amp; <script>alert(2)</script> Zqhostile'
HOSTILE_NOTE = "<b>bold</b> &lt;mark&gt; Zqhostile note"


CROWD = LIMIT + 5  # papers that share one word


@pytest.fixture(scope="module")
def small_url(tmp_path_factory):
    """The real vocabularies, a hostile entry and CROWD papers sharing the word Zqcrowd."""
    root = tmp_path_factory.mktemp("search-small")
    entry = {**paper("Hostile"), "title": HOSTILE, "description": HOSTILE_NOTE}
    data = tiny_data(root, *(paper(f"Zqcrowd Paper {i:03d}") for i in range(CROWD)))
    (data / "papers" / "hostile.yml").write_text(yaml.safe_dump(entry), encoding="utf-8")
    result = build_site(root / "site", data)
    assert result.returncode == 0, result.stderr
    with serving(root / "site") as url:
        yield url


def test_more_hits_than_listed_end_with_a_note(browser, small_url):
    v = Visit(browser, small_url, viewport={"width": 1280, "height": 900})
    try:
        found = _search(v.goto(""), "Zqcrowd")
        assert len(found) == LIMIT + 1 and found[-1] == "/explorer/"
        assert len(set(found[:-1])) == LIMIT and all(
            u.startswith("/papers/zqcrowd-paper-") for u in found[:-1]
        )
        note = v.page.locator(RESULTS).last.inner_text()
        assert f"The best {LIMIT} of {CROWD} matches are listed" in note
    finally:
        v.close()


def test_hostile_title_and_text_show_literally_in_results(browser, small_url):
    v = Visit(browser, small_url, viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    v.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        found = _search(v.goto(""), "Zqhostile")
        assert found == ["/papers/hostile/"]
        article = v.page.locator(RESULTS).first.locator("article")
        assert " ".join(article.locator("h1").inner_text().split()) == " ".join(HOSTILE.split())
        assert "<b>bold</b> &lt;mark&gt;" in article.inner_text()
        tags = article.evaluate("el => [...el.querySelectorAll('*')].map(e => e.localName)")
        assert set(tags) <= {"div", "h1", "p", "mark"}, tags
        assert article.locator("mark").count() >= 2  # the word, in the title and the note
        v.page.wait_for_timeout(300)
        assert dialogs == []
    finally:
        v.close()
