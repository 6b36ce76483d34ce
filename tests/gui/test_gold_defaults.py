"""Gold cannot come out nearly empty: unanimous items go in by default, Ctrl+Enter with
open disagreements refuses and shows the first, and an export of gold says what is open."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from typer.testing import CliRunner

from annotator.cli import app
from annotator.core.model import AnnotationSet, ArticleInput, ArticleRecord, Relation, Span
from annotator.gui.adjudication import AdjudicationWindow
from annotator.usecases.projects import open_existing

TEXTS = [
    "Mayor Ingrid Solberg said the bridge stays open. Critics disagreed.",
    "Minister Tom Berg said taxes will fall. Unions said they would not.",
]


def build(path: Path) -> None:
    """Two annotators who agree on a PERSON, a QUOTE and its SPEAKER in each article,
    and disagree on a ROLE (only ann gives it)."""
    from annotator.usecases.projects import new_project

    with new_project(path) as project:
        for text in TEXTS:
            first_space = text.index(" ")
            person = Span(first_space + 1, text.index(" said"), "PERSON")
            said = text.index(" said") + 6
            quote = Span(said, text.index("."), "QUOTE", {"type": "indirect"})
            role = Span(0, first_space, "ROLE")
            for name, spans in (("ann", (role, person, quote)), ("bob", (person, quote))):
                relations = (Relation("SPEAKER", quote, person),)
                project.save_articles(
                    [ArticleRecord(ArticleInput(text), AnnotationSet(name, spans, relations, True))]
                )


def gold(path: Path, article: int) -> AnnotationSet:
    with open_existing(path) as project:
        return project.annotation_set(article, "gold")


def test_unanimous_items_go_to_gold_by_default_and_done_refuses_open_items(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "two.annotator"
    build(path)
    window = AdjudicationWindow(open_existing(path))
    qtbot.addWidget(window)
    window.show()
    assert window.auto.isChecked()  # the checkbox opts out, it does not opt in
    article = window.aligned.article_id  # type: ignore[union-attr]
    shown = gold(path, article)
    assert {s.label for s in shown.spans} == {"PERSON", "QUOTE"} and len(shown.relations) == 1

    # Ctrl+Enter with the ROLE still disputed: refused, the first open item selected.
    window.items.selectRow(0)
    qtbot.keyClick(window.items, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "1 disagreement still open" in window.statusBar().currentMessage()
    ref = window.current_ref()
    assert ref is not None and window.aligned.item(ref).anchor.label == "ROLE"  # type: ignore[union-attr]
    assert window.queue.item(0, 3).text() != "done"
    qtbot.keyClick(window.items, Qt.Key.Key_1)  # take ann's ROLE: nothing open now
    qtbot.keyClick(window.items, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.aligned.status == "done"  # type: ignore[union-attr]
    assert {s.label for s in gold(path, article).spans} == {"ROLE", "PERSON", "QUOTE"}
    window.close()

    out = tmp_path / "gold.jsonl"
    result = CliRunner().invoke(app, ["export", str(path), "--gold", "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "gold: 1 of 2 compared articles still have open disagreements" in result.output
    [line] = out.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert len(record["spans"]) == 3 and len(record["relations"]) == 1


def test_the_queue_keeps_its_order_and_highlights_the_article_on_show(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "two.annotator"
    build(path)
    window = AdjudicationWindow(open_existing(path))
    qtbot.addWidget(window)
    window.show()
    order = [window.queue.item(r, 0).text() for r in range(window.queue.rowCount())]
    article = window.aligned.article_id  # type: ignore[union-attr]
    window.items.selectRow(0)
    qtbot.keyClick(window.items, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # jumps to ROLE
    qtbot.keyClick(window.items, Qt.Key.Key_X)  # reject it: this article now has nothing open
    assert [window.queue.item(r, 0).text() for r in range(window.queue.rowCount())] == order
    [row] = window.queue.selectionModel().selectedRows()
    assert window.queue.item(row.row(), 0).data(Qt.ItemDataRole.UserRole + 5) == article
    window.close()
