"""Parse the original awesome list (tests/fixtures/seed-awesome-list.md) for coverage tests."""

from __future__ import annotations

import re
from pathlib import Path

SEED_TEXT = (Path(__file__).parent / "fixtures" / "seed-awesome-list.md").read_text("utf-8")
_ITEM = re.compile(r"^- \*\*\[(?P<venue>[^\]]+?)[.,] (?P<year>\d{4})\]\*\* (?P<rest>.+)$")
_ROW = re.compile(r"^\| \*\*(?P<name>[^*]+)\*\* *\|")

# section name -> (text that starts it, text that ends it)
SECTIONS = {
    "surveys": ("Surveys & Reviews\n", "\n## "),
    "datasets": ("### Large-Scale Training Datasets", "### Evaluation Benchmarks"),
    "benchmarks": ("### Evaluation Benchmarks", "### Preprocessing"),
    "toolboxes": ("### Preprocessing Toolboxes", "\n## "),
    "pretraining": ("Pretraining Biosignal Foundation Models from Scratch\n", "\n## "),
    "tsfm": ("Mainstream Time Series Foundation Models", "</details>"),
    "tsfm-adaptation": ("**TSFM adaptation**", "**Other related works**"),
    "other-related": ("**Other related works**", "\n## "),
    "llm": ("Leveraging Large Language Models for Biosignal Analysis\n", "\n## "),
}


def section(name: str) -> str:
    start, end = SECTIONS[name]
    begin = SEED_TEXT.index(start)
    return SEED_TEXT[begin : SEED_TEXT.index(end, begin + len(start))]


def _title(rest: str) -> str:
    """The title part of a list item: everything before the first badge or link."""
    title = re.split(r"<img|\[\[", rest, maxsplit=1)[0].strip()
    return title.rstrip("*").strip()


def items(name: str) -> list[dict]:
    """List items ``**[Venue, Year]** Title ...`` of one section."""
    found = []
    for line in section(name).splitlines():
        match = _ITEM.match(line.strip())
        if match:
            found.append({**match.groupdict(), "title": _title(match["rest"])})
    return found


def table_names(name: str) -> list[str]:
    """Bold names in the first column of the tables of one section."""
    return [m["name"].strip() for m in map(_ROW.match, section(name).splitlines()) if m]


def benchmark_names() -> list[str]:
    return re.findall(r"^- \*\*([^*]+)\*\*", section("benchmarks"), re.M)
