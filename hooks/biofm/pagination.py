"""Pagination of listing pages: a listing longer than the page size is cut into pages.

A listing is a sequence of :class:`Group` (a heading and its records; a listing without
headings is one group without a label). :func:`paginate` cuts the records, in order, into
pages of at most ``size`` records: page 1 keeps the listing's URL, page ``k`` lives at
``<listing>/page/<k>/``. A group cut by a page break appears on both pages, each
:class:`Part` saying whether its group started before this page or goes on after it, so
that the templates can say "continued" and link the next page. Counts in headings are
always the whole group's (``part.group.records``), and ``Pager.total`` is the whole list's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

DEFAULT_PAGE_SIZE = 250  # records per listing page; see `listing_page_size` in mkdocs.yml
WINDOW = 2  # page numbers shown either side of the current page in the pagination nav


@dataclass(frozen=True)
class Group:
    """A heading of a listing and every record under it (``label`` ``None``: no heading)."""

    key: str  # the heading's id
    label: str | None
    records: Sequence[Any]
    directions: bool = False  # entry items show their research direction badges


@dataclass(frozen=True)
class Part:
    """The records of one group that fall on one page."""

    group: Group
    records: Sequence[Any]
    starts: bool  # the group's first record is on this page
    ends: bool  # the group's last record is on this page


@dataclass
class Pager:
    """One page of a listing: its parts, its number and the URLs of every page."""

    number: int  # 1-based
    urls: list[str]  # site-relative URL of every page, e.g. ["papers/", "papers/page/2/"]
    parts: list[Part]
    total: int  # records in the whole listing
    start: int  # 1-based position of this page's first record in the whole listing
    # the URL of the page where each group (by key) begins, for links into the listing
    group_urls: dict[str, str] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.urls)

    @property
    def records(self) -> list[Any]:
        """This page's records, in order, across its groups."""
        return [r for part in self.parts for r in part.records]

    @property
    def end(self) -> int:
        """1-based position of this page's last record (``start - 1`` on an empty page)."""
        return self.start + sum(len(part.records) for part in self.parts) - 1

    @property
    def url(self) -> str:
        return self.urls[self.number - 1]

    @property
    def prev_url(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.urls[self.number] if self.number < self.count else None

    def window(self) -> list[int | None]:
        """Page numbers for the nav: the first, the last and ``WINDOW`` either side of this
        one; ``None`` stands for a run of pages left out (an ellipsis)."""
        shown = {1, self.count, *range(self.number - WINDOW, self.number + WINDOW + 1)}
        numbers: list[int | None] = []
        for n in sorted(k for k in shown if 1 <= k <= self.count):
            if numbers and n - numbers[-1] > 2:  # type: ignore[operator]
                numbers.append(None)
            elif numbers and n - numbers[-1] == 2:  # type: ignore[operator]
                numbers.append(n - 1)  # one page left out: show it rather than "..."
            numbers.append(n)
        return numbers


def page_uris(src_uri: str, count: int) -> list[str]:
    """Source paths of a listing's pages: its own, then ``<listing>/page/<k>.md``."""
    stem = src_uri.removesuffix(".md").removesuffix("/index")
    return [src_uri, *(f"{stem}/page/{k}.md" for k in range(2, count + 1))]


def url_of(src_uri: str) -> str:
    """The directory URL of a page's source path: ``papers.md`` -> ``papers/``."""
    stem = src_uri.removesuffix(".md").removesuffix("index").rstrip("/")
    return f"{stem}/" if stem else ""


def paginate(groups: Sequence[Group], size: int, src_uri: str) -> list[Pager]:
    """Cut the groups' records into pages of at most ``size``; always at least one page."""
    if size < 1:
        raise ValueError(f"the page size must be at least 1, not {size}")
    flat = [(g, i) for g in groups for i in range(len(g.records))]
    total = len(flat)
    chunks = [flat[at : at + size] for at in range(0, total, size)] or [[]]
    urls = [url_of(uri) for uri in page_uris(src_uri, len(chunks))]
    pagers = []
    group_urls: dict[str, str] = {}  # shared by the pages: every group's first page
    for number, chunk in enumerate(chunks, 1):
        runs: list[tuple[Group, int, int]] = []  # (group, first index, last index) on the page
        for group, index in chunk:
            if runs and runs[-1][0] is group:
                runs[-1] = (group, runs[-1][1], index)
            else:
                runs.append((group, index, index))
        parts = [
            Part(g, g.records[a : b + 1], starts=a == 0, ends=b == len(g.records) - 1)
            for g, a, b in runs
        ]
        group_urls.update((p.group.key, urls[number - 1]) for p in parts if p.starts)
        pagers.append(Pager(number, urls, parts, total, (number - 1) * size + 1, group_urls))
    return pagers
