"""Timeline label layout: every label box clear of every other, named models first, dates
placed honestly (a year-only paper is a bar over its year), in near-linear time."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from biofm import timeline
from biofm.catalogue import Catalogue, Record
from biofm.schema import Paper


def boxes_of(tl: timeline.Timeline) -> list[tuple[str, tuple[float, float, float, float]]]:
    return [(f"{lane.key}/{m.record.id}", m.label_box)
            for lane in tl.lanes for m in lane.marks if m.label]  # fmt: skip


def overlapping(tl: timeline.Timeline) -> list[tuple[str, str]]:
    """Pairs of labels whose boxes intersect (sorted by left edge: a sweep, not n^2)."""
    found = []
    boxes = sorted(boxes_of(tl), key=lambda b: b[1][0])
    for i, (name, (_, top, right, bottom)) in enumerate(boxes):
        for other, (l2, t2, _, b2) in boxes[i + 1 :]:
            if l2 >= right:
                break
            if t2 < bottom and top < b2:
                found.append((name, other))
    return found


def in_figure(tl: timeline.Timeline) -> bool:
    return all(box[0] >= 0 and box[2] <= tl.width and box[3] <= tl.height
               for _, box in boxes_of(tl))  # fmt: skip


def synthetic(catalogue: Catalogue, papers: list[tuple[str, str | None, str]]) -> Catalogue:
    """The real vocabularies with papers given as (first_online, name, direction)."""
    context = {"vocab": catalogue.vocab}
    records = []
    for i, (online, name, direction) in enumerate(papers):
        data = {"title": f"Synthetic paper number {i} about signals", "name": name,
                "year": int(online[:4]), "first_online": online if len(online) > 4 else None,
                "added": dt.date(2026, 1, 1), "modalities": ["ecg"],
                "directions": [direction]}  # fmt: skip
        entry = Paper.model_validate(data, context=context)
        records.append(Record(f"p{i}", f"data/papers/p{i}.yml", entry))
    return Catalogue(vocab=catalogue.vocab, site=catalogue.site, records=records)


def test_real_catalogue_labels_never_overlap(catalogue):
    tl = timeline.build_timeline(catalogue)
    assert boxes_of(tl), "no labels at all"
    assert overlapping(tl) == []
    assert in_figure(tl)
    named = [r for r in catalogue.of_kind("paper") if r.entry.name and r.first_online]
    labels = {m.label for lane in tl.lanes for m in lane.marks}
    # Most named models carry their name (the rest are in the list below the figure).
    assert sum(r.entry.name in labels for r in named) >= 0.8 * len(named)


def test_crowded_lanes_thin_labels_named_first_and_keep_every_mark(catalogue):
    """Hundreds of papers in two months of one lane: labels never overlap, the rows stay
    bounded, named models keep their labels before unnamed ones, every paper has a mark."""
    papers = [("2024-03", f"Model{i}" if i % 3 == 0 else None, "pretraining") for i in range(300)]
    papers += [("2024-04", None, "pretraining")] * 100 + [("2025", "Yearly", "llm")] * 40
    tl = timeline.build_timeline(synthetic(catalogue, papers))
    assert overlapping(tl) == [] and in_figure(tl)
    lane = next(lane for lane in tl.lanes if lane.key == "pretraining")
    assert len(lane.marks) == 400
    assert (
        lane.height <= timeline.HEAD + (timeline.LABEL_ROWS + timeline.MARK_ROWS) * timeline.ROW + 8
    )
    labelled = [m for m in lane.marks if m.label]
    assert labelled and lane.unlabelled
    assert all(m.record.entry.name for m in labelled)  # unnamed ones give way first
    assert tl.unlabelled == sum(len(lane.unlabelled) for lane in tl.lanes)


def test_year_only_papers_span_their_year_and_months_are_dots(catalogue):
    tl = timeline.build_timeline(
        synthetic(catalogue, [("2023", "Old", "pretraining"), ("2024-07", "Mid", "pretraining"),
                              ("2024", "Whole", "pretraining")]))  # fmt: skip
    marks = {m.record.entry.name: m for m in tl.lanes[0].marks}
    ticks = dict((year, x) for x, year in tl.ticks)
    whole, mid = marks["Whole"], marks["Mid"]
    assert whole.is_span and not mid.is_span
    assert (whole.x0, whole.x1) == (ticks[2024], pytest.approx(2 * ticks[2024] - ticks[2023]))
    assert ticks[2024] < mid.x0 < whole.x1
    assert mid.x0 == pytest.approx(whole.x0 + (whole.x1 - whole.x0) * 6.5 / 12, abs=0.2)  # mid-July
    assert marks["Old"].x1 == pytest.approx(ticks[2024])


def test_years_without_papers_become_one_narrow_break(catalogue):
    tl = timeline.build_timeline(
        synthetic(catalogue, [("2010-01", "A", "llm"), ("2024-01", "B", "llm"),
                              ("2025-01", "C", "llm")]))  # fmt: skip
    assert [year for _, year in tl.ticks] == [2010, 2024, 2025]
    assert len(tl.breaks) == 1
    xs = dict((year, x) for x, year in tl.ticks)
    assert xs[2024] - xs[2010] == pytest.approx(xs[2025] - xs[2024] + timeline.BREAK, abs=0.2)


@pytest.mark.parametrize("title, name, label", [
    ("Short title: and a subtitle", None, "Short title"),
    ("A very long title that goes on and on and on", None, "A very long title that\u2026"),
    ("Anything", "NAME-1", "NAME-1"),
])  # fmt: skip
def test_short_label(catalogue, title, name, label):
    record = catalogue.of_kind("paper")[0]
    entry = dataclasses.replace(
        record, entry=record.entry.model_copy(update={"title": title, "name": name})
    )
    assert timeline.short_label(entry) == label
    assert len(label) <= timeline.SHORT


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(st.lists(st.tuples(st.floats(0, 1000), st.floats(0, 200)), max_size=60))
def test_rows_never_hold_overlapping_intervals(spans):
    rows = timeline.Rows(limit=5)
    for left, width in spans:
        rows.place(left, left + width)
    for row in rows.rows:
        for (_, a1), (b0, _) in combinations(sorted(row), 2):
            assert a1 + timeline.PAD <= b0


def test_many_papers_in_one_month_lay_out_quickly(catalogue):
    tl = timeline.build_timeline(synthetic(catalogue, [("2024-05", None, "pretraining")] * 5000))
    marks = tl.lanes[0].marks
    started = time.perf_counter()
    timeline.lay_out(marks)
    assert time.perf_counter() - started < 2
    assert len(marks) == 5000
