"""Strict, bounded YAML reading: safe loading, no duplicate keys, line numbers kept."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 256 * 1024
MAX_NODES = 20_000


class YamlProblem(Exception):
    """A file that cannot be turned into data; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


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


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys and counts nodes (alias bombs)."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._nodes = 0

    def construct_object(self, node, deep=False):
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise YamlProblem(f"document too large or too deeply aliased (over {MAX_NODES} nodes)")
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node, deep=False):
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise YamlProblem(
                    f"duplicate key '{key}' (first on line {seen[key]})",
                    line=line,
                )
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


def _record_lines(node: yaml.Node, path: tuple, out: dict) -> None:
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            out[(*path, key)] = key_node.start_mark.line + 1
            _record_lines(value_node, (*path, key), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*path, index), out)


def read_yaml(path: Path) -> Parsed:
    """Read one YAML file strictly; raise :class:`YamlProblem` with a readable message."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise YamlProblem(f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlProblem(f"not valid UTF-8 (byte {exc.start})") from None
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlProblem("file is empty")
        if _count_alias_expansion(node) > MAX_NODES:
            raise YamlProblem(f"aliases expand to over {MAX_NODES} nodes")
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise YamlProblem(f"YAML syntax error: {exc.problem or exc}", line=line) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML error: {exc}") from None
    finally:
        loader.dispose()
    lines: dict = {}
    _record_lines(node, (), lines)
    return Parsed(data=data, lines=lines)


def _count_alias_expansion(root: yaml.Node) -> int:
    """Nodes the document would expand to, with memoised subtrees (bounded work)."""
    memo: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in memo:
            return memo[key]
        memo[key] = 1  # cycles count once
        if isinstance(node, yaml.MappingNode):
            total = 1 + sum(size(k) + size(v) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            total = 1 + sum(size(v) for v in node.value)
        else:
            total = 1
        memo[key] = min(total, MAX_NODES + 1)
        return memo[key]

    return size(root)
