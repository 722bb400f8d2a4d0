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
    not_a_script,
    parse_paragraphs,
    split_paragraphs,
)
from facilitator.importer.yaml_out import dump_agenda_yaml
from facilitator.inputs import DOCX, SCRIPT, InputError, read_input, too_large

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
    """The paragraphs of a script file: .docx by content (not only by name), else text.

    The file is read once, within its limit (a text script 1 MiB, a .docx 20 MiB; a file that
    starts like a zip counts as a .docx), and only a regular file: a FIFO or a device is refused.
    """
    path = Path(path)
    named_docx = path.suffix.lower() == ".docx"
    try:
        data = read_input(path, DOCX if named_docx else SCRIPT, by_magic={b"PK\x03\x04": DOCX})
    except InputError as error:
        raise ScriptImportError(path, error.reason) from None
    if named_docx or is_docx(data):
        return read_docx_paragraphs(path, data)
    if len(data) > SCRIPT.limit:  # a zip that is not a Word document
        raise ScriptImportError(path, too_large(len(data), SCRIPT))
    return split_paragraphs(decode_script_bytes(data, path))


def import_script(path: Path) -> dict[str, Any]:
    """Turn a 主持词 file into an agenda dict in the shape of DESIGN.md's agenda YAML.

    Raises ScriptImportError (its message names the file) for anything that is not a readable
    script. The result has no planned times; ``facilitator check`` estimates reading times.
    """
    path = Path(path)
    paragraphs = read_script_paragraphs(path)
    if not paragraphs:
        raise ScriptImportError(path, "the script has no text")
    reason = not_a_script(paragraphs)
    if reason is not None:
        raise ScriptImportError(path, reason)
    return parse_paragraphs(paragraphs, fallback_title=path.stem)
