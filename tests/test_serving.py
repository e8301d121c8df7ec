"""``mkdocs serve``: parses kept between rebuilds (yamlio.keep_parsed) and invalidated by
an edit, faster polling (serving.py), and a real server showing an edit, an invalid
edit's error and the fix."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request

import pytest
from mkdocs.livereload import LiveReloadServer
from test_plugin import paper, tiny_data

from biofm import serving, yamlio

from conftest import MKDOCS, ROOT

GOOD = "title: First\nyear: 2026\n"


@pytest.fixture
def kept():
    yamlio.keep_parsed()
    yield
    yamlio.keep_parsed(False)


def test_a_one_off_build_keeps_no_parse(tmp_path):
    path = tmp_path / "a.yml"
    path.write_text(GOOD, encoding="utf-8")
    assert yamlio.read_yaml(path) is not yamlio.read_yaml(path)


def test_kept_parse_is_reused_only_for_the_same_bytes(tmp_path, kept):
    path = tmp_path / "a.yml"
    path.write_text(GOOD, encoding="utf-8")
    first = yamlio.read_yaml(path)
    assert yamlio.read_yaml(path) is first  # unchanged: not parsed again

    path.write_text(GOOD.replace("First", "Edited"), encoding="utf-8")  # same size, new bytes
    edited = yamlio.read_yaml(path)
    assert edited.data["title"] == "Edited" and edited is not first

    path.write_text("title: [unclosed\n", encoding="utf-8")
    for _ in range(2):  # a problem is never kept: reported on every read
        with pytest.raises(yamlio.YamlProblem, match="YAML syntax error"):
            yamlio.read_yaml(path)

    path.write_text(GOOD, encoding="utf-8")  # the fix
    assert yamlio.read_yaml(path).data == {"title": "First", "year": 2026}
    assert yamlio.read_or_problem(tmp_path / "missing.yml").message.startswith("cannot be read")


def test_read_many_reads_in_process_while_parses_are_kept(tmp_path, kept, monkeypatch):
    monkeypatch.setattr(yamlio, "PARALLEL_FROM", 1)
    paths = []
    for i in range(3):
        paths.append(tmp_path / f"{i}.yml")
        paths[-1].write_text(f"title: T{i}\n", encoding="utf-8")
    first = yamlio.read_many(paths)
    assert [p.data["title"] for p in first] == ["T0", "T1", "T2"]
    assert all(a is b for a, b in zip(first, yamlio.read_many(paths), strict=True))


def test_poll_often_sets_every_watcher(tmp_path):
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        server.watch(str(tmp_path / "a"))
        assert serving.poll_often(server)
        server.watch(str(tmp_path / "b"))  # watched after: polls as often
        watchers = [server.observer, *server.observer.emitters]
        assert len(watchers) == 3
        assert {w.timeout for w in watchers} == {serving.POLL_SECONDS}
    finally:
        server.server_close()
    assert not serving.poll_often(object())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _wait(condition, limit: float = 120) -> bool:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_serve_shows_an_edit_an_invalid_edits_error_and_the_fix(tmp_path):
    data = tiny_data(tmp_path, paper("Served Paper"), paper("Other Paper"))
    entry = data / "papers" / "served-paper.yml"
    original = entry.read_text(encoding="utf-8")
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "ATLAS_DATA_DIR": str(data), "NO_MKDOCS_2_WARNING": "1"}
    with log.open("w") as out:
        server = subprocess.Popen(
            [*MKDOCS, "serve", "-a", f"127.0.0.1:{port}"], cwd=ROOT, env=env,
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}/atlas/papers/served-paper/"
    try:
        assert _wait(lambda: "Served Paper" in _page(url)), log.read_text()
        time.sleep(0.5)
        entry.write_text(original.replace("Served Paper", "Edited Paper"), encoding="utf-8")
        assert _wait(lambda: "Edited Paper" in _page(url)), log.read_text()

        entry.write_text(original.replace("year: 2026", "year: soon"), encoding="utf-8")
        assert _wait(lambda: "papers/served-paper.yml" in log.read_text()), log.read_text()
        text = log.read_text()
        assert "year" in text.split("papers/served-paper.yml", 1)[1].splitlines()[0]
        # (MkDocs holds page requests until a build succeeds again.)

        entry.write_text(original, encoding="utf-8")  # the fix: the very first bytes again
        assert _wait(lambda: "Served Paper" in _page(url)), log.read_text()
        assert "Traceback" not in log.read_text()
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
