"""Operations: every export format stops on Cancel and leaves no file; progress is
reported in articles; import, suggest and merge keep what they stored when cancelled."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from annotator.usecases import operations
from annotator.usecases.exporting import FORMATS, ExportOptions, Selection, export
from annotator.usecases.importing import ImportReport, import_paths
from annotator.usecases.projects import new_project, open_existing
from annotator.usecases.running import Cancelled, Control
from annotator.usecases.suggesting import SuggestReport

GOLD = Path(__file__).resolve().parents[1] / "data" / "gold.jsonl"
ALICE = Selection(annotator="alice")
FOLDERS = ("brat", "cas-xmi")


@pytest.fixture
def reviewed(tmp_path: Path) -> Path:
    """A project where alice marked the 8 gold articles done (with their annotations)."""
    path = tmp_path / "project" / "p.annotator"
    path.parent.mkdir()
    with new_project(path) as project:
        report = import_paths(project, [GOLD], annotator="alice", done=True)
    assert report.imported == 8 and report.ok
    return path


def target(tmp_path: Path, fmt: str) -> Path:
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    return out / (fmt if fmt in FOLDERS else f"export.{fmt}")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_reports_progress_in_articles(reviewed: Path, tmp_path: Path, fmt: str) -> None:
    heard: list[tuple[int, int, str]] = []
    with open_existing(reviewed) as project:
        report = operations.exporting(project, fmt, target(tmp_path, fmt), ALICE).run(
            Control(lambda done, total, what: heard.append((done, total, what)))
        )
    assert report.written.documents == 8
    assert heard[-1] == (8, 8, "Exporting")
    assert [d for d, _, _ in heard] == sorted(d for d, _, _ in heard)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_cancel_before_the_start_writes_nothing(reviewed: Path, tmp_path: Path, fmt: str) -> None:
    out = target(tmp_path, fmt)
    with open_existing(reviewed) as project, pytest.raises(Cancelled) as stop:
        export(project, fmt, out, ALICE, cancelled=lambda: True)
    assert not stop.value.kept and str(stop.value) == "Exporting cancelled: nothing was written"
    assert os.listdir(out.parent) == []


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "jsonl"])
@pytest.mark.parametrize("after", [1, 7])
def test_a_cancel_between_articles_leaves_no_file(
    reviewed: Path, tmp_path: Path, fmt: str, after: int
) -> None:
    """Stopped after ``after`` of the 8 articles: the writer had begun, and nothing is left."""
    out = target(tmp_path, fmt)
    done: list[int] = []
    with open_existing(reviewed) as project, pytest.raises(Cancelled):
        export(
            project,
            fmt,
            out,
            ALICE,
            progress=lambda n, total: done.append(n),
            cancelled=lambda: bool(done) and done[-1] >= after,
        )
    assert done[-1] == after  # it stopped there, not at the end
    assert os.listdir(out.parent) == []


def test_a_cancelled_split_writes_neither_half(reviewed: Path, tmp_path: Path) -> None:
    out = tmp_path / "split"
    out.mkdir()
    done: list[int] = []
    with open_existing(reviewed) as project, pytest.raises(Cancelled):
        export(
            project,
            "spacy",
            out,
            ALICE,
            ExportOptions(split=0.5, spancat_config=True),
            progress=lambda n, total: done.append(n),
            cancelled=lambda: bool(done) and done[-1] >= 4,
        )
    assert os.listdir(out) == []


def test_a_cancelled_import_keeps_the_files_before(tmp_path: Path, corpus: Path) -> None:
    files = sorted((corpus / "dev").glob("*.txt"))
    asked: list[bool] = []

    def cancelled() -> bool:  # asked before each file: Cancel pressed during the second
        asked.append(True)
        return len(asked) > 2

    with new_project(tmp_path / "p.annotator") as project:
        op = operations.importing(project, files)
        with pytest.raises(Cancelled) as stop:
            op.run(Control(cancelled=cancelled))
        partial = stop.value.partial
        assert stop.value.kept and isinstance(partial, ImportReport) and partial.imported == 2
        assert project.counts().articles == 2 < len(files)


def test_a_cancelled_merge_keeps_the_sources_merged(reviewed: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.annotator"
    new_project(other).close()
    with new_project(tmp_path / "t.annotator") as target_project:
        merged: list[str] = []
        op = operations.merging(target_project, [reviewed, other], each=lambda r: merged.append(r.source))
        with pytest.raises(Cancelled) as stop:
            op.run(Control(cancelled=lambda: bool(merged)))
        assert stop.value.kept and merged == [str(reviewed)]
        assert target_project.counts().articles == 8


def test_a_cancelled_suggestion_run_says_what_it_kept(tmp_path: Path, corpus: Path, engine) -> None:  # type: ignore[no-untyped-def]
    with new_project(tmp_path / "p.annotator") as project:
        import_paths(project, sorted((corpus / "dev").glob("*.txt")))
        with pytest.raises(Cancelled) as stop:
            operations.suggesting(project, engine=engine).run(Control(cancelled=lambda: True))
        partial = stop.value.partial
        assert stop.value.kept and isinstance(partial, SuggestReport) and partial.suggested == 0
        assert project.articles_to_suggest(engine.origin)  # nothing suggested, nothing lost
        report = operations.suggesting(project, engine=engine).run()
        assert report.suggested == 7 and not project.articles_to_suggest(engine.origin)
