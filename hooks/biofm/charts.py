"""Bar chart geometry for the stats page: numbers only, no markup.

``overrides/atlas/_charts.html`` draws the SVG from a :class:`BarChart`. Bars are
horizontal, one row per label with the label written above its bar, so that labels of any
length fit. A row holds one or more values: ``stacked`` rows put them end to end (parts of
one total), otherwise each value gets its own thinner bar under the previous one (values
side by side, such as two shares). Every length is proportional to its value on a scale
that runs from 0 to the last axis tick.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH = 600  # drawn at this size (never scaled), so 12 px text stays 12 px
LEFT = 12  # room for half of the "0" tick label
RIGHT = 60  # room for the value written after the longest bar
LABEL = 18  # the row label's line above its bar
BAR = 14  # height of one bar
GAP = 10  # space under each row
AXIS = 22  # the tick labels under the plot
TICKS = 5  # at most this many steps between 0 and the top of the scale


def _r(value: float) -> float:
    """A coordinate, to a tenth of a pixel."""
    return round(value, 1)


@dataclass(frozen=True)
class Segment:
    """One value of a row, drawn as a rectangle."""

    series: int  # which value of the row (its colour class and legend entry)
    value: float
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Value:
    """A value written next to its bar."""

    text: str
    x: float
    y: float


@dataclass(frozen=True)
class Bar:
    """One row: its label above, its segments and the values written after them."""

    label: str
    label_y: float
    segments: tuple[Segment, ...]
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Tick:
    value: float
    x: float
    label: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: float
    left: float
    plot_width: float
    axis_y: float  # the baseline under the last row
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]


def nice_step(maximum: float, count: int = TICKS, whole: bool = True) -> float:
    """The smallest step of 1, 2 or 5 times a power of ten that covers ``maximum`` in at
    most ``count`` steps (1 when there is nothing to show); ``whole``: at least 1, as
    counts have no fractions."""
    if maximum <= 0:
        return 1
    power = 10 ** math.floor(math.log10(maximum / count))
    for factor in (1, 2, 5, 10):
        step = factor * power
        if math.ceil(maximum / step - 1e-9) <= count:
            break
    return max(step, 1) if whole else step


def ticks(maximum: float, count: int = TICKS, whole: bool = True) -> list[float]:
    """Axis values from 0 in a nice step up to the first one at or above ``maximum``."""
    step = nice_step(maximum, count, whole)
    steps = max(1, math.ceil(maximum / step - 1e-9))
    return [float(f"{step * i:.12g}") for i in range(steps + 1)]  # no 0.30000000000000004


def _plain(value: float) -> str:
    return f"{value:g}"


def bar_chart(
    rows: Sequence[tuple[str, Sequence[float]]],
    *,
    stacked: bool = True,
    top: float | None = None,
    fmt: Callable[[float], str] = _plain,
    whole: bool = True,
) -> BarChart:
    """The geometry of a horizontal bar chart of ``rows`` (label, values).

    ``top`` fixes the end of the scale (100 for percentages); otherwise the scale ends at
    the first tick at or above the largest bar. ``fmt`` writes values and tick labels;
    ``whole``: the values are counts (ticks 1 apart at least)."""
    totals = [sum(values) if stacked else max(values, default=0) for _, values in rows]
    axis = ticks(top if top is not None else max(totals, default=0), whole=whole)
    plot = WIDTH - LEFT - RIGHT
    scale = plot / axis[-1]
    bars: list[Bar] = []
    y = 0.0
    for label, values in rows:
        label_y = y + LABEL - 5  # baseline of the label text
        y += LABEL
        segments: list[Segment] = []
        written: list[Value] = []
        x = float(LEFT)
        for series, value in enumerate(values):
            width = value * scale
            if stacked:
                segments.append(Segment(series, value, _r(x), y, _r(width), BAR))
                x += width
            else:
                segments.append(Segment(series, value, LEFT, y, _r(width), BAR))
                written.append(Value(fmt(value), _r(LEFT + width + 4), y + BAR - 3))
                y += BAR
        if stacked:
            written.append(Value(fmt(sum(values)), _r(x + 4), y + BAR - 3))
            y += BAR
        bars.append(Bar(label, label_y, tuple(segments), tuple(written)))
        y += GAP
    axis_y = y
    tick_marks = tuple(Tick(v, _r(LEFT + v * scale), fmt(v)) for v in axis)
    return BarChart(WIDTH, axis_y + AXIS, LEFT, plot, axis_y, tuple(bars), tick_marks)
