"""Writing output files whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from facilitator.inputs import not_a_regular_file


class OutputExistsError(Exception):
    """The output file exists and ``--force`` was not given."""


class OutputNotAFileError(OutputExistsError):
    """The output names a directory, a FIFO, a device or a socket: never replaced, not even with
    ``--force`` (a rename would swap a named pipe or a device node for a file)."""


def check_output(path: Path) -> None:
    """Refuse, in one line, an output path that exists and is not a regular file."""
    what = not_a_regular_file(path)
    if what is not None:
        raise OutputNotAFileError(f"{path}: is {what}, not a file; name a file to write")


def _new_file_mode(path: Path) -> int:
    """The mode the output should have: the replaced file's, else what ``open()`` would give."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomically(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to a temporary file beside ``path``, fsync it, then rename it into place.

    A crash or a full disk leaves either the old file or the new one, never a partial file.
    Only a regular file is ever replaced (:func:`check_output`), ``force`` or not.
    """
    check_output(path)
    if path.exists() and not force:
        raise OutputExistsError(f"{path}: already exists; use --force to overwrite")
    directory = path.parent if str(path.parent) else Path()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise OSError(error.errno, f"{path}: cannot be written: {error.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):  # mkstemp makes 0600; exports are meant to be shared
                os.fchmod(handle.fileno(), _new_file_mode(path))
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temp_name).replace(path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
