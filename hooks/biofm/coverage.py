"""How much of the catalogue carries each researched fact (``biofm stats``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .catalogue import Catalogue, Record

CITABLE = ("paper", "tsfm", "survey", "benchmark")  # kinds that have authors


@dataclass(frozen=True)
class Coverage:
    label: str
    have: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.have / self.total) if self.total else 0


def _count(records: list[Record], has: Callable[[Record], object]) -> tuple[int, int]:
    return sum(1 for r in records if has(r)), len(records)


def coverage(cat: Catalogue) -> list[Coverage]:
    """Authors and names over citable entries; model facts over the pretrained models."""
    citable = [r for r in cat.records if r.kind in CITABLE]
    models = cat.models
    rows = [
        ("authors", citable, lambda r: r.entry.authors),
        ("names", citable, lambda r: r.entry.name),
        ("datasets linked", models, lambda r: r.card and r.card.pretrained_on),
        ("parameters", models, lambda r: r.card and r.card.parameters),
        ("pretraining data", models, lambda r: r.card and r.card.pretraining_data),
        ("open weights", models, lambda r: r.entry.links.weights),
        ("code licence", models, lambda r: r.card and r.card.code_licence),
    ]
    return [Coverage(label, *_count(records, has)) for label, records, has in rows]
