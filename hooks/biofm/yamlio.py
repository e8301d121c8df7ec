"""Strict, bounded YAML reading: safe loading, no duplicate keys, line numbers kept."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

try:
    from yaml._yaml import CParser  # libyaml, shipped in PyYAML's wheels
except ImportError:  # pragma: no cover - a PyYAML built without libyaml
    CParser = None

MAX_FILE_BYTES = 256 * 1024
MAX_NODES = 20_000
# Text (scalars, keys included, in UTF-8 bytes) a file may expand to once aliases are
# followed: no more than the largest file could hold without aliases.
MAX_EXPANDED_BYTES = MAX_FILE_BYTES
PARALLEL_FROM = 1000  # files; below this, starting worker processes costs more than it saves
MAX_DEPTH = 50  # nesting levels; the composer recurses, so deeper input would hit RecursionError
# What PyYAML's constructors raise on malformed values (``!!int abc``, ``!!bool maybe``,
# ``!!map x``, a 5000-digit integer) instead of a YAMLError.
_CONSTRUCT_ERRORS = (ArithmeticError, AttributeError, LookupError, TypeError, ValueError)
_KINDS = {bool: "true/false", int: "a number", float: "a number", type(None): "null"}
_KINDS |= {list: "a list", dict: "a mapping"}


class YamlProblem(Exception):
    """A file that cannot be turned into data; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message, line)  # both in args, so the problem pickles whole
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return self.message


@dataclass
class Parsed:
    """A parsed document and the line of each key path, e.g. ``("links", "paper") -> 7``."""

    data: Any
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)

    def line_of(self, loc: tuple[str | int, ...]) -> int | None:
        """The line of the longest prefix of ``loc`` that has one."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return None


class _Strict:
    """Loader checks on top of PyYAML's composer and safe constructor: refuses duplicate and
    non-text keys, deep nesting and alias bombs."""

    _nodes = 0
    _depth = 0
    _composed = 0  # nodes composed, aliases included

    def compose_node(self, parent, index):
        self._composed += 1
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                line = self.peek_event().start_mark.line + 1
                raise YamlProblem(f"nested more than {MAX_DEPTH} levels deep", line=line)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node, deep=False):
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise YamlProblem(f"document too large or too deeply aliased (over {MAX_NODES} nodes)")
        try:
            return super().construct_object(node, deep=deep)
        except _CONSTRUCT_ERRORS as exc:
            raise YamlProblem(
                f"cannot read a value tagged {node.tag!r}: {exc}", line=node.start_mark.line + 1
            ) from None

    def construct_yaml_timestamp(self, node):
        """A date-like scalar that is no date (``2026-13-45``) stays text for the schema."""
        try:
            return super().construct_yaml_timestamp(node)
        except _CONSTRUCT_ERRORS:
            return self.construct_scalar(node)

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, yaml.MappingNode):  # let SafeLoader raise its marked error
            return super().construct_mapping(node, deep=deep)
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                shown = f"{key_node.value!r} " if isinstance(key_node, yaml.ScalarNode) else ""
                kind = _KINDS.get(type(key), type(key).__name__)
                raise YamlProblem(
                    f"key {shown}is read as {kind}, not text; keys must be field names",
                    line=line,
                )
            if key in seen:
                raise YamlProblem(
                    f"duplicate key '{key}' (first on line {seen[key]})",
                    line=line,
                )
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


class _StrictLoader(_Strict, yaml.SafeLoader):
    """The pure-Python loader: its messages are the ones contributors read."""


class _FastLoader(_Strict, Composer, CParser, SafeConstructor, Resolver):
    """The same loader over libyaml's parser, eight times faster on the real data.
    Only documents it reads without any problem are taken from it; anything else is read
    again by :class:`_StrictLoader`, so every message comes from one parser."""

    def __init__(self, stream: str):
        CParser.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)


for _loader in (_StrictLoader, _FastLoader):
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _Strict.construct_yaml_timestamp)


def _record_lines(node: yaml.Node, path: tuple, out: dict) -> None:
    if not _is_empty(node):  # an empty value has no place of its own (the parsers differ)
        out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            out[(*path, key)] = key_node.start_mark.line + 1
            _record_lines(value_node, (*path, key), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*path, index), out)


def _is_empty(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.value == "" and not node.style


def _check_expansion(found: _Expansion) -> None:
    """Refuse a document whose aliases make it bigger or deeper than a file may be."""
    if found.nodes > MAX_NODES:
        raise YamlProblem(f"aliases expand to over {MAX_NODES} nodes")
    if found.text > MAX_EXPANDED_BYTES:
        raise YamlProblem(
            f"aliases expand to over {MAX_EXPANDED_BYTES} bytes of text; "
            "write the values out instead of repeating them"
        )
    if found.depth > MAX_DEPTH:
        raise YamlProblem(f"aliases nest the document more than {MAX_DEPTH} levels deep")


def _read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file, read without following a symbolic link or waiting on a
    pipe, and only up to the size limit."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise YamlProblem("is a symbolic link; data files must be real files") from None
        raise
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise YamlProblem("is not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise YamlProblem(f"file is {info.st_size} bytes; the limit is {MAX_FILE_BYTES}")
        raw = stream.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:  # grew while being read
        raise YamlProblem(f"file is over {MAX_FILE_BYTES} bytes; the limit is {MAX_FILE_BYTES}")
    return raw


# Files parsed in this process, by path, with the bytes they were parsed from; kept only
# under ``mkdocs serve`` (see :func:`keep_parsed`), never in a one-off build.
_KEPT: dict[str, tuple[bytes, Parsed]] | None = None


def keep_parsed(keep: bool = True) -> None:
    """Keep every file's parse for the life of the process (``mkdocs serve``): a file read
    again with the very same bytes is not parsed again. A file whose bytes changed is
    parsed afresh; a file that fails is never kept, so its problem is reported each time.
    ``keep=False`` drops what is kept. The parse is shared, so nothing may change it."""
    global _KEPT
    _KEPT = {} if keep else None


def read_yaml(path: Path) -> Parsed:
    """Read one YAML file strictly; raise :class:`YamlProblem` with a readable message."""
    raw = _read_regular_file(path)
    kept = _KEPT.get(str(path)) if _KEPT is not None else None
    if kept is not None and kept[0] == raw:
        return kept[1]
    parsed = _parse_bytes(raw)
    if _KEPT is not None:
        _KEPT[str(path)] = (raw, parsed)
    return parsed


def _parse_bytes(raw: bytes) -> Parsed:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlProblem(f"not valid UTF-8 (byte {exc.start})") from None
    if CParser is not None:
        try:
            return _parse(_FastLoader, text)
        except Exception:  # read again below, for the canonical message
            pass
    return _parse(_StrictLoader, text)


def _parse(loader_class: type, text: str) -> Parsed:
    try:
        loader = loader_class(text)  # the Python reader refuses control characters here
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise YamlProblem(
            f"contains the control character U+{exc.character:04X}, which YAML does not allow",
            line=line,
        ) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlProblem("file is empty")
        _check_expansion(_expansion(node, text, loader._composed))
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        # The context completes some problems: "expected a single document in the stream,
        # but found another document"; "while scanning a quoted scalar, found unexpected ...".
        said = ", ".join(part for part in (exc.context, exc.problem) if part) or str(exc)
        raise YamlProblem(f"YAML syntax error: {said}", line=line) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML error: {exc}") from None
    except _CONSTRUCT_ERRORS as exc:  # a constructor failing outside construct_object
        raise YamlProblem(f"cannot read the file: {exc}") from None
    finally:
        loader.dispose()
    lines: dict = {}
    _record_lines(node, (), lines)
    return Parsed(data=data, lines=lines)


@dataclass(frozen=True)
class _Expansion:
    """What a node expands to once aliases are followed (each total capped past its limit)."""

    nodes: int
    text: int  # bytes of scalar text, keys included
    depth: int


# Bytes of scalar text a byte of YAML can become: the escapes ``\L`` and ``\P`` write three
# bytes (U+2028, U+2029) with two characters; nothing else writes more than it reads.
_MAX_TEXT_GROWTH = 1.5


def _expansion(node: yaml.Node, text: str, composed: int) -> _Expansion:
    """What the document expands to: measured (:func:`_measure_expansion`) when it may hold
    an alias (``*name``), else known without a second walk over its nodes. Without aliases
    the document is what was composed: ``composed`` nodes, nested no deeper than
    ``compose_node`` allowed, and its scalar text, keys included, is at most
    :data:`_MAX_TEXT_GROWTH` times the file's size, which is checked to be under the limit."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if "*" in text or size * _MAX_TEXT_GROWTH > MAX_EXPANDED_BYTES:
        return _measure_expansion(node)
    return _Expansion(min(composed, MAX_NODES + 1), int(size * _MAX_TEXT_GROWTH), MAX_DEPTH)


def _measure_expansion(root: yaml.Node) -> _Expansion:
    """Measure the expanded document, each distinct node once (bounded work).

    Anchors come before their aliases, so in document order every alias meets a node
    already measured and the recursion stays as shallow as the file's own nesting.
    An alias inside the node it names (``a: &x [*x]``) would make an endless structure
    that later steps recurse into forever, so it is refused.
    """
    memo: dict[int, _Expansion] = {}
    open_nodes: set[int] = set()

    def measure(node: yaml.Node) -> _Expansion:
        key = id(node)
        if key in open_nodes:
            line = node.start_mark.line + 1
            raise YamlProblem("an alias refers to a node that contains it (endless)", line=line)
        if key in memo:
            return memo[key]
        open_nodes.add(key)
        if isinstance(node, yaml.ScalarNode):
            found = _Expansion(1, len(node.value.encode("utf-8", "surrogatepass")), 1)
        else:
            children = node.value
            if isinstance(node, yaml.MappingNode):
                children = [part for pair in node.value for part in pair]
            parts = [measure(child) for child in children]
            found = _Expansion(
                min(1 + sum(p.nodes for p in parts), MAX_NODES + 1),
                min(sum(p.text for p in parts), MAX_EXPANDED_BYTES + 1),
                min(1 + max((p.depth for p in parts), default=0), MAX_DEPTH + 1),
            )
        open_nodes.discard(key)
        memo[key] = found
        return found

    return measure(root)


def read_or_problem(path: Path) -> Parsed | YamlProblem:
    """:func:`read_yaml`, with a problem (or an unreadable file) returned, not raised."""
    try:
        return read_yaml(path)
    except YamlProblem as exc:
        return exc
    except OSError as exc:
        return YamlProblem(f"cannot be read: {exc.strerror}")


def read_many(paths: list[Path]) -> list[Parsed | YamlProblem]:
    """Read many files, in worker processes when there are enough to pay for them (not
    while parses are kept: the workers' parses would be lost)."""
    if len(paths) < PARALLEL_FROM or (os.cpu_count() or 1) < 2 or _KEPT is not None:
        return [read_or_problem(p) for p in paths]
    from concurrent.futures import ProcessPoolExecutor  # 30-40 ms to import: only when used

    with ProcessPoolExecutor() as pool:
        return list(pool.map(read_or_problem, paths, chunksize=128))
