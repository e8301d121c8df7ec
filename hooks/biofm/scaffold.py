"""Writing a new, commented entry file (``biofm new``)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

import yaml

from .registry import KIND, Kind
from .templating import PACKAGE_TEMPLATES, environment


def slugify(title: str, max_words: int = 6) -> str:
    """A file-name id from a title: the short name before ':' when there is one."""
    head, sep, _ = title.partition(":")
    text = head if sep and len(head) <= 30 else title
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words[:max_words]) or "entry"


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
    added: dt.date = field(default_factory=dt.date.today)

    @property
    def spec(self) -> Kind:
        return KIND[self.kind]

    @property
    def folder(self) -> str:
        return self.spec.folder


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
