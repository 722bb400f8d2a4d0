"""Reading an input file without letting it exhaust the machine.

Every file the program is given (an agenda, a script, a .docx, a journal) comes in through
:func:`read_input`: it opens the path with ``O_NONBLOCK`` (so a FIFO cannot hang the open),
accepts regular files only (a FIFO, a device such as ``/dev/zero``, a directory or a socket is
refused by name), refuses a file larger than its kind's limit before reading a byte, and reads at
most ``limit + 1`` bytes, so a file that grows while it is read cannot blow the limit either.

The limits are generous for real use (README, "Limits"):

- an agenda: 4 MiB (a 5,000-step agenda is 0.5 MB with short lines, 3.5 MB with paragraphs as
  long as the sample meeting's);
- a text script: 1 MiB (about 350,000 Chinese characters: eight hours of reading aloud at 220
  a minute is about 100,000);
- a .docx script: 20 MiB on disk (pictures included), its contents checked separately
  (:mod:`facilitator.importer.docx`);
- a journal: 128 MiB (about 400,000 events; a long meeting writes a few thousand).

Pure Python, no Textual or Rich.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

__all__ = [
    "AGENDA",
    "DOCX",
    "JOURNAL",
    "SCRIPT",
    "InputError",
    "InputKind",
    "not_a_regular_file",
    "read_input",
    "size_text",
    "too_large",
]

KiB: Final = 1024
MiB: Final = 1024 * KiB


@dataclass(frozen=True)
class InputKind:
    """What a file is meant to be, for messages, and how large it may be."""

    noun: str
    """Used as "is a FIFO, not {noun}": "an agenda file", "a journal"."""
    limit: int
    """The largest size accepted, in bytes."""
    missing: str = "no such file"


AGENDA: Final = InputKind("an agenda file", 4 * MiB)
SCRIPT: Final = InputKind("a script file", 1 * MiB)
DOCX: Final = InputKind("a .docx script", 20 * MiB)
JOURNAL: Final = InputKind("a journal", 128 * MiB, missing="no such journal")


class InputError(Exception):
    """An input that is refused; ``str()`` is one line naming the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason


def size_text(size: int) -> str:
    """A size for people: ``512 bytes``, ``1.5 KiB``, ``2 MiB``, ``60.0 MiB``."""
    if size < KiB:
        return f"{size} bytes"
    for unit, factor in (("GiB", 1024 * MiB), ("MiB", MiB), ("KiB", KiB)):
        if size >= factor:
            value = size / factor
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"  # pragma: no cover


def _file_type(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def not_a_regular_file(path: Path | str) -> str | None:
    """What ``path`` is when it exists and is not a regular file ("a directory", "a FIFO", "a
    character device", ...), else None (a regular file, or nothing there yet). A stat, not an
    open: a FIFO cannot hang it. Symbolic links are followed, as writing would follow them."""
    try:
        return _file_type(Path(path).stat().st_mode)
    except OSError:  # nothing there (or unreadable): whoever opens it says why
        return None


def too_large(size: int, kind: InputKind) -> str:
    """The reason given for a file over its kind's limit."""
    return f"is {size_text(size)}; {kind.noun} may be at most {size_text(kind.limit)}"


def read_input(
    path: Path | str, kind: InputKind, *, by_magic: Mapping[bytes, InputKind] | None = None
) -> bytes:
    """The bytes of a regular file of at most ``kind.limit`` bytes; else :class:`InputError`.

    ``by_magic`` maps a file's first bytes to another kind (a script that is a zip, ``PK``, is a
    .docx, with the .docx limit), so a file is judged by what it is, not by its name.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputError(path, kind.missing) from None
    except IsADirectoryError:  # Windows cannot open a directory at all
        raise InputError(path, f"is a directory, not {kind.noun}") from None
    except OSError as error:
        raise InputError(path, f"cannot be read: {error.strerror or error}") from None
    try:
        info = os.fstat(fd)
        what = _file_type(info.st_mode)
        if what is not None:
            raise InputError(path, f"is {what}, not {kind.noun}")
        chunks: list[bytes] = []
        total = 0
        if by_magic:
            head = os.read(fd, max(len(magic) for magic in by_magic))
            chunks.append(head)
            total = len(head)
            kind = next((k for m, k in by_magic.items() if head.startswith(m)), kind)
        if info.st_size > kind.limit:
            raise InputError(path, too_large(info.st_size, kind))
        while total <= kind.limit:
            chunk = os.read(fd, min(MiB, kind.limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > kind.limit:  # it grew while being read
            raise InputError(path, f"grew past {size_text(kind.limit)} while being read")
        return b"".join(chunks)
    except OSError as error:
        raise InputError(path, f"cannot be read: {error.strerror or error}") from None
    finally:
        os.close(fd)
