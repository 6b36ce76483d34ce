"""Writing files and folders so that an interrupted export leaves nothing that
looks complete: everything goes to a temporary name first, then is renamed."""

from __future__ import annotations

import os
import shutil
import tempfile
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
def atomic_file(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``."""
    check_file_target(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.tmp-", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
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
    ``path`` (an earlier export there is removed only then)."""
    check_folder_target(path, marker)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.tmp-", dir=path.parent))
    try:
        yield tmp
        os.chmod(tmp, 0o755)
        if path.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{path.name}.old-", dir=path.parent))
            os.replace(path, old / path.name)
            os.replace(tmp, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, path)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
