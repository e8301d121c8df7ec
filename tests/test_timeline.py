"""Timeline label layout: every label box clear of every other, named models first, dates
placed honestly (a year-only paper is a bar over its year), in near-linear time."""

from __future__ import annotations

import dataclasses
import datetime as dt
import posixpath
import time
from collections import Counter
from itertools import combinations, pairwise

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


def test_crowded_lanes_thin_labels_named_first_and_count_what_has_no_room(catalogue):
    """Hundreds of papers in two months of one lane: labels never overlap, the rows stay
    bounded, named models keep their labels before unnamed ones, and every paper is either
    drawn or counted in the "+N" of its year (by modality too, for the filter)."""
    papers = [("2024-03", f"Model{i}" if i % 3 == 0 else None, "pretraining") for i in range(300)]
    papers += [("2024-04", None, "pretraining")] * 100 + [("2025", "Yearly", "llm")] * 40
    tl = timeline.build_timeline(synthetic(catalogue, papers))
    assert overlapping(tl) == [] and in_figure(tl)
    lane = next(lane for lane in tl.lanes if lane.key == "pretraining")
    assert len(lane.marks) == 400
    hidden = [m for m in lane.marks if not m.drawn]
    assert hidden and len(lane.drawn) + sum(more.count for more in lane.more) == 400
    assert [(more.year, more.count) for more in lane.more] == [(2024, len(hidden))]
    modalities = Counter(k for m in hidden for k in m.record.keys("modality"))
    assert lane.more[0].modalities == " ".join(f"{k}:{n}" for k, n in sorted(modalities.items()))
    assert tl.hidden == sum(not m.drawn for each in tl.lanes for m in each.marks)
    # rows: the lane's heading, the labels, the unlabelled marks and the "+N" row
    rows = timeline.LABEL_ROWS + timeline.MARK_ROWS + 1
    assert lane.height <= timeline.HEAD + rows * timeline.ROW + 8
    assert lane.y < lane.more[0].y < lane.y + lane.height
    # the drawn unlabelled marks never overlap: each row holds marks PAD apart
    spare = {}
    for m in lane.drawn:
        if not m.label:
            spare.setdefault(m.row, []).append(m.x0)
    for xs in spare.values():
        xs.sort()
        assert all(b - a >= 2 * timeline.RADIUS + timeline.PAD for a, b in pairwise(xs))
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


# ------------------------------------------------------- the page at scale, rendered
def _timeline_pages(cat: Catalogue, size: int) -> dict[str, str]:
    """The timeline's pages rendered as the build does, as {site URL: HTML}."""
    from biofm.pages import site_pages
    from biofm.pagination import url_of
    from biofm.render import Renderer

    from conftest import ROOT

    renderer = Renderer(ROOT / "overrides" / "atlas", cat)
    return {
        url_of(spec.src_uri): renderer.render(spec.template, url_of(spec.src_uri), **spec.context)
        for spec in site_pages(cat, size)
        if spec.template == "timeline.html"
    }


def test_a_crowded_timeline_counts_what_it_cannot_draw_and_links_to_the_list(catalogue):
    """5,000 papers: the figure draws a bounded number of marks, each lane's "+N" per year
    adds up with the drawn marks to its papers and leads to the page of the list where
    that year begins; the page stays small."""
    from bs4 import BeautifulSoup

    papers = [(f"{2019 + i % 6}-{1 + i % 12:02d}", f"M{i}" if i % 4 == 0 else None,
               ("pretraining", "llm")[i % 2]) for i in range(5000)]  # fmt: skip
    cat = synthetic(catalogue, papers)
    pages = _timeline_pages(cat, 100)
    first = pages["timeline/"]
    assert len(first.encode()) < 300_000, "the timeline page grows with the catalogue"
    assert len(pages) == 50 and all(
        len(html.encode()) < 100_000 for html in list(pages.values())[1:]
    )
    soup = BeautifulSoup(first, "html.parser")
    for key, records in cat.index("direction").items():
        lane = soup.select_one(f'g[data-direction="{key}"]')
        if not records:
            continue
        drawn = lane.select("a.atlas-timeline__mark")
        more = lane.select("a.atlas-timeline__more")
        assert len(drawn) < 600
        counted = sum(int(a["data-count"]) for a in more)
        assert len(drawn) + counted == len(records), key
        for a in more:
            assert a.find("text").get_text(strip=True) == f"+{a['data-count']}"
            assert a["aria-label"].startswith(f"{a['data-count']} more papers of ")
            assert sum(int(p.split(":")[1]) for p in a["data-modalities"].split()) == int(
                a["data-count"]
            )  # every synthetic paper has one modality
            target, year = a["href"].split("#")
            url = posixpath.normpath(f"timeline/{target}") + "/"
            heading = BeautifulSoup(pages[url], "html.parser").find(id=year)
            assert heading is not None and "continued" not in heading.get_text(), a["href"]
    assert "papers have no room for a mark" in soup.figcaption.get_text()


def test_the_real_timeline_draws_every_paper(catalogue):
    """On the real data every mark has room: nothing is counted instead of drawn."""
    tl = timeline.build_timeline(catalogue)
    assert tl.hidden == 0 and all(lane.more == [] for lane in tl.lanes)
