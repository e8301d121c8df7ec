#!/usr/bin/env bash
# Lighthouse scores of the built site, served on 127.0.0.1 only; writes results.md beside this
# script. Not a test: run it by hand (bash benchmarks/lighthouse/run.sh). See README.md here.
#
# Environment (all optional):
#   CHROME_PATH          the browser (default /usr/bin/chromium, Debian's Chromium)
#   PORT                 the local port to serve the site on (default: a free one)
#   LIGHTHOUSE_REPORTS   a folder to keep the raw Lighthouse JSON reports in (default: dropped)
#   PRESETS              which of Lighthouse's presets to run (default "mobile desktop"; mobile
#                        is Lighthouse's default: a phone with simulated slow 4G and CPU)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
PYTHON="$ROOT/.venv/bin/python"
CATEGORIES="performance,accessibility,best-practices,seo"
CHROME_FLAGS="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"

PRESETS="${PRESETS:-mobile desktop}"

# name|path of each audited page (the explorer only when the build has it).
PAGES=("home|/" "modality (EMG)|/modalities/emg/" "entry (PaPaGei)|/papers/papagei/")
OPTIONAL_PAGES=("explorer|/explorer/")

WORK="$(mktemp -d "${TMPDIR:-/tmp}/atlas-lighthouse.XXXXXX")"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say() { printf '%s\n' "$*" >&2; }
die() { say "run.sh: $*"; exit 1; }

[ -x "$PYTHON" ] || die "no $PYTHON: create the venv first (see the README's two commands)"
[ -x "$CHROME_PATH" ] || die "no browser at $CHROME_PATH (Debian: apt-get install chromium)"
command -v node >/dev/null && command -v npm >/dev/null || die "node and npm are needed"

# 1. Build the site into a temporary folder, exactly as CI does.
say "Building the site..."
if ! (cd "$ROOT" && NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict -d "$WORK/site") \
  >"$WORK/build.log" 2>&1; then
  cat "$WORK/build.log" >&2
  die "mkdocs build --strict failed"
fi

# 2. Install the pinned Lighthouse locally (node_modules/ here, git-ignored), unless present.
VERSION="$(node -p "require('$HERE/package.json').dependencies.lighthouse")"
INSTALLED="$(node -p "require('$HERE/node_modules/lighthouse/package.json').version" 2>/dev/null || true)"
if [ "$INSTALLED" != "$VERSION" ]; then
  say "Installing lighthouse@$VERSION into $HERE/node_modules..."
  (cd "$HERE" && npm install --no-audit --no-fund --save-exact "lighthouse@$VERSION") >&2
fi
LIGHTHOUSE="$HERE/node_modules/.bin/lighthouse"

# 3. Serve the site on the loopback interface only.
if [ -z "${PORT:-}" ]; then
  PORT="$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
fi
# Served as a static host serves it (serve.py: http.server plus gzip for text).
# -u: unbuffered, so its "Serving HTTP on ..." line shows that this server holds the port.
"$PYTHON" -u "$HERE/serve.py" --bind 127.0.0.1 "$PORT" --directory "$WORK/site" \
  >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 100); do
  grep -q "^Serving HTTP on 127.0.0.1 port $PORT " "$WORK/server.log" && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; die "http.server exited"; }
  sleep 0.1
done
grep -q "^Serving HTTP on" "$WORK/server.log" || die "http.server did not start on $BASE"
"$PYTHON" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=10)' \
  "$BASE/" || die "the local server does not answer on $BASE"

# 4. Run Lighthouse on each page, one at a time.
: >"$WORK/pages.tsv"
FAILED=0
for preset in $PRESETS; do
  case "$preset" in
    mobile) PRESET_ARGS=() ;;  # Lighthouse's default
    desktop) PRESET_ARGS=(--preset=desktop) ;;
    *) die "unknown preset $preset (mobile or desktop)" ;;
  esac
  for page in "${PAGES[@]}" "${OPTIONAL_PAGES[@]}"; do
    name="${page%%|*}"
    path="${page#*|}"
    slug="$preset-$(printf '%s' "$name" | tr -c 'a-zA-Z0-9' '-')"
    if [ ! -f "$WORK/site${path}index.html" ]; then
      say "Skipping $name: $path is not in this build"
      printf '%s\t%s\t%s\t%s\n' "$preset" "$name" "$path" "absent" >>"$WORK/pages.tsv"
      continue
    fi
    say "Lighthouse ($preset): $name ($BASE$path)..."
    if "$LIGHTHOUSE" "$BASE$path" \
      "${PRESET_ARGS[@]}" \
      --only-categories="$CATEGORIES" \
      --chrome-flags="$CHROME_FLAGS" \
      --no-enable-error-reporting \
      --output=json \
      --output-path="$WORK/$slug.json" \
      --quiet 2>"$WORK/$slug.log"; then
      printf '%s\t%s\t%s\t%s\n' "$preset" "$name" "$path" "$WORK/$slug.json" >>"$WORK/pages.tsv"
    else
      cat "$WORK/$slug.log" >&2
      say "Lighthouse ($preset) failed on $name"
      FAILED=1
      printf '%s\t%s\t%s\t%s\n' "$preset" "$name" "$path" "failed" >>"$WORK/pages.tsv"
    fi
  done
done

if [ -n "${LIGHTHOUSE_REPORTS:-}" ]; then
  mkdir -p "$LIGHTHOUSE_REPORTS"
  cp "$WORK"/*.json "$LIGHTHOUSE_REPORTS"/ 2>/dev/null || true
fi

# 5. Write results.md.
CHROMIUM_VERSION="$("$CHROME_PATH" --version 2>/dev/null | head -n 1)"
"$PYTHON" - "$WORK/pages.tsv" "$HERE/results.md" "$VERSION" "$CHROMIUM_VERSION" \
  "$(node --version)" "$BASE" "$CHROME_FLAGS" <<'EOF'
"""Turn the Lighthouse JSON reports into results.md."""

import datetime
import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

pages_tsv, out, lh_pin, chromium, node, base, flags = sys.argv[1:]
CATEGORIES = [
    ("performance", "Performance"),
    ("accessibility", "Accessibility"),
    ("best-practices", "Best practices"),
    ("seo", "SEO"),
]
SCORED = {"binary", "numeric", "metricSavings"}
MAX_ITEMS = 6


def cell(text) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def code(text, limit=160) -> str:
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return "`" + text.replace("`", "'") + "`"


def describe(item: dict) -> str | None:
    """One offending element, resource or message of an audit's details, briefly."""
    node = item.get("node")
    if isinstance(node, dict):
        label = node.get("nodeLabel") or ""
        snippet = node.get("snippet") or node.get("selector") or ""
        out = code(snippet)
        if label and label not in snippet:
            out += f" ({cell(label)[:80]})"
        why = [w.strip() for w in (node.get("explanation") or "").splitlines()[1:] if w.strip()]
        if why:
            out += f": {cell(why[0])[:200]}"
        return out
    if item.get("source") and item.get("description"):  # console messages
        where = (item.get("sourceLocation") or {}).get("url", "")
        return f"{item['source']}: {code(item['description'])}" + (f" at {where}" if where else "")
    for key in ("url", "source", "label", "description", "value"):
        value = item.get(key)
        if isinstance(value, dict):
            value = value.get("url") or value.get("value")
        if isinstance(value, str | int | float) and str(value).strip():
            return code(value)
    return None


def items_of(details: dict | None) -> list[dict]:
    if not details:
        return []
    items = details.get("items") or []
    flat = []
    for item in items:
        if not isinstance(item, dict):
            continue
        if item.get("type") in ("table", "list") or "items" in item:
            flat.extend(items_of(item))  # list details nest tables
        else:
            flat.append(item)
    return flat


def failing(report: dict, category: str) -> tuple[list[dict], list[str]]:
    """Audits of a category that cost points, and flagged audits that weigh nothing."""
    costly, weightless = [], []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        mode = audit.get("scoreDisplayMode")
        if mode == "error":
            costly.append(audit)
        elif mode in SCORED and audit.get("score") is not None and audit["score"] < 1:
            (costly if ref.get("weight", 0) > 0 else weightless).append(audit)
    return costly, [a["id"] for a in weightless]


rows, sections, outside, warnings = [], [], [], []
lh_versions, agents = set(), set()
for line in Path(pages_tsv).read_text().splitlines():
    preset, name, path, where = line.split("\t")
    label = f"{name} `{path}` ({preset})"
    if where in ("absent", "failed"):
        why = "not in this build (no such page yet)" if where == "absent" else "Lighthouse failed"
        rows.append(f"| {label} | {why} | | | |")
        continue
    report = json.loads(Path(where).read_text())
    lh_versions.add(report["lighthouseVersion"])
    agents.add(report["environment"].get("hostUserAgent", ""))
    warnings += [f"{label}: {w}" for w in report.get("runWarnings", [])]
    if report.get("runtimeError"):
        warnings.append(f"{label}: {report['runtimeError'].get('message')}")
    scores = []
    for key, title in CATEGORIES:
        score = report["categories"][key]["score"]
        scores.append("error" if score is None else str(round(score * 100)))
        if score is not None and score >= 1:
            continue
        costly, weightless = failing(report, key)
        lines = [f"### {label}: {title} {scores[-1]}", ""]
        for audit in costly:
            if audit.get("scoreDisplayMode") == "error":
                lines.append(f"- `{audit['id']}`: {audit['title']} — error: "
                             f"{cell(audit.get('errorMessage', ''))}")
                continue
            shown = f" ({cell(audit['displayValue'])})" if audit.get("displayValue") else ""
            lines.append(f"- `{audit['id']}`: {cell(audit['title'])}{shown}, "
                         f"score {round(audit['score'] * 100)}")
            items = [d for d in map(describe, items_of(audit.get("details"))) if d]
            lines += [f"  - {d}" for d in items[:MAX_ITEMS]]
            if len(items) > MAX_ITEMS:
                lines.append(f"  - … and {len(items) - MAX_ITEMS} more")
        if weightless:
            lines.append("- Also flagged, with no weight in the score: "
                         + ", ".join(f"`{i}`" for i in weightless))
        sections.append("\n".join(lines))
    rows.append(f"| {label} | " + " | ".join(scores) + " |")
    for request in report["audits"].get("network-requests", {}).get("details", {}).get("items", []):
        url = request.get("url", "")
        host = urlsplit(url).hostname
        if urlsplit(url).scheme in ("http", "https", "ws", "wss") and host != "127.0.0.1":
            outside.append(f"{label}: {url}")

today = datetime.datetime.now(datetime.UTC).date().isoformat()
doc = [
    "# Lighthouse results",
    "",
    "Written by `benchmarks/lighthouse/run.sh` (see README.md here); do not edit by hand.",
    "",
    f"- Date: {today}",
    f"- Lighthouse: {', '.join(sorted(lh_versions)) or lh_pin} (pinned {lh_pin}), Node {node}",
    f"- Browser: {chromium}" + (f" ({', '.join(sorted(agents))})" if agents else ""),
    "- Settings: Lighthouse's default mobile preset (a phone, simulated slow 4G and 4x slower "
    "CPU) and `--preset=desktop`, both with simulated throttling; categories performance, "
    "accessibility, best-practices and SEO; the site built with `mkdocs build --strict` and "
    f"served by `python3 -m http.server` on {base.rsplit(':', 1)[0]} only",
    f"- Chrome flags: `{flags}`",
    "",
    "| Page | Performance | Accessibility | Best practices | SEO |",
    "| --- | ---: | ---: | ---: | ---: |",
    *rows,
    "",
    "## Audits below 100",
    "",
    ("\n\n".join(sections) if sections else "None: every score is 100."),
    "",
    "## Requests outside 127.0.0.1",
    "",
    ("\n".join(f"- {u}" for u in outside) if outside
     else "None: every request of every audited page went to the local server."),
    "",
]
if warnings:
    doc += ["## Lighthouse warnings", "", *[f"- {cell(w)}" for w in warnings], ""]
Path(out).write_text("\n".join(doc), encoding="utf-8")
print(Path(out).read_text(encoding="utf-8"))
EOF
say "Wrote $HERE/results.md"
[ "$FAILED" = 0 ] || die "Lighthouse failed on at least one page (see above and results.md)"
