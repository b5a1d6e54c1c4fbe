"""Files written whole or not at all.

A full disk (ENOSPC) or a crash in the middle of a write must never leave a truncated
file where a reader (a public pack address, a download, an importer) will find it.
Every file minutebook writes therefore goes to a temporary name in its own directory,
is flushed and fsynced, and only then takes its real name; a failure removes the
temporary file. The rename is atomic on POSIX filesystems, so a reader sees either
the old state or the whole new file.

``atomic_write`` does this for files written to a path (exports); the storage in
``minutebook.core.storage`` for everything saved through Django's storage (uploads,
generated packs and minutes). No Django here: the importer's parse-only mode uses it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import IO, Any

#: Temporary files are hidden and named so that they can be told from real ones.
TEMP_PREFIX = ".minutebook-"
TEMP_SUFFIX = ".part"

_OPEN_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
# Filesystems without hard links (some network and FUSE mounts) refuse os.link so.
_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EXDEV}


def is_temporary(name: str) -> bool:
    """Whether ``name`` (a path or a file name) is one of our unfinished files."""
    base = os.path.basename(name)
    return base.startswith(TEMP_PREFIX) and base.endswith(TEMP_SUFFIX)


def _create_temporary(directory: str) -> tuple[str, int]:
    """A new, empty temporary file in ``directory`` (mode 0o666 less the umask)."""
    while True:
        path = os.path.join(directory, f"{TEMP_PREFIX}{secrets.token_hex(8)}{TEMP_SUFFIX}")
        try:
            return path, os.open(path, _OPEN_FLAGS, 0o666)
        except FileExistsError:
            continue


def remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def fsync_directory(directory: str) -> None:
    """Make the new name itself durable (POSIX keeps directory entries separately)."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _finish(handle: IO[Any]) -> None:
    handle.flush()
    os.fsync(handle.fileno())
    handle.close()


def write_temporary(directory: str, chunks: Iterable[bytes | str]) -> str:
    """Write ``chunks`` to a new temporary file in ``directory``, synced; its path.

    On any failure (ENOSPC, an upload that breaks off) the temporary file is removed
    and the error raised. Text chunks are written as ``FileSystemStorage`` writes them.
    """
    path, fd = _create_temporary(directory)
    handle: IO[Any] | None = None
    try:
        for chunk in chunks:
            if handle is None:
                handle = os.fdopen(fd, "wb" if isinstance(chunk, bytes) else "wt")
            handle.write(chunk)
        if handle is None:
            handle = os.fdopen(fd, "wb")
        _finish(handle)
    except BaseException:
        if handle is None:
            os.close(fd)
        else:
            with contextlib.suppress(OSError):
                handle.close()
        remove(path)
        raise
    return path


def claim(temporary: str, target: str) -> None:
    """Give the finished ``temporary`` the name ``target``, never replacing a file there.

    A hard link fails with ``FileExistsError`` if ``target`` exists, atomically, which a
    rename cannot. Where hard links are not supported this falls back to a check and
    ``os.replace`` (a narrow race, as Django's own ``file_move_safe`` has).
    """
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "File exists", target) from exc
        os.replace(temporary, target)
    else:
        remove(temporary)


@contextmanager
def atomic_write(path: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """A binary file that becomes ``path`` (replacing any file there) on a clean exit.

    An exception inside the block, or one while finishing, removes the temporary file
    and leaves whatever was at ``path`` untouched.
    """
    target = os.path.abspath(os.fspath(path))
    directory = os.path.dirname(target)
    temporary, fd = _create_temporary(directory)
    handle = os.fdopen(fd, "wb")
    try:
        yield handle
        _finish(handle)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            handle.close()
        remove(temporary)
        raise
    fsync_directory(directory)
