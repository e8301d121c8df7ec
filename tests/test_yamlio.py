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


def _composed_and_measured(text: str) -> tuple:
    """The expansion :func:`yamlio._expansion` gives ``text`` and the measured one."""
    loader = yamlio._StrictLoader(text)
    try:
        node = loader.get_single_node()
        return yamlio._expansion(node, text, loader._composed), yamlio._measure_expansion(node)
    finally:
        loader.dispose()


@pytest.mark.parametrize(
    "text",
    [
        *(p.read_text(encoding="utf-8") for p in sorted(DATA.rglob("*.yml"))),
        "a: &x [1, 2, {b: c}]\nb: [*x, *x]\n",  # aliases: measured
        "title: 'A * B'\nlist: [1, [2, [3]]]\n",  # a star that is no alias: measured too
    ],
)
def test_a_file_without_aliases_is_bounded_as_measured(text: str):
    """Files without ``*`` are not walked again: their node count is the one measured, and
    the text and depth bounds are never below the measured ones."""
    found, measured = _composed_and_measured(text)
    if "*" in text:
        assert found == measured
    else:
        assert found.nodes == measured.nodes
        assert found.text >= measured.text and found.depth >= measured.depth


ESCAPES = [*'0abtnvfre "/\\N_LP', "x41", "xe9", "u2028", "uFFFF", "U0001F600"]


@pytest.mark.parametrize("escape", ESCAPES)
def test_no_escape_grows_text_more_than_the_bound(escape):
    """The bound used for files without aliases holds for every escape YAML has."""
    text = 'key: "' + ("\\" + escape) * 200 + '"\n'
    size = len(text.encode("utf-8"))
    measured = yamlio._measure_expansion(yamlio._StrictLoader(text).get_single_node())
    assert measured.text <= size * yamlio._MAX_TEXT_GROWTH


def test_files_without_aliases_keep_the_node_and_text_limits(monkeypatch):
    """Too many nodes, or text that escapes grow past the limit, are refused as before."""
    many = "[" + ", ".join(["1"] * (yamlio.MAX_NODES + 5)) + "]\n"
    assert yamlio.YamlProblem is type(problem := read_text(many))
    assert str(problem) == f"aliases expand to over {yamlio.MAX_NODES} nodes"

    monkeypatch.setattr(yamlio, "MAX_EXPANDED_BYTES", 100)
    grown = 'k: "' + "\\L" * 40 + '"\n'  # 87 bytes, 121 bytes of text
    assert str(read_text(grown)).startswith("aliases expand to over 100 bytes of text")
    assert read_text('k: "' + "\\L" * 20 + '"\n').data == {"k": "\u2028" * 20}


def read_text(text: str):
    """:func:`yamlio._parse` with the fast loader; a problem is returned, not raised."""
    try:
        return yamlio._parse(yamlio._FastLoader, text)
    except yamlio.YamlProblem as exc:
        return exc
