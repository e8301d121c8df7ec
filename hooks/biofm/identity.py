"""Identity of a work: arXiv id, DOI and normalised title derived from its data."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

# New-style arXiv ids in an arxiv.org path: YYMM.NNNNN, with a real month.
_ARXIV_PATH_RE = re.compile(
    r"/(?:abs|pdf|html)/([0-9]{2}(?:0[1-9]|1[0-2])\.[0-9]{4,5})(?:v[0-9]+)?"
)
_DOI_RE = re.compile(r"(10\.[0-9]{4,9}/[^\s?#&~]+)")
_NATURE_RE = re.compile(
    r"nature\.com/articles/(s[0-9]{5}-[0-9]{3}-[0-9]{5}-[0-9a-z])", re.IGNORECASE
)
# Cyrillic and Greek letters that look like Latin ones, folded for the duplicate check.
_LOOKALIKES = str.maketrans(
    "\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0456\u0458\u0455\u0501\u04bb"
    "\u04cf\u051b\u051d\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421"
    "\u0422\u0425\u0423\u0406\u0408\u0405\u03b1\u03bf\u03c1\u03bd\u03b9\u03ba"
    "\u03c5\u03c4\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f"
    "\u03a1\u03a4\u03a5\u03a7",
    "aeopcyxijsdhlqwABEKMHOPCTXYIJSaopvikutABEZHIKMNOPTYX",
)


def arxiv_id(url: str | None) -> str | None:
    """The arXiv identifier (``YYMM.NNNNN``) of a link to arxiv.org, if any."""
    if not url:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host != "arxiv.org" and not host.endswith(".arxiv.org"):
        return None
    match = _ARXIV_PATH_RE.match(parts.path)
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


def skeleton(text: str) -> str:
    """``text`` with look-alike letters read as Latin in every word that could be read
    as Latin (a Greek word such as 'λόγος' stays as it is)."""

    def fold(match: re.Match) -> str:
        word = match.group(0)
        folded = word.translate(_LOOKALIKES)
        return folded if folded.isascii() else word

    return re.sub(r"[^\W_]+", fold, text)


def normalise_title(title: str) -> str:
    """Lowercase letters and digits only, accents and look-alikes folded: for duplicate
    detection."""
    folded = skeleton(unicodedata.normalize("NFKD", title))
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
