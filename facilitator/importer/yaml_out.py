"""Write an agenda dict as human-editable YAML that loads back to the same dict."""

from __future__ import annotations

import io
import re
import unicodedata
from functools import cache
from typing import Any

import yaml

__all__ = ["dump_agenda_yaml"]

#: Strings wider than this (in terminal cells) are written as ``|`` blocks on their own lines.
_BLOCK_WIDTH = 80


class _AgendaDumper(yaml.SafeDumper):
    """A safe dumper that indents lists under their key and writes long text as ``|`` blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # PyYAML puts "- " level with the parent key by default; indented lists read better.
        super().increase_indent(flow, False)


#: libyaml's emitter (about ten times faster) where PyYAML was built with it; its lists sit
#: level with their key, so ``_indent_lists`` shifts them afterwards.
_FastDumper: type[yaml.CSafeDumper] | None = None
if getattr(yaml, "__with_libyaml__", False):

    class _CAgendaDumper(yaml.CSafeDumper):
        """libyaml's safe dumper with the same string representer."""

    _FastDumper = _CAgendaDumper


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value or _cells(value) > _BLOCK_WIDTH:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_AgendaDumper.add_representer(str, _represent_str)
if _FastDumper is not None:
    _FastDumper.add_representer(str, _represent_str)  # type: ignore[arg-type]


def _cells(text: str) -> int:
    if len(text) > _BLOCK_WIDTH or 2 * len(text) <= _BLOCK_WIDTH:
        return len(text) * (2 if len(text) > _BLOCK_WIDTH else 1)  # the answer is plain
    if max(text) > "\uffff":
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return len(text) + len(_wide_bmp().findall(text))


@cache
def _wide_bmp() -> re.Pattern[str]:
    """The wide and full-width characters of the BMP, as one character class (built once)."""
    ranges: list[str] = []
    start = None
    for code in range(0x10001):
        wide = code < 0x10000 and unicodedata.east_asian_width(chr(code)) in "WF"
        if wide and start is None:
            start = code
        elif not wide and start is not None:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(code - 1))}")
            start = None
    return re.compile("[" + "".join(ranges) + "]")


_SECTION = re.compile(r"^(?:meeting|opening|items|closing):", re.MULTILINE)
_ITEM = re.compile(r"^  - title:", re.MULTILINE)


def _dump(data: dict[str, Any], dumper: Any) -> str:
    return yaml.dump(
        data,
        Dumper=dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10_000,  # never fold a line: a wrapped sentence is harder to edit than a long one
        indent=2,
    )


_STR, _INT, _BOOL, _NULL = (f"tag:yaml.org,2002:{t}" for t in ("str", "int", "bool", "null"))


def _node(value: Any) -> yaml.Node:
    """The YAML node SafeRepresenter (with ``_represent_str``) would build, built directly:
    the representer's dispatch is most of a large dump's time."""
    if isinstance(value, str):
        block = "\n" in value or _cells(value) > _BLOCK_WIDTH
        return yaml.ScalarNode(_STR, value, style="|" if block else None)
    if isinstance(value, bool):
        return yaml.ScalarNode(_BOOL, "true" if value else "false")
    if isinstance(value, int):
        return yaml.ScalarNode(_INT, str(value))
    if value is None:
        return yaml.ScalarNode(_NULL, "null")
    if isinstance(value, list):
        return yaml.SequenceNode(
            "tag:yaml.org,2002:seq", [_node(v) for v in value], flow_style=False
        )
    if isinstance(value, dict):
        pairs = [(_node(k), _node(v)) for k, v in value.items()]
        return yaml.MappingNode("tag:yaml.org,2002:map", pairs, flow_style=False)
    raise TypeError(type(value).__name__)


def _dump_nodes(data: dict[str, Any], dumper: Any) -> str:
    """``_dump`` through libyaml, from nodes built by ``_node`` (any other type: ``_dump``)."""
    try:
        node = _node(data)
    except TypeError:
        return _dump(data, dumper)
    stream = io.StringIO()
    emitter = dumper(
        stream,
        allow_unicode=True,
        default_flow_style=False,
        width=10_000,
        indent=2,
        sort_keys=False,
    )
    emitter.open()
    emitter.serialize(node)
    emitter.close()
    return stream.getvalue()


def dump_agenda_yaml(data: dict[str, Any], *, header: str | None = None) -> str:
    """YAML text for an agenda dict: keys in the given order, Chinese unescaped.

    A blank line separates the top-level sections and the agenda items, and ``header`` (if
    given) becomes ``#`` comment lines at the top. ``yaml.safe_load`` of the result equals
    ``data``.
    """
    text = None
    if _FastDumper is not None and not _has_nested_lists(data):
        try:
            text = _indent_lists(_dump_nodes(data, _FastDumper))
        except UnicodeEncodeError:  # a lone surrogate: libyaml encodes, PyYAML's emitter need not
            text = None
    if text is None:
        text = _dump(data, _AgendaDumper)
    text = _SECTION.sub(lambda m: "\n" + m.group(0), text)
    text = _ITEM.sub(lambda m: "\n" + m.group(0), text).replace("items:\n\n", "items:\n")
    if header:
        comment = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
        text = comment + text
    return text


_BLOCK_START = re.compile(r"(?:^|[:-] )[|>][-+]?\d*$")


def _indent_lists(text: str) -> str:
    """Indent every block list two spaces under its key, as ``_AgendaDumper`` writes it.

    libyaml writes ``key:\n- item``; each line is shifted right by two spaces for every list it
    sits in. The content of ``|`` blocks moves with its parent and is never read as structure.
    """
    out: list[str] = []
    lists: list[int] = []  # columns of the "- " of the open lists
    block_parent: int | None = None  # indent of the line that opened a | block, while inside
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if block_parent is not None:
            if not stripped or indent > block_parent:
                out.append(" " * (2 * len(lists)) + line if stripped else line)
                continue
            block_parent = None
        if not stripped:
            out.append(line)
            continue
        item = stripped.startswith("- ") or stripped == "-"
        while lists and (lists[-1] > indent or (lists[-1] == indent and not item)):
            lists.pop()
        if item and (not lists or lists[-1] < indent):
            lists.append(indent)
        out.append(" " * (2 * len(lists)) + line)
        if _BLOCK_START.search(stripped):
            # "- |" opens a block for the item itself; "- key: |" for a key one level deeper.
            value = stripped[2:] if item else stripped
            block_parent = indent if value[:1] in "|>" else indent + (2 if item else 0)
    return "\n".join(out)


def _has_nested_lists(value: Any) -> bool:
    """A list right inside a list ("- - a"), which ``_indent_lists`` does not handle."""
    if isinstance(value, dict):
        return any(_has_nested_lists(v) for v in value.values())
    if isinstance(value, list):
        return any(isinstance(v, list) or _has_nested_lists(v) for v in value)
    return False
