"""Merging annotators' project files into one project (``annotator merge``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from annotator.core.errors import AnnotatorError
from annotator.store import Project, open_project, sqlite_file
from annotator.store.merging import AnnotatorMerge, MergeReport, merge_into
from annotator.usecases.running import Control

__all__ = ["AnnotatorMerge", "MergeReport", "merge_projects"]


def merge_projects(
    target: Project,
    sources: Sequence[str | Path],
    progress: Callable[[MergeReport], None] | None = None,
    control: Control | None = None,
) -> list[MergeReport]:
    """Merge each source project into ``target``, in short transactions of whole articles.

    A different person whose name the target already has is kept apart as
    ``name@STEM`` (STEM: the source file's name without extension) and listed in
    the report's ``conflicts``; merging the same file again changes nothing.
    ``control`` hears how many sources are merged and may stop the merge between
    two (those merged are kept).
    """
    watch = control or Control()
    here = _identity(target.location)
    reports = []
    for done, source in enumerate(sources):
        watch.check("Merging", kept=True)
        watch.report(done, len(sources), "Merging")
        if here is not None and _identity(str(source)) == here:
            raise AnnotatorError(f"{source}: is the target project itself; name other project files")
        with open_project(source) as opened:
            report = merge_into(target, opened, _tag(source))
        reports.append(report)
        if progress is not None:
            progress(report)
    watch.report(len(sources), len(sources), "Merging")
    return reports


def _identity(location: str) -> tuple[int, int] | None:
    """The file's device and inode: the same file by any name (a hard link, a symbolic
    link, a ``sqlite:///`` URL) is the same project."""
    path = sqlite_file(location)
    if path is None:
        return None
    try:
        found = path.stat()
    except OSError:
        return None
    return (found.st_dev, found.st_ino)


def _tag(source: str | Path) -> str:
    text = str(source)
    if "://" in text:
        return text.rsplit("/", 1)[-1] or "source"
    return Path(text).stem
