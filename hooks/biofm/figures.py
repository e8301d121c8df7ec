"""The numbers of the stats page, each with its chart geometry and the table under it.

Every figure is computed from the catalogue at build time; the fact coverage is the same
list ``biofm stats`` prints (``coverage.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import charts
from .catalogue import Catalogue, Record
from .coverage import coverage

TOP_VENUES = 10


@dataclass(frozen=True)
class Figure:
    """One chart of the stats page: its SVG geometry, words and table of the same numbers."""

    key: str  # the heading's id and the prefix of the SVG's ids
    title: str
    reading: str  # how to read the chart (shown under the heading)
    numbers: str  # every number drawn, in words
    chart: charts.BarChart
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]
    legend: tuple[str, ...] = ()  # series names when a row has several values
    note: str = ""

    @property
    def description(self) -> str:
        """The SVG's ``<desc>``: how to read it, then its numbers."""
        return f"{self.reading} {self.numbers}"


def _percent(value: float) -> str:
    return f"{value:g}%"


def _share(have: int, total: int) -> float:
    return round(100 * have / total) if total else 0


def _by_year(records: list[Record]) -> tuple[dict[int, list[Record]], int]:
    """Records per publication year (ascending) and how many have no year."""
    years: dict[int, list[Record]] = {}
    for record in sorted((r for r in records if r.entry.year), key=lambda r: r.entry.year):
        years.setdefault(record.entry.year, []).append(record)
    return years, sum(1 for r in records if not r.entry.year)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _undated(count: int, what: str) -> str:
    return f"{count} {what} without a year are not counted." if count else ""


def papers_per_year(cat: Catalogue) -> Figure:
    """Papers per publication year, stacked by research direction."""
    directions = cat.vocab.directions
    years, undated = _by_year(cat.of_kind("paper"))
    counts = {
        year: [sum(1 for r in records if key in r.keys("direction")) for key in directions]
        for year, records in years.items()
    }
    names = tuple(d.short for d in directions.values())
    summary = "; ".join(
        f"{year}: {_count(len(years[year]), 'paper')} ("
        + ", ".join(f"{name} {n}" for name, n in zip(names, row, strict=True))
        + ")"
        for year, row in counts.items()
    )
    return Figure(
        key="papers-per-year",
        title="Papers per year and research direction",
        reading=(
            "One bar per publication year, split by research direction; a paper in several "
            "directions counts once in each, so a bar can be longer than the year's papers."
        ),
        numbers=f"{summary}.",
        chart=charts.bar_chart([(str(year), row) for year, row in counts.items()]),
        columns=("Year", *names, "Papers"),
        rows=tuple((year, *row, len(years[year])) for year, row in counts.items()),
        legend=names,
        note=_undated(undated, "papers"),
    )


def entries_per_modality(cat: Catalogue) -> Figure:
    """Entries of every kind per modality, most first (vocabulary order on ties)."""
    index = cat.index("modality")
    items = cat.items("modality")
    ranked = sorted(index, key=lambda key: -len(index[key]))
    rows = [(_modality(items[key]), len(index[key])) for key in ranked]
    return Figure(
        key="entries-per-modality",
        title="Entries per modality",
        reading=(
            "One bar per modality, most entries first, counting entries of every kind; an "
            "entry with several modalities counts once in each."
        ),
        numbers="; ".join(f"{label}: {n}" for label, n in rows) + ".",
        chart=charts.bar_chart([(label, [n]) for label, n in rows]),
        columns=("Modality", "Entries"),
        rows=tuple(rows),
    )


def _modality(item) -> str:
    """``EEG (Electroencephalography)``; ``Audio`` when the name adds nothing."""
    return item.label if item.name == item.label else f"{item.label} ({item.name})"


def code_and_weights(cat: Catalogue) -> Figure:
    """The share of pretrained models per year with a code link and with open weights."""
    years, undated = _by_year(cat.models)
    rows = []
    for year, records in years.items():
        code = sum(1 for r in records if r.entry.links.code)
        weights = sum(1 for r in records if r.entry.links.weights)
        rows.append((year, len(records), code, weights))
    summary = "; ".join(
        f"{year}: {c} of {n} with code ({_share(c, n)}%), {w} with open weights ({_share(w, n)}%)"
        for year, n, c, w in rows
    )
    return Figure(
        key="code-and-weights",
        title="Pretrained models with code and with open weights",
        reading=(
            "Two bars per year of publication: the percentage of that year's pretrained "
            "models that link their code, and that link open weights."
        ),
        numbers=f"{summary}.",
        chart=charts.bar_chart(
            [(f"{y} ({n} models)", [_share(c, n), _share(w, n)]) for y, n, c, w in rows],
            stacked=False,
            top=100,
            fmt=_percent,
        ),
        columns=("Year", "Pretrained models", "With code", "With open weights"),
        rows=tuple(
            (year, n, f"{c} ({_share(c, n)}%)", f"{w} ({_share(w, n)}%)") for year, n, c, w in rows
        ),
        legend=("With code", "With open weights"),
        note=_undated(undated, "pretrained models"),
    )


def top_venues(cat: Catalogue, count: int = TOP_VENUES) -> Figure:
    """The venues with the most entries, at most ``count``: venues tied with the first one
    left out are left out too, so that no tie is broken arbitrarily."""
    index = cat.index("venue")
    items = cat.items("venue")
    used = [key for key in index if index[key]]
    ranked = sorted(used, key=lambda key: -len(index[key]))
    if len(ranked) > count:
        cut = len(index[ranked[count]])
        ranked = [key for key in ranked[:count] if len(index[key]) > cut]
    rows = [(items[key].name, len(index[key])) for key in ranked]
    return Figure(
        key="top-venues",
        title=f"Top {len(rows)} venues",
        reading=(
            f"One bar for each of the {len(rows)} venues with the most entries, of "
            f"{len(used)} venues in the catalogue; venues tied at the cut are all left out."
        ),
        numbers="; ".join(f"{name}: {n}" for name, n in rows) + ".",
        chart=charts.bar_chart([(name, [n]) for name, n in rows]),
        columns=("Venue", "Entries"),
        rows=tuple(rows),
    )


def fact_coverage(cat: Catalogue) -> Figure:
    """How many entries carry each researched fact (the numbers of ``biofm stats``)."""
    facts = coverage(cat)
    labels = [fact.label[:1].upper() + fact.label[1:] for fact in facts]
    return Figure(
        key="fact-coverage",
        title="Coverage of model facts",
        reading=(
            "One bar per researched fact: the percentage of the entries it applies to that "
            "have it (authors and names: papers, time series foundation models, surveys and "
            "benchmarks; the other facts: pretrained models)."
        ),
        numbers=(
            "; ".join(
                f"{label}: {f.have} of {f.total} ({f.percent}%)"
                for label, f in zip(labels, facts, strict=True)
            )
            + "."
        ),
        chart=charts.bar_chart(
            [(label, [f.percent]) for label, f in zip(labels, facts, strict=True)],
            top=100,
            fmt=_percent,
        ),
        columns=("Fact", "Entries that have it", "Share"),
        rows=tuple(
            (label, f"{f.have} of {f.total}", f"{f.percent}%")
            for label, f in zip(labels, facts, strict=True)
        ),
    )


def all_figures(cat: Catalogue) -> list[Figure]:
    """The stats page's figures, in page order."""
    makers = (papers_per_year, entries_per_modality, code_and_weights, top_venues, fact_coverage)
    return [make(cat) for make in makers]
