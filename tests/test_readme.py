"""The README's two commands are the ones CI and contributors run."""

from __future__ import annotations

import re

from conftest import ROOT


def bash_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return [b.strip() for b in re.findall(r"```bash\n(.*?)```", section, re.S)]


def test_readme_gives_exactly_two_commands():
    blocks = bash_blocks()
    assert len(blocks) == 2
    assert all("\n" not in b for b in blocks)
    serve, test = blocks
    assert serve.startswith("python3.11 -m venv .venv") and "mkdocs serve" in serve
    assert test.startswith("python3.11 -m venv .venv") and "pytest" in test


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert bash_blocks()[1] in ci.splitlines()


def test_readme_screenshots_exist():
    text = (ROOT / "README.md").read_text("utf-8")
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert images
    for image in images:
        assert (ROOT / image).is_file(), image
