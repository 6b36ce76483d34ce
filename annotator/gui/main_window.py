"""The main window: article list, text, spans panel, legend, status bar, menus."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.gui import beliefs_action
from annotator.gui.annotating import AnnotatingScreen
from annotator.gui.background_work import BackgroundWork
from annotator.gui.connect import lock_path
from annotator.gui.keymap import load_keymap
from annotator.gui.menus import build_menus, fill_recent
from annotator.gui.panels import ArticleList, SpanPanel, legend
from annotator.gui.panes import three_panes
from annotator.gui.picker import RelationPicker
from annotator.gui.project_dialogs import ProjectDialogs
from annotator.gui.settings import GuiSettings
from annotator.gui.shared_project import SharedProject
from annotator.gui.text_view import TextView
from annotator.gui.undo_menu import UndoMenu
from annotator.gui.wording import message
from annotator.gui.workers import Background, Task
from annotator.usecases.annotating import AnnotationOutcome, AnnotationSession, checkpoint
from annotator.usecases.article_list import article_list
from annotator.usecases.projects import Project, demo_project, open_existing
from annotator.usecases.server import login_annotator
from annotator.usecases.suggesting import Engine, wants_other_engine
from annotator.usecases.undo import UndoStack

POLL_MS = 1000  # how soon a window sees what another window or process wrote
CHECKPOINT_MS = 1500  # quiet time after a burst of keys before the WAL is folded in
FOCUS_STYLE = (
    "QPlainTextEdit:focus, QTreeWidget:focus, QTableView:focus, QLineEdit:focus "
    "{ border: 2px solid #1f6fd1; }"
)


class MainWindow(ProjectDialogs, BackgroundWork, SharedProject):
    """One project, one annotator (dialogs: :class:`ProjectDialogs`; background work:
    :class:`BackgroundWork`; sharing the file: :class:`SharedProject`; menus: :mod:`menus`)."""

    # Made by menus.build_menus:
    recent_menu: QMenu
    edit_menu: UndoMenu
    beliefs_action: QAction  # Suggest > Suggest beliefs and intentions (beliefs_action.py)
    undo_action: QAction
    redo_action: QAction

    def __init__(self, settings: GuiSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or GuiSettings()
        self.project: Project | None = None
        self.session: AnnotationSession | None = None
        self.engine: Engine | None = None
        self.engine_model: str | None = None  # the remembered pipeline it was loaded for
        self._lock: QLockFile | None = None
        self.keymap = load_keymap()
        self.undo_stack = UndoStack()  # shared with the adjudication screen opened from here
        self.undo_stack.subscribe(self._undo_changed)
        self.setWindowTitle("annotator")
        self.resize(1400, 860)
        self.setAcceptDrops(True)
        self._build_status_bar()
        build_menus(self)
        self.setCentralWidget(self._welcome())
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(POLL_MS)
        self.poll_timer.timeout.connect(self.poll)
        self.checkpoint_timer = QTimer(self)
        self.checkpoint_timer.setSingleShot(True)
        self.checkpoint_timer.setInterval(CHECKPOINT_MS)
        self.checkpoint_timer.timeout.connect(self.fold_wal)

    # -- building ----------------------------------------------------------------
    def _welcome(self) -> QWidget:
        """No project yet: offer to create one, open one, or try the demo."""
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.addStretch()
        layout.addWidget(
            QLabel("<h2>annotator</h2><p>No project is open.</p>"), 0, Qt.AlignmentFlag.AlignCenter
        )
        for text, slot in (
            ("Create a new project…", self.new_project_dialog),
            ("Open a project…", self.open_project_dialog),
            ("Try the demo project", self.open_demo),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch()
        return panel

    def open_demo(self) -> bool:
        return self.open_project(str(demo_project()))

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.saved_label = QLabel("")
        self.who_label = QLabel("")
        self.pipeline_label = QLabel("pipeline: not loaded")
        for widget in (self.saved_label, self.who_label, self.pipeline_label):
            bar.addPermanentWidget(widget)
        self.background = Background(self, bar, lambda text: self.show_error(text))
        self.progress, self.cancel_button = self.background.progress, self.background.cancel_button
        self.workers: list[Task] = self.background.tasks  # the running ones (the same list)

    def _build_annotating(self) -> None:
        assert self.project is not None and self.session is not None
        scheme = self.project.scheme
        self.articles = ArticleList()
        self.articles.sort_by(self.settings.article_sort)  # as chosen last; else import order
        self.articles.sorted.connect(self._sorted)
        self.text = TextView(scheme)
        self.spans = SpanPanel(scheme)
        self.picker = RelationPicker(self.text)
        splitter = three_panes(self.articles, self.text, (self.spans, legend(scheme)), (360, 600, 440))
        splitter.setStyleSheet(FOCUS_STYLE)  # where the keys go is always visible
        self.setCentralWidget(splitter)
        self.annotating = AnnotatingScreen(self)
        self.articles.chosen.connect(self.annotating.open_article)
        self.articles.left.connect(self.text.setFocus)
        find = QAction("Find article", self)
        find.setShortcut(QKeySequence("Ctrl+F"))
        find.triggered.connect(self.annotating.do_find)
        self.addAction(find)

    # -- projects ------------------------------------------------------------------
    def open_project(self, path: str, annotator: str | None = None) -> bool:
        """Open a project as the current annotator; False if the user declined or it failed."""
        same = self.project is not None and self.project.location == path and self._lock is not None
        lock = self._lock if same else QLockFile(lock_path(path))
        assert lock is not None
        if not same:
            lock.setStaleLockTime(0)
            if not lock.tryLock(0) and not self.confirm_locked(path, lock):
                return False
        try:
            project = open_existing(path)
        except AnnotatorError as exc:
            if not same:
                lock.unlock()
            self.show_error(message(exc))
            return False
        if same:
            self._lock = None  # keep our own lock across the reopen (switching annotator)
        self.close_project()
        self._lock = lock
        self.project = project
        name = annotator or login_annotator(project) or self.settings.annotator or self.ask_annotator()
        self.settings.annotator = name
        self.session = AnnotationSession(project, name, self.undo_stack)
        self.session.on_change = lambda what: self.mark_saved(what)
        self.settings.add_recent(str(Path(path).resolve()) if "://" not in path else path)
        fill_recent(self)
        self.setWindowTitle(f"annotator — {Path(path).name}")
        self._build_annotating()
        self.refresh_articles()
        ids = self.articles.ids_in_order()
        if ids:
            self.annotating.open_article(ids[0])
        self.who_label.setText(f"annotator: {name}")
        self.mark_saved("opened")
        self.poll_timer.start()
        self.project_opened()  # team server: the connection banner watches it
        beliefs = beliefs_action.show_project(self)
        if self.engine is not None and not self.workers and wants_other_engine(project, self.engine_model):
            QTimer.singleShot(0, self.load_pipeline)  # the pipeline this project remembers
        else:
            beliefs_action.follow(self, beliefs)  # the same pipeline, maybe with beliefs
        return True

    def close_project(self) -> None:
        self.poll_timer.stop()
        self.checkpoint_timer.stop()
        annotating = getattr(self, "annotating", None)
        if annotating is not None:
            annotating.sync_panels()  # nothing left pending for a closed project
            annotating.detach()
            annotating.deleteLater()
            self.annotating = None  # type: ignore[assignment]
        if self.session is not None:
            self.undo_stack.forget(self.session)  # its steps need its connection
        if self.project is not None:
            checkpoint(self.project, closing=True)  # the file alone holds everything now
            self.project.close()
        if self._lock is not None:
            self._lock.unlock()
        self.project = self.session = None
        self._lock = None
        beliefs_action.show_project(self)  # nothing to choose for

    def refresh_articles(self) -> None:
        assert self.project is not None and self.session is not None
        self.articles.set_rows(article_list(self.project, self.session.annotator))
        self.show_team_statuses()  # a lead on a server: the others' statuses

    # -- undo ------------------------------------------------------------------------
    def undo_step(self, redo: bool = False) -> None:
        """Edit > Undo (Ctrl+Z) / Redo: the latest step of the stack shared with adjudication."""
        self.edit_menu.run(redo, painted=AnnotationOutcome)  # an annotating step: show_undone says it

    def _undo_changed(self, outcome: object | None) -> None:
        """The stack changed: the menu says what comes next; an annotating undo is painted."""
        self.edit_menu.update()
        annotating = getattr(self, "annotating", None)
        if isinstance(outcome, AnnotationOutcome) and annotating is not None and outcome.view is not None:
            annotating.show_undone(outcome)

    def _sorted(self, column: int, descending: bool) -> None:
        self.settings.article_sort = (column, descending)

    def mark_saved(self, what: str) -> None:
        self.saved_label.setText(f"✔ saved ({what})" if what else "✔ all changes saved")
        if what != "opened" and self.project is not None:
            self.checkpoint_timer.start()

    # -- other windows and messages ----------------------------------------------------
    def open_adjudication(self, annotators: list[str] | None = None, auto: bool = True) -> QMainWindow | None:
        """The adjudication screen on this project (its own window and connection)."""
        if self.project is None:
            return None
        from annotator.gui.adjudication import AdjudicationWindow

        try:
            window = AdjudicationWindow(
                open_existing(self.project.location), annotators, auto, undo=self.undo_stack
            )
        except AnnotatorError as exc:
            self.show_error(message(exc))
            return None
        window.show()
        self.adjudication_window = window
        return window

    def show_error(self, message: str) -> QMessageBox:
        """The message in the status bar and in a box that does not block the window."""
        self.statusBar().showMessage(message, 15000)
        box = QMessageBox(QMessageBox.Icon.Warning, "annotator", message, QMessageBox.StandardButton.Ok, self)
        box.setModal(False)
        box.show()
        self.error_box = box
        return box

    # -- Qt events -------------------------------------------------------------------
    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        if self.engine is None and not self.workers and self.project is not None:
            QTimer.singleShot(0, self.load_pipeline)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            self.import_paths(paths)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.background.stop()
        self.close_project()
        super().closeEvent(event)
