"""The awesome-list Markdown (LIST.md), generated from the catalogue.

Every ``{{ value }}`` in the template passes through :func:`md_escape` (Jinja's
``finalize``), so data cannot add links, HTML or emphasis; only values built here
as :class:`Markdown` (badges, links) are emitted as they are.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from .catalogue import Catalogue, Record
from .templating import PACKAGE_TEMPLATES, environment

_MD_SPECIAL = re.compile(r"([\\`*_\[\]~#!(){}])")
_BLOCK_START = re.compile(r"^(\d+)([.)])|^([-+=])")  # would start a list or heading
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;"}
# What GitHub links without brackets (GFM autolinks): 'scheme://', 'www.' and e-mail
# addresses. An entity for ':', '.' or '@' shows the same text but is not recognised.
_AUTOLINK = re.compile(r"(?<=[a-z])(:)(?=//)|(?<=\bwww)(\.)|(@)(?=[\w-]+\.\w)", re.IGNORECASE)


class Markdown(str):
    """Markdown built by this module from validated values: emitted unescaped."""


def md_escape(value: object) -> str:
    """Escape a data value for Markdown: HTML special characters, Markdown punctuation and
    bare URLs or addresses that GitHub would turn into links."""
    if isinstance(value, Markdown):
        return value
    if value is None:
        return ""
    text = " ".join(str(value).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)
    text = re.sub(r"[&<>|]", lambda m: _ENTITIES[m.group(0)], text)
    return _AUTOLINK.sub(lambda m: f"&#{ord(m.group(0))};", text)


def md_url(url: str) -> str:
    """A URL that cannot end a Markdown link destination early."""
    return quote(url, safe=":/?#[]@!$&'*+,;=%-._~")


def shields_badge(label: str, colour: str, message: str | None = None) -> str:
    """A static shields.io badge URL; '-' and '_' are doubled as shields expects."""

    def part(text: str) -> str:
        return quote(text.replace("-", "--").replace("_", "__").replace(" ", "_"), safe="")

    parts = [part(label)] + ([part(message)] if message else []) + [colour.lstrip("#")]
    return "https://img.shields.io/badge/" + "-".join(parts)


class AwesomeList:
    """Renders LIST.md for one catalogue."""

    def __init__(self, catalogue: Catalogue, site_url: str = ""):
        self.cat = catalogue
        self.site_url = site_url
        self.env = environment(PACKAGE_TEMPLATES / "readme", html=False, finalize=md_escape)
        self.env.globals.update(cat=catalogue, vocab=catalogue.vocab, site=catalogue.site)
        self.env.filters.update(
            link=self.link,
            links=self.links,
            modality_badges=self.modality_badges,
            modality_codes=self.modality_codes,
            role_badges=self.role_badges,
            code_block=code_block,
            dataset_title=lambda ref: catalogue.by_id[ref].entry.title,
        )
        self.env.globals["raw"] = Markdown

    def link(self, url: str | None, text: str) -> Markdown:
        return Markdown(f"[{md_escape(text)}]({md_url(url)})" if url else "")

    def links(self, record: Record, brackets: bool = True) -> Markdown:
        """``[[paper]](...) [[code]](...)`` plus the atlas permalink."""
        items = [(name, url) for name, url in record.entry.links.items()]
        if self.site_url:
            items.append(("atlas", self.site_url + record.url))
        fmt = "[[{0}]]({1})" if brackets else "[{0}]({1})"
        return Markdown(" ".join(fmt.format(name, md_url(url)) for name, url in items))

    def modality_badges(self, record: Record) -> Markdown:
        badges = []
        for key in record.keys("modality"):
            m = self.cat.vocab.modalities[key]
            badges.append(f"![{md_escape(m.label)}]({shields_badge(m.label, m.colour)})")
        return Markdown(" ".join(badges))

    def modality_codes(self, record: Record) -> Markdown:
        labels = (self.cat.vocab.modalities[k].label for k in record.keys("modality"))
        return Markdown(" ".join(code_span(label) for label in labels))

    def role_badges(self, record: Record) -> Markdown:
        badges = []
        for key in record.keys("role"):
            r = self.cat.vocab.llm_roles[key]
            url = shields_badge(r.list_emoji, r.colour, r.label)
            badges.append(f"![{md_escape(r.label)}]({url})")
        return Markdown(" ".join(badges))

    def render(self) -> str:
        return self.env.get_template("LIST.md.j2").render()


def code_block(text: str, language: str = "") -> Markdown:
    """A fenced code block whose fence is longer than any backtick run inside ``text``."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return Markdown(f"{fence}{language}\n{text}\n{fence}")


def code_span(text: str) -> Markdown:
    """Inline code showing ``text`` exactly, also in a table cell: whitespace collapsed, a
    fence longer than any backtick run inside, and ``|`` escaped (GFM splits cells first)."""
    text = " ".join(text.split()).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Markdown(f"{fence}{pad}{text}{pad}{fence}")


def render_list(catalogue: Catalogue, site_url: str = "") -> str:
    """LIST.md's full text."""
    return AwesomeList(catalogue, site_url).render()
