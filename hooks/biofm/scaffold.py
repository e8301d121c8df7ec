"""Writing a new, commented entry file (``biofm new``)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml
from pydantic import TypeAdapter, ValidationError

from .registry import KIND, Kind
from .schema import SLUG_RE, Url, today_utc
from .templating import PACKAGE_TEMPLATES, environment
from .vocab import Vocabularies

PAPER_LIKE = ("paper", "tsfm", "survey")  # kinds published as papers: year, venue, paper link
_URL = TypeAdapter(Url)
YEARS = (1950, 2100)  # as the schema's year field allows
_SLUG = re.compile(SLUG_RE)
LINK_EXAMPLES = {  # commented example lines of the links a new entry does not have yet
    "paper": "https://arxiv.org/abs/2601.00001",
    "code": "https://github.com/owner/repo",
    "weights": "https://huggingface.co/owner/model  # needs sources.weights",
    "project": "https://example.org/project",
    "dataset": "https://example.org/dataset",
    "tool": "https://github.com/owner/tool",
    "benchmark": "https://example.org/benchmark",
}


def slugify(title: str, max_words: int = 6) -> str:
    """A file-name id from a title: the short name before ':' when there is one."""
    head, sep, _ = title.partition(":")
    text = head if sep and len(head) <= 30 else title
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words[:max_words]) or "entry"


def is_slug(text: str) -> bool:
    """Whether ``text`` is a valid entry id: a lowercase slug such as ``my-model``."""
    return bool(_SLUG.fullmatch(text))


def flow(value: object) -> str:
    """``value`` as one line of YAML (a quoted string where needed, a flow list)."""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**9)
    return text.removesuffix("\n").removesuffix("\n...").strip()


@dataclass
class NewEntry:
    """What ``biofm new`` asked for."""

    kind: str
    title: str
    venue: str | None = None
    year: int | None = None
    links: dict[str, str] = field(default_factory=dict)
    modalities: list[str] = field(default_factory=list)
    directions: list[str] = field(default_factory=list)
    llm_roles: list[str] = field(default_factory=list)
    description: str | None = None
    name: str | None = None
    authors: list[str] = field(default_factory=list)
    source: str | None = None  # where name and authors were read
    added: dt.date = field(default_factory=today_utc)  # 'added' may not be after today in UTC

    @property
    def spec(self) -> Kind:
        return KIND[self.kind]

    @property
    def folder(self) -> str:
        return self.spec.folder


def _link_names(entry: NewEntry) -> tuple[str, ...]:
    if entry.kind in PAPER_LIKE:
        return ("paper", "code", "weights", "project")
    return (entry.spec.link, "paper")


def render_entry(entry: NewEntry, entry_id: str) -> str:
    """The commented YAML text of a new entry."""
    env = environment(PACKAGE_TEMPLATES / "scaffold", html=False)
    has = set(entry.spec.model.model_fields)
    return env.get_template("entry.yml.j2").render(
        schema_path=f"../../docs/schema/{entry.spec.schema_file}",
        kind=entry.kind,
        kind_label=entry.spec.singular,
        id=entry_id,
        title=flow(entry.title),
        venue=flow(entry.venue) if entry.venue else None,
        year=entry.year,
        links=[(name, flow(url)) for name, url in entry.links.items() if url],
        more_links=[(n, LINK_EXAMPLES[n]) for n in _link_names(entry) if not entry.links.get(n)],
        modalities=flow(entry.modalities) if "modalities" in has else None,
        directions=flow(entry.directions) if "directions" in has else None,
        llm_roles=flow(entry.llm_roles) if entry.llm_roles else None,
        description=flow(entry.description) if entry.description else None,
        name=flow(entry.name) if entry.name else None,
        authors=flow(entry.authors) if entry.authors else None,
        sources=[
            (key, flow(entry.source))
            for key, value in (("name", entry.name), ("authors", entry.authors))
            if value and entry.source
        ],
        added=entry.added.isoformat(),
    )


# --------------------------------------------------------------------------- questions


@dataclass(frozen=True)
class Question:
    """What ``biofm new`` asks for when its option is left out; ``parse`` raises ValueError
    with a message for an answer it cannot take."""

    field: str  # the NewEntry field (``link`` is the kind's own link)
    label: str
    parse: Callable[[str], object]
    vocab: str | None = None  # answering '?' lists this vocabulary


def _year(text: str) -> int:
    low, high = YEARS
    if not text.strip().isdigit() or not low <= int(text) <= high:
        raise ValueError(f"give a year from {low} to {high}, such as 2026")
    return int(text)


def _link(text: str) -> str:
    try:
        return _URL.validate_python(text)
    except ValidationError:
        raise ValueError(
            "give an http:// or https:// link, such as https://arxiv.org/abs/2601.00001"
        ) from None


def _keys(vocab: Vocabularies, name: str, at_least: int) -> Callable[[str], list[str]]:
    def parse(text: str) -> list[str]:
        keys = [key for key in re.split(r"[,\s]+", text.strip()) if key]
        for key in keys:
            if key not in vocab.table(name):
                raise ValueError(vocab.unknown_message(name, key))
        if len(keys) < at_least:
            raise ValueError(f"give at least {at_least} key of data/vocab/{name}.yml")
        return list(dict.fromkeys(keys))

    return parse


def _key(vocab: Vocabularies, name: str, optional: bool) -> Callable[[str], str | None]:
    many = _keys(vocab, name, 1)

    def parse(text: str) -> str | None:
        if optional and not text.strip():
            return None
        keys = many(text)
        if len(keys) != 1:
            raise ValueError("give one key")
        return keys[0]

    return parse


def questions(kind: str, vocab: Vocabularies) -> list[Question]:
    """Every field a new entry of ``kind`` needs or is expected to have, in asking order."""
    spec = KIND[kind]
    asked = [Question("title", "Title", _title)]
    if kind in PAPER_LIKE:
        venue = "Venue key (? lists them" + ("; Enter for none)" if kind == "tsfm" else ")")
        asked += [
            Question("year", "Year", _year),
            Question("venue", venue, _key(vocab, "venues", kind == "tsfm"), "venues"),
            Question("paper", "Paper link (arXiv, DOI or publisher page)", _link),
        ]
    else:
        asked.append(Question("link", f"{spec.singular} link", _link))
    for name, label in (("modalities", "Modalities"), ("directions", "Research directions")):
        info = spec.model.model_fields.get(name)
        if info is not None and info.is_required():  # kinds where the field is optional skip it
            least = max((getattr(m, "min_length", 0) for m in info.metadata), default=0)
            label = f"{label} ({_listing(vocab, name)})"
            asked.append(Question(name, label, _keys(vocab, name, least), name))
    return asked


def roles_question(vocab: Vocabularies) -> Question:
    """The LLM roles of a paper in the llm direction (Enter for none)."""
    label = f"LLM roles ({_listing(vocab, 'llm_roles')}; Enter for none)"
    return Question("llm_roles", label, _keys(vocab, "llm_roles", 0), "llm_roles")


def _title(text: str) -> str:
    if not text.strip():
        raise ValueError("give the title, as published")
    return text.strip()


def _listing(vocab: Vocabularies, name: str) -> str:
    return "comma-separated: " + ", ".join(vocab.table(name))


# --------------------------------------------------------------------------- plain entry files


class _EntryDumper(yaml.SafeDumper):
    """The data's style: block lists indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def schema_header(kind: str) -> str:
    """The first line of every entry file: its JSON Schema for editors."""
    return f"# yaml-language-server: $schema=../../docs/schema/{KIND[kind].schema_file}\n"


def dump_entry(data: dict, header: str) -> str:
    """An entry file in the data's plain style (what every seeded file looks like)."""
    body = yaml.dump(data, Dumper=_EntryDumper, sort_keys=False, allow_unicode=True,
                     width=float("inf"))  # fmt: skip
    return header + body


def split_header(text: str) -> str:
    """The comment lines at the top of a file (the schema line)."""
    header = []
    for line in text.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        header.append(line)
    return "".join(header)


def plain_entry(text: str) -> dict | None:
    """The data of an entry file our writer reproduces byte for byte, else None (a file
    with comments or hand formatting is not rewritten: nothing in it may be lost)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict) or dump_entry(data, split_header(text)) != text:
        return None
    return data
