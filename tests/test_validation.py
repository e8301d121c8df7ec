"""Broken data is rejected with every problem named by file, line and field."""

from __future__ import annotations

import shutil
import textwrap

import pytest

from biofm.loader import load_catalogue
from biofm.problems import CatalogueError

from conftest import build_site

GOOD = """\
title: A Good Paper About EMG Foundation Models
venue: arxiv
year: 2025
links:
  paper: https://arxiv.org/abs/2601.99001
modalities: [emg]
directions: [pretraining]
added: 2026-11-28
"""


def problems_for(data_dir, name: str, text: str, folder: str = "papers") -> list[str]:
    (data_dir / folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(CatalogueError) as info:
        load_catalogue(data_dir)
    return [str(p) for p in info.value.problems]


def test_good_entry_loads(data_copy):
    (data_copy / "papers" / "good-paper.yml").write_text(GOOD)
    assert "good-paper" in load_catalogue(data_copy).by_id


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            GOOD.replace("[emg]", "[ekg]"),
            "data/papers/bad.yml:6: modalities: unknown modalities key 'ekg'",
        ),
        (GOOD.replace("[emg]", "[Respiratory]"), "(did you mean 'resp'?)"),
        (GOOD.replace("[pretraining]", "[scratch]"), "directions: unknown directions key"),
        (GOOD.replace("venue: arxiv", "venue: nips"), "venue: unknown venues key 'nips'"),
        (
            GOOD.replace("title: A Good Paper About EMG Foundation Models\n", ""),
            "data/papers/bad.yml: title: required field is missing",
        ),
        (
            GOOD.replace("A Good Paper About EMG Foundation Models", '"   "'),
            "data/papers/bad.yml:1: title: String should have at least 1 character",
        ),
        (
            GOOD.replace("https://arxiv.org/abs/2601.99001", "javascript:alert(1)"),
            "data/papers/bad.yml:5: links.paper: must be an absolute http:// or https:// URL",
        ),
        (
            GOOD.replace("https://arxiv.org/abs/2601.99001", "data:text/html,x"),
            "links.paper: must be an absolute http:// or https:// URL",
        ),
        (
            GOOD.replace("https://arxiv.org/abs/2601.99001", "/papers/x"),
            "links.paper: must be an absolute http:// or https:// URL",
        ),
        (
            GOOD.replace("modalities:", "modalites:"),
            "data/papers/bad.yml:6: modalites: unknown field",
        ),
        (GOOD.replace("year: 2025", "year: next year"), "data/papers/bad.yml:3: year:"),
        (GOOD + "title: Again\n", "data/papers/bad.yml:9: (file): duplicate key 'title'"),
        ("title: [unclosed\n", "data/papers/bad.yml:2: (file): YAML syntax error"),
        ("- just\n- a list\n", "data/papers/bad.yml: (file): must be a mapping"),
        (
            GOOD.replace("[pretraining]", "[pretraining]\nllm_roles: [agent]"),
            "llm_roles: LLM roles are only allowed with the 'llm' direction",
        ),
    ],
)
def test_broken_entry_is_named(data_copy, text, expected):
    problems = problems_for(data_copy, "bad.yml", text)
    assert any(expected in p for p in problems), problems


def test_non_utf8_file(data_copy):
    (data_copy / "papers" / "latin1.yml").write_bytes("title: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(CatalogueError, match=r"data/papers/latin1.yml: \(file\): not valid UTF-8"):
        load_catalogue(data_copy)


def test_alias_bomb_is_refused_quickly(data_copy):
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in "bcdefghij":
        previous = chr(ord(level) - 1)
        bomb.append(f"{level}: &{level} [" + ", ".join([f"*{previous}"] * 10) + "]")
    problems = problems_for(data_copy, "bomb.yml", "\n".join(bomb) + "\n")
    assert any("aliases expand to over" in p for p in problems), problems


def test_bad_file_name(data_copy):
    problems = problems_for(data_copy, "Bad_Name.yml", GOOD)
    assert any(
        "data/papers/Bad_Name.yml: (file name): must be a lowercase slug" in p for p in problems
    )


@pytest.mark.parametrize(
    "change, expected",
    [
        ("https://arxiv.org/abs/2410.20542", "links.paper: same arXiv id '2410.20542' as"),
        ("https://www.nature.com/articles/s41586-025-09255-w", "links.paper: same DOI"),
    ],
)
def test_duplicate_identity(data_copy, change, expected):
    text = GOOD.replace("https://arxiv.org/abs/2601.99001", change)
    problems = problems_for(data_copy, "zz-copy.yml", text)
    assert any(p.startswith("data/papers/zz-copy.yml:5: ") and expected in p for p in problems)


def test_duplicate_normalised_title(data_copy):
    text = GOOD.replace(
        "A Good Paper About EMG Foundation Models",
        '"PaPaGei: open foundation models for optical physiological signals!"',
    )
    problems = problems_for(data_copy, "zz-papagei.yml", text)
    assert any("data/papers/zz-papagei.yml:1: title: same normalised title" in p for p in problems)


def test_duplicate_id_across_kinds(data_copy):
    survey = next((data_copy / "surveys").glob("*.yml"))
    shutil.copy(survey, data_copy / "tsfm" / survey.name)
    with pytest.raises(CatalogueError) as info:
        load_catalogue(data_copy)
    assert f"data/tsfm/{survey.name}: (file): same id {survey.stem!r}" in str(info.value)


def test_unknown_reference(data_copy):
    text = GOOD.replace("[pretraining]", "[tsfm-adaptation]\nbuilds_on: [no-such-model]")
    problems = problems_for(data_copy, "bad.yml", text)
    assert any(
        "builds_on[0]: 'no-such-model' is not the id of a tsfm entry" in p for p in problems
    ), problems


def test_all_problems_reported_at_once(data_copy):
    (data_copy / "papers" / "one.yml").write_text(GOOD.replace("[emg]", "[ekg]"))
    (data_copy / "datasets" / "two.yml").write_text("title: X\nadded: 2026-11-28\n")
    (data_copy / "papers" / "three.yml").write_text("title: [\n")
    with pytest.raises(CatalogueError) as info:
        load_catalogue(data_copy)
    paths = {p.path for p in info.value.problems}
    assert {"data/papers/one.yml", "data/datasets/two.yml", "data/papers/three.yml"} <= paths


def test_build_fails_with_the_problem_list(data_copy, tmp_path):
    (data_copy / "papers" / "one.yml").write_text(GOOD.replace("[emg]", "[ekg]"))
    (data_copy / "papers" / "two.yml").write_text(
        GOOD.replace("https://arxiv.org/abs/2601.99001", "javascript:alert(1)")
    )
    result = build_site(tmp_path / "site", data_copy)
    assert result.returncode != 0
    assert "data/papers/one.yml:6: modalities: unknown modalities key 'ekg'" in result.stderr
    assert "data/papers/two.yml:5: links.paper: must be an absolute http" in result.stderr
    assert "Traceback" not in result.stderr


def test_parallel_reading_reports_the_same_problems(data_copy, monkeypatch):
    """Large catalogues are read in worker processes; problems keep their lines."""
    from biofm import yamlio

    (data_copy / "papers" / "one.yml").write_text(GOOD + "title: Again\n")
    (data_copy / "papers" / "two.yml").write_text(GOOD.replace("[emg]", "[ekg]"))
    with pytest.raises(CatalogueError) as serial:
        load_catalogue(data_copy)
    monkeypatch.setattr(yamlio, "PARALLEL_FROM", 1)
    with pytest.raises(CatalogueError) as parallel:
        load_catalogue(data_copy)
    assert [str(p) for p in parallel.value.problems] == [str(p) for p in serial.value.problems]
    assert "data/papers/one.yml:9: (file): duplicate key 'title'" in str(parallel.value)
