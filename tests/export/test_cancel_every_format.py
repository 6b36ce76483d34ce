"""Every writer stops on a cancel between articles (``exported.watched``) and leaves no
file or folder behind, its temporary one removed by ``io.atomic``; progress counts
the articles."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from annotator.core.errors import Cancelled
from annotator.io.atomic import atomic_file, atomic_folder
from annotator.io.exported import Annotated, WriteReport, watched
from annotator.store import Project


def _items(project: Project) -> Iterator[Annotated]:
    for article, work in project.iter_annotated("gold"):
        yield Annotated(article, work)


def _file(write: Callable[..., None]) -> Callable[[Project, Iterator[Annotated], Path], None]:
    def run(project: Project, items: Iterator[Annotated], target: Path) -> None:
        with atomic_file(target) as tmp:
            write(items, tmp, WriteReport())

    return run


def _conll(items: Iterator[Annotated], path: Path, report: WriteReport) -> None:
    from annotator.io.conll import write_conll

    write_conll(items, path, report, ("PERSON", "ROLE"))


def _quotes(items: Iterator[Annotated], path: Path, report: WriteReport) -> None:
    from annotator.io.quotes import write_quotes

    write_quotes(items, path, report)


def _label_studio(items: Iterator[Annotated], path: Path, report: WriteReport) -> None:
    from annotator.io.label_studio_export import write_label_studio

    write_label_studio(items, path, report)


def _spacy(items: Iterator[Annotated], path: Path, report: WriteReport) -> None:
    from annotator.io.docbin import DocBinWriter

    writer = DocBinWriter(("PERSON", "ROLE"), None)
    writer.add_all(items, report)
    writer.train.to_disk(path)


def _brat(project: Project, items: Iterator[Annotated], target: Path) -> None:
    from annotator.io.brat import CONF, write_folder

    with atomic_folder(target, CONF) as tmp:
        write_folder(items, tmp, project.scheme, WriteReport(), nested=False)


def _cas(project: Project, items: Iterator[Annotated], target: Path) -> None:
    from annotator.io.cas_export import TYPE_SYSTEM, write_cas_folder

    with atomic_folder(target, TYPE_SYSTEM) as tmp:
        write_cas_folder(items, tmp, project.scheme, WriteReport())


WRITERS = {
    "conll": _file(_conll),
    "quotes-csv": _file(_quotes),
    "label-studio": _file(_label_studio),
    "spacy": _file(_spacy),
    "brat": _brat,
    "cas-xmi": _cas,
}


@pytest.mark.parametrize("format", sorted(WRITERS))
def test_a_cancel_between_articles_leaves_nothing(
    sqlite_gold_file: Path, tmp_path: Path, format: str
) -> None:
    from annotator.usecases.projects import open_existing

    heard: list[tuple[int, int]] = []
    target = tmp_path / "out" / format
    target.parent.mkdir()
    with open_existing(sqlite_gold_file) as project:
        WRITERS[format](project, watched(_items(project), 8, lambda d, t: heard.append((d, t))), target)
        assert target.exists() and heard[-1] == (8, 8)
        if target.is_file():
            target.unlink()
        else:
            shutil.rmtree(target)
        asked: list[bool] = []

        def cancelled() -> bool:  # after three articles
            asked.append(True)
            return len(asked) > 3

        with pytest.raises(Cancelled):
            WRITERS[format](project, watched(_items(project), 8, cancelled=cancelled), target)
    assert len(asked) == 4
    assert list(target.parent.iterdir()) == []  # nothing left, not even a temporary
