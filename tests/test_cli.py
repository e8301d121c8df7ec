"""The `biofm` command-line tool, driven through Typer's test runner."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from biofm import linkcheck
from biofm.cli import app
from biofm.loader import load_catalogue

from conftest import ROOT, build_site, run_biofm

runner = CliRunner()


def run(*args: str, input: str | None = None):
    return run_biofm(*args, input=input)


def test_every_command_has_help():
    result = run("--help")
    assert result.exit_code == 0
    commands = re.findall(r"│ (\w+)\s", result.output)
    assert {"validate", "new", "export", "stats", "readme", "schema", "links"} <= set(commands)
    for command in ("validate", "new", "export", "stats", "readme", "schema", "links"):
        sub = run(command, "--help")
        assert sub.exit_code == 0 and "Usage" in sub.output, command


@pytest.fixture(autouse=True)
def in_project(monkeypatch):
    """biofm works on the project in the current directory, like mkdocs."""
    monkeypatch.chdir(ROOT)


def test_validate_real_data_passes(catalogue):
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert f"{len(catalogue.records)} entries valid" in result.output


def test_commands_work_on_the_project_in_the_current_directory(tmp_path, monkeypatch):
    """A second checkout sharing the virtual environment checks its own data."""
    other = tmp_path / "checkout"
    other.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", other / "mkdocs.yml")
    shutil.copytree(ROOT / "data", other / "data")
    (other / "data" / "papers" / "broken.yml").write_text("title: Broken\nadded: 2026-11-28\n")
    monkeypatch.chdir(other)
    monkeypatch.delenv("ATLAS_DATA_DIR", raising=False)
    result = run("validate")
    assert result.exit_code == 1
    assert "data/papers/broken.yml: modalities: required field is missing" in result.output
    monkeypatch.chdir(tmp_path)
    result = run("validate")
    assert result.exit_code == 2
    assert "no mkdocs.yml in" in result.output and "Traceback" not in result.output


def test_site_url_is_read_from_mkdocs_yml(tmp_path, monkeypatch):
    other = tmp_path / "checkout"
    other.mkdir()
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    site_url = re.search(r"^site_url: (\S+)$", text, re.M).group(1)
    (other / "mkdocs.yml").write_text(text.replace(site_url, "https://example.org/fork/"))
    shutil.copytree(ROOT / "data", other / "data")
    monkeypatch.chdir(other)
    monkeypatch.delenv("ATLAS_DATA_DIR", raising=False)
    result = run("export", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert "https://example.org/fork/papers/papagei/" in result.output
    assert site_url not in result.output


def test_validate_reports_every_problem_with_file_line_and_field(data_copy):
    (data_copy / "papers" / "one.yml").write_text(
        "title: One\nyear: 2025\nmodalities: [ekg]\ndirections: [pretraining]\nadded: 2026-11-28\n"
    )
    (data_copy / "datasets" / "two.yml").write_text("title: Two\nadded: 2026-11-28\n")
    result = run("validate", "--data-dir", str(data_copy))
    assert result.exit_code == 1
    assert "data/papers/one.yml:3: modalities: unknown modalities key 'ekg'" in result.output
    assert "data/datasets/two.yml: modalities: required field is missing" in result.output
    assert "2 problems in 2 files." in result.output
    assert "Traceback" not in result.output


def test_validate_limits_the_report_to_given_paths(data_copy):
    (data_copy / "papers" / "one.yml").write_text("title: [\n")
    (data_copy / "papers" / "two.yml").write_text("title: [\n")
    result = run("validate", "--data-dir", str(data_copy), str(data_copy / "papers" / "two.yml"))
    assert result.exit_code == 1
    assert "two.yml" in result.output and "one.yml" not in result.output


def test_validate_flags_the_ecg_lm_papagei_mistake(data_copy):
    """The same paper link under two different titles is a duplicate."""
    target = data_copy / "papers" / "ecg-lm.yml"
    entry = yaml.safe_load(target.read_text("utf-8"))
    entry["links"]["paper"] = "https://arxiv.org/abs/2410.20542"
    entry["added"] = dt.date(2026, 11, 29)  # added after PaPaGei, so it is the duplicate
    entry.pop("corrections")
    target.write_text(yaml.safe_dump(entry), encoding="utf-8")
    result = run("validate", "--data-dir", str(data_copy))
    assert result.exit_code == 1
    assert "data/papers/ecg-lm.yml" in result.output
    assert "same arXiv id '2410.20542' as data/papers/papagei.yml" in result.output
    assert "same paper link" in result.output


def test_new_with_flags_writes_a_valid_commented_entry(data_copy, tmp_path):
    result = run(
        "new", "--data-dir", str(data_copy), "--title", "EMGFormer: Scaling EMG: Pretraining",
        "--venue", "arxiv", "--year", "2026", "--paper", "https://arxiv.org/abs/2611.00001",
        "--code", "https://github.com/example/emgformer", "-m", "emg", "-d", "pretraining",
        "--description", "A test entry.",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    path = data_copy / "papers" / "emgformer.yml"
    text = path.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../docs/schema/papers.schema.json")
    assert "# ssl_not_claimed_fm" in text
    record = load_catalogue(data_copy).by_id["emgformer"]
    assert record.entry.title == "EMGFormer: Scaling EMG: Pretraining"
    assert record.entry.modalities == ("emg",)
    assert record.arxiv_id == "2611.00001"
    built = build_site(tmp_path / "site", data_copy)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site" / "papers" / "emgformer" / "index.html").is_file()


def test_new_prompts_for_what_is_missing(data_copy):
    answers = "Interactive Model for Gaze\narxiv\nhttps://arxiv.org/abs/2611.00002\n"
    answers += "gaze-metrics, eeg\nllm\n"
    result = run("new", "--data-dir", str(data_copy), "--year", "2026", "-r", "agent",
                 input=answers)  # fmt: skip
    assert result.exit_code == 0, result.output
    record = load_catalogue(data_copy).by_id["interactive-model-for-gaze"]
    assert record.entry.modalities == ("gaze-metrics", "eeg")
    assert record.entry.llm_roles == ("agent",)


def test_new_asks_for_every_field_the_atlas_expects(data_copy):
    """Title, year, venue, paper link, modalities and directions are asked for (a wrong
    answer is asked again, '?' lists the keys); optional fields are commented lines."""
    # Each question with its wrong answers first; no LLM roles yet.
    answers = ["Asked Model", "", "20x", "2026", "?", "eeq", "arxiv", "javascript:alert(1)",
               "https://arxiv.org/abs/2611.00003", "ekg", "ecg, ppg", "pretrain",
               "pretraining, llm", ""]  # fmt: skip
    result = run("new", "--data-dir", str(data_copy), input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    for asked in ("Title", "Year", "Venue key", "Paper link", "Modalities",
                  "Research directions", "LLM roles"):  # fmt: skip
        assert f"{asked}" in result.output, asked
    assert "give a year from 1950 to 2100" in result.output
    assert "  neurips  NeurIPS" in result.output  # '?' listed the venue keys
    assert "unknown modalities key 'ekg' (did you mean 'ecg'?)" in result.output
    assert "unknown directions key 'pretrain' (did you mean 'pretraining'?)" in result.output
    text = (data_copy / "papers" / "asked-model.yml").read_text("utf-8")
    for line in ("year: 2026", "venue: arxiv", "  paper: https://arxiv.org/abs/2611.00003",
                 "modalities: [ecg, ppg]", "directions: [pretraining, llm]"):  # fmt: skip
        assert f"\n{line}" in text, line
    for commented in ("# name:", "# authors:", "  # code:", "  # weights:", "# llm_roles:",
                      "# builds_on:", "# model:", "# description:", "# sources:"):  # fmt: skip
        assert commented in text, commented
    entry = load_catalogue(data_copy).by_id["asked-model"].entry
    assert (entry.year, entry.venue, entry.links.paper) == (
        2026, "arxiv", "https://arxiv.org/abs/2611.00003")  # fmt: skip


@pytest.mark.parametrize("kind, asked, answers", [
    ("dataset", ["Title", "Dataset link", "Modalities"], ["A Set", "https://e.org/set", ""]),
    ("toolbox", ["Title", "Toolbox link", "Modalities"], ["A Kit", "https://e.org/kit", "ecg"]),
    ("benchmark", ["Title", "Benchmark link"], ["A Bench", "https://e.org/bench"]),
    ("survey", ["Title", "Year", "Venue key", "Paper link"],
     ["A Survey", "2025", "arxiv", "https://arxiv.org/abs/2511.00009"]),
    ("tsfm", ["Title", "Year", "Venue key", "Paper link"],
     ["A TSFM", "2025", "", "https://arxiv.org/abs/2511.00008"]),
])  # fmt: skip
def test_new_asks_each_kind_for_its_fields(data_copy, kind, asked, answers):
    result = run("new", "--data-dir", str(data_copy), "--kind", kind,
                 input="\n".join(answers) + "\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    prompts = re.findall(r"(\w[\w ]*?)(?: \([^)]*\))?: ", result.output.split("Wrote")[0])
    assert prompts == asked


@pytest.mark.parametrize("entry_id", ["../../hooks/x", "My-Model", "a/b", "x.yml", "-x", ""])
def test_new_refuses_an_id_that_is_not_a_lowercase_slug(data_copy, entry_id):
    before = sorted(p.relative_to(data_copy.parent) for p in data_copy.parent.rglob("*"))
    result = run("new", "--data-dir", str(data_copy), "--id", entry_id, "--title", "Slug Probe",
                 "--year", "2026", "--venue", "arxiv", "--paper", "https://e.org/p", "-m", "ecg",
                 "-d", "pretraining")  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "must be a lowercase slug" in result.output
    assert "Traceback" not in result.output
    assert sorted(p.relative_to(data_copy.parent) for p in data_copy.parent.rglob("*")) == before


def test_new_says_a_taken_id_is_already_in_the_catalogue(data_copy):
    """Asked right after the title, before the other questions."""
    title = "PaPaGei: Open Foundation Models for Optical Physiological Signals"
    result = run("new", "--data-dir", str(data_copy), input=f"{title}\n")
    assert result.exit_code == 1
    assert "papers/papagei is already in the catalogue (data/papers/papagei.yml" in result.output
    assert "choose another --id" in result.output and "Year" not in result.output


def test_vocabulary_options_list_their_keys(data_copy):
    help_text = run("new", "--help").output
    assert "--venue ?" in help_text and "arxiv, neurips" in help_text
    for option, shown in (("--venue", "npj-digital-medicine"), ("-m", "gaze-metrics"),
                          ("-d", "tsfm-adaptation"), ("-r", "knowledge")):  # fmt: skip
        result = run("new", "--data-dir", str(data_copy), option, "?")
        assert result.exit_code == 0, option
        assert f"  {shown}  " in result.output, option
    assert sorted(p.name for p in (data_copy / "papers").iterdir()) == sorted(
        p.name for p in (ROOT / "data" / "papers").iterdir())  # fmt: skip


@pytest.mark.parametrize(
    "args, message",
    [
        (["--title", "PaPaGei: Open Foundation Models for Optical Physiological Signals",
          "--id", "papagei-again", "-m", "ppg", "-d", "pretraining",
          "--paper", "https://example.org/papagei-again"], "same normalised title"),
        (["--title", "X", "-m", "ekg", "-d", "pretraining", "--paper", "https://e.org/x"],
         "unknown modalities key 'ekg'"),
        (["--title", "Y", "-m", "ppg", "-d", "pretraining", "--paper", "javascript:alert(1)"],
         "must be an absolute http:// or https:// URL"),
    ],
)  # fmt: skip
def test_new_refuses_bad_or_duplicate_entries_and_writes_nothing(data_copy, args, message):
    before = sorted(p.name for p in (data_copy / "papers").iterdir())
    result = run("new", "--data-dir", str(data_copy), "--year", "2026", "--venue", "arxiv", *args)
    assert result.exit_code == 1
    assert message in result.output
    assert sorted(p.name for p in (data_copy / "papers").iterdir()) == before


def test_new_refuses_an_unknown_kind(data_copy):
    result = run("new", "--data-dir", str(data_copy), "--kind", "podcast", "--title", "X")
    assert result.exit_code == 2


def test_export_json(catalogue):
    result = run("export", "--format", "json")
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["counts"] == catalogue.counts
    assert len(payload["entries"]) == len(catalogue.records)


def test_export_csv(catalogue):
    result = run("export", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(catalogue.records)
    papagei = next(r for r in rows if r["id"] == "papagei")
    assert papagei["modalities"] == "PPG"
    assert papagei["arxiv_id"] == "2410.20542"


def test_export_bib_to_file(tmp_path, catalogue):
    target = tmp_path / "atlas.bib"
    result = run("export", "-f", "bib", "-o", str(target))
    assert result.exit_code == 0
    text = target.read_text("utf-8")
    assert text.count("\n@") + 1 == len(catalogue.records)
    key = catalogue.cite_keys["papagei"]
    assert key == "pillai2025papagei"
    assert f"@inproceedings{{{key}," in text and "eprint = {2410.20542}" in text


def test_export_rejects_unknown_format():
    assert run("export", "-f", "xml").exit_code == 2


def test_stats_json(catalogue):
    result = run("stats", "--json")
    data = json.loads(result.stdout)
    assert data["kinds"]["Papers"] == catalogue.counts["paper"]
    assert data["modalities"]["EMG"] == len(catalogue.index("modality")["emg"])


def test_stats_tables():
    result = run("stats")
    assert result.exit_code == 0
    assert "Modalities" in result.output and "EMG" in result.output


@pytest.mark.parametrize("command", ["readme", "schema"])
def test_generated_files_are_up_to_date(command):
    result = run(command, "--check")
    assert result.exit_code == 0, result.output


def test_readme_check_fails_when_list_is_stale(data_copy):
    (data_copy / "papers" / "extra-entry.yml").write_text(
        "title: Extra\nyear: 2026\nmodalities: [emg]\ndirections: [pretraining]\n"
        "added: 2026-11-28\n"
    )
    result = run("readme", "--check", "--data-dir", str(data_copy))
    assert result.exit_code == 1
    assert "LIST.md is out of date" in result.output


def test_schema_check_fails_when_vocabulary_changes(data_copy):
    modalities = yaml.safe_load((data_copy / "vocab" / "modalities.yml").read_text("utf-8"))
    modalities.append({"key": "ecog", "label": "ECoG", "name": "ECoG", "colour": "#222222"})
    (data_copy / "vocab" / "modalities.yml").write_text(yaml.safe_dump(modalities))
    result = run("schema", "--check", "--data-dir", str(data_copy))
    assert result.exit_code == 1
    assert "docs/schema/papers.schema.json is out of date" in result.output


def test_load_failure_in_any_command_is_reported_cleanly(data_copy):
    (data_copy / "papers" / "broken.yml").write_text("title: [\n")
    for command in ("export", "stats", "readme"):
        result = run(command, "--data-dir", str(data_copy))
        assert result.exit_code == 1, command
        assert "data/papers/broken.yml:2: (file): YAML syntax error" in result.output
        assert "Traceback" not in result.output


def test_console_script_is_installed():
    assert (ROOT / "pyproject.toml").read_text().count('biofm = "biofm.cli:app"') == 1


def test_links_command_reports_dead_links(data_copy, tmp_path, monkeypatch):
    """Against a local server only: one alive link, one dead."""
    import http.server
    import threading

    public = linkcheck.is_public  # the local server stands in for the internet
    monkeypatch.setattr(linkcheck, "is_public", lambda ip: ip == "127.0.0.1" or public(ip))

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self):
            self.send_response(200 if self.path == "/ok" else 404)
            self.end_headers()

        do_GET = do_HEAD

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    for folder in ("papers", "datasets", "toolboxes", "benchmarks", "surveys", "tsfm"):
        for path in (data_copy / folder).glob("*.yml"):
            path.unlink()
    site = yaml.safe_load((data_copy / "site.yml").read_text("utf-8"))
    site["survey_url"] = f"{base}/ok"
    (data_copy / "site.yml").write_text(yaml.safe_dump(site), encoding="utf-8")
    (data_copy / "surveys" / "one.yml").write_text(
        f"title: One\nyear: 2025\nlinks:\n  paper: {base}/gone\nadded: 2026-11-28\n"
    )
    report = tmp_path / "report.md"
    try:
        result = run(
            "links", "--data-dir", str(data_copy), "--report", str(report), "--timeout", "5"
        )
    finally:
        server.shutdown()
    assert result.exit_code == 1
    assert "data/surveys/one.yml: links.paper: HTTP 404" in result.output
    assert "1 of 2 links are dead." in result.output
    assert f"` {base}/gone `" in report.read_text("utf-8")


def test_contributing_template_validates_and_builds(data_copy, tmp_path):
    text = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    template = re.search(r"## The template.*?```yaml\n(.*?)```", text, re.S).group(1)
    (data_copy / "papers" / "mymodel.yml").write_text(template, encoding="utf-8")
    result = run("validate", "--data-dir", str(data_copy))
    assert result.exit_code == 0, result.output
    record = load_catalogue(data_copy).by_id["mymodel"]
    assert record.entry.modalities == ("emg", "imu")
    built = build_site(tmp_path / "site", data_copy)
    assert built.returncode == 0, built.stderr


def test_contributing_guide_is_on_the_site(site):
    page = site.content("contributing/")
    assert "The template" in page.get_text()
    assert "ssl_not_claimed_fm" in page.select_one("code.language-yaml").get_text()


def test_output_is_plain_without_a_terminal(data_copy):
    (data_copy / "papers" / "one.yml").write_text("title: [\n")
    result = runner.invoke(app, ["validate", "--data-dir", str(data_copy)])
    assert result.exit_code == 1
    assert "\x1b[" not in result.output
    assert "data/papers/one.yml:2: (file): YAML syntax error" in result.output


# --------------------------------------------------------------------------- hostile text


def hostile_vocabulary(data_copy):
    """A modality label and a venue name written as rich markup (the schema allows both)."""
    path = data_copy / "vocab" / "modalities.yml"
    text = path.read_text("utf-8").replace(
        "label: EMG", 'label: "EMG[/x][link=https://e.org]L[/link]"'
    )
    path.write_text(text, encoding="utf-8")


MARKUP = "[/x][link=https://evil.example]click[/link][bold]"
CONTROL = "\x1b[31m\x1b]8;;https://evil.example\x07\u202e\x00"


def test_user_text_is_printed_as_text_in_every_command(data_copy, monkeypatch):
    """Markup in keys, labels, messages and links is shown as typed, never interpreted."""
    hostile_vocabulary(data_copy)
    entry = data_copy / "papers" / "hostile.yml"
    entry.write_text(f'title: T\n"{MARKUP}": 1\nadded: 2026-11-28\n', encoding="utf-8")
    result = run("validate", "--data-dir", str(data_copy))
    assert result.exit_code == 1 and f"data/papers/hostile.yml:2: {MARKUP}: unknown field" in (
        result.output)  # fmt: skip
    entry.unlink()
    result = run("stats", "--data-dir", str(data_copy))
    assert result.exit_code == 0 and "EMG[/x][link=https://e.org]L[/link]" in result.output
    result = run("new", "--data-dir", str(data_copy), "--title", "Markup Probe", "--year",
                 "2026", "--venue", "arxiv", "--paper", "https://e.org/p", "-m", MARKUP,
                 "-d", "pretraining")  # fmt: skip
    assert result.exit_code == 1 and f"unknown modalities key '{MARKUP}'" in result.output
    dead = [linkcheck.DeadLink("data/papers/a.yml", "links.paper", f"https://e.org/{MARKUP}",
                               f"error: {MARKUP}")]  # fmt: skip
    monkeypatch.setattr(linkcheck, "check_links", lambda links, timeout: dead)
    result = run("links", "--data-dir", str(data_copy))
    assert result.exit_code == 1
    assert f"data/papers/a.yml: links.paper: error: {MARKUP} https://e.org/{MARKUP}" in (
        result.output)  # fmt: skip
    result = run("export", "-o", "missing/[bold][link=https:x]out.json")
    assert result.exit_code == 2 and "missing/[bold][link=https:x]out.json" in result.output


def test_control_characters_never_reach_the_terminal(data_copy, monkeypatch):
    """ESC, NUL and bidi overrides in file names, keys and links are shown escaped."""
    bad_name = data_copy / "papers" / "bad\x1b[2Jname\u202e.yml"
    bad_name.write_text("title: T\nadded: 2026-11-28\n", encoding="utf-8")
    bad_key = data_copy / "papers" / "keys.yml"
    bad_key.write_text('title: T\n"key\\e[31m\\u202e": 1\nadded: 2026-11-28\n', encoding="utf-8")
    result = run("validate", "--data-dir", str(data_copy))
    assert result.exit_code == 1
    assert "data/papers/bad\\x1b[2Jname\\u202e.yml" in result.output
    assert "data/papers/keys.yml:2: key\\x1b[31m\\u202e: unknown field" in result.output
    assert not any(char in result.output for char in "\x1b\u202e")
    bad_name.unlink()
    bad_key.unlink()
    dead = [linkcheck.DeadLink("data/papers/a.yml", "links.paper", "https://e.org/x", CONTROL)]
    monkeypatch.setattr(linkcheck, "check_links", lambda links, timeout: dead)
    result = run("links", "--data-dir", str(data_copy))
    assert result.exit_code == 1 and "\\x1b]8;;https://evil.example\\x07\\u202e\\x00" in (
        result.output)  # fmt: skip
    assert not any(char in result.output for char in "\x1b\x00\x07\u202e")


def test_a_symlink_loop_is_a_problem_not_a_traceback(data_copy):
    (data_copy / "papers" / "loop.yml").symlink_to("loop.yml")
    for command in ("validate", "stats", "export", "readme", "schema", "links", "new"):
        result = run(command, "--data-dir", str(data_copy))
        assert result.exit_code == 1, (command, result.output)
        assert "is a symbolic link" in result.output and "loop.yml" in result.output, command
    result = run("validate", "--data-dir", str(data_copy), str(data_copy / "papers" / "loop.yml"))
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_an_unreadable_file_is_a_problem_not_a_traceback(data_copy, monkeypatch):
    target = data_copy / "papers" / "papagei.yml"
    real = os.open

    def refusing_open(path, *args, **kwargs):  # tests run as root: chmod would not stop us
        if Path(path).name == target.name:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    for command in ("validate", "stats", "export", "readme"):
        result = run(command, "--data-dir", str(data_copy))
        assert result.exit_code == 1, command
        assert "data/papers/papagei.yml: (file): cannot be read: Permission denied" in (
            result.output)  # fmt: skip


@pytest.mark.parametrize("command", [["export", "-f", "csv", "-o"], ["links", "--report"]])
def test_an_output_file_in_a_missing_folder_is_wrong_usage(tmp_path, command, monkeypatch):
    monkeypatch.setattr(linkcheck, "check_links", lambda links, timeout: [])
    target = tmp_path / "missing" / "out.txt"
    result = run(*command, str(target))
    assert result.exit_code == 2, result.output
    assert f"cannot write {target}: the folder {target.parent} does not exist" in result.output
    result = run(*command, str(tmp_path))
    assert result.exit_code == 2 and "is a folder" in result.output


# --------------------------------------------------------------------------- validate PATHS


@pytest.mark.parametrize(
    "path",
    ["README.md", "mkdocs.yml", "data/site.yaml", "data/papers.yml", "docs/schema/x.yml",
     "data/vocab/papers.yml", "data/papers/.hidden.yml", "data/papers", "outside.yml"],
)  # fmt: skip
def test_validate_reports_paths_that_are_not_entry_files(data_copy, path):
    root = data_copy.parent
    target = root / path
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("title: X\nadded: 2026-11-28\n", encoding="utf-8")
    result = run("validate", "--data-dir", str(data_copy), str(target))
    assert result.exit_code == 1, result.output
    assert "OK" not in result.output
    said = ("not an entry file of data/", "is a folder", "unknown file", "unknown vocabulary file")
    assert any(words in result.output for words in said), result.output


def test_validate_accepts_entry_and_data_files(data_copy):
    paths = [data_copy / "papers" / "papagei.yml", data_copy / "vocab" / "venues.yml"]
    result = run("validate", "--data-dir", str(data_copy), *map(str, paths))
    assert result.exit_code == 0 and "OK: 2 files valid." in result.output
    result = run("validate", "--data-dir", str(data_copy), str(paths[0]))
    assert result.exit_code == 0 and "OK: 1 entry valid." in result.output


# --------------------------------------------------------------------------- helpful messages


def test_the_readme_example_message_is_what_validate_says(data_copy):
    readme = (ROOT / "README.md").read_text("utf-8")
    example = re.search(r"`(data/papers/my-model\.yml:8: modalities: [^`]+)`", readme).group(1)
    (data_copy / "papers" / "my-model.yml").write_text(
        "title: My Model\nyear: 2026\nvenue: arxiv\nlinks:\n  paper: https://e.org/my\n"
        "directions: [pretraining]\nadded: 2026-11-28\nmodalities: [ekg]\n",
        encoding="utf-8",
    )
    result = run("validate", "--data-dir", str(data_copy))
    assert result.exit_code == 1 and example in result.output


@pytest.mark.parametrize(
    "typed, meant",
    [("eeq", "eeg"), ("EKG", "ecg"), ("ekg", "ecg"), ("emgg", "emg"), ("pgg", "ppg")],
)
def test_unknown_keys_get_a_suggestion(data_copy, typed, meant):
    (data_copy / "papers" / "typo.yml").write_text(
        f"title: Typo\nmodalities: [{typed}]\ndirections: [pretraining]\nadded: 2026-11-28\n",
        encoding="utf-8",
    )
    result = run("validate", "--data-dir", str(data_copy))
    assert f"unknown modalities key '{typed}' (did you mean '{meant}'?)" in result.output


@pytest.mark.parametrize(
    "text, hint",
    [
        ("title: X\nlinks:\n  paper: https://e.org/p\n   code: https://e.org/c\n", "indentation"),
        ("title: X\nlinks:\n    paper: https://e.org/p\n  code: https://e.org/c\n", "indentation"),
        ("title: X\nmodalities:\n  - ecg\n directions: [llm]\n", "indentation"),
        ("title: X\nlinks:\n\tpaper: https://e.org/p\n", "spaces, not tabs"),
        ("title: A: B\n", "quote a value that contains ': '"),
    ],
)
def test_yaml_indentation_errors_come_with_a_hint(data_copy, text, hint):
    (data_copy / "papers" / "indent.yml").write_text(text, encoding="utf-8")
    result = run("validate", "--data-dir", str(data_copy))
    assert result.exit_code == 1
    (line,) = [x for x in result.output.splitlines() if x.startswith("data/papers/indent.yml")]
    assert "YAML syntax error" in line and "(hint: " in line and hint in line


def test_stats_headings_are_the_registry_facet_titles():
    from biofm.registry import FACETS

    out = run("stats").stdout
    for facet in FACETS:
        assert re.search(rf"^\s*{re.escape(facet.title)}\s*$", out, re.MULTILINE), facet.title
    assert "LLM roles" in out and "Llm roles" not in out
