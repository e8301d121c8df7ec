"""The link checker against a local HTTP server (no internet), and its Markdown report."""

from __future__ import annotations

import socket
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import yaml

from biofm.linkcheck import DeadLink, check_links, collect_links, report_markdown

from conftest import DATA, ROOT

TIMEOUT = 1.0


class Server:
    """A local server that records every request it answers."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []
        self.release = threading.Event()  # ends the slow handler at teardown
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, method: str) -> None:
                server.requests.append((method, self.path))
                assert self.headers["User-Agent"].startswith("biofm-atlas-linkcheck/")
                path = self.path.split("?")[0]
                if path == "/slow":
                    server.release.wait(TIMEOUT * 10)
                    return
                status, location = {
                    "/ok": (200, None),
                    "/gone": (404, None),
                    "/nohead": (405 if method == "HEAD" else 200, None),
                    "/moved": (301, "/ok?via=moved"),
                    "/broken": (500, None),
                    "/loop": (302, "/loop"),
                }.get(path, (404, None))
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_HEAD(self) -> None:
                self._answer("HEAD")

            def do_GET(self) -> None:
                self._answer("GET")

            def log_message(self, *args) -> None:
                pass

        return Handler

    def count(self, path: str) -> Counter:
        return Counter(method for method, p in self.requests if p == path)


@pytest.fixture
def server(monkeypatch) -> Iterator[Server]:
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    srv = Server()
    srv.httpd.handle_error = lambda *args: None  # the slow client hangs up first
    thread = threading.Thread(target=srv.httpd.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.release.set()
    srv.httpd.shutdown()
    srv.httpd.server_close()


def closed_port() -> int:
    """A local port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_check_links_reports_exactly_the_dead_ones(server):
    base = server.base
    refused = f"http://127.0.0.1:{closed_port()}/x"
    links = [
        ("data/papers/a.yml", "links.paper", f"{base}/ok"),
        ("data/papers/a.yml", "links.code", f"{base}/gone"),
        ("data/papers/b.yml", "links.paper", f"{base}/nohead"),
        ("data/papers/b.yml", "links.code", f"{base}/moved"),
        ("data/papers/c.yml", "links.paper", f"{base}/slow"),
        ("data/papers/c.yml", "links.code", refused),
        ("data/papers/d.yml", "links.paper", f"{base}/broken"),
        ("data/papers/d.yml", "links.code", f"{base}/loop"),
        ("data/papers/e.yml", "links.paper", f"{base}/gone"),
    ]
    dead = check_links(links, timeout=TIMEOUT, workers=4)
    assert dead == [
        DeadLink("data/papers/a.yml", "links.code", f"{base}/gone", "HTTP 404"),
        DeadLink("data/papers/c.yml", "links.paper", f"{base}/slow", "timeout"),
        DeadLink("data/papers/c.yml", "links.code", refused, "connection refused"),
        DeadLink("data/papers/d.yml", "links.paper", f"{base}/broken", "HTTP 500"),
        DeadLink("data/papers/d.yml", "links.code", f"{base}/loop", "redirect loop"),
        DeadLink("data/papers/e.yml", "links.paper", f"{base}/gone", "HTTP 404"),
    ]
    # HEAD first; GET only after 405 or a transient failure; redirects keep HEAD.
    assert server.count("/ok") == {"HEAD": 1}
    assert server.count("/gone") == {"HEAD": 1}  # checked once although listed twice
    assert server.count("/nohead") == {"HEAD": 1, "GET": 1}
    assert server.count("/moved") == {"HEAD": 1}
    assert server.count("/ok?via=moved") == {"HEAD": 1}
    assert server.count("/slow") == {"HEAD": 1, "GET": 1}  # at most two attempts
    assert server.count("/broken") == {"HEAD": 1, "GET": 1}


def test_check_links_all_alive(server):
    links = [("data/site.yml", "survey_url", f"{server.base}/ok")]
    assert check_links(links, timeout=TIMEOUT) == []
    assert check_links([], timeout=TIMEOUT) == []


def test_collect_links_lists_every_link_once(catalogue):
    links = collect_links(catalogue)
    expected = {("data/site.yml", "survey_url", catalogue.site.survey_url)}
    for path in sorted(DATA.glob("*/*.yml")):
        if path.parent.name != "vocab":
            raw = yaml.safe_load(path.read_text("utf-8"))
            rel = path.relative_to(ROOT).as_posix()
            expected |= {
                (rel, f"links.{k}", str(v).strip())
                for k, v in (raw.get("links") or {}).items()
                if v
            }
    assert len(links) == len(expected) > 200
    assert set(links) == expected
    assert links[-1][:2] == ("data/site.yml", "survey_url")


def test_report_escapes_hostile_values():
    url = "https://example.org/a|b<script>alert(1)</script>`x`\n| injected | row |"
    dead = [DeadLink("data/papers/x|y.yml", "links.code", url, "HTTP 404")]
    report = report_markdown(dead, checked=3)
    lines = report.splitlines()
    assert lines[0] == "# Dead links in the catalogue"
    assert "1 of 3 links are dead." in lines
    rows = [line for line in lines if line.startswith("|")]
    assert rows[:2] == ["| File | Field | Link | Problem |", "| --- | --- | --- | --- |"]
    assert len(rows) == 3  # the newline did not start a row of its own
    row = rows[2]
    assert "<" not in row and ">" not in row and "`" not in row
    assert "&lt;script&gt;" in row
    # Exactly five unescaped pipes: the table's own cell borders.
    assert row.replace("\\|", "").count("|") == 5
    assert row.endswith("| HTTP 404 |")


def test_report_when_all_links_are_alive():
    report = report_markdown([], checked=212)
    assert report.splitlines()[0] == "# Dead links in the catalogue"
    assert "All 212 links are alive." in report
    assert "| --- |" not in report
