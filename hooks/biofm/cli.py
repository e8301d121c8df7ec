"""``biofm``: the contributor command-line tool.

Exit codes: 0 success; 1 the data has problems, a generated file is stale or a link is
dead; 2 the command was used wrongly (unknown option, bad value).
"""

from __future__ import annotations

import json
from collections import Counter
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from . import awesome, coverage, exports, jsonschema, linkcheck, plausibility, scaffold
from .catalogue import Catalogue
from .loader import load_catalogue
from .problems import CatalogueError, Problem
from .project import Project, ProjectError
from .registry import FACETS, KIND, KINDS

app = typer.Typer(
    help="Add, check and export entries of the Biosignal Foundation Model Atlas.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

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


def _relative(path: Path, data_dir: Path) -> str:
    """``path`` as the loader names it (relative to the data directory's parent)."""
    try:
        return path.resolve().relative_to(data_dir.resolve().parent).as_posix()
    except ValueError:
        return path.as_posix()


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        where = f"{problem.path}:{problem.line}" if problem.line else problem.path
        err.print(
            f"[bold]{where}[/]: [cyan]{problem.field}[/]: [red]{problem.message}[/]", markup=True
        )
    files = len({p.path for p in problems})
    err.print(
        f"[red]{len(problems)} problem{'s' * (len(problems) != 1)} "
        f"in {files} file{'s' * (files != 1)}.[/]"
    )


def _project(data_dir: Path | None) -> Project:
    """The project in the current directory (like mkdocs), or exit 2 saying why not."""
    try:
        return Project.find(data_dir=data_dir)
    except ProjectError as exc:
        err.print(f"Error: {exc}", markup=False)
        raise typer.Exit(2) from None


def _load(project: Project) -> Catalogue:
    """The catalogue, or exit 1 after listing every problem."""
    try:
        return load_catalogue(project.data_dir)
    except CatalogueError as exc:
        _report(exc.problems)
        raise typer.Exit(1) from None


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
    try:
        catalogue = load_catalogue(data_dir)
        problems: list[Problem] = []
    except CatalogueError as exc:
        catalogue, problems = None, exc.problems
    if paths:
        wanted = {_relative(p, data_dir) for p in paths}
        problems = [p for p in problems if p.path in wanted]
        problems += [
            Problem(_relative(p, data_dir), None, "(file)", "no such file")
            for p in paths
            if not p.exists()
        ]
    if problems:
        _report(problems)
        raise typer.Exit(1)
    warned = plausibility.warnings(catalogue)
    if paths:
        warned = [w for w in warned if w.path in wanted]
    for warning in warned:
        err.print(f"warning: {warning}", markup=False)
    checked = len(paths) if paths else len(catalogue.records)
    note = f" ({len(warned)} warning{'s' * (len(warned) != 1)})" if warned else ""
    out.print(f"[green]OK[/]: {checked} entr{'ies' if checked != 1 else 'y'} valid{note}.")


@app.command()
def new(
    title: Annotated[str | None, typer.Option(help="The paper's (or resource's) title.")] = None,
    kind: Annotated[Kind, typer.Option(help="The kind of entry.")] = Kind.paper,
    venue: Annotated[str | None, typer.Option(help="Venue key, e.g. arxiv.")] = None,
    year: Annotated[int | None, typer.Option(min=1950, max=2100)] = None,
    paper: Annotated[str | None, typer.Option(help="Paper link (http or https).")] = None,
    code: Annotated[str | None, typer.Option(help="Code link.")] = None,
    link: Annotated[str | None, typer.Option(help="Dataset/tool/benchmark link.")] = None,
    modality: Annotated[
        list[str] | None, typer.Option("--modality", "-m", help="Modality key; repeat.")
    ] = None,
    direction: Annotated[
        list[str] | None, typer.Option("--direction", "-d", help="Direction key; repeat.")
    ] = None,
    role: Annotated[
        list[str] | None, typer.Option("--role", "-r", help="LLM role key; repeat.")
    ] = None,
    description: Annotated[str | None, typer.Option(help="One-sentence note.")] = None,
    name: Annotated[str | None, typer.Option(help="The model's short name, e.g. LaBraM.")] = None,
    author: Annotated[
        list[str] | None, typer.Option("--author", "-a", help="An author's full name; repeat.")
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="URL where name and authors were read (needed with them).")
    ] = None,
    entry_id: Annotated[
        str | None, typer.Option("--id", help="File name id (default: from the title).")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Write a new commented entry file; prompts for what the options leave out."""
    kind = kind.value
    project = _project(data_dir)
    data_dir = project.data_dir
    catalogue = _load(project)
    vocab = catalogue.vocab
    title = title or typer.prompt("Title")
    needs_facets = kind == "paper"
    if not modality and kind != "tsfm" and kind not in ("survey", "benchmark"):
        modality = _ask_keys("Modalities", list(vocab.modalities))
    if needs_facets and not direction:
        direction = _ask_keys("Research directions", list(vocab.directions))
    links = {"paper": paper, "code": code}
    if link:
        links[KIND[kind].link] = link
    entry = scaffold.NewEntry(
        kind=kind, title=title, venue=venue, year=year, links=links,
        modalities=modality or [], directions=direction or [], llm_roles=role or [],
        description=description, name=name, authors=author or [], source=source,
    )  # fmt: skip
    entry_id = entry_id or scaffold.slugify(title)
    target = data_dir / entry.folder / f"{entry_id}.yml"
    if target.exists():
        err.print(f"[red]{_relative(target, data_dir)} already exists; choose another --id.[/]")
        raise typer.Exit(1)
    target.write_text(
        scaffold.render_entry(entry, entry_id), encoding="utf-8"
    )
    try:
        load_catalogue(data_dir)
    except CatalogueError as exc:
        target.unlink()
        _report(exc.problems)
        err.print("[red]Nothing was written.[/]")
        raise typer.Exit(1) from None
    out.print(f"[green]Wrote[/] {_relative(target, data_dir)}")


def _ask_keys(label: str, choices: list[str]) -> list[str]:
    answer = typer.prompt(f"{label} (comma-separated: {', '.join(choices)})")
    return [key.strip() for key in answer.split(",") if key.strip()]


@app.command()
def export(
    fmt: Annotated[Format, typer.Option("--format", "-f", help="The file format.")] = Format.json,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Export every entry as JSON, CSV or BibTeX."""
    project = _project(data_dir)
    catalogue = _load(project)
    text = exports.FORMATS[fmt.value](catalogue, project.site_url)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"Wrote {len(catalogue.records)} entries to {output}")


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
            table.add_row(str(key), str(value))
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
    found = linkcheck.collect_links(_load(_project(data_dir)))
    dead = linkcheck.check_links(found, timeout=timeout)
    if report is not None:
        report.write_text(linkcheck.report_markdown(dead, len(found)), encoding="utf-8")
    for link in dead:
        err.print(f"[bold]{link.path}[/]: [cyan]{link.field}[/]: [red]{link.problem}[/] {link.url}")
    if dead:
        err.print(f"[red]{len(dead)} of {len(found)} links are dead.[/]")
        raise typer.Exit(1)
    out.print(f"[green]OK[/]: all {len(found)} links answered.")


def _write_or_check(root: Path, files: dict[Path, str], check: bool, command: str) -> None:
    stale = [p for p, text in files.items() if not p.is_file() or p.read_text("utf-8") != text]
    if check:
        for path in stale:
            err.print(f"[red]{path.relative_to(root)} is out of date[/]: run `biofm {command}`.")
        if stale:
            raise typer.Exit(1)
        out.print(f"[green]OK[/]: {', '.join(str(p.relative_to(root)) for p in files)} up to date.")
        return
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    out.print(f"Wrote {len(stale)} of {len(files)} file(s).")


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
