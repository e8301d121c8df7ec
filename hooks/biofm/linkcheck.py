"""Check every external link of the catalogue, using only the standard library.

Only public web addresses are requested: a link (or a redirect) that is not http(s), or
whose host resolves to a loopback, private, link-local, multicast or reserved address, is
reported as refused without a request; connections go only to the checked addresses.
"""

from __future__ import annotations

import http.client
import ipaddress
import re
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
from .terminal import clean

USER_AGENT = "biofm-atlas-linkcheck/1.0"
PER_HOST = 2  # concurrent requests to one host
# Answers to HEAD that earn one more try with GET: HEAD refused or mishandled (403, 405,
# 501), or a transient failure (429, 5xx). No HTTP answer at all also earns one.
SECOND_TRY = {403, 405, 501, 429, 500, 502, 503, 504}
_SAFE = "".join(chr(c) for c in range(33, 127))  # keep printable ASCII, quote the rest

Link = tuple[str, str, str]  # (file, field, url)
Opener = urllib.request.OpenerDirector
SCHEMES = {"http": 80, "https": 443}
REFUSED = -1  # the status of a request the checker would not make


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


class RefusedLink(OSError):
    """A link or redirect the checker does not request; the message says why."""


def is_public(ip: str) -> bool:
    """Whether an address is on the public internet (not loopback, private, link-local,
    multicast, reserved or unspecified; IPv4 inside IPv6 is judged as IPv4)."""
    address = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    special = (address.is_loopback, address.is_private, address.is_link_local,
               address.is_multicast, address.is_reserved, address.is_unspecified)  # fmt: skip
    return address.is_global and not any(special)


def _addresses(host: str, port: int) -> list[str]:
    return [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def _non_public(host: str, addresses: list[str]) -> str | None:
    bad = next((ip for ip in addresses if not is_public(ip)), None)
    return f"{host} resolves to a non-public address ({bad})" if bad else None


def refusal(url: str) -> str | None:
    """Why the checker will not request ``url``, or None. A host that does not resolve is
    left to the request, which reports it as not found."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        return f"not an http(s) link ({parts.scheme or 'no scheme'})"
    try:
        host, port = parts.hostname, parts.port or SCHEMES[parts.scheme.lower()]
    except ValueError:
        return "not a valid port"
    if not host:
        return "no host"
    try:
        return _non_public(host, _addresses(host, port))
    except (OSError, UnicodeError, ValueError):
        return None


def _public_connection(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None):
    """``socket.create_connection`` to a host's public addresses only (the addresses are
    checked and then connected to, so a second lookup cannot lead elsewhere)."""
    host, port = address
    addresses = _addresses(host, port)
    problem = _non_public(host, addresses)
    if problem:
        raise RefusedLink(problem)
    error: OSError = OSError(f"no address for {host}")
    for ip in addresses:
        try:
            return socket.create_connection((ip, port), timeout, source_address)
        except OSError as exc:
            error = exc
    raise error


def _connection(base: type[http.client.HTTPConnection]):
    class Public(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._create_connection = _public_connection

    return Public


_PUBLIC_HTTP = _connection(http.client.HTTPConnection)
_PUBLIC_HTTPS = _connection(http.client.HTTPSConnection)


def _proxied(req: urllib.request.Request) -> bool:
    """Through a proxy the connection goes to the proxy; the target was checked before."""
    return req.has_proxy() or bool(req._tunnel_host)


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(http.client.HTTPConnection if _proxied(req) else _PUBLIC_HTTP, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        kind = http.client.HTTPSConnection if _proxied(req) else _PUBLIC_HTTPS
        return self.do_open(kind, req, context=self._context)


class _KeepMethodRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to public http(s) links only, without turning HEAD into GET."""

    def http_error_302(self, req, fp, code, msg, headers):
        location = headers.get("location") or headers.get("uri")
        if location:
            target = urllib.parse.urljoin(req.full_url, location.strip())
            problem = refusal(target)
            if problem:
                fp.close()
                raise RefusedLink(f"redirect to {target}: {problem}")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.method = req.get_method()
        return new


def default_opener() -> Opener:
    """An opener for http(s) only (no ftp, file or data handlers) that follows redirects
    (keeping HEAD), honours proxy settings and connects to public addresses only."""
    opener = urllib.request.OpenerDirector()
    handlers = (urllib.request.ProxyHandler(), urllib.request.UnknownHandler(), _HTTPHandler(),
                _HTTPSHandler(), urllib.request.HTTPDefaultErrorHandler(), _KeepMethodRedirects(),
                urllib.request.HTTPErrorProcessor())  # fmt: skip
    for handler in handlers:
        opener.add_handler(handler)
    return opener


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
    except RefusedLink as exc:
        return REFUSED, f"refused: {exc}"
    except urllib.error.HTTPError as exc:
        exc.close()
        if 300 <= exc.code < 400 and str(exc.msg).startswith(_KeepMethodRedirects.inf_msg):
            return exc.code, "redirect loop"
        return exc.code, ""
    except (OSError, ValueError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", None)
        if isinstance(reason, RefusedLink):  # refused while connecting
            return REFUSED, f"refused: {reason}"
        return None, _describe(exc)


def check_url(url: str, *, timeout: float = 15.0, opener: Opener | None = None) -> str | None:
    """The problem with ``url``, or None when it is alive: HEAD, then at most one GET.
    A link to a non-public address is refused without a request."""
    problem = refusal(url)
    if problem:
        return f"refused: {problem}"
    opener = opener or default_opener()
    for method in ("HEAD", "GET"):
        status, problem = _request(opener, url, method, timeout)
        if status is not None and 200 <= status < 400 and not problem:
            return None
        problem = problem or f"HTTP {status}"
        if status is not None and status not in SECOND_TRY:
            break  # a definite answer such as 404, a redirect loop or a refusal
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
    """``value`` as a Markdown code span in a table cell: shown as written, never a live
    link, a mention or HTML. ``|`` and ``\\`` are percent-encoded (``%7C``, ``%5C``, as in
    a URL): a table reads a pipe as a cell border even inside a code span, and escaping it
    with a backslash is read differently by different renderers."""
    value = clean(" ".join(value.splitlines()).replace("\\", "%5C").replace("|", "%7C"))
    if not value:
        return ""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", value)), default=0) + 1)
    return f"{fence} {value} {fence}"  # one space each side is stripped when rendered


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
