"""Write an agenda dict as human-editable YAML that loads back to the same dict."""

from __future__ import annotations

import re
import unicodedata
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


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value or _cells(value) > _BLOCK_WIDTH:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_AgendaDumper.add_representer(str, _represent_str)


def _cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_SECTION = re.compile(r"^(?:meeting|opening|items|closing):", re.MULTILINE)
_ITEM = re.compile(r"^  - title:", re.MULTILINE)


def dump_agenda_yaml(data: dict[str, Any], *, header: str | None = None) -> str:
    """YAML text for an agenda dict: keys in the given order, Chinese unescaped.

    A blank line separates the top-level sections and the agenda items, and ``header`` (if
    given) becomes ``#`` comment lines at the top. ``yaml.safe_load`` of the result equals
    ``data``.
    """
    text = yaml.dump(
        data,
        Dumper=_AgendaDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10_000,  # never fold a line: a wrapped sentence is harder to edit than a long one
        indent=2,
    )
    text = _SECTION.sub(lambda m: "\n" + m.group(0), text)
    text = _ITEM.sub(lambda m: "\n" + m.group(0), text).replace("items:\n\n", "items:\n")
    if header:
        comment = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
        text = comment + text
    return text
