"""Check every external link of the catalogue, using only the standard library."""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from .catalogue import Catalogue

USER_AGENT = "biofm-atlas-linkcheck/1.0"
PER_HOST = 2  # concurrent requests to one host
# Answers to HEAD that earn one more try with GET: HEAD refused or mishandled (403, 405,
# 501), or a transient failure (429, 5xx). No HTTP answer at all also earns one.
SECOND_TRY = {403, 405, 501, 429, 500, 502, 503, 504}
_SAFE = "".join(chr(c) for c in range(33, 127))  # keep printable ASCII, quote the rest

Link = tuple[str, str, str]  # (file, field, url)
Opener = urllib.request.OpenerDirector


@dataclass(frozen=True)
class DeadLink:
    """A link that did not answer with 2xx or 3xx, and why."""

    path: str
    field: str
    url: str
    problem: str


def collect_links(catalogue: Catalogue) -> list[Link]:
    """Every external link: ``(record path, "links.<name>", url)``, then the survey URL."""
    links = [
        (record.path, f"links.{name}", url)
        for record in catalogue.records
        for name, url in record.entry.links.items()
    ]
    links.append(("data/site.yml", "survey_url", catalogue.site.survey_url))
    return links


class _KeepMethodRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects without turning a HEAD request into a GET."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.method = req.get_method()
        return new


def default_opener() -> Opener:
    """An opener that follows redirects (keeping HEAD) and honours proxy settings."""
    return urllib.request.build_opener(_KeepMethodRedirects())


def _describe(exc: BaseException) -> str:
    """A short, stable problem text for a failed request."""
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError):
        reason = exc.reason
        exc = reason if isinstance(reason, BaseException) else exc
        if isinstance(reason, str):
            return f"error: {reason}"
    if isinstance(exc, TimeoutError):
        return "timeout"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, http.client.RemoteDisconnected):
        return "closed without a response"
    if isinstance(exc, ConnectionResetError):
        return "connection reset"
    if isinstance(exc, socket.gaierror):
        return "host not found"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error: {exc}"
    return f"error: {type(exc).__name__}: {exc}"


def _request(opener: Opener, url: str, method: str, timeout: float) -> tuple[int | None, str]:
    """One attempt: ``(status, problem)``; status is None when no HTTP answer came back."""
    quoted = urllib.parse.quote(url, safe=_SAFE)
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    try:
        request = urllib.request.Request(quoted, method=method, headers=headers)
        with opener.open(request, timeout=timeout) as response:
            return response.status, ""
    except urllib.error.HTTPError as exc:
        exc.close()
        if 300 <= exc.code < 400 and str(exc.msg).startswith(_KeepMethodRedirects.inf_msg):
            return exc.code, "redirect loop"
        return exc.code, ""
    except (OSError, ValueError, http.client.HTTPException) as exc:
        return None, _describe(exc)


def check_url(url: str, *, timeout: float = 15.0, opener: Opener | None = None) -> str | None:
    """The problem with ``url``, or None when it is alive: HEAD, then at most one GET."""
    opener = opener or default_opener()
    problem = None
    for method in ("HEAD", "GET"):
        status, problem = _request(opener, url, method, timeout)
        if status is not None and 200 <= status < 400 and not problem:
            return None
        problem = problem or f"HTTP {status}"
        if status is not None and status not in SECOND_TRY:
            break  # a definite answer such as 404, or a redirect loop
    return problem


def check_links(
    links: Iterable[Link],
    *,
    timeout: float = 15.0,
    workers: int = 8,
    opener: Opener | None = None,
) -> list[DeadLink]:
    """Check each distinct URL once (HEAD, then GET if needed); the dead links in input order."""
    links = list(links)
    opener = opener or default_opener()
    host_slots: dict[str, threading.Semaphore] = defaultdict(lambda: threading.Semaphore(PER_HOST))
    lock = threading.Lock()

    def check(url: str) -> str | None:
        host = urllib.parse.urlsplit(url).netloc.lower()
        with lock:
            slot = host_slots[host]
        with slot:
            return check_url(url, timeout=timeout, opener=opener)

    urls = list(dict.fromkeys(url for _, _, url in links))
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        problems = dict(zip(urls, pool.map(check, urls), strict=True))
    return [
        DeadLink(path, field, url, problems[url]) for path, field, url in links if problems[url]
    ]


def _cell(value: str) -> str:
    """A value that cannot break a Markdown table or inject HTML or code spans."""
    for old, new in (
        ("\\", "&#92;"),
        ("|", "\\|"),
        ("<", "&lt;"),
        (">", "&gt;"),
        ("`", "&#96;"),
        ("\r", " "),
        ("\n", " "),
    ):
        value = value.replace(old, new)
    return value


def report_markdown(dead: list[DeadLink], checked: int) -> str:
    """A Markdown report of the dead links, for an issue body or a CI summary."""
    lines = ["# Dead links in the catalogue", ""]
    if not dead:
        lines.append(f"All {checked} links are alive.")
        return "\n".join(lines) + "\n"
    lines += [
        f"{len(dead)} of {checked} links are dead.",
        "",
        "| File | Field | Link | Problem |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| {_cell(d.path)} | {_cell(d.field)} | {_cell(d.url)} | {_cell(d.problem)} |"
        for d in dead
    ]
    return "\n".join(lines) + "\n"
