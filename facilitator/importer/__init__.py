"""Import a chair's script (主持词, plain text or .docx) as an agenda dict, and write it as YAML.

>>> agenda = import_script(Path("script.txt"))      # doctest: +SKIP
>>> print(dump_agenda_yaml(agenda))                 # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from facilitator.importer.docx import is_docx, read_docx_paragraphs
from facilitator.importer.text import (
    ScriptImportError,
    decode_script_bytes,
    parse_paragraphs,
    read_text_paragraphs,
    split_paragraphs,
)
from facilitator.importer.yaml_out import dump_agenda_yaml

__all__ = [
    "ScriptImportError",
    "decode_script_bytes",
    "dump_agenda_yaml",
    "import_script",
    "parse_paragraphs",
    "read_script_paragraphs",
    "split_paragraphs",
]


def read_script_paragraphs(path: Path) -> list[str]:
    """The paragraphs of a script file: .docx by content (not only by name), else text."""
    path = Path(path)
    if path.is_dir():
        raise ScriptImportError(path, "is a directory, not a script file")
    if not path.exists():
        raise ScriptImportError(path, "no such file")
    if path.suffix.lower() == ".docx" or is_docx(path):
        return read_docx_paragraphs(path)
    return read_text_paragraphs(path)


def import_script(path: Path) -> dict[str, Any]:
    """Turn a 主持词 file into an agenda dict in the shape of DESIGN.md's agenda YAML.

    Raises ScriptImportError (its message names the file) for anything that is not a readable
    script. The result has no planned times; ``facilitator check`` estimates reading times.
    """
    path = Path(path)
    paragraphs = read_script_paragraphs(path)
    if not paragraphs:
        raise ScriptImportError(path, "the script has no text")
    return parse_paragraphs(paragraphs, fallback_title=path.stem)
