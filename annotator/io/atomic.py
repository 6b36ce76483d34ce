"""Writing files and folders so that an interrupted export leaves nothing that
looks complete: everything goes to a temporary name first, then is renamed."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from annotator.core.errors import AnnotatorError


class OutputError(AnnotatorError):
    """An output path that cannot be written."""


def check_file_target(path: Path) -> None:
    """Refuse a target that is a folder or sits in a folder that does not exist."""
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; name a file to write")
    if not path.parent.is_dir():
        raise OutputError(f"{path}: folder {path.parent} does not exist")


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Turn a failed write (read-only folder or file system, full disk, file too
    large) into one line naming the path and the reason."""
    try:
        yield
    except OSError as exc:
        where = exc.filename or path
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise OutputError(f"{where}: cannot write ({reason}); nothing was written to {path}") from None


@contextmanager
def atomic_file(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``.

    Temporaries that an interrupted run left beside ``path`` are removed first
    (:func:`clean_stale`); ours is locked while in use, so that a run beside it
    cannot take it for one of those.
    """
    check_file_target(path)
    clean_stale(path)
    fd, name = tempfile.mkstemp(prefix=_tmp_prefix(path), dir=path.parent)
    tmp = Path(name)
    try:
        _lock(fd)
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        os.close(fd)
        tmp.unlink(missing_ok=True)


def check_folder_target(path: Path, marker: str) -> None:
    """A folder target must be new, empty, or an earlier export (holding ``marker``)."""
    if path.exists() and not path.is_dir():
        raise OutputError(f"{path}: exists and is not a folder; name a new or existing folder")
    if not path.parent.is_dir():
        raise OutputError(f"{path}: folder {path.parent} does not exist")
    if path.is_dir() and any(path.iterdir()) and not (path / marker).is_file():
        raise OutputError(
            f"{path}: folder is not empty and holds no earlier export ({marker}); name a new folder"
        )


@contextmanager
def atomic_folder(path: Path, marker: str) -> Iterator[Path]:
    """Yield a temporary folder beside ``path``; on success it takes the place of
    ``path`` (an earlier export there is removed only then). Stale temporaries
    are removed first, as by :func:`atomic_file`."""
    check_folder_target(path, marker)
    clean_stale(path)
    tmp = Path(tempfile.mkdtemp(prefix=_tmp_prefix(path), dir=path.parent))
    held = [_hold(tmp)]
    try:
        yield tmp
        os.chmod(tmp, 0o755)
        if path.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{path.name}.old-", dir=path.parent))
            held.append(_hold(old))
            os.replace(path, old / path.name)
            os.replace(tmp, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, path)
    finally:
        for fd in held:
            if fd is not None:
                os.close(fd)
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


# -- stale temporaries -----------------------------------------------------------
# What a run killed mid-way leaves: ".NAME.tmp-XXXX" (the file or folder being
# written), ".NAME.tmp-XXXX.second" (the JSONL export's second half) and
# ".NAME.old-XXXX" (an earlier brat export being replaced). A run holds an
# exclusive lock (flock) on its own while it lives; the kernel drops it when the
# run dies, however it dies. Without flock (Windows) only day-old ones count.
_STALE_AGE = 24 * 3600


def _tmp_prefix(path: Path) -> str:
    return f".{path.name}.tmp-"


def _lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _hold(path: Path) -> int | None:
    """Lock ``path`` (a folder) for as long as the returned descriptor is open."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    _lock(fd)
    return fd


def _in_use(path: Path) -> bool:
    """Whether a live run holds ``path`` (tries its lock, and lets go at once)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        try:
            import fcntl  # noqa: F401
        except ImportError:
            return time.time() - path.stat().st_mtime < _STALE_AGE
        return not _lock(fd)
    finally:
        os.close(fd)


def clean_stale(path: Path) -> list[Path]:
    """Remove what interrupted runs of ours left beside ``path``; the paths removed."""
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    tmp, old = _tmp_prefix(path), f".{path.name}.old-"
    removed = []
    for name in sorted(names):
        if not (name.startswith(tmp) or name.startswith(old)):
            continue
        candidate = path.parent / name
        # A second half belongs to the temporary it is named after.
        owner = path.parent / name.removesuffix(".second") if name.endswith(".second") else candidate
        if owner.exists() and _in_use(owner):
            continue
        try:
            if candidate.is_dir() and not candidate.is_symlink():
                shutil.rmtree(candidate)
            else:
                candidate.unlink()
        except OSError:
            continue
        removed.append(candidate)
    return removed
