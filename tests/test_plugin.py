"""The atlas plugin driven in-process: typed config, state per build, nothing carried over."""

from __future__ import annotations

import shutil

import pytest
import yaml
from markdown import Markdown
from mkdocs.commands.build import build
from mkdocs.config import load_config

from biofm import plugin as plugin_module
from biofm.generated_page import GeneratedPage
from biofm.plugin import AtlasPlugin
from biofm.registry import KINDS

from conftest import DATA, ROOT, Site


def tiny_data(root, *entries: dict):
    """A data directory with the real vocabularies and only ``entries`` (as papers)."""
    data = root / "data"
    shutil.copytree(DATA / "vocab", data / "vocab")
    shutil.copy(DATA / "site.yml", data / "site.yml")
    for kind in KINDS:
        (data / kind.folder).mkdir()
    for entry in entries:
        slug = entry["title"].lower().replace(" ", "-")
        (data / "papers" / f"{slug}.yml").write_text(yaml.safe_dump(entry), encoding="utf-8")
    return data


def paper(title: str) -> dict:
    return {"title": title, "venue": "iclr", "year": 2026, "modalities": ["eda"],
            "directions": ["pretraining"], "added": "2026-11-01"}  # fmt: skip


def _config(data_dir, site_dir):
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir))
    config.plugins["atlas"].config.data_dir = str(data_dir)
    return config


def test_two_builds_in_one_process_share_no_state(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(ROOT)
    first_data = tiny_data(tmp_path / "a", paper("Carried Over Probe"), paper("Kept Paper"))
    second_data = tiny_data(tmp_path / "b", paper("Kept Paper"))

    config = _config(first_data, tmp_path / "one")
    build(config)
    plugin = config.plugins["atlas"]
    assert isinstance(plugin, AtlasPlugin)
    first_state = plugin.current()
    assert set(first_state.catalogue.by_id) == {"carried-over-probe", "kept-paper"}
    assert "Carried Over Probe" in Site(tmp_path / "one").html("venues/iclr/")

    # The same plugin instance builds again from other data, as `mkdocs serve` rebuilds do.
    plugin.config.data_dir = str(second_data)
    config.site_dir = str(tmp_path / "two")
    build(config)
    site = Site(tmp_path / "two")
    assert plugin.current() is not first_state
    assert set(plugin.current().catalogue.by_id) == {"kept-paper"}
    assert not (tmp_path / "two" / "papers" / "carried-over-probe").exists()
    for url in ("venues/iclr/", "", "papers/", "modalities/eda/", "timeline/"):
        assert "Carried Over Probe" not in site.html(url), url
    assert site.content("modalities/eda/").select_one(".atlas-count")["data-count"] == "1"
    assert "Carried Over Probe" not in (tmp_path / "two" / "catalogue.json").read_text()
    # The search index is rebuilt too (as after a `mkdocs serve` rebuild).
    assert {d["location"] for d in site.search_docs()} == {"papers/kept-paper/", "", "about/"}

    # No module of the package keeps builds alive.
    module_state = [
        name
        for name, value in vars(plugin_module).items()
        if isinstance(value, dict | list) and not name.startswith("__")
    ]
    assert module_state == []


def test_plugin_config_is_typed(tmp_path):
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path))
    options = config.plugins["atlas"].config
    assert options.data_dir == "data" or options.data_dir.endswith("data")
    assert options.templates == "overrides/atlas"
    bad = plugin_module.AtlasConfig()
    bad.load_dict({"data_dir": 3})
    errors, _ = bad.validate()
    assert [name for name, _ in errors] == ["data_dir"]


def test_build_prints_no_wall_of_nav_notices(site):
    """Entry and venue pages are marked as outside the nav, so no page is listed as omitted."""
    assert "Documentation built in" in site.log, "the build's log was not captured"
    assert 'not included in the "nav"' not in site.log
    assert "papers/papagei.md" not in site.log and "venues/iclr.md" not in site.log


def test_generated_pages_skip_markdown_and_drop_their_body(tmp_path, monkeypatch):
    """Generated pages are GeneratedPage objects: no Markdown conversion, their body rendered
    when written and dropped after; search indexes a short entry text, not the whole page."""
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(ROOT)
    made: list[GeneratedPage] = []
    init = GeneratedPage.__init__

    def record(self, *args, **kwargs):
        init(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(GeneratedPage, "__init__", record)
    convert = Markdown.convert

    def only_written_pages(self, text: str) -> str:
        if not text.strip():  # a generated page: it has no Markdown
            pytest.fail("Python-Markdown ran on a generated page")
        return convert(self, text)

    monkeypatch.setattr(Markdown, "convert", only_written_pages)
    data = tiny_data(tmp_path, paper("Second Paper"))
    probe = paper("Probe <b>Bold</b> Paper")
    (data / "papers" / "probe.yml").write_text(yaml.safe_dump(probe), encoding="utf-8")
    config = _config(data, tmp_path / "site")
    build(config)
    state = config.plugins["atlas"].current()
    assert {page.file.src_uri for page in made} == set(state.pages)
    assert all(page.content is None for page in made)  # nothing kept once written
    site = Site(tmp_path / "site")
    entry = site.content("papers/probe/")
    assert entry.select_one("h1").get_text() == "Probe <b>Bold</b> Paper"
    assert entry.select_one("#cite pre") is not None
    doc = next(d for d in site.search_docs() if d["location"] == "papers/probe/")
    # Plain text in the index (the snippet escaped it; the search worker escapes it again).
    assert doc["title"] == "Probe <b>Bold</b> Paper" and "Probe <b>Bold</b> Paper" in doc["text"]
    assert "@article" not in doc["text"] and "@inproceedings" not in doc["text"]
    assert "EDA" in doc["text"].split()
