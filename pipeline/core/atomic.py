"""Atomic publishing, in one place: the warehouse, the releases and the site all use it.

Everything is written to a temporary path in the same folder as its destination,
flushed to disk (fsync), then moved into place with one rename (or, for a folder
that already exists, one atomic exchange). A reader or a crash sees the old
version or the new one, never a mix.
"""

from __future__ import annotations

import ctypes
import errno as errno_codes
import fcntl
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class LockTimeout(RuntimeError):
    """Another process holds the lock for longer than we are willing to wait."""


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_tree(path: Path) -> None:
    for p in sorted(path.rglob("*")):
        if p.is_file() and not p.is_symlink():
            fsync_path(p)
    for p in sorted((q for q in path.rglob("*") if q.is_dir()), reverse=True):
        fsync_path(p)
    fsync_path(path)


def write_text(path: Path, text: str) -> None:
    """Write a file atomically: temporary file, fsync, rename, fsync the folder."""
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_path(path.parent)


def replace_file(staged: Path, final: Path) -> None:
    """Move a finished file over ``final`` (same folder), durably."""
    fsync_path(staged)
    os.replace(staged, final)
    fsync_path(final.parent)


def staging_dir(parent: Path, prefix: str) -> Path:
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=prefix, dir=parent))


def move_dir_into_place(staged: Path, final: Path) -> None:
    """Rename a finished folder to a name that must not exist yet (published versions are never rewritten)."""
    fsync_tree(staged)
    os.chmod(staged, 0o755)
    if final.exists():
        raise FileExistsError(f"{final} already exists; a published folder is never rewritten")
    os.rename(staged, final)
    fsync_path(final.parent)


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    if sys.platform != "linux":
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) != 0:
        err = ctypes.get_errno()
        if err in (errno_codes.EINVAL, errno_codes.ENOSYS, errno_codes.EOPNOTSUPP):
            return False
        raise OSError(err, os.strerror(err), str(a))
    return True


def swap_dir(staged: Path, final: Path) -> None:
    """Put a staged folder in place of ``final`` in one atomic exchange, then drop the old one.

    Where the filesystem cannot exchange, each top-level file is replaced atomically."""
    fsync_tree(staged)
    os.chmod(staged, 0o755)
    if not final.exists():
        os.rename(staged, final)
    elif exchange(staged, final):
        shutil.rmtree(staged, ignore_errors=True)  # now holds the old version
    else:
        for p in sorted(staged.iterdir()):
            if p.is_file():
                os.replace(p, final / p.name)
        shutil.rmtree(staged, ignore_errors=True)
    fsync_path(final.parent)


_HELD: set[str] = set()  # locks this process holds: taking one again is a no-op (re-entrant per process)


@contextmanager
def exclusive_lock(path: Path, timeout: float = 600.0, what: str = "the lock") -> Iterator[None]:
    """Hold an exclusive advisory lock on ``path`` (released when the process dies); re-entrant within a process."""
    key = str(path.resolve())
    if key in _HELD:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as fh:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    holder = path.read_text(encoding="utf-8", errors="replace").strip()[:200]
                    raise LockTimeout(f"{what} ({path}) is held by another process ({holder or 'unknown'}) for over {timeout:.0f} s") from None
                time.sleep(0.2)
        _HELD.add(key)
        try:
            fh.seek(0)
            fh.truncate()
            fh.write(f"pid {os.getpid()}\n")
            fh.flush()
            yield
        finally:
            _HELD.discard(key)
            fcntl.flock(fh, fcntl.LOCK_UN)
