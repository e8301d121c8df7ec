"""Timeline geometry: one lane per research direction, papers placed by first-online month.

Only numbers are computed here; ``overrides/atlas/timeline.html`` draws the SVG. A paper
without a date (no year, no arXiv id, no ``first_online``) has no place on it and is left
out; any date the schema allows (years 0000 to 9999) is placed, with at most
``MAX_TICKS`` year ticks.
"""

from __future__ import annotations

import heapq
from collections import deque
from dataclasses import dataclass, field

from .catalogue import Catalogue, Record

WIDTH = 960
LEFT = 150  # room for lane labels
RIGHT = 20
ROW = 16  # vertical distance between stacked dots
MIN_GAP = 11  # dots closer than this go on the next row
TOP = 30
MAX_TICKS = 15  # a wider span of years gets a tick every few years


@dataclass
class Point:
    record: Record
    x: float
    y: float
    month: str


@dataclass
class Lane:
    key: str
    label: str
    colour: str
    y: float
    height: float
    points: list[Point] = field(default_factory=list)


@dataclass
class Timeline:
    width: int
    height: int
    lanes: list[Lane]
    ticks: list[tuple[float, int]]  # (x, year)
    by_year: list[tuple[int, list[Record]]]


def stack_rows(xs: list[float]) -> list[int]:
    """The row of each dot (``xs`` ascending): the lowest row whose last dot is at least
    ``MIN_GAP`` to the left. A row once free stays free for every later dot, so free rows
    sit in a heap and busy ones in a queue by their last x: O(n log n), not O(n * rows)."""
    free: list[int] = []
    busy: deque[tuple[float, int]] = deque()
    placed: list[int] = []
    count = 0  # rows opened so far
    for x in xs:
        while busy and x - busy[0][0] >= MIN_GAP:
            heapq.heappush(free, busy.popleft()[1])
        if free:
            row = heapq.heappop(free)
        else:
            row, count = count, count + 1
        busy.append((x, row))
        placed.append(row)
    return placed


def build_timeline(cat: Catalogue) -> Timeline:
    """Lanes, dots, year ticks and the by-year list of the dated papers."""
    papers = [r for r in cat.of_kind("paper") if r.first_online]
    dated = {id(r) for r in papers}
    years = [int(r.first_online[:4]) for r in papers] or [2024]
    first, last = min(years), max(years)
    start, end = first * 12, (last + 1) * 12
    span = WIDTH - LEFT - RIGHT

    def x_of(record: Record) -> float:
        return LEFT + span * (record.month_index - start) / (end - start)

    lanes: list[Lane] = []
    y = TOP
    for key, direction in cat.vocab.directions.items():
        members = [r for r in cat.index("direction")[key] if id(r) in dated]
        members.sort(key=lambda r: (x_of(r), r.entry.title))
        xs = [x_of(record) for record in members]
        rows = stack_rows(xs)
        points = [
            Point(record, round(x, 1), row, record.first_online)
            for record, x, row in zip(members, xs, rows, strict=True)
        ]
        height = (max(rows, default=0) + 1) * ROW + ROW
        for point in points:
            point.y = y + ROW + point.y * ROW
        lanes.append(Lane(key, direction.short, direction.colour, y, height, points))
        y += height
    step = -(-(last - first + 1) // MAX_TICKS)  # ceiling division
    ticks = [
        (round(LEFT + span * (year * 12 - start) / (end - start), 1), year)
        for year in range(first, last + 1, step)
    ]
    by_year: dict[int, list[Record]] = {}
    for record in sorted(papers, key=lambda r: (r.first_online, r.entry.title)):
        by_year.setdefault(int(record.first_online[:4]), []).append(record)
    return Timeline(WIDTH, int(y + 10), lanes, ticks, sorted(by_year.items(), reverse=True))
