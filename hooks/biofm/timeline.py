"""Timeline geometry: one lane per research direction, papers placed by first-online date,
each with its model name written beside its mark.

Only numbers are computed here; ``overrides/atlas/timeline.html`` draws the SVG at this
exact pixel size (never scaled, so 12 px text stays 12 px). A paper whose month is known is
a dot at that month; one known only by its year is a bar from January to December of that
year. Labels are laid out deterministically: within a lane, named models first and then the
others, each in date order, and each goes to the first row where its box (mark plus text,
text width estimated generously from its length) meets no other box. A label that finds no
row within ``LABEL_ROWS`` is left out and its mark goes below, unlabelled, in at most
``MARK_ROWS`` rows; a mark that finds no room there either is not drawn but counted: each
lane ends with a row of "+N" per year, N the papers of that year not drawn (so that at
10,000 papers the figure stays a figure, and its page small). Every paper is in the list
under the figure. A paper without a date (no year, no arXiv id, no ``first_online``) has no
place on it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from .catalogue import Catalogue, Record

WIDTH = 1040  # px; the SVG is drawn at this size inside a scrollable box
LEFT = 14
RIGHT = 14
TOP = 34  # room for the year labels
FONT = 12  # px, the labels' size (CSS sets the same)
CHAR = 7.4  # px per character at FONT: generous, so real text stays inside its box
ROW = 18  # height of a label row
HEAD = 26  # the lane's own heading row
RADIUS = 5
GAP = 4  # between a mark and its text
PAD = 6  # between two boxes in a row
LABEL_ROWS = 16  # rows per lane for labelled marks; more would not fit a slide
MARK_ROWS = 6  # rows for unlabelled marks below them; marks beyond are counted, not drawn
SHORT = 26  # characters of a title used when a paper has no name
MAX_TICKS = 15  # more years with papers get a tick every few years
BREAK = 28  # px for a run of years without papers


@dataclass
class Mark:
    """One paper in one lane: a dot (month known) or a year-long bar, maybe with a label."""

    record: Record
    x0: float  # the dot's centre, or the bar's start
    x1: float  # the same as x0 for a dot, or the bar's end
    label: str | None
    row: int = 0
    y: float = 0.0  # the row's top
    text_x: float = 0.0
    anchor: str = "start"  # "end": text to the left of the mark (near the right edge)
    drawn: bool = True  # False: no room in the lane; counted in its "+N" row instead

    @property
    def is_span(self) -> bool:
        return self.x1 > self.x0

    @property
    def month(self) -> str:
        return self.record.first_online

    @property
    def cy(self) -> float:
        """The dot's centre, or the bar's middle."""
        return self.y + (ROW - 2.5 if self.is_span else ROW / 2)

    @property
    def text_y(self) -> float:
        return self.y + (FONT - 1 if self.is_span else ROW / 2 + FONT * 0.35)

    @property
    def text_width(self) -> float:
        return len(self.label or "") * CHAR

    @property
    def label_box(self) -> tuple[float, float, float, float] | None:
        """The label's text box (left, top, right, bottom), or ``None`` without a label."""
        if not self.label:
            return None
        left = self.text_x if self.anchor == "start" else self.text_x - self.text_width
        top = self.text_y - FONT
        return (left, top, left + self.text_width, top + FONT * 1.3)

    @property
    def modalities(self) -> str:
        return " ".join(self.record.keys("modality"))


@dataclass(frozen=True)
class More:
    """The papers of one year in one lane that are not drawn: their number, by modality."""

    year: int
    x: float  # the year's middle
    y: float  # the text's baseline
    count: int
    modalities: str  # "eeg:3 ecg:5": how many of them have each modality (the filter's)


@dataclass
class Lane:
    key: str
    label: str
    colour: str
    y: float
    height: float
    marks: list[Mark] = field(default_factory=list)
    more: list[More] = field(default_factory=list)

    @property
    def unlabelled(self) -> list[Mark]:
        """Marks without a label, drawn or not."""
        return [m for m in self.marks if not m.label]

    @property
    def drawn(self) -> list[Mark]:
        return [m for m in self.marks if m.drawn]


@dataclass
class Timeline:
    width: int
    height: int
    lanes: list[Lane]
    ticks: list[tuple[float, int]]  # (x, year)
    breaks: list[float]  # x of each gap standing for years without papers
    by_year: list[tuple[int, list[Record]]]
    modalities: list[tuple[str, str]]  # (key, label) of the modalities of dated papers
    left: int = LEFT

    @property
    def count(self) -> int:
        return sum(len(records) for _, records in self.by_year)

    @property
    def first(self) -> int:
        return min(year for year, _ in self.by_year) if self.by_year else 0

    @property
    def last(self) -> int:
        return max(year for year, _ in self.by_year) if self.by_year else 0

    @property
    def unlabelled(self) -> int:
        return sum(len(lane.unlabelled) for lane in self.lanes)

    @property
    def hidden(self) -> int:
        """Marks not drawn for lack of room (counted in the lanes' "+N" rows)."""
        return sum(more.count for lane in self.lanes for more in lane.more)


class Axis:
    """Time to x: every year with a paper gets the same width; a run of years without any
    is narrowed to one gap of ``BREAK`` px (drawn as a break), so empty years do not push
    the papers together."""

    def __init__(self, years: list[int]):
        self.years = years
        runs = sum(1 for a, b in pairwise(years) if b - a > 1)
        span = WIDTH - LEFT - RIGHT
        gap = min(BREAK, span * 0.3 / runs) if runs else 0
        self.year_width = (span - gap * runs) / len(years)
        self.left: dict[int, float] = {}
        self.breaks: list[float] = []
        x = LEFT
        for previous, year in zip([None, *years], years, strict=False):
            if previous is not None and year - previous > 1:
                self.breaks.append(round(x + gap / 2, 1))
                x += gap
            self.left[year] = x
            x += self.year_width

    def x_at(self, month: float) -> float:
        """The x of a month index (months since year 0; fractions allowed) in a year with
        papers; the year's end is the next year's start."""
        year, within = divmod(month, 12)
        return round(self.left[int(year)] + self.year_width * within / 12, 1)

    def ticks(self) -> list[tuple[float, int]]:
        """(x, year) of at most ``MAX_TICKS`` years with papers, evenly thinned."""
        step = -(-len(self.years) // MAX_TICKS)  # ceiling division
        return [(round(self.left[y], 1), y) for y in self.years[::step]]


def short_label(record: Record) -> str:
    """The model's name, else its title up to a colon, shortened to ``SHORT`` characters."""
    if record.entry.name:
        return record.entry.name
    title = " ".join(record.entry.title.split(":")[0].split())
    if len(title) <= SHORT:
        return title
    cut = title[: SHORT - 1].rsplit(" ", 1)[0] if " " in title[: SHORT - 1] else title[: SHORT - 1]
    return cut.rstrip(" ,;-") + "\u2026"


class Rows:
    """Rows of non-overlapping horizontal intervals, kept sorted for bisection."""

    def __init__(self, limit: int):
        self.limit = limit
        self.rows: list[list[tuple[float, float]]] = []

    def fits(self, row: int, left: float, right: float) -> bool:
        if row >= len(self.rows):
            return True
        spans = self.rows[row]
        at = bisect_left(spans, (left,))
        if at < len(spans) and spans[at][0] < right + PAD:
            return False
        return not (at > 0 and spans[at - 1][1] + PAD > left)

    def place(self, left: float, right: float) -> int | None:
        """The first row where ``[left, right]`` fits (taken), or ``None``."""
        for row in range(self.limit):
            if self.fits(row, left, right):
                while row >= len(self.rows):
                    self.rows.append([])
                spans = self.rows[row]
                spans.insert(bisect_left(spans, (left,)), (left, right))
                return row
        return None

    @property
    def used(self) -> int:
        return len(self.rows)


def _label_extent(mark: Mark, label: str) -> tuple[float, float, float, str]:
    """Where a label's text starts, its anchor, and the box of mark plus text."""
    width = len(label) * CHAR
    if mark.is_span:
        if mark.x0 + width <= WIDTH - 2:
            return mark.x0, mark.x0, max(mark.x1, mark.x0 + width), "start"
        return mark.x1, min(mark.x0, mark.x1 - width), mark.x1, "end"
    start = mark.x0 + RADIUS + GAP
    if start + width <= WIDTH - 2:
        return start, mark.x0 - RADIUS, start + width, "start"
    end = mark.x0 - RADIUS - GAP
    return end, end - width, mark.x0 + RADIUS, "end"


def lay_out(marks: list[Mark]) -> int:
    """Rows for one lane's marks (named first, then by date); the number of rows used.
    A mark whose label fits nowhere loses it and joins the unlabelled rows below; one that
    fits in none of those is not drawn."""
    labelled = Rows(LABEL_ROWS)
    order = sorted(marks, key=lambda m: (not m.record.entry.name, m.x0, m.record.entry.title))
    rest: list[Mark] = []
    for mark in order:
        text_x, left, right, anchor = _label_extent(mark, mark.label or "")
        row = labelled.place(left, right)
        if row is None:
            mark.label = None
            rest.append(mark)
        else:
            mark.row, mark.text_x, mark.anchor = row, text_x, anchor
    spare = Rows(MARK_ROWS)
    for mark in sorted(rest, key=lambda m: (m.x0, m.record.entry.title)):
        row = spare.place(mark.x0 - RADIUS, mark.x1 + RADIUS)
        mark.row = labelled.used + (MARK_ROWS - 1 if row is None else row)
        mark.drawn = row is not None
    return labelled.used + spare.used


def _more(axis: Axis, hidden: list[Mark], baseline: float) -> list[More]:
    """The "+N" of each year with marks not drawn, at the year's middle."""
    by_year: dict[int, list[Mark]] = {}
    for mark in hidden:
        by_year.setdefault(int(mark.month[:4]), []).append(mark)
    out = []
    for year, marks in sorted(by_year.items()):
        counts = Counter(key for m in marks for key in m.record.keys("modality"))
        x = round(axis.left[year] + axis.year_width / 2, 1)
        modalities = " ".join(f"{key}:{n}" for key, n in sorted(counts.items()))
        out.append(More(year, x, round(baseline, 1), len(marks), modalities))
    return out


def build_timeline(cat: Catalogue) -> Timeline:
    """Lanes, marks with their labels, year ticks and the by-year list of the dated papers."""
    papers = [r for r in cat.of_kind("paper") if r.first_online]
    dated = {id(r) for r in papers}
    axis = Axis(sorted({int(r.first_online[:4]) for r in papers}) or [2024])
    x_at = axis.x_at

    def mark_of(record: Record) -> Mark:
        online = record.first_online
        if len(online) >= 7:
            x = x_at(record.month_index + 0.5)  # the middle of its month
            return Mark(record, x, x, short_label(record))
        year = int(online[:4]) * 12
        right = round(axis.left[year // 12] + axis.year_width, 1)
        return Mark(record, x_at(year), right, short_label(record))

    lanes: list[Lane] = []
    y = TOP
    for key, direction in cat.vocab.directions.items():
        marks = [mark_of(r) for r in cat.index("direction")[key] if id(r) in dated]
        rows = lay_out(marks)
        for mark in marks:
            mark.y = y + HEAD + mark.row * ROW
        marks.sort(key=lambda m: (m.x0, m.record.entry.title))
        more = _more(axis, [m for m in marks if not m.drawn], y + HEAD + rows * ROW + FONT)
        height = HEAD + (rows + bool(more)) * ROW + 8
        lanes.append(Lane(key, direction.short, direction.colour, y, height, marks, more))
        y += height
    by_year: dict[int, list[Record]] = {}
    for record in sorted(papers, key=lambda r: (r.first_online, r.entry.title)):
        by_year.setdefault(int(record.first_online[:4]), []).append(record)
    present = {key for r in papers for key in r.keys("modality")}
    modalities = [(k, m.label) for k, m in cat.vocab.modalities.items() if k in present]
    return Timeline(
        WIDTH,
        int(y + 6),
        lanes,
        axis.ticks(),
        axis.breaks,
        sorted(by_year.items(), reverse=True),
        modalities,
    )
