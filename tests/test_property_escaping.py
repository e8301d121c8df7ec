"""Property tests: any text in any field of an entry renders as exactly that text.

Entries are built in memory from strings that Hypothesis draws (arbitrary Unicode, control
characters included, mixed with fragments of HTML, Jinja and XML syntax), rendered through
:class:`biofm.render.Renderer` for every page the build generates (``biofm.pages``), and
parsed back with BeautifulSoup. Each string must come back as the exact text or attribute
value, and every page must have exactly the elements and attribute names that the same
page has for harmless strings: data never adds markup.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from bs4 import BeautifulSoup, CData, Comment, Declaration, Doctype, ProcessingInstruction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from biofm import timeline
from biofm.catalogue import Catalogue, Record
from biofm.loader import load_catalogue
from biofm.pages import all_pages
from biofm.registry import KIND
from biofm.render import Renderer
from biofm.schema import Dataset, Person, Text, Title, Url
from biofm.textrules import first_control

from conftest import DATA, ROOT, accepted_as, page_url

TEMPLATES = ROOT / "overrides" / "atlas"

HOSTILE = (
    "<script>",
    "</script>",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "{{ 7*7 }}",
    "{% raw %}",
    "{% endraw %}",
    "{# x #}",
    "${7*7}",
    "\"'&<>",
    '" onmouseover="alert(1)',
    "' autofocus onfocus='alert(1)",
    "]]>",
    "<![CDATA[",
    "<!--",
    "-->",
    "<!DOCTYPE html>",
    "<?xml x?>",
    "</title>",
    "</textarea>",
    "</svg>",
    "&amp;",
    "&lt;b&gt;",
    "&#60;",
    "&copy",
    "javascript:",
    "\\",
    "\x00",
    "\r\n",
    "\x0b\x0c",
    "\u2028",
    "\u202e",
    "\ufeff",
    "\U0001fac0",
)

# Every text slot of the in-memory catalogue: (record, field) -> drawn string.
TEXT_SLOTS = (
    "paper.title",
    "paper.name",
    "paper.alias",
    "paper.author",
    "paper.parameters_stated",
    "paper.data_stated",
    "paper.channels",
    "paper.description",
    "paper.data_scale",
    "paper.model_size",
    "paper.correction_field",
    "paper.correction_note",
    "dataset.title",
    "dataset.description",
    "dataset.individuals",
    "dataset.hours",
    "tsfm.title",
    "tsfm.description",
    "tsfm.data_scale",
    "tsfm.model_size",
    "benchmark.title",
    "benchmark.full_name",
    "benchmark.description",
    "toolbox.title",
    "toolbox.description",
    "survey.title",
    "survey.description",
)
RAW_SLOTS = ("paper.correction_seed", "paper.correction_now")  # kept verbatim, no controls
URL_SLOTS = ("paper.link", "dataset.link", "paper.source")
SOURCED = ("name", "authors", "parameters", "pretraining_data", "pretrained_on", "channels")


def _pieces(piece: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(HOSTILE), piece), min_size=1, max_size=5).map("".join)


is_text, is_url = accepted_as(Text), accepted_as(Url)


@cache
def _text_char(char: str) -> bool:
    return is_text(f"x{char}x")


# Characters a text field refuses on their own (e.g. control characters) are dropped
# rather than filtered out, so that most draws are usable; the rest must pass as a whole.
TEXT = (
    _pieces(st.text(max_size=10))
    .map(lambda s: "".join(char for char in s if _text_char(char)))
    .filter(is_text)
)
# A link is one absolute http(s) URL without whitespace; anything may follow the host.
URL = (
    _pieces(st.text(max_size=10))
    .map(lambda s: "https://example.org/" + "".join(s.split()))
    .filter(is_url)
)

def _without_controls(text: str) -> str:
    return "".join(char for char in text if not first_control(char))


# Titles are text with one script per word (no look-alike spoofing).
TITLE = TEXT.filter(accepted_as(Title))
TITLE_SLOTS = tuple(slot for slot in TEXT_SLOTS if slot.endswith(".title"))

VALUES = st.fixed_dictionaries(
    {
        **dict.fromkeys(TEXT_SLOTS, TEXT),
        **dict.fromkeys(TITLE_SLOTS, TITLE),
        "paper.author": TEXT.filter(accepted_as(Person)),  # one person per item
        **dict.fromkeys(RAW_SLOTS, _pieces(st.text(max_size=10)).map(_without_controls)),
        **dict.fromkeys(URL_SLOTS, URL),
    }
)
# One example that holds every fragment a field accepts, in every field.
EVERYTHING = "".join(HOSTILE)
ALL_HOSTILE = {
    **dict.fromkeys(TEXT_SLOTS, "x" + "".join(f for f in HOSTILE if is_text(f"x{f}x")) + "x"),
    **dict.fromkeys(RAW_SLOTS, _without_controls(EVERYTHING)),
    **dict.fromkeys(
        URL_SLOTS,
        "https://example.org/"
        + "".join(
            "".join(f.split())
            for f in HOSTILE
            if is_url("https://example.org/" + "".join(f.split()))
        ),
    ),
}
# An author is one person: the same hostile text without list separators.
ALL_HOSTILE["paper.author"] = re.sub(r"[,;]|\band\b", " ", ALL_HOSTILE["paper.author"])
HARMLESS = {
    **{slot: f"harmless {slot}" for slot in (*TEXT_SLOTS, *RAW_SLOTS)},
    **{slot: f"https://example.org/{slot}" for slot in URL_SLOTS},
}


@cache
def real() -> Catalogue:
    """The real vocabularies and site prose (the entries are built per example)."""
    return load_catalogue(DATA)


def build(v: dict[str, str]) -> Catalogue:
    """A catalogue of one entry of each kind, its text fields filled from ``v``."""
    vocab = real().vocab
    common = {"venue": "arxiv", "year": 2025, "added": "2026-11-28"}
    raw = {
        "paper": {
            **common,
            "title": v["paper.title"],
            "description": v["paper.description"],
            "links": {"paper": v["paper.link"], "code": "https://example.org/code"},
            "modalities": ["emg"],
            "directions": ["pretraining", "tsfm-adaptation", "llm"],
            "llm_roles": ["agent"],
            "builds_on": ["hostile-tsfm"],
            "name": v["paper.name"],
            "aliases": [v["paper.alias"]],
            "authors": [v["paper.author"], "Second Author"],
            "model": {
                "data_scale": v["paper.data_scale"],
                "model_size": v["paper.model_size"],
                "parameters_stated": v["paper.parameters_stated"],
                "pretraining_data": {
                    "amount": 10,
                    "unit": "hours",
                    "stated": v["paper.data_stated"],
                },
                "pretrained_on": ["hostile-dataset"],
                "channels": v["paper.channels"],
            },
            "sources": dict.fromkeys(SOURCED, v["paper.source"]),
            "corrections": [
                {
                    "field": v["paper.correction_field"],
                    "seed": v["paper.correction_seed"],
                    "now": v["paper.correction_now"],
                    "note": v["paper.correction_note"],
                }
            ],
        },
        "dataset": {
            **common,
            "title": v["dataset.title"],
            "description": v["dataset.description"],
            "links": {"dataset": v["dataset.link"]},
            "modalities": ["emg", "ecg"],
            "individuals": v["dataset.individuals"],
            "hours": v["dataset.hours"],
        },
        "tsfm": {
            **common,
            "title": v["tsfm.title"],
            "description": v["tsfm.description"],
            "model": {
                "data_scale": v["tsfm.data_scale"],
                "model_size": v["tsfm.model_size"],
                "tasks": ["F", "C"],
            },
        },
        "benchmark": {
            **common,
            "title": v["benchmark.title"],
            "full_name": v["benchmark.full_name"],
            "description": v["benchmark.description"],
            "modalities": ["emg"],
        },
        "toolbox": {
            **common,
            "title": v["toolbox.title"],
            "description": v["toolbox.description"],
            "modalities": ["emg"],
        },
        "survey": {**common, "title": v["survey.title"], "description": v["survey.description"]},
    }
    assert set(raw) == set(KIND), "one hostile entry of every kind in the registry"
    records = []
    for key, data in raw.items():
        kind = KIND[key]
        entry = kind.model.model_validate(data, context={"vocab": vocab})
        records.append(Record(f"hostile-{key}", f"data/{kind.folder}/hostile-{key}.yml", entry))
    return Catalogue(vocab=vocab, site=real().site, records=records)


def render_all(cat: Catalogue) -> dict[str, BeautifulSoup]:
    renderer = Renderer(TEMPLATES, cat)
    return {
        spec.src_uri: BeautifulSoup(
            renderer.render(spec.template, page_url(spec.src_uri), **spec.context), "html.parser"
        )
        for spec in all_pages(cat)
    }


SPECIAL_NODES = (CData, Comment, Declaration, Doctype, ProcessingInstruction)


def shape(soup: BeautifulSoup) -> Counter:
    """Every element with its attribute names, and every comment or other special node."""
    tags = Counter((tag.name, tuple(sorted(tag.attrs))) for tag in soup.find_all(True))
    specials = Counter(
        type(node).__name__ for node in soup.descendants if isinstance(node, SPECIAL_NODES)
    )
    return tags + specials


@cache
def harmless_shapes() -> dict[str, Counter]:
    return {uri: shape(soup) for uri, soup in render_all(build(HARMLESS)).items()}


def dd_after(soup: BeautifulSoup, label: str):
    dt = soup.find("dt", string=label)
    assert dt is not None, label
    return dt.find_next_sibling("dd")


def check_entry_pages(pages: dict[str, BeautifulSoup], cat: Catalogue) -> None:
    for record in cat.records:
        soup, e = pages[record.src_uri], record.entry
        assert soup.h1.get_text() == record.display_title
        description = soup.select_one("p.atlas-entry-page__description")
        assert description.get_text() == e.description
        assert record.path not in soup.get_text(), "readers see no repository file path"
        if e.authors:
            authors = soup.select_one("p.atlas-authors")
            assert authors.get_text().startswith(", ".join(e.authors) + " ")
            assert authors.a["href"] == e.sources.authors
        if e.name:
            assert dd_after(soup, "Name").get_text().startswith(e.name)
        if e.links.items():
            hrefs = [a["href"] for a in dd_after(soup, "Links").select("a.atlas-link")]
            assert hrefs == [url for _, url in e.links.items()]
        facts = {
            "Individuals": record.get("individuals", None),
            "Duration (hours)": record.get("hours", None),
            "Full name": record.get("full_name", None),
        }
        for label, value in facts.items():
            if value is not None:
                assert dd_after(soup, label).get_text() == value, label
        card = record.card
        if card:
            rows = {"Dataset scale": card.data_scale, "Model size": card.model_size,
                    "Channels": card.channels}  # fmt: skip
            for label, value in rows.items():
                if value is not None:
                    assert card_cell(soup, label).get_text() == value, label
            if card.parameters_stated:
                stated = card_cell(soup, "Parameters").small.get_text()
                assert stated == f"as stated: {card.parameters_stated}"
    paper, dataset, tsfm = (cat.by_id[f"hostile-{k}"] for k in ("paper", "dataset", "tsfm"))
    soup = pages[paper.src_uri]
    assert dd_after(soup, "Builds on").a.get_text() == tsfm.entry.title
    assert card_cell(soup, "Pretrained on").a.get_text() == dataset.entry.title
    stated = card_cell(soup, "Pretraining data").small.get_text()
    assert stated == f"as stated: {paper.entry.model.pretraining_data.stated}"
    who = paper.entry.name
    assert dd_after(pages[tsfm.src_uri], "Adapted by").a.get_text() == who
    assert dd_after(pages[dataset.src_uri], "Models pretrained on it").a.get_text() == who


def card_cell(soup: BeautifulSoup, label: str):
    """The value cell of a model card row."""
    th = soup.select_one("section.atlas-model-card").find("th", string=label)
    assert th is not None, label
    return th.find_next_sibling("td")


def check_lists(pages: dict[str, BeautifulSoup], cat: Catalogue) -> None:
    """Facet, section, home-style lists and tables: titles, notes and links are exact."""
    by_url = {r.url: r for r in cat.records}
    seen = Counter()
    for uri, soup in pages.items():
        base = page_url(uri)
        for a in soup.select("a.atlas-entry__title"):
            target = a["href"].removeprefix("../" * base.count("/"))
            entry = by_url[target].entry
            shown = entry.name or entry.title if uri == "models.md" else entry.title
            assert a.get_text() == shown, (uri, a)
            seen[uri] += 1
        for li in soup.select("li.atlas-entry"):
            if uri == "benchmarks.md":  # its own layout, checked below
                continue
            seen[f"{uri} li"] += 1
            note = li.select_one("span.atlas-entry__note")
            assert note.get_text() == cat.by_id[li["id"]].entry.description, uri
            links = [a["href"] for a in li.select("a.atlas-link")]
            assert links == [url for _, url in cat.by_id[li["id"]].entry.links.items()], uri
    for facet in ("modalities/emg.md", "directions/llm.md", "llm-roles/agent.md", "papers.md"):
        assert seen[facet], facet
    for listing in ("modalities/emg.md", "directions/llm.md", "llm-roles/agent.md", "surveys.md"):
        assert seen[f"{listing} li"], listing  # their entries' notes and links were checked
    ds = pages["datasets.md"].select_one("tr#hostile-dataset").find_all("td")
    dataset = cat.by_id["hostile-dataset"].entry
    assert [ds[2].get_text(), ds[3].get_text()] == [dataset.individuals, dataset.hours]
    ts = pages["tsfm.md"].select_one("tr#hostile-tsfm").find_all("td")
    card = cat.by_id["hostile-tsfm"].entry.model
    assert [ts[3].get_text(), ts[4].get_text()] == [card.data_scale, card.model_size]
    bench = cat.by_id["hostile-benchmark"].entry
    item = pages["benchmarks.md"].select_one("li#hostile-benchmark").get_text()
    assert f"{bench.title} ({bench.full_name}): {bench.description} " in item


def check_corrections(pages: dict[str, BeautifulSoup], cat: Catalogue) -> None:
    paper = cat.by_id["hostile-paper"]
    (fix,) = paper.entry.corrections
    row = pages["corrections.md"].select_one("tr#hostile-paper")
    cells = row.find_all("td", recursive=False)
    assert cells[0].a.get_text() == paper.entry.title
    assert cells[1].code.get_text() == fix.field
    assert cells[2].select_one("code.atlas-seed").get_text() == fix.seed
    assert cells[3].code.get_text() == fix.now
    assert cells[4].get_text() == fix.note


def check_timeline(pages: dict[str, BeautifulSoup], cat: Catalogue) -> None:
    paper = cat.by_id["hostile-paper"]
    label = f"{paper.entry.title} ({paper.first_online})"
    soup = pages["timeline.md"]
    dots = soup.svg.find_all("a")
    assert len(dots) == len(paper.entry.directions)  # one dot per lane the paper is in
    name = paper.entry.name or timeline.short_label(paper)
    for dot in dots:
        assert dot["aria-label"] == label
        assert dot.title.get_text() == label
        assert dot.find("text").get_text() == name  # the label drawn beside the mark
    (listed,) = soup.select("ul.atlas-timeline-list a.atlas-entry__title")
    assert listed.get_text() == paper.entry.title


@settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@example(values=ALL_HOSTILE)
@given(values=VALUES)
def test_data_renders_as_text_never_as_markup(values):
    cat = build(values)
    pages = render_all(cat)
    expected = harmless_shapes()
    assert pages.keys() == expected.keys()
    for uri, soup in pages.items():
        assert shape(soup) == expected[uri], uri
    check_entry_pages(pages, cat)
    check_lists(pages, cat)
    check_corrections(pages, cat)
    check_timeline(pages, cat)


@settings(max_examples=50, deadline=None, database=None)
@given(text=TEXT)
@example(text=ALL_HOSTILE["paper.title"])
@example(text=" \u2028 x {{ 7*7 }} \u2028\u3000\xa0\t")
def test_text_fields_keep_the_string_they_were_given(text):
    """The model changes a string only by stripping surrounding whitespace, so checking
    the rendered text against the model's value checks it against the data."""
    entry = Dataset.model_validate(
        {"title": text, "individuals": text, "modalities": ["emg"], "added": "2026-11-28"},
        context={"vocab": real().vocab},
    )
    assert entry.title == entry.individuals
    start = text.find(entry.title)
    assert start >= 0
    assert not text[:start].strip() and not text[start + len(entry.title) :].strip()
