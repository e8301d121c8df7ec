"""Validation problems: collected across all files, reported together."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one data file, e.g. ``data/papers/x.yml:7: links.paper: ...``."""

    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}"


class CatalogueError(Exception):
    """Raised with every problem found; the message lists one problem per line."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.field))
        count = len(self.problems)
        header = f"{count} problem{'s' if count != 1 else ''} in the catalogue data:"
        super().__init__("\n".join([header, *(f"  {p}" for p in self.problems)]))
