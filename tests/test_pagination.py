"""Pagination of listing pages (issue 13): the real data built with a small page size.

One build of the real site with ``listing_page_size`` 20 (set through the plugin's config
by ``ATLAS_LISTING_PAGE_SIZE``, as mkdocs.yml reads it): every listing longer than 20
records is cut into pages; each page's entries, counts, titles, nav, pagination markup and
``<link rel>`` are checked against the data, and every entry page must be reachable from
the home page by plain links (no JavaScript). The default page size on the real data is
checked on the session site.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

import pytest
from test_links_internal import LinkChecker, site_url_of

from biofm import additions, pagination
from biofm.pages import all_pages
from biofm.pagination import Group, paginate
from biofm.registry import FACETS, KINDS
from biofm.timeline import build_timeline

from conftest import Site, build_site, page_url, sorter_mismatches

SIZE = 20


# ---------------------------------------------------------------------------------- units
def test_paginate_cuts_groups_and_says_where_they_continue():
    groups = [Group("a", "A", list(range(5))), Group("b", "B", list(range(5, 12)))]
    pagers = paginate(groups, 4, "things.md")
    assert [p.url for p in pagers] == ["things/", "things/page/2/", "things/page/3/"]
    assert [p.records for p in pagers] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]
    assert [(p.start, p.end, p.total) for p in pagers] == [(1, 4, 12), (5, 8, 12), (9, 12, 12)]
    middle = pagers[1].parts
    assert [(x.group.key, x.starts, x.ends) for x in middle] == [
        ("a", False, True),
        ("b", True, False),
    ]
    assert [(x.starts, x.ends) for x in pagers[2].parts] == [(False, True)]
    assert (pagers[0].prev_url, pagers[0].next_url) == (None, "things/page/2/")
    assert (pagers[2].prev_url, pagers[2].next_url) == ("things/page/2/", None)


def test_paginate_keeps_a_short_or_empty_listing_on_one_page():
    (only,) = paginate([Group("", None, [1, 2])], 2, "x/index.md")
    assert (only.count, only.url, only.records) == (1, "x/", [1, 2])
    (empty,) = paginate([], 5, "y.md")
    assert (empty.count, empty.records, empty.total) == (1, [], 0)
    with pytest.raises(ValueError, match="at least 1"):
        paginate([], 0, "y.md")


@pytest.mark.parametrize(
    ("number", "count", "window"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (1, 9, [1, 2, 3, None, 9]),
        (5, 9, [1, 2, 3, 4, 5, 6, 7, 8, 9]),
        (6, 12, [1, None, 4, 5, 6, 7, 8, None, 12]),
        (12, 12, [1, None, 10, 11, 12]),
    ],
)
def test_the_nav_shows_first_last_and_neighbouring_page_numbers(number, count, window):
    pager = paginate([Group("", None, list(range(count)))], 1, "z.md")[number - 1]
    assert pager.window() == window


# --------------------------------------------------------------- the real data, 20 a page
@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Site:
    out = tmp_path_factory.mktemp("paginated")
    result = build_site(out, ATLAS_LISTING_PAGE_SIZE=str(SIZE))
    assert result.returncode == 0, result.stderr
    return Site(out, result.stderr)


def listings(catalogue) -> dict[str, list[str]]:
    """Every listing that grows with the catalogue, as {URL of page 1: entry ids in the
    order it lists them}, computed from the data (not from the page plan)."""
    out = {page_url(k.listing_uri): [r.id for r in _kind_order(catalogue, k)] for k in KINDS}
    for facet in FACETS:
        index = catalogue.index(facet.key)
        for key in catalogue.items(facet.key):
            out[facet.url(key)] = _facet_order(catalogue, facet, index[key])
    out["whats-new/"] = [r.id for r in additions.newest_first(catalogue)]
    out["models/"] = [r.id for r in catalogue.models]
    timeline = build_timeline(catalogue)
    out["timeline/"] = [r.id for _, records in timeline.by_year for r in records]
    return out


def _kind_order(catalogue, kind):
    records = catalogue.of_kind(kind.key)
    if kind.key in ("dataset", "toolbox"):  # these two tables are by title
        return sorted(records, key=lambda r: r.entry.title.lower())
    return records


def _facet_order(catalogue, facet, records) -> list[str]:
    if facet.key not in ("modality", "venue"):
        return [r.id for r in records]
    ids = []
    for kind in KINDS:
        of_kind = [r for r in records if r.kind == kind.key]
        if kind.key == "paper":
            for dkey in catalogue.vocab.directions:
                ids += [r.id for r in of_kind if r.entry.directions[0] == dkey]
        else:
            ids += [r.id for r in of_kind]
    return ids


def pages_of(site: Site, first: str) -> list[str]:
    """The URLs of a listing's pages, found by following the "Next" link of its pagination."""
    urls, url = [first], first
    while True:
        link = site.content(url).select_one('nav.atlas-pagination a[rel="next"]')
        if link is None:
            return urls
        url = _resolve(url, link["href"])
        assert url not in urls, f"{url}: rel=next loops"
        urls.append(url)


def _resolve(page: str, href: str) -> str:
    from posixpath import normpath

    return normpath(f"/{page}{href}").strip("/") + "/"


def test_long_listings_are_cut_into_pages_of_the_size_at_their_urls(small, catalogue):
    cut = 0
    for url, ids in listings(catalogue).items():
        expected = max(1, math.ceil(len(ids) / SIZE))
        found = pages_of(small, url)
        assert found == [url, *(f"{url}page/{k}/" for k in range(2, expected + 1))], url
        assert not small.path(f"{url}page/{expected + 1}/").exists()
        cut += expected > 1
    assert cut >= 5, "the real data should give several listings longer than 20 entries"


def test_table_sorter_loads_on_every_page_of_a_sortable_listing(small):
    later = list(small.root.glob("**/page/*/index.html"))
    wrong, sortable = sorter_mismatches(small, later)
    assert wrong == []
    assert sortable > 0, "pages 2.. of the kind listings have sortable tables"


def test_every_entry_is_on_exactly_one_page_of_each_listing_in_order(small, catalogue):
    for url, ids in listings(catalogue).items():
        pages = pages_of(small, url)
        listed = [i for page in pages for i in small.entry_links(page)]
        assert Counter(listed) == Counter(ids), url
        assert listed == ids, f"{url}: entries out of order across pages"
        assert all(len(small.entry_links(p)) <= SIZE for p in pages), url


def test_only_page_one_is_in_the_nav(small, catalogue):
    nav = small.soup("").select_one("nav.md-nav--primary")
    hrefs = [a["href"] for a in nav.select("a[href]")]
    assert not [h for h in hrefs if "/page/" in h]
    assert "papers/" in hrefs and "whats-new/" in hrefs
    # pages 2..n carry the same nav, and none of it names a page 2
    later = small.soup("papers/page/2/").select_one("nav.md-nav--primary")
    assert not [a for a in later.select("a[href]") if "/page/" in a["href"]]
    assert "All papers" in {a.get_text(" ", strip=True) for a in later.select("a")}


def _pagination_navs(site: Site, url: str):
    return site.content(url).select("nav.atlas-pagination")


def test_pagination_nav_markup_aria_titles_and_rel_links(small, catalogue):
    for url in listings(catalogue):
        pages = pages_of(small, url)
        count = len(pages)
        for number, page in enumerate(pages, 1):
            soup, navs = small.soup(page), _pagination_navs(small, page)
            title = soup.title.get_text()
            h1 = small.content(page).h1.get_text(" ", strip=True)
            head_rel = soup.select('head link[rel="prev"], head link[rel="next"]')
            if count == 1:
                assert navs == [] and "(page" not in title and "(page" not in h1, page
                continue
            assert f"(page {number} of {count})" in title, page
            assert h1.endswith(f"(page {number} of {count})"), page
            labels = [nav["aria-label"] for nav in navs]
            assert len(navs) == 2 and len(set(labels)) == 2, f"{page}: {labels}"
            for nav in navs:
                current = nav.select('[aria-current="page"]')
                assert [c.get_text(strip=True) for c in current] == [str(number)], page
                assert _resolve(page, current[0]["href"]) == page
                assert f"Page {number} of {count}" in nav.get_text(" ", strip=True)
                targets = {_resolve(page, a["href"]) for a in nav.select("a[href]")}
                assert targets <= set(pages), page
                assert pages[0] in targets or number == 1
                assert pages[-1] in targets or number == count
            # page 1's <link rel> are the theme's (its neighbours in the nav); pages 2..n,
            # outside the nav, name the listing's pages
            rels = Counter(link["rel"][0] for link in head_rel)
            assert max(rels.values(), default=0) <= 1, f"{page}: {rels}"
            if number > 1:
                rel = {link["rel"][0]: _resolve(page, link["href"]) for link in head_rel}
                assert rel.get("prev") == pages[number - 2], page
                assert rel.get("next") == (pages[number] if number < count else None), page
                assert all(small.path(u).is_file() for u in rel.values())


def _nav_targets(site: Site, url: str) -> list[str]:
    nav = site.soup(url).select_one("nav.md-nav--primary")
    links = [a["href"] for a in nav.select("a.md-nav__link[href]")]
    return [_resolve(url, h) for h in links if not h.startswith("#")]  # not the page's toc


def test_pages_outside_the_nav_share_a_nav_whose_links_go_where_the_home_nav_goes(small):
    """Pages outside the nav reuse one rendered nav per folder: its relative links must
    lead every such page to the same pages as the home page's nav does."""
    home = _nav_targets(small, "")
    later = [
        p.parent.relative_to(small.root).as_posix() + "/"
        for p in small.root.rglob("page/*/index.html")
    ]
    entries = [
        f"{folder}/{p.name}/"
        for folder in ("papers", "datasets", "venues")
        for p in sorted((small.root / folder).iterdir())[:3]
        if p.name != "page"
    ]
    for url in [*later, *entries]:
        assert _nav_targets(small, url) == home, url


def _active_leaves(site: Site, url: str) -> list[str]:
    """Where the nav's active links lead (a leaf of the nav: its link is the item's child)."""
    nav = site.soup(url).select_one("nav.md-nav--primary")
    items = nav.select("li.md-nav__item--active")
    links = [li.find("a", class_="md-nav__link", recursive=False) for li in items]
    return [_resolve(url, a["href"]) for a in links if a is not None]


def test_pages_outside_the_nav_show_the_nav_page_that_stands_for_them_as_active(small):
    """Page k of a listing marks the listing (a venue's listing, itself outside the nav: the
    venues' index), an entry page its kind's listing, a venue's page the venues' index. All
    of a folder share one rendered nav, so all must agree."""
    off_nav = tuple(f"{f.prefix}/" for f in FACETS if not f.nav_children)
    assert off_nav

    def standing_for(url: str) -> str:
        listing = url.split("page/")[0]
        return next((p for p in off_nav if listing.startswith(p) and listing != p), listing)

    later = [
        p.parent.relative_to(small.root).as_posix() + "/"
        for p in small.root.rglob("page/*/index.html")
    ]
    assert later
    for url in later:
        assert _active_leaves(small, url) == [standing_for(url)], url
    for folder in ("papers", "datasets", *(p.strip("/") for p in off_nav)):
        for p in sorted((small.root / folder).iterdir())[:3]:
            if p.name != "page":
                assert _active_leaves(small, f"{folder}/{p.name}/") == [f"{folder}/"], p


def test_counts_tell_the_whole_listing_on_every_page(small, catalogue):
    for facet in FACETS:
        index = catalogue.index(facet.key)
        for key in catalogue.items(facet.key):
            for page in pages_of(small, facet.url(key)):
                count = small.content(page).select_one(".atlas-count")
                assert int(count["data-count"]) == len(index[key]), page
    papers = catalogue.of_kind("paper")
    for page in pages_of(small, "papers/"):
        lead = small.content(page).select_one(".atlas-lead").get_text(" ", strip=True)
        assert lead.startswith(f"{len(papers):,} papers"), page


def test_a_group_cut_by_a_page_break_says_it_continues(small, catalogue):
    months = {m.key: m for m in additions.by_month(catalogue)}
    pages = pages_of(small, "whats-new/")
    seen_continued = 0
    for number, page in enumerate(pages, 1):
        body = small.content(page)
        for h2 in body.select("h2[id^=added-]"):
            month = months[h2["id"].removeprefix("added-")]
            text = h2.get_text(" ", strip=True)
            assert f"({len(month.records):,})" in text, f"{page}: {text}"
            ids_here = {a for a in small.entry_links(page)} & {r.id for r in month.records}
            began_before = month.records[0].id not in ids_here
            assert ("continued" in text) == began_before, f"{page}: {text}"
            seen_continued += began_before
        last = body.select("h2[id^=added-]")[-1]
        month = months[last["id"].removeprefix("added-")]
        goes_on = month.records[-1].id not in small.entry_links(page)
        note = body.select_one(".atlas-continues")
        assert (note is not None) == goes_on, page
        if goes_on:
            assert _resolve(page, note.a["href"]) == pages[number]
    assert seen_continued, "no month of the real data spans two pages of 20"


def test_every_entry_and_listing_page_is_reachable_by_links_alone(small, catalogue):
    """From the home page, following plain <a href> links (no script runs), every entry
    page and every page of every listing is reached."""
    checker = LinkChecker(small.root, site_url_of(), soup_of=small.soup_of)
    start = (small.root / "index.html").resolve()
    seen, todo = {start}, [start]
    while todo:
        file = todo.pop()
        for href in checker.links_of(file):
            if checker.problem(file, href):
                continue
            target = checker.target_file(_join(checker, file, href))
            if target is None or target.suffix != ".html":
                continue
            target = target.resolve()
            if target not in seen:
                seen.add(target)
                todo.append(target)
    reached = {p.relative_to(small.root.resolve()).as_posix() for p in seen}
    entries = {f"{r.url}index.html" for r in catalogue.records}
    assert entries - reached == set()
    listing_pages = {f"{u}index.html" for url in listings(catalogue) for u in pages_of(small, url)}
    assert listing_pages - reached == set()
    assert len(listing_pages) > len(listings(catalogue))


def _join(checker: LinkChecker, file: Path, href: str) -> str:
    from urllib.parse import urldefrag, urljoin

    return urldefrag(urljoin(checker.page_url(file), href)).url


def test_every_internal_link_of_the_paginated_site_resolves(small):
    broken = LinkChecker(small.root, site_url_of(), soup_of=small.soup_of).broken_links()
    assert broken == []


def test_page_plan_matches_the_build(small, catalogue):
    planned = {page_url(s.src_uri) for s in all_pages(catalogue, SIZE) if "/page/" in s.src_uri}
    built = {
        p.parent.relative_to(small.root).as_posix() + "/"
        for p in small.root.rglob("page/*/index.html")
    }
    assert planned == built and planned


def test_explorer_without_javascript_lists_one_page_and_links_every_listing(small, catalogue):
    """The Explorer's no-script table stays one page long; its note links every kind's
    listing (which holds every entry, see above) and What's new."""
    from bs4 import BeautifulSoup

    noscript = small.content("explorer/").select_one(".atlas-ex__results noscript")
    inner = BeautifulSoup(noscript.decode_contents(), "html.parser")
    rows = [
        a["href"].rstrip("/").split("/")[-1] for a in inner.select("tbody a.atlas-entry__title")
    ]
    assert rows == [r.id for r in catalogue.chronological[:SIZE]]
    note = inner.select_one(".atlas-ex__noscript")
    assert f"{SIZE} newest of {len(catalogue.records)} entries" in note.get_text(" ")
    linked = {_resolve("explorer/", a["href"]) for a in note.select("a")}
    assert linked == {page_url(k.listing_uri) for k in KINDS} | {"whats-new/"}


# ------------------------------------------------------------- the default page size
def test_default_size_paginates_only_listings_longer_than_it(site, catalogue):
    size = pagination.DEFAULT_PAGE_SIZE
    yml = (Path(__file__).parent.parent / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(rf"listing_page_size: !ENV \[ATLAS_LISTING_PAGE_SIZE, {size}\]", yml)
    for url, ids in listings(catalogue).items():
        expected = max(1, math.ceil(len(ids) / size))
        assert len(pages_of(site, url)) == expected, url
        assert site.path(f"{url}page/2/").exists() == (expected > 1), url
        if expected == 1:
            assert _pagination_navs(site, url) == [], url


# ---------------------------------------------------------------------- hostile strings
HOSTILE = "<script>alert(1)</script> {{ 7*7 }} \" ' &amp;"


def test_pagination_and_group_headings_escape_data(catalogue):
    """A title and a heading from data (a facet item's name, a group label) come out as
    text in the pagination nav, the headings and the continuation note."""
    from bs4 import BeautifulSoup

    from biofm.render import Renderer

    from conftest import ROOT

    env = Renderer(ROOT / "overrides" / "atlas", catalogue).env
    macros = env.get_template("_macros.html").module
    pager = paginate([Group("g", HOSTILE, list(range(5)))], 2, "x.md")[1]
    html = str(macros.pagination(pager, "../../", HOSTILE, "bottom"))
    part = pager.parts[0]
    html += str(macros.group_heading(part)) + str(macros.group_continues(part, pager, ""))
    assert "<script>" not in html and "49" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.nav["aria-label"] == f"Pages of {HOSTILE}, end of list"
    assert soup.h2.get_text(" ", strip=True).startswith(f"{HOSTILE} (5)")
    assert "continued" in soup.h2.get_text()
    assert soup.select_one(".atlas-continues").get_text(" ", strip=True).startswith(HOSTILE)


def test_paginated_pages_are_valid_html(small, tmp_path):
    """The Nu checker (as in test_html_valid.py) on page 1 and a later page of a table,
    a grouped listing, a facet page and the timeline."""
    import shutil

    from test_html_valid import require_java, run_validator, stock_pattern, where

    require_java()
    urls = ["papers/", "papers/page/2/", "whats-new/page/2/", "modalities/ecg/page/2/",
            "timeline/", "timeline/page/2/"]  # fmt: skip
    for url in urls:
        target = tmp_path / url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(small.path(url), target)
    messages = [m for m in run_validator(tmp_path) if not stock_pattern(m)]
    assert [f"{where(m, tmp_path)}: {m.get('message')}" for m in messages] == []


# ------------------------------------------------------------------------- in a browser
@pytest.fixture(scope="module")
def small_url(small):
    from conftest import serving

    with serving(small.root) as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("url", ["papers/page/2/", "whats-new/page/2/", "modalities/ecg/"])
def test_paginated_pages_pass_axe_and_their_nav_works_by_keyboard(browser, small_url, url, scheme):
    from axe_playwright_python.sync_playwright import Axe

    from conftest import Visit

    v = Visit(browser, small_url, color_scheme=scheme, viewport={"width": 1280, "height": 900})
    try:
        page = v.goto(url)
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
        navs = page.get_by_role("navigation", name=re.compile(r"^Pages of "))
        assert navs.count() == 2
        current = navs.first.locator('[aria-current="page"]')
        number = int(current.inner_text())
        nxt = navs.first.get_by_role("link", name="Next page")
        nxt.focus()
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(rf"/page/{number + 1}/$"))
        assert page.locator('nav.atlas-pagination [aria-current="page"]').first.inner_text() == (
            str(number + 1)
        )
        assert f"(page {number + 1} of " in page.title()
        if scheme == "light":
            v.shot(f"paginated-{url.strip('/').replace('/', '-')}")
    finally:
        v.close()


@pytest.mark.browser
def test_timeline_counts_follow_the_modality_filter(browser, catalogue, tmp_path):
    """A crowded timeline (rendered from synthetic papers, half ECG, half EEG) in the browser:
    choosing a modality sets each "+N" to the papers of that modality, and hides a zero."""
    import dataclasses
    import shutil

    from test_timeline import _timeline_pages, synthetic

    from biofm.catalogue import Catalogue

    from conftest import ROOT

    papers = [(f"{2020 + i % 4}-{1 + i % 12:02d}", None, "pretraining") for i in range(1500)]
    base = synthetic(catalogue, papers)
    records = [
        dataclasses.replace(
            r, entry=r.entry.model_copy(update={"modalities": ("eeg",) if i % 3 else ("ecg",)})
        )
        for i, r in enumerate(base.records)
    ]
    cat = Catalogue(vocab=base.vocab, site=base.site, records=records)
    body = _timeline_pages(cat, 100)["timeline/"]
    (tmp_path / "timeline").mkdir()
    shutil.copyfile(ROOT / "docs" / "javascripts" / "timeline.js", tmp_path / "timeline.js")
    shutil.copyfile(ROOT / "docs" / "stylesheets" / "atlas.css", tmp_path / "atlas.css")
    (tmp_path / "timeline" / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title>'
        '<link rel="stylesheet" href="../atlas.css"><script src="../timeline.js" defer></script>'
        f"</head><body>{body}</body></html>",
        encoding="utf-8",
    )
    from conftest import Visit, serving

    with serving(tmp_path) as url:
        v = Visit(browser, url, viewport={"width": 1280, "height": 900})
        try:
            page = v.goto("timeline/")
            more = page.locator(".atlas-timeline__more")
            assert more.count() > 0
            totals = more.evaluate_all("ms => ms.map((m) => m.getAttribute('data-count'))")
            pairs = more.evaluate_all("ms => ms.map((m) => m.getAttribute('data-modalities'))")
            page.get_by_label("Show modality").select_option("ecg")
            texts = more.evaluate_all("ms => ms.map((m) => m.querySelector('text').textContent)")
            wanted = [dict(p.split(":") for p in pair.split()).get("ecg", "0") for pair in pairs]
            assert texts == [f"+{n}" for n in wanted]
            assert any(n != t for n, t in zip(wanted, totals, strict=True))
            labels = more.evaluate_all("ms => ms.map((m) => m.getAttribute('aria-label'))")
            assert [label.split()[0] for label in labels] == wanted
            page.get_by_label("Show modality").select_option("")
            texts = more.evaluate_all("ms => ms.map((m) => m.querySelector('text').textContent)")
            assert texts == [f"+{n}" for n in totals]
        finally:
            v.close()


# ----------------------------------------------------------- a synthetic catalogue
SYNTHETIC = 2_000
# Bytes of a page's body: half the 2 MB (the theme's frame and nav add about 60 KB;
# the largest, the timeline's figure, grows only slowly: 0.7 MB at 2,000, 0.8 at 10,000).
BODY_LIMIT = 1_000_000


def test_no_generated_page_grows_with_the_catalogue(tmp_path, catalogue):
    """2,000 entries (benchmarks/scale/synthetic.py) at the default page size: every
    generated page but the entry pages, rendered as the build renders it, stays under
    BODY_LIMIT (unpaginated, All papers alone was 1.8 MB at 2,000 and 9.3 MB at 10,000)."""
    import sys

    from biofm.loader import load_catalogue
    from biofm.pagination import url_of
    from biofm.render import Renderer

    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "benchmarks" / "scale"))
    import synthetic

    data = synthetic.make_data(tmp_path, SYNTHETIC - len(catalogue.records))
    cat = load_catalogue(data)
    assert len(cat.records) == SYNTHETIC
    renderer = Renderer(ROOT / "overrides" / "atlas", cat)
    sizes = {}
    for spec in all_pages(cat, pagination.DEFAULT_PAGE_SIZE):
        if not spec.is_entry:
            url = url_of(spec.src_uri)
            html = renderer.render(spec.template, url, **spec.context)
            sizes[url] = len(html.encode())
    largest = max(sizes, key=sizes.get)
    assert sizes[largest] < BODY_LIMIT, f"{largest}: {sizes[largest]:,} bytes"
    assert len([u for u in sizes if "/page/" in u]) > 20  # the listings were cut


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_a_page_size_that_is_not_a_positive_number_fails_the_build_clearly(tmp_path, value):
    result = build_site(tmp_path / "site", ATLAS_LISTING_PAGE_SIZE=value)
    assert result.returncode != 0
    assert "listing_page_size" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "papers").exists()
