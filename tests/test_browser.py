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

from conftest import SEARCH_LIMIT

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
    "whats-new": "whats-new/",
    "stats": "stats/",
    "papers": "papers/",
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
    # Results render in batches as the list scrolls. "N matching documents" counts sections
    # too, and Material shows a page's matching sections in one item: scroll until the
    # items stop growing (checked over a few rounds: slow when the machine is busy). Material
    # adds a batch each time the list's end comes into view: step back, then to the end.
    shown, still = -1, 0
    while still < 5 and shown < count:
        scroller.evaluate("el => el.scrollTo(0, el.scrollHeight - el.clientHeight - 50)")
        page.wait_for_timeout(50)
        scroller.evaluate("el => el.scrollTo(0, el.scrollHeight)")
        page.wait_for_timeout(150)
        now = items.count()
        still = still + 1 if now == shown else 0
        shown = now
    assert 0 < shown <= count
    return [urlsplit(items.nth(i).get_attribute("href")).path for i in range(shown)]


@pytest.mark.parametrize("term, index, key", [("EMG", "modality", "emg"),
                                             ("Agent", "role", "agent")])  # fmt: skip
def test_search_finds_each_matching_entry_once(visit, catalogue, term, index, key):
    v = visit(viewport={"width": 1280, "height": 900})
    page = v.goto("")
    found = _search(page, term)
    v.shot(f"search-{term.lower()}")
    expected = sorted("/" + r.url for r in catalogue.index(index)[key])
    assert len(expected) <= SEARCH_LIMIT, "more entries than the search lists: test a rarer term"
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


@pytest.mark.parametrize("name", ["home", "modality", "entry", "timeline", "tsfm-table", "stats"])
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


@pytest.mark.parametrize("name", ["home", "modality", "entry"])
def test_page_load_fetches_no_sitemap(visit, name):
    """Material fetches and parses the sitemap.xml beside any link[rel=alternate] on every page
    load (for language versions; the site has none): the feed's link must not look like one."""
    v = visit(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    requested: list[str] = []
    v.page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    page = v.goto(PAGES[name])
    assert page.locator('link[rel~="alternate"][type="application/atom+xml"]').count() == 1
    assert page.evaluate("typeof window.document$.subscribe") == "function"  # Material ran
    assert [path for path in requested if path.endswith("sitemap.xml")] == []


def test_timeline_dots_open_their_paper(visit, catalogue):
    v = visit(viewport={"width": 1280, "height": 900})
    page = v.goto("timeline/")
    dots = page.locator('g[data-direction="tsfm-adaptation"] a')
    assert dots.count() == len(catalogue.index("direction")["tsfm-adaptation"])
    dots.first.locator("text").click()  # the model's name is a link too
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


# Colours of every chart bar and text against the page, and the text's size as drawn.
_CHART_COLOURS = """() => {
  const rgb = (value) => value.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const probe = document.createElement("div");
  probe.style.background = "var(--md-default-bg-color)";
  document.body.append(probe);
  const page = rgb(getComputedStyle(probe).backgroundColor);
  probe.remove();
  const svgs = [...document.querySelectorAll("svg.atlas-chart__svg")];
  return {
    page,
    bars: [...new Set(svgs.flatMap((svg) => [...svg.querySelectorAll("rect")]
      .map((r) => getComputedStyle(r).fill)))].map(rgb),
    text: [...new Set(svgs.flatMap((svg) => [...svg.querySelectorAll("text")]
      .map((t) => getComputedStyle(t).fill)))].map(rgb),
    sizes: svgs.flatMap((svg) => [...svg.querySelectorAll("text")]
      .map((t) => t.getBoundingClientRect().height)),
    scale: svgs.map((svg) => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width),
  };
}"""


def _luminance(rgb: list[float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: list[float], b: list[float]) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_stats_charts_keep_contrast_and_readable_text(visit, scheme):
    """Bars reach 3:1 and text 4.5:1 against the page in either scheme (WCAG 1.4.11 and
    1.4.3), and the SVG is drawn at its own size, so its 12 px labels stay 12 px."""
    v = visit(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    found = v.goto(PAGES["stats"]).evaluate(_CHART_COLOURS)
    assert len(found["bars"]) >= 4, found  # one colour per series of the direction chart
    for colour in found["bars"]:
        assert _contrast(colour, found["page"]) >= 3, (scheme, colour, found["page"])
    for colour in found["text"]:
        assert _contrast(colour, found["page"]) >= 4.5, (scheme, colour, found["page"])
    assert found["scale"] and all(abs(s - 1) < 0.01 for s in found["scale"])
    assert min(found["sizes"]) >= 12


SIZES = {"desktop": {"width": 1400, "height": 1100}, "phone": {"width": 390, "height": 844}}


def _sized(visit, size: str):
    if size == "phone":
        return visit(viewport=SIZES[size], is_mobile=True, has_touch=True)
    return visit(viewport=SIZES[size])


# Each timeline label's text, drawn box and font size, as the browser lays them out.
_TIMELINE_LABELS = """() => [...document.querySelectorAll(".atlas-timeline__name")].map((t) => {
  const box = t.getBoundingClientRect();
  return {text: t.textContent, left: box.left, top: box.top, right: box.right,
          bottom: box.bottom, size: parseFloat(getComputedStyle(t).fontSize),
          drawn: box.height};
})"""


@pytest.mark.parametrize("size", list(SIZES))
def test_timeline_names_models_in_readable_labels_that_never_overlap(visit, catalogue, size):
    from biofm.timeline import build_timeline

    v = _sized(visit, size)
    page = v.goto("timeline/")
    v.shot(f"timeline-{size}")
    labels = page.evaluate(_TIMELINE_LABELS)
    texts = {label["text"] for label in labels}
    expected = {m.label for lane in build_timeline(catalogue).lanes for m in lane.marks if m.label}
    named = {r.entry.name for r in catalogue.of_kind("paper") if r.entry.name and r.first_online}
    assert texts == expected and len(named & texts) >= 0.8 * len(named)
    assert min(label["size"] for label in labels) >= 12
    assert min(label["drawn"] for label in labels) >= 12  # not shrunk by viewBox scaling
    ordered = sorted(labels, key=lambda b: b["left"])
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b["left"] >= a["right"]:
                break
            assert not (b["top"] < a["bottom"] and a["top"] < b["bottom"]), (a, b)
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]


def test_timeline_modality_filter_hides_other_papers(visit, catalogue):
    v = visit(viewport=SIZES["desktop"])
    page = v.goto("timeline/")
    select = page.get_by_label("Show modality")
    expected = {r.id for r in catalogue.index("modality")["emg"] if r.first_online}
    select.select_option("emg")
    shown = page.locator(".atlas-timeline__mark:visible")
    ids = {href.strip("/").split("/")[-1] for href in
           shown.evaluate_all("ms => ms.map((m) => m.getAttribute('href'))")}  # fmt: skip
    assert ids == expected
    select.select_option("")
    assert (
        page.locator(".atlas-timeline__mark:visible").count()
        == page.locator(".atlas-timeline__mark").count()
    )


# Height of each title cell on "All papers" in lines of its own text.
_TITLE_LINES = """() => [...document.querySelectorAll("table[data-sortable] tbody td:first-child")]
  .map((td) => {
    const a = td.querySelector("a");
    const rects = a.getClientRects();
    return new Set([...rects].map((r) => Math.round(r.top))).size;
  })"""


@pytest.mark.parametrize("size", list(SIZES))
def test_listing_tables_use_the_width(visit, catalogue, size):
    """At 1400 px the median title on "All papers" wraps to at most three lines, with no
    empty table of contents beside it; on a phone the table scrolls in its own box."""
    v = _sized(visit, size)
    page = v.goto("papers/")
    v.shot(f"papers-{size}")
    lines = sorted(page.evaluate(_TITLE_LINES))
    assert len(lines) == catalogue.counts["paper"]
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    if size == "desktop":
        assert lines[len(lines) // 2] <= 3, lines
        assert page.locator(".md-sidebar--secondary:visible nav").count() == 0
        wrap = page.locator(".atlas-table-wrap").bounding_box()
        assert SIZES[size]["width"] - (wrap["x"] + wrap["width"]) < 80  # no empty right third


_EMOJI = "[\\u{1F000}-\\u{1FAFF}\\u{2600}-\\u{27BF}\\u{2B00}-\\u{2BFF}\\u{FE0F}]"
_BADGES = """(pattern) => [...document.querySelectorAll(".atlas-badge")].map((b) => ({
  text: b.textContent, emoji: new RegExp(pattern, "u").test(b.textContent),
  icons: [...b.querySelectorAll("svg")].map((s) => s.getBoundingClientRect().width),
  role: b.classList.contains("atlas-badge--role")}))"""


@pytest.mark.parametrize("size", list(SIZES))
def test_badges_show_theme_icons_and_no_emoji(visit, catalogue, size):
    v = _sized(visit, size)
    badges = v.goto("papers/").evaluate(_BADGES, _EMOJI)
    roles = [b for b in badges if b["role"]]
    assert len(roles) == sum(len(r.keys("role")) for r in catalogue.of_kind("paper"))
    assert [b for b in badges if b["emoji"]] == []
    assert all(len(b["icons"]) == 1 and b["icons"][0] >= 8 for b in roles), roles
