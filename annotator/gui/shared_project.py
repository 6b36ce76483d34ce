"""The main window's part in sharing a project: another window or process on the same
file (the lock question, following each other's changes) and a file that can be copied
while open (the WAL folded in after each burst, File > Save a copy)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from annotator.core.errors import AnnotatorError
from annotator.gui.team_column import show_team
from annotator.usecases.annotating import checkpoint, save_copy
from annotator.usecases.team import team_statuses

if TYPE_CHECKING:
    from annotator.gui.annotating import AnnotatingScreen
    from annotator.gui.connection_banner import ConnectionMonitor
    from annotator.gui.panels import ArticleList
    from annotator.gui.picker import RelationPicker
    from annotator.usecases.annotating import AnnotationSession
    from annotator.usecases.projects import Project


class SharedProject(QMainWindow):
    """Mixed into the main window, which provides what is declared here."""

    if TYPE_CHECKING:
        project: Project | None
        session: AnnotationSession | None
        annotating: AnnotatingScreen
        picker: RelationPicker
        articles: ArticleList
        connection: ConnectionMonitor

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

    def project_opened(self) -> None:
        """A project was just opened: watch its server connection (on a server)."""
        self.connection.attach()

    def show_team_statuses(self) -> None:
        """After the article list was filled: the others' statuses, for a lead on a server."""
        if self.project is None or self.session is None:
            return
        try:
            statuses = team_statuses(self.project, self.session.annotator)
        except AnnotatorError as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return
        show_team(self.articles, statuses)

    @property
    def offline(self) -> bool:
        """True while the server of a server project cannot be reached (the banner shows)."""
        connection = getattr(self, "connection", None)
        return connection is not None and connection.offline

    def fold_wal(self) -> bool:
        """After a burst of work: the project file alone holds it (copy it, mail it)."""
        return self.project is not None and checkpoint(self.project)

    def poll(self) -> bool:
        """Show what another window or process wrote (True when something changed)."""
        if self.session is None or self.annotating is None or self.picker.isVisible() or self.offline:
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
