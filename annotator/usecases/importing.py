"""Importing articles (and annotations) from files and folders into a project."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.errors import InputError
from annotator.core.model import ArticleRecord
from annotator.io.brat_events import Tally
from annotator.io.formats import NAMES, known
from annotator.io.items import Parsed, ReadOptions, Refused
from annotator.io.mapping import EMPTY, LabelMap, load_label_map
from annotator.io.sources import expand_paths, read_file
from annotator.store import Project, ProjectError, SaveResult

BATCH_RECORDS = 500
BATCH_BYTES = 8_000_000

Progress = Callable[[int, int], None]  # (bytes done, bytes in all)


@dataclass(slots=True)
class ImportReport:
    """What an import did; ``refused`` lists each problem with file and line."""

    imported: int = 0
    duplicates: int = 0
    refused: list[Refused] = field(default_factory=list)
    skipped: list[Refused] = field(default_factory=list)  # files found in folders that are not ours to read
    annotations: int = 0
    kept: list[str] = field(default_factory=list)  # where existing annotations were left as they were
    files: int = 0
    article_ids: list[int] = field(default_factory=list)
    # What readers told (Prodigy answers that kept no annotations, labels the mapping
    # dropped, offsets repaired...), with how many times.
    notes: Counter[str] = field(default_factory=Counter)
    unmapped: Tally = field(default_factory=Tally)  # what the map left out of brat files, by kind

    @property
    def ok(self) -> bool:
        return not self.refused


def load_mapping(path: Path | None) -> LabelMap:
    """The ``--map FILE`` (:mod:`annotator.io.mapping`), or the empty map without one."""
    return EMPTY if path is None else load_label_map(path)


def import_paths(
    project: Project,
    paths: Sequence[Path],
    *,
    annotator: str | None = None,
    done: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    format: str | None = None,
    label_map: LabelMap = EMPTY,
) -> ImportReport:
    """Import files and folders; bad input is refused per file or line, the rest goes in.

    Records are stored in batches, each one transaction, so an interrupted
    import leaves whole articles only and can simply be run again. ``format``
    forces a reader (see :mod:`annotator.io.formats`); ``label_map`` (the
    ``--map`` file) maps other tools' and corpora's labels onto the scheme.
    """
    if format is not None and format.lower() not in NAMES:
        raise InputError(f"unknown format {format!r} (formats read: {known()})")
    format = format.lower() if format is not None else None
    options = ReadOptions(annotator, done, label_map)
    report = ImportReport()
    files, problems = expand_paths(paths, label_map)
    report.refused.extend(problems)
    report.files = len(files)
    total = sum(f.size for f in files) or 1
    done_bytes = 0
    batch: list[Parsed] = []
    batch_bytes = 0

    def flush() -> None:
        nonlocal batch, batch_bytes
        if batch:
            _save(project, batch, report)
        batch, batch_bytes = [], 0

    scheme = project.scheme
    for source in files:
        if cancelled():
            break
        for item in read_file(source, scheme, options=options, format=format, tally=report.unmapped):
            if isinstance(item, Refused):
                (report.skipped if item.skipped else report.refused).append(item)
                continue
            for note, n in item.notes:
                report.notes[note] += n
            batch.append(item)
            batch_bytes += item.size
            if len(batch) >= BATCH_RECORDS or batch_bytes >= BATCH_BYTES:
                flush()
                if progress:
                    progress(done_bytes, total)
        done_bytes += source.size
        if progress and not batch:
            progress(done_bytes, total)
    flush()
    if progress:
        progress(done_bytes, total)
    return report


def _save(project: Project, batch: list[Parsed], report: ImportReport) -> None:
    records: list[ArticleRecord] = [item.record for item in batch]
    try:
        outcomes = project.save_articles(records)
    except ProjectError as exc:
        if len(batch) == 1:
            report.refused.append(Refused(batch[0].where, str(exc)))
        else:  # the batch was rolled back whole: find the record(s) at fault
            for item in batch:
                _save(project, [item], report)
        return
    for item, outcome in zip(batch, outcomes, strict=True):
        if outcome.result is SaveResult.NEW:
            report.imported += 1
            report.article_ids.append(outcome.article_id)
        else:
            report.duplicates += 1
        report.annotations += outcome.annotations_added
        if outcome.annotations_kept:
            report.kept.append(item.where)


def dialog_filters() -> str:
    """The import dialog's file filters: every readable file first, then each format."""
    from annotator.io.formats import dialog_filters as filters

    return filters()
