"""Printing to the terminal: data is shown as plain text, never as markup or control codes.

Every console here has rich markup and emoji codes switched off, and every piece of text
goes through :func:`clean`, so a ``[link=...]`` in a key, a ``[/x]`` in a label or an ESC
in a file name is printed as the characters it is.
"""

from __future__ import annotations

import unicodedata

from rich.console import Console
from rich.text import Text

# Unicode categories shown escaped: controls (NUL, ESC, C1), format characters (bidi
# overrides, zero-width), surrogates and line/paragraph separators.
_ESCAPED = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))

Part = str | tuple[str, str]  # text, or (text, rich style)


def console(*, stderr: bool = False) -> Console:
    """A console that never interprets the text it prints."""
    return Console(stderr=stderr, markup=False, emoji=False, highlight=False, soft_wrap=True)


def clean(value: object) -> str:
    """``value`` as one line of visible text: controls become ``\\x1b``, ``\\u202e``..."""
    text = str(value)
    if text.isprintable():  # the common case: nothing to escape
        return text
    out = []
    for char in text:
        if char == " " or unicodedata.category(char) not in _ESCAPED:
            out.append(char)
        elif ord(char) < 0x100:
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(f"\\u{ord(char):04x}" if ord(char) < 0x10000 else f"\\U{ord(char):08x}")
    return "".join(out)


def line(*parts: Part) -> Text:
    """One printable line from plain and styled parts, each cleaned."""
    text = Text()
    for part in parts:
        if isinstance(part, tuple):
            text.append(clean(part[0]), style=part[1])
        else:
            text.append(clean(part))
    return text
