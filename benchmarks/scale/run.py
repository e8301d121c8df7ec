"""Scale benchmark: build the site with N synthetic entries added to the real data.

Measures, in one run and on the same machine, the real catalogue's build and the build
with N extra papers: wall time, peak memory of the build process, size of the search
index a reader downloads before the first query, and the time to load and validate the
data alone. Writes benchmarks/scale/results.md. Not a test: the machine is noisy; compare
the ratios, not single numbers.

    .venv/bin/python benchmarks/scale/run.py --entries 10000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
TARGETS = {"build_s": 30.0, "rss_mb": 500.0, "search_mb": 1.0, "explorer_mb": 1.5}
MODALITIES = ["ecg", "eeg", "ppg", "imu", "emg", "resp", "eda", "pcg"]
DIRECTIONS = ["pretraining", "tsfm-adaptation", "llm", "other-related"]


def synthesise(data: Path, count: int, seed: int = 7) -> None:
    """Add ``count`` valid, distinct papers to a copy of the data directory."""
    rng = random.Random(seed)
    for i in range(count):
        directions = rng.sample(DIRECTIONS, rng.choice([1, 1, 2]))
        entry = {
            "title": f"Synthetic Biosignal Foundation Model {i:05d}",
            "venue": rng.choice(["arxiv", "neurips", "icml", "iclr"]),
            "year": 2019 + i % 7,
            # arXiv numbers 9xxxx are not used by the real catalogue.
            "links": {"paper": f"https://arxiv.org/abs/{19 + i % 7}{1 + i % 12:02d}.9{i:04d}"},
            "modalities": rng.sample(MODALITIES, rng.choice([1, 2, 3])),
            "directions": directions,
            "description": "A synthetic entry that exists to measure the build at scale.",
            "added": "2026-11-28",
        }
        if "llm" in directions:
            entry["llm_roles"] = [rng.choice(["backbone", "knowledge", "fusion", "agent"])]
        (data / "papers" / f"synthetic-{i:05d}.yml").write_text(yaml.safe_dump(entry))


def measure(data: Path, site: Path) -> dict:
    """Build once in a fresh process; wall time, peak RSS, search index size, load time."""
    env = {**os.environ, "ATLAS_DATA_DIR": str(data), "NO_MKDOCS_2_WARNING": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"),
         "-d", str(site)],
        check=True, env=env, cwd=ROOT,
    )  # fmt: skip
    wall = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    load = subprocess.run(
        [sys.executable, "-c", "import sys,time;from pathlib import Path;"
         "from biofm.loader import load_catalogue as l;t=time.perf_counter();"
         "c=l(Path(sys.argv[1]));print(time.perf_counter()-t, len(c.records))", str(data)],
        check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    return {
        "entries": int(load[1]),
        "build_s": wall,
        "rss_mb": max(rss, before) / 1024,  # ru_maxrss is in KiB on Linux
        "rss_is_exact": rss > before,
        "search_mb": (site / "search" / "search_index.json").stat().st_size / 2**20,
        "explorer_mb": (site / "explorer.json").stat().st_size / 2**20,
        "load_s": float(load[0]),
        "pages": sum(1 for _ in site.rglob("index.html")),
    }


def report(real: dict, big: dict, count: int) -> str:
    rows = [
        ("Entries", "entries", "{:.0f}"),
        ("HTML pages", "pages", "{:.0f}"),
        ("Build wall time (s)", "build_s", "{:.1f}"),
        ("Load and validate data (s)", "load_s", "{:.2f}"),
        ("Peak memory of the build (MB)", "rss_mb", "{:.0f}"),
        ("Search index before the first query (MB)", "search_mb", "{:.2f}"),
        ("Explorer data, explorer.json (MB)", "explorer_mb", "{:.2f}"),
    ]
    lines = [
        "# Scale benchmark",
        "",
        "Written by `benchmarks/scale/run.py`; do not edit by hand.",
        "",
        f"- Date: {dt.date.today().isoformat()}; {os.cpu_count()} cores; "
        f"Python {platform.python_version()}",
        f"- Synthetic papers added: {count}",
        "",
        "| Measure | Real data | With synthetic entries | Ratio | Target |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for label, key, fmt in rows:
        ratio = big[key] / real[key] if real[key] else float("nan")
        target = TARGETS.get(key)
        verdict = ""
        if target is not None:
            verdict = f"< {target:g} {'met' if big[key] < target else '**not met**'}"
        lines.append(
            f"| {label} | {fmt.format(real[key])} | {fmt.format(big[key])} | {ratio:.1f}x "
            f"| {verdict} |"
        )
    per_entry = (big["build_s"] - real["build_s"]) / max(big["entries"] - real["entries"], 1)
    lines += ["", f"Marginal build cost: {per_entry * 1000:.2f} ms per added entry.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--output", type=Path, default=Path(__file__).with_name("results.md"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        real = measure(ROOT / "data", tmp / "site-real")
        shutil.copytree(ROOT / "data", tmp / "data")
        synthesise(tmp / "data", args.entries)
        big = measure(tmp / "data", tmp / "site-big")
    text = report(real, big, args.entries)
    args.output.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
