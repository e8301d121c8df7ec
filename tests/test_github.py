"""GitHub workflows, issue forms and pre-commit hooks: valid, and in step with the project."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import DATA, ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
FORMS = [GITHUB / "ISSUE_TEMPLATE" / f"{name}.yml" for name in ("add-paper", "report-error")]
ISSUE_CONFIG = GITHUB / "ISSUE_TEMPLATE" / "config.yml"
BIOFM_COMMANDS = {"validate", "readme", "schema", "links", "export", "stats", "new", "import-list"}
HOOK_IDS = {"biofm-validate", "biofm-readme", "biofm-schema", "ruff-check", "ruff-format"}


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess:
    """Validate ``files`` against a schema bundled with check-jsonschema (works offline)."""
    command = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *files]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def load(path: Path):
    return yaml.safe_load(path.read_text("utf-8"))


def test_the_expected_workflows_exist():
    assert {p.name for p in WORKFLOWS} == {
        "pr.yml",
        "deploy.yml",
        "links.yml",
        "import-upstream.yml",
    }


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_valid(path):
    result = check_jsonschema("vendor.github-workflows", path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.name)
def test_issue_form_is_valid(path):
    result = check_jsonschema("vendor.github-issue-forms", path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_issue_config_is_valid():
    result = check_jsonschema("vendor.github-issue-config", ISSUE_CONFIG)
    assert result.returncode == 0, result.stdout + result.stderr
    assert load(ISSUE_CONFIG)["blank_issues_enabled"] is False


@pytest.mark.parametrize(
    ("schema", "source", "old", "new"),
    [
        ("vendor.github-workflows", WORKFLOWS[0], "runs-on:", "runs_on:"),
        ("vendor.github-issue-forms", FORMS[0], "type: dropdown", "type: multiselect"),
        ("vendor.github-issue-config", ISSUE_CONFIG, "blank_issues_enabled", "blank_issues"),
    ],
    ids=["workflow", "issue-form", "issue-config"],
)
def test_the_validator_rejects_a_typo(tmp_path, schema, source, old, new):
    text = source.read_text("utf-8")
    assert old in text
    broken = tmp_path / source.name
    broken.write_text(text.replace(old, new, 1), "utf-8")
    assert check_jsonschema(schema, broken).returncode != 0


def biofm_commands(lines: list[str]) -> list[str]:
    """The subcommand of every ``biofm <cmd>`` call in shell lines."""
    return re.findall(r"(?<![\w.-])(?:\.venv/bin/)?biofm\s+([\w-]+)", "\n".join(lines))


def workflow_run_lines() -> list[str]:
    lines = []
    for path in WORKFLOWS:
        for job in load(path)["jobs"].values():
            for step in job.get("steps", []):
                lines += str(step.get("run", "")).splitlines()
    return lines


def test_workflows_call_only_existing_biofm_commands():
    used = biofm_commands(workflow_run_lines())
    assert {"validate", "readme", "schema", "links"} <= set(used)
    assert set(used) <= BIOFM_COMMANDS, set(used) - BIOFM_COMMANDS


def test_biofm_command_finder():
    found = biofm_commands(
        ["biofm validate && biofm-atlas x", "  biofm  links --report r.md", ".venv/bin/biofm new"]
    )
    assert found == ["validate", "links", "new"]
    assert not set(biofm_commands(["biofm valdate"])) <= BIOFM_COMMANDS


def test_pull_request_workflow_runs_every_check():
    """The PR job builds strictly, lints, and runs the tests exactly as CI does."""
    steps = load(ROOT / ".github" / "workflows" / "pr.yml")["jobs"]["check"]["steps"]
    lines = " ".join(step.get("run", "") for step in steps)
    for command in ("mkdocs build --strict", "ruff check .", "bash .ci/run"):
        assert command in lines
    assert "python -m pytest" in (ROOT / ".ci" / "run").read_text("utf-8")


def form_options(form: dict, field_id: str) -> list[str]:
    """The option labels of one dropdown or checkboxes field of an issue form."""
    (field,) = [item for item in form["body"] if item.get("id") == field_id]
    options = field["attributes"]["options"]
    return [o["label"] if isinstance(o, dict) else o for o in options]


@pytest.mark.parametrize(
    ("field_id", "vocab"),
    [("modalities", "modalities"), ("directions", "directions"), ("llm-roles", "llm_roles")],
)
def test_add_paper_options_match_the_vocabulary(field_id, vocab):
    labels = [item["label"] for item in load(DATA / "vocab" / f"{vocab}.yml")]
    assert form_options(load(FORMS[0]), field_id) == labels


def test_add_paper_requires_the_paper_link_and_duplicate_check():
    form = load(FORMS[0])
    required = {item["id"] for item in form["body"] if item.get("validations", {}).get("required")}
    assert {"title", "paper-link", "modalities"} <= required
    (duplicate,) = form_options(form, "checks")
    assert "not already in the atlas" in duplicate


def test_pre_commit_hooks_are_local():
    config = load(ROOT / ".pre-commit-config.yaml")
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = config["repos"][0]["hooks"]
    assert {hook["id"] for hook in hooks} == HOOK_IDS
    assert all(hook["language"] == "system" for hook in hooks)
    entries = {hook["id"]: hook["entry"] for hook in hooks}
    assert entries["biofm-validate"] == "biofm validate"
    assert set(biofm_commands(list(entries.values()))) <= BIOFM_COMMANDS
    validate = next(hook for hook in hooks if hook["id"] == "biofm-validate")
    assert re.match(validate["files"], "data/papers/x.yml")
    assert not re.match(validate["files"], "docs/index.md")


def test_pull_request_template_has_the_checklist():
    text = (GITHUB / "pull_request_template.md").read_text("utf-8")
    for item in ("One YAML file per entry", "`biofm validate`", "`biofm readme`", "preview"):
        assert item in text
    assert set(biofm_commands(text.splitlines())) <= BIOFM_COMMANDS


def _import_steps() -> list[dict]:
    return load(GITHUB / "workflows" / "import-upstream.yml")["jobs"]["import"]["steps"]


def test_import_workflow_runs_on_a_schedule_and_by_hand():
    # PyYAML reads the key ``on`` as True.
    triggers = load(GITHUB / "workflows" / "import-upstream.yml")[True]
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    assert triggers["schedule"][0]["cron"]


def test_import_workflow_runs_the_commands_contributing_describes():
    """The maintainers' section of CONTRIBUTING.md shows the workflow's commands, in order."""
    runs = [str(step.get("run", "")) for step in _import_steps()]
    commands = [line.strip() for run in runs for line in run.splitlines() if "biofm " in line]
    commands = [re.sub(r"\s*\|.*$", "", c) for c in commands]
    assert commands[:3] == [
        "biofm import-list upstream-list.md",
        "biofm import-list upstream-list.md --apply",
        "biofm validate",
    ]
    text = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    section = text[text.index("## For maintainers: importing from the awesome list") :]
    documented = re.findall(r"^(?:\.venv/bin/)?(biofm [^\n#]*?)\s*(?:#.*)?$", section, re.M)
    positions = [documented.index(command) for command in commands]
    assert positions == sorted(positions)


def test_import_workflow_validates_and_opens_a_pull_request():
    steps = _import_steps()
    runs = " ".join(str(step.get("run", "")) for step in steps)
    assert "check_jsonschema --schemafile" in runs
    assert "mkdocs build --strict" in runs
    (action,) = [s["uses"] for s in steps if "create-pull-request" in s.get("uses", "")]
    assert re.fullmatch(r"peter-evans/create-pull-request@v\d+(\.\d+)*", action)
