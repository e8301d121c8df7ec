"""Timeline dot stacking: the same rows as first-fit, in near-linear time."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from biofm import timeline


def first_fit(xs: list[float]) -> list[int]:
    """The reference: each dot on the lowest row whose last dot is at least MIN_GAP left."""
    rows: list[float] = []
    placed = []
    for x in xs:
        row = next((i for i, last in enumerate(rows) if x - last >= timeline.MIN_GAP), len(rows))
        if row == len(rows):
            rows.append(x)
        rows[row] = x
        placed.append(row)
    return placed


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.lists(st.floats(min_value=150, max_value=940), max_size=80).map(sorted))
def test_rows_are_first_fit(xs):
    assert timeline.stack_rows(xs) == first_fit(xs)


def test_many_papers_in_one_month_stack_quickly():
    """Thousands of papers in one month (one x) used to take quadratic time."""
    xs = [500.0] * 50_000 + [600.0] * 50_000
    started = time.perf_counter()
    rows = timeline.stack_rows(xs)
    assert time.perf_counter() - started < 2
    assert rows[:3] == [0, 1, 2] and rows[50_000:50_003] == [0, 1, 2]
