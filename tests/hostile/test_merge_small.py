"""Self-merge by any name is caught; a big merge never holds the write lock for long
(issue 17: 12)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import event

from annotator.core.model import AnnotationSet, ArticleInput, ArticleRecord, ArticleStatus, Relation, Span
from annotator.store.merging import MERGE_CHUNK
from annotator.usecases.merging import merge_projects
from annotator.usecases.projects import new_project, open_existing
from tests.hostile.cli_helpers import digest, one_line_error, run


@pytest.fixture
def small(tmp_path: Path, seed: Path) -> Path:
    path = tmp_path / "p.annotator"
    run("new", path)
    run("import", path, seed)
    return path


@pytest.mark.parametrize("alias", ["hard link", "symbolic link", "sqlite URL", "relative sqlite URL"])
def test_merging_a_project_into_itself_is_refused(
    small: Path, alias: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if alias == "hard link":
        other = small.with_name("link.annotator")
        os.link(small, other)
        name = str(other)
    elif alias == "symbolic link":
        other = small.with_name("sym.annotator")
        other.symlink_to(small)
        name = str(other)
    elif alias == "sqlite URL":
        name = f"sqlite:///{small}"
    else:
        monkeypatch.chdir(small.parent)
        name = f"sqlite:///{small.name}"
    before = digest(small)
    code, _, err = run("merge", small, name)
    assert (
        code == 1
        and one_line_error(err) == f"error: {name}: is the target project itself; name other project files"
    )
    assert digest(small) == before


def _big_source(path: Path, articles: int) -> None:
    records = []
    for n in range(articles):
        text = f"Article {n}. " + " ".join(f"Mayor Ana Ruiz{k} said no." for k in range(10))
        spans = tuple(
            Span(text.index(f"Ruiz{k} ") - 4, text.index(f"Ruiz{k} ") + 4 + len(str(k)), "PERSON")
            for k in range(10)
        )
        roles = tuple(Span(s.start - 6, s.start - 1, "ROLE") for s in spans)
        relations = tuple(Relation("ROLE_OF", r, s) for r, s in zip(roles, spans, strict=True))
        records.append(
            ArticleRecord(ArticleInput(text), AnnotationSet("alice", spans + roles, relations, done=True))
        )
    with new_project(path) as project:
        for at in range(0, len(records), 500):
            project.save_articles(records[at : at + 500])


def test_a_big_merge_lets_an_annotator_write_within_a_second(tmp_path: Path) -> None:
    articles = 5 * MERGE_CHUNK
    source, target = tmp_path / "alice.annotator", tmp_path / "lead.annotator"
    _big_source(source, articles)
    with new_project(target) as project:
        project.save_articles([ArticleRecord(ArticleInput("The lead's own article."))])
    waits: list[float] = []
    commits = 0
    with open_existing(target) as merging, open_existing(target) as annotating:

        @event.listens_for(merging.engine, "commit")
        def _count(_conn: object) -> None:
            nonlocal commits
            commits += 1

        [own] = annotating.list_articles()
        worker = threading.Thread(target=merge_projects, args=(merging, [str(source)]))
        worker.start()
        status = ArticleStatus.IN_PROGRESS
        while worker.is_alive():
            status = ArticleStatus.DONE if status is ArticleStatus.IN_PROGRESS else ArticleStatus.IN_PROGRESS
            started = time.perf_counter()
            annotating.set_status(own.id, "bob", status)  # an annotator's action, as the GUI saves it
            waits.append(time.perf_counter() - started)
        worker.join()
        assert commits >= articles // MERGE_CHUNK + 1
        assert len(waits) >= 3 and max(waits) < 1.0, (max(waits), len(waits))
        assert annotating.counts().articles == articles + 1
        assert annotating.counts().annotations == articles * 20
    # Merging again changes nothing.
    with open_existing(target) as project:
        [report] = merge_projects(project, [str(source)])
        assert not report.changed and report.unchanged == articles
