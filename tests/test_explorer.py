"""The Explorer's data (explorer.json) and its page, against the real catalogue and site.

The page in a browser is tested in test_browser_explorer.py.
"""

from __future__ import annotations

import json
import random
from datetime import date

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
    for declared in data["facets"]:
        keys = [item["key"] for item in declared["items"]]
        values = column(data, declared["key"], [])
        for record, positions in zip(catalogue.records, values, strict=True):
            wanted = (record.kind,) if declared["key"] == "kind" else record.keys(declared["key"])
            assert tuple(keys[p] for p in positions) == wanted, record.id


def test_facts_decode_to_the_catalogues(data, catalogue):
    """Paper link, first-online month, parameters, code and weights, as the page derives them."""
    arxiv, paper = column(data, "arxiv", ""), column(data, "paper", "")
    online, year = column(data, "online", ""), column(data, "year", 0)
    params, code = column(data, "params", 0), column(data, "code", "")
    weights, cite = column(data, "weights", ""), column(data, "cite", "")
    for i, r in enumerate(catalogue.records):
        derived_paper = paper[i] or (f"https://arxiv.org/abs/{arxiv[i]}" if arxiv[i] else "")
        assert derived_paper == (r.entry.links.paper or ""), r.id
        from_arxiv = f"20{arxiv[i][:2]}-{arxiv[i][2:4]}" if arxiv[i] else ""
        derived_online = online[i] or from_arxiv or (str(year[i]) if year[i] else "")
        assert derived_online == (r.first_online or ""), r.id
        assert params[i] == ((r.card.parameters or 0) if r.card else 0)
        assert bool(code[i]) == bool(r.entry.links.code)
        assert bool(weights[i]) == bool(r.entry.links.weights)
        assert cite[i] == catalogue.cite_keys[r.id]
    known = [r for r in catalogue.records if r.card and r.card.parameters]
    assert sum(1 for p in params if p) == len(known)


def test_json_is_compact_and_carries_the_site_url(catalogue):
    text = to_explorer_json(catalogue, SITE_URL)
    assert "\n" not in text.rstrip("\n") and ": " not in text[:200]
    assert json.loads(text)["site"] == SITE_URL


def _synthetic(catalogue: Catalogue, count: int) -> Catalogue:
    """The real catalogue plus ``count`` papers shaped like the scale benchmark's."""
    rng = random.Random(7)
    records = list(catalogue.records)
    for i in range(count):
        directions = rng.sample(sorted(catalogue.vocab.directions), rng.choice([1, 1, 2]))
        entry = Paper.model_validate(
            {
                "title": f"Synthetic Biosignal Foundation Model {i:05d}",
                "venue": rng.choice(["arxiv", "neurips", "icml", "iclr"]),
                "year": 2019 + i % 7,
                "links": {"paper": f"https://arxiv.org/abs/{19 + i % 7}{1 + i % 12:02d}.9{i:04d}"},
                "modalities": rng.sample(sorted(catalogue.vocab.modalities), rng.choice([1, 2, 3])),
                "directions": directions,
                "llm_roles": ["agent"] if "llm" in directions else [],
                "description": "A synthetic entry that exists to measure the size at scale.",
                "added": date(2026, 11, 28),
            }
        )
        records.append(Record(f"synthetic-{i:05d}", f"data/papers/synthetic-{i:05d}.yml", entry))
    return Catalogue(catalogue.vocab, catalogue.site, records)


def test_ten_thousand_entries_stay_under_one_and_a_half_megabytes(catalogue):
    """The per-entry overhead of the columns, with short synthetic titles (43 characters).
    With titles as long as the real ones the file is larger: the scale benchmark measures
    it (benchmarks/scale/results.md: 1.77 MB at 10,000 entries)."""
    big = _synthetic(catalogue, 10_000)
    size = len(to_explorer_json(big, SITE_URL).encode("utf-8"))
    assert size < 1.5 * 2**20, f"{size / 2**20:.2f} MB"


# ----------------------------------------------------------------------------- the built site


def test_site_publishes_the_data(site, catalogue):
    published = json.loads((site.root / "explorer.json").read_text("utf-8"))
    assert published["count"] == len(catalogue.records)
    assert column(published, "id", "") == [r.id for r in catalogue.records]


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
