"""Writing an agenda back the way a person wrote it: comments, key order, quotes and ``|``
blocks kept (ruamel.yaml's round trip).

Reading for use stays with the safe loader (:func:`facilitator.agenda.load.parse_agenda`): this
module only edits a document and writes its text, and every text it writes is loaded and
validated by the safe loader before it is saved.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

PathKey = tuple[str | int, ...]


class RoundTripError(ValueError):
    """The text could not be read as a YAML mapping for editing."""


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.allow_unicode = True
    yaml.width = 4096  # never re-wrap a paragraph of the script
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load_document(text: str) -> CommentedMap:
    """The document as ruamel's round-trip mapping (comments attached)."""
    try:
        data = _yaml().load(text)
    except YAMLError as error:
        raise RoundTripError(f"not valid YAML: {error}") from None
    if not isinstance(data, CommentedMap):
        raise RoundTripError("an agenda is a mapping with meeting: and items:")
    return data


def dump_document(data: Any) -> str:
    """The document's text, comments and key order as they were."""
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def node_at(data: Any, path: PathKey) -> Any:
    """The node at ``path`` (keys and list indices)."""
    node = data
    for key in path:
        node = node[key]
    return node


def set_key(mapping: CommentedMap, key: str, value: Any, *, after: tuple[str, ...] = ()) -> None:
    """Set ``key``; a new key goes right after the first of ``after`` present, else last."""
    if key in mapping:
        mapping[key] = value
        return
    keys = list(mapping.keys())
    for anchor in after:
        if anchor in mapping:
            mapping.insert(keys.index(anchor) + 1, key, value)
            return
    mapping[key] = value


def plain(value: Any) -> Any:
    """A round-trip node as plain dicts, lists and scalars (for validation and comparison)."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, str):
        return str(value)
    return value


def new_map(**values: Any) -> CommentedMap:
    """A new mapping, keys in the order given."""
    mapping = CommentedMap()
    for key, value in values.items():
        mapping[key] = value
    return mapping


def new_seq(values: list[Any]) -> CommentedSeq:
    """A new list."""
    return CommentedSeq(values)
