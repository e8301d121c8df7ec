"""The site search as built: Pagefind's index of entry texts and hand-written pages, our
worker in Material's configuration, and a clear error without the Pagefind binary.
(In the browser: test_browser.py and test_browser_explorer.py.)"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
import yaml
from bs4 import BeautifulSoup
from material import __file__ as material_init
from mkdocs.commands.build import build
from mkdocs.exceptions import Abort
from test_plugin import _config, paper, tiny_data

from biofm import search
from biofm.render import Renderer

from conftest import ROOT, page_url

MATERIAL_BASE = ROOT.joinpath(material_init).parent / "templates" / "base.html"


def hand_written_searched() -> set[str]:
    """URLs of the pages in docs/ that do not exclude themselves from search."""
    urls = set()
    for path in (ROOT / "docs").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        meta = yaml.safe_load(text.split("---")[1]) if text.startswith("---") else {}
        if not (meta.get("search") or {}).get("exclude"):
            urls.add(page_url(path.name))
    return urls


def test_index_holds_each_entry_once_and_the_hand_written_pages(site, catalogue):
    docs = site.search_docs()
    counts = Counter(d["location"] for d in docs)
    assert set(counts.values()) == {1}
    expected = {r.url for r in catalogue.records} | hand_written_searched()
    assert {"", "about/"} <= hand_written_searched() and "contributing/" not in expected
    assert set(counts) == expected


def test_hand_written_pages_are_indexed_from_their_article_only(site):
    about = next(d for d in site.search_docs() if d["location"] == "about/")
    nav = site.soup("about/").select_one("nav.md-nav--primary").get_text(" ", strip=True)
    assert "Compare models" in nav and "Compare models" not in about["text"]
    assert "¶" not in about["text"]  # Material's heading anchors are skipped
    headings = {a["id"] for a in about["anchors"]}
    assert headings == {h["id"] for h in site.content("about/").select("h1[id], h2[id]")}
    home = next(d for d in site.search_docs() if d["location"] == "")
    latest = [a.get_text() for a in site.content("").select(".atlas-latest a.atlas-entry__title")]
    assert latest and not [t for t in latest if len(t) >= 10 and t in home["text"]]


def test_material_lunr_index_is_empty(site):
    index = json.loads((site.root / "search" / "search_index.json").read_text())
    assert index["docs"] == []


def _config_json(soup: BeautifulSoup) -> dict:
    return json.loads(soup.select_one("script#__config").get_text())


def test_material_is_pointed_at_our_worker_with_every_key_it_writes(site):
    """overrides/main.html rewrites Material's config block: same keys, our worker."""
    for url in ("", "papers/papagei/", "modalities/emg/"):
        config = _config_json(site.soup(url))
        worker = (site.path(url).parent / config["search"]).resolve()
        assert worker == (site.root / "javascripts" / "search-worker.js").resolve(), url
    assert (site.root / "pagefind" / "pagefind.js").is_file()
    block = MATERIAL_BASE.read_text(encoding="utf-8").split("{% block config %}")[1]
    block = block.split("{% endblock %}")[0]
    assert set(config) == set(re.findall(r'^\s*"(\w+)":', block, re.MULTILINE))
    assert set(config["translations"]) == set(re.findall(r'lang\.t\("([\w.]+)"\)', block))
    assert not list((site.root / "javascripts").glob("search-rank*"))


def test_model_names_and_aliases_weigh_most_in_their_search_text(catalogue):
    renderer = Renderer(ROOT / "overrides" / "atlas", catalogue)
    named = 0
    for record in catalogue.records:
        html = renderer.render(
            "entry-search.html", record.url, record=record, name_weight=search.NAME_WEIGHT
        )
        weighted = BeautifulSoup(html, "html.parser").select("[data-pagefind-weight]")
        names = [n for n in (record.entry.name, *record.entry.aliases) if n]
        if names:
            named += 1
            (element,) = weighted
            assert element["data-pagefind-weight"] == str(search.NAME_WEIGHT)
            assert all(name in element.get_text() for name in names), record.id
        else:
            assert weighted == [], record.id
    assert named >= 10


def test_missing_pagefind_binary_fails_the_build_clearly(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(ROOT)

    def missing():
        raise FileNotFoundError("Could not find any of [pagefind]")

    monkeypatch.setattr("pagefind_bin.get_executable", missing)
    config = _config(tiny_data(tmp_path, paper("Lonely Paper")), tmp_path / "site")
    with pytest.raises(Abort):
        build(config)
    assert "the site search needs the Pagefind binary, which is missing" in caplog.text
    assert "pagefind[bin]==1.5.2" in caplog.text
    assert "Traceback" not in caplog.text


def test_only_what_the_search_box_loads_is_published(site):
    """Pagefind's own interfaces (about 400 KB) are left out; its module, worker,
    WebAssembly, entry file and index stay."""
    published = {path.name for path in (site.root / "pagefind").iterdir()}
    assert {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json"} <= published
    assert any(name.startswith("wasm.") for name in published)
    assert not [name for name in published if "-ui." in name or "highlight" in name]
