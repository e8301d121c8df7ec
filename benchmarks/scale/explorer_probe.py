"""How fast the Explorer answers a reader, in Debian's Chromium.

The built site's ``/explorer/`` is opened (served from 127.0.0.1 like the search probe);
once its data is loaded, each modality checkbox is clicked on and off, and a word is typed
one key at a time into the text filter. Timed is each event to the next painted frame
(the handler's work, style, layout and paint: what a reader waits for; at least one frame
interval, 16.7 ms at 60 Hz) and, apart, the handler's own script time, in the page with
``performance.now()``. Reported are the medians and the slowest.
"""

from __future__ import annotations

import statistics
from pathlib import Path

from search_probe import CHROMIUM, FLAGS, serve

WORD = "pretraining"
# One event, then wait for the frame that shows its result.
MEASURE = """async ({kind, selector, value}) => {
  const frame = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  const target = document.querySelector(selector);
  await frame();
  const start = performance.now();
  if (kind === "click") target.click();
  else { target.value = value; target.dispatchEvent(new Event("input", {bubbles: true})); }
  const script = performance.now() - start;
  await frame();
  return [script, performance.now() - start];
}"""


def probe(site: Path) -> dict | None:
    """Median and slowest milliseconds per facet click and per keystroke; None without
    an Explorer."""
    if not (site / "explorer" / "index.html").exists():
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw, serve(site) as base:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "explorer/")
        page.locator(".atlas-ex--live").wait_for(timeout=120_000)
        page.locator("#atlas-ex-filters").evaluate("d => { d.open = true; }")
        boxes = page.locator("input[type=checkbox][name=modality]")
        clicks: list[list[float]] = []
        for i in range(boxes.count()):
            value = boxes.nth(i).get_attribute("value")
            selector = f"input[type=checkbox][name=modality][value='{value}']"
            for _ in range(2):  # on, then off again
                clicks.append(page.evaluate(MEASURE, {"kind": "click", "selector": selector}))
        keys = [
            page.evaluate(MEASURE, {"kind": "key", "selector": "#atlas-ex-text", "value": WORD[:n]})
            for n in range(1, len(WORD) + 1)
        ]
        status = page.locator("#atlas-ex-status").inner_text()
        browser.close()
    result = {"clicks": len(clicks), "keys": len(keys), "status": status}
    for name, times in (("click", clicks), ("key", keys)):
        result[f"{name}_script_ms"] = statistics.median(t[0] for t in times)
        result[f"{name}_ms"] = statistics.median(t[1] for t in times)
        result[f"{name}_max_ms"] = max(t[1] for t in times)
    return result


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(probe(Path(sys.argv[1])), indent=2))
