"""Reading an awesome list in the original README's format into items with line numbers.

Understood: ``#`` headings, ``<summary>`` sections inside ``<details>``, bold pseudo-headings
(``**TSFM adaptation**``); bullets ``- **[Venue, Year]** Title`` (also ``[Venue. Year]``,
``[Venue Year]``, ``*``/``+`` bullets, lines continued below); benchmark bullets
``- **Name** (Full name): text``; tables with a bold name column. Badges: ``<img alt=...>``,
shields.io URLs (``/badge/ECG-red``, ``/badge/🔧-Backbone-orange``, ``/static/v1?message=``),
Markdown images, reference images ``![tool][backbone]`` with their definitions, backtick
badges and a stray ``[EEG]: <img ...>`` definition copied into a bullet. Nothing here knows
the vocabularies: badges come out as the text the list writes.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

# Section key -> (kind of entry, research direction of its papers).
SECTIONS: dict[str, tuple[str, str | None]] = {
    "surveys": ("survey", None),
    "datasets": ("dataset", None),
    "benchmarks": ("benchmark", None),
    "toolboxes": ("toolbox", None),
    "pretraining": ("paper", "pretraining"),
    "tsfm": ("tsfm", None),
    "tsfm-adaptation": ("paper", "tsfm-adaptation"),
    "other-related": ("paper", "other-related"),
    "llm": ("paper", "llm"),
}
# Heading text -> section, first match wins; any other heading ends the current section.
_HEADINGS = (
    (r"\bsurveys?\b", "surveys"),
    (r"training datasets", "datasets"),
    (r"evaluation benchmarks", "benchmarks"),
    (r"toolbox|packages", "toolboxes"),
    (r"mainstream time series", "tsfm"),
    (r"tsfm adaptation", "tsfm-adaptation"),
    (r"other related", "other-related"),
    (r"pretraining", "pretraining"),
    (r"large language model", "llm"),
)
# The words inside ``[[...]]`` -> the entry's ``links:`` field.
LINK_WORDS = {
    "paper": "paper", "pdf": "paper", "code": "code", "github": "code",
    "dataset": "dataset", "data": "dataset", "tool": "tool", "benchmark": "benchmark",
    "project": "project", "website": "project", "page": "project", "weights": "weights",
    "model": "weights",
}  # fmt: skip

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>.*?)\s*#*\s*$")
_SUMMARY = re.compile(r"<summary>(?P<text>.*?)</summary>", re.I)
_BOLD_LINE = re.compile(r"^\s*\*\*(?P<text>[^*]+)\*\*\s*$")
_BULLET = re.compile(r"^\s{0,3}[-*+]\s+(?P<text>.*)$")
_DEFINITION = re.compile(r"^\s{0,3}\[(?P<label>[^\]]+)\]:\s*(?P<target>\S.*?)\s*$")
_PAPER_ITEM = re.compile(
    r"^(?:\*\*)?\[(?P<venue>[^\]]*?)[\s.,;]*(?P<year>(?:19|20|21)\d{2})\](?:\*\*)?\s*(?P<rest>.*)$"
)
_BENCHMARK_ITEM = re.compile(
    r"^\*\*(?P<name>[^*]+)\*\*\s*(?:\((?P<full>[^)]*)\))?\s*:?\s*(?P<rest>.*)$"
)
_URL = r"(?P<url>(?:[^()\s]|\([^()\s]*\))+)"
_LINK = re.compile(r"\[\[?(?P<word>[A-Za-z ]+)\]\]?\(\s*" + _URL + r"\s*\)")
_IMG_TAG = re.compile(r"(?:\[[^\]\n]*\]:\s*)?<img\b(?P<attrs>[^>]*)>", re.I)
_MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*(?P<url>[^)\s]+)[^)]*\)")
_REF_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\[(?P<ref>[^\]]*)\]")
_BACKTICK = re.compile(r"`(?P<text>[^`]+)`")
_SHORTCUT = re.compile(r"\[(?P<ref>[^\]\[]+)\](?![(\[:])")
_ATTR = re.compile(r"(?P<name>[a-zA-Z-]+)\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)')")
_DESCRIPTION = re.compile(r"[-\u2013\u2014]\s*\*(?P<text>.+)\*\s*$")
_TABLE_ROW = re.compile(r"^\s*\|(?P<cells>.*)\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class Badge:
    """One badge as the list writes it, e.g. ``ECG`` or ``Backbone``, and its line."""

    text: str
    line: int


@dataclass
class ListItem:
    """One item of the list: a bullet or a table row."""

    line: int
    section: str
    title: str
    venue: str | None = None
    year: int | None = None
    links: dict[str, str] = field(default_factory=dict)
    badges: list[Badge] = field(default_factory=list)
    tasks: list[Badge] = field(default_factory=list)
    description: str | None = None
    starred: bool = False  # '*': self-supervised work not claimed as a foundation model
    extra: dict[str, str] = field(default_factory=dict)  # table columns such as individuals

    @property
    def kind(self) -> str:
        return SECTIONS[self.section][0]

    @property
    def direction(self) -> str | None:
        return SECTIONS[self.section][1]


@dataclass(frozen=True)
class Skipped:
    """A line inside an item section that is not an item this parser understands."""

    line: int
    text: str


@dataclass
class ParsedList:
    items: list[ListItem]
    skipped: list[Skipped]


def heading_section(text: str) -> str | None:
    """The section a heading opens, or None for headings of no items."""
    plain = re.sub(r"<[^>]+>|[*_`]", "", text).strip().lower()
    for pattern, section in _HEADINGS:
        if re.search(pattern, plain):
            return section
    return None


def parse(text: str) -> ParsedList:
    """Every item of an awesome list, in order, with the lines it could not read."""
    lines = text.splitlines()
    definitions = _definitions(lines)
    items: list[ListItem] = []
    skipped: list[Skipped] = []
    section: str | None = None
    before_details: str | None = None
    index = 0
    while index < len(lines):
        raw, number = lines[index], index + 1
        index += 1
        heading = _HEADING.match(raw)
        summary = _SUMMARY.search(raw)
        bold = _BOLD_LINE.match(raw)
        if heading:
            section = heading_section(heading["text"])
        elif summary:
            before_details, section = section, heading_section(summary["text"])
        elif "</details>" in raw.lower():
            section = before_details
        elif bold and heading_section(bold["text"]):
            section = heading_section(bold["text"])
        elif section is None or _DEFINITION.match(raw) or not raw.strip():
            continue
        elif _TABLE_ROW.match(raw):
            rows = [(number, raw)]
            while index < len(lines) and _TABLE_ROW.match(lines[index]):
                rows.append((index + 1, lines[index]))
                index += 1
            items += _table(rows, section, definitions, skipped)
        elif bullet := _BULLET.match(raw):
            parts = [(number, bullet["text"])]
            while index < len(lines) and _continues(lines[index]):
                parts.append((index + 1, lines[index].strip()))
                index += 1
            item = _bullet(parts, section, definitions)
            if item is None:
                skipped.append(Skipped(number, raw.strip()))
            else:
                items.append(item)
    return ParsedList(items, skipped)


def _continues(line: str) -> bool:
    """Whether ``line`` continues the bullet above it (indented text, not a new bullet)."""
    return bool(line.strip()) and line[:1].isspace() and not _BULLET.match(line)


def _definitions(lines: list[str]) -> dict[str, str]:
    """Reference definitions ``[label]: target`` (lowercased label -> target)."""
    found = {}
    for raw in lines:
        match = _DEFINITION.match(raw)
        if match:
            found.setdefault(match["label"].strip().lower(), match["target"].strip("<> "))
    return found


# --------------------------------------------------------------------------- bullets


def _bullet(parts: list[tuple[int, str]], section: str, defs: dict[str, str]) -> ListItem | None:
    first_line, first = parts[0]
    if section == "benchmarks":
        match = _BENCHMARK_ITEM.match(first)
        if not match:
            return None
        item = ListItem(first_line, section, _clean_title(match["name"]))
        if match["full"]:
            item.extra["full_name"] = match["full"].strip()
        rest = [(first_line, match["rest"]), *parts[1:]]
        _read_inline(item, rest, defs, title_part=False)
        return item
    match = _PAPER_ITEM.match(first)
    if not match:
        return None
    venue = match["venue"].strip().strip("*").strip()
    item = ListItem(first_line, section, "", venue=venue or None, year=int(match["year"]))
    _read_inline(item, [(first_line, match["rest"]), *parts[1:]], defs, title_part=True)
    return item if item.title else None


def _read_inline(item: ListItem, parts, defs: dict[str, str], title_part: bool) -> None:
    """Title, badges, links and description of a bullet's text (lines in ``parts``)."""
    tail_text = []
    for position, (number, text) in enumerate(parts):
        tokens = sorted(_tokens(text, defs), key=lambda t: t[0])
        start = tokens[0][0] if tokens else len(text)
        if position == 0 and title_part:
            head = text[:start]
            item.starred = bool(re.search(r"[^*\s]\*\s*$", head))
            item.title = _clean_title(head)
        elif position == 0:
            tail_text.append(text[:start])
        for _, _end, kind, value in tokens:
            if kind == "badge":
                item.badges.append(Badge(value, number))
            elif kind.startswith("link:"):
                item.links.setdefault(kind[5:], value)
            tail_text.append(" ")
        if tokens:
            tail_text.append(text[max(t[1] for t in tokens) :])
    tail = "".join(tail_text)
    description = _DESCRIPTION.search(tail)
    if description:
        item.description = _plain(description["text"])
    elif not title_part and tail.strip():
        item.description = _plain(tail)


def _tokens(text: str, defs: dict[str, str]):
    """(start, end, kind, value) of every badge and link in ``text``; kind is ``badge``
    or ``link:<field>``; unknown link words are left as text."""
    taken: list[tuple[int, int]] = []

    def free(span) -> bool:
        return all(span[1] <= a or span[0] >= b for a, b in taken)

    found = []
    for pattern, read in (
        (_IMG_TAG, lambda m: _img_text(m["attrs"])),
        (_REF_IMAGE, lambda m: _target_text(defs.get(m["ref"].strip().lower(), ""), m["alt"])),
        (_MD_IMAGE, lambda m: shields_text(m["url"]) or m["alt"].strip()),
        (_LINK, None),
        (_BACKTICK, lambda m: m["text"].strip()),
        (_SHORTCUT, lambda m: _badge_definition(defs, m["ref"])),
    ):
        for match in pattern.finditer(text):
            if not free(match.span()):
                continue
            if read is None:
                word = LINK_WORDS.get(match["word"].strip().lower())
                if word is None:
                    continue
                found.append((*match.span(), f"link:{word}", match["url"]))
            else:
                value = read(match)
                if value is None:
                    continue
                found.append((*match.span(), "badge", value))
            taken.append(match.span())
    return found


def _badge_definition(defs: dict[str, str], ref: str) -> str | None:
    """The badge a shortcut reference ``[EEG]`` names, when its definition is a badge."""
    target = defs.get(ref.strip().lower())
    if not target:
        return None
    return _target_text(target, "") or None


def _target_text(target: str, alt: str) -> str:
    """A reference definition's badge text: an ``<img>`` tag's or a shields URL's."""
    tag = _IMG_TAG.search("<" + target + ">" if target.lower().startswith("img ") else target)
    if tag:
        return _img_text(tag["attrs"])
    return shields_text(target) or alt.strip()


def _img_text(attrs: str) -> str:
    values = {m["name"].lower(): html.unescape(m["dq"] or m["sq"] or "") for m in
              _ATTR.finditer(attrs)}  # fmt: skip
    return shields_text(values.get("src", "")) or values.get("alt", "").strip()


def shields_text(url: str) -> str | None:
    """The text a shields.io badge shows: ``/badge/ECG-red`` -> ``ECG``,
    ``/badge/🔧-Backbone-orange`` -> ``Backbone`` (the message, not the icon label),
    ``/badge/Health--metrics-x`` -> ``Health-metrics``; None for other URLs."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if host != "shields.io" and not host.endswith(".shields.io"):
        return None
    if parts.path.startswith("/static/"):
        message = parse_qs(parts.query).get("message", [""])[0].strip()
        return message or None
    if not parts.path.startswith("/badge/"):
        return None
    body = unquote(parts.path[len("/badge/") :])
    pieces = [_shields_unescape(p) for p in re.split(r"(?<!-)-(?!-)", body)]
    pieces = [p.strip() for p in pieces]
    text = pieces[-2] if len(pieces) >= 3 else pieces[0]
    return text or None


def _shields_unescape(piece: str) -> str:
    return piece.replace("--", "-").replace("__", "\0").replace("_", " ").replace("\0", "_")


def _clean_title(text: str) -> str:
    """A title as written: Markdown emphasis, a trailing '*' and extra spaces removed."""
    title = re.sub(r"\s+", " ", text).strip()
    title = title.rstrip("*").strip()
    title = re.sub(r"^\*\*(.*)\*\*$", r"\1", title).strip()
    return title.rstrip(" -:").strip()


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


# --------------------------------------------------------------------------- tables

# Header words -> what the column holds.
_COLUMNS = (
    (r"individual", "individuals"),
    (r"duration|hours|\(hr\)", "hours"),
    (r"modalit", "badges"),
    (r"venue", "venue"),
    (r"year", "year"),
    (r"dataset scale|data scale", "data_scale"),
    (r"model size|size", "model_size"),
    (r"task", "tasks"),
    (r"paper", "link:paper"),
    (r"code", "link:code"),
    (r"link", "link"),
)


def _column(header: str) -> str | None:
    plain = header.strip().lower()
    for pattern, name in _COLUMNS:
        if re.search(pattern, plain):
            return name
    return None


def _cells(row: str) -> list[str]:
    inner = _TABLE_ROW.match(row)["cells"]
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", inner)]


def _table(rows, section: str, defs: dict[str, str], skipped: list[Skipped]) -> list[ListItem]:
    if len(rows) < 2 or not _TABLE_RULE.match(rows[1][1]):
        skipped.extend(Skipped(n, r.strip()) for n, r in rows)
        return []
    columns = [_column(h) for h in _cells(rows[0][1])]
    items = []
    for number, raw in rows[2:]:
        cells = _cells(raw)
        name = re.sub(r"^\*\*(.*)\*\*$", r"\1", cells[0]).strip() if cells else ""
        if not name:
            skipped.append(Skipped(number, raw.strip()))
            continue
        item = ListItem(number, section, name)
        for column, cell in zip(columns[1:], cells[1:], strict=False):
            _table_cell(item, column, cell, number, defs)
        items.append(item)
    return items


def _table_cell(item: ListItem, column: str | None, cell: str, number: int, defs) -> None:
    empty = cell in ("", "-", "\u2013", "\u2014")
    if column is None or empty:
        return
    if column in ("badges", "tasks"):
        badges = [Badge(value, number) for _, _, kind, value in _tokens(cell, defs)
                  if kind == "badge"]  # fmt: skip
        getattr(item, column).extend(badges)
    elif column == "venue":
        item.venue = cell
    elif column == "year":
        item.year = int(cell) if cell.isdigit() else None
    elif column.startswith("link"):
        for _, _, kind, value in _tokens(cell, defs):
            if kind.startswith("link:"):
                field_name = column[5:] if column != "link" else kind[5:]
                item.links.setdefault(field_name, value)
    else:
        item.extra[column] = cell
