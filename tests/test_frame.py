"""Entry pages filled into Material's page frame (biofm/frame.py) are byte for byte the
pages a full Material render gives: on the real site, with hostile data, and the frame
refuses what it cannot prove."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
import yaml
from markupsafe import Markup, escape
from mkdocs.commands.build import build
from mkdocs.config import load_config

from biofm import frame
from biofm.registry import KINDS

from conftest import DATA, ROOT, Site, build_site

FILLED = re.compile(r"atlas: (\d+) entry pages filled into (\d+) page frames, (\d+) rendered")


def html_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.html")}


def assert_same_site(framed: Path, full: Path) -> None:
    one, two = html_files(framed), html_files(full)
    assert sorted(one) == sorted(two)
    differ = [name for name in one if one[name] != two[name]]
    assert differ == [], f"{len(differ)} pages differ, e.g. {differ[:3]}"


def test_real_site_framed_equals_full_render(site, catalogue, tmp_path):
    """The session site (frames on) against a build with ``ATLAS_FRAME=false``: every
    page byte for byte, and every entry page was filled from a frame (one per kind)."""
    result = build_site(tmp_path / "full", ATLAS_FRAME="false")
    assert result.returncode == 0, result.stderr
    entries = len(catalogue.records)
    folders = {record.folder for record in catalogue.records}
    assert FILLED.search(site.log).groups() == (str(entries), str(len(folders)), "0")
    assert not FILLED.search(result.stderr)  # frames off: nothing filled
    assert_same_site(site.root, tmp_path / "full")


# Titles and descriptions that would break a sloppy fill: markup, template syntax, quotes,
# entities, and text that looks like the frame's own placeholders.
HOSTILE = [
    ("<script>alert(1)</script> {{ 7*7 }}", "</title><script>alert(2)</script>"),
    ("Quotes \"double\" 'single' & &amp; &lt;b&gt;", 'A "quoted" <b>note</b> &amp; more'),
    ("atlasframeslot0&<h1 Look-alike", "atlasframeslot5&amp;&lt;h1 and atlasframeslot1&<h1"),
    ("\\u0000atlasframeslot3&<h1\\u0000 {% raw %}x{% endraw %}", "{{ page.title }} $1 \\1"),
]


def hostile_data(root: Path) -> Path:
    """The real vocabularies and only hostile papers (and one dataset)."""
    data = root / "data"
    shutil.copytree(DATA / "vocab", data / "vocab")
    shutil.copy(DATA / "site.yml", data / "site.yml")
    for kind in KINDS:
        (data / kind.folder).mkdir()
    for i, (title, description) in enumerate(HOSTILE):
        entry = {"title": title, "description": description, "venue": "iclr", "year": 2026,
                 "modalities": ["eeg"], "directions": ["pretraining"],
                 "added": "2026-11-01"}  # fmt: skip
        (data / "papers" / f"hostile-{i}.yml").write_text(yaml.safe_dump(entry), "utf-8")
    dataset = {"title": HOSTILE[0][0], "modalities": ["ecg"], "added": "2026-11-02"}
    (data / "datasets" / "hostile-set.yml").write_text(yaml.safe_dump(dataset), "utf-8")
    return data


def _build(data: Path, site_dir: Path, framed: bool) -> tuple[int, int]:
    """Pages filled into a frame and pages the framer rendered in full, in this build (the
    plugin object is kept between builds of one process, as ``mkdocs serve`` keeps it)."""
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir))
    config.plugins["atlas"].config.data_dir = str(data)
    config.plugins["atlas"].config.frame = framed
    build(config)
    framer = config.plugins["atlas"].framer
    return framer.framed, framer.full


def test_hostile_titles_framed_equal_full_render(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(ROOT)
    data = hostile_data(tmp_path)
    framed = _build(data, tmp_path / "framed", True)
    full = _build(data, tmp_path / "full", False)
    assert framed == (len(HOSTILE) + 1, 0)
    assert full == (0, 0)  # the theme rendered them itself
    assert_same_site(tmp_path / "framed", tmp_path / "full")
    page = Site(tmp_path / "framed").soup("papers/hostile-0/")
    assert page.title.get_text() == f"{HOSTILE[0][0]} - Biosignal Foundation Model Atlas"
    assert page.select_one('meta[property="og:description"]')["content"] == HOSTILE[0][1]
    assert page.select_one("article h1").get_text() == HOSTILE[0][0]
    assert not [s for s in page.find_all("script") if "alert" in s.get_text()]


# --- the frame on its own: a small theme in a Jinja environment, pages as plain objects


def theme(main: str) -> tuple[jinja2.Environment, frame.Framer]:
    env = jinja2.Environment(loader=jinja2.DictLoader({"main.html": main, "x.html": "{{ f() }}"}))
    framer = frame.Framer({})
    env.globals["f"] = framer.render
    return env, framer


def page(name: str, title: str, **meta) -> SimpleNamespace:
    return SimpleNamespace(
        url=f"papers/{name}/",
        title=escape(title),
        content=Markup(f"<h1>{escape(title)}</h1><p>{name}</p>"),
        canonical_url=f"https://x.org/papers/{name}/?a=1&b=2",
        edit_url=f"https://x.org/edit/{name}.yml",
        meta={"title": escape(title), "description": escape(f"About {title}"), **meta},
        toc=[],
    )


def render_both(env, pages) -> list[tuple[str, str]]:
    """Each page through the frame and rendered in full."""
    out = []
    for p in pages:
        context = {"page": p, "base_url": "../.."}
        framed = env.get_template("x.html").render(context)
        out.append((framed, env.get_template("main.html").render(context)))
    return out


PAGES = [page("a", "A & <b>"), page("b", 'B "q"'), page("c", "atlasframeslot0&<h1")]


def test_fill_writes_each_value_as_the_template_escapes_it():
    main = (
        '<title>{{ page.meta.title }}</title><meta content="{{ page.meta.description | e }}">'
        '<link href="{{ page.canonical_url }}"><meta content="{{ page.canonical_url | e }}">'
        "<a href='{{ page.edit_url }}'>{{ page.url }}</a>{{ base_url }}"
        "{% if '<h1' not in page.content %}<h1>x</h1>{% endif %}{{ page.content }}"
    )
    env, framer = theme(main)
    for filled, full in render_both(env, PAGES):
        assert filled == full
    assert (framer.framed, framer.full, len(framer.frames["papers"])) == (3, 0, 1)


def test_a_page_that_reads_differently_gets_its_own_frame():
    env, framer = theme("{{ page.meta.author }}|{{ page.meta.title }}|{{ page.content }}")
    pages = [page("a", "A", author="X"), page("b", "B", author="Y"), page("c", "C", author="X")]
    for filled, full in render_both(env, pages):
        assert filled == full
    assert (framer.framed, len(framer.frames["papers"])) == (3, 2)


@pytest.mark.parametrize(
    "main",
    [
        "<title>{{ page.title | striptags }}</title>{{ page.content }}",  # altered value
        "{{ page.title | truncate(5) }}{{ page.content }}",
        "{{ page.edit_url | urlencode }}{{ page.content }}",
        "{{ build_date_utc }}{{ page.content }}",  # differs between pages
    ],
)
def test_a_frame_that_alters_a_value_is_refused(main):
    """Refused from the sentinels alone: the first page's plain values come out the same
    either way, so comparing it with its full render would not show the problem."""
    env, framer = theme(main)
    for p in [page("p", "Plain"), *PAGES]:
        context = {"page": p, "build_date_utc": "2026-11-29 10:00:0" + p.url[7]}
        filled = env.get_template("x.html").render(context)
        assert filled == env.get_template("main.html").render(context)
    assert (framer.framed, framer.full, framer.broken) == (0, 4, {"papers"})


def test_pages_a_frame_cannot_fill_render_in_full():
    env, framer = theme("{{ page.meta.title }}{{ page.content }}")
    no_h1 = page("d", "D")
    no_h1.content = Markup("<p>no heading</p>")
    no_edit = page("e", "E")
    no_edit.edit_url = None
    for filled, full in render_both(env, [no_h1, no_edit]):
        assert filled == full
    assert (framer.framed, framer.full) == (0, 2)
