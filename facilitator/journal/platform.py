"""What the journal needs from the operating system, in one small interface.

Four things differ between POSIX (Linux, macOS) and Windows:

- **the single-writer lock** on the open journal. POSIX: ``flock(LOCK_EX | LOCK_NB)`` on the
  whole file. Windows: ``msvcrt.locking(LK_NBLCK)`` on one byte at :data:`LOCK_OFFSET`, far past
  any journal's data, so the lock (mandatory on Windows) never blocks a reader. Either way the
  lock belongs to the open descriptor of the journal itself and dies with it (and with the
  process), so a crash never leaves it behind;
- **a positional read** of an open descriptor. POSIX: ``os.pread``. Elsewhere: ``lseek`` then
  ``read`` on the same descriptor, which is never shared with another reader at the same time
  (the follower's is private to one poll, the writer's rescue runs on the writer's thread);
- **opening for read without hanging on a FIFO**. POSIX: ``O_NONBLOCK``. Elsewhere: ``stat``
  first and refuse anything that is not a regular file before opening it;
- **the directory fsync** that makes a new file's name durable. POSIX: ``fsync`` on the
  directory. Windows has no such call (NTFS journals its own metadata): skipped.

:data:`POSIX` exists where ``fcntl`` does; :data:`PORTABLE` exists everywhere, and on Linux its
byte-range lock is an open-file-description lock (``F_OFD_SETLK``), which has Windows's
semantics (a byte range, held per open file, refused at once), so the tests run both here.
:data:`CURRENT` is chosen at import; :mod:`facilitator.journal.store` and
:mod:`facilitator.journal.follow` call only the module's functions, which use it.

Pure Python, no Textual or Rich.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path
from typing import Protocol

__all__ = [
    "BINARY",
    "CURRENT",
    "IMPLEMENTATIONS",
    "LOCK_OFFSET",
    "PORTABLE",
    "FileSystem",
    "LockHeld",
    "NotRegularFile",
    "fsync_dir",
    "lock",
    "open_read",
    "pread",
    "unlock",
]

BINARY = getattr(os, "O_BINARY", 0)
"""Windows opens files as text (``\\n`` written as ``\\r\\n``) unless told; 0 elsewhere."""

LOCK_OFFSET = 0x7FFF_FFFF
"""Where the byte-range lock sits: past the 128 MiB journal limit, within 32-bit offsets."""

_HELD = (errno.EACCES, errno.EAGAIN, errno.EWOULDBLOCK, getattr(errno, "EDEADLOCK", errno.EDEADLK))


class LockHeld(OSError):
    """Another open descriptor (another console) holds the journal's lock."""


class NotRegularFile(OSError):
    """The path names something that is not a regular file (said in :attr:`what`)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what
        """"a FIFO", "a directory", "a character device", …"""


class FileSystem(Protocol):
    """One platform's way of doing what the journal needs."""

    name: str

    def lock(self, fd: int) -> None:
        """Take the exclusive lock on ``fd`` at once, or raise :class:`LockHeld`."""

    def unlock(self, fd: int) -> None:
        """Release the lock taken on ``fd`` (closing it does too)."""

    def pread(self, fd: int, size: int, offset: int) -> bytes:
        """Up to ``size`` bytes at ``offset`` (fewer at the end of the file)."""

    def open_read(self, path: Path) -> int:
        """A descriptor for reading ``path``; a FIFO or device never makes this hang."""

    def fsync_dir(self, directory: Path) -> None:
        """Make the names in ``directory`` durable, where the platform can."""


def _what(mode: int) -> str | None:
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


def _held(error: OSError) -> bool:
    return error.errno in _HELD


class _Portable:
    """Windows's way, and what runs wherever a call below is missing."""

    name = "portable"

    def lock(self, fd: int) -> None:
        os.lseek(fd, LOCK_OFFSET, os.SEEK_SET)  # appends still go to the end (O_APPEND)
        try:
            _lock_range(fd)
        except OSError as error:
            if _held(error):
                raise LockHeld(error.errno, "locked by another process") from None
            raise

    def unlock(self, fd: int) -> None:
        os.lseek(fd, LOCK_OFFSET, os.SEEK_SET)
        _unlock_range(fd)

    def pread(self, fd: int, size: int, offset: int) -> bytes:
        os.lseek(fd, offset, os.SEEK_SET)
        return os.read(fd, size)

    def open_read(self, path: Path) -> int:
        what = _what(path.stat().st_mode)  # FileNotFoundError as it is
        if what == "a directory":
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
        if what is not None:
            raise NotRegularFile(what)
        return os.open(path, os.O_RDONLY | BINARY)

    def fsync_dir(self, directory: Path) -> None:
        """Nothing: Windows cannot open a directory to fsync it, and NTFS journals names."""


if sys.platform == "win32":
    import msvcrt

    def _lock_range(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock_range(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl
    import struct

    if sys.platform == "linux":
        # struct flock: l_type, l_whence, l_start, l_len, l_pid (0 for an OFD lock), padded
        _FLOCK = "hhqqi4x"

        def _ofd(fd: int, kind: int) -> None:
            request = struct.pack(_FLOCK, kind, os.SEEK_CUR, 0, 1, 0)
            fcntl.fcntl(fd, fcntl.F_OFD_SETLK, request)

        def _lock_range(fd: int) -> None:
            # msvcrt.locking takes a read-only handle too; an OFD write lock needs a writable one
            writable = fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE != os.O_RDONLY
            _ofd(fd, fcntl.F_WRLCK if writable else fcntl.F_RDLCK)

        def _unlock_range(fd: int) -> None:
            _ofd(fd, fcntl.F_UNLCK)

    else:  # macOS and the BSDs use POSIX below; a record lock, per process, if asked

        def _lock_range(fd: int) -> None:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 0, os.SEEK_CUR)

        def _unlock_range(fd: int) -> None:
            fcntl.lockf(fd, fcntl.LOCK_UN, 1, 0, os.SEEK_CUR)

    class _Posix:
        """Linux, macOS and the other POSIX systems."""

        name = "posix"

        def lock(self, fd: int) -> None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as error:
                if _held(error):
                    raise LockHeld(error.errno, "locked by another process") from None
                raise

        def unlock(self, fd: int) -> None:
            fcntl.flock(fd, fcntl.LOCK_UN)

        def pread(self, fd: int, size: int, offset: int) -> bytes:
            return os.pread(fd, size, offset)

        def open_read(self, path: Path) -> int:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
            what = _what(os.fstat(fd).st_mode)
            if what is not None:
                os.close(fd)
                if what == "a directory":
                    raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
                raise NotRegularFile(what)
            return fd

        def fsync_dir(self, directory: Path) -> None:
            try:
                fd = os.open(directory, os.O_RDONLY)
            except OSError:
                return
            try:
                os.fsync(fd)
            except OSError:
                pass
            finally:
                os.close(fd)

    POSIX: FileSystem = _Posix()
    """The POSIX calls (not defined on Windows)."""

PORTABLE: FileSystem = _Portable()
"""The fallbacks: Windows's lock, seek + read, stat before open, no directory fsync."""

if sys.platform == "win32":
    IMPLEMENTATIONS: tuple[FileSystem, ...] = (PORTABLE,)
    CURRENT: FileSystem = PORTABLE
else:
    IMPLEMENTATIONS = (POSIX, PORTABLE)
    """Every implementation that runs on this machine (the tests use each)."""
    CURRENT = POSIX
    """The one the journal uses."""


def lock(fd: int) -> None:
    """Take the journal's exclusive lock on ``fd`` at once, or raise :class:`LockHeld`."""
    CURRENT.lock(fd)


def unlock(fd: int) -> None:
    """Release the lock on ``fd``."""
    CURRENT.unlock(fd)


def pread(fd: int, size: int, offset: int) -> bytes:
    """Up to ``size`` bytes of ``fd`` at ``offset``."""
    return CURRENT.pread(fd, size, offset)


def open_read(path: Path) -> int:
    """A descriptor for reading the regular file ``path``, never hanging on a FIFO; raises
    :class:`NotRegularFile` (or ``IsADirectoryError``) for anything else."""
    return CURRENT.open_read(path)


def fsync_dir(directory: Path) -> None:
    """Make a new name in ``directory`` durable, where the platform can (skipped on Windows)."""
    CURRENT.fsync_dir(directory)
