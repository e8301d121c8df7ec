"""Hostile strings in the data reach every output only as escaped text, never as markup or code."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from biofm.schema import Text, Title, today_utc

from conftest import DATA, Site, accepted_as, build_site

HOSTILE_TITLE = "<img src=x onerror=alert(1)> </title></script><script>alert(2)</script> {{ 7*7 }}"
HOSTILE_NOTE = '"><svg onload=alert(3)> {% raw %}x{% endraw %} *not emphasis* [link](javascript:x)'
HOSTILE_LABEL = "<b>Bad</b>{{ 6*7 }}"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Site:
    root = tmp_path_factory.mktemp("hostile")
    data = root / "data"
    shutil.copytree(DATA, data)
    entry = {
        "title": HOSTILE_TITLE,
        "year": 2026,
        "links": {"paper": "https://example.org/paper?a=1&b=<2>"},
        "modalities": ["emg", "evil"],
        "directions": ["pretraining", "llm"],
        "llm_roles": ["agent"],
        "description": HOSTILE_NOTE,
        "added": today_utc().isoformat(),
    }
    (data / "papers" / "hostile.yml").write_text(yaml.safe_dump(entry), encoding="utf-8")
    modalities = yaml.safe_load((data / "vocab" / "modalities.yml").read_text("utf-8"))
    modalities.append(
        {"key": "evil", "label": HOSTILE_LABEL, "name": HOSTILE_LABEL, "colour": "#000000"}
    )
    (data / "vocab" / "modalities.yml").write_text(yaml.safe_dump(modalities), encoding="utf-8")
    result = build_site(root / "site", data)
    assert result.returncode == 0, result.stderr
    return Site(root / "site")


PAGES = [
    "papers/hostile/",
    "",
    "papers/",
    "modalities/emg/",
    "modalities/evil/",
    "directions/llm/",
    "llm-roles/agent/",
    "timeline/",
]


@pytest.mark.parametrize("url", PAGES)
def test_no_injected_markup(hostile_site, url):
    soup = hostile_site.soup(url)
    assert soup.find("img", src="x") is None
    assert soup.find("svg", onload=True) is None
    assert not [s for s in soup.find_all("script") if "alert" in s.get_text()]
    assert soup.find("b", string="Bad") is None
    html = hostile_site.html(url)
    assert "<img src=x" not in html and "<script>alert" not in html


@pytest.mark.parametrize("url", PAGES)
def test_title_shows_literally(hostile_site, url):
    """The pages checked for injected markup do show the hostile entry (else they pass idly)."""
    text = hostile_site.content(url).get_text(" ")
    assert HOSTILE_TITLE in " ".join(text.split())


def test_entry_page_head_is_escaped(hostile_site):
    soup = hostile_site.soup("papers/hostile/")
    assert soup.title.get_text().startswith(HOSTILE_TITLE)
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description == HOSTILE_NOTE
    assert HOSTILE_NOTE in hostile_site.content("papers/hostile/").get_text()


def test_vocab_label_in_nav_is_escaped(hostile_site):
    nav = hostile_site.soup("").select_one("nav.md-nav--primary")
    assert HOSTILE_LABEL in nav.get_text()
    assert nav.find("b", string="Bad") is None


def test_search_index_holds_the_title_as_text_and_escaped_text(hostile_site):
    """Pagefind keeps a page's title and text as plain text (the search worker escapes both,
    see test_browser.py): the hostile strings arrive there whole, as text, so the entry's
    search snippet escaped them (markup would have been parsed away, a template run)."""
    docs = hostile_site.search_docs()
    doc = next(d for d in docs if d["location"] == "papers/hostile/")
    assert " ".join(doc["title"].split()) == " ".join(HOSTILE_TITLE.split())
    assert HOSTILE_TITLE.split("</title>")[0] in doc["text"]
    assert HOSTILE_NOTE.split(" *")[0] in doc["text"]  # "><svg onload=...> {% raw %}x{% endraw %}
    assert "{{ 7*7 }}" in doc["text"]


def test_links_keep_their_query_escaped(hostile_site):
    soup = hostile_site.content("papers/hostile/")
    assert soup.find("a", string="[paper]")["href"] == "https://example.org/paper?a=1&b=<2>"


def test_json_export_round_trips(hostile_site):
    payload = json.loads((hostile_site.root / "catalogue.json").read_text("utf-8"))
    entry = next(e for e in payload["entries"] if e["id"] == "hostile")
    assert entry["title"] == HOSTILE_TITLE


FRAGMENTS = st.sampled_from(
    ["<script>alert(1)</script>", "</title>", "<img src=x onerror=alert(1)>", "{{ 7*7 }}",
     "{% if 1 %}y{% endif %}", "\"'&<>", "&lt;b&gt;", "*em*", "[a](javascript:x)", "]]>", "-->"]
)  # fmt: skip
BUILD_TEXT = (
    st.lists(st.one_of(FRAGMENTS, st.text(max_size=8)), min_size=1, max_size=5)
    .map("".join)
    .filter(accepted_as(Text))
)
SLOW = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]


@settings(max_examples=3, deadline=None, database=None, suppress_health_check=SLOW)
@given(title=BUILD_TEXT.filter(accepted_as(Title)), note=BUILD_TEXT)
@example(title="<script>alert(1)</script> {{ 7*7 }} </title>*x*", note='"\' onmouseover="alert(1)')
def test_any_title_survives_the_real_build_escaped(tmp_path_factory, title, note):
    """Arbitrary text through the whole MkDocs build: page, head, search index."""
    root = tmp_path_factory.mktemp("prop")
    data = root / "data"
    shutil.copytree(DATA, data)
    entry = {"title": title, "year": 2026, "modalities": ["emg"], "directions": ["llm"],
             "llm_roles": ["agent"], "description": note}  # fmt: skip
    entry["added"] = today_utc().isoformat()  # the latest an entry may have
    (data / "papers" / "prop.yml").write_text(yaml.safe_dump(entry), encoding="utf-8")
    result = build_site(root / "site", data)
    assert result.returncode == 0, result.stderr
    site = Site(root / "site")
    soup = site.soup("papers/prop/")
    norm = " ".join(title.split())
    assert " ".join(soup.select_one("article h1").get_text().split()) == norm
    assert " ".join(soup.title.get_text().split()).startswith(norm)
    assert soup.find("meta", attrs={"name": "description"})["content"] == note.strip()
    assert soup.find("img", src="x") is None
    assert not [s for s in soup.find_all("script") if "alert" in s.get_text()]
    doc = next(d for d in site.search_docs() if d["location"] == "papers/prop/")
    assert " ".join(doc["title"].split()) == norm  # plain text: the search worker escapes it
    # Listed among the additions (entries of the real data may share its date).
    (listed,) = site.content("whats-new/").select('a.atlas-entry__title[href$="papers/prop/"]')
    assert " ".join(listed.get_text().split()) == norm


def test_social_meta_is_escaped(hostile_site):
    head = hostile_site.soup("papers/hostile/").head
    assert head.find("meta", property="og:title")["content"] == HOSTILE_TITLE
    assert head.find("meta", property="og:description")["content"] == HOSTILE_NOTE
    assert head.find("script", string=lambda s: s and "alert" in s) is None
