"""How long ``mkdocs serve`` takes to show a one-file data edit.

``mkdocs serve`` runs over a copy of a data folder; once it serves, one entry's title is
replaced in its YAML file, and the entry's page is fetched until it shows the new title.
Timed is the edit to the first response with it: the file watcher, the rebuild and the
write. Done twice (the first rebuild after start-up may differ) and both are reported.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _wait_for(url: str, text: str, limit: float) -> float | None:
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if text in _fetch(url):
            return time.perf_counter() - start
        time.sleep(0.05)
    return None


def probe(data: Path, work: Path, entry_file: str, entry_url: str, base_path: str) -> dict:
    """Seconds from editing ``entry_file`` (relative to the data folder) to the served page."""
    copy = work / "serve-data"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(data, copy)
    port = _free_port()
    env = {**os.environ, "ATLAS_DATA_DIR": str(copy), "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}{base_path}{entry_url}"
    result: dict = {}
    try:
        result["start_s"] = _wait_for(url, "<html", 300)
        path = copy / entry_file
        original = path.read_text("utf-8")
        for attempt in (1, 2):
            marker = f"Edited{attempt}{int(time.time())}"
            lines = [
                f"title: {marker} title\n" if line.startswith("title: ") else line
                for line in original.splitlines(keepends=True)
            ]
            time.sleep(1.0)  # the watcher settles after the previous build
            path.write_text("".join(lines), "utf-8")
            result[f"edit_{attempt}_s"] = _wait_for(url, marker, 60)
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(copy, ignore_errors=True)
    return result
