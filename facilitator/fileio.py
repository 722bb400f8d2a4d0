"""Writing output files whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class OutputExistsError(Exception):
    """The output file exists and ``--force`` was not given."""


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
    """
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
