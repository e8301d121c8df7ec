"""Researched entry facts: names, authors, model cards with sources, datasets both ways,
citable BibTeX, the model comparison page and the coverage figures."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
import yaml
from pybtex.database import parse_string
from typer.testing import CliRunner

from biofm.cli import app
from biofm.coverage import coverage
from biofm.loader import load_catalogue
from biofm.problems import CatalogueError

from conftest import ROOT, tool_missing

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "200"})


@pytest.fixture(autouse=True)
def in_project(monkeypatch):
    monkeypatch.chdir(ROOT)


# --------------------------------------------------------------------------- the data


def test_every_researched_fact_cites_a_source(catalogue):
    """The loader enforces it; here the real data is checked to carry it."""
    for record in catalogue.records:
        e = record.entry
        if e.authors:
            assert e.sources.authors, record.id
        if e.name:
            assert e.sources.name, record.id
        if e.links.weights:
            assert e.sources.weights, record.id


def test_citable_entries_mostly_have_authors_and_names(catalogue):
    shares = {c.label: c for c in coverage(catalogue)}
    assert shares["authors"].have / shares["authors"].total > 0.8
    assert shares["names"].have / shares["names"].total > 0.7
    assert shares["datasets linked"].have >= 15


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"authors": ["A Person"]}, "authors", "needs its source: add sources.authors"),
        ({"name": "X"}, "name", "needs its source: add sources.name"),
        ({"sources": {"authors": "https://example.org/x"}}, "sources.authors",
         "cites a source but no authors is recorded"),
        ({"model": {"parameters": 10**6}}, "model.parameters", "add sources.parameters"),
        ({"model": {"pretrained_on": ["papagei"]}}, "model.pretrained_on[0]",
         "'papagei' is not the id of a dataset entry"),
        ({"model": {"pretraining_data": {"amount": 5, "unit": "days", "stated": "5 days"}}},
         "model.pretraining_data.unit", "Input should be"),
        ({"model": {"code_licence": "MIT; rm -rf"}}, "model.code_licence", "should match"),
    ],
)  # fmt: skip
def test_facts_without_sources_or_with_bad_values_are_refused(data_copy, change, field, message):
    path = data_copy / "papers" / "large-brain-model.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    for key in ("name", "aliases", "authors", "sources", "model"):
        data.pop(key, None)
    data["links"].pop("weights", None)
    data.update(change)
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(CatalogueError) as info:
        load_catalogue(data_copy)
    found = [p for p in info.value.problems if p.path.endswith("large-brain-model.yml")]
    assert any(p.field == field and message in p.message for p in found), found


def test_venue_full_name_needs_its_source(data_copy):
    path = data_copy / "vocab" / "venues.yml"
    venues = yaml.safe_load(path.read_text("utf-8"))
    venues[0] = {**venues[0], "full_name": "Made Up Name"}
    venues[0].pop("source", None)
    path.write_text(yaml.safe_dump(venues), encoding="utf-8")
    with pytest.raises(CatalogueError) as info:
        load_catalogue(data_copy)
    assert any("full_name and source go together" in p.message for p in info.value.problems)


def test_validate_warns_about_implausible_facts_without_failing(data_copy):
    path = data_copy / "papers" / "large-brain-model.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["year"] = 2021  # its arXiv id is from 2024
    data["model"]["parameters"] = 12
    data["model"]["parameters_stated"] = "12"
    data["sources"]["parameters"] = "https://arxiv.org/abs/2405.18765"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = run("validate", "--data-dir", str(data_copy))
    assert result.exit_code == 0, result.output
    assert "warning: data/papers/large-brain-model.yml: model.parameters: 12 parameters" in (
        result.output
    )
    assert "year: 2021 is earlier than the arXiv id 2405.18765" in result.output
    assert "(2 warnings)" in result.output or "warnings)" in result.output


def test_stats_prints_coverage_from_the_data(catalogue):
    result = run("stats", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)["coverage"]
    citable = [r for r in catalogue.records if r.kind in ("paper", "tsfm", "survey", "benchmark")]
    assert data["authors"] == {"have": sum(1 for r in citable if r.entry.authors),
                               "total": len(citable)}  # fmt: skip
    with_weights = sum(1 for r in catalogue.models if r.entry.links.weights)
    assert data["open weights"] == {"have": with_weights, "total": len(catalogue.models)}
    table = run("stats")
    assert "Coverage of researched facts" in table.output and "LLM roles" in table.output


def test_new_writes_name_authors_and_their_source(data_copy):
    args = ["new", "--data-dir", str(data_copy), "--title", "Probe Model For Tests",
            "--year", "2026", "--venue", "arxiv", "-m", "eeg", "-d", "pretraining",
            "--name", "ProbeFM", "-a", "Ada Lovelace", "-a", "Alan Turing",
            "--paper", "https://arxiv.org/abs/2601.00001"]  # fmt: skip
    result = run(*args, "--source", "https://arxiv.org/abs/2601.00001")
    assert result.exit_code == 0, result.output
    text = (data_copy / "papers" / "probe-model-for-tests.yml").read_text("utf-8")
    assert "name: ProbeFM" in text and "authors: [Ada Lovelace, Alan Turing]" in text
    assert "  authors: https://arxiv.org/abs/2601.00001" in text
    assert "# model:" in text and "#   pretrained_on:" in text  # commented optional fields
    record = load_catalogue(data_copy).by_id["probe-model-for-tests"]
    assert record.entry.authors == ("Ada Lovelace", "Alan Turing")
    (data_copy / "papers" / "probe-model-for-tests.yml").unlink()
    refused = run(*args, "--id", "probe-two")
    assert refused.exit_code == 1
    assert "needs its source" in refused.output
    assert not (data_copy / "papers" / "probe-two.yml").exists()


# --------------------------------------------------------------------------- the site


def test_search_index_carries_names_aliases_and_authors(site, catalogue):
    docs = {d["location"]: d for d in site.search_docs()}
    labram = docs[catalogue.by_id["large-brain-model"].url]
    assert labram["title"].startswith("LaBraM")
    assert sum(len(r.entry.aliases) for r in catalogue.records) > 10
    for record in catalogue.records:
        doc = docs[record.url]
        for author in record.entry.authors:
            assert author.split()[-1] in doc["text"], (record.id, author)
        for alias in record.entry.aliases:
            assert alias in doc["text"], (record.id, alias)


def test_dataset_links_resolve_both_ways(site, catalogue):
    directions = (
        ("pretrained_on", "Pretrained on", "Models pretrained on it"),
        ("evaluated_on", "Evaluated on", "Models evaluated on it"),
    )
    for field, label, back in directions:
        pairs = 0
        for model in catalogue.models:
            ids = getattr(model.card, field) if model.card else ()
            if not ids:
                continue
            page = site.content(model.url)
            cell = page.select_one("section.atlas-model-card").find("th", string=label)
            linked = [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in cell.find_next("td")("a")]
            assert linked == list(ids), model.id
            for dataset_id in ids:
                dataset_page = site.content(catalogue.by_id[dataset_id].url)
                dt = dataset_page.find("dt", string=back)
                users = [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in dt.find_next("dd")("a")]
                assert model.id in users, (dataset_id, model.id)
                pairs += 1
        assert pairs > 10, field


def test_entry_page_shows_card_sources_identifiers_and_no_file_path(site, catalogue):
    record = catalogue.by_id["large-brain-model"]
    page = site.content(record.url)
    assert page.h1.get_text(strip=True).startswith("LaBraM: ")
    authors = page.select_one("p.atlas-authors")
    assert authors.get_text(" ", strip=True).startswith(", ".join(record.entry.authors))
    card = page.select_one("section.atlas-model-card")
    shown = {a["href"] for a in card.select("a.atlas-source")}
    src = record.entry.sources
    card_facts = ("pretraining_data", "evaluated_on", "sampling_rate", "weights", "code_licence")
    assert shown == {getattr(src, fact) for fact in card_facts}
    assert page.select_one("p.atlas-authors a.atlas-source")["href"] == src.authors
    arxiv = page.find("dt", string="arXiv").find_next("dd").a
    assert arxiv["href"] == f"https://arxiv.org/abs/{record.arxiv_id}"
    assert record.path not in page.get_text()
    doi = catalogue.by_id["papagei"].doi or next(r.doi for r in catalogue.records if r.doi)
    with_doi = next(r for r in catalogue.records if r.doi == doi)
    link = site.content(with_doi.url).find("dt", string="DOI").find_next("dd").a
    assert link["href"].startswith("https://doi.org/10.")


def test_entry_page_cites_itself_with_the_export_entry(site, catalogue):
    exported = (site.root / "catalogue.bib").read_text("utf-8")
    for entry_id in ("large-brain-model", "papagei", "ptb-xl", "moment"):
        record = catalogue.by_id[entry_id]
        block = site.content(record.url).select_one("section#cite pre code").get_text()
        assert block.strip() in exported
        assert block.startswith("@") and catalogue.cite_keys[entry_id] in block.splitlines()[0]


def test_related_entries_share_modality_and_direction(site, catalogue):
    papers = catalogue.of_kind("paper")
    assert sum(len(catalogue.related[r.id]) == 5 for r in papers) > len(papers) // 2
    for record in papers:
        related = catalogue.related[record.id]
        assert len(related) <= 5
        for other in related:
            assert set(other.keys("modality")) & set(record.keys("modality")), record.id
            assert set(other.keys("direction")) & set(record.keys("direction")), record.id
        shown = site.entry_links(record.url)
        assert shown == [o.id for o in related], record.id


def test_comparison_page_lists_every_model_with_its_facts(site, catalogue):
    rows = site.content("models/").select("table.atlas-compare tbody tr")
    assert [row["id"] for row in rows] == [r.id for r in catalogue.models]
    for row in rows:
        record = catalogue.by_id[row["id"]]
        cells = row.find_all("td")
        card = record.card
        if card and card.parameters:
            assert cells[2]["data-sort-value"] == str(card.parameters)
        assert (cells[5].a is not None) == bool(record.entry.links.weights), record.id
        assert cells[7].get_text(strip=True) == str(record.entry.year or "")
    nav = site.soup("").select_one("nav.md-nav--primary").get_text(" ")
    assert "Compare models" in nav


# --------------------------------------------------------------------------- BibTeX


def test_bibtex_export_parses_with_one_unique_key_per_entry(site, catalogue):
    text = (site.root / "catalogue.bib").read_text("utf-8")
    database = parse_string(text, "bibtex")
    assert len(database.entries) == len(catalogue.records)
    assert set(database.entries) == set(catalogue.cite_keys.values())
    for record in catalogue.records:
        entry = database.entries[catalogue.cite_keys[record.id]]
        assert len(entry.persons.get("author", [])) == len(record.entry.authors), record.id
        venue = catalogue.vocab.venues.get(record.entry.venue) if record.entry.venue else None
        field = {"article": "journal", "inproceedings": "booktitle"}.get(entry.type)
        if field:
            assert record.entry.authors and venue
            assert entry.fields[field] == venue.long_name.replace("&", "\\&")
        if record.arxiv_id:
            assert entry.fields["eprint"] == record.arxiv_id


def test_bibtex_keys_are_surname_year_name(catalogue):
    assert catalogue.cite_keys["large-brain-model"] == "jiang2024labram"
    assert catalogue.cite_keys["papagei"] == "pillai2025papagei"
    assert len(set(catalogue.cite_keys.values())) == len(catalogue.records)


def test_real_bibtex_reads_every_entry_without_a_warning(site, tmp_path):
    if not shutil.which("bibtex"):
        tool_missing("bibtex not found: apt-get install -y texlive-binaries texlive-base")
    shutil.copy(site.root / "catalogue.bib", tmp_path / "atlas.bib")
    keys = re.findall(r"^@\w+\{([^,]+),", (tmp_path / "atlas.bib").read_text("utf-8"), re.M)
    aux = "".join(f"\\citation{{{key}}}\n" for key in keys)
    (tmp_path / "cite.aux").write_text(aux + "\\bibstyle{plain}\n\\bibdata{atlas}\n")
    result = subprocess.run(["bibtex", "cite"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert "Warning" not in result.stdout and "error" not in result.stdout.lower(), result.stdout
    assert len(re.findall(r"\\bibitem", (tmp_path / "cite.bbl").read_text())) == len(keys)
