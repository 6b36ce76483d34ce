"""The JSONL export of people's work, on two processes for big projects.

Most of an export is Python work per article (tokens, spans, JSON), so on a
project of thousands of articles a second process writes the second half of
the articles to a file of its own while this one writes the first half; its
file is then appended to ours (``copy_file_range``: no copy through Python).
The lines and their order are exactly those of a single process (a test
compares the bytes). The second process is forked, so it starts with
everything imported and loaded; the project's connections are closed before
(an SQLite connection must not cross a fork) and both sides open their own.
Forking only happens on Linux from a single-threaded process (the command
line); the desktop app, whose export runs on a worker thread, writes on one.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from annotator.children import dying_with_parent
from annotator.core.errors import AnnotatorError
from annotator.io.exported import NOTHING_YET, WriteReport, status_to_write
from annotator.io.prodigy import Task, write_jsonl
from annotator.io.token_lists import Split, TokenLists
from annotator.store import Project
from annotator.usecases.tokens import save_tokens, saved_tokens

# Below this many articles a second process saves less than it costs to start.
PARALLEL_FROM = 2_000

Progress = Callable[[int, int], None]  # (articles done, articles in all)
Work = list[tuple[str, Sequence[int]]]  # (annotator, article ids) in export order


class Cancelled(AnnotatorError):
    """The export was cancelled; nothing was written."""


class SecondProcessFailed(AnnotatorError):
    """The second process of an export failed (its error is in the message)."""


def write_people(
    project: Project,
    names: list[str],
    include_pending: bool,
    path: Path,
    report: WriteReport,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    parallel: bool | None = None,
) -> None:
    """Write the annotators' work to ``path`` (a temporary file the caller renames).

    ``parallel`` None decides by size and platform.
    """
    work: Work = [(name, project.annotated_ids(name, include_pending=include_pending)) for name in names]
    dataset(project)  # the scheme is read (and kept) before any fork
    total = sum(len(ids) for _, ids in work)
    if parallel is None:
        parallel = total >= PARALLEL_FROM and can_fork()
    tokens = saved_tokens(project)
    ticker = _Ticker(total, progress, cancelled)
    with _no_cycle_collection():
        if not parallel or total < 2:
            write_jsonl(
                _tasks(project, work, include_pending, report), path, report, ticker, tokens, dataset(project)
            )
            learned = tokens.learned()
        else:
            first, second = split_work(work)
            learned = _write_two(project, first, second, include_pending, path, report, ticker, tokens)
    save_tokens(project, learned)


def write_tasks(
    project: Project,
    tasks: Iterable[Task],
    total: int,
    path: Path,
    report: WriteReport,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> None:
    """Write tasks made elsewhere (the suggestions) on this process; ``total`` is
    how many articles they cover, for the progress callback."""
    tokens = saved_tokens(project)
    with _no_cycle_collection():
        write_jsonl(tasks, path, report, _Ticker(total, progress, cancelled), tokens, dataset(project))
    save_tokens(project, tokens.learned())


def dataset(project: Project) -> str:
    """The "dataset" of Prodigy's ``dataset-session`` annotator ids: the scheme's name."""
    return project.scheme.name


def can_fork() -> bool:
    """Whether a second process can be forked safely here (Linux, one thread, two cores)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1 and (os.cpu_count() or 1) > 1


# This process's share: a little less than half, as it also appends the second
# process's lines to its own (as they come).
FIRST_SHARE = 0.49


def split_work(work: Work, share: float = FIRST_SHARE) -> tuple[Work, Work]:
    """The first ``share`` of the articles and the rest, keeping their order."""
    half = round(sum(len(ids) for _, ids in work) * share)
    first: Work = []
    second: Work = []
    for name, ids in work:
        take = max(0, min(len(ids), half))
        if take:
            first.append((name, ids[:take]))
        if take < len(ids):
            second.append((name, ids[take:]))
        half -= take
    return first, second


class _Ticker:
    """Counts written articles for the progress callback, and stops on cancel."""

    def __init__(self, total: int, progress: Progress | None, cancelled: Callable[[], bool]) -> None:
        self.total, self.done, self.other = total, 0, 0
        self._progress, self._cancelled = progress, cancelled

    def __call__(self, articles: int) -> None:
        self.done += articles
        self.tell()

    def tell(self) -> None:
        if self._cancelled():
            raise Cancelled("export cancelled; nothing was written")
        if self._progress is not None:
            self._progress(min(self.done + self.other, self.total), self.total)


def _tasks(project: Project, work: Work, include_pending: bool, report: WriteReport) -> Iterator[Task]:
    for name, ids in work:
        for rows in project.iter_work_rows(name, include_pending=include_pending, ids=ids):
            status = status_to_write(rows.done, bool(rows.starts))
            if status is None:
                report.left_out[NOTHING_YET] += 1
                continue
            yield Task(rows, status)


def _write_two(
    project: Project,
    first: Work,
    second: Work,
    include_pending: bool,
    path: Path,
    report: WriteReport,
    ticker: _Ticker,
    tokens: TokenLists,
) -> list[Split]:
    """Write ``first`` here and ``second`` in a forked process; the token splits
    both learnt."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    part = path.with_name(path.name + ".second")
    project.disconnect()
    child = context.Process(
        target=_second_half, args=(project, second, include_pending, part, send, tokens), daemon=True
    )
    with dying_with_parent():  # a kill of this process must not leave it writing
        child.start()
    send.close()
    other = _Messages(receive, ticker)
    try:

        def tick(articles: int) -> None:
            other.take(block=False)
            ticker(articles)

        write_jsonl(
            _tasks(project, first, include_pending, report), path, report, tick, tokens, dataset(project)
        )
        # Append the second half as it is written, so that only its last batch is left at the end.
        with _Appender(path, part) as appender:
            while other.report is None:
                appender.copy(other.written)
                other.take(block=True)
            child.join()
            appender.copy(part.stat().st_size)
        theirs, learned = other.report
        report.merge(theirs)
        ticker.other = ticker.total - ticker.done
        ticker.tell()
        return tokens.learned() + learned
    finally:
        if child.is_alive():
            child.terminate()
            child.join()
        receive.close()
        part.unlink(missing_ok=True)


class _Messages:
    """The second process's messages: progress, then its report (or its error)."""

    def __init__(self, receive: Any, ticker: _Ticker) -> None:
        self._receive, self._ticker = receive, ticker
        self.report: tuple[WriteReport, list[Split]] | None = None
        self.written = 0  # bytes of whole lines in its file

    def take(self, *, block: bool) -> None:
        """Read what has come (with ``block``, wait a moment for something)."""
        if block and not self._receive.poll(0.1):
            self._ticker.tell()  # lets a cancel through while waiting
            return
        while self.report is None and self._receive.poll():
            try:
                kind, value = self._receive.recv()
            except EOFError:
                raise SecondProcessFailed("the second export process stopped without a word") from None
            if kind == "failed":
                raise SecondProcessFailed(f"the second export process failed: {value}")
            if kind == "progress":
                self._ticker.other, self.written = value
            else:
                self.report = value


def _second_half(
    project: Project, work: Work, include_pending: bool, part: Path, send: Any, tokens: TokenLists
) -> None:
    """In the forked process: write ``work`` to ``part``, reporting progress, then the
    report and the token splits learnt."""
    report = WriteReport()
    done = 0

    def tick(articles: int) -> None:
        nonlocal done
        done += articles
        send.send(("progress", (done, part.stat().st_size)))

    try:
        write_jsonl(
            _tasks(project, work, include_pending, report), part, report, tick, tokens, dataset(project)
        )
        send.send(("done", (report, tokens.learned())))
    except BaseException as exc:  # noqa: BLE001 (reported to the parent, which raises it)
        send.send(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        send.close()


class _Appender:
    """Appends a growing file to another, in the kernel where it can
    (``copy_file_range``), else by reading and writing."""

    def __init__(self, path: Path, part: Path) -> None:
        self._target = os.open(path, os.O_WRONLY)  # not O_APPEND: copy_file_range refuses that
        os.lseek(self._target, 0, os.SEEK_END)
        self._part = part
        self._source: int | None = None
        self._copied = 0

    def __enter__(self) -> _Appender:
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self._target)
        if self._source is not None:
            os.close(self._source)

    def copy(self, upto: int) -> None:
        """Append the part's bytes up to ``upto``."""
        if upto <= self._copied:
            return
        if self._source is None:
            self._source = os.open(self._part, os.O_RDONLY)
        try:
            while self._copied < upto and (
                n := os.copy_file_range(self._source, self._target, upto - self._copied)
            ):
                self._copied += n
        except (AttributeError, OSError):  # no copy_file_range, or not between these files
            pass
        os.lseek(self._source, self._copied, os.SEEK_SET)
        while self._copied < upto and (chunk := os.read(self._source, min(1 << 22, upto - self._copied))):
            while chunk:
                written = os.write(self._target, chunk)
                chunk = chunk[written:]
                self._copied += written
        if self._copied != upto:
            raise OSError(f"{self._part}: copied {self._copied} of {upto} bytes")


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector: an export makes millions of small objects
    and no cycles, and its passes over them cost a tenth of the time."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
