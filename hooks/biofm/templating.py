"""The one Jinja environment factory: site pages, LIST.md and new entry files.

Data reaches templates only as context values, never as template source.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2

from .icons import icon
from .registry import FACET, FACETS, KIND, KINDS
from .schema import Paper

# Templates that are not part of the site (LIST.md, new entry files) ship with the package.
PACKAGE_TEMPLATES = Path(__file__).parent / "templates"


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the life of the process, keyed by the
    template's name and a checksum of its source (an edited template compiles afresh): a
    rebuild under ``mkdocs serve`` or the next test's renderer skips compiling."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(f"{bucket.key}:{bucket.checksum}")
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[f"{bucket.key}:{bucket.checksum}"] = bucket.bytecode_to_string()


_COMPILED: dict[str, _CompiledTemplates] = {}  # one cache per set of compile options


def environment(folder: Path, *, html: bool = True, **options: Any) -> jinja2.Environment:
    """A strict environment over ``folder``: autoescaped HTML unless ``html=False``."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=not html,
        bytecode_cache=_COMPILED.setdefault(repr((html, options)), _CompiledTemplates()),
        **options,
    )
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
