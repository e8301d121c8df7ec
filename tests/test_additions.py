"""Additions: the Atom feed, the What's new page and the "new" badge.

The unit tests build small catalogues in memory; the site tests build the real data once,
with every existing entry's ``added`` date moved back and hostile entries added today, and
read the feed with an XML parser.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from biofm import additions
from biofm.catalogue import Catalogue, Record
from biofm.loader import load_catalogue
from biofm.registry import KIND
from biofm.schema import today_utc

from conftest import DATA, ROOT, Site, build_site

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = yaml.safe_load(
    re.search(r"^site_url:.*$", (ROOT / "mkdocs.yml").read_text("utf-8"), re.M).group(0)
)["site_url"]
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")
HOSTILE_TITLES = {
    "hostile-script": "<script>alert(1)</script> </title> {{ 7*7 }}",
    "hostile-cdata": "]]> <![CDATA[ x ]]> & &amp; &lt;b&gt; {% raw %}",
    "hostile-quotes": "\"double\" 'single' <img src=x onerror=alert(2)> -->",
    "hostile-unicode": "Ünïcödé Straße 模型 Ωμέγα — “curly” \U0001fac0 €",
}


# --------------------------------------------------------------------------- in memory


@cache
def _vocab():
    return load_catalogue(DATA).vocab


def _catalogue(added: dict[str, str], online: dict[str, str] | None = None) -> Catalogue:
    """Datasets named by their ids, added on the given dates (``first_online`` optional)."""
    kind = KIND["dataset"]
    records = []
    for record_id, day in added.items():
        data = {"title": f"Title {record_id}", "modalities": ["ecg"], "added": day}
        if online and record_id in online:
            data["first_online"] = online[record_id]
        entry = kind.model.model_validate(data, context={"vocab": _vocab()})
        records.append(Record(record_id, f"data/datasets/{record_id}.yml", entry))
    return Catalogue(vocab=_vocab(), site=load_catalogue(DATA).site, records=records)


def test_no_badge_when_every_entry_falls_in_the_window():
    cat = _catalogue({"a": "2026-01-01", "b": "2026-01-01", "c": "2025-12-31"})
    assert additions.new_ids(cat) == frozenset()


def test_badge_goes_to_entries_added_within_the_window_of_the_newest_addition():
    newest = dt.date(2026, 6, 30)
    edge = newest - dt.timedelta(days=additions.NEW_DAYS)
    cat = _catalogue(
        {
            "newest": newest.isoformat(),
            "edge": edge.isoformat(),  # exactly NEW_DAYS before: still new
            "older": (edge - dt.timedelta(days=1)).isoformat(),
            "oldest": "2020-01-01",
        }
    )
    assert additions.new_ids(cat) == {"newest", "edge"}
    assert additions.newest_added(cat) == newest


def test_months_newest_first_and_entries_ordered_within_a_day():
    cat = _catalogue(
        {"a": "2026-03-02", "b": "2026-03-02", "c": "2026-03-20", "d": "2026-01-05"},
        online={"a": "2020-01", "b": "2024-05"},
    )
    months = additions.by_month(cat)
    assert [(m.key, m.label) for m in months] == [("2026-03", "March 2026"),
                                                  ("2026-01", "January 2026")]  # fmt: skip
    # newest addition first; on one day the newer first-online date first
    assert [r.id for r in months[0].records] == ["c", "b", "a"]
    assert [r.id for r in months[1].records] == ["d"]


def test_feed_holds_at_most_the_newest_entries():
    days = {f"e{i:03d}": (dt.date(2026, 1, 1) + dt.timedelta(days=i)).isoformat()
            for i in range(additions.FEED_SIZE + 7)}  # fmt: skip
    cat = _catalogue(days)
    chosen = additions.feed_entries(cat)
    assert len(chosen) == additions.FEED_SIZE
    assert [r.id for r in chosen] == sorted(days, reverse=True)[: additions.FEED_SIZE]


# --------------------------------------------------------------------------- the real site


@pytest.fixture(scope="module")
def added_site(tmp_path_factory) -> tuple[Site, dict[str, str]]:
    """The real data with every entry's ``added`` moved back 400 days, plus the hostile
    entries added today. Returns the site and every entry's ``added`` date by id."""
    root = tmp_path_factory.mktemp("additions")
    data = root / "data"
    shutil.copytree(DATA, data)
    old = (today_utc() - dt.timedelta(days=400)).isoformat()
    for path in data.glob("*/*.yml"):
        if path.parent.name != "vocab":
            text = path.read_text("utf-8")
            path.write_text(re.sub(r"(?m)^added: .*$", f"added: {old}", text), "utf-8")
    for n, (entry_id, title) in enumerate(HOSTILE_TITLES.items()):
        entry = {"title": title, "year": 2026, "first_online": f"2026-0{n + 1}",
                 "modalities": ["emg"], "directions": ["pretraining"],
                 "added": today_utc().isoformat()}  # fmt: skip
        (data / "papers" / f"{entry_id}.yml").write_text(yaml.safe_dump(entry), "utf-8")
    result = build_site(root / "site", data)
    assert result.returncode == 0, result.stderr
    dates = {r.id: r.entry.added.isoformat() for r in load_catalogue(data).records}
    return Site(root / "site"), dates


@pytest.fixture(scope="module")
def feed(added_site) -> ET.Element:
    site, _ = added_site
    return ET.parse(site.root / "feed.xml").getroot()


def _text(element: ET.Element, name: str) -> str:
    found = element.find(ATOM + name)
    assert found is not None, name
    return found.text or ""


def test_feed_is_an_atom_document_with_the_required_elements(feed, added_site):
    _, dates = added_site
    assert feed.tag == ATOM + "feed"
    assert _text(feed, "id") == SITE_URL
    assert _text(feed, "title").strip()
    assert _text(feed, "updated") == max(dates.values()) + "T00:00:00Z"
    assert feed.find(f"{ATOM}author/{ATOM}name").text.strip()
    links = {link.get("rel"): link.get("href") for link in feed.findall(ATOM + "link")}
    assert links["self"] == SITE_URL + "feed.xml"
    assert links["alternate"] == SITE_URL + "whats-new/"
    entries = feed.findall(ATOM + "entry")
    assert len(entries) == min(additions.FEED_SIZE, len(dates))
    ids = [_text(e, "id") for e in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        assert _text(entry, "title").strip()
        assert RFC3339.match(_text(entry, "updated"))
        (link,) = [x for x in entry.findall(ATOM + "link") if x.get("rel") == "alternate"]
        assert link.get("href") == _text(entry, "id")
        assert link.get("href").startswith(SITE_URL)


def test_feed_entries_are_the_newest_additions_with_their_added_date(feed, added_site):
    site, dates = added_site
    entries = feed.findall(ATOM + "entry")
    listed = []
    for entry in entries:
        url = _text(entry, "id").removeprefix(SITE_URL)
        assert (site.root / url / "index.html").is_file(), url  # the page exists
        entry_id = url.strip("/").split("/")[-1]
        listed.append(entry_id)
        assert _text(entry, "updated") == dates[entry_id] + "T00:00:00Z"
    newest = [d for _, d in sorted(dates.items(), key=lambda item: item[1], reverse=True)]
    assert [dates[i] for i in listed] == newest[: len(listed)]
    assert set(HOSTILE_TITLES) <= set(listed)  # added today: the newest of all


def test_hostile_titles_round_trip_through_the_feed_as_text(feed, added_site):
    site, _ = added_site
    titles = {_text(e, "id").rstrip("/").rsplit("/", 1)[-1]: _text(e, "title")
              for e in feed.findall(ATOM + "entry")}  # fmt: skip
    for entry_id, title in HOSTILE_TITLES.items():
        assert titles[entry_id] == title
    raw = (site.root / "feed.xml").read_text("utf-8")
    assert "<script>" not in raw and "<img" not in raw and "]]> <![CDATA[" not in raw


def test_every_page_links_the_feed_from_its_head(added_site):
    """rel "alternate feed": feed readers find the alternate token and the Atom type, while
    Material's bundle, which fetches the sitemap.xml beside every link[rel=alternate] (an
    exact match: a language version of the site, it assumes), finds none."""
    site, _ = added_site
    pages = list(site.root.rglob("index.html"))
    assert len(pages) > len(HOSTILE_TITLES) * 10
    for page in pages:
        html = page.read_text("utf-8")
        head = html[: html.index("</head>")]
        found = re.findall(r'<link rel="alternate feed" type="application/atom\+xml"[^>]*>', head)
        assert len(found) == 1, page
        assert not re.search(r'<link\b[^>]*\brel=(?:"alternate"|alternate[\s>])', html), page
        href = re.search(r'href="([^"]+)"', found[0]).group(1)
        target = Path(urljoin(page.relative_to(site.root).as_posix(), href))
        assert target.as_posix() == "feed.xml", (page, href)


def test_whats_new_groups_by_month_newest_first(added_site):
    site, dates = added_site
    content = site.content("whats-new/")
    headings = content.select("h2")
    by_month: dict[str, int] = {}
    for day in sorted(dates.values(), reverse=True):
        by_month[day[:7]] = by_month.get(day[:7], 0) + 1
    assert [h["id"] for h in headings] == [f"added-{month}" for month in by_month]
    for heading, count in zip(headings, by_month.values(), strict=True):
        assert heading.small.get_text() == f"({count})"
        items = heading.find_next_sibling("ul").select("li.atlas-addition")
        assert len(items) == count
    listed = [a["href"] for a in content.select("a.atlas-entry__title")]
    assert len(listed) == len(dates) == len(set(listed))


def test_whats_new_shows_hostile_titles_literally(added_site):
    site, _ = added_site
    soup = site.soup("whats-new/")
    shown = {a["href"].rstrip("/").rsplit("/", 1)[-1]: a.get_text()
             for a in soup.select("article a.atlas-entry__title")}  # fmt: skip
    for entry_id, title in HOSTILE_TITLES.items():
        assert shown[entry_id] == title
    assert soup.find("img", src="x") is None
    assert not [s for s in soup.find_all("script") if "alert" in s.get_text()]
    html = site.html("whats-new/")
    assert "<script>alert" not in html and "<img src=x" not in html


def test_badge_marks_exactly_the_recent_additions(added_site):
    site, dates = added_site
    newest = max(dt.date.fromisoformat(d) for d in dates.values())
    since = newest - dt.timedelta(days=additions.NEW_DAYS)
    recent = {i for i, d in dates.items() if dt.date.fromisoformat(d) >= since}
    assert recent == set(HOSTILE_TITLES)  # the old entries were moved out of the window
    content = site.content("whats-new/")
    badged = {li.select_one("a.atlas-entry__title")["href"].rstrip("/").rsplit("/", 1)[-1]
              for li in content.select("li.atlas-addition")
              if li.select_one(".atlas-badge--new")}  # fmt: skip
    assert badged == recent
    kind_line = "p.atlas-entry-page__kind .atlas-badge--new"  # under the entry page's title
    assert site.content("papers/hostile-script/").select_one(kind_line)
    old = next(i for i in dates if i not in recent)
    (old_page,) = site.root.glob(f"*/{old}/index.html")
    old_page = site.content(old_page.parent.relative_to(site.root).as_posix() + "/")
    assert old_page.select_one("p.atlas-entry-page__kind") is not None
    assert old_page.select(kind_line) == []
    listing = site.content("modalities/emg/")
    badged_listed = {li["id"] for li in listing.select("li.atlas-entry")
                     if li.select_one(".atlas-badge--new")}  # fmt: skip
    assert badged_listed == recent


def test_real_catalogue_badges_follow_its_dates(site, catalogue):
    """Today every entry was added within days of the others: then no badge at all."""
    days = [r.entry.added for r in catalogue.records]
    spread = (max(days) - min(days)).days
    html = site.html("whats-new/") + site.html("")
    if spread <= additions.NEW_DAYS:
        assert "atlas-badge--new" not in html
    else:
        assert "atlas-badge--new" in html


def test_home_links_whats_new_and_the_feed(site):
    hrefs = [a["href"] for a in site.content("").select(".atlas-latest a")]
    assert "whats-new/" in hrefs and "feed.xml" in hrefs
    nav = site.soup("").select_one("nav.md-nav--primary")
    assert nav.find("a", href="whats-new/") is not None


def _with_added(catalogue, dates) -> Catalogue:
    """The real catalogue with its entries' ``added`` dates replaced, in turn, by ``dates``."""
    records = [
        dataclasses.replace(r, entry=r.entry.model_copy(update={"added": dates[i % len(dates)]}))
        for i, r in enumerate(catalogue.records)
    ]
    return Catalogue(vocab=catalogue.vocab, site=catalogue.site, records=records)


def test_latest_is_the_newest_papers_when_every_entry_was_added_the_same_day(catalogue):
    same = _with_added(catalogue, [dt.date(2026, 1, 5)])
    assert not same.additions_differ
    latest = same.latest(8)
    assert [r.kind for r in latest] == ["paper"] * 8
    months = [r.month_index for r in latest]
    assert months == sorted(months, reverse=True)
    rest = [r for r in same.of_kind("paper") if r not in latest]
    assert max(r.month_index for r in rest) <= months[-1]


def test_latest_is_the_additions_when_the_dates_differ(catalogue):
    mixed = _with_added(catalogue, [dt.date(2026, 1, 5), dt.date(2026, 1, 6)])
    assert mixed.additions_differ
    assert {r.entry.added for r in mixed.latest(8)} == {dt.date(2026, 1, 6)}


def test_home_heading_says_what_the_list_is(site, catalogue):
    home = site.content("")
    heading = home.select_one(".atlas-latest").find_previous("h2").get_text(strip=True)
    shown = [a["href"] for a in home.select(".atlas-latest a.atlas-entry__title")]
    assert shown == [r.url for r in catalogue.latest(8)]
    if catalogue.additions_differ:
        assert heading.startswith("Latest additions")
    else:
        assert heading.startswith("Newest papers")
