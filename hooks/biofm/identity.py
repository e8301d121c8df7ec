"""Identity of a work: arXiv id, DOI and normalised title derived from its data."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

# New-style arXiv ids: YYMM.NNNNN, with a real month.
_ARXIV_RE = re.compile(
    r"arxiv\.org/(?:abs|pdf|html)/(\d{2}(?:0[1-9]|1[0-2])\.\d{4,5})(?:v\d+)?", re.IGNORECASE
)
_DOI_RE = re.compile(r"(10\.\d{4,9}/[^\s?#&~]+)")
_NATURE_RE = re.compile(r"nature\.com/articles/(s\d{5}-\d{3}-\d{5}-[0-9a-z])", re.IGNORECASE)


def arxiv_id(url: str | None) -> str | None:
    """The arXiv identifier (``YYMM.NNNNN``) in a link, if any."""
    if not url:
        return None
    match = _ARXIV_RE.search(url)
    return match.group(1) if match else None


def doi_from_url(url: str | None) -> str | None:
    """A DOI read from a link's path (doi.org, publisher /doi/ paths, Nature article ids)."""
    if not url:
        return None
    path = unquote(urlsplit(url).path)
    nature = _NATURE_RE.search(url)
    if nature:
        return f"10.1038/{nature.group(1).lower()}"
    match = _DOI_RE.search(path)
    if not match:
        return None
    doi = match.group(1).rstrip("/.")
    return re.sub(r"(?:/meta|/abstract|/full|/pdf)$", "", doi).lower()


def normalise_title(title: str) -> str:
    """Lowercase letters and digits only, accents folded: for duplicate detection."""
    folded = unicodedata.normalize("NFKD", title)
    return re.sub(r"[^a-z0-9]+", "", folded.encode("ascii", "ignore").decode().lower())


def first_online(arxiv: str | None, explicit: str | None, year: int | None) -> str | None:
    """First-online month ``YYYY-MM``: explicit, else from the arXiv id, else ``YYYY``."""
    if explicit:
        return explicit
    if arxiv:
        return f"20{arxiv[:2]}-{arxiv[2:4]}"
    return str(year) if year else None


_KEY_STOPWORDS = frozenset(("a", "an", "the", "on", "of", "for", "to", "towards", "toward", "in",
                            "with", "and", "are", "is", "do", "can", "from", "by"))  # fmt: skip


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "", folded)


def cite_key_stem(authors: tuple[str, ...], year: int | None, name: str | None, title: str) -> str:
    """``surname + year + name``, e.g. ``jiang2024labram``; the title's first word stands in
    for a missing name, and the key is never empty."""
    surname = _ascii_word(authors[0].split()[-1]) if authors and authors[0].split() else ""
    words = [w for w in (_ascii_word(part) for part in (name or title).split()) if w]
    words = [w for w in words if w not in _KEY_STOPWORDS] or words
    word = words[0][:20] if words else ""
    return f"{surname}{year or ''}{word}" or "entry"
