"""The Explorer page and the site search in Debian's Chromium (browser fixtures: conftest.py).

Counts come from the catalogue; the page is the real built site served on 127.0.0.1.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from test_browser import _search
from test_explorer import SITE_URL, _synthetic

from biofm.explorer import to_explorer_json
from biofm.registry import FACET
from biofm.schema import today_utc

from conftest import DATA, Visit, build_site, serving

pytestmark = pytest.mark.browser

STATUS = "#atlas-ex-status"
RESULTS = ".atlas-ex__list a.atlas-ex__title"


def _open(visit, query: str = "", **options):
    options.setdefault("viewport", {"width": 1280, "height": 900})
    v = visit(**options)
    page = v.goto("explorer/" + query)
    page.locator(".atlas-ex--live").wait_for()
    return v, page


def _checkbox(page, facet: str, label: str):
    """The checkbox of a facet item, found by its accessible name (the badge text first)."""
    group = page.get_by_role("group", name=FACET[facet].title if facet != "kind" else "Kind")
    return group.get_by_role("checkbox", name=re.compile("^" + re.escape(label) + r"\b"))


def _label(facet: str, key: str, catalogue) -> str:
    return FACET[facet].label(catalogue.items(facet)[key])


def _status(page) -> str:
    return page.locator(STATUS).inner_text().strip()


def _shown_ids(page) -> list[str]:
    """Ids of every result, pressing "Show more" until all are listed."""
    more = page.locator(".atlas-ex__more")
    for _ in range(1000):
        if not more.is_visible():
            break
        more.click()
    else:
        pytest.fail('"Show more" never goes away')
    return [h.rstrip("/").rsplit("/", 1)[1] for h in page.locator(RESULTS).evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")]  # fmt: skip


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _words(r) -> str:
    """Name, aliases, title and authors of a record, lowercased (what the filter reads)."""
    return " ".join(
        [r.entry.name or "", *r.get("aliases", ()), r.entry.title, *r.entry.authors]
    ).lower()


def test_checking_emg_shows_exactly_the_emg_entries(visit, catalogue):
    v, page = _open(visit)
    total = len(catalogue.records)
    assert _status(page) == f"{total} of {total} entries"
    _checkbox(page, "modality", _label("modality", "emg", catalogue)).check()
    emg = {r.id for r in catalogue.index("modality")["emg"]}
    assert _status(page) == f"{len(emg)} of {total} entries"
    assert sorted(_shown_ids(page)) == sorted(emg)
    assert _query(page) == {"modality": ["emg"]}
    v.shot("explorer-emg")


def test_adding_a_direction_shows_the_intersection_and_counts_follow(visit, catalogue):
    _v, page = _open(visit)
    _checkbox(page, "modality", "EMG").check()
    label = _label("direction", "pretraining", catalogue)
    box = _checkbox(page, "direction", label)
    emg = set(catalogue.index("modality")["emg"])
    both = {r.id for r in catalogue.index("direction")["pretraining"] if r in emg}
    # Before it is checked, the direction's count already tells what checking it gives.
    assert box.locator("xpath=..").locator(".atlas-ex__n").inner_text() == str(len(both))
    box.check()
    assert _status(page) == f"{len(both)} of {len(catalogue.records)} entries"
    assert sorted(_shown_ids(page)) == sorted(both)
    # A modality no EMG pretraining entry has stays listed, marked, with a zero count.
    empty = [
        k for k, rs in catalogue.index("modality").items() if not any(r.id in both for r in rs)
    ]
    assert empty, "every modality has an EMG pretraining entry"
    option = _checkbox(page, "modality", _label("modality", empty[0], catalogue))
    assert option.is_visible()
    assert "is-empty" in option.locator("xpath=..").get_attribute("class")
    assert option.locator("xpath=..").locator(".atlas-ex__n").inner_text() == "0"


def test_match_all_modalities(visit, catalogue):
    _v, page = _open(visit, "?modality=ecg,ppg")
    ecg, ppg = (set(catalogue.index("modality")[k]) for k in ("ecg", "ppg"))
    total = len(catalogue.records)
    assert _status(page) == f"{len(ecg | ppg)} of {total} entries"
    page.get_by_label("Entries with").first.select_option("all")
    assert _status(page) == f"{len(ecg & ppg)} of {total} entries"
    assert _query(page)["modality-match"] == ["all"]


def test_url_restores_the_view_after_a_reload_and_history_works(visit, catalogue):
    _v, page = _open(visit)
    total = len(catalogue.records)
    emg = set(catalogue.index("modality")["emg"])
    llm = {r for r in catalogue.index("direction")["llm"] if r in emg}
    _checkbox(page, "modality", "EMG").check()
    _checkbox(page, "direction", _label("direction", "llm", catalogue)).check()
    page.get_by_label("Sort by").select_option("title")
    view = page.url
    page.reload(wait_until="networkidle")
    page.locator(".atlas-ex--live").wait_for()
    assert page.url == view
    assert _status(page) == f"{len(llm)} of {total} entries"
    assert _checkbox(page, "modality", "EMG").is_checked()
    assert page.get_by_label("Sort by").input_value() == "title"
    shown = page.locator(RESULTS).all_inner_texts()
    assert shown == sorted(shown, key=str.casefold)
    page.go_back()  # before the sort
    page.go_back()  # before the direction
    assert _status(page) == f"{len(emg)} of {total} entries"
    assert not _checkbox(page, "direction", _label("direction", "llm", catalogue)).is_checked()
    page.go_back()  # nothing chosen
    assert _status(page) == f"{total} of {total} entries"
    page.go_forward()
    assert _status(page) == f"{len(emg)} of {total} entries"
    assert _checkbox(page, "modality", "EMG").is_checked()


def test_typing_a_model_name_narrows_to_it(visit, catalogue):
    v, page = _open(visit)
    page.get_by_role("searchbox", name=re.compile("^Name, title")).press_sequentially("PaPaGei")
    matching = [r for r in catalogue.records if "papagei" in _words(r)]
    assert _status(page) == f"{len(matching)} of {len(catalogue.records)} entries"
    assert "papagei" in _shown_ids(page)
    assert _query(page) == {"text": ["PaPaGei"]}
    v.shot("explorer-papagei")


def test_several_words_must_all_match_in_the_filter(visit, catalogue):
    _v, page = _open(visit, "?text=" + "foundation%20ecg")
    ids = _shown_ids(page)
    assert ids
    for entry_id in ids:
        r = catalogue.by_id[entry_id]
        text = " ".join(
            [r.entry.title, r.entry.name or "", *r.entry.authors, *r.get("aliases", ())]
        )
        venue = catalogue.vocab.venues[r.entry.venue] if r.entry.venue else None
        text += f" {venue.name} {venue.name}" if venue else ""
        assert "foundation" in text.lower() and "ecg" in text.lower(), entry_id


def test_keyboard_alone_filters_and_opens_an_entry(visit, catalogue):
    _v, page = _open(visit)
    page.locator("body").focus()
    for _ in range(400):  # Tab through the page to the EMG checkbox
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name === 'modality' && "
                         "document.activeElement.value === 'emg'"):  # fmt: skip
            break
    else:
        pytest.fail("Tab never reached the EMG checkbox")
    page.keyboard.press("Space")
    emg = catalogue.index("modality")["emg"]
    assert _status(page) == f"{len(emg)} of {len(catalogue.records)} entries"
    for _ in range(400):  # on to the first result
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.atlas-ex__title')"):
            break
    else:
        pytest.fail("Tab never reached a result")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(href.lstrip("./")) + "$"))


def test_without_javascript_every_entry_is_listed(visit, catalogue):
    v = visit(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = v.goto("explorer/")
    links = page.locator("table a.atlas-entry__title")
    assert links.count() == len(catalogue.records)
    assert not page.locator(".atlas-ex__side").is_visible()
    total = len(catalogue.records)
    assert _status(page) == f"{total} of {total} entries"
    v.shot("explorer-no-js")


def test_phone_filters_without_horizontal_scroll(visit, catalogue):
    v, page = _open(visit, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    # A phone shows the status and the results first; the facets open on demand.
    assert page.locator(STATUS).is_visible()
    assert not _checkbox(page, "modality", "EMG").is_visible()
    page.get_by_text("Filters", exact=True).tap()
    _checkbox(page, "modality", "EMG").tap()
    emg = catalogue.index("modality")["emg"]
    assert _status(page) == f"{len(emg)} of {len(catalogue.records)} entries"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    v.shot("mobile-explorer")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_filtered_view_passes_axe(visit, scheme):
    """With zero-count options marked and a "show more" button (the full view is in PAGES)."""
    v, page = _open(visit, "?modality=emg&direction=llm", color_scheme=scheme)
    v.shot(f"explorer-filtered-{scheme}")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def _download(page, fmt: str) -> str:
    with page.expect_download() as info:
        page.locator(f'button[data-export="{fmt}"]').click()
    return open(info.value.path(), encoding="utf-8").read()


def _bib_records(site) -> dict[str, str]:
    """catalogue.bib's records by BibTeX key."""
    text = (site.root / "catalogue.bib").read_text("utf-8")
    return {re.match(r"@\w+\{([^,]+),", r).group(1): r for r in text.strip().split("\n\n")}


def test_exports_hold_the_selection(visit, catalogue, site):
    """BibTeX: the selected entries' records of catalogue.bib, in the order shown; CSV and
    JSON: the selected entries with the BibTeX keys and arXiv ids the catalogue gives."""
    _v, page = _open(visit, "?modality=emg&sort=title")
    emg = {r.id for r in catalogue.index("modality")["emg"]}
    shown = _shown_ids(page)
    assert sorted(shown) == sorted(emg)
    records = _bib_records(site)
    bib = _download(page, "bib")
    assert bib.strip().split("\n\n") == [records[catalogue.cite_keys[i]] for i in shown]
    rows = list(csv.DictReader(io.StringIO(_download(page, "csv"))))
    assert [row["id"] for row in rows] == shown
    assert all("EMG" in row["modalities"].split(";") for row in rows)
    for row in rows:
        r = catalogue.by_id[row["id"]]
        assert row["cite_key"] == catalogue.cite_keys[r.id]
        assert (row["arxiv_id"], row["paper"]) == (r.arxiv_id or "", r.entry.links.paper or "")
        assert row["first_online"] == (r.first_online or "")
    entries = json.loads(_download(page, "json"))["entries"]
    assert [e["id"] for e in entries] == shown
    assert all("emg" in e["modalities"] for e in entries)
    for e in entries:
        r = catalogue.by_id[e["id"]]
        assert (e["cite_key"], e["arxiv_id"]) == (catalogue.cite_keys[r.id], r.arxiv_id)
        assert e["links"]["paper"] == r.entry.links.paper
    assert any(e["arxiv_id"] for e in entries) and any(not e["arxiv_id"] for e in entries)


def test_download_refuses_a_catalogue_bib_of_other_entries(visit, site):
    """The downloads take keys and records from catalogue.bib by row: a file of other
    entries (here one record short, as a stale copy) gives a message, not a wrong file."""
    v, page = _open(visit, "?modality=emg")
    short = (site.root / "catalogue.bib").read_text("utf-8").split("\n\n", 1)[1]
    v.context.route("**/catalogue.bib", lambda route: route.fulfill(
        body=short, content_type="text/plain"))  # fmt: skip
    downloads: list = []
    page.on("download", lambda d: downloads.append(d))
    page.locator('button[data-export="bib"]').click()
    page.locator(STATUS).filter(has_text="the download failed").wait_for()
    assert "does not match" in _status(page)
    assert downloads == []


def test_bibtex_of_everything_is_the_sites_bibtex(visit, site):
    """The browser's BibTeX of every entry matches catalogue.bib, entry for entry."""
    _v, page = _open(visit)
    ours = _download(page, "bib").strip().split("\n\n")
    published = (site.root / "catalogue.bib").read_text("utf-8").strip().split("\n\n")
    assert sorted(ours) == sorted(published)


# ----------------------------------------------------------------------------- hostile data

HOSTILE = '<script>alert(1)</script> {{ 7*7 }} "quoted" &amp; <img src=x onerror=alert(2)>'


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("explorer-hostile")
    data = root / "data"
    shutil.copytree(DATA, data)
    entry = {
        "title": HOSTILE,
        "name": "Hostile{{7*7}}",
        "year": 2026,
        "links": {"paper": "https://example.org/hostile", "code": "https://example.org/c"},
        "modalities": ["emg"],
        "directions": ["pretraining"],
        "added": today_utc().isoformat(),
        "sources": {"name": "https://example.org/hostile"},
    }
    (data / "papers" / "hostile.yml").write_text(yaml.safe_dump(entry), encoding="utf-8")
    result = build_site(root / "site", data)
    assert result.returncode == 0, result.stderr
    with serving(root / "site") as url:
        yield url


def test_hostile_title_shows_as_text(browser, hostile_url):
    v = Visit(browser, hostile_url, viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    v.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page = v.goto("explorer/?text=hostile")
    page.locator(".atlas-ex--live").wait_for()
    link = page.locator(RESULTS)
    assert link.count() == 1
    assert link.inner_text() == f"Hostile{{{{7*7}}}}: {HOSTILE}"
    assert page.locator(".atlas-ex img").count() == 0
    assert page.locator(".atlas-ex script").count() == 0
    v.shot("explorer-hostile")
    bib = _download(page, "bib")
    assert r"\{\{" not in bib and "textbraceleft" in bib
    v.close()
    assert dialogs == []


# ----------------------------------------------------------------------------- speed at scale


def test_ten_thousand_entries_filter_exactly(visit, catalogue):
    """explorer.json of the catalogue plus 10,000 synthetic papers, served in place of the
    real one: facets and the text filter give the counts the data gives. (How fast a click
    or a keystroke updates the page is measured by the scale benchmark, not asserted here.)"""
    big_catalogue = _synthetic(catalogue, 10_000)
    big = to_explorer_json(big_catalogue, SITE_URL)
    v = visit(viewport={"width": 1280, "height": 900})
    v.context.route("**/explorer.json", lambda route: route.fulfill(
        body=big, content_type="application/json"))  # fmt: skip
    page = v.goto("explorer/")
    page.locator(".atlas-ex--live").wait_for(timeout=30_000)
    total = len(big_catalogue.records)
    assert _status(page) == f"{total} of {total} entries"
    _checkbox(page, "modality", _label("modality", "emg", catalogue)).check()
    emg = big_catalogue.index("modality")["emg"]
    assert _status(page) == f"{len(emg)} of {total} entries"
    one = [r for r in emg if r.id.startswith("synthetic-")][-1]
    page.fill("#atlas-ex-text", one.entry.title)
    assert _status(page) == f"1 of {total} entries"


# ----------------------------------------------------------------------------- site search


def _index_text(site) -> dict[str, str]:
    return {"/" + d["location"]: (d["title"] + " " + d["text"]).lower() for d in site.search_docs()}


def test_search_of_several_words_lists_only_pages_with_all_of_them(visit, site):
    v = visit(viewport={"width": 1280, "height": 900})
    found = _search(v.goto(""), "EEG pretraining")
    text = _index_text(site)
    # Pagefind also indexes a hyphenated word whole: "Pre-training" is "pretraining" too.
    text = {url: words.replace("-", "") for url, words in text.items()}
    both = {url for url, words in text.items() if "eeg" in words and "pretrain" in words}
    assert found, "no result"
    assert set(found) <= both
    v.shot("search-eeg-pretraining")


def test_search_for_words_no_page_has_together_still_finds_something(visit):
    v = visit(viewport={"width": 1280, "height": 900})
    assert _search(v.goto(""), "PaPaGei zzyzxq")  # the fallback: any word


def test_search_for_a_model_name_puts_its_entry_first(visit, catalogue):
    v = visit(viewport={"width": 1280, "height": 900})
    found = _search(v.goto(""), "PaPaGei")
    assert found[0] == "/" + catalogue.by_id["papagei"].url
