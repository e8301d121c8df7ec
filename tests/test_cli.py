"""The `biofm` command-line tool, driven through Typer's test runner."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil

import pytest
import yaml
from typer.testing import CliRunner

from biofm.cli import app
from biofm.loader import load_catalogue

from conftest import ROOT, build_site

runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input, env={"NO_COLOR": "1", "COLUMNS": "200"})


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
    answers = "Interactive Model for Gaze\ngaze-metrics, eeg\nllm\n"
    result = run("new", "--data-dir", str(data_copy), "--year", "2026", "-r", "agent",
                 input=answers)  # fmt: skip
    assert result.exit_code == 0, result.output
    record = load_catalogue(data_copy).by_id["interactive-model-for-gaze"]
    assert record.entry.modalities == ("gaze-metrics", "eeg")
    assert record.entry.llm_roles == ("agent",)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--title", "PaPaGei: Open Foundation Models for Optical Physiological Signals",
          "--id", "papagei-again", "-m", "ppg", "-d", "pretraining"], "same normalised title"),
        (["--title", "X", "-m", "ekg", "-d", "pretraining"], "unknown modalities key 'ekg'"),
        (["--title", "Y", "-m", "ppg", "-d", "pretraining", "--paper", "javascript:alert(1)"],
         "must be an absolute http:// or https:// URL"),
    ],
)  # fmt: skip
def test_new_refuses_bad_or_duplicate_entries_and_writes_nothing(data_copy, args, message):
    before = sorted(p.name for p in (data_copy / "papers").iterdir())
    result = run("new", "--data-dir", str(data_copy), *args)
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


def test_links_command_reports_dead_links(data_copy, tmp_path):
    """Against a local server only: one alive link, one dead."""
    import http.server
    import threading

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
    assert f"{base}/gone" in report.read_text("utf-8")


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
