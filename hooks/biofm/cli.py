"""``biofm``: the contributor command-line tool.

Exit codes: 0 success; 1 the data has problems, a generated file is stale or a link is
dead; 2 the command was used wrongly (unknown option, bad value).
"""

from __future__ import annotations

import json
from collections import Counter
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.table import Table

from . import (
    awesome,
    coverage,
    exports,
    import_report,
    importer,
    jsonschema,
    linkcheck,
    metadata,
    plausibility,
    scaffold,
    terminal,
)
from .catalogue import Catalogue
from .loader import load_catalogue
from .problems import CatalogueError, Problem
from .project import Project, ProjectError
from .registry import FACETS, KIND, KIND_OF_FOLDER, KINDS
from .schema import VOCAB_MODELS
from .terminal import line

app = typer.Typer(
    help="Add, check and export entries of the Biosignal Foundation Model Atlas.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = terminal.console()
err = terminal.console(stderr=True)

Kind = Enum("Kind", {kind.key: kind.key for kind in KINDS}, type=str)
Format = Enum("Format", {name: name for name in exports.FORMATS}, type=str)
DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        envvar="ATLAS_DATA_DIR",
        help="The data directory (default: the atlas plugin's data_dir in ./mkdocs.yml).",
        file_okay=False,
    ),
]
Check = Annotated[
    bool, typer.Option("--check", help="Do not write; exit 1 if the file is out of date.")
]
LIST_KEYS = "?"  # an option value that lists the vocabulary's keys instead

# Hints for YAML syntax errors whose usual cause is the indentation.
YAML_HINTS = (
    ("found character '\\t'", "indent with spaces, not tabs"),
    ("mapping values are not allowed", "check this line's indentation (the fields of one "
     "mapping start in the same column), and quote a value that contains ': '"),
    ("expected <block end>", "check the indentation: this line starts in a column that no "
     "field above it uses"),
    ("did not find expected key", "check the indentation of this line and the one above"),
    ("could not find expected ':'", "check the indentation, or add the ': ' after the key"),
)  # fmt: skip


def _relative(path: Path, data_dir: Path) -> str:
    """``path`` as the loader names it (relative to the data directory's parent)."""
    try:
        return path.resolve().relative_to(data_dir.resolve().parent).as_posix()
    except (ValueError, OSError, RuntimeError):  # outside, unreadable, a symlink loop
        return path.as_posix()


def _hinted(problem: Problem) -> str:
    """The problem's message, with a hint where a YAML error is about indentation."""
    if problem.message.startswith("YAML syntax error"):
        for phrase, hint in YAML_HINTS:
            if phrase in problem.message:
                return f"{problem.message} (hint: {hint})"
    return problem.message


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        where = f"{problem.path}:{problem.line}" if problem.line else problem.path
        message = _hinted(problem)
        err.print(line((where, "bold"), ": ", (problem.field, "cyan"), ": ", (message, "red")))
    files = len({p.path for p in problems})
    err.print(
        line(
            (f"{len(problems)} problem{'s' * (len(problems) != 1)} "
             f"in {files} file{'s' * (files != 1)}.", "red")
        )
    )  # fmt: skip


def _fail(message: str, code: int) -> NoReturn:
    """Print ``Error: message`` and exit with ``code`` (1 problems, 2 wrong usage)."""
    err.print(line(("Error", "red"), ": ", message))
    raise typer.Exit(code)


def _project(data_dir: Path | None) -> Project:
    """The project in the current directory (like mkdocs), or exit 2 saying why not."""
    try:
        return Project.find(data_dir=data_dir)
    except ProjectError as exc:
        _fail(str(exc), 2)
    except (OSError, RuntimeError) as exc:  # unreadable mkdocs.yml, a symlink loop
        _fail(f"cannot read the project: {exc}", 2)


def _read(data_dir: Path) -> tuple[Catalogue | None, list[Problem]]:
    """The catalogue, or the problems that keep it from loading."""
    try:
        return load_catalogue(data_dir), []
    except CatalogueError as exc:
        return None, exc.problems
    except (OSError, RuntimeError) as exc:  # e.g. a symlink loop the loader cannot name
        where = _relative(data_dir, data_dir)
        return None, [Problem(where, None, "(folder)", f"cannot be read: {exc}")]


def _load(project: Project) -> Catalogue:
    """The catalogue, or exit 1 after listing every problem."""
    catalogue, problems = _read(project.data_dir)
    if catalogue is None:
        _report(problems)
        raise typer.Exit(1)
    return catalogue


def _data_file_kind(path: Path, data_dir: Path) -> str | None:
    """``"entry"`` or ``"data"`` for a file the loader reads, else None."""
    try:
        path, data_dir = path.resolve(), data_dir.resolve()
    except (OSError, RuntimeError):
        return None
    if path.suffix != ".yml" or path.name.startswith(".") or not path.is_file():
        return None
    folder = path.parent
    if folder.parent == data_dir and folder.name in KIND_OF_FOLDER:
        return "entry"
    if path == data_dir / "site.yml" or (
        folder == data_dir / "vocab" and path.stem in VOCAB_MODELS
    ):
        return "data"
    return None


def _path_problem(path: Path, data_dir: Path) -> Problem | None:
    """Why ``path``, given to validate, is not a data file it can report on."""
    where = _relative(path, data_dir)
    if not path.exists():
        broken = "a symbolic link that leads nowhere (missing or a loop)"
        return Problem(where, None, "(file)", broken if path.is_symlink() else "no such file")
    if path.is_dir():
        return Problem(where, None, "(file)", "is a folder: give entry files, or no path for all")
    if _data_file_kind(path, data_dir) is None:
        data = _relative(data_dir, data_dir)
        folders = ", ".join(kind.folder for kind in KINDS)
        message = (
            f"not an entry file of {data}/: entry files are {data}/<folder>/<id>.yml "
            f"in one of the folders {folders}"
        )
        return Problem(where, None, "(file)", message)
    return None


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Entry files to report on (default: every data file)."),
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Check the data: every problem at once, as `file:line: field: problem`."""
    data_dir = _project(data_dir).data_dir
    catalogue, problems = _read(data_dir)
    if paths:
        wanted = {_relative(p, data_dir) for p in paths}
        problems = [p for p in problems if p.path in wanted]
        named = {p.path for p in problems}
        problems += [
            problem
            for path in paths
            if _relative(path, data_dir) not in named
            and (problem := _path_problem(path, data_dir)) is not None
        ]
    if problems:
        _report(problems)
        raise typer.Exit(1)
    # With paths, other files' problems do not count; without a catalogue, no warnings.
    warned = plausibility.warnings(catalogue) if catalogue else []
    if paths:
        warned = [w for w in warned if w.path in wanted]
    for warning in warned:
        err.print(line("warning: ", str(warning)))
    checked = len(paths) if paths else len(catalogue.records)
    entries = not paths or all(_data_file_kind(p, data_dir) == "entry" for p in paths)
    noun = ("entry" if checked == 1 else "entries") if entries else "file" + "s" * (checked != 1)
    note = f" ({len(warned)} warning{'s' * (len(warned) != 1)})" if warned else ""
    out.print(line(("OK", "green"), f": {checked} {noun} valid{note}."))


def _entry_id(value: str | None) -> str | None:
    """``--id``: a lowercase slug, so the file lands in its kind's folder and nowhere else."""
    if value is not None and not scaffold.is_slug(value):
        raise typer.BadParameter(
            "must be a lowercase slug of letters, digits and hyphens, such as my-model"
        )
    return value


def _keys_option(name: str, short: str, what: str) -> typer.Option:
    return typer.Option(name, short, help=f"{what} key; repeat. `{name} ?` lists the keys.")


@app.command()
def new(
    title: Annotated[str | None, typer.Option(help="The paper's (or resource's) title.")] = None,
    kind: Annotated[Kind, typer.Option(help="The kind of entry.")] = Kind.paper,
    venue: Annotated[
        str | None,
        typer.Option(
            help="Venue key from data/vocab/venues.yml, e.g. arxiv, neurips, icml, iclr, "
            "nature; `--venue ?` lists every key."
        ),
    ] = None,
    year: Annotated[int | None, typer.Option(min=scaffold.YEARS[0], max=scaffold.YEARS[1])] = None,
    paper: Annotated[str | None, typer.Option(help="Paper link (http or https).")] = None,
    code: Annotated[str | None, typer.Option(help="Code link.")] = None,
    link: Annotated[str | None, typer.Option(help="Dataset/tool/benchmark link.")] = None,
    modality: Annotated[list[str] | None, _keys_option("--modality", "-m", "Modality")] = None,
    direction: Annotated[
        list[str] | None, _keys_option("--direction", "-d", "Research direction")
    ] = None,
    role: Annotated[list[str] | None, _keys_option("--role", "-r", "LLM role")] = None,
    description: Annotated[str | None, typer.Option(help="One-sentence note.")] = None,
    name: Annotated[str | None, typer.Option(help="The model's short name, e.g. LaBraM.")] = None,
    author: Annotated[
        list[str] | None, typer.Option("--author", "-a", help="An author's full name; repeat.")
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="URL where name and authors were read (needed with them).")
    ] = None,
    arxiv: Annotated[
        str | None,
        typer.Option("--arxiv", help="Fill title, authors, year and venue from the arXiv API."),
    ] = None,
    doi: Annotated[
        str | None,
        typer.Option("--doi", help="Fill title, authors, year and venue from Crossref."),
    ] = None,
    entry_id: Annotated[
        str | None,
        typer.Option(
            "--id",
            help="File name id, a lowercase slug (default: from the title).",
            callback=_entry_id,
        ),
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Write a new commented entry file; asks for what the options leave out."""
    spec = KIND[kind.value]
    project = _project(data_dir)
    catalogue = _load(project)
    vocab = catalogue.vocab
    asked = {"venues": [venue] if venue else [], "modalities": modality, "directions": direction,
             "llm_roles": role}  # fmt: skip
    for vocab_name, values in asked.items():
        if LIST_KEYS in (values or ()):
            _print_keys(vocab, vocab_name)
            return
    if arxiv and doi:
        _fail("give --arxiv or --doi, not both", 2)
    if arxiv or doi:
        meta = _fetch_metadata(arxiv, doi)
        title, year, paper = title or meta.title, year or meta.year, paper or meta.link
        author, source = author or meta.authors, source or meta.source
        venue = venue or _venue_of(vocab, meta, bool(arxiv))
    given = {"title": title, "year": year, "venue": venue, "paper": paper, "link": link,
             "modalities": modality, "directions": direction, "llm_roles": role}  # fmt: skip
    first, *rest = scaffold.questions(spec.key, vocab)
    given["title"] = title or _ask(first, vocab)
    entry_id = entry_id or scaffold.slugify(given["title"])
    _refuse_existing(catalogue, entry_id)
    for question in rest:
        if not given[question.field]:
            given[question.field] = _ask(question, vocab)
    if "llm" in (given["directions"] or ()) and not given["llm_roles"]:
        given["llm_roles"] = _ask(scaffold.roles_question(vocab), vocab)
    links = {"paper": given["paper"], "code": code, spec.link: given["link"]}
    entry = scaffold.NewEntry(
        kind=spec.key, title=given["title"], venue=given["venue"], year=given["year"],
        links=links, modalities=given["modalities"] or [],
        directions=given["directions"] or [], llm_roles=given["llm_roles"] or [],
        description=description, name=name, authors=author or [], source=source,
    )  # fmt: skip
    _write_new(project.data_dir / entry.folder / f"{entry_id}.yml", entry, entry_id)


def _fetch_metadata(arxiv: str | None, doi: str | None) -> metadata.Metadata:
    """The paper's record from arXiv or Crossref, or exit 1 with a one-line reason."""
    try:
        return metadata.fetch_arxiv(arxiv) if arxiv else metadata.fetch_crossref(doi)
    except metadata.MetadataError as exc:
        _fail(str(exc), 1)


def _venue_of(vocab, meta: metadata.Metadata, preprint: bool) -> str | None:
    """The venue key of the record's journal; arXiv for a preprint without one."""
    if meta.venue_name:
        key = vocab.lookup("venues", meta.venue_name)
        if key:
            return key
        note = f"the venue {meta.venue_name!r} is not in data/vocab/venues.yml; choose a key"
        err.print(line(("note", "yellow"), ": ", note))
        return None
    return "arxiv" if preprint else None


def _write_new(target: Path, entry: scaffold.NewEntry, entry_id: str) -> None:
    """Write the entry, then load the data with it; a refused entry leaves nothing behind."""
    data_dir = target.parent.parent
    try:
        with target.open("x", encoding="utf-8") as fh:
            fh.write(scaffold.render_entry(entry, entry_id))
    except FileExistsError:
        _fail(f"{_relative(target, data_dir)} already exists", 1)
    except OSError as exc:
        _fail(f"cannot write {_relative(target, data_dir)}: {exc.strerror}", 1)
    _, problems = _read(data_dir)
    if problems:
        target.unlink()
        _report(problems)
        err.print(line(("Nothing was written.", "red")))
        raise typer.Exit(1)
    out.print(line(("Wrote", "green"), " ", _relative(target, data_dir)))


def _refuse_existing(catalogue: Catalogue, entry_id: str) -> None:
    """Exit 1 when the id is taken: the work is probably in the catalogue already."""
    record = catalogue.by_id.get(entry_id)
    if record is not None:
        _fail(
            f"{record.folder}/{entry_id} is already in the catalogue ({record.path}: "
            f"{record.entry.title}); if yours is a different work, choose another --id",
            1,
        )


def _ask(question: scaffold.Question, vocab) -> object:
    """Prompt until the answer is usable; ``?`` lists the question's vocabulary."""
    while True:
        answer = typer.prompt(question.label, default="", show_default=False)
        if answer.strip() == LIST_KEYS and question.vocab:
            _print_keys(vocab, question.vocab)
            continue
        try:
            return question.parse(answer)
        except ValueError as exc:
            err.print(line(("error", "red"), ": ", str(exc)))


def _print_keys(vocab, name: str) -> None:
    """Every key of a vocabulary with its name, one per line."""
    out.print(line((f"Keys of data/vocab/{name}.yml:", "bold")))
    for key, item in vocab.table(name).items():
        out.print(line(f"  {key}", ("  " + (getattr(item, "name", None) or item.label), "dim")))


@app.command()
def export(
    fmt: Annotated[Format, typer.Option("--format", "-f", help="The file format.")] = Format.json,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Export every entry as JSON, CSV or BibTeX."""
    if output is not None:
        _check_output(output)
    project = _project(data_dir)
    catalogue = _load(project)
    text = exports.FORMATS[fmt.value](catalogue, project.site_url)
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror}", 2)
    err.print(line(f"Wrote {len(catalogue.records)} entries to ", str(output)))


def _check_output(path: Path) -> None:
    """Exit 2 unless ``path`` can be a file to write: its folder exists, it is no folder."""
    if path.is_dir():
        _fail(f"{path} is a folder; give a file name", 2)
    if not path.parent.is_dir():
        _fail(f"cannot write {path}: the folder {path.parent} does not exist", 2)


@app.command()
def stats(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Counts per kind, per facet (modality, direction, LLM role, venue) and per year."""
    cat = _load(_project(data_dir))
    # (JSON key, table title, first column, counts)
    sections = [("kinds", "Kinds", "kind", {KIND[k].plural: n for k, n in cat.counts.items()})]
    for facet in FACETS:
        items, index = cat.items(facet.key), cat.index(facet.key)
        counts = {facet.label(items[k]): len(v) for k, v in index.items()}
        sections.append((facet.vocab, facet.title, facet.singular, counts))
    years = Counter(r.entry.year for r in cat.of_kind("paper") if r.entry.year)
    sections.append(("papers_per_year", "Papers per year", "year", dict(sorted(years.items()))))
    facts = coverage.coverage(cat)
    if as_json:
        data = {key: counts for key, _, _, counts in sections}
        data["coverage"] = {c.label: {"have": c.have, "total": c.total} for c in facts}
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    shares = {c.label: f"{c.have} of {c.total} ({c.percent}%)" for c in facts}
    sections.append(("coverage", "Coverage of researched facts", "fact", shares))
    for _, title, column, counts in sections:
        table = Table(title=title, title_justify="left")
        table.add_column(column)
        table.add_column("count", justify="right")
        for key, value in counts.items():
            table.add_row(line(str(key)), line(str(value)))
        out.print(table)


@app.command()
def links(
    report: Annotated[
        Path | None, typer.Option(help="Also write a Markdown report of dead links here.")
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for each answer.")] = 15.0,
    data_dir: DataDir = None,
) -> None:
    """Check every external link (needs the network; CI runs it weekly, not in tests)."""
    if report is not None:
        _check_output(report)
    found = linkcheck.collect_links(_load(_project(data_dir)))
    dead = linkcheck.check_links(found, timeout=timeout)
    if report is not None:
        try:
            report.write_text(linkcheck.report_markdown(dead, len(found)), encoding="utf-8")
        except OSError as exc:
            _fail(f"cannot write {report}: {exc.strerror}", 2)
    for link in dead:
        parts = ((link.path, "bold"), ": ", (link.field, "cyan"), ": ", (link.problem, "red"))
        err.print(line(*parts, " ", link.url))
    if dead:
        err.print(line((f"{len(dead)} of {len(found)} links are dead.", "red")))
        raise typer.Exit(1)
    out.print(line(("OK", "green"), f": all {len(found)} links answered."))


def _write_or_check(root: Path, files: dict[Path, str], check: bool, command: str) -> None:
    stale = [p for p, text in files.items() if _current(p) != text]
    if check:
        for path in stale:
            err.print(line((f"{path.relative_to(root)} is out of date", "red"),
                           f": run `biofm {command}`."))  # fmt: skip
        if stale:
            raise typer.Exit(1)
        names = ", ".join(str(p.relative_to(root)) for p in files)
        out.print(line(("OK", "green"), f": {names} up to date."))
        return
    for path, text in files.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            _fail(f"cannot write {path.relative_to(root)}: {exc.strerror}", 1)
    out.print(line(f"Wrote {len(stale)} of {len(files)} file(s)."))


def _current(path: Path) -> str | None:
    """The text of a generated file, or None when it is missing or unreadable."""
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


@app.command()
def readme(check: Check = False, data_dir: DataDir = None) -> None:
    """Write LIST.md, the awesome list, from the data."""
    project = _project(data_dir)
    text = awesome.render_list(_load(project), project.site_url)
    _write_or_check(project.root, {project.list_file: text}, check, "readme")


@app.command()
def schema(check: Check = False, data_dir: DataDir = None) -> None:
    """Write the JSON Schema of each entry kind to docs/schema/."""
    project = _project(data_dir)
    files = jsonschema.render_all(_load(project).vocab)
    target = project.schema_dir
    _write_or_check(project.root, {target / n: text for n, text in files.items()}, check, "schema")


@app.command("import-list")
def import_list(
    path: Annotated[
        Path,
        typer.Argument(help="An awesome list in the original README's format.", dir_okay=False),
    ],
    apply: Annotated[
        bool,
        typer.Option("--apply", help="Write the new entries and apply the differences."),
    ] = False,
    data_dir: DataDir = None,
) -> None:
    """Compare an awesome list with the catalogue: present, changed, possible, new."""
    project = _project(data_dir)
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}", 2)
    catalogue = _load(project)
    plan = importer.plan(text, path.as_posix(), catalogue)
    for parts in import_report.lines(plan):
        out.print(line(*parts))
    if not apply:
        if plan.problems:
            _report(plan.problems)
            raise typer.Exit(1)
        return
    done = importer.apply(plan, catalogue, project.data_dir, lambda d: _read(d)[1])
    if done.problems:
        _report(done.problems)
        err.print(line(("Nothing was written.", "red")))
        raise typer.Exit(1)
    for parts in import_report.applied(done):
        out.print(line(*parts))
