"""Bar chart geometry (``biofm.charts``): lengths proportional to values, nice axis ticks."""

from __future__ import annotations

import math
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from biofm import charts

COUNTS = st.lists(st.integers(min_value=0, max_value=5000), min_size=1, max_size=4)
ROWS = st.lists(st.tuples(st.text(max_size=20), COUNTS), min_size=1, max_size=12)
FAST = settings(max_examples=200, deadline=None, derandomize=True, database=None)


def _is_nice(step: float) -> bool:
    """1, 2 or 5 times a power of ten."""
    mantissa = step / 10 ** math.floor(math.log10(step))
    return any(math.isclose(mantissa, m) for m in (1, 2, 5))


@FAST
@given(st.just(0.0) | st.floats(min_value=1e-6, max_value=1e6))  # counts and percentages
def test_ticks_start_at_zero_cover_the_maximum_in_few_nice_steps(maximum):
    ticks = charts.ticks(maximum, whole=False)
    assert ticks[0] == 0 and ticks[-1] >= maximum * (1 - 1e-9)  # float noise aside
    assert len(ticks) - 1 <= charts.TICKS
    step = ticks[1] - ticks[0]
    assert _is_nice(step)
    assert all(math.isclose(b - a, step, rel_tol=1e-6) for a, b in pairwise(ticks))
    # the scale ends at the first tick at or above the maximum
    assert len(ticks) == 2 or ticks[-2] < maximum


@FAST
@given(st.integers(min_value=0, max_value=10_000))
def test_count_ticks_are_whole_numbers(maximum):
    ticks = charts.ticks(maximum)
    assert all(float(t).is_integer() for t in ticks)
    assert ticks[-1] >= maximum


@pytest.mark.parametrize(
    "maximum, expected",
    [(0, [0, 1]), (3, [0, 1, 2, 3]), (7, [0, 2, 4, 6, 8]), (63, [0, 20, 40, 60, 80]),
     (100, [0, 20, 40, 60, 80, 100]), (101, [0, 50, 100, 150])],
)  # fmt: skip
def test_ticks_of_known_maxima(maximum, expected):
    assert charts.ticks(maximum) == expected


@FAST
@given(ROWS)
def test_stacked_bar_lengths_are_proportional_to_the_values(rows):
    chart = charts.bar_chart(rows)
    scale = chart.plot_width / chart.ticks[-1].value
    assert len(chart.bars) == len(rows)
    for bar, (label, values) in zip(chart.bars, rows, strict=True):
        assert bar.label == label
        assert [s.value for s in bar.segments] == values
        for segment in bar.segments:
            assert segment.width == pytest.approx(segment.value * scale, abs=0.06)
        # segments sit end to end on one line, starting at the axis
        assert bar.segments[0].x == chart.left
        for a, b in pairwise(bar.segments):
            assert b.x == pytest.approx(a.x + a.width, abs=0.11) and b.y == a.y
        (total,) = bar.values
        assert total.text == f"{sum(values):g}"
        assert chart.left + sum(values) * scale <= chart.left + chart.plot_width + 1e-6


@FAST
@given(ROWS)
def test_grouped_bars_each_start_at_the_axis_one_under_another(rows):
    chart = charts.bar_chart(rows, stacked=False)
    scale = chart.plot_width / chart.ticks[-1].value
    for bar, (_, values) in zip(chart.bars, rows, strict=True):
        assert all(s.x == chart.left for s in bar.segments)
        ys = [s.y for s in bar.segments]
        assert ys == sorted(ys) and len(set(ys)) == len(ys)
        assert [v.text for v in bar.values] == [f"{v:g}" for v in values]
        for segment in bar.segments:
            assert segment.width == pytest.approx(segment.value * scale, abs=0.06)
    assert chart.ticks[-1].value >= max(max(v) for _, v in rows)


def test_rows_do_not_overlap_and_the_axis_is_under_the_last():
    chart = charts.bar_chart([("a", [3]), ("b", [1, 2]), ("c", [0])])
    bottoms = [max(s.y + s.height for s in bar.segments) for bar in chart.bars]
    tops = [bar.label_y - 12 for bar in chart.bars]  # the label's 12 px text above its bar
    assert all(bottom <= top for bottom, top in zip(bottoms[:-1], tops[1:], strict=True))
    assert chart.axis_y >= bottoms[-1] and chart.height > chart.axis_y


def test_percent_scale_is_fixed_at_one_hundred():
    chart = charts.bar_chart([("x", [50])], top=100, fmt=lambda v: f"{v:g}%")
    assert [t.label for t in chart.ticks] == ["0%", "20%", "40%", "60%", "80%", "100%"]
    (segment,) = chart.bars[0].segments
    assert segment.width == pytest.approx(chart.plot_width / 2)
    assert chart.bars[0].values[0].text == "50%"


def test_tick_positions_match_their_values():
    chart = charts.bar_chart([("a", [37])])
    for tick in chart.ticks:
        expected = chart.left + tick.value * chart.plot_width / chart.ticks[-1].value
        assert tick.x == pytest.approx(expected, abs=0.06)
    assert chart.ticks[-1].x == pytest.approx(chart.left + chart.plot_width)
