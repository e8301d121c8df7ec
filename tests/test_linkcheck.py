"""The link checker against a local HTTP server (no internet), and its Markdown report.

The checker requests public addresses only; the tests that need answers let it treat the
local server's 127.0.0.1 as public (``loopback_is_public``), and name resolution of other
hosts is replaced (``resolving``), so nothing leaves this machine.
"""

from __future__ import annotations

import socket
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import yaml
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from biofm import linkcheck
from biofm.linkcheck import DeadLink, check_links, collect_links, report_markdown

from conftest import DATA, ROOT

TIMEOUT = 1.0


class Server:
    """A local server that records every request it answers."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []
        self.release = threading.Event()  # ends the slow handler at teardown
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"

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
                    "/to-ftp": (302, "ftp://example.org/file"),
                    "/to-file": (301, "file:///etc/passwd"),
                    "/to-private": (302, "http://intranet.example/admin"),
                    "/to-metadata": (307, "http://169.254.169.254/latest/meta-data/"),
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


@pytest.fixture
def loopback_is_public(monkeypatch) -> None:
    """Let the checker request the local server, as if 127.0.0.1 were on the internet."""
    public = linkcheck.is_public
    monkeypatch.setattr(linkcheck, "is_public", lambda ip: ip == "127.0.0.1" or public(ip))


@pytest.fixture
def resolving(monkeypatch) -> dict[str, list[str]]:
    """Host name -> the addresses it resolves to (a list is used up one lookup at a time
    when it has several); other names resolve as usual (IP literals, localhost)."""
    names: dict[str, list[str]] = {}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in names:
            ip = names[host].pop(0) if len(names[host]) > 1 else names[host][0]
            return real(ip, port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return names


def closed_port() -> int:
    """A local port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_check_links_reports_exactly_the_dead_ones(server, loopback_is_public):
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


def test_check_links_all_alive(server, loopback_is_public):
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


HOSTILE_URL = ("https://example.org/a|b<script>alert(1)</script>`x`\\\n| injected | row |"
               " [y](javascript:alert(1)) https://evil.example @octocat <img src=x>")  # fmt: skip


def test_report_shows_every_value_as_code_never_as_markup():
    """Rendered as GitHub renders Markdown tables: one row per dead link, each cell one
    code span holding the value (no link, image, HTML or mention comes alive)."""
    dead = [
        DeadLink("data/papers/x|y.yml", "links.code", HOSTILE_URL, "HTTP 404"),
        DeadLink("data/papers/z.yml", "links.paper", "https://e.org/```", "error: `x` | <b>"),
    ]
    report = report_markdown(dead, checked=3)
    lines = report.splitlines()
    assert lines[0] == "# Dead links in the catalogue"
    assert "2 of 3 links are dead." in lines
    html = MarkdownIt("commonmark").enable("table").render(report)
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["a", "img", "script", "b"])
    rows = soup.select("tbody tr")
    assert len(rows) == 2  # the newline and the pipes started no row or cell of their own
    for row, link in zip(rows, dead, strict=True):
        cells = row.find_all("td")
        shown = [cell.code.get_text() if cell.code else None for cell in cells]
        expected = [" ".join(v.splitlines()).replace("\\", "%5C").replace("|", "%7C")
                    for v in (link.path, link.field, link.url, link.problem)]  # fmt: skip
        assert shown == expected
        assert all(len(cell.contents) == 1 for cell in cells)  # nothing outside the code


def test_report_shows_control_characters_escaped():
    dead = [DeadLink("data/papers/a.yml", "links.code", "https://e.org/\x1b[31m\u202e", "x")]
    row = report_markdown(dead, checked=1).splitlines()[-1]
    assert "\x1b" not in row and "\u202e" not in row
    assert "\\x1b[31m\\u202e" in row


def test_non_public_hosts_are_refused_without_a_request(server, resolving):
    """Loopback, private, link-local and other special addresses are never requested,
    whether written as an address or a name that resolves to one."""
    resolving.update({"intranet.example": ["10.1.2.3"], "metadata.example": ["169.254.169.254"],
                      "mixed.example": ["93.184.216.34", "192.168.0.1"]})  # fmt: skip
    urls = {
        f"{server.base}/ok": "127.0.0.1 resolves to a non-public address (127.0.0.1)",
        f"http://localhost:{server.port}/ok": "localhost resolves to a non-public address",
        f"http://[::1]:{server.port}/ok": "::1 resolves to a non-public address (::1)",
        "http://intranet.example/": "intranet.example resolves to a non-public address",
        "https://metadata.example/": "(169.254.169.254)",
        "http://224.0.0.1/": "(224.0.0.1)",
        "http://0.0.0.0/": "(0.0.0.0)",
        "ftp://example.org/file": "not an http(s) link (ftp)",
    }
    links = [("data/papers/a.yml", "links.code", url) for url in urls]
    problems = {d.url: d.problem for d in check_links(links, timeout=TIMEOUT)}
    assert problems.keys() == urls.keys()
    for url, message in urls.items():
        assert problems[url].startswith("refused: ") and message in problems[url], url
    assert server.requests == []


def test_a_host_that_changes_its_address_is_refused_at_connection(server, resolving):
    """The addresses are checked where the connection is made: a name that resolved to a
    public address for the first check and to 127.0.0.1 next is not connected to."""
    resolving["rebinding.example"] = ["93.184.216.34", "127.0.0.1"]
    url = f"http://rebinding.example:{server.port}/ok"
    (dead,) = check_links([("data/papers/a.yml", "links.code", url)], timeout=TIMEOUT)
    assert dead.problem == "refused: rebinding.example resolves to a non-public address (127.0.0.1)"
    assert server.requests == []


def test_redirects_only_to_public_http_links(server, loopback_is_public, resolving):
    resolving["intranet.example"] = ["10.1.2.3"]
    base = server.base
    expected = {
        "/to-ftp": "refused: redirect to ftp://example.org/file: not an http(s) link (ftp)",
        "/to-file": "refused: redirect to file:///etc/passwd: not an http(s) link (file)",
        "/to-private": "refused: redirect to http://intranet.example/admin: intranet.example "
        "resolves to a non-public address (10.1.2.3)",
        "/to-metadata": "refused: redirect to http://169.254.169.254/latest/meta-data/: "
        "169.254.169.254 resolves to a non-public address (169.254.169.254)",
    }
    links = [("data/papers/a.yml", "links.code", f"{base}{path}") for path in expected]
    problems = {d.url: d.problem for d in check_links(links, timeout=TIMEOUT)}
    for path, message in expected.items():
        assert problems[f"{base}{path}"].startswith(message), path
        assert server.count(path) == {"HEAD": 1}  # refused: not retried with GET


def test_report_when_all_links_are_alive():
    report = report_markdown([], checked=212)
    assert report.splitlines()[0] == "# Dead links in the catalogue"
    assert "All 212 links are alive." in report
    assert "| --- |" not in report
