"""Scale benchmark: the atlas against stock mkdocs-material, real data and synthetic sizes.

One command measures, in one run on one machine, the build of the real catalogue and of
the catalogue with 2,000, 10,000 and 50,000 entries (real data plus deterministic
synthetic papers, see ``synthetic.py``), and for each size a stock mkdocs-material build
of equivalent pre-rendered Markdown pages (``stock.py``): wall time, peak memory of the
build process, site size, page count, the largest page, the bytes a reader's first
search downloads, and the explorer's data when the site has one. Writes ``results.md``.

    PYTHONPATH=hooks .venv/bin/python benchmarks/scale/run.py            # all sizes
    PYTHONPATH=hooks .venv/bin/python benchmarks/scale/run.py --quick    # 2,000 only
    PYTHONPATH=hooks .venv/bin/python benchmarks/scale/run.py --sizes 10000 --profile

Not a test: the machine is shared and noisy; the ratios of one run are what compare.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import platform
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT / "hooks"), str(HERE)]

import explorer_probe  # noqa: E402
import search_bytes  # noqa: E402
import search_probe  # noqa: E402
import serve_probe  # noqa: E402
import stock  # noqa: E402
import synthetic  # noqa: E402

from biofm.loader import load_catalogue  # noqa: E402

SIZES = (2_000, 10_000, 50_000)
PROBE_UP_TO = 50_000  # browser probes (search, Explorer): real data and sizes up to this
BADGE = "ECG"
MB = 2**20


@dataclass
class Build:
    """One measured build: time, memory and what it wrote."""

    wall_s: float
    rss_mb: float
    cpu_s: float = 0.0  # user + system time of the build process: steadier on a shared machine
    site_mb: float = 0.0
    pages: int = 0
    largest_kb: float = 0.0
    largest: str = ""
    search_kb: float = 0.0
    search_how: str = ""
    explorer_kb: float | None = None


@dataclass
class Row:
    """One size: entries, the atlas build and the stock build of equivalent pages."""

    label: str
    entries: int
    atlas: Build
    stock: Build | None = None
    extra: dict = field(default_factory=dict)
    explorer: dict | None = None  # explorer_probe: click and keystroke latency
    serve: dict | None = None  # serve_probe: a data edit shown by `mkdocs serve` (real data)


def run_child(
    cmd: list[str], env: dict | None = None, cwd: Path = ROOT
) -> tuple[float, float, float]:
    """Run ``cmd``; its wall time (s), own peak resident memory (MB) and CPU time (s)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime  # maxrss in KiB


def site_stats(site: Path, build: Build) -> Build:
    """Fill in size, page count, largest page and search bytes of a built site."""
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    build.site_mb = sum(p.stat().st_size for p in files) / MB
    build.pages = len(pages)
    largest = max(pages, key=lambda p: p.stat().st_size)
    build.largest_kb = largest.stat().st_size / 1024
    build.largest = str(largest.relative_to(site))
    build.search_kb, build.search_how = search_bytes.first_query(site)
    explorer = site / "explorer.json"
    build.explorer_kb = explorer.stat().st_size / 1024 if explorer.exists() else None
    return build


def mkdocs_build(config: Path, site: Path, env: dict, profile: Path | None = None) -> Build:
    cmd = [sys.executable]
    if profile:
        cmd += ["-m", "cProfile", "-o", str(profile)]
    cmd += ["-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
    wall, rss, cpu = run_child(cmd, env=env, cwd=config.parent)
    return site_stats(site, Build(wall, rss, cpu))


def measure(label: str, data: Path, tmp: Path, with_stock: bool, profile: Path | None) -> Row:
    env = {**os.environ, "ATLAS_DATA_DIR": str(data), "NO_MKDOCS_2_WARNING": "1"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "hooks"), env.get("PYTHONPATH", "")])
    cat = load_catalogue(data)
    print(f"[{label}] {len(cat.records)} entries: atlas build", flush=True)
    atlas = mkdocs_build(ROOT / "mkdocs.yml", tmp / f"site-{label}", env, profile)
    row = Row(label, len(cat.records), atlas)
    if len(cat.records) <= PROBE_UP_TO:
        row.extra = probe_search(cat, tmp / f"site-{label}")
        print(f"[{label}] explorer clicks and keystrokes in Chromium", flush=True)
        row.explorer = explorer_probe.probe(tmp / f"site-{label}")
    if label == "real data":
        print(f"[{label}] mkdocs serve: a one-file data edit", flush=True)
        named = next(r for r in cat.records if getattr(r.entry, "name", None))
        entry_file = str(Path(named.path).relative_to(Path(named.path).parts[0]))
        row.serve = serve_probe.probe(data, tmp, entry_file, named.url, site_path())
    if with_stock:
        print(f"[{label}] stock mkdocs-material build", flush=True)
        config = stock.write_stock_site(cat, tmp / f"stock-{label}")
        row.stock = mkdocs_build(config, tmp / f"stock-site-{label}", env)
        shutil.rmtree(config.parent)
        shutil.rmtree(tmp / f"stock-site-{label}")
    shutil.rmtree(tmp / f"site-{label}")
    return row


def probe_search(cat, site: Path) -> dict:
    """The atlas's header search in Chromium: a badge query and a model name."""
    named = next(r for r in reversed(cat.records) if getattr(r.entry, "name", None))
    badge_entries = sum(1 for r in cat.records if "ecg" in (r.get("modalities") or ()))
    out = {"name": named.entry.name, "badge_entries": badge_entries}
    print(f"  search probes ({BADGE!r}, {named.entry.name!r})", flush=True)
    # Each as a reader's very first query, in its own browser; then the other one.
    name = search_probe.probe(site, named.entry.name, then=BADGE)
    badge = search_probe.probe(site, BADGE, then=named.entry.name)
    first = name["first"][0] if name["first"] else ""
    out["atlas"] = {
        "kb": name["kb"],
        "ms": name["ms"],
        "badge_kb": badge["kb"],
        "badge_ms": badge["ms"],
        "badge_count": badge["count"],
        "later_ms": [badge["later_ms"], name["later_ms"]],  # the name later, the badge later
        "name_first": f"/{named.url}" in first or first.endswith(named.url),
    }
    return out


def search_lines(rows: list[Row]) -> list[str]:
    lines = [
        "| First query | Entries | Name query: downloads (KB) | Name query to results (ms) "
        "| Name ranks its entry first | Badge query: downloads (KB) | Badge query to results (ms) "
        "| Badge results listed / entries with it | Later query to results: name / badge (ms) |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        m = r.extra.get("atlas")
        if m:
            lines.append(
                f"| atlas | {r.entries:,} | {m['kb']:.0f} | {m['ms']:.0f} "
                f"| {'yes' if m['name_first'] else 'no'} ({r.extra['name']}) "
                f"| {m['badge_kb']:.0f} | {m['badge_ms']:.0f} "
                f"| {m['badge_count']} / {r.extra['badge_entries']} "
                f"| {m['later_ms'][0]:.0f} / {m['later_ms'][1]:.0f} |"
            )
    return lines


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "n/a"


def table(rows: list[Row]) -> list[str]:
    head = "| Measure | " + " | ".join(r.label for r in rows) + " |"
    lines = [head, "| --- |" + " ---: |" * len(rows)]

    def line(name: str, cell) -> None:
        lines.append(f"| {name} | " + " | ".join(cell(r) for r in rows) + " |")

    def stock_cell(fn):
        return lambda r: fn(r) if r.stock else "-"

    line("Entries", lambda r: f"{r.entries:,}")
    line(
        "HTML pages (atlas / stock)",
        lambda r: f"{r.atlas.pages:,} / {r.stock.pages:,}" if r.stock else f"{r.atlas.pages:,}",
    )
    line("Atlas build wall time (s)", lambda r: f"{r.atlas.wall_s:.1f}")
    line("Stock Material build (s)", stock_cell(lambda r: f"{r.stock.wall_s:.1f}"))
    line(
        "**Time ratio atlas / stock** (target <= 0.6)",
        stock_cell(lambda r: _ratio(r.atlas.wall_s, r.stock.wall_s)),
    )
    line("Atlas build CPU time (s)", lambda r: f"{r.atlas.cpu_s:.1f}")
    line("Stock build CPU time (s)", stock_cell(lambda r: f"{r.stock.cpu_s:.1f}"))
    line("CPU time ratio atlas / stock", stock_cell(lambda r: _ratio(r.atlas.cpu_s, r.stock.cpu_s)))
    line("Atlas peak memory (MB)", lambda r: f"{r.atlas.rss_mb:.0f}")
    line("Stock peak memory (MB)", stock_cell(lambda r: f"{r.stock.rss_mb:.0f}"))
    line("Memory ratio atlas / stock", stock_cell(lambda r: _ratio(r.atlas.rss_mb, r.stock.rss_mb)))
    line("Atlas site size (MB)", lambda r: f"{r.atlas.site_mb:.1f}")
    line("Stock site size (MB)", stock_cell(lambda r: f"{r.stock.site_mb:.1f}"))
    line("Atlas largest page (KB)", lambda r: f"{r.atlas.largest_kb:.0f} (`{r.atlas.largest}`)")
    line("Atlas first search, fixed part (KB)", lambda r: f"{r.atlas.search_kb:.0f}")
    line("Stock first search downloads (KB)", stock_cell(lambda r: f"{r.stock.search_kb:.0f}"))
    line(
        "Explorer data (KB)",
        lambda r: (
            "not on this branch" if r.atlas.explorer_kb is None else f"{r.atlas.explorer_kb:.0f}"
        ),
    )
    line(
        "Explorer facet click, median ms to the painted frame (script)",
        lambda r: _latency(r.explorer, "click"),
    )
    line(
        "Explorer keystroke, median ms to the painted frame (script)",
        lambda r: _latency(r.explorer, "key"),
    )
    return lines


def _latency(probe: dict | None, what: str) -> str:
    if not probe:
        return "-"
    return (
        f"{probe[what + '_ms']:.0f} ({probe[what + '_script_ms']:.0f}; "
        f"slowest {probe[what + '_max_ms']:.0f})"
    )


def serve_lines(rows: list[Row]) -> list[str]:
    out = []
    for r in rows:
        if r.serve:
            times = [r.serve.get(f"edit_{n}_s") for n in (1, 2)]
            shown = " and ".join("not within 60" if t is None else f"{t:.1f}" for t in times)
            out.append(
                f"- `mkdocs serve` over the {r.label} (target: an edit shown within 2 s): "
                f"first served after {r.serve['start_s'] or 0:.1f} s; a one-file data edit "
                f"shown after {shown} s (two edits, edit to the first response with it)"
            )
    return out


def site_path() -> str:
    """The path part of mkdocs.yml's site_url, where `mkdocs serve` serves the site."""
    from urllib.parse import urlsplit

    from biofm.project import Project

    return urlsplit(Project.find(ROOT).site_url or "/").path or "/"


def growth(rows: list[Row]) -> list[str]:
    by = {r.entries: r for r in rows}
    sized = sorted(r for r in by if r > 1000)
    out = []
    for small, big in itertools.pairwise(sized):
        a, b = by[small].atlas, by[big].atlas
        out.append(
            f"- {small:,} -> {big:,} entries ({big / small:.1f}x): "
            f"wall time {b.wall_s / a.wall_s:.2f}x, CPU time {b.cpu_s / a.cpu_s:.2f}x, "
            f"memory {b.rss_mb / a.rss_mb:.2f}x"
        )
    return out


def machine() -> str:
    load = os.getloadavg()
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(
        line.split()[1]
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return (
        f"{os.cpu_count()} cores ({cpu}), {int(mem) / 2**20:.0f} GiB, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}; "
        f"load average at the start {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
        "(the machine is shared with other jobs)"
    )


def report(rows: list[Row], host: str, search: str) -> str:
    lines = [
        "## Measured",
        "",
        "Written by `benchmarks/scale/run.py`; the numbers below come from one run.",
        "",
        f"- Date: {dt.date.today().isoformat()}; machine: {host}",
        f"- First search: {search}",
        "",
        *table(rows),
        "",
        *growth(rows),
        *serve_lines(rows),
        "",
        f"Search probes in Chromium (badge query {BADGE!r}; Pagefind over entry pages only):",
        "",
        *search_lines(rows),
        "",
    ]
    return "\n".join(lines)


def top_functions(profile: Path, count: int = 25) -> str:
    """The ``count`` functions with the most own time, as pstats prints them."""
    from io import StringIO

    out = StringIO()
    stats = pstats.Stats(str(profile), stream=out)
    stats.sort_stats("tottime").print_stats(count)
    out.write("\n")
    stats.sort_stats("cumulative").print_stats(count)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, SIZES)),
        help="comma-separated synthetic sizes (default: 2000,10000,50000)",
    )
    parser.add_argument("--quick", action="store_true", help="2,000 entries only")
    parser.add_argument("--no-stock", action="store_true", help="skip the stock builds")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="cProfile the largest atlas build; top functions to profile.txt",
    )
    parser.add_argument("--output", type=Path, default=HERE / "results.md")
    args = parser.parse_args()
    sizes = [2_000] if args.quick else [int(s) for s in args.sizes.split(",") if s]
    host = machine()
    rows = []
    with tempfile.TemporaryDirectory(prefix="atlas-scale-") as tmp:
        tmp = Path(tmp)
        rows.append(measure("real data", ROOT / "data", tmp, not args.no_stock, None))
        for size in sizes:
            data = synthetic.make_data(tmp / f"data-{size}", size - rows[0].entries)
            profile = tmp / "build.prof" if args.profile and size == max(sizes) else None
            rows.append(measure(f"{size:,}", data, tmp, not args.no_stock, profile))
            if profile:
                (HERE / "profile.txt").write_text(top_functions(profile), encoding="utf-8")
            shutil.rmtree(data.parent)  # keep the temporary folder small
            write_between_markers(args.output, report(rows, host, search_bytes.HOW))  # so far
    text = report(rows, host, search_bytes.HOW)
    write_between_markers(args.output, text)
    print(text)


START, END = "<!-- measured:start -->", "<!-- measured:end -->"


def write_between_markers(path: Path, text: str) -> None:
    """Replace the measured part of ``path`` (between the markers); the prose around stays."""
    old = path.read_text(encoding="utf-8") if path.exists() else f"{START}\n{END}\n"
    if START not in old or END not in old:
        old = f"{old}\n{START}\n{END}\n"
    head, rest = old.split(START, 1)
    tail = rest.split(END, 1)[1]
    path.write_text(f"{head}{START}\n{text}{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
