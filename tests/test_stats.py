"""The stats page: inline SVG charts whose bars, labels and tables match counts computed
here from the catalogue (independently of ``biofm.figures``)."""

from __future__ import annotations

import re
from collections import Counter

import yaml
from bs4 import BeautifulSoup

from biofm.coverage import coverage
from biofm.figures import all_figures
from biofm.loader import load_catalogue
from biofm.render import Renderer

from conftest import ROOT

URL = "stats/"
SVG_NS = "http://www.w3.org/2000/svg"
HOSTILE = '<script>alert(1)</script> <b>{{ 7*7 }}</b> "q" &amp; ]]>'


def _figure(site, key: str):
    figure = site.content(URL).select_one(f'figure[data-figure="{key}"]')
    assert figure is not None, key
    return figure


def _bars(figure) -> dict[str, list[float]]:
    """Row label -> the values of its drawn rectangles (zero-width ones are not drawn)."""
    rows = {}
    for row in figure.svg.select("g.atlas-chart__row"):
        label = row.select_one("text.atlas-chart__label").get_text()
        rows[label] = [float(r["data-value"]) for r in row.select("rect")]
    return rows


def _table(figure) -> list[list[str]]:
    return [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in figure.select("tbody tr")]


def _modality(item) -> str:
    return item.label if item.name == item.label else f"{item.label} ({item.name})"


def test_every_chart_is_an_accessible_image_with_a_table(site):
    figures = site.content(URL).select("figure.atlas-chart")
    assert len(figures) == 5
    for figure in figures:
        svg = figure.svg
        assert svg["role"] == "img"
        title = svg.find("title", id=svg["aria-labelledby"])
        desc = svg.find("desc", id=svg["aria-describedby"])
        assert title is not None and title.get_text().strip()
        assert desc is not None and len(desc.get_text()) > 40
        assert svg["xmlns"] == SVG_NS
        assert figure.select_one("table caption").get_text().startswith(title.get_text())
        assert svg.find_all("rect") and len(figure.select("tbody tr")) == len(
            svg.select("g.atlas-chart__row")
        )
        # no hard-coded fill: colours come from CSS classes that follow the scheme
        assert not svg.find_all(attrs={"fill": True}) and not svg.find_all(style=True)


def test_papers_per_year_and_direction_match_the_data(site, catalogue):
    papers = [r for r in catalogue.of_kind("paper") if r.entry.year]
    directions = list(catalogue.vocab.directions)
    expected = {}
    for year in sorted({r.entry.year for r in papers}):
        of_year = [r for r in papers if r.entry.year == year]
        expected[str(year)] = [sum(d in r.entry.directions for r in of_year) for d in directions]
    figure = _figure(site, "papers-per-year")
    drawn = _bars(figure)
    assert list(drawn) == list(expected)
    for year, counts in expected.items():
        assert drawn[year] == [float(n) for n in counts if n]
    rows = _table(figure)
    assert [row[0] for row in rows] == list(expected)
    for row, (year, counts) in zip(rows, expected.items(), strict=True):
        assert row[1:-1] == [str(n) for n in counts]
        assert row[-1] == str(sum(1 for r in papers if str(r.entry.year) == year))
    legend = [li.get_text() for li in figure.select(".atlas-chart__legend li")]
    assert legend == [d.short for d in catalogue.vocab.directions.values()]


def test_entries_per_modality_match_the_data(site, catalogue):
    counts = Counter(key for r in catalogue.records for key in r.keys("modality"))
    items = catalogue.vocab.modalities
    expected = {_modality(items[key]): counts[key] for key in items}
    figure = _figure(site, "entries-per-modality")
    drawn = _bars(figure)
    assert set(drawn) == set(expected)
    assert {label: sum(v) for label, v in drawn.items()} == expected
    values = [expected[label] for label in drawn]
    assert values == sorted(values, reverse=True)  # most first
    assert {row[0]: int(row[1]) for row in _table(figure)} == expected


def test_bar_lengths_are_proportional_to_the_counts(site):
    for key in ("entries-per-modality", "top-venues", "papers-per-year"):
        rects = _figure(site, key).svg.select("rect")
        ratios = {round(float(r["width"]) / float(r["data-value"]), 1) for r in rects}
        spread = max(ratios) - min(ratios)
        assert spread <= 0.2, (key, ratios)  # one scale, up to rounding to 0.1 px


def test_code_and_open_weights_shares_match_the_data(site, catalogue):
    models = [r for r in catalogue.models if r.entry.year]
    figure = _figure(site, "code-and-weights")
    rows = _table(figure)
    years = sorted({r.entry.year for r in models})
    assert [row[0] for row in rows] == [str(y) for y in years]
    drawn = list(_bars(figure).values())
    for row, year, bars in zip(rows, years, drawn, strict=True):
        of_year = [r for r in models if r.entry.year == year]
        code = sum(1 for r in of_year if r.entry.links.code)
        weights = sum(1 for r in of_year if r.entry.links.weights)
        assert row[1] == str(len(of_year))
        assert row[2] == f"{code} ({round(100 * code / len(of_year))}%)"
        assert row[3] == f"{weights} ({round(100 * weights / len(of_year))}%)"
        shares = [round(100 * code / len(of_year)), round(100 * weights / len(of_year))]
        assert bars == [float(s) for s in shares if s]
    ticks = [t.get_text() for t in figure.svg.select("text.atlas-chart__tick")]
    assert ticks[0] == "0%" and ticks[-1] == "100%"


def test_top_venues_match_the_data(site, catalogue):
    counts = Counter(r.entry.venue for r in catalogue.records if r.entry.venue)
    figure = _figure(site, "top-venues")
    drawn = {label: sum(v) for label, v in _bars(figure).items()}
    assert 0 < len(drawn) <= 10
    names = {catalogue.vocab.venues[key].name: n for key, n in counts.items()}
    assert all(names[name] == n for name, n in drawn.items())
    smallest = min(drawn.values())
    left_out = [n for name, n in names.items() if name not in drawn]
    assert all(n < smallest for n in left_out)  # no venue with more entries is left out
    assert [row[0] for row in _table(figure)] == list(drawn)


def test_fact_coverage_matches_biofm_stats(site, catalogue):
    figure = _figure(site, "fact-coverage")
    rows = _table(figure)
    facts = coverage(catalogue)
    assert [row[0].lower() for row in rows] == [f.label for f in facts]
    for row, fact in zip(rows, facts, strict=True):
        assert row[1:] == [f"{fact.have} of {fact.total}", f"{fact.percent}%"]
    drawn = list(_bars(figure).values())
    assert drawn == [[float(f.percent)] if f.percent else [] for f in facts]


def test_svg_text_is_at_least_twelve_pixels_and_drawn_unscaled():
    css = (ROOT / "docs" / "stylesheets" / "atlas.css").read_text("utf-8")
    rule = re.search(r"\.atlas-chart__svg text \{([^}]*)\}", css).group(1)
    assert int(re.search(r"font-size:\s*(\d+)px", rule).group(1)) >= 12
    assert "max-width: none" in re.search(r"\.atlas-chart__svg \{([^}]*)\}", css).group(1)


def test_stats_page_shows_hostile_labels_as_text(data_copy):
    """A venue name and a modality label with markup reach the SVG labels, its <desc> and
    the table as text (the data read by the real loader, the page by the real renderer)."""
    vocab = data_copy / "vocab"
    for name, field in (("venues", "name"), ("modalities", "label")):
        items = yaml.safe_load((vocab / f"{name}.yml").read_text("utf-8"))
        items[0][field] = HOSTILE  # arXiv and ECG: both have the most entries
        (vocab / f"{name}.yml").write_text(yaml.safe_dump(items), encoding="utf-8")
    cat = load_catalogue(data_copy)
    html = Renderer(ROOT / "overrides" / "atlas", cat).render(
        "stats.html", URL, figures=all_figures(cat)
    )
    soup = BeautifulSoup(html, "html.parser")
    for key, shown in (("top-venues", HOSTILE), ("entries-per-modality", f"{HOSTILE} (")):
        figure = soup.select_one(f'figure[data-figure="{key}"]')
        (label,) = [t.get_text() for t in figure.select("text.atlas-chart__label")
                    if t.get_text().startswith(shown)]  # fmt: skip
        assert figure.desc.get_text().count(label) == 1
        assert label in [th.get_text() for th in figure.select("tbody th")]
    assert soup.find("script") is None and soup.find("b") is None
    assert "<script>" not in html and "{{ 7*7 }}" in soup.get_text()  # shown, not evaluated


def test_stats_page_is_in_the_nav(site):
    nav = site.soup("").select_one("nav.md-nav--primary")
    assert nav.find("a", href="stats/") is not None
