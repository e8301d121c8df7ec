"""A corpus of broken and hostile entry files: each is refused with precise, clean problems.

Every case is a folder ``tests/corpus/<case>/`` holding the entry file(s) at their path
under ``data/`` (e.g. ``papers/<case>.yml``) and ``expected.txt``: one substring per line
that the problems must contain. A few cases too large to commit are generated here.
Each case is dropped into a copy of the real data, which must then fail to load with
problems that name only the case's own files and read like messages, not tracebacks.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from biofm import yamlio
from biofm.loader import load_catalogue
from biofm.problems import CatalogueError, Problem

CORPUS = Path(__file__).resolve().parent / "corpus"
DATA = CORPUS.parent.parent / "data"

# Text that means an exception escaped as itself instead of becoming a problem message.
LEAKS = re.compile(
    r"Traceback|File \"|\b[A-Z][A-Za-z]*(?:Error|Exception)\b|<unicode string>|object at 0x"
)


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, bytes]  # path under data/ -> exact bytes
    expected: tuple[str, ...]

    def __str__(self) -> str:  # the pytest id
        return self.name


def corpus_cases() -> list[Case]:
    cases = []
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        files = {
            path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*"))
            if path.is_file() and path.name != "expected.txt"
        }
        lines = (folder / "expected.txt").read_text(encoding="utf-8").splitlines()
        cases.append(Case(folder.name, files, tuple(line for line in lines if line.strip())))
    return cases


def _paper(name: str, extra: str = "") -> str:
    return (
        f"title: Corpus Case {name}\nlinks:\n  paper: https://example.org/corpus/{name}\n"
        f"modalities: [emg]\ndirections: [pretraining]\nadded: 2026-11-29\n{extra}"
    )


def generated_cases() -> list[Case]:
    """Cases built here: too big or too repetitive to commit."""
    huge = _paper("huge-file", "description: " + "x" * yamlio.MAX_FILE_BYTES + "\n")
    deep = 10_000
    many = ", ".join(["emg"] * (yamlio.MAX_NODES + 10))
    return [
        Case(
            "huge-file",
            {"papers/huge-file.yml": huge.encode()},
            (f"data/papers/huge-file.yml: (file): file is {len(huge)} bytes; the limit is",),
        ),
        Case(
            "deeply-nested-lists",
            {
                "papers/deeply-nested-lists.yml": _paper(
                    "nested", f"tags: {'[' * deep}{']' * deep}\n"
                ).encode()
            },
            ("data/papers/deeply-nested-lists.yml:7: (file): nested more than",),
        ),
        Case(
            "deeply-nested-mappings",
            {
                "papers/deeply-nested-mappings.yml": (
                    "title: " + "{a: " * deep + "b" + "}" * deep + "\n"
                ).encode()
            },
            ("data/papers/deeply-nested-mappings.yml:1: (file): nested more than",),
        ),
        Case(
            "too-many-nodes",
            {"papers/too-many-nodes.yml": _paper("too-many-nodes", f"more: [{many}]\n").encode()},
            ("data/papers/too-many-nodes.yml: (file): ", f"over {yamlio.MAX_NODES} nodes"),
        ),
        Case(
            "alias-text-bomb",
            {"papers/alias-text-bomb.yml": _alias_text_bomb("alias-text-bomb").encode()},
            (
                "data/papers/alias-text-bomb.yml: (file): aliases expand to over "
                f"{yamlio.MAX_EXPANDED_BYTES} bytes of text",
            ),
        ),
        Case(
            "alias-deep-nesting",
            {"papers/alias-deep-nesting.yml": _alias_chain("alias-deep-nesting").encode()},
            ("data/papers/alias-deep-nesting.yml: (file): aliases nest the document more than",),
        ),
        Case(
            "slow-link-pattern",  # took minutes with a backtracking URL pattern
            {
                "papers/slow-link-pattern.yml": _paper("slow-link-pattern")
                .replace(
                    "https://example.org/corpus/slow-link-pattern",
                    '"https://' + "a." * 127_000 + 'a b"',
                )
                .encode()
            },
            ("data/papers/slow-link-pattern.yml:3: links.paper: is longer than 2000 characters",),
        ),
    ]


def _alias_text_bomb(name: str) -> str:
    """An entry well under the size limit whose aliases repeat 60 KB of text 4,000 times:
    240 MB once expanded, in fewer than 20,000 nodes."""
    notes = ", ".join(["*n"] * 4000)
    return _paper(
        name, f'description: &n "{"x" * 60_000}"\ncorrections: [{{field: t, note: [{notes}]}}]\n'
    )


def _alias_chain(name: str) -> str:
    """Few nodes, but each alias adds 45 levels: deeper than Python can recurse."""
    lines = ["a0: &a0 x"]
    lines += [f"a{k}: &a{k} {'[' * 45}*a{k - 1}{']' * 45}" for k in range(1, 30)]
    return _paper(name, "more:\n" + "".join(f"  {line}\n" for line in lines))


CASES = corpus_cases() + generated_cases()
BY_NAME = {case.name: case for case in CASES}


def drop_in(data_dir: Path, case: Case) -> None:
    for rel, content in case.files.items():
        target = data_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def problems_of(data_dir: Path) -> CatalogueError:
    with pytest.raises(CatalogueError) as info:
        load_catalogue(data_dir)
    return info.value


def check_problems(error: CatalogueError, cases: list[Case]) -> None:
    """Every expected line is there, only the cases' files are named, all read cleanly."""
    shown = [str(p) for p in error.problems]
    for case in cases:
        for expected in case.expected:
            assert any(expected in line for line in shown), (case.name, expected, shown)
            assert expected in str(error)
    # Nothing else breaks: a problem on another file is only the other half of a
    # duplicate, and then its message names the case's file.
    own = {f"data/{rel}" for case in cases for rel in case.files}
    for problem in error.problems:
        assert problem.path in own or any(f" {path}" in problem.message for path in own), shown
    assert not LEAKS.search(str(error)), str(error)
    for problem in error.problems:
        assert problem.line is None or problem.line >= 1, problem
        assert problem.field and problem.message, problem


def test_corpus_layout():
    """Each case holds at least one file under an entry folder, and something to expect."""
    folders = {"papers", "datasets", "toolboxes", "benchmarks", "surveys", "tsfm"}
    assert len(CASES) >= 60
    for case in CASES:
        assert case.files and case.expected, case.name
        misspelt = {"paper"} if case.name == "misspelt-folder" else set()
        assert {rel.split("/")[0] for rel in case.files} <= folders | misspelt, case.name


def test_the_real_data_loads():
    """The baseline every case is measured against: the unchanged data has no problem."""
    assert load_catalogue(Path(__file__).resolve().parent.parent / "data").records


def single_load(case: Case) -> CatalogueError:
    """What loading the real data with this one case dropped in reports (computed once per
    case: the union test below reuses the single loads)."""
    return _single_load(case.name)


@cache
def _single_load(name: str) -> CatalogueError:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        shutil.copytree(DATA, data_dir)
        drop_in(data_dir, BY_NAME[name])
        return problems_of(data_dir)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_case_is_refused_cleanly(case):
    check_problems(single_load(case), [case])


def test_all_problems_of_all_cases_come_out_at_once(data_copy):
    """One load with every case present reports exactly the union of the single loads."""
    single: set[Problem] = set()
    for case in CASES:
        single |= set(single_load(case).problems)
    for case in CASES:
        drop_in(data_copy, case)
    error = problems_of(data_copy)
    check_problems(error, CASES)
    assert set(error.problems) == single
    assert len(error.problems) == len(single)  # and nothing twice
    assert str(error).startswith(f"{len(single)} problems in the catalogue data:")


def timed(load) -> float:
    start = time.perf_counter()
    load()
    return time.perf_counter() - start


def costs_about_a_clean_load(seconds: float) -> bool:
    """Whether ``seconds`` is at most three loads of the unchanged data (timed now, so a
    busy machine slows both alike) plus half a second."""
    return seconds < 3 * timed(lambda: load_catalogue(DATA)) + 0.5


@pytest.mark.parametrize("name", ["alias-bomb", "alias-text-bomb", "slow-link-pattern"])
def test_bombs_cost_no_more_than_a_clean_load(data_copy, name):
    drop_in(data_copy, BY_NAME[name])
    assert costs_about_a_clean_load(timed(lambda: problems_of(data_copy)))


def test_site_prose_cannot_be_amplified_by_aliases(data_copy):
    """A small site.yml whose aliases would repeat its text into a 40 MB LIST.md."""
    site = data_copy / "site.yml"
    repeated = f'  - &p "{"x" * 1900}"\n' + "  - *p\n" * 200
    site.write_text(site.read_text("utf-8").replace("intro:\n", "intro:\n" + repeated), "utf-8")
    assert len(site.read_bytes()) < 40_000
    assert costs_about_a_clean_load(timed(lambda: problems_of(data_copy)))
    error = problems_of(data_copy)
    assert [str(p) for p in error.problems] == [
        f"data/site.yml: (file): aliases expand to over {yamlio.MAX_EXPANDED_BYTES} bytes of "
        "text; write the values out instead of repeating them"
    ]


def test_thousands_of_duplicates_are_reported_once_each_in_seconds(data_copy):
    """Each copy is named once per identity it repeats, against the entry already in the
    catalogue (the earliest added); the output grows linearly; the original is never blamed."""
    copy = _paper("copy").replace(
        "title: Corpus Case copy",
        "title: 'PaPaGei: Open Foundation Models for Optical Physiological Signals'",
    )
    copy = copy.replace("https://example.org/corpus/copy", "https://arxiv.org/abs/2410.20542")
    copies = 3000
    for index in range(copies):
        (data_copy / "papers" / f"copy-{index:04d}.yml").write_text(copy, "utf-8")
    start = time.perf_counter()
    error = problems_of(data_copy)
    assert time.perf_counter() - start < 30  # mostly YAML parsing; the checks take < 1 s
    paths = {f"data/papers/copy-{index:04d}.yml" for index in range(copies)}
    assert {p.path for p in error.problems} == paths
    assert len(error.problems) == 3 * copies  # arXiv id, title and paper link
    assert len(str(error)) < len(error.problems) * 250
    for problem in error.problems:
        assert problem.message.endswith(
            "as data/papers/papagei.yml: already in the catalogue as papers/papagei"
        ), problem


@pytest.mark.parametrize("name", ["python-tag", "python-tag-document"])
def test_python_tags_are_not_executed(data_copy, monkeypatch, capfd, name):
    calls = []
    monkeypatch.setattr(os, "system", lambda *a: calls.append(a) or 0)
    monkeypatch.setattr(subprocess, "check_output", lambda *a, **k: calls.append(a) or b"")
    drop_in(data_copy, BY_NAME[name])
    check_problems(problems_of(data_copy), [BY_NAME[name]])
    assert calls == []
    assert "corpus-python-tag-executed" not in capfd.readouterr().out


@pytest.mark.parametrize("name", ["deeply-nested-lists", "deeply-nested-mappings"])
def test_deep_nesting_is_a_problem_not_a_recursion_error(data_copy, name):
    drop_in(data_copy, BY_NAME[name])
    try:
        error = problems_of(data_copy)
    except RecursionError:  # pragma: no cover - the failure this test exists for
        pytest.fail("deep nesting raised RecursionError")
    assert "nested more than" in str(error)


def test_nesting_at_the_limit_is_still_read(tmp_path):
    """The depth limit does not cut into real data: fifty levels read fine."""
    path = tmp_path / "deep.yml"
    depth = yamlio.MAX_DEPTH - 1  # the document's own mapping is one level
    path.write_text("a: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    data = yamlio.read_yaml(path).data["a"]
    for _ in range(depth - 1):
        (data,) = data
    assert data == []


def test_corpus_files_are_byte_exact():
    """Corpus files are never converted by git (they hold tabs, CRs, bad bytes)."""
    attributes = (CORPUS / ".gitattributes").read_text(encoding="utf-8")
    assert "* -text" in attributes.splitlines()
    assert BY_NAME["non-utf8"].files["papers/non-utf8.yml"].count(b"\xe9") == 1
    assert BY_NAME["utf16"].files["papers/utf16.yml"].startswith(b"\xff\xfe")


def test_titles_without_latin_letters_are_not_all_duplicates(data_copy):
    """Two different Chinese titles must not collide as the same (empty) normalised title."""
    for index, title in enumerate(["脑电基础模型", "心电图大模型"]):
        (data_copy / "papers" / f"cjk-{index}.yml").write_text(
            _paper("x", "")
            .replace("title: Corpus Case x", f"title: {title}")
            .replace("corpus/x", f"corpus/cjk-{index}"),
            encoding="utf-8",
        )
    assert {"cjk-0", "cjk-1"} <= set(load_catalogue(data_copy).by_id)
    (data_copy / "papers" / "cjk-2.yml").write_text(
        _paper("x", "")
        .replace("title: Corpus Case x", "title: 脑电 基础模型!")
        .replace("corpus/x", "corpus/cjk-2"),
        encoding="utf-8",
    )
    error = problems_of(data_copy)
    assert {p.path for p in error.problems} == {"data/papers/cjk-2.yml"}
    assert (
        "data/papers/cjk-2.yml:1: title: same normalised title 'paper:脑电基础模型' as "
        "data/papers/cjk-0.yml: already in the catalogue as papers/cjk-0"
    ) in [str(p) for p in error.problems]
