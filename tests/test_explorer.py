"""The Explorer's data (explorer.json) and its page, against the real catalogue and site.

The page in a browser is tested in test_browser_explorer.py.
"""

from __future__ import annotations

import importlib.util
import json
import random
import re
import sys
from pathlib import Path

import pytest

from biofm.catalogue import Catalogue, Record
from biofm.explorer import explorer_data, to_explorer_json
from biofm.registry import FACET, FACETS, KINDS
from biofm.schema import Paper

from conftest import page_url

SITE_URL = "https://biofm-atlas.github.io/atlas/"


def column(data: dict, name: str, empty):
    """A column as a list, whether it was written as a list or sparse (by row number)."""
    values = data["columns"][name]
    if isinstance(values, dict):
        return [values.get(str(i), empty) for i in range(data["count"])]
    return values


@pytest.fixture(scope="module")
def data(catalogue) -> dict:
    return explorer_data(catalogue, SITE_URL)


def test_every_entry_once_in_catalogue_order(data, catalogue):
    assert data["count"] == len(catalogue.records)
    assert column(data, "id", "") == [r.id for r in catalogue.records]
    for name, values in data["columns"].items():
        if isinstance(values, dict):  # sparse: row numbers inside the table
            assert all(0 <= int(i) < data["count"] for i in values), name
        else:
            assert len(values) == data["count"], name


def test_facets_come_from_the_registry(data, catalogue):
    facets = data["facets"]
    assert [f["key"] for f in facets] == ["kind", *(f.key for f in FACETS)]
    assert [i["key"] for i in facets[0]["items"]] == [k.key for k in KINDS]
    for declared in facets[1:]:
        facet = FACET[declared["key"]]
        assert declared["field"] == facet.field and declared["title"] == facet.title
        assert declared["multi"] == facet.multi
        items = catalogue.items(facet.key)
        assert [i["key"] for i in declared["items"]] == list(items)
        assert [i["label"] for i in declared["items"]] == [facet.label(v) for v in items.values()]
    assert FACET["modality"].multi and not FACET["venue"].multi
    assert data["kind_facet"] == "kind" and data["venue_facet"] in FACET


def test_facet_values_decode_to_each_records_keys(data, catalogue):
    """A list of item positions per entry; one position (-1 for none) where an entry has at
    most one item (the kind, the venue)."""
    for declared in data["facets"]:
        keys = [item["key"] for item in declared["items"]]
        if declared["multi"]:
            values = column(data, declared["key"], [])
        else:
            values = [[] if p < 0 else [p] for p in column(data, declared["key"], 0)]
        for record, positions in zip(catalogue.records, values, strict=True):
            wanted = (record.kind,) if declared["key"] == "kind" else record.keys(declared["key"])
            assert tuple(keys[p] for p in positions) == wanted, record.id


def _online(code: int, year: int) -> str:
    """The first-online month as the page decodes it: 0 the year alone, 1 to 12 a month of
    the entry's year, else YYYYMM."""
    if code > 12:
        return f"{code // 100}-{code % 100:02d}"
    if code:
        return f"{year}-{code:02d}"
    return str(year) if year else ""


def test_facts_decode_to_the_catalogues(data, catalogue):
    """Paper link (with the arXiv id the downloads read in catalogue.bib), first-online month,
    parameters, code and weights, as the page derives them."""
    paper, online = column(data, "paper", ""), column(data, "online", 0)
    year, params = column(data, "year", 0), column(data, "params", 0)
    code, weights = column(data, "code", ""), column(data, "weights", "")
    for i, r in enumerate(catalogue.records):
        arxiv = r.arxiv_id
        derived_paper = paper[i] or (f"https://arxiv.org/abs/{arxiv}" if arxiv else "")
        assert derived_paper == (r.entry.links.paper or ""), r.id
        assert _online(online[i], year[i]) == (r.first_online or ""), r.id
        assert params[i] == ((r.card.parameters or 0) if r.card else 0)
        assert bool(code[i]) == bool(r.entry.links.code)
        assert bool(weights[i]) == bool(r.entry.links.weights)
    known = [r for r in catalogue.records if r.card and r.card.parameters]
    assert sum(1 for p in params if p) == len(known)
    elsewhere = [r for r in catalogue.records if (r.first_online or "")[:4] != str(r.entry.year)]
    assert elsewhere, "the data has no entry first online in another year than its own"


def test_what_only_the_downloads_need_is_left_to_catalogue_bib(data):
    """BibTeX keys, arXiv ids and the BibTeX itself come from catalogue.bib when a reader
    downloads a selection (test_browser_explorer.py); explorer.json does not carry them."""
    assert not {"cite", "arxiv", "biburl"} & set(data["columns"])
    venue = next(f for f in data["facets"] if f["key"] == data["venue_facet"])
    assert all("bib" not in item for item in venue["items"])


def test_json_is_compact_and_carries_the_site_url(catalogue):
    text = to_explorer_json(catalogue, SITE_URL)
    assert "\n" not in text.rstrip("\n") and ": " not in text[:200]
    assert json.loads(text)["site"] == SITE_URL


def _scale_generator():
    """benchmarks/scale/synthetic.py, the scale benchmark's generator of synthetic papers."""
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "scale" / "synthetic.py"
    spec = importlib.util.spec_from_file_location("scale_synthetic", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _synthetic(catalogue: Catalogue, total: int) -> Catalogue:
    """The real catalogue plus the scale benchmark's synthetic papers (same generator, same
    seed, titles of its length), ``total`` entries in all, built in memory."""
    synthetic = _scale_generator()
    vocab = {
        "modalities": list(catalogue.vocab.modalities),
        "directions": list(catalogue.vocab.directions),
        "llm_roles": list(catalogue.vocab.llm_roles),
    }
    rng = random.Random(synthetic.SEED)
    records = list(catalogue.records)
    for i in range(total - len(records)):
        entry = Paper.model_validate(synthetic.synthetic_entry(rng, i, vocab))
        name = f"{synthetic.PREFIX}{i:05d}"
        records.append(Record(name, f"data/papers/{name}.yml", entry))
    return Catalogue(catalogue.vocab, catalogue.site, records)


def test_ten_thousand_entries_stay_under_one_and_a_half_megabytes(catalogue):
    """The scale benchmark's 10,000 entries (real-length titles): at most 1.5 MB, counted
    in decimal megabytes (the stricter reading)."""
    big = _synthetic(catalogue, 10_000)
    assert len(big.records) == 10_000
    size = len(to_explorer_json(big, SITE_URL).encode("utf-8"))
    assert size <= 1_500_000, f"{size / 1e6:.3f} MB"


# ----------------------------------------------------------------------------- the built site


def test_site_publishes_the_data(site, catalogue):
    published = json.loads((site.root / "explorer.json").read_text("utf-8"))
    assert published["count"] == len(catalogue.records)
    assert column(published, "id", "") == [r.id for r in catalogue.records]


def test_catalogue_bib_records_follow_the_explorer_rows(site, catalogue):
    """What the downloads rely on: catalogue.bib has one record per row of explorer.json, in
    the same order, each "@type{key," to a line "}" with one field per line; its eprint is
    the entry's arXiv id."""
    published = json.loads((site.root / "explorer.json").read_text("utf-8"))
    bib = (site.root / "catalogue.bib").read_text("utf-8")
    records = bib.rstrip().split("\n\n")
    assert len(records) == published["count"]
    for record, r in zip(records, catalogue.records, strict=True):
        lines = record.split("\n")
        assert lines[0] == f"@{lines[0][1:].split('{')[0]}{{{catalogue.cite_keys[r.id]},", r.id
        assert lines[-1] == "}" and all(re.match(r"  \w+ = \{.*\},?$", x) for x in lines[1:-1])
        eprint = re.search(r"^  eprint = \{(.*)\},?$", record, re.MULTILINE)
        assert (eprint.group(1) if eprint else None) == r.arxiv_id, r.id
        year = re.search(r"^  year = \{(\d+)\},?$", record, re.MULTILINE)
        assert (int(year.group(1)) if year else None) == r.entry.year, r.id


def test_page_without_script_lists_every_entry(site, catalogue):
    content = site.content("explorer/")
    links = [a["href"] for a in content.select("table a.atlas-entry__title")]
    assert sorted(links) == sorted("../" + r.url for r in catalogue.records)
    status = content.select_one("[role=status]")
    assert status["aria-live"] == "polite"
    total = len(catalogue.records)
    assert status.get_text(strip=True) == f"{total} of {total} entries"


def test_page_loads_its_script_and_hides_its_controls_without_it(site):
    soup = site.soup("explorer/")
    assert soup.select_one('head script[src$="javascripts/explorer.js"]') is not None
    assert ".atlas-ex__side { display: none; }" in str(soup.select_one("head noscript"))
    assert soup.select_one("[data-explorer]")["data-src"] == "../explorer.json"
    other = site.soup("timeline/")
    assert other.select_one('script[src$="javascripts/explorer.js"]') is None


def test_page_is_in_the_nav_after_home_and_not_searchable(site):
    nav = site.soup("explorer/").select("nav.md-nav--primary > ul > li > a.md-nav__link")
    titles = [a.get_text(strip=True) for a in nav]
    assert titles[:2] == ["Home", "Explorer"]
    assert not [d for d in site.search_docs() if d["location"].startswith("explorer/")]


def test_home_page_links_the_explorer(site):
    hrefs = [a["href"] for a in site.content("").select("a")]
    assert "explorer/" in hrefs


@pytest.mark.parametrize("facet", FACETS, ids=lambda f: f.key)
def test_every_facet_page_opens_the_explorer_preset(site, catalogue, facet):
    for key in catalogue.items(facet.key):
        url = page_url(f"{facet.prefix}/{key}.md")
        link = site.content(url).select_one("a.atlas-explore__link")
        assert link is not None, url
        assert link["href"] == f"../../explorer/?{facet.key}={key}"
