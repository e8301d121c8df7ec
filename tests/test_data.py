"""The real data: complete against the seed list, merged where the seed repeats itself."""

from __future__ import annotations

import pytest

from biofm.identity import normalise_title
from biofm.schema import _MOJIBAKE_RE

import seed

# Counted by hand from the seed list (see docs/corrections and the data README):
# 45 pretraining items less one duplicate + 7 TSFM adaptation + 2 other related + 27 LLM
# papers, less the 5 papers the seed lists in two sections = 75 papers.
EXPECTED_COUNTS = {
    "paper": 75,
    "tsfm": 22,
    "dataset": 23,
    "benchmark": 2,
    "toolbox": 13,
    "survey": 7,
}
MERGED = {
    # id: directions it must carry
    "elm": {"pretraining", "llm"},
    "d-beta": {"pretraining", "llm"},
    "ecg-lm": {"pretraining", "llm"},
    "papagei": {"pretraining", "tsfm-adaptation"},
    "ecgfm-ked": {"pretraining", "llm"},
}


def from_seed(catalogue, kind: str) -> list:
    """The entries of a kind that come from the seed list: those added later name the page
    they were read from in ``sources.entry``."""
    return [r for r in catalogue.of_kind(kind) if not r.entry.sources.entry]


def test_per_kind_counts(catalogue):
    assert {kind: len(from_seed(catalogue, kind)) for kind in catalogue.counts} == EXPECTED_COUNTS


def test_entries_beyond_the_seed_name_their_source(catalogue):
    """Entries beyond the seed name the page they were read from: datasets added with the
    model facts (each used by a model) and papers the seed does not list yet."""
    used = {**catalogue.referenced_by("model.pretrained_on"),
            **catalogue.referenced_by("model.evaluated_on")}  # fmt: skip
    added = [r for r in catalogue.records if r.entry.sources.entry]
    assert {r.kind for r in added} <= {"dataset", "paper"}
    for record in added:
        assert record.entry.sources.entry.startswith("https://"), record.id
        if record.kind == "dataset":
            assert used.get(record.id), record.id


def _known_titles(catalogue, kind: str) -> set[str]:
    """Normalised titles of a kind from the seed, plus the seed spellings their corrections
    record."""
    return set().union(*(_known_titles_of(r) for r in from_seed(catalogue, kind)))


@pytest.mark.parametrize(
    "section, kind",
    [
        ("surveys", "survey"),
        ("pretraining", "paper"),
        ("tsfm-adaptation", "paper"),
        ("other-related", "paper"),
        ("llm", "paper"),
    ],
)
def test_every_seed_list_item_is_an_entry(catalogue, section, kind):
    items = seed.items(section)
    assert items, f"no items parsed from seed section {section}"
    known = _known_titles(catalogue, kind)
    missing = [i["title"] for i in items if normalise_title(i["title"]) not in known]
    assert missing == []


@pytest.mark.parametrize(
    "section, kind",
    [("datasets", "dataset"), ("toolboxes", "toolbox"), ("tsfm", "tsfm")],
)
def test_every_seed_table_row_is_an_entry(catalogue, section, kind):
    names = seed.table_names(section)
    assert len(names) == EXPECTED_COUNTS[kind]
    assert sorted(map(normalise_title, names)) == sorted(_known_titles(catalogue, kind))


def test_benchmarks_match_seed(catalogue):
    assert {normalise_title(n) for n in seed.benchmark_names()} == _known_titles(
        catalogue, "benchmark"
    )


@pytest.mark.parametrize("section", ["pretraining", "tsfm-adaptation", "other-related", "llm"])
def test_seed_sections_become_directions(catalogue, section):
    """Every paper of a seed section carries that section's direction."""
    by_title = {}
    for record in catalogue.of_kind("paper"):
        for title in _known_titles_of(record):
            by_title[title] = record
    items = seed.items(section)
    assert items, section
    for item in items:
        record = by_title[normalise_title(item["title"])]
        assert section in record.entry.directions, record.id


def _known_titles_of(record) -> set[str]:
    titles = {normalise_title(record.entry.title)}
    titles.update(
        normalise_title(c.seed) for c in record.entry.corrections if c.field == "title" and c.seed
    )
    return titles


@pytest.mark.parametrize("entry_id, directions", sorted(MERGED.items()))
def test_papers_listed_twice_are_one_entry(catalogue, entry_id, directions):
    record = catalogue.by_id[entry_id]
    assert set(record.entry.directions) == directions


def test_llm_role_badges_are_kept(catalogue):
    """ECG-LM carries all four role badges in the seed; ECGFM-KED three."""
    assert set(catalogue.by_id["ecg-lm"].entry.llm_roles) == {
        "backbone",
        "knowledge",
        "fusion",
        "agent",
    }
    assert set(catalogue.by_id["ecgfm-ked"].entry.llm_roles) == {"backbone", "knowledge", "fusion"}


def test_every_paper_has_a_modality(catalogue):
    assert all(r.entry.modalities for r in catalogue.of_kind("paper"))


@pytest.mark.parametrize(
    "entry_id, modality",
    [("ecg-chat", "ecg"), ("hargpt", "imu"), ("health-llm", "health-metrics")],
)
def test_untagged_seed_papers_are_tagged(catalogue, entry_id, modality):
    assert modality in catalogue.by_id[entry_id].entry.modalities


def test_ecg_lm_no_longer_points_at_papagei(catalogue):
    ecg_lm, papagei = catalogue.by_id["ecg-lm"], catalogue.by_id["papagei"]
    assert ecg_lm.entry.links.paper != papagei.entry.links.paper
    assert papagei.arxiv_id == "2410.20542"
    assert ecg_lm.arxiv_id is None


def test_hybrid_ssl_ecg_duplicate_listed_once(catalogue):
    titles = [normalise_title(r.entry.title) for r in catalogue.records]
    wanted = normalise_title(
        "Foundation Models for ECG: Leveraging Hybrid Self-Supervised Learning for Advanced "
        "Cardiac Diagnostics"
    )
    assert titles.count(wanted) == 1


@pytest.mark.parametrize(
    "fragment", ["Modelss", "Knowledge ncement", "LLM-nced", "FoundationmodelofECG"]
)
def test_mangled_titles_are_fixed(catalogue, fragment):
    assert not [r.id for r in catalogue.records if fragment in r.entry.title]


def test_seed_asterisk_becomes_a_flag(catalogue):
    flagged = {r.id for r in from_seed(catalogue, "paper") if r.entry.ssl_not_claimed_fm}
    starred = [
        i["title"]
        for i in seed.items("pretraining")
        if i["rest"].split("<img")[0].strip().endswith("*")
    ]
    assert len(flagged) == len(starred) == 3
    assert not any(r.entry.title.endswith("*") for r in catalogue.records)


def test_no_mojibake_or_badge_misspellings_in_data():
    from conftest import DATA

    offenders = [p.name for p in DATA.rglob("*.yml") if _MOJIBAKE_RE.search(p.read_text("utf-8"))]
    assert offenders == []


def test_modality_vocabulary_covers_the_issue_list(catalogue):
    labels = {m.label for m in catalogue.vocab.modalities.values()}
    assert {
        "ECG",
        "EEG",
        "PPG",
        "IMU",
        "EMG",
        "ABP",
        "PCG",
        "Resp",
        "MEG",
        "EDA",
        "Audio",
        "Vital Signs",
        "Health Metrics",
        "Gaze Metrics",
    } <= labels


def test_corrections_are_recorded(catalogue):
    fields = {(r.id if r else None, c.field) for r, c in catalogue.corrections}
    assert ("ecg-lm", "links.paper") in fields
    assert any(f == "citation_bibtex" for _, f in fields)


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("vocab_name", ["modalities", "directions", "llm_roles"])
def test_badge_colours_reach_wcag_aa_with_white_text(catalogue, vocab_name):
    for key, item in getattr(catalogue.vocab, vocab_name).items():
        ratio = 1.05 / (_luminance(item.colour) + 0.05)
        assert ratio >= 4.5, f"{vocab_name} {key}: {item.colour} gives {ratio:.2f}:1"
