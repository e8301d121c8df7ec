"""Every internal link of the built site reaches a file that exists, and its #fragment an id.

The checker reads the built HTML only (no server): for each ``<a href>``, ``<link href>``,
``<script src>`` and ``<img src>`` that is relative or root-relative, it resolves the value
against the page's own URL (under ``site_url``), maps directory URLs to ``index.html`` and
asserts that the file is in the site; a ``#fragment`` must name an element ``id`` (or an
``<a name>``) of the target page. Absolute URLs (``https://...``, also those pointing at
``site_url`` itself, such as ``<link rel="canonical">``), ``mailto:``, ``javascript:`` and
``data:`` values are not checked here (external links have ``biofm links``). Every broken link
is reported at once, as ``file -> href: problem``.
"""

from __future__ import annotations

import gzip
import posixpath
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import material
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

# Fragments that only stock mkdocs-material's JavaScript (or a Material feature this site does
# not enable) gives meaning, as {id: which Material template references it and why}. A fragment
# is accepted when the target page has that id, or when it is listed here. Empty on purpose:
# with Material 9.8.1 and this mkdocs.yml every stock fragment link targets a real id
# (#__drawer and #__search are the ids of base.html's toggle inputs, which the header, nav and
# search partials reach with <label for>, not with links; #__consent, the cookie dialog of
# base.html, exists only with extra.consent, which this site does not set, and no stock
# partial links to it). Each id added here must be named in the template its reason names and
# must really be needed by the built site (see the tests below), so the list cannot hide our
# own broken anchors or grow silently.
MATERIAL_JS_ANCHORS: dict[str, str] = {}

MATERIAL_TEMPLATES = Path(material.__file__).resolve().parent / "templates"

# Which attribute carries the URL, per element.
URL_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src"}

SITE_URL_RE = re.compile(r"^site_url:\s*(\S+)\s*$", re.MULTILINE)
# The same URLs found in the raw HTML text, to count independently what the checker sees.
RAW_URL_RE = re.compile(
    r'<(?:a|link)\b[^>]*?\shref="([^"]*)"|<(?:script|img)\b[^>]*?\ssrc="([^"]*)"'
)
RAW_LABEL_FOR_RE = re.compile(r'<label\b[^>]*?\sfor="([^"]*)"')


def site_url_of(mkdocs_yml: Path = ROOT / "mkdocs.yml") -> str:
    """The ``site_url`` of the MkDocs configuration (read as text: it uses ``!ENV`` tags)."""
    match = SITE_URL_RE.search(mkdocs_yml.read_text(encoding="utf-8"))
    assert match, f"{mkdocs_yml}: no site_url"
    return match.group(1).strip("'\"")


def _parse(file: Path) -> BeautifulSoup:
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


@dataclass(frozen=True)
class Page:
    """What the checker reads from one HTML page."""

    ids: frozenset[str]  # element ids and <a name> values
    links: tuple[str, ...]  # relative and root-relative URLs of the checked elements
    label_for: tuple[str, ...]  # the ids that its <label for> name


class LinkChecker:
    """Broken internal links of a built static site in ``root`` published at ``site_url``."""

    def __init__(
        self,
        root: Path,
        site_url: str = "https://example.invalid/",
        allowed_anchors: Mapping[str, str] = MATERIAL_JS_ANCHORS,
        soup_of: Callable[[Path], BeautifulSoup] | None = None,
    ):
        self.root = root.resolve()
        self._soup_of = soup_of or _parse  # e.g. the session site's pages, parsed once
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        split = urlsplit(self.site_url)
        self.origin = (split.scheme, split.netloc)
        self.prefix = split.path  # "/atlas/" for https://biofm-atlas.github.io/atlas/
        self.allowed_anchors = allowed_anchors
        self.allowed_used: set[str] = set()  # allowed anchors that some link actually needed
        self.fragments_found: Counter[str] = Counter()  # "file#id" targets found, per link
        self.page = cache(self._read)

    # -- URLs and files ---------------------------------------------------------------------
    def page_url(self, file: Path) -> str:
        """The published URL of a file in the site (``a/index.html`` is served as ``a/``)."""
        rel = file.resolve().relative_to(self.root).as_posix()
        if rel == "index.html" or rel.endswith("/index.html"):
            rel = rel[: -len("index.html")]
        return self.site_url + rel

    def target_file(self, url: str) -> Path | None:
        """The file an absolute URL is served from, or None when it is outside the site."""
        split = urlsplit(url)
        if (split.scheme, split.netloc) != self.origin:
            return None
        path = unquote(split.path) or "/"
        directory = path.endswith(("/", "/.", "/.."))
        path = "/" + posixpath.normpath(path).lstrip("/")  # no ".", "..", "//" left
        if directory or path + "/" == self.prefix:
            path = path.rstrip("/") + "/"
        if not path.startswith(self.prefix):
            return None
        rel = path[len(self.prefix) :]
        return self.root / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)

    def _read(self, file: Path) -> Page:
        """The page parsed once (the file must exist; cached per resolved path)."""
        soup = self._soup_of(file)
        ids = {tag["id"] for tag in soup.find_all(id=True)}
        ids |= {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
        links = []
        for tag in soup.find_all(list(URL_ATTRIBUTES)):
            value = tag.get(URL_ATTRIBUTES[tag.name])
            if value is None:
                continue
            value = value.strip()
            split = urlsplit(value)
            if split.scheme or split.netloc:  # absolute, protocol-relative, mailto:, data: ...
                continue
            links.append(value)
        label_for = tuple(label["for"] for label in soup.find_all("label", attrs={"for": True}))
        return Page(frozenset(ids), tuple(links), label_for)

    # -- checking ---------------------------------------------------------------------------
    def links_of(self, file: Path) -> list[str]:
        """Every relative or root-relative URL in the page's checked elements, in order."""
        return list(self.page(file.resolve()).links)

    def problem(self, file: Path, href: str) -> str | None:
        """Why ``href`` on the page ``file`` is broken, or None when it is fine."""
        url = urljoin(self.page_url(file), href)
        target = self.target_file(url)
        if target is None:
            return f"resolves to {url}, outside the site {self.site_url}"
        if target.is_dir() and (target / "index.html").is_file():
            target = target / "index.html"  # a directory URL without its slash: redirected
        if not target.is_file():
            return f"no file {target.relative_to(self.root).as_posix()}"
        fragment = unquote(urlsplit(url).fragment)
        if not fragment or target.suffix != ".html":
            return None
        if fragment in self.page(target.resolve()).ids:
            rel = target.resolve().relative_to(self.root).as_posix()
            self.fragments_found[f"{rel}#{fragment}"] += 1
            return None
        if fragment in self.allowed_anchors:
            self.allowed_used.add(fragment)
            return None
        return f"no id {fragment!r} in {target.relative_to(self.root).as_posix()}"

    def broken_links(self) -> list[str]:
        """``file -> href: problem`` for every broken internal link of every HTML page."""
        broken = []
        for file in sorted(self.root.rglob("*.html")):
            for href in self.links_of(file):
                why = self.problem(file, href)
                if why:
                    rel = file.relative_to(self.root).as_posix()
                    broken.append(f"{rel} -> {href}: {why}")
        return broken

    def label_problems(self) -> list[str]:
        """``file: <label for=id>: problem`` for every label naming no element of its page."""
        problems = []
        for file in sorted(self.root.rglob("*.html")):
            page = self.page(file.resolve())
            rel = file.relative_to(self.root).as_posix()
            problems += [f"{rel}: <label for={v!r}>: no such id" for v in page.label_for
                         if v not in page.ids]  # fmt: skip
        return problems

    def sitemap_problems(self, name: str = "sitemap.xml") -> list[str]:
        """``<loc>`` entries of the sitemap that are outside the site or have no page."""
        problems = []
        for loc in sitemap_locs((self.root / name).read_bytes()):
            target = self.target_file(loc)
            if target is None:
                problems.append(f"{loc}: outside the site {self.site_url}")
            elif not target.is_file():
                problems.append(f"{loc}: no file {target.relative_to(self.root).as_posix()}")
        return problems


def sitemap_locs(xml: bytes) -> list[str]:
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [loc.text.strip() for loc in ET.fromstring(xml).findall("sm:url/sm:loc", ns)]


def report(problems: list[str]) -> str:
    return f"{len(problems)} broken:\n" + "\n".join(problems)


def raw_fragment_links(file: Path) -> list[str]:
    """Relative URLs with a ``#fragment`` in a page's raw HTML (no parser, unlike the checker)."""
    text = file.read_text(encoding="utf-8")
    urls = [a or b for a, b in RAW_URL_RE.findall(text)]
    return [u for u in urls if "#" in u and u.split("#", 1)[1] and not urlsplit(u).scheme]


def allowed_anchor_problems(anchors: Mapping[str, str]) -> list[str]:
    """Why entries of an allowed-anchor list are not stock Material: the reason must name a
    Material template that has the id and that this project does not override."""
    problems = []
    for anchor, reason in anchors.items():
        named = re.findall(r"(?:partials/[\w/-]+|base)\.html", reason)
        if not named:
            problems.append(f"#{anchor}: its reason names no Material template")
        for template in named:
            if anchor not in (MATERIAL_TEMPLATES / template).read_text(encoding="utf-8"):
                problems.append(f"#{anchor} is not in Material's {template}")
            if (ROOT / "overrides" / template).exists():
                problems.append(f"#{anchor}: {template} is overridden")
    return problems


# -- the real site --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def checker(site) -> LinkChecker:
    return LinkChecker(site.root, site_url_of(), soup_of=site.soup_of)


@pytest.fixture(scope="module")
def broken(checker) -> list[str]:
    return checker.broken_links()


def test_every_internal_link_reaches_a_file_and_its_fragment(checker, broken):
    pages = list(checker.root.rglob("*.html"))
    assert len(pages) > 50, "the built site has suspiciously few pages"
    assert sum(len(checker.links_of(p)) for p in pages) > 1000, "suspiciously few links"
    if broken:
        pytest.fail(report(broken), pytrace=False)


def test_sitemap_lists_only_pages_that_exist(checker):
    locs = sitemap_locs((checker.root / "sitemap.xml").read_bytes())
    assert len(locs) > 50
    assert checker.site_url in locs, "the home page is missing from sitemap.xml"
    problems = checker.sitemap_problems()
    if problems:
        pytest.fail(report(problems), pytrace=False)
    zipped = sitemap_locs(gzip.decompress((checker.root / "sitemap.xml.gz").read_bytes()))
    assert zipped == locs, "sitemap.xml.gz differs from sitemap.xml"


def test_every_fragment_link_is_checked_against_a_real_id(checker, broken, catalogue):
    """Each #fragment link of the site (counted in the raw HTML) met an id of its target page,
    none was let through by the allowed list, and the template-made ones are all there."""
    assert not broken
    corrected = Counter(f"corrections/index.html#{r.id}" for r in catalogue.records
                        if r.entry.corrections)  # fmt: skip
    found = Counter({k: n for k, n in checker.fragments_found.items() if k in corrected})
    assert len(corrected) > 10 and found == corrected, "entry pages -> their corrections row"
    expected = sum(len(raw_fragment_links(p)) for p in checker.root.rglob("*.html"))
    assert sum(checker.fragments_found.values()) == expected > 50
    assert checker.allowed_used == set()


def test_every_label_names_an_element_of_its_page(checker):
    """Material's drawer and search toggles are ids reached by ``<label for>`` (hence no
    allowed anchors for them): every label of the site names an element of its own page."""
    files = list(checker.root.rglob("*.html"))
    pages = [checker.page(file.resolve()) for file in files]
    raw = sum(len(RAW_LABEL_FOR_RE.findall(file.read_text("utf-8"))) for file in files)
    assert sum(len(page.label_for) for page in pages) == raw > len(pages)
    assert all({"__drawer", "__search"} <= set(page.label_for) for page in pages)
    problems = checker.label_problems()
    if problems:
        pytest.fail(report(problems), pytrace=False)


def test_allowed_js_anchors_are_stock_material_and_still_needed(checker, broken):
    assert allowed_anchor_problems(MATERIAL_JS_ANCHORS) == []
    stale = set(MATERIAL_JS_ANCHORS) - checker.allowed_used
    assert not stale, f"allowed anchors no link of the site needs any more: {sorted(stale)}"


def test_allowed_anchor_reasons_are_checked():
    """The check of the (now empty) allowed list works on a list that is not empty."""
    good = {
        "__consent": "base.html: the cookie dialog, shown with extra.consent",
        "__drawer": "partials/header.html and partials/nav.html reach it",
    }
    assert allowed_anchor_problems(good) == []
    bad = {"__consent": "Material's cookie dialog", "__nowhere": "partials/header.html links it"}
    assert allowed_anchor_problems(bad) == [
        "#__consent: its reason names no Material template",
        "#__nowhere is not in Material's partials/header.html",
    ]


# -- the checker itself, on a tiny hand-made site -------------------------------------------


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def tiny_site(tmp_path) -> Path:
    root = tmp_path / "site"
    write(
        root / "index.html",
        """<!doctype html><html><head>
        <link rel="stylesheet" href="assets/style.css">
        <link rel="canonical" href="https://example.org/atlas/">
        <link rel="icon" href="/atlas/assets/missing.png">
        <script src="assets/app.js"></script>
        </head><body id="top">
        <a href="a/">ok dir</a> <a href="a/index.html#there">ok fragment</a>
        <a href="#top">ok same page</a> <a href="">ok empty</a>
        <a href="https://elsewhere.example/x">external</a> <a href="mailto:x@y.z">mail</a>
        <a href="/atlas/a/">ok root-relative</a> <a href="/atlas/.">ok home</a>
        <a href="a">ok without slash</a> <a href="#__consent">ok Material JS anchor</a>
        <a href="missing/">broken dir</a> <a href="a/#nothere">broken fragment</a>
        <a href="#nowhere">broken same page</a> <a href="/elsewhere/">outside the site</a>
        <a href="../../up.html">escapes the site</a> <img src="img/gone.png" alt="">
        </body></html>""",
    )
    write(
        root / "a" / "index.html",
        """<!doctype html><html><body><h2 id="there">T</h2>
        <a href="../">up ok</a> <a href="../#top">up ok fragment</a>
        <a href="../b/c.html">broken file</a> <a href="..#top">ok</a>
        </body></html>""",
    )
    write(root / "assets" / "style.css", "")
    write(root / "assets" / "app.js", "")
    return root


def test_checker_reports_every_broken_link_of_a_tiny_site(tiny_site):
    checker = LinkChecker(tiny_site, "https://example.org/atlas/", {"__consent": "a reason"})
    assert checker.broken_links() == [
        "a/index.html -> ../b/c.html: no file b/c.html",
        "index.html -> /atlas/assets/missing.png: no file assets/missing.png",
        "index.html -> missing/: no file missing/index.html",
        "index.html -> a/#nothere: no id 'nothere' in a/index.html",
        "index.html -> #nowhere: no id 'nowhere' in index.html",
        "index.html -> /elsewhere/: resolves to https://example.org/elsewhere/, "
        "outside the site https://example.org/atlas/",
        "index.html -> ../../up.html: resolves to https://example.org/up.html, "
        "outside the site https://example.org/atlas/",
        "index.html -> img/gone.png: no file img/gone.png",
    ]
    assert checker.allowed_used == {"__consent"}


def test_checker_reports_sitemap_entries_without_a_page(tiny_site):
    write(
        tiny_site / "sitemap.xml",
        """<?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc>https://example.org/atlas/</loc></url>
        <url><loc>https://example.org/atlas/a/</loc></url>
        <url><loc>https://example.org/atlas/gone/</loc></url>
        <url><loc>https://other.example/atlas/a/</loc></url>
        </urlset>""",
    )
    assert LinkChecker(tiny_site, "https://example.org/atlas").sitemap_problems() == [
        "https://example.org/atlas/gone/: no file gone/index.html",
        "https://other.example/atlas/a/: outside the site https://example.org/atlas/",
    ]
