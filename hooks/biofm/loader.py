"""Load and validate the whole data directory, collecting every problem before failing."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel, ValidationError

from . import identity
from .catalogue import Catalogue, Record
from .problems import CatalogueError, Problem
from .registry import KINDS
from .schema import RESERVED_IDS, SLUG_RE, SOURCED_FACTS, VOCAB_MODELS, SiteContent, value_at
from .vocab import Vocabularies
from .yamlio import Parsed, YamlProblem, read_many, read_or_problem

_SLUG = re.compile(SLUG_RE)
SYMLINK_MESSAGE = "is a symbolic link; data files and folders must be real files in data/"
RESERVED_MESSAGE = "{!r} is reserved: that id would replace the section's overview page"


class _Collector:
    """Reads files and validates them against models, remembering every problem."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.root = data_dir.parent
        self.problems: list[Problem] = []

    def rel(self, path: Path) -> str:
        """``path`` relative to the project, as written (links are not followed, so nothing
        outside the project is ever named)."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.name

    def add(self, path: Path, field: str, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.rel(path), line, field, message))

    def read(self, path: Path) -> Parsed | None:
        if path.is_symlink():
            self.add(path, "(file)", SYMLINK_MESSAGE)
            return None
        return self.accept(path, read_or_problem(path))

    def accept(self, path: Path, result: Parsed | YamlProblem) -> Parsed | None:
        """The parsed file, or ``None`` after recording why it could not be read."""
        if isinstance(result, YamlProblem):
            self.add(path, "(file)", result.message, result.line)
            return None
        return result

    def validate(self, path: Path, parsed: Parsed, model: type[BaseModel], context=None, loc=()):
        try:
            return model.model_validate(parsed.data, context=context)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                full = (*loc, *error["loc"])
                # A missing field has no line of its own: name its parent mapping's line.
                at = full[:-1] if error["type"] == "missing" else full
                line = parsed.line_of(at) if at else None
                self.add(path, _field_name(full), _message(error), line)
        return None


def _field_name(loc: Iterable) -> str:
    parts = [f"[{p}]" if isinstance(p, int) else str(p) for p in loc]
    return ".".join(parts).replace(".[", "[") or "(file)"


def _message(error: dict) -> str:
    kind, msg = error["type"], error["msg"]
    if kind == "extra_forbidden":
        return "unknown field (check the spelling against the schema)"
    if kind == "missing":
        return "required field is missing"
    if kind == "model_type":
        return "must be a mapping of field: value"
    if kind in ("tuple_type", "list_type"):  # YAML has lists; "valid tuple" would puzzle
        return "must be a list, e.g. [first, second]"
    if kind == "too_short":
        count = error.get("ctx", {}).get("min_length", 1)
        return f"must list at least {count} item{'s' if count != 1 else ''}"
    if kind == "too_long":
        return f"must list at most {error.get('ctx', {}).get('max_length')} items"
    return msg.removeprefix("Value error, ")


def load_vocabularies(data_dir: Path, collect: _Collector) -> Vocabularies | None:
    """Read data/vocab/*.yml; duplicate keys within a vocabulary are problems."""
    if (data_dir / "vocab").is_symlink():
        collect.add(data_dir / "vocab", "(folder)", SYMLINK_MESSAGE)
        return None
    tables: dict[str, dict] = {}
    for name, model in VOCAB_MODELS.items():
        path = data_dir / "vocab" / f"{name}.yml"
        if not (path.exists() or path.is_symlink()):
            collect.add(path, "(file)", "vocabulary file is missing")
            continue
        parsed = collect.read(path)
        if parsed is None:
            continue
        if not isinstance(parsed.data, list):
            collect.add(path, "(file)", "must be a list of items")
            continue
        table: dict = {}
        for index, _ in enumerate(parsed.data):
            item = collect.validate(
                path, Parsed(parsed.data[index], parsed.lines), model, loc=(index,)
            )
            if item is None:
                continue
            if item.key in table:
                collect.add(
                    path,
                    f"[{index}].key",
                    f"duplicate key {item.key!r}",
                    parsed.line_of((index, "key")),
                )
            table[item.key] = item
        tables[name] = table
    return Vocabularies(**tables) if len(tables) == len(VOCAB_MODELS) else None


def _entry_files(data_dir: Path, collect: _Collector) -> Iterable[tuple[Path, type]]:
    for kind in KINDS:
        folder, model = kind.folder, kind.model
        directory = data_dir / folder
        if directory.is_symlink():
            collect.add(directory, "(folder)", SYMLINK_MESSAGE)
            continue
        if not directory.is_dir():
            collect.add(directory, "(folder)", "entry folder is missing")
            continue
        for path in sorted(directory.iterdir()):
            if path.name.startswith("."):
                continue
            if path.is_symlink():
                collect.add(path, "(file)", SYMLINK_MESSAGE)
            elif path.suffix != ".yml" or not path.is_file():
                collect.add(path, "(file)", "entry files must be YAML files ending in .yml")
            elif path.stem in RESERVED_IDS:
                collect.add(path, "(file name)", RESERVED_MESSAGE.format(path.stem))
            else:
                yield path, model


def _check_layout(data_dir: Path, collect: _Collector) -> None:
    """Everything in ``data/`` and ``data/vocab/`` is something the loader reads: a file in
    a misspelt folder (``data/paper/x.yml``) is a problem, not silently skipped."""
    folders = [kind.folder for kind in KINDS]
    where = "data/ holds site.yml, vocab/ and the entry folders " + "/, ".join(folders) + "/"
    for path in _listing(data_dir):
        if path.name in ("site.yml", "vocab", *folders):
            continue
        if path.is_dir() and not path.is_symlink():
            _report_unknown(collect, path, "folder", [*folders, "vocab"], where)
        else:
            _report_unknown(collect, path, "file", ["site.yml"], where)
    vocabularies = [f"{name}.yml" for name in VOCAB_MODELS]
    for path in _listing(data_dir / "vocab"):
        if path.name not in vocabularies:
            where = f"the vocabularies are {', '.join(vocabularies)}"
            _report_unknown(collect, path, "vocabulary file", vocabularies, where)


def _listing(directory: Path) -> list[Path]:
    """The visible entries of a real directory (none for a missing one or a link)."""
    if directory.is_symlink() or not directory.is_dir():
        return []
    return sorted(path for path in directory.iterdir() if not path.name.startswith("."))


def _report_unknown(collect: _Collector, path: Path, what: str, known: list, where: str) -> None:
    """One problem for an unknown file, or one per item inside an unknown folder (so that
    checking a single file still names it)."""
    close = difflib.get_close_matches(path.name, known, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    message = f"unknown {what} {path.name!r}{hint}; {where}"
    inside = _listing(path) if what == "folder" else []
    for item in inside or [path]:
        kind = "(folder)" if item.is_dir() and not item.is_symlink() else "(file)"
        collect.add(item, kind, message)


def load_catalogue(data_dir: Path) -> Catalogue:
    """Load every data file under ``data_dir``; raise :class:`CatalogueError` with all problems."""
    collect = _Collector(data_dir)
    vocab = load_vocabularies(data_dir, collect)
    site_path = data_dir / "site.yml"
    site_parsed = collect.read(site_path)
    site = collect.validate(site_path, site_parsed, SiteContent) if site_parsed else None
    if vocab is None:  # entries cannot be checked without the vocabularies
        raise CatalogueError(collect.problems)

    records: list[Record] = []
    lines: dict[str, Parsed] = {}
    _check_layout(data_dir, collect)
    files = list(_entry_files(data_dir, collect))
    results = read_many([path for path, _ in files])
    for (path, model), result in zip(files, results, strict=True):
        if not _SLUG.match(path.stem):
            collect.add(path, "(file name)", "must be a lowercase slug like 'my-model.yml'")
        parsed = collect.accept(path, result)
        if parsed is None:
            continue
        entry = collect.validate(path, parsed, model, context={"vocab": vocab})
        if entry is not None:
            record = Record(id=path.stem, path=collect.rel(path), entry=entry)
            records.append(record)
            lines[record.path] = parsed  # by path: two files may share an id

    for check in CROSS_CHECKS:
        for record, loc, message in check(records):
            line = lines[record.path].line_of(loc) if loc else None
            collect.problems.append(Problem(record.path, line, _field_name(loc), message))
    if collect.problems or site is None:
        raise CatalogueError(collect.problems)
    return Catalogue(vocab=vocab, site=site, records=records)


# --------------------------------------------------------------------------- cross-file checks

Finding = tuple[Record, tuple, str]


def _seniority(record: Record) -> tuple:
    """Which of two duplicates is the one already in the catalogue: the earlier ``added``
    date, then the earlier path."""
    return (record.entry.added, record.path)


def _duplicates(records: list[Record], key: Callable[[Record], str | None], loc: tuple, what: str):
    """Each record whose key an earlier record (see :func:`_seniority`) already has, once,
    naming that earlier record; the earlier record itself is never blamed."""
    first: dict[str, Record] = {}
    for record in sorted(records, key=_seniority):
        value = key(record)
        if not value:
            continue
        existing = first.setdefault(value, record)
        if existing is not record:
            where = existing.url.rstrip("/")
            message = f"same {what} {value!r} as {existing.path}: already in the catalogue as"
            yield record, loc, f"{message} {where}"


def _check_ids(records):
    yield from _duplicates(records, lambda r: r.id, (), "id")


def _check_arxiv(records):
    yield from _duplicates(records, lambda r: r.arxiv_id, ("links", "paper"), "arXiv id")


def _check_doi(records):
    # DOIs are case-insensitive; links give them lowercased, an explicit doi: field may not.
    yield from _duplicates(records, lambda r: r.doi and r.doi.lower(), ("links", "paper"), "DOI")


def _check_titles(records):
    def key(record: Record) -> str | None:
        title = record.entry.title
        # A title without ASCII letters or digits (e.g. Chinese) normalises to nothing:
        # compare its letters instead of treating every such title as the same.
        normal = identity.normalise_title(title) or re.sub(r"[\W_]+", "", title.casefold())
        return f"{record.kind}:{normal}" if normal else None

    yield from _duplicates(records, key, ("title",), "normalised title")


# Fields that name other entries, and the kind of entry each names.
REFERENCES = {
    "builds_on": "tsfm",
    "model.pretrained_on": "dataset",
    "model.evaluated_on": "dataset",
}


def _check_references(records):
    by_id = {r.id: r for r in records}
    for record in records:
        for path, kind in REFERENCES.items():
            for index, ref in enumerate(value_at(record.entry, path) or ()):
                target = by_id.get(ref)
                if target is None or target.kind != kind:
                    loc = (*path.split("."), index)
                    yield record, loc, f"{ref!r} is not the id of a {kind} entry"


def _check_sources(records):
    """Every fact beyond the original list cites a URL; no URL cites a fact not recorded."""
    for record in records:
        for source, paths in SOURCED_FACTS.items():
            present = [p for p in paths if value_at(record.entry, p) not in (None, (), "")]
            url = getattr(record.entry.sources, source)
            if present and not url:
                loc = tuple(present[0].split("."))
                message = f"needs its source: add sources.{source} with the URL it was read from"
                yield record, loc, message
            elif url and not present:
                what = " or ".join(paths)
                yield record, ("sources", source), f"cites a source but no {what} is recorded"


def _check_paper_links(records):
    def key(record: Record) -> str | None:
        """The link without scheme, ``www.`` or trailing slash; only the host is lowercased."""
        link = record.entry.links.paper
        if not link:
            return None
        parts = urlsplit(link)
        host = parts.netloc.lower().removeprefix("www.")
        query = f"?{parts.query}" if parts.query else ""
        return f"{host}{parts.path}{query}".rstrip("/")

    yield from _duplicates(records, key, ("links", "paper"), "paper link")


CROSS_CHECKS = (
    _check_ids,
    _check_arxiv,
    _check_doi,
    _check_titles,
    _check_paper_links,
    _check_references,
    _check_sources,
)
