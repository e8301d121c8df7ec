"""The built site in a real browser: Debian's Chromium driven by Playwright.

Pages are served from 127.0.0.1; every request to any other host is blocked and fails the
test. Screenshots of each page type land in ``test-output/screenshots/`` for a person to see.
Run locally after ``sudo apt-get install chromium``; under CI (``CI`` set, and not to ``0`` or
``false``) a missing browser fails.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

PAGES = {
    "home": "",
    "explorer": "explorer/",
    "modality": "modalities/emg/",
    "direction": "directions/tsfm-adaptation/",
    "llm-role": "llm-roles/agent/",
    "timeline": "timeline/",
    "entry": "papers/papagei/",
    "tsfm-table": "tsfm/",
    "corrections": "corrections/",
    "models": "models/",
    "dataset": "datasets/ptb-xl/",
}

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_type_renders_and_passes_axe(visit, catalogue, name, scheme):
    v = visit(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = v.goto(PAGES[name])
    expected = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    assert page.locator("article h1").first.is_visible()
    v.shot(f"{name}-{scheme}")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def _search(page, term: str) -> list[str]:
    """Type ``term`` into the search box; the result links (all pages of results)."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    meta = page.locator(".md-search-result__meta")
    meta.filter(has_text="Type to start searching").wait_for()  # the index has loaded
    page.locator("input.md-search__input").press_sequentially(term, delay=30)
    meta.filter(has_text=re.compile(r"\d+ matching document")).wait_for()
    # Results follow each keystroke; read the count once it has settled on the full term.
    previous, text = None, meta.inner_text()
    while text != previous:
        page.wait_for_timeout(400)
        previous, text = text, meta.inner_text()
    count = int(re.search(r"(\d+) matching", text).group(1))
    scroller = page.locator(".md-search__scrollwrap")
    items = page.locator("li.md-search-result__item > a.md-search-result__link")
    for _ in range(20):  # results render in batches while the list scrolls
        if items.count() >= count:
            break
        scroller.evaluate("el => el.scrollTo(0, el.scrollHeight)")
        page.wait_for_timeout(150)
    assert items.count() == count
    return [urlsplit(items.nth(i).get_attribute("href")).path for i in range(count)]


@pytest.mark.parametrize("term, index, key", [("EMG", "modality", "emg"),
                                             ("Agent", "role", "agent")])  # fmt: skip
def test_search_finds_each_matching_entry_once(visit, catalogue, term, index, key):
    v = visit(viewport={"width": 1280, "height": 900})
    page = v.goto("")
    found = _search(page, term)
    v.shot(f"search-{term.lower()}")
    expected = sorted("/" + r.url for r in catalogue.index(index)[key])
    assert sorted(found) == expected


@pytest.mark.parametrize("term, entry_id", [("LaBraM", "large-brain-model"),
                                            ("CBraMod", "cbramod")])  # fmt: skip
def test_model_name_search_puts_its_entry_first(visit, catalogue, term, entry_id):
    v = visit(viewport={"width": 1280, "height": 900})
    found = _search(v.goto(""), term)
    assert found[0] == "/" + catalogue.by_id[entry_id].url


def test_author_surname_finds_their_papers(visit, catalogue):
    surname = "Malekzadeh"
    expected = {"/" + r.url for r in catalogue.records
                if any(a.split()[-1] == surname for a in r.entry.authors)}  # fmt: skip
    assert len(expected) >= 2
    v = visit(viewport={"width": 1280, "height": 900})
    found = _search(v.goto(""), surname)
    assert expected <= set(found)


def test_palette_toggle_switches_and_remembers(visit):
    v = visit(color_scheme="light")
    page = v.goto("modalities/emg/")
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    page.locator('label[title="Switch to dark mode"]').click()
    assert body.get_attribute("data-md-color-scheme") == "slate"
    page.goto(v.base_url + "timeline/")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    v.shot("timeline-toggled-dark")
    page.locator('label[title="Switch to light mode"]').click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "default"


@pytest.mark.parametrize("name", ["home", "modality", "entry", "timeline", "tsfm-table"])
def test_mobile_has_no_horizontal_scroll(visit, name):
    v = visit(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = v.goto(PAGES[name])
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{name}: page is {width}px wide"
    v.shot(f"mobile-{name}")


def test_mobile_navigation_reaches_a_modality_page(visit):
    v = visit(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = v.goto("")
    page.locator('label.md-header__button[for="__drawer"]').click()
    drawer = page.locator("nav.md-nav--primary")
    drawer.get_by_text("Browse", exact=True).first.wait_for()
    v.shot("mobile-drawer")
    # On a phone each nav section is a panel: Browse, then Modalities, then EMG.
    drawer.locator("label.md-nav__link", has_text="Browse").click()
    # The Modalities section's own toggle sits beside its link (navigation.indexes).
    section = drawer.locator(".md-nav__container", has=page.locator('a[href="modalities/"]'))
    section.locator("label.md-nav__link").click()
    drawer.locator('a.md-nav__link[href="modalities/emg/"]').click()
    page.wait_for_url(re.compile(r"/modalities/emg/$"))
    assert page.locator("article h1").inner_text().strip().endswith("Electromyography")


def test_timeline_dots_open_their_paper(visit, catalogue):
    v = visit(viewport={"width": 1280, "height": 900})
    page = v.goto("timeline/")
    dots = page.locator('g[data-direction="tsfm-adaptation"] a')
    assert dots.count() == len(catalogue.index("direction")["tsfm-adaptation"])
    dots.first.click()
    page.wait_for_url(re.compile(r"/papers/[a-z0-9-]+/$"))


def test_tables_sort_by_clicking_a_heading(visit):
    v = visit(viewport={"width": 1280, "height": 900})
    page = v.goto("tsfm/")
    year = page.locator("th button", has_text="Year")
    year.click()
    years = page.locator("table[data-sortable] tbody tr td:nth-child(3)").all_inner_texts()
    assert years == sorted(years)
    heading = page.locator("table[data-sortable] thead th").nth(2)
    assert heading.get_attribute("aria-sort") == "ascending"
    year.press("Enter")
    years = page.locator("table[data-sortable] tbody tr td:nth-child(3)").all_inner_texts()
    assert years == sorted(years, reverse=True)
