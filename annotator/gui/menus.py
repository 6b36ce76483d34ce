"""The main window's menu bar: File (projects, import, export, connect, recent), Edit
(undo and redo, named), Annotator, Adjudicate, Suggest and Help; each action calls a
method of the window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from annotator.gui import beliefs_action, training
from annotator.gui.connect import add_connect_action
from annotator.gui.undo_menu import UndoMenu

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

EXPORT_FORMATS = (
    ("Prodigy &JSONL…", "jsonl"),
    ("spaCy &DocBin (.spacy)…", "spacy"),
    ("&brat folder…", "brat"),
    ("&CoNLL…", "conll"),
    ("&Quote table (CSV)…", "quotes-csv"),
    ("&Label Studio JSON…", "label-studio"),
    ("&INCEpTION (UIMA CAS XMI folder)…", "cas-xmi"),
)


def build_menus(window: MainWindow) -> None:
    """File, Edit, Annotator, Adjudicate, Suggest and Help, each action wired to the window."""
    file_menu = window.menuBar().addMenu("&File")
    for text, slot, key in (
        ("&New project…", window.new_project_dialog, "Ctrl+N"),
        ("&Open project…", window.open_project_dialog, "Ctrl+O"),
        ("&Import files…", window.import_files_dialog, "Ctrl+I"),
        ("Import &folder…", window.import_folder_dialog, ""),
        ("Save a &copy…", window.save_copy_dialog, "Ctrl+Shift+S"),
    ):
        action = QAction(text, window)
        if key:
            action.setShortcut(key)
        action.triggered.connect(slot)
        file_menu.addAction(action)
    export_menu = file_menu.addMenu("&Export my work")
    for text, fmt in EXPORT_FORMATS:
        action = QAction(text, window)
        action.triggered.connect(lambda _=False, f=fmt: window.export_dialog(f))
        export_menu.addAction(action)
    add_connect_action(window, file_menu)
    window.recent_menu = file_menu.addMenu("&Recent")
    fill_recent(window)
    file_menu.addSeparator()
    quit_action = QAction("&Quit", window)
    quit_action.setShortcut("Ctrl+Q")
    quit_action.triggered.connect(window.close)
    file_menu.addAction(quit_action)
    window.edit_menu = UndoMenu(window, window.undo_stack, window.keymap["undo"], window.keymap["redo"])
    window.undo_action, window.redo_action = window.edit_menu.undo_action, window.edit_menu.redo_action
    who = window.menuBar().addMenu("&Annotator")
    switch = QAction("&Switch annotator…", window)
    switch.triggered.connect(window.switch_annotator_dialog)
    who.addAction(switch)
    adjudicate_menu = window.menuBar().addMenu("&Adjudicate")
    disagreements = QAction("&Disagreements…", window)
    disagreements.triggered.connect(lambda: window.open_adjudication())  # not with checked
    adjudicate_menu.addAction(disagreements)
    training.install(window)  # Suggest > Train from my reviewed work
    beliefs_action.install(window)  # Suggest > Suggest beliefs and intentions
    help_menu = window.menuBar().addMenu("&Help")
    keys = QAction("&Keys", window)
    keys.triggered.connect(lambda: window.annotating.show_help() if window.session else None)
    help_menu.addAction(keys)


def fill_recent(window: MainWindow) -> None:
    """File > Recent: the projects opened last, most recent first."""
    window.recent_menu.clear()
    for path in window.settings.recent:
        action = QAction(path, window)
        action.triggered.connect(lambda _=False, p=path: window.open_project(p))
        window.recent_menu.addAction(action)
