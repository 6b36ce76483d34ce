"""The JSONL export on two processes writes the very bytes one process writes,
reports progress, and a cancelled export leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.io.exported import WriteReport
from annotator.io.token_lists import tokenizer_name
from annotator.store import Project, token_splits
from annotator.usecases import jsonl_export
from annotator.usecases.exporting import Selection, export
from annotator.usecases.importing import import_paths
from annotator.usecases.projects import new_project, open_existing
from annotator.usecases.running import Cancelled
from annotator.usecases.tokens import saved_tokens
from tests.benchmarks.bench_export import write_tasks
from tests.export.conftest import GOLD_JSONL


@pytest.fixture(scope="module")
def busy_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 8 gold articles, and 40 generated ones done by alice and in progress for bob."""
    folder = tmp_path_factory.mktemp("busy")
    tasks = folder / "tasks.jsonl"
    write_tasks(tasks, 40, seed=3)
    path = folder / "busy.annotator"
    with new_project(path) as project:
        assert import_paths(project, [GOLD_JSONL], annotator="gold", done=True).ok
        assert import_paths(project, [tasks], annotator="alice", done=True).ok
        assert import_paths(project, [tasks], annotator="bob").ok
        assert import_paths(project, [GOLD_JSONL], annotator="bob").ok
    return path


def _write(project: Project, path: Path, parallel: bool, pending: bool) -> WriteReport:
    report = WriteReport()
    names = project.annotators()
    jsonl_export.write_people(project, names, pending, path, report, parallel=parallel)
    return report


@pytest.mark.parametrize("pending", [False, True])
def test_two_processes_write_the_bytes_of_one(busy_project: Path, tmp_path: Path, pending: bool) -> None:
    with open_existing(busy_project) as project:
        one = _write(project, tmp_path / "one.jsonl", parallel=False, pending=pending)
        two = _write(project, tmp_path / "two.jsonl", parallel=True, pending=pending)
    written = (tmp_path / "one.jsonl").read_bytes()
    assert written.count(b"\n") == one.documents == (96 if pending else 48)
    assert (tmp_path / "two.jsonl").read_bytes() == written
    assert (two.documents, two.spans, two.relations) == (one.documents, one.spans, one.relations)
    assert two.annotators == one.annotators and two.adjusted == one.adjusted
    assert not list(tmp_path.glob("*.second"))  # the second process's file is gone


def test_the_split_keeps_order_and_crosses_annotators() -> None:
    work = [("a", [1, 2, 3]), ("b", [4, 5, 6, 7])]
    first, second = jsonl_export.split_work(work, 0.5)
    assert first == [("a", [1, 2, 3]), ("b", [4])]
    assert second == [("b", [5, 6, 7])]
    assert jsonl_export.split_work(work, 0.0) == ([], work)


def test_progress_is_told_and_cancel_writes_nothing(busy_project: Path, tmp_path: Path) -> None:
    heard: list[tuple[int, int]] = []
    out = tmp_path / "all.jsonl"
    with open_existing(busy_project) as project:
        export(
            project,
            "jsonl",
            out,
            Selection(everyone=True, include_pending=True),
            progress=lambda d, t: heard.append((d, t)),
        )
        assert heard and heard[-1] == (96, 96)
        assert [d for d, _ in heard] == sorted(d for d, _ in heard)
        target = tmp_path / "cancelled.jsonl"
        with pytest.raises(Cancelled, match="cancelled"):
            export(project, "jsonl", target, Selection(annotator="alice"), cancelled=lambda: True)
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.jsonl"]


def test_a_failing_second_process_fails_the_export(
    busy_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = jsonl_export._tasks

    def broken(project, work, include_pending, report):  # type: ignore[no-untyped-def]
        if any(name == "bob" for name, _ in work) and not any(name == "alice" for name, _ in work):
            raise OSError("disk on fire")
        return real(project, work, include_pending, report)

    monkeypatch.setattr(jsonl_export, "_tasks", broken)
    with (
        open_existing(busy_project) as project,
        pytest.raises(jsonl_export.SecondProcessFailed, match="disk on fire"),
    ):
        _write(project, tmp_path / "x.jsonl", parallel=True, pending=True)
    assert not list(tmp_path.glob("*.second"))


def test_an_export_saves_the_splits_it_had_to_make(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    with new_project(path) as project:
        assert import_paths(project, [GOLD_JSONL], annotator="gold", done=True).ok
        with project._write() as conn:  # as after a merge from a project without them
            conn.execute(token_splits.TokenSplitRow.__table__.delete())
        assert token_splits.load(project, tokenizer_name()) == []
        jsonl_export.write_people(
            project, ["gold"], False, tmp_path / "a.jsonl", WriteReport(), parallel=True
        )
        saved = token_splits.load(project, tokenizer_name())
        assert len(saved) > 1000
        assert saved_tokens(project).learned() == []
