"""Material's page frame rendered once per folder and filled in for each entry page.

Entry pages all sit at ``<folder>/<id>/`` outside the nav, so Material's theme templates
(``main.html`` -> ``base.html``: head, header, search box, palette, sidebars, footer) give
them the same HTML but for a few values of the page itself: its title, meta description,
canonical and edit URLs, body and URL. A :class:`Framer` renders ``main.html`` once with a
*sentinel* in place of each such value (:data:`SLOTS`), cuts the result at the sentinels,
and writes each page by joining the pieces with the page's own values. Values are never
scanned again, so data that looks like a sentinel is just text.

Nothing is assumed that is not checked:

- each sentinel has the type of the value it stands for (``Markup`` or ``str``) and holds
  ``&amp;`` and ``<h1``, so the frame shows how the templates output it: as it is, or
  HTML-escaped (the page's value is then written the same way). Any other trace of a
  sentinel (cut, tags stripped, unescaped, URL-encoded) disables the frame;
- every other attribute and meta key the templates read from the page is recorded with its
  value, and so is the rest of the template context: a page uses the frame only when all of
  them are equal for it (else another frame is rendered, a few per folder at most);
- a page uses the frame only when each value is non-empty and its body has an ``<h1``, as
  the sentinels are (Material's templates test these);
- the first page of each frame is also rendered in full and must come out byte-identical,
  else that frame is dropped and its pages render in full.

The plugin option ``frame: false`` renders every page in full (tests compare both).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup, escape
from mkdocs.structure.toc import TableOfContents

log = logging.getLogger("mkdocs.plugins.atlas")

TEMPLATE = "atlas-frame.html"  # overrides/atlas-frame.html: calls atlas_frame()
THEME_TEMPLATE = "main.html"

# The page's own values: ("page", attribute) or ("meta", key). ("url", "name") stands for
# the last part of the page's URL: the frame is rendered at ``<folder>/<sentinel>/``.
SLOTS = (
    ("page", "title"),
    ("page", "content"),
    ("page", "canonical_url"),
    ("page", "edit_url"),
    ("meta", "title"),
    ("meta", "description"),
    ("url", "name"),
)
TOKEN = "atlasframeslot"
_SLOT = re.compile("\x00" + TOKEN + r"(\d+)(?:(&amp;<h1)|&amp;amp;&lt;h1)\x00")
MAX_FRAMES_PER_FOLDER = 4  # pages that differ in more ways render in full


def _sentinel(index: int, like: Any) -> str:
    text = f"\x00{TOKEN}{index}&amp;<h1\x00"
    return Markup(text) if isinstance(like, Markup) else text


def _folder_and_name(url: str) -> tuple[str, str] | None:
    folder, _, name = url.removesuffix("/").rpartition("/")
    return (folder, name) if url.endswith("/") and folder and name else None


def slot_values(page) -> list | None:
    """The page's value for each slot, or None when a value cannot fill a frame."""
    parts = _folder_and_name(page.url or "")
    if parts is None:
        return None
    sources = {"page": lambda name: getattr(page, name, None), "meta": page.meta.get}
    values = [parts[1] if kind == "url" else sources[kind](name) for kind, name in SLOTS]
    if not all(isinstance(v, str) and v for v in values) or "<h1" not in page.content:
        return None
    return values


def _comparable(value: Any) -> Any:
    """A value that compares by content (a table of contents compares by identity)."""
    return tuple(value.items) if isinstance(value, TableOfContents) else value


class _Recorder:
    """What the templates read from the page, besides the slots."""

    def __init__(self) -> None:
        self.reads: dict[tuple[str, str], Any] = {}

    def record(self, kind: str, name: str, value: Any) -> None:
        self.reads[kind, name] = _comparable(value)

    def matches(self, page) -> bool:
        for (kind, name), value in self.reads.items():
            now = page.meta.get(name) if kind == "meta" else getattr(page, name)
            if _comparable(now) != value:
                return False
        return True


class _Unused:
    """Stands for a context value that differs between pages but that the frame's templates
    must not use (``build_date_utc``, the time each page is built): any use fails the frame."""

    def _fail(self, *args, **kwargs):
        raise FrameError("the page frame uses a value that differs between pages")

    __str__ = __html__ = __format__ = __bool__ = __iter__ = __len__ = __eq__ = _fail
    __getattr__ = __getitem__ = __call__ = _fail


class FrameError(Exception):
    """The page frame cannot be proven identical to a full render."""


UNUSED = ("build_date_utc",)  # context values that differ between pages, unused by themes


class _Meta(dict):
    """The page's meta with sentinels for the slots; other keys read are recorded."""

    def __init__(self, meta: dict, sentinels: dict[str, str], recorder: _Recorder) -> None:
        super().__init__(meta)
        self._sentinels, self._recorder = sentinels, recorder

    def __getitem__(self, key):
        if key in self._sentinels:
            return self._sentinels[key]
        self._recorder.record("meta", key, dict.get(self, key))
        return dict.__getitem__(self, key)

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key) -> bool:
        if key not in self._sentinels:
            self._recorder.record("meta", key, dict.get(self, key))
        return dict.__contains__(self, key)


class _Page:
    """The page as the frame's templates see it: sentinels for the slots, other reads
    recorded and answered by the real page."""

    def __init__(self, page, sentinels: dict, recorder: _Recorder, folder: str) -> None:
        self._page, self._sentinels, self._recorder = page, sentinels, recorder
        meta = {name: s for (kind, name), s in sentinels.items() if kind == "meta"}
        self.meta = _Meta(page.meta, meta, recorder)
        self.url = f"{folder}/{sentinels['url', 'name']}/"

    def __getattr__(self, name: str):
        if ("page", name) in self._sentinels:
            return self._sentinels["page", name]
        value = getattr(self._page, name)
        self._recorder.record("page", name, value)
        return value


@dataclass
class Frame:
    """Material's HTML for one folder's pages, cut at the slots."""

    context: dict[str, Any]  # the template context besides the page
    recorder: _Recorder
    pieces: list[str]  # literal HTML, then (slot index, escaped) pairs between them
    holes: list[tuple[int, bool]]

    def fits(self, context: dict, page) -> bool:
        return _rest(context) == self.context and self.recorder.matches(page)

    def fill(self, values: list) -> str:
        out = [self.pieces[0]]
        for (index, escaped), piece in zip(self.holes, self.pieces[1:], strict=True):
            value = str(values[index])
            out.append(str(escape(value)) if escaped else value)
            out.append(piece)
        return "".join(out)


class Framer:
    """The frames of one build, per folder; see the module docstring."""

    def __init__(self, shared_html: dict[str, str]) -> None:
        self.frames: dict[str, list[Frame]] = {}
        self.broken: set[str] = set()  # folders whose frame failed its check
        self.shared_html = shared_html  # HTML kept by overrides/main.html (the nav)
        self.framed = 0
        self.full = 0

    @jinja2.pass_context
    def render(self, ctx: jinja2.runtime.Context) -> Markup:
        """The page of ``ctx``: filled into its folder's frame, or rendered in full."""
        context = ctx.get_all()  # what mkdocs passed, with the globals
        page = context["page"]
        html = self._framed(ctx.environment, context, page)
        if html is None:
            self.full += 1
            html = self._full(ctx.environment, context)
        else:
            self.framed += 1
        return Markup(html)

    def _full(self, env: jinja2.Environment, context: dict) -> str:
        return env.get_template(THEME_TEMPLATE).render(context)

    def _framed(self, env: jinja2.Environment, context: dict, page) -> str | None:
        values = slot_values(page)
        if values is None:
            return None
        folder = _folder_and_name(page.url)[0]
        if folder in self.broken:
            return None
        frames = self.frames.setdefault(folder, [])
        frame = next((f for f in frames if f.fits(context, page)), None)
        if frame is not None:
            return frame.fill(values)
        if len(frames) >= MAX_FRAMES_PER_FOLDER:
            return None
        frame = self._make(env, context, page, folder, values)
        html = frame.fill(values) if frame else None
        if frame is None or html != self._full(env, context):
            log.info("atlas: no page frame for %s/, its pages render in full", folder)
            self.broken.add(folder)
            return None
        frames.append(frame)
        return html

    def _make(self, env, context: dict, page, folder: str, values: list) -> Frame | None:
        """Render the frame with sentinels; None when a sentinel came out altered."""
        pairs = enumerate(zip(SLOTS, values, strict=True))
        sentinels = {slot: _sentinel(i, value) for i, (slot, value) in pairs}
        recorder = _Recorder()
        kept = dict(self.shared_html)
        proxy = _Page(page, sentinels, recorder, folder)
        try:
            html = self._full(env, {**context, **{k: _Unused() for k in UNUSED}, "page": proxy})
        except FrameError:
            return None
        leaked = [k for k, v in self.shared_html.items() if TOKEN in v and kept.get(k) != v]
        for key in leaked:  # shared HTML rendered with a sentinel in it is not kept
            del self.shared_html[key]
        cut = _SLOT.split(html)
        pieces = cut[::3]
        holes = [(int(i), raw is None) for i, raw in zip(cut[1::3], cut[2::3], strict=True)]
        if leaked or any(TOKEN in piece.lower() for piece in pieces):
            return None
        return Frame(_rest(context), recorder, pieces, holes)


def _rest(context: dict) -> dict:
    """The template context besides the page and the values the frame must not use."""
    return {k: v for k, v in context.items() if k != "page" and k not in UNUSED}
