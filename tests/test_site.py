"""The real site built from the real data: pages, facets, permalinks and search."""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from biofm.pages import all_pages
from biofm.registry import FACETS, KINDS

from conftest import ROOT, page_url, sorter_mismatches

DOCS = ROOT / "docs"


def words_of(indexed_text: str) -> list[str]:
    """The words of a page's search text, lower case and without punctuation, as Pagefind
    indexes them."""
    return re.findall(r"\w+", indexed_text.lower())


def listing_urls(catalogue) -> set[str]:
    """Every page that lists entries: from the registry, each kind's listing page and each
    facet's index and item pages; then every other generated page that is not an entry
    (timeline, models, corrections...), whatever the page list says about search."""
    from_registry = {page_url(kind.listing_uri) for kind in KINDS}
    for facet in FACETS:
        from_registry.add(page_url(facet.index_uri))
        from_registry |= {facet.url(key) for key in catalogue.items(facet.key)}
    generated = {page_url(s.src_uri) for s in all_pages(catalogue) if not s.is_entry}
    assert from_registry <= generated
    return from_registry | generated


def test_every_entry_has_its_permalink_page(site, catalogue):
    for record in catalogue.records:
        page = site.content(record.url)
        assert page is not None, record.url
        assert page.h1.get_text(strip=True) == record.display_title
        assert page.select_one(f'[data-entry-id="{record.id}"]') is not None


@pytest.mark.parametrize("facet", FACETS, ids=lambda f: f.key)
def test_facet_pages_list_exactly_their_entries(site, catalogue, facet):
    index = catalogue.index(facet.key)
    assert set(index) == set(catalogue.items(facet.key)) and sum(map(len, index.values())) > 40
    for key, records in index.items():
        linked = site.entry_links(facet.url(key))
        assert Counter(linked) == Counter(r.id for r in records), key
        assert len(linked) == len(set(linked)), f"{key}: an entry is listed twice"


@pytest.mark.parametrize("entry_id", ["elm", "d-beta", "ecg-lm", "papagei", "ecgfm-ked"])
def test_merged_papers_show_in_every_facet_with_all_badges(site, catalogue, entry_id):
    record = catalogue.by_id[entry_id]
    for direction in record.entry.directions:
        assert site.entry_links(f"directions/{direction}/").count(entry_id) == 1
    for role in record.entry.llm_roles:
        assert site.entry_links(f"llm-roles/{role}/").count(entry_id) == 1
    page = site.content(record.url)
    badges = {a.get_text(" ", strip=True) for a in page.select("a.atlas-badge")}
    for key in record.entry.modalities:
        assert catalogue.vocab.modalities[key].label in badges
    for key in record.entry.llm_roles:
        assert any(catalogue.vocab.llm_roles[key].label in b for b in badges)


@pytest.mark.parametrize(
    "url, kind",
    [
        ("papers/", "paper"),
        ("datasets/", "dataset"),
        ("toolboxes/", "toolbox"),
        ("tsfm/", "tsfm"),
        ("surveys/", "survey"),
        ("benchmarks/", "benchmark"),
    ],
)
def test_kind_pages_list_every_entry_of_their_kind(site, catalogue, url, kind):
    assert sorted(site.entry_links(url)) == sorted(r.id for r in catalogue.of_kind(kind))


def test_home_shows_live_counts_and_directions(site, catalogue):
    home = site.content("")
    for kind, count in catalogue.counts.items():
        item = home.select_one(f'.atlas-counts li[data-kind="{kind}"] .atlas-counts__n')
        assert item.get_text(strip=True) == str(count)
    text = home.get_text(" ")
    for direction in catalogue.vocab.directions.values():
        assert direction.label in text
    assert len(home.select(".atlas-latest a.atlas-entry__title")) == 8


def test_timeline_places_every_paper_once_per_direction(site, catalogue):
    page = site.content("timeline/")
    for key, records in catalogue.index("direction").items():
        lane = page.select_one(f'g[data-direction="{key}"]')
        hrefs = [a["href"] for a in lane.select("a")]
        assert len(hrefs) == len(records)
        assert sorted(h.strip("/").split("/")[-1] for h in hrefs) == sorted(r.id for r in records)


def test_tsfm_table_has_all_columns(site, catalogue):
    table = site.content("tsfm/").select_one("table[data-sortable]")
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headers[:6] == ["Model", "Venue", "Year", "Dataset scale", "Model size", "Tasks"]
    assert len(table.select("tbody tr")) == catalogue.counts["tsfm"]


def test_search_index_has_each_entry_once_with_badge_text(site, catalogue):
    docs = site.search_docs()
    per_location = Counter(d["location"].split("#")[0] for d in docs)
    for record in catalogue.records:
        assert per_location[record.url] == 1, record.url
    by_location = {d["location"]: d for d in docs}
    for record in catalogue.records:
        words = words_of(by_location[record.url]["text"])
        for key in record.get("modalities"):
            assert catalogue.vocab.modalities[key].label.split()[0].lower() in words, record.id


@pytest.mark.parametrize(
    "term, index_name, key", [("EMG", "modality", "emg"), ("Agent", "role", "agent")]
)
def test_search_term_finds_each_matching_entry_once(site, catalogue, term, index_name, key):
    """Listing pages and the home page's lists are kept out of the index, so a badge finds
    its entry pages, each once, and nothing else."""
    hits = [d["location"] for d in site.search_docs() if term.lower() in words_of(d["text"])]
    expected = {r.url for r in catalogue.index(index_name)[key]}
    assert len(expected) >= 4
    assert Counter(hits) == Counter(expected)


def test_no_listing_page_is_in_the_search_index(site, catalogue):
    listing = listing_urls(catalogue)
    facet_items = sum(len(catalogue.items(facet.key)) for facet in FACETS)
    assert len(listing) >= len(KINDS) + len(FACETS) + facet_items
    assert all(site.path(url).is_file() for url in listing), "a listing page was not built"
    docs = site.search_docs()
    assert sorted({d["location"].split("#")[0] for d in docs} & listing) == []
    home = " ".join(d["text"] for d in docs if d["location"].split("#")[0] == "")
    latest = [a.get_text() for a in site.content("").select(".atlas-latest a.atlas-entry__title")]
    titles = [title for title in latest if len(title) >= 10]  # long enough not to be prose
    assert titles and [title for title in titles if title in home] == []


def test_corrections_page_lists_every_correction(site, catalogue):
    rows = site.content("corrections/").select("tbody tr")
    assert len(rows) == len(catalogue.corrections) > 10


def test_no_request_to_other_hosts(site):
    """No fonts, scripts, styles, images or frames are loaded from another host."""
    loads = (
        ("script", "src"),
        ("link", "href"),
        ("img", "src"),
        ("iframe", "src"),
        ("source", "src"),
    )
    pages = list(site.root.rglob("*.html"))
    checked = 0
    for page in pages:
        soup = site.soup_of(page)
        for tag, attr in loads:
            for element in soup.find_all(tag):
                if tag == "link" and set(element.get("rel", [])) & {"canonical", "alternate"}:
                    continue
                value = element.get(attr) or ""
                assert not value.startswith(("http:", "https:", "//")), (page, value)
                checked += 1
    assert len(pages) > 250 and checked > 3 * len(pages), "suspiciously little was checked"
    for css in site.root.rglob("*.css"):
        assert "fonts.googleapis" not in css.read_text("utf-8")


def test_table_sorter_loads_only_on_pages_with_a_sortable_table(site):
    pages = list(site.root.rglob("index.html"))
    wrong, sortable = sorter_mismatches(site, pages)
    assert wrong == []
    assert 0 < sortable < len(pages) / 10, "sortable tables are on a few listing pages only"


def test_entry_page_edit_link_points_at_its_data_file(site, catalogue):
    record = catalogue.by_id["papagei"]
    edit = site.soup(record.url).select_one('a[rel="edit"]')
    assert edit["href"].endswith("/edit/main/data/papers/papagei.yml")


def test_nav_lists_every_modality_page(site, catalogue):
    nav = site.soup("").select_one("nav.md-nav--primary")
    hrefs = {a["href"].strip("./") for a in nav.select("a[href]")}
    for key in catalogue.vocab.modalities:
        assert f"modalities/{key}" in {h.rstrip("/") for h in hrefs}


def test_seed_prose_is_published(site, catalogue):
    home = site.content("").get_text(" ")
    assert catalogue.site.intro[0][:60] in " ".join(home.split())
    challenges = site.content("challenges/").select("dl.atlas-challenges dt")
    assert [dt.get_text(strip=True) for dt in challenges] == [
        "Standardization",
        "Interpretability",
        "Efficiency",
        "Benchmarking",
        "Security & Safety",
    ]
    bibtex = site.content("citation/").select_one("pre code").get_text()
    assert bibtex.startswith("@article{gu2025bfm,")
    assert "Foundation Models for Biosignals: A Survey" in bibtex


def test_home_legend_has_a_badge_per_modality_with_entries(site, catalogue):
    legend = site.content("").select_one(".atlas-legend")
    index = catalogue.index("modality")
    expected = [m.label for key, m in catalogue.vocab.modalities.items() if index[key]]
    assert [a.get_text(strip=True) for a in legend.select("a.atlas-badge")] == expected
    assert "(0)" not in legend.get_text()


def test_facet_indexes_list_no_value_without_entries(site, catalogue):
    """A vocabulary value nothing has yet (EDA today) is left out of every list of counts."""
    for facet, url in (("modality", "modalities/"), ("role", "llm-roles/"),
                       ("direction", "directions/"), ("venue", "venues/")):  # fmt: skip
        page = site.content(url)
        linked = {a["href"].rstrip("/").split("/")[-1] for a in page.select("a[href]")}
        for key, records in catalogue.index(facet).items():
            assert (key in linked) == bool(records), (url, key)


def test_only_site_files_are_published(site):
    """Templates for LIST.md and new entries stay out of the site."""
    assert not list(site.root.rglob("*.j2"))
    assert not (site.root / "scaffold").exists() and not (site.root / "readme").exists()


@pytest.mark.parametrize("url", ["", "modalities/emg/", "papers/papagei/", "timeline/"])
def test_head_has_canonical_social_meta_and_favicon(site, catalogue, url):
    head = site.soup(url).head
    canonical = head.find("link", rel="canonical")["href"]
    assert canonical == "https://biofm-atlas.github.io/atlas/" + url
    assert head.find("meta", property="og:url")["content"] == canonical
    assert head.find("meta", property="og:title")["content"]
    assert head.find("meta", attrs={"name": "description"})["content"]
    assert head.find("link", rel="icon")["href"].endswith("assets/favicon.svg")


def test_entry_social_meta_carries_title_and_description(site, catalogue):
    record = catalogue.by_id["ecg-lm"]
    head = site.soup(record.url).head
    assert head.find("meta", property="og:title")["content"] == record.entry.title
    assert head.find("meta", property="og:description")["content"] == record.entry.description


def test_sitemap_lists_every_page_once_and_404_page_exists(site, catalogue):
    """Every entry and every other generated or written page is in the sitemap, once."""
    base = "https://biofm-atlas.github.io/atlas/"
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = ET.fromstring((site.root / "sitemap.xml").read_bytes())
    locs = [loc.text.strip() for loc in tree.findall("sm:url/sm:loc", ns)]
    entries = {record.url for record in catalogue.records}
    written = {page_url(p.relative_to(DOCS).as_posix()) for p in DOCS.rglob("*.md")}
    pages = entries | listing_urls(catalogue) | written
    assert len(pages) == len(entries) + len(listing_urls(catalogue)) + len(written) > 250
    assert Counter(locs) == Counter(base + url for url in pages)
    assert (site.root / "404.html").is_file()


def test_entry_pages_share_one_correct_navigation(site, catalogue):
    """Entry pages of one kind reuse one rendered nav; it must be the full nav, and on every
    entry page each of its links must lead where the home page's nav leads (a nav shared
    across folders sent "Venues" on paper pages to ../, their own folder)."""

    def nav(url):
        return str(site.soup(url).select_one(".md-sidebar--primary"))

    def targets(url):
        links = site.soup(url).select(".md-sidebar--primary a.md-nav__link[href]")
        hrefs = [a["href"] for a in links if not a["href"].startswith("#")]  # not its toc
        return [posixpath.normpath(posixpath.join("/", url, h)) for h in hrefs]

    papers = catalogue.of_kind("paper")
    assert nav(papers[0].url) == nav(papers[-1].url)
    links = site.soup(papers[0].url).select(".md-sidebar--primary a.md-nav__link[href]")
    hrefs = {a["href"] for a in links}
    assert {f"../../modalities/{key}/" for key in catalogue.vocab.modalities} <= hrefs
    home = targets("")
    for kind in KINDS:
        for record in catalogue.of_kind(kind.key)[:2]:
            assert targets(record.url) == home, record.url


def test_venue_index_counts_match_the_data(site, catalogue):
    rows = site.content("venues/").select("tbody tr")
    shown = {row["id"]: int(row.select("td")[-1].get_text(strip=True)) for row in rows}
    expected = {key: len(rs) for key, rs in catalogue.index("venue").items() if rs}
    assert shown == expected
    assert sum(shown.values()) == sum(1 for r in catalogue.records if r.entry.venue)


def test_every_venue_shown_links_to_its_venue_page(site, catalogue):
    for url in ["papers/", "tsfm/", "directions/pretraining/"]:
        links = site.content(url).select("a.atlas-venue__link")
        keys = [link["href"].rstrip("/").rsplit("/", 1)[-1] for link in links]
        listed = [catalogue.by_id[entry_id] for entry_id in site.entry_links(url)]
        assert keys == [r.entry.venue for r in listed if r.entry.venue] and len(keys) > 10, url
        for link, key in zip(links, keys, strict=True):
            assert link.get_text(strip=True) == catalogue.vocab.venues[key].name
    for record in catalogue.records:
        selector = f'a.atlas-venue__link[href$="/venues/{record.entry.venue}/"]'
        links = site.content(record.url).select(selector)
        assert bool(links) == bool(record.entry.venue), record.id
