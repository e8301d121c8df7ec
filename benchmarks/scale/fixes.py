"""What each build fix bought: the same synthetic catalogue built by several commits.

Each commit is exported with ``git archive`` into a temporary folder (no checkout, no
worktree) and builds the same data, one after the other, in one run:

    .venv/bin/python benchmarks/scale/fixes.py --entries 10000 BASE FIX1 FIX2 ...

Prints wall time, CPU time (user + system, steadier on a shared machine) and peak memory.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402
from run import run_child  # noqa: E402


def export(commit: str, dest: Path) -> Path:
    """The tree of ``commit`` unpacked into ``dest``."""
    archive = subprocess.run(
        ["git", "archive", commit], cwd=ROOT, check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("commits", nargs="+")
    parser.add_argument("--entries", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="atlas-fixes-") as tmp:
        tmp = Path(tmp)
        real = sum(1 for p in (ROOT / "data").glob("*/*.yml") if p.parent.name != "vocab")
        data = synthetic.make_data(tmp / "data", args.entries - real)
        print(f"| Commit | Wall (s) | CPU (s) | Peak memory (MB) |  ({args.entries:,} entries)")
        print("| --- | ---: | ---: | ---: |")
        for commit in args.commits:
            tree = export(commit, tmp / f"tree-{commit}")
            env = {**os.environ, "ATLAS_DATA_DIR": str(data), "NO_MKDOCS_2_WARNING": "1"}
            env["PYTHONPATH"] = str(tree / "hooks")
            cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(tree / "mkdocs.yml")]
            wall, rss, cpu = run_child([*cmd, "-d", str(tmp / "site")], env=env, cwd=tree)
            label = subprocess.run(
                ["git", "log", "-1", "--format=%h %s", commit], cwd=ROOT,
                capture_output=True, text=True, check=True,
            ).stdout.strip()[:70]  # fmt: skip
            print(f"| {label} | {wall:.1f} | {cpu:.1f} | {rss:.0f} |", flush=True)


if __name__ == "__main__":
    main()
