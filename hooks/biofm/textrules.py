"""What a string in the data may hold: visible text without controls, and http(s) links.

Every check is one linear pass over the value (no backtracking patterns); the schema bounds
each value's length before these run.
"""

from __future__ import annotations

import re
import unicodedata

MAX_URL = 2000  # characters in a link

# Traces of UTF-8 decoded as Latin-1/Windows-1252 (an accented letter becomes two
# characters starting with A-tilde) or as Mac Roman (emoji become u-umlaut pairs, the
# variation selector becomes O-circumflex + product sign), as in the seed list.
MOJIBAKE_RE = re.compile(
    r"[\u00c2\u00c3\u00e2][\u0080-\u00bf\u2020-\u2122]|\u00f0\u0178"
    r"|\u00fc[\u00a7\u00e8-\u00f6]|\u00d4\u220f|\u201a\u00c4"
)
# Control characters, surrogates, zero-width spaces and bidirectional marks, embeddings,
# overrides and isolates (text that would display differently from what it is).
_CONTROL_RE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200b\u200e\u200f"
    r"\u202a-\u202e\u2066-\u2069\ufeff]"
)
# Letters and symbols that render as nothing: the Hangul fillers and the braille blank.
_BLANK = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Scripts whose letters look like Latin ones (Cyrillic a U+0430, Greek o U+03BF).
_LOOKALIKE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")
_HOST_END = re.compile(r"[/?#]")
_SPACE_RE = re.compile(r"\s")  # exactly the characters str.isspace() accepts
URL_MESSAGE = "must be an absolute http:// or https:// URL"


def first_control(value: str) -> str | None:
    """The first control, surrogate or bidirectional character in ``value``, if any."""
    found = _CONTROL_RE.search(value)
    return found.group(0) if found else None


def no_controls(value: str) -> str:
    """``value`` unchanged, or a ValueError naming its first control character."""
    bad = first_control(value)
    if bad:
        raise ValueError(f"contains the control character U+{ord(bad):04X}")
    return value


def _visible(char: str) -> bool:
    return unicodedata.category(char)[0] in "LNPS" and char not in _BLANK


def clean_text(value: str) -> str:
    """Text for display: no mojibake, no controls, at least one visible character."""
    if MOJIBAKE_RE.search(value):
        raise ValueError("contains mojibake (UTF-8 decoded with the wrong encoding)")
    no_controls(value)
    if not any(_visible(char) for char in value):
        raise ValueError("has no visible letter, digit or symbol")
    return value


def _script(char: str) -> str | None:
    """``LATIN``, ``CYRILLIC`` or ``GREEK`` for a letter of those scripts, else ``None``."""
    script = unicodedata.name(char, "").partition(" ")[0]
    return script if script in _LOOKALIKE_SCRIPTS else None


def one_script_per_word(value: str) -> str:
    """Refuse a word that mixes Latin with Cyrillic or Greek letters (look-alike spoofing)."""
    if value.isascii():  # Latin letters only
        return value
    start, scripts = 0, set()
    for index, char in enumerate(f"{value} "):
        category = unicodedata.category(char)
        if category[0] in "LM":
            scripts.add(_script(char))
            continue
        scripts.discard(None)
        if len(scripts) > 1 and "LATIN" in scripts:
            word = value[start:index]
            other = " and ".join(sorted(s.title() for s in scripts - {"LATIN"}))
            raise ValueError(
                f"the word {word!r} mixes Latin with {other} letters that look alike; "
                "write each word in one script"
            )
        start, scripts = index + 1, set()
    return value


def one_person(value: str) -> str:
    """One author per item: at most one comma ("Lovelace, Ada"), no ';' or ' and '."""
    if value.count(",") > 1 or ";" in value or " and " in f" {value} ":
        raise ValueError("holds several names: write one author per list item")
    return value


def check_url(value: str) -> str:
    """An absolute http(s) URL with an ASCII host (punycode for other names)."""
    if len(value) > MAX_URL:
        raise ValueError(f"is longer than {MAX_URL} characters")
    scheme, sep, rest = value.partition("://")
    if scheme.lower() not in ("http", "https") or not sep:
        raise ValueError(URL_MESSAGE)
    if first_control(value) or _SPACE_RE.search(value):
        raise ValueError(URL_MESSAGE)
    netloc = _HOST_END.split(rest, maxsplit=1)[0]  # what comes before the path
    if "." not in netloc[1:-1]:  # a dot with something on both sides
        raise ValueError(URL_MESSAGE)
    if not netloc.isascii():
        raise ValueError("the host must be ASCII: write a non-ASCII domain in punycode (xn--...)")
    return value
