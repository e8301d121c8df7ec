"""The fast (libyaml) reading path gives exactly what the pure-Python loader gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from biofm import yamlio

from conftest import DATA, ROOT

FILES = sorted((*DATA.rglob("*.yml"), *(ROOT / "tests" / "corpus").rglob("*.yml")))


def both(text: str) -> tuple:
    """What each loader makes of ``text``: the data and lines, or the problem."""
    results = []
    for loader in (yamlio._FastLoader, yamlio._StrictLoader):
        try:
            parsed = yamlio._parse(loader, text)
            results.append(("ok", parsed.data, parsed.lines))
        except yamlio.YamlProblem as exc:
            results.append(("problem", str(exc), exc.line))
        except Exception as exc:  # the fast path may fail in its own way
            results.append(("failed", type(exc).__name__))
    return tuple(results)


def test_libyaml_is_there():
    """PyYAML's wheels ship libyaml; without it every read takes the slow path."""
    assert yamlio.CParser is not None


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_both_loaders_read_every_data_and_corpus_file_alike(path: Path):
    fast, slow = both(path.read_text("utf-8", errors="surrogateescape"))
    assert fast == slow or fast[0] != "ok"  # a failure is read again by the Python loader
    assert yamlio.read_or_problem(path).__class__.__name__ in ("Parsed", "YamlProblem")


YAML_BITS = st.sampled_from(
    ["a", ":", " ", "\n", "-", "[", "]", "{", "}", ",", "&x", "*x", "!!str", "'", '"', "#",
     "\t", "? ", "|", ">", "---", "...", "1", "2026-11-29", "~", "\\", "%YAML 1.1"]
)  # fmt: skip


@settings(max_examples=1000, deadline=None, database=None)
@given(st.lists(YAML_BITS, max_size=30).map("".join))
def test_what_both_loaders_read_they_read_alike(text):
    """libyaml takes a little more than PyYAML's own parser (a tab after a value); where
    both read a document, data and lines are the same."""
    fast, slow = both(text)
    if fast[0] == slow[0] == "ok":
        assert fast == slow
