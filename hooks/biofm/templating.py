"""The one Jinja environment factory: site pages, LIST.md and new entry files.

Data reaches templates only as context values, never as template source.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2

from .icons import icon
from .registry import FACET, FACETS, KIND, KINDS
from .schema import Paper

# Templates that are not part of the site (LIST.md, new entry files) ship with the package.
PACKAGE_TEMPLATES = Path(__file__).parent / "templates"


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process and, given a folder, on disk
    for the next build (a checkout's ``.cache/biofm``, as Material's plugins keep theirs).
    Keyed by the template's name and a checksum of its source: an edited template
    compiles afresh. Files are written whole (temporary file, then rename), so builds
    running side by side never read half a file."""

    def __init__(self, folder: Path | None = None) -> None:
        self._code: dict[str, bytes] = {}
        self.folder = folder

    def _file(self, name: str) -> Path | None:
        return self.folder / f"{name}.jbc" if self.folder else None

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        name = f"{bucket.key}-{bucket.checksum}"
        code = self._code.get(name)
        path = self._file(name)
        if code is None and path is not None and path.is_file():
            code = self._code[name] = path.read_bytes()
        if code is not None:
            bucket.bytecode_from_string(code)  # a stale or foreign file only resets it

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        name = f"{bucket.key}-{bucket.checksum}"
        code = self._code[name] = bucket.bytecode_to_string()
        path = self._file(name)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as out:
                out.write(code)
            os.replace(out.name, path)
        except OSError:
            pass  # a read-only checkout builds, it only compiles again next time


_COMPILED: dict[tuple[str, str], CompiledTemplates] = {}  # per compile options and folder


def _compile_options(env: jinja2.Environment) -> str:
    """What a compiled template depends on besides its source."""
    names = (
        "block_start_string",
        "variable_start_string",
        "comment_start_string",
        "line_statement_prefix",
        "trim_blocks",
        "lstrip_blocks",
        "newline_sequence",
        "keep_trailing_newline",
        "optimized",
        "finalize",
    )
    options = {name: getattr(env, name) for name in names}
    options["finalize"] = getattr(options["finalize"], "__qualname__", None)
    options["autoescape"] = env.autoescape if isinstance(env.autoescape, bool) else "select"
    options["extensions"] = sorted(env.extensions)
    return hashlib.sha1(repr(sorted(options.items())).encode()).hexdigest()[:16]


def keep_compiled(env: jinja2.Environment, folder: Path | None = None) -> jinja2.Environment:
    """Give ``env`` the compiled-template cache for its options (on disk under ``folder``)."""
    options = _compile_options(env)
    where = folder / "templates" / options if folder else None
    env.bytecode_cache = _COMPILED.setdefault((options, str(where)), CompiledTemplates(where))
    return env


def environment(folder: Path, *, html: bool = True, **options: Any) -> jinja2.Environment:
    """A strict environment over ``folder``: autoescaped HTML unless ``html=False``."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=not html,
        **options,
    )
    keep_compiled(env)
    env.tests["contains"] = lambda seq, item: item in seq
    env.filters["si"] = si
    env.filters["number"] = number
    env.globals.update(
        kinds=KINDS,
        kind=KIND,
        facets=FACETS,
        facet=FACET,
        icon=icon,
        ssl_note=Paper.model_fields["ssl_not_claimed_fm"].description,
    )
    return env


_SI = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))


def si(number: float) -> str:
    """A count for reading: 369000000 -> '369M', 1.7e9 -> '1.7B', 2500 -> '2.5K', 200 -> '200'.

    Rounded to three significant digits before the unit is chosen, so 999,999 is '1M'
    (not '1e+03K')."""
    rounded = float(f"{number:.3g}")
    for size, suffix in _SI:
        if abs(rounded) >= size:
            return f"{rounded / size:g}{suffix}"
    return f"{number:.4g}"


def number(value: float) -> str:
    """A number with thousands separators and never in exponent form: 2500 -> '2,500',
    0.5 -> '0.5', 1234567.5 -> '1,234,567.5', 1e-7 -> '0.0000001'."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return format(Decimal(f"{value:.15g}"), ",f")
