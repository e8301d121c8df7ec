"""Broken data is rejected with every problem named by file, line and field."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import textwrap

import pytest

from biofm import identity
from biofm.build import BuildState, PageClash
from biofm.catalogue import Catalogue
from biofm.loader import load_catalogue
from biofm.problems import CatalogueError
from biofm.schema import Modality

from conftest import DATA, MKDOCS, ROOT, build_site

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


# --------------------------------------------------------------------------- files and folders


def test_symlinks_are_refused_and_paths_outside_are_never_named(data_copy, tmp_path):
    """A link out of the data (published with its absolute path before) and a link loop
    (a crash before) are both problems on the link itself."""
    outside = tmp_path / "elsewhere" / "outside.yml"
    outside.parent.mkdir()
    outside.write_text(GOOD.replace("2601.99001", "2601.99002"), encoding="utf-8")
    (data_copy / "papers" / "outside.yml").symlink_to(outside)
    loop = data_copy / "papers" / "loop.yml"
    loop.symlink_to(loop)
    (data_copy / "datasets" / "again").symlink_to(data_copy / "datasets")
    shutil.move(data_copy / "toolboxes", tmp_path / "elsewhere" / "toolboxes")
    (data_copy / "toolboxes").symlink_to(tmp_path / "elsewhere" / "toolboxes")
    with pytest.raises(CatalogueError) as info:
        load_catalogue(data_copy)
    links = ["papers/outside.yml", "papers/loop.yml", "datasets/again", "toolboxes"]
    assert {p.path for p in info.value.problems} == {f"data/{link}" for link in links}
    for problem in info.value.problems:
        assert problem.message.startswith("is a symbolic link"), problem
    assert str(tmp_path) not in str(info.value)


def test_a_symlinked_vocabulary_is_refused(data_copy, tmp_path):
    real = tmp_path / "tasks.yml"
    shutil.move(data_copy / "vocab" / "tasks.yml", real)
    (data_copy / "vocab" / "tasks.yml").symlink_to(real)
    with pytest.raises(CatalogueError) as info:
        load_catalogue(data_copy)
    assert [str(p) for p in info.value.problems] == [
        "data/vocab/tasks.yml: (file): is a symbolic link; data files and folders must be real "
        "files in data/"
    ]


def test_a_symlink_loop_fails_the_build_cleanly(data_copy, tmp_path):
    loop = data_copy / "papers" / "loop.yml"
    loop.symlink_to(loop)
    result = build_site(tmp_path / "site", data_copy)
    assert result.returncode != 0
    assert "data/papers/loop.yml: (file): is a symbolic link" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_files_and_folders_in_data_are_problems(data_copy):
    (data_copy / "README.md").write_text("notes\n", encoding="utf-8")
    (data_copy / "tsfms").mkdir()
    (data_copy / "surveys" / "nested").mkdir()
    (data_copy / "vocab" / "modality.yml").write_text("[]\n", encoding="utf-8")
    with pytest.raises(CatalogueError) as info:
        load_catalogue(data_copy)
    shown = [str(p) for p in info.value.problems]
    folders = "papers/, tsfm/, datasets/, benchmarks/, toolboxes/, surveys/"
    assert shown == [
        "data/README.md: (file): unknown file 'README.md'; data/ holds site.yml, vocab/ and "
        f"the entry folders {folders}",
        "data/surveys/nested: (file): entry files must be YAML files ending in .yml",
        "data/tsfms: (folder): unknown folder 'tsfms' (did you mean 'tsfm'?); data/ holds "
        f"site.yml, vocab/ and the entry folders {folders}",
        "data/vocab/modality.yml: (file): unknown vocabulary file 'modality.yml' (did you mean "
        "'modalities.yml'?); the vocabularies are modalities.yml, directions.yml, "
        "llm_roles.yml, tasks.yml, venues.yml",
    ]


# --------------------------------------------------------------------------- site pages


@pytest.mark.parametrize("folder", ["papers", "tsfm"])
def test_an_entry_cannot_take_a_section_page(data_copy, folder):
    problems = problems_for(data_copy, "index.yml", GOOD, folder)
    assert f"data/{folder}/index.yml: (file name): 'index' is reserved" in "\n".join(problems)


def test_a_vocabulary_key_cannot_take_an_overview_page(data_copy):
    path = data_copy / "vocab" / "modalities.yml"
    lines = path.read_text("utf-8").count("\n")
    path.write_text(
        path.read_text("utf-8") + "- key: index\n  label: Index\n  name: Index\n"
        '  colour: "#333333"\n',
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError) as info:
        load_catalogue(data_copy)
    assert any(
        p.path == "data/vocab/modalities.yml"
        and p.line == lines + 1
        and p.message == "'index' is reserved: it would replace a site page"
        for p in info.value.problems
    ), info.value


def test_two_generated_pages_for_one_path_are_an_error(catalogue):
    """Behind the schema's check: the plan itself refuses two pages for one source path."""
    modalities = dict(catalogue.vocab.modalities)
    modalities["index"] = Modality.model_construct(
        key="index", label="Index", name="Index", colour="#333333", aliases=()
    )
    vocab = dataclasses.replace(catalogue.vocab, modalities=modalities)
    clashing = Catalogue(vocab=vocab, site=catalogue.site, records=list(catalogue.records))
    with pytest.raises(PageClash, match=r"two generated pages are both 'modalities/index\.md'"):
        BuildState.plan(clashing, ROOT / "overrides" / "atlas")


def test_a_docs_page_and_a_generated_page_cannot_share_an_output_path(tmp_path):
    """docs/papers/index.md and the generated papers listing both make papers/index.html."""
    project = tmp_path / "project"
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, project / name)
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copy(ROOT / name, project / name)
    (project / "hooks").mkdir()
    shutil.copy(ROOT / "hooks" / "macros.py", project / "hooks" / "macros.py")
    (project / "docs" / "papers").mkdir()
    (project / "docs" / "papers" / "index.md").write_text("# Mine\n", encoding="utf-8")
    (project / "docs" / "catalogue.csv").write_text("a,b\n", encoding="utf-8")
    (project / "docs" / "feed.xml").write_text("<feed/>\n", encoding="utf-8")
    env = {**os.environ, "ATLAS_DATA_DIR": str(DATA), "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": str(ROOT / "hooks")}  # fmt: skip
    command = [*MKDOCS, "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", "site"]
    result = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode != 0
    assert "two sources for one output path" in result.stderr
    assert "papers/index.html would be written from both" in result.stderr
    assert "catalogue.csv from docs/ would be overwritten by the catalogue export" in result.stderr
    assert "feed.xml from docs/ would be overwritten by the catalogue export" in result.stderr
    assert "Traceback" not in result.stderr


# --------------------------------------------------------------------------- identity


def test_arxiv_ids_come_only_from_arxiv_links(data_copy):
    """A link to another host cannot claim an arXiv paper's identity."""
    link = "https://example.org/mirror/arxiv.org/abs/2410.20542"
    text = GOOD.replace("https://arxiv.org/abs/2601.99001", link)
    (data_copy / "papers" / "elsewhere.yml").write_text(text, encoding="utf-8")
    assert load_catalogue(data_copy).by_id["elsewhere"].arxiv_id is None


def test_identities_use_ascii_digits_only(data_copy):
    """Python's \\d matches any Unicode digit: fullwidth ones made arXiv ids and DOIs."""
    link = "https://arxiv.org/abs/\uff12\uff14\uff11\uff10.\uff12\uff10\uff15\uff14\uff12"
    text = GOOD.replace("https://arxiv.org/abs/2601.99001", link)
    (data_copy / "papers" / "fullwidth.yml").write_text(text, encoding="utf-8")
    record = load_catalogue(data_copy).by_id["fullwidth"]
    assert (record.arxiv_id, record.first_online) == (None, "2025")
    assert identity.doi_from_url("https://doi.org/10.\uff11\uff12\uff13\uff14/x") is None
