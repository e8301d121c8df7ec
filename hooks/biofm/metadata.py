"""Title, authors, dates and venue of a paper from the arXiv API and the Crossref API.

Parsing is separate from fetching: :func:`parse_arxiv` reads the arXiv API's Atom feed and
:func:`parse_crossref` a Crossref ``/works/DOI`` message, so tests feed them recorded
responses. Remote XML is parsed with defusedxml (no entities, no external references).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import quote

import httpx
from defusedxml import ElementTree

ARXIV_API = "https://export.arxiv.org/api/query"
CROSSREF_API = "https://api.crossref.org/works/"
TIMEOUT = httpx.Timeout(20.0, connect=10.0)
USER_AGENT = "biofm-atlas/0.1 (biofm new: metadata for one new entry)"
_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
ARXIV_ID_RE = re.compile(r"^(?:arxiv:)?([0-9]{4}\.[0-9]{4,5})(?:v[0-9]+)?$", re.I)
DOI_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)?(10\.[0-9]{4,9}/\S+)$", re.I)


class MetadataError(Exception):
    """The metadata could not be fetched or read; the message is one line for the user."""


@dataclass
class Metadata:
    """What a paper's record says: never more than its source gives."""

    title: str
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    month: str | None = None  # YYYY-MM of first publication
    venue_name: str | None = None  # the journal or proceedings as the source names it
    link: str | None = None  # the paper's page
    source: str | None = None  # the page the facts were read from (for sources:)


def arxiv_id(text: str) -> str:
    """The bare new-style arXiv id in ``text`` (``2401.01234``), or MetadataError."""
    match = ARXIV_ID_RE.match(text.strip())
    if not match:
        raise MetadataError(f"{text!r} is not an arXiv id such as 2401.01234")
    return match.group(1)


def doi(text: str) -> str:
    """The DOI in ``text`` (also a doi.org link), or MetadataError."""
    match = DOI_RE.match(text.strip())
    if not match:
        raise MetadataError(f"{text!r} is not a DOI such as 10.1038/s41586-025-09255-w")
    return match.group(1)


def _one_line(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def parse_arxiv(xml_text: str, wanted: str) -> Metadata:
    """The entry of arXiv paper ``wanted`` in an arXiv API Atom feed."""
    try:
        root = ElementTree.fromstring(xml_text)
    except Exception as exc:  # defusedxml and expat raise several kinds
        raise MetadataError(f"the arXiv answer is not a readable Atom feed ({exc})") from None
    for entry in root.iter(f"{_ATOM}entry"):
        entry_id = _one_line(entry.findtext(f"{_ATOM}id"))
        if not re.search(rf"/abs/{re.escape(wanted)}(?:v[0-9]+)?$", entry_id):
            continue
        title = _one_line(entry.findtext(f"{_ATOM}title"))
        published = _one_line(entry.findtext(f"{_ATOM}published"))
        authors = [_one_line(a.findtext(f"{_ATOM}name")) for a in entry.iter(f"{_ATOM}author")]
        journal = _one_line(entry.findtext(f"{_ARXIV}journal_ref")) or None
        return Metadata(
            title=title,
            authors=[a for a in authors if a],
            year=int(published[:4]) if published[:4].isdigit() else None,
            month=published[:7] if re.match(r"^\d{4}-\d{2}", published) else None,
            venue_name=journal,
            link=f"https://arxiv.org/abs/{wanted}",
            source=f"https://arxiv.org/abs/{wanted}",
        )
    raise MetadataError(f"arXiv has no paper {wanted}")


def parse_crossref(json_text: str, wanted: str) -> Metadata:
    """The work in a Crossref ``/works/DOI`` response."""
    try:
        message = json.loads(json_text)["message"]
        title = _one_line((message.get("title") or [""])[0])
    except (ValueError, KeyError, TypeError, IndexError):
        raise MetadataError("the Crossref answer is not a works message") from None
    if not title:
        raise MetadataError(f"Crossref has no title for {wanted}")
    authors = []
    for person in message.get("author") or []:
        name = _one_line(f"{person.get('given', '')} {person.get('family', '')}")
        name = name or _one_line(person.get("name"))
        if name:
            authors.append(name)
    parts = _date_parts(message)
    container = message.get("container-title") or []
    return Metadata(
        title=title,
        authors=authors,
        year=parts[0] if parts else None,
        month=f"{parts[0]:04d}-{parts[1]:02d}" if len(parts) > 1 else None,
        venue_name=_one_line(container[0]) if container else None,
        link=f"https://doi.org/{wanted}",
        source=f"https://doi.org/{wanted}",
    )


def _date_parts(message: dict) -> list[int]:
    """The earliest publication date Crossref gives: issued, else published(-online/-print)."""
    for key in ("issued", "published", "published-online", "published-print"):
        try:
            parts = message[key]["date-parts"][0]
        except (KeyError, IndexError, TypeError):
            continue
        if parts and all(isinstance(p, int) for p in parts):
            return list(parts)
    return []


def client() -> httpx.Client:
    """The HTTP client for the metadata APIs: timeouts, redirects followed."""
    return httpx.Client(timeout=TIMEOUT, headers={"User-Agent": USER_AGENT}, follow_redirects=True)


def _get(url: str, params: dict | None = None) -> str:
    """The body of a GET request, or a one-line MetadataError (offline, timeout, status)."""
    http = client()
    try:
        response = http.get(url, params=params)
    except httpx.TimeoutException:
        raise MetadataError(f"no answer from {httpx.URL(url).host} in time") from None
    except httpx.HTTPError as exc:
        host = httpx.URL(url).host
        raise MetadataError(f"cannot reach {host} (offline?): {exc.__class__.__name__}") from None
    finally:
        http.close()
    if response.status_code == 404:
        raise MetadataError(f"{httpx.URL(url).host} does not know this paper (404)")
    if response.status_code != 200:
        raise MetadataError(f"{httpx.URL(url).host} answered {response.status_code}")
    return response.text


def fetch_arxiv(identifier: str) -> Metadata:
    """The arXiv API's record of a paper (``2401.01234``)."""
    wanted = arxiv_id(identifier)
    return parse_arxiv(_get(ARXIV_API, {"id_list": wanted}), wanted)


def fetch_crossref(identifier: str) -> Metadata:
    """Crossref's record of a DOI."""
    wanted = doi(identifier)
    return parse_crossref(_get(CROSSREF_API + quote(wanted, safe="/")), wanted)
