"""HTML the renderer shares between pages (render.py: entry items, badges, venue and year,
an entry's facts): the same bytes as rendering each page afresh, and nothing kept from one
build for the next."""

from __future__ import annotations

import yaml
from mkdocs.commands.build import build
from test_plugin import _config, paper, tiny_data

from biofm.render import Renderer

from conftest import ROOT, Site

TEMPLATES = ROOT / "overrides" / "atlas"


def test_shared_fragments_equal_a_fresh_render(catalogue):
    """Every entry page, at two depths (two link bases), rendered with whatever other pages
    left in the caches is the page rendered with empty caches: no cache key leaves out
    something its HTML depends on."""
    shared, fresh = Renderer(TEMPLATES, catalogue), Renderer(TEMPLATES, catalogue)
    for record in catalogue.records:
        for url in (record.url, f"{record.id}/"):
            fresh._shared.clear()
            fresh._items.clear()
            page = shared.render("entry.html", url, record=record)
            assert page == fresh.render("entry.html", url, record=record), url
    # Badges with directions (the entry page) and without (its related entries): rendered
    # once per set of keys and link base, far fewer than the pages showing them.
    sets = set()
    for r in catalogue.records:
        sets |= {(r.keys("modality"), r.keys("role"), dirs) for dirs in ((), r.keys("direction"))}
    badges = [key[1:4] for key in shared._shared if key[0] == "badge_set"]
    assert set(badges) <= sets and len(badges) <= 2 * len(sets) < len(catalogue.records)


def test_a_second_build_in_one_process_shows_the_new_vocabulary(tmp_path, monkeypatch):
    """``mkdocs serve`` rebuilds in the same process: shared fragments (badges, venue and
    year, facts) of the first build are not served by the second."""
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(ROOT)
    data = tiny_data(tmp_path, paper("Kept Paper"))
    config = _config(data, tmp_path / "one")
    build(config)
    before = Site(tmp_path / "one").content("papers/kept-paper/").decode()
    renamed = {
        "modalities": ("eda", "label", "EDA", "GSRX"),
        "venues": ("iclr", "name", "ICLR", "ICLRX Renamed"),
        "directions": ("pretraining", "label", "Pretraining Biosignal", "Renamed Direction"),
    }
    for vocab, (key, field, old, new) in renamed.items():
        path = data / "vocab" / f"{vocab}.yml"
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
        item = next(i for i in items if i["key"] == key)
        assert old in item[field] and old in before
        item[field] = new
        path.write_text(yaml.safe_dump(items, allow_unicode=True), encoding="utf-8")

    config.site_dir = str(tmp_path / "two")
    build(config)  # the same plugin instance, as a rebuild of `mkdocs serve`
    page = Site(tmp_path / "two").content("papers/kept-paper/")
    badges = page.select_one(".atlas-badges").get_text(" ")
    facts = page.select_one(".atlas-facts").get_text(" ")
    venue = page.select_one(".atlas-entry-page__kind .atlas-venue").get_text()
    assert "GSRX" in badges and "GSRX" in facts and "EDA " not in facts
    assert "Renamed Direction" in facts and "Pretraining Biosignal" not in facts
    assert venue == "[ICLRX Renamed, 2026]"
    assert "ICLRX Renamed" in facts
