"""The main window's part in sharing a project: another window or process on the same
file (the lock question, following each other's changes) and a file that can be copied
while open (the WAL folded in after each burst, File > Save a copy)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from annotator.core.errors import AnnotatorError
from annotator.usecases.annotating import checkpoint, save_copy

if TYPE_CHECKING:
    from annotator.gui.annotating import AnnotatingScreen
    from annotator.gui.panels import ArticleList
    from annotator.gui.picker import RelationPicker
    from annotator.store import Project
    from annotator.usecases.annotating import AnnotationSession


class SharedProject(QMainWindow):
    """Mixed into the main window, which provides what is declared here."""

    if TYPE_CHECKING:
        project: Project | None
        session: AnnotationSession | None
        annotating: AnnotatingScreen
        picker: RelationPicker
        articles: ArticleList

        def refresh_articles(self) -> None: ...
        def show_error(self, message: str) -> QMessageBox: ...

    def confirm_locked(self, path: str, lock: QLockFile) -> bool:
        """Another window has the project open: say so; open only if the user insists."""
        info = tuple(lock.getLockInfo())  # (pid, host name, application name) in PySide6
        if len(info) == 4:  # some bindings put the success flag first
            info = info[1:]
        pid, host, app = (*info, "?", "?", "?")[:3]
        answer = QMessageBox.warning(
            self,
            "Project already open",
            f"{path} is open in another window ({app}, process {pid} on {host}).\n"
            "Both can work on it: each window shows the other's changes within a second or two, "
            "and undo never removes what the other wrote. Open anyway?",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Open

    def fold_wal(self) -> bool:
        """After a burst of work: the project file alone holds it (copy it, mail it)."""
        return self.project is not None and checkpoint(self.project)

    def poll(self) -> bool:
        """Show what another window or process wrote (True when something changed)."""
        if self.session is None or self.annotating is None or self.picker.isVisible():
            return False
        before = self.session.view if self.session.open_article_id is not None else None
        try:
            changed = self.session.poll()
        except AnnotatorError as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return False
        if changed:
            self.refresh_articles()
            if self.session.open_article_id is not None:
                self.articles.select(self.session.view.article.id)
                self.annotating.show_stored(before)
        return changed

    def save_copy_dialog(self) -> None:
        if self.project is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "Save a copy of the project", "", "Annotator projects (*.annotator)"
        )
        if path:
            self.save_copy_to(Path(path))

    def save_copy_to(self, path: Path) -> bool:
        """A consistent copy of the open project in one file (SQLite's backup API)."""
        if self.project is None:
            return False
        try:
            save_copy(self.project, path)
        except AnnotatorError as exc:
            self.show_error(str(exc))
            return False
        self.statusBar().showMessage(f"copy saved to {path}", 15000)
        return True
