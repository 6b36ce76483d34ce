"""The adjudication screen with real key presses: decisions land in gold at once,
undo works, and `annotator export --gold` writes what was decided."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from typer.testing import CliRunner

from annotator.cli import app
from annotator.core.model import AnnotationSet, ArticleInput, ArticleRecord, Relation, Span
from annotator.gui.adjudication import AdjudicationWindow
from annotator.usecases.projects import new_project, open_existing

TEXT = "Mayor Ingrid Solberg said the bridge stays open. Critics disagreed."
PERSON = Span(6, 20, "PERSON")
ROLE = Span(0, 5, "ROLE")
QUOTE = Span(26, 47, "QUOTE", {"type": "indirect"})
WIDE = Span(21, 47, "QUOTE", {"type": "indirect"})
CUE = Span(21, 25, "CUE")


def build(path: Path) -> None:
    sets = {
        "ann": (ROLE, PERSON, QUOTE, CUE),
        "bob": (ROLE, PERSON, QUOTE),
        "cat": (PERSON, WIDE, CUE),
    }
    with new_project(path) as project:
        for name, spans in sets.items():
            quote = QUOTE if QUOTE in spans else WIDE
            relations = (Relation("SPEAKER", quote, PERSON),)
            project.save_articles(
                [ArticleRecord(ArticleInput(TEXT), AnnotationSet(name, spans, relations, True))]
            )


def gold_spans(path: Path) -> set[tuple[int, int, str]]:
    with open_existing(path) as project:
        [row] = project.list_articles()
        return {s.key for s in project.annotation_set(row.id, "gold").spans}


def test_decide_undo_and_export_gold(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "three.annotator"
    build(path)
    window = AdjudicationWindow(open_existing(path))
    qtbot.addWidget(window)
    window.show()
    assert window.names == ["ann", "bob", "cat"]
    assert window.queue.rowCount() == 1 and int(window.queue.item(0, 1).text()) > 0
    states = [window.items.item(r, len(window.names) + 2).text() for r in range(window.items.rowCount())]
    assert "agreed" in states and "DISAGREE" in states

    # The first open disagreement is selected: the ROLE two of three gave. Take the majority.
    ref = window.current_ref()
    assert ref is not None and window.aligned.item(ref).anchor == ROLE  # type: ignore[union-attr]
    qtbot.keyClick(window.items, Qt.Key.Key_M)
    assert ROLE.key in gold_spans(path)
    # Next open one: the CUE two gave and one did not. Take annotator 1's.
    assert window.aligned.item(window.current_ref()).anchor == CUE  # type: ignore[union-attr,arg-type]
    qtbot.keyClick(window.items, Qt.Key.Key_1)
    assert CUE.key in gold_spans(path)
    # Then the quote's extent: take annotator 3's (cat's) wider version.
    item = window.aligned.item(window.current_ref())  # type: ignore[union-attr,arg-type]
    assert QUOTE in item.versions.values() and WIDE in item.versions.values()  # type: ignore[union-attr]
    qtbot.keyClick(window.items, Qt.Key.Key_3)
    assert WIDE.key in gold_spans(path) and QUOTE.key not in gold_spans(path)
    qtbot.keyClick(window.items, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo
    assert WIDE.key not in gold_spans(path)
    qtbot.keyClick(
        window.items, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert WIDE.key in gold_spans(path)

    window.auto.setChecked(True)  # unanimous items go to gold
    assert PERSON.key in gold_spans(path)
    qtbot.keyClick(window.items, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # gold done?
    assert "still open" in window.statusBar().currentMessage()  # open items: refused, first shown
    assert window.queue.item(0, 3).text() != "done"
    qtbot.keyClick(window.items, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # yes, done
    assert window.queue.item(0, 3).text() == "done"
    window.close()

    out = tmp_path / "gold.jsonl"
    result = CliRunner().invoke(app, ["export", str(path), "--gold", "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    [line] = out.read_text(encoding="utf-8").splitlines()
    exported = {(s["start"], s["end"], s["label"]) for s in json.loads(line)["spans"]}
    assert {ROLE.key, PERSON.key, WIDE.key} <= exported
