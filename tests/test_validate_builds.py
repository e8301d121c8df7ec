"""Property: whatever `biofm validate` accepts, the build renders.

Hypothesis draws small catalogues from the schema's own rules: for every kind of entry, each
field of its pydantic model (nested model cards, links and corrections included) is drawn
from a strategy for that field, required fields always and optional ones sometimes, with
vocabulary keys from the real vocabularies and references to the drawn entries. The files
are written into a copy of ``data/`` (its vocabularies and site prose). When ``biofm
validate`` accepts the copy, every generated page, the home page snippets, the nav, the
exports and LIST.md must render, and the timeline must keep every dot inside its picture.
A few such catalogues also go through the real ``mkdocs build --strict``, in-process.
"""

from __future__ import annotations

import datetime as dt
import shutil
import string
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import get_args, get_origin

import pytest
import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config
from pydantic import BaseModel
from test_timeline import in_figure, overlapping
from typer.testing import CliRunner

from biofm import awesome, exports, timeline
from biofm.build import BuildState, page_meta
from biofm.catalogue import Catalogue
from biofm.cli import app
from biofm.loader import load_catalogue
from biofm.problems import CatalogueError
from biofm.registry import KIND, KINDS
from biofm.schema import (
    SOURCED_FACTS,
    Correction,
    DataScale,
    Links,
    ModelCard,
    Sources,
    Text,
    Url,
    vocab_fields,
)

from conftest import DATA, ROOT, accepted_as

TEMPLATES = ROOT / "overrides" / "atlas"
HOME_SNIPPETS = ("home-intro.html", "home-counts.html", "home-directions.html",
                 "home-modalities.html")  # fmt: skip
SITE_URL = "https://example.org/atlas/"
runner = CliRunner()


@cache
def keys(vocab: str) -> list[str]:
    """The keys of a real vocabulary, in file order."""
    return [item["key"] for item in yaml.safe_load((DATA / "vocab" / f"{vocab}.yml").read_text())]


# --------------------------------------------------------------------------- field strategies

is_text, is_url = accepted_as(Text), accepted_as(Url)
VISIBLE = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Cf", "Zl", "Zp"))
TEXT = st.one_of(
    st.text(VISIBLE, min_size=1, max_size=12),
    st.sampled_from(["[/x]", "[link=https://e.org]x[/link]", "{{ 7*7 }}", "<b>", ": x", "-"]),
).filter(is_text)
RAW = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
HOST = st.text(string.ascii_lowercase + string.digits + "-", min_size=1, max_size=8)
URL = st.one_of(
    st.builds("https://arxiv.org/abs/{:02d}{:02d}.{:05d}".format,
              st.integers(0, 99), st.integers(1, 12), st.integers(0, 99999)),
    st.builds("https://doi.org/10.{}/{}".format, st.integers(1000, 99999), HOST),
    st.builds("{}://{}.{}/{}".format, st.sampled_from(["http", "https"]), HOST,
              st.sampled_from(["org", "com", "io"]), st.text(VISIBLE, max_size=10)),
).map(lambda url: "".join(url.split())).filter(is_url)  # fmt: skip
LICENCE = st.sampled_from(["MIT", "Apache-2.0", "CC-BY-NC-4.0", "MIT OR Apache-2.0"])


def distinct(vocab: str, at_least: int = 0) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(keys(vocab)), min_size=at_least, max_size=3, unique=True)


def at_least(info) -> int:
    """The ``min_length`` a list field declares (0 when it declares none)."""
    return max((getattr(m, "min_length", 0) or 0 for m in info.metadata), default=0)


def ids(kind: str, count: dict[str, int]) -> st.SearchStrategy[list[str]]:
    """Distinct ids of the drawn entries of ``kind`` (references must name real entries)."""
    drawn = [f"{kind}-{i}" for i in range(count[kind])]
    return st.lists(st.sampled_from(drawn), max_size=2, unique=True) if drawn else st.just([])


def model_strategy(model: type[BaseModel], fields: dict) -> st.SearchStrategy[dict]:
    """A mapping for ``model``: required fields always, optional ones sometimes."""
    drawn = {name: field_strategy(model, name, info, fields)
             for name, info in model.model_fields.items()}  # fmt: skip
    required = {name: s for name, s in drawn.items() if model.model_fields[name].is_required()}
    optional = {name: s for name, s in drawn.items() if name not in required}
    return st.fixed_dictionaries(required, optional=optional)


NESTED = {"links": Links, "sources": Sources, "pretraining_data": DataScale, "model": ModelCard}


def field_strategy(model, name: str, info, fields: dict) -> st.SearchStrategy:
    """The values the schema allows for one field (every field of every model is covered)."""
    vocab = vocab_fields(model).get(name)
    if vocab:
        many = get_origin(info.annotation) is tuple
        return distinct(vocab, at_least(info)) if many else st.sampled_from(keys(vocab))
    if name in NESTED:
        return model_strategy(NESTED[name], fields)
    if name == "corrections":
        return st.lists(model_strategy(Correction, fields), max_size=2)
    own = (model.__name__, name)  # e.g. Sources.name, not the entry's name
    return fields[own] if own in fields else fields[name]


FIELDS: dict = {
    "title": TEXT, "name": TEXT, "description": TEXT, "channels": TEXT, "full_name": TEXT,
    "individuals": TEXT, "hours": TEXT, "data_scale": TEXT, "model_size": TEXT,
    "parameters_stated": TEXT, "stated": TEXT, "field": TEXT, "note": TEXT,
    "aliases": st.lists(TEXT, max_size=2), "authors": st.lists(TEXT, max_size=3),
    "seed": RAW, "now": RAW,
    "year": st.integers(1950, 2100),
    "first_online": st.builds("{:04d}-{:02d}".format, st.integers(0, 9999), st.integers(1, 12)),
    "doi": st.builds("10.{}/{}".format, st.integers(1000, 999999999), HOST),
    "added": st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)).map(str),
    "ssl_not_claimed_fm": st.booleans(),
    "parameters": st.integers(1, 10**13),
    "amount": st.floats(min_value=1e-6, max_value=1e15, allow_nan=False),
    "unit": st.sampled_from(get_args(DataScale.model_fields["unit"].annotation)),
    "sampling_rate_hz": st.floats(min_value=1e-3, max_value=1e6, allow_nan=False),
    "code_licence": LICENCE, "weights_licence": LICENCE,
    **dict.fromkeys(Links.model_fields, URL),
    **{("Sources", name): URL for name in Sources.model_fields},
}  # fmt: skip
REFERENCES = {"builds_on": "tsfm", "pretrained_on": "dataset", "evaluated_on": "dataset"}


def field_strategies(count: tuple[tuple[str, int], ...]) -> dict:
    """FIELDS, with references to the drawn entries (``count``: entries per kind)."""
    drawn = dict(count)
    return {**FIELDS, **{name: ids(target, drawn) for name, target in REFERENCES.items()}}


@cache
def entry_strategy(kind: str, count: tuple[tuple[str, int], ...]) -> st.SearchStrategy[dict]:
    """One entry of ``kind``; its references name entries among the drawn ones."""
    return model_strategy(KIND[kind].model, field_strategies(count))


def consistent(entry: dict, kind: str, index: int) -> dict:
    """Adjust a drawn entry to the rules that tie fields together: unique titles, LLM roles
    only with the llm direction, and a source exactly for each fact that needs one."""
    entry["title"] = f"{entry['title']} {kind}{index}"
    if "llm" not in entry.get("directions", ()):
        entry.pop("llm_roles", None)
    sources = {k: v for k, v in (entry.get("sources") or {}).items() if k == "entry"}
    for source, paths in SOURCED_FACTS.items():
        if any(_value(entry, path) not in (None, [], "") for path in paths):
            sources[source] = f"https://example.org/source/{source}"
    entry["sources"] = sources
    return entry


def _value(data: dict, path: str):
    for part in path.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    return data


@st.composite
def catalogues(draw) -> dict[str, dict]:
    """File name -> entry: a few entries of every kind, referring to each other."""
    count = {kind.key: draw(st.integers(1 if kind.key == "paper" else 0, 2)) for kind in KINDS}
    files = {}
    for kind in KINDS:
        for index in range(count[kind.key]):
            entry = draw(entry_strategy(kind.key, tuple(count.items())))
            files[f"{kind.folder}/{kind.key}-{index}.yml"] = consistent(entry, kind.key, index)
    return files


# --------------------------------------------------------------------------- the property


@pytest.fixture(scope="module")
def project() -> Iterator[None]:
    """biofm and mkdocs run on this project (its mkdocs.yml), as from its folder (the
    templates are compiled once for all examples: see ``templating.environment``)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        patch.setenv("NO_MKDOCS_2_WARNING", "1")
        patch.delenv("ATLAS_DATA_DIR", raising=False)
        yield


def write_data(root: Path, files: dict[str, dict]) -> Path:
    """A copy of data/ (vocabularies and site prose) holding only ``files``."""
    if root.exists():
        shutil.rmtree(root)
    data = root / "data"
    shutil.copytree(DATA / "vocab", data / "vocab")
    shutil.copy(DATA / "site.yml", data / "site.yml")
    for kind in KINDS:
        (data / kind.folder).mkdir()
    for name, entry in files.items():
        text = yaml.safe_dump(entry, allow_unicode=True, sort_keys=False)
        (data / name).write_text(text, encoding="utf-8")
    return data


def validate(data: Path) -> bool:
    """``biofm validate`` on the data: True when it accepts it."""
    result = runner.invoke(app, ["validate", "--data-dir", str(data)])
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    return result.exit_code == 0


def accepted(data: Path) -> Catalogue | None:
    """The catalogue when the data is valid: what `biofm validate` accepts (it exits 0
    exactly when loading raises no CatalogueError), without a second load."""
    try:
        catalogue = load_catalogue(data)
    except CatalogueError:
        event("refused")
        return None
    event("accepted")
    return catalogue


@cache
def site_nav() -> list:
    return load_config(str(ROOT / "mkdocs.yml")).nav


def page_url(src_uri: str) -> str:
    stem = src_uri.removesuffix(".md").removesuffix("index").rstrip("/")
    return f"{stem}/" if stem else ""


def render_everything(cat: Catalogue) -> None:
    """What a build renders from the data: pages, home snippets, nav, exports, LIST.md."""
    state = BuildState.plan(cat, TEMPLATES, SITE_URL)
    for uri, spec in state.pages.items():
        page_meta(spec)
        assert state.renderer.render(spec.template, page_url(uri), **spec.context)
    for snippet in HOME_SNIPPETS:
        state.renderer.render(snippet, "")
    state.renderer.render("home-latest.html", "", records=cat.latest(8))
    assert state.expand_nav(site_nav())
    for export in exports.FORMATS.values():
        export(cat, SITE_URL)
    awesome.render_list(cat, SITE_URL)
    check_timeline(timeline.build_timeline(cat))


def check_timeline(drawn: timeline.Timeline) -> None:
    """Every mark, label and tick is inside the picture, no two labels overlap; at most
    MAX_TICKS year ticks."""
    inside = range(timeline.LEFT, timeline.WIDTH - timeline.RIGHT + 1)
    for lane in drawn.lanes:
        for mark in lane.marks:
            assert inside.start <= mark.x0 <= mark.x1 <= inside.stop and mark.month, mark
            assert lane.y <= mark.cy <= lane.y + lane.height <= drawn.height
    assert in_figure(drawn) and overlapping(drawn) == []
    assert all(inside.start <= x <= inside.stop for x, _ in drawn.ticks)
    assert 1 <= len(drawn.ticks) <= timeline.MAX_TICKS


# The paper `biofm new` wrote before it asked for the year: no year, no link, no date.
NEW_PAPER = {"title": "My Model", "modalities": ["ecg"], "directions": ["pretraining"],
             "added": "2026-11-28"}  # fmt: skip
UNDATED = {"papers/paper-0.yml": NEW_PAPER}
FAR_APART = {
    "papers/paper-0.yml": {**NEW_PAPER, "first_online": "0000-01"},
    "papers/paper-1.yml": {**NEW_PAPER, "title": "Other", "year": 2100,
                           "first_online": "9999-12"},
}  # fmt: skip


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@example(files=UNDATED)
@example(files=FAR_APART)
@given(files=catalogues())
def test_what_validate_accepts_renders(project, tmp_path_factory, files):
    catalogue = accepted(write_data(tmp_path_factory.getbasetemp() / "validate-builds", files))
    if catalogue is not None:
        render_everything(catalogue)


@settings(max_examples=4, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@example(files=UNDATED)
@given(files=catalogues())
def test_what_validate_accepts_passes_the_real_build(project, tmp_path_factory, files):
    root = tmp_path_factory.getbasetemp() / "validate-real-builds"
    data = write_data(root, files)
    if not validate(data):
        return
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(root / "site"), strict=True)
    config.plugins["atlas"].config.data_dir = str(data)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    assert (root / "site" / "papers" / "paper-0" / "index.html").is_file()
    assert (root / "site" / "timeline" / "index.html").is_file()


def test_the_strategies_cover_every_field_of_every_kind():
    """A field added to the schema must get a strategy here (KeyError otherwise)."""
    count = tuple((kind.key, 1) for kind in KINDS)
    for model in (*(kind.model for kind in KINDS), *NESTED.values(), Correction):
        for name, info in model.model_fields.items():
            field_strategy(model, name, info, field_strategies(count))
