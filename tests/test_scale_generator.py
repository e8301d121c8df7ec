"""The scale benchmark's synthetic catalogue and stock baseline (benchmarks/scale/)."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

from biofm.identity import arxiv_id
from biofm.loader import load_catalogue

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks" / "scale"
COUNT = 40


def _module(name: str):
    spec = importlib.util.spec_from_file_location(f"scale_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


synthetic = _module("synthetic")
stock = _module("stock")


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    return synthetic.make_data(tmp_path_factory.mktemp("one"), COUNT)


def test_synthetic_entries_pass_validation(generated):
    real = load_catalogue(ROOT / "data")
    cat = load_catalogue(generated)  # raises CatalogueError listing any problem
    assert len(cat.records) == len(real.records) + COUNT
    synthetic_ids = {r.id for r in cat.records if r.id.startswith(synthetic.PREFIX)}
    assert len(synthetic_ids) == COUNT
    names = [r.entry.name for r in cat.records if r.id in synthetic_ids]
    assert len(set(names)) == COUNT  # every model name distinct, for the search ranking check


def test_same_seed_same_bytes_other_seed_differs(generated, tmp_path):
    again = synthetic.make_data(tmp_path / "again", COUNT)
    assert _digest(again) == _digest(generated)
    other = synthetic.make_data(tmp_path / "other", COUNT, seed=synthetic.SEED + 1)
    assert _digest(other) != _digest(generated)
    assert set(_digest(other)) == set(_digest(generated))  # same files, other contents


def test_writes_only_under_the_given_folder(tmp_path, monkeypatch):
    real_before = _digest(ROOT / "data")
    dest, elsewhere = tmp_path / "dest", tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    data = synthetic.make_data(dest, 5)
    assert data == dest / "data"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cwd", "dest"]
    assert list(elsewhere.iterdir()) == []
    assert [p.name for p in dest.iterdir()] == ["data"]
    assert _digest(ROOT / "data") == real_before


def test_stock_site_has_one_page_per_entry_out_of_nav(generated, tmp_path):
    cat = load_catalogue(generated)
    config_file = stock.write_stock_site(cat, tmp_path)
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    pages = list((tmp_path / "docs").rglob("*.md"))
    assert len(pages) == len(cat.records) + 1
    assert config["theme"]["name"] == "material"
    assert config["plugins"] == ["search"]
    assert config["nav"] == [{"Catalogue": "index.md"}]
    folders = {record.src_uri.split("/")[0] for record in cat.records}
    assert set(config["not_in_nav"].split()) == {f"/{folder}/" for folder in folders}
    record = next(r for r in cat.records if r.id.startswith(synthetic.PREFIX))
    page = (tmp_path / "docs" / record.src_uri).read_text(encoding="utf-8")
    assert page.startswith(f"# {record.display_title}\n")
    assert record.entry.links.paper in page
    listing = (tmp_path / "docs" / "index.md").read_text(encoding="utf-8")
    assert listing.count("](") == len(cat.records)


def test_papers_stay_distinct_at_fifty_thousand():
    """The benchmark's largest size: no two synthetic papers share a link, title or name
    (the loader refuses a repeated arXiv id)."""
    import random

    vocab = {name: synthetic._keys(ROOT / "data", name) for name in ("modalities", "directions",
             "llm_roles")}  # fmt: skip
    rng = random.Random(synthetic.SEED)
    entries = [synthetic.synthetic_entry(rng, i, vocab) for i in range(50_000)]
    for field in ("title", "name"):
        assert len({entry[field] for entry in entries}) == len(entries), field
    arxiv_ids = {arxiv_id(entry["links"]["paper"]) for entry in entries}  # as the loader reads
    assert None not in arxiv_ids and len(arxiv_ids) == len(entries)
