"""`biofm import-list` and `biofm new --arxiv/--doi`, on a list written for these tests.

tests/fixtures/awesome/upstream.md copies items of the seed list and changes them the way
the upstream list changes (a venue upgrade, a retitled journal version, a paper added to a
second section), adds made-up works (each title says "Fictional Test Entry", "Made-Up",
"Imaginary" or "FictiTS") and uses every badge style the original's contributors write.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import httpx
import pytest
import yaml

from biofm import awesome_parse, importer, metadata, scaffold
from biofm.identity import normalise_title
from biofm.loader import load_catalogue

from conftest import DATA, ROOT, Site, build_site, run_biofm

LIST = ROOT / "tests" / "fixtures" / "awesome" / "upstream.md"
SEED = ROOT / "tests" / "fixtures" / "seed-awesome-list.md"
RECORDED = ROOT / "tests" / "fixtures" / "metadata"
MADE_UP = re.compile(r"Fictional Test Entry|Made-Up|Imaginary|FictiTS")
HOSTILE = '<script>alert(1)</script> {{ 7*7 }} "Quoted" &amp; Model (Fictional Test Entry)'


def run(*args: str, input: str | None = None):
    return run_biofm(*args, input=input, columns=250)


@pytest.fixture(autouse=True)
def in_project(monkeypatch):
    monkeypatch.chdir(ROOT)


def _items():
    return awesome_parse.parse(LIST.read_text("utf-8")).items


def _item(fragment: str, section: str | None = None):
    (item,) = [i for i in _items() if fragment in i.title and section in (None, i.section)]
    return item


def _line_of(fragment: str) -> int:
    lines = LIST.read_text("utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if fragment in text)


# --------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("fragment", "badges"),
    [
        ("CLEF", ["ECG"]),  # <img ... alt="ECG">
        ("Somnifer", ["EEG", "PPG"]),  # Markdown images of shields.io badges
        ("GlucoFict", ["PPG", "IMU", "Health Metrics"]),  # ![tool][ref], [IMU], backticks
        ("Stray Badge", ["EMG", "EMG"]),  # "[EMG]: <img ...>" in the bullet; /static/v1
        ("Script", ["Health-metrics", "Vital-signs"]),  # "--" in shields; no alt; next line
    ],
)
def test_every_badge_style_is_read(fragment, badges):
    item = _item(fragment, "pretraining") if fragment != "Script" else _item("alert(1)")
    assert [b.text for b in item.badges] == badges
    assert "[EMG]" not in item.title and "<img" not in item.title


def test_badges_keep_their_lines():
    item = _item("alert(1)")
    assert item.line == _line_of("<script>")
    assert [b.line for b in item.badges] == [item.line, item.line + 1]


def test_role_badges_without_alt_and_reference_definitions():
    assert [b.text for b in _item("Somnifer", "llm").badges] == ["Backbone"]
    assert [b.text for b in _item("CBraMod", "llm").badges] == ["Knowledge"]


def test_sections_bullet_styles_and_tables():
    items = _items()
    assert {i.section for i in items} == set(awesome_parse.SECTIONS) - {"other-related"}
    glucofict = _item("GlucoFict")  # "* " bullet, "[Venue Year]" without a comma
    assert (glucofict.venue, glucofict.year) == ("Nature Communications", 2026)
    assert _item("CLEF").venue == "Arxiv"  # "[Arxiv. 2025]"
    assert _item("Stray Badge").starred and not _item("CLEF").starred
    corpus = _item("Made-Up Sleep Corpus")
    assert corpus.extra == {"individuals": "12K", "hours": "80K"}
    assert corpus.links == {"dataset": "https://example.org/fictional/made-up-sleep-corpus"}
    fictits = _item("FictiTS")
    assert [t.text for t in fictits.tasks] == ["F", "C"] and fictits.venue is None
    assert _item("MOABB").extra["full_name"] == "Mother of All BCI Benchmarks"
    assert "Standardization" not in {i.title for i in items}  # Open Challenges: no items


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("https://img.shields.io/badge/ECG-red", "ECG"),
        ("https://img.shields.io/badge/%F0%9F%94%A7-Backbone-orange", "Backbone"),
        ("https://img.shields.io/badge/Health--metrics-lightblue", "Health-metrics"),
        ("https://img.shields.io/badge/Vital_Signs-red?style=flat", "Vital Signs"),
        ("https://img.shields.io/static/v1?label=&message=EEG&color=blue", "EEG"),
        ("https://example.org/badge/ECG-red", None),
    ],
)
def test_shields_text(url, text):
    assert awesome_parse.shields_text(url) == text


# --------------------------------------------------------------------------- the report


def test_report_sorts_every_item(catalogue):
    plan = importer.plan(LIST.read_text("utf-8"), "upstream.md", catalogue)
    new_titles = {item.title for work in plan.new for item in work.items}
    made_up = {i.title for i in _items() if MADE_UP.search(i.title)}
    assert new_titles == made_up
    assert [m.item.title[:7] for m in plan.of("possible")] == ["OpenECG"]
    assert [r.id for r in plan.of("possible")[0].candidates] == ["openecg"]
    changed = {m.record.id: [d.field for d in m.differences] for m in plan.changed}
    assert changed == {"anyecg": ["venue", "year", "links.paper"], "cbramod": ["directions"]}
    known = {m.record.id: m.known for m in plan.of("present") if m.known}
    assert known == {"tsfm-llm-survey": ["title"], "clef": ["title"], "ecg-lm": ["links.paper"]}
    assert plan.new_venues == {"Nature Communications": "nature-communications"}
    assert not plan.problems and not plan.skipped


def test_report_command_prints_the_diff_and_writes_nothing(catalogue):
    before = {p: p.read_bytes() for p in DATA.rglob("*.yml")}
    result = run("import-list", str(LIST))
    assert result.exit_code == 0, result.output
    assert "Present with differences:" in result.output
    assert re.search(r"venue: - arXiv\n\s+\+ Nature Communications", result.output)
    assert "may be data/papers/openecg.yml" in result.output
    assert "data/papers/somnifer.yml [pretraining, llm]" in result.output
    assert {p: p.read_bytes() for p in DATA.rglob("*.yml")} == before


def test_the_seed_list_is_all_present(catalogue):
    """The original list itself: every item present, its defects as recorded corrections."""
    plan = importer.plan(SEED.read_text("utf-8"), "seed.md", catalogue)
    assert len(plan.matches) >= len(catalogue.records) - len(
        [r for r in catalogue.records if r.entry.sources.entry]
    )
    assert [m.item.title for m in plan.matches if m.status != "present"] == []
    assert [(m.item.title, m.differences) for m in plan.changed] == []
    assert not plan.new and not plan.problems


# --------------------------------------------------------------------------- applying


@pytest.fixture(scope="module")
def applied(tmp_path_factory):
    """The real data with the fixture list applied, then applied again, then built."""
    root = tmp_path_factory.mktemp("imported")
    data = root / "data"
    shutil.copytree(DATA, data)
    before = {p.relative_to(data): p.read_bytes() for p in data.rglob("*.yml")}
    first = run("import-list", str(LIST), "--apply", "--data-dir", str(data))
    middle = {p.relative_to(data): p.read_bytes() for p in data.rglob("*.yml")}
    second = run("import-list", str(LIST), "--apply", "--data-dir", str(data))
    after = {p.relative_to(data): p.read_bytes() for p in data.rglob("*.yml")}
    build = build_site(root / "site", data)
    site = Site(root / "site")
    return {"data": data, "first": first, "second": second, "before": before,
            "middle": middle, "after": after, "build": build, "site": site}  # fmt: skip


def test_apply_writes_valid_entries(applied):
    assert applied["first"].exit_code == 0, applied["first"].output
    catalogue = load_catalogue(applied["data"])
    somnifer = catalogue.by_id["somnifer"].entry
    assert (somnifer.venue, somnifer.year) == ("nature", 2026)
    assert somnifer.directions == ("pretraining", "llm") and somnifer.llm_roles == ("backbone",)
    assert somnifer.modalities == ("eeg", "ppg")
    glucofict = catalogue.by_id["glucofict"].entry
    assert glucofict.venue == "nature-communications"
    assert glucofict.modalities == ("ppg", "imu", "health-metrics")
    assert catalogue.by_id["stray-badge-model"].entry.ssl_not_claimed_fm is True
    corpus = catalogue.by_id["made-up-sleep-corpus"].entry
    assert (corpus.individuals, corpus.hours, corpus.modalities) == ("12K", "80K", ("eeg", "resp"))
    assert catalogue.by_id["fictits"].entry.model.tasks == ("F", "C")
    assert catalogue.by_id["imaginary-toolkit"].entry.modalities == ("emg", "imu")
    assert "openecg-an-open-benchmark" not in " ".join(catalogue.by_id)  # possible: not written
    venue = catalogue.vocab.venues["nature-communications"]
    assert (venue.name, venue.type) == ("Nature Communications", "other")


def test_apply_updates_entries_and_keeps_the_old_values(applied):
    catalogue = load_catalogue(applied["data"])
    anyecg = catalogue.by_id["anyecg"].entry
    assert (anyecg.venue, anyecg.year) == ("nature-communications", 2026)
    assert anyecg.links.paper == "https://www.nature.com/articles/s41467-026-00001-x"
    old = {c.field: c.seed for c in anyecg.corrections}
    assert old == {
        "venue": "arXiv",
        "year": "2024",
        "links.paper": "https://arxiv.org/abs/2411.17711",
    }
    cbramod = catalogue.by_id["cbramod"].entry
    assert cbramod.directions == ("pretraining", "llm") and cbramod.llm_roles == ("knowledge",)
    # The original list (with the old venue, year and link) still matches, unchanged.
    plan = importer.plan(SEED.read_text("utf-8"), "seed.md", catalogue)
    assert not plan.new and not plan.changed and not plan.of("possible")


def test_apply_leaves_every_other_file_byte_identical(applied):
    before, middle = applied["before"], applied["middle"]
    changed = {path.as_posix() for path in before if before[path] != middle.get(path)}
    assert changed == {"papers/anyecg.yml", "papers/cbramod.yml", "vocab/venues.yml"}
    venues = Path("vocab/venues.yml")
    assert middle[venues].startswith(before[venues])  # the new venue is appended


def test_a_second_run_reports_nothing_new_and_changes_nothing(applied):
    second = applied["second"]
    assert second.exit_code == 0, second.output
    assert "with differences" in second.output and "0 with differences" in second.output
    assert "New: 0 (0 items)" in second.output and "Nothing to apply." in second.output
    assert applied["after"] == applied["middle"]


def test_imported_data_builds_and_hostile_title_is_text(applied):
    assert applied["build"].returncode == 0, applied["build"].stderr
    text = (applied["data"] / "papers" / "script-alert-1-script-7-7.yml").read_text("utf-8")
    assert yaml.safe_load(text)["title"] == HOSTILE  # quoted safely in YAML
    site = applied["site"]
    page = site.html("papers/script-alert-1-script-7-7/")
    assert "<script>alert(1)" not in page
    heading = site.content("papers/script-alert-1-script-7-7/").find("h1")
    assert heading.get_text(" ", strip=True).startswith(HOSTILE.split(" (")[0])
    assert "{{ 7*7 }}" in heading.get_text() and "49" not in heading.get_text()
    assert site.soup("papers/script-alert-1-script-7-7/").title.get_text().startswith("<script>")


# --------------------------------------------------------------------------- problems


def test_unknown_badge_is_an_error_naming_the_line(tmp_path, data_copy):
    badge = 'alt="EMG" height="16"/> <img'
    text = LIST.read_text("utf-8").replace(badge, badge + ' alt="XYZ" src="x"> <img', 1)
    broken = tmp_path / "list.md"
    broken.write_text(text, "utf-8")
    line = _line_of("Stray Badge")
    for args in ((), ("--apply",)):
        before = {p: p.read_bytes() for p in data_copy.rglob("*.yml")}
        result = run("import-list", str(broken), *args, "--data-dir", str(data_copy))
        assert result.exit_code == 1
        assert (
            f"{broken}:{line}: badge: unknown badge: unknown modalities key 'XYZ'" in result.output
        )
        assert {p: p.read_bytes() for p in data_copy.rglob("*.yml")} == before
    assert "Nothing was written." in result.output


def test_a_new_paper_without_modality_is_refused(tmp_path, data_copy):
    listed = tmp_path / "list.md"
    listed.write_text(
        "## Leveraging Large Language Models for Biosignal Analysis\n\n"
        "- **[Arxiv, 2026]** Roleonly: A Made-Up Agent (Fictional Test Entry) "
        '<img src="https://img.shields.io/badge/x-Agent-green"> '
        "[[paper]](https://example.org/fictional/roleonly)\n",
        "utf-8",
    )
    result = run("import-list", str(listed), "--apply", "--data-dir", str(data_copy))
    assert result.exit_code == 1
    assert f"{listed}:3: modalities: no modality badge" in result.output
    assert not (data_copy / "papers" / "roleonly.yml").exists()


def test_a_commented_entry_is_not_rewritten(tmp_path, data_copy):
    path = data_copy / "papers" / "anyecg.yml"
    path.write_text(path.read_text("utf-8") + "# a maintainer's note\n", "utf-8")
    before = path.read_bytes()
    result = run("import-list", str(LIST), "--apply", "--data-dir", str(data_copy))
    assert result.exit_code == 1
    assert "papers/anyecg.yml: (file): has comments or hand formatting" in result.output
    assert path.read_bytes() == before and not (data_copy / "papers" / "somnifer.yml").exists()


def test_missing_list_is_wrong_usage():
    assert run("import-list", "no-such-list.md").exit_code == 2


def test_every_data_file_round_trips_through_the_writer():
    for path in DATA.glob("*/*.yml"):
        if path.parent.name != "vocab":
            assert scaffold.plain_entry(path.read_text("utf-8")) is not None, path


# --------------------------------------------------------------------------- metadata


def test_parse_arxiv_recorded_response():
    meta = metadata.parse_arxiv((RECORDED / "arxiv-2601.00001.xml").read_text(), "2601.00001")
    assert meta.title == "Fictopulse: A Made-Up Foundation Model for Recorded Test Responses"
    assert meta.authors == ["Ada Example", "Bao Placeholder"]
    assert (meta.year, meta.month, meta.venue_name) == (2026, "2026-01", None)
    assert meta.link == "https://arxiv.org/abs/2601.00001"


def test_parse_crossref_recorded_response():
    name = "crossref-10.1038-s41467-026-00003-z.json"
    meta = metadata.parse_crossref((RECORDED / name).read_text(), "10.1038/s41467-026-00003-z")
    assert meta.title.startswith("Glucofict: a made-up wearable model")
    assert meta.authors == ["Chidi Fictional", "Dana Madeup"]
    assert (meta.year, meta.month, meta.venue_name) == (2026, "2026-02", "Nature Communications")


def test_arxiv_xml_with_entities_is_refused():
    bomb = '<?xml version="1.0"?><!DOCTYPE f [<!ENTITY a "aaaa">]><feed>&a;</feed>'
    with pytest.raises(metadata.MetadataError, match="not a readable Atom feed"):
        metadata.parse_arxiv(bomb, "2601.00001")


def _serve(monkeypatch, handler):
    monkeypatch.setattr(
        metadata, "client", lambda: httpx.Client(transport=httpx.MockTransport(handler))
    )


def _recorded(request: httpx.Request) -> httpx.Response:
    if request.url.host == "export.arxiv.org":
        assert request.url.params["id_list"] == "2601.00001"
        return httpx.Response(200, text=(RECORDED / "arxiv-2601.00001.xml").read_text())
    assert request.url.path == "/works/10.1038/s41467-026-00003-z"
    recorded = RECORDED / "crossref-10.1038-s41467-026-00003-z.json"
    return httpx.Response(200, text=recorded.read_text())


def test_new_from_arxiv_fills_the_fields(monkeypatch, data_copy):
    _serve(monkeypatch, _recorded)
    result = run("new", "--arxiv", "arXiv:2601.00001v2", "-m", "ecg", "-d", "pretraining",
                 "--data-dir", str(data_copy))  # fmt: skip
    assert result.exit_code == 0, result.output
    entry = load_catalogue(data_copy).by_id["fictopulse"].entry
    assert entry.title == "Fictopulse: A Made-Up Foundation Model for Recorded Test Responses"
    assert entry.authors == ("Ada Example", "Bao Placeholder")
    assert (entry.venue, entry.year) == ("arxiv", 2026)
    assert entry.links.paper == "https://arxiv.org/abs/2601.00001"
    assert entry.sources.authors == "https://arxiv.org/abs/2601.00001"


def test_new_from_doi_names_an_unknown_journal(monkeypatch, data_copy):
    _serve(monkeypatch, _recorded)
    result = run("new", "--doi", "https://doi.org/10.1038/s41467-026-00003-z", "-m", "ppg",
                 "-d", "pretraining", "--data-dir", str(data_copy), input="nature\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "'Nature Communications' is not in data/vocab/venues.yml" in result.output
    entry = load_catalogue(data_copy).by_id["glucofict"].entry
    assert (entry.venue, entry.year) == ("nature", 2026)
    assert entry.links.paper == "https://doi.org/10.1038/s41467-026-00003-z"


def test_new_offline_is_one_clear_line(monkeypatch, data_copy):
    def offline(request):
        raise httpx.ConnectError("no network", request=request)

    _serve(monkeypatch, offline)
    before = sorted(p.name for p in (data_copy / "papers").iterdir())
    result = run("new", "--arxiv", "2601.00001", "--data-dir", str(data_copy))
    assert result.exit_code == 1
    assert "Error: cannot reach export.arxiv.org (offline?)" in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in (data_copy / "papers").iterdir()) == before


def test_titles_in_the_fixture_are_made_up(catalogue):
    """No made-up title of the fixture collides with a real entry."""
    real = {normalise_title(r.entry.title) for r in catalogue.records}
    assert not [i.title for i in _items() if MADE_UP.search(i.title)
                and normalise_title(i.title) in real]  # fmt: skip
