"""The registry and the pure parts derived from it, on a tiny hand-made catalogue.

These golden tests pin the page list, the nav, front matter and timeline geometry
without building a site.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jinja2
import pytest
import yaml

from biofm import jsonschema
from biofm.build import NAV_FACETS, NAV_KINDS, BuildState, page_meta
from biofm.catalogue import Catalogue, Record
from biofm.registry import ENTRY_FIELDS, FACET, FACETS, KIND, KINDS
from biofm.schema import (
    Dataset,
    Direction,
    LlmRole,
    Modality,
    Paper,
    Task,
    Tsfm,
    Venue,
    vocab_fields,
)
from biofm.timeline import build_timeline
from biofm.vocab import Vocabularies

from conftest import DATA, ROOT

TEMPLATES = ROOT / "overrides" / "atlas"


def tiny_catalogue(real_site) -> Catalogue:
    vocab = Vocabularies(
        modalities={
            "ecg": Modality(key="ecg", label="ECG", name="Electrocardiography", colour="#b71c1c"),
            "eeg": Modality(
                key="eeg", label="EEG", name="Electroencephalography", colour="#1565c0"
            ),
        },
        directions={
            "pretraining": Direction(key="pretraining", label="Pretraining from scratch",
                                     short="Pretraining", description="d", colour="#1b5e20"),
            "llm": Direction(key="llm", label="Large language models", short="LLM",
                             description="d", colour="#4a148c"),
        },
        llm_roles={"agent": LlmRole(key="agent", label="Agent", icon="material/robot",
                                    list_emoji="A", description="d", colour="#37474f")},
        tasks={"F": Task(key="F", label="Forecasting")},
        venues={"iclr": Venue(key="iclr", name="ICLR", type="conference"),
                "arxiv": Venue(key="arxiv", name="arXiv", type="preprint")},
    )  # fmt: skip
    context = {"vocab": vocab}
    added = dt.date(2026, 1, 1)

    def paper(id_, **fields):
        data = {"added": added, "modalities": ["ecg"], "directions": ["pretraining"], **fields}
        return Record(id_, f"data/papers/{id_}.yml", Paper.model_validate(data, context=context))

    records = [
        paper("alpha", title="Alpha", venue="iclr", year=2024,
              links={"paper": "https://arxiv.org/abs/2401.00001"}),
        paper("beta", title="Beta", venue="arxiv", year=2025, modalities=["ecg", "eeg"],
              directions=["pretraining", "llm"], llm_roles=["agent"],
              links={"paper": "https://arxiv.org/abs/2506.00002"}),
        paper("gamma", title="Gamma", year=2025, links={"paper": "https://arxiv.org/abs/2501.00003"}),
        Record("set", "data/datasets/set.yml",
               Dataset.model_validate({"title": "Set", "modalities": ["eeg"], "added": added},
                                      context=context)),
        Record("tf", "data/tsfm/tf.yml",
               Tsfm.model_validate({"title": "TF", "venue": "iclr", "year": 2024, "added": added},
                                   context=context)),
    ]  # fmt: skip
    return Catalogue(vocab=vocab, site=real_site, records=records)


@pytest.fixture(scope="module")
def tiny(catalogue) -> Catalogue:
    return tiny_catalogue(catalogue.site)


@pytest.fixture(scope="module")
def state(tiny) -> BuildState:
    return BuildState.plan(tiny, TEMPLATES)


def test_every_kind_has_its_data_folder_schema_and_template():
    for kind in KINDS:
        assert (DATA / kind.folder).is_dir(), kind.key
        assert (ROOT / "docs" / "schema" / kind.schema_file).is_file(), kind.key
        assert (TEMPLATES / kind.template).is_file(), kind.key
        assert kind.link in KINDS[0].model.model_fields["links"].annotation.model_fields


def test_every_facet_names_a_vocabulary_field_and_has_an_index_template():
    for facet in FACETS:
        assert (DATA / "vocab" / f"{facet.vocab}.yml").is_file(), facet.key
        assert (TEMPLATES / facet.index_template).is_file(), facet.key
        assert facet.field in ENTRY_FIELDS


def test_vocabulary_fields_are_declared_in_the_schema_only():
    assert vocab_fields(Paper) == {
        "venue": "venues",
        "modalities": "modalities",
        "directions": "directions",
        "llm_roles": "llm_roles",
        "model.tasks": "tasks",
    }
    assert vocab_fields(Tsfm) == {"venue": "venues", "modalities": "modalities",
                                  "model.tasks": "tasks"}  # fmt: skip


def test_json_schema_enums_come_from_the_vocabularies(catalogue):
    schema = jsonschema.entry_schema("papers", catalogue.vocab)
    props = schema["properties"]
    assert props["modalities"]["items"]["enum"] == list(catalogue.vocab.modalities)
    assert props["llm_roles"]["items"]["enum"] == list(catalogue.vocab.llm_roles)
    venue = next(o for o in props["venue"]["anyOf"] if o.get("type") == "string")
    assert venue["enum"] == list(catalogue.vocab.venues)
    card = schema["$defs"]["ModelCard"]["properties"]["tasks"]
    assert card["items"]["enum"] == list(catalogue.vocab.tasks)
    assert json.loads(jsonschema.render_all(catalogue.vocab)["tsfm.schema.json"])


def test_indexes_follow_the_registry(tiny):
    assert {k: [r.id for r in v] for k, v in tiny.index("modality").items()} == {
        "ecg": ["beta", "gamma", "alpha"],
        "eeg": ["beta", "set"],
    }
    assert {k: [r.id for r in v] for k, v in tiny.index("venue").items()} == {
        "iclr": ["alpha", "tf"],
        "arxiv": ["beta"],
    }
    assert tiny.index("role") == {"agent": [tiny.by_id["beta"]]}
    assert tiny.counts == {"paper": 3, "tsfm": 1, "dataset": 1, "benchmark": 0, "toolbox": 0,
                           "survey": 0}  # fmt: skip


def test_page_list_golden(state):
    rows = [(s.src_uri, s.template, s.in_nav, s.searchable) for s in state.pages.values()]
    assert rows == [
        ("modalities/index.md", "modalities-index.html", True, False),
        ("modalities/ecg.md", "facet.html", True, False),
        ("modalities/eeg.md", "facet.html", True, False),
        ("directions/index.md", "directions-index.html", True, False),
        ("directions/pretraining.md", "facet.html", True, False),
        ("directions/llm.md", "facet.html", True, False),
        ("llm-roles/index.md", "llm-roles-index.html", True, False),
        ("llm-roles/agent.md", "facet.html", True, False),
        ("venues.md", "venues-index.html", True, False),
        ("venues/iclr.md", "facet.html", False, False),
        ("venues/arxiv.md", "facet.html", False, False),
        ("papers.md", "papers.html", True, False),
        ("tsfm.md", "tsfm.html", True, False),
        ("datasets.md", "datasets.html", True, False),
        ("benchmarks.md", "benchmarks.html", True, False),
        ("toolboxes.md", "toolboxes.html", True, False),
        ("surveys.md", "surveys.html", True, False),
        ("explorer.md", "explorer.html", True, False),
        ("timeline.md", "timeline.html", True, False),
        ("whats-new.md", "whats-new.html", True, False),
        ("stats.md", "stats.html", True, False),
        ("models.md", "models.html", True, False),
        ("challenges.md", "challenges.html", True, False),
        ("citation.md", "citation.html", True, False),
        ("corrections.md", "corrections.html", True, False),
        ("papers/beta.md", "entry.html", False, True),
        ("papers/gamma.md", "entry.html", False, True),
        ("papers/alpha.md", "entry.html", False, True),
        ("tsfm/tf.md", "entry.html", False, True),
        ("datasets/set.md", "entry.html", False, True),
    ]
    assert state.pages["venues/iclr.md"].title == "ICLR"
    assert state.pages["directions/llm.md"].title == "Large language models"
    assert state.pages["papers/alpha.md"].edit_path == "data/papers/alpha.yml"
    assert state.pages["venues.md"].context["ranked"] == ["iclr", "arxiv"]


def test_nav_placeholders_expand_from_the_registry(state):
    nav = [{"Home": "index.md"}, {"Browse": [NAV_FACETS, {"Timeline": "timeline.md"}]},
           {"Catalogue": [NAV_KINDS]}]  # fmt: skip
    assert state.expand_nav(nav) == [
        {"Home": "index.md"},
        {
            "Browse": [
                {"Modalities": ["modalities/index.md", {"ECG": "modalities/ecg.md"},
                                {"EEG": "modalities/eeg.md"}]},
                {"Research directions": [
                    "directions/index.md",
                    {"Pretraining from scratch": "directions/pretraining.md"},
                    {"Large language models": "directions/llm.md"}]},
                {"LLM roles": ["llm-roles/index.md", {"Agent": "llm-roles/agent.md"}]},
                {"Venues": "venues.md"},
                {"Timeline": "timeline.md"},
            ]
        },
        {
            "Catalogue": [
                {"All papers": "papers.md"},
                {"Time series FMs": "tsfm.md"},
                {"Datasets": "datasets.md"},
                {"Benchmarks": "benchmarks.md"},
                {"Toolboxes": "toolboxes.md"},
                {"Surveys": "surveys.md"},
            ]
        },
    ]  # fmt: skip


def front_matter(spec) -> str:
    """A generated page's meta, written as Markdown front matter for reading."""
    return "---\n" + yaml.safe_dump(page_meta(spec), sort_keys=True) + "---\n"


def test_front_matter_golden(state):
    assert front_matter(state.pages["papers/alpha.md"]) == (
        "---\natlas_shared_nav: off-nav:papers\nrender_macros: false\n---\n"
    )
    wide = "atlas_wide: true\nhide:\n- toc\n"  # listings: no table of contents, full width
    assert front_matter(state.pages["venues/iclr.md"]) == (
        f"---\natlas_shared_nav: off-nav:venues\n{wide}render_macros: false\n"
        "search:\n  exclude: true\n---\n"
    )
    assert front_matter(state.pages["papers.md"]) == (  # its table sorts: the sorter loads
        f"---\natlas_sortable: true\n{wide}render_macros: false\nsearch:\n  exclude: true\n---\n"
    )
    assert front_matter(state.pages["citation.md"]) == (
        "---\nrender_macros: false\nsearch:\n  exclude: true\n---\n"
    )


def test_timeline_geometry_golden(tiny):
    timeline = build_timeline(tiny)
    assert timeline.ticks == [(14, 2024), (520, 2025)]
    assert timeline.breaks == []
    lanes = {lane.key: [(m.record.id, m.x0, m.x1, m.y, m.label, m.text_x, m.month)
                        for m in lane.marks]
             for lane in timeline.lanes}  # fmt: skip
    assert lanes == {
        "pretraining": [("alpha", 35.1, 35.1, 60, "Alpha", 44.1, "2024-01"),
                        ("gamma", 541.1, 541.1, 60, "Gamma", 550.1, "2025-01"),
                        ("beta", 751.9, 751.9, 60, "Beta", 760.9, "2025-06")],
        "llm": [("beta", 751.9, 751.9, 112, "Beta", 760.9, "2025-06")],
    }  # fmt: skip
    assert [(lane.y, lane.height) for lane in timeline.lanes] == [(34, 52), (86, 52)]
    assert timeline.height == 144
    assert [(year, [r.id for r in rs]) for year, rs in timeline.by_year] == [
        (2025, ["gamma", "beta"]),
        (2024, ["alpha"]),
    ]


def test_a_misspelt_field_fails_the_render(tiny, state):
    record = tiny.by_id["alpha"]
    assert record.get("llm_roles") == ()
    assert record.get("individuals", None) is None  # a field of another kind
    with pytest.raises(AttributeError, match="no kind of entry has a field 'modalites'"):
        record.get("modalites")
    template = state.renderer.env.from_string('{{ record.get("titel", "") }}')
    with pytest.raises(AttributeError):
        template.render(record=record)
    with pytest.raises(jinja2.UndefinedError):
        state.renderer.env.from_string("{{ record.entry.titel }}").render(record=record)


def test_templates_build_facet_urls_from_the_registry(state):
    html = state.renderer.render("entry.html", "papers/beta/", record=state.catalogue.by_id["beta"])
    for facet_key, key in (("modality", "eeg"), ("direction", "llm"), ("role", "agent"),
                           ("venue", "arxiv")):  # fmt: skip
        assert f'href="../../{FACET[facet_key].url(key)}"' in html, facet_key
    assert KIND["paper"].label(1) == "1 paper" and KIND["paper"].label(2) == "2 papers"


def test_package_templates_live_beside_the_code():
    package = Path(jsonschema.__file__).parent / "templates"
    assert (package / "readme" / "LIST.md.j2").is_file()
    assert (package / "scaffold" / "entry.yml.j2").is_file()
    assert not (ROOT / "overrides" / "readme").exists()
    assert not (ROOT / "overrides" / "scaffold").exists()
