"""The main window's dialogs: who the annotator is, new and open project, import files
or a folder, export to a file or folder. Thin: each asks, then calls the window's method
that does the work (tests call those methods)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMainWindow, QMessageBox

from annotator.core.errors import AnnotatorError, InputError
from annotator.core.validate import check_annotator_name
from annotator.gui.wording import message
from annotator.usecases.projects import new_project

if TYPE_CHECKING:
    from annotator.gui.settings import GuiSettings
    from annotator.usecases.annotating import AnnotationSession
    from annotator.usecases.projects import Project


class ProjectDialogs(QMainWindow):
    """Mixed into the main window, which provides what is declared here."""

    if TYPE_CHECKING:
        settings: GuiSettings
        project: Project | None
        session: AnnotationSession | None

        def open_project(self, path: str, annotator: str | None = None) -> bool: ...
        def import_paths(self, paths: list[Path]) -> None: ...
        def export_to(self, fmt: str, path: Path, include_pending: bool = False) -> None: ...
        def show_error(self, message: str) -> QMessageBox: ...

    def ask_annotator(self) -> str:
        name, ok = QInputDialog.getText(
            self, "Who are you?", "Annotator name:", text=self.settings.default_annotator()
        )
        if ok and name.strip():
            try:
                return check_annotator_name(name)
            except InputError as exc:
                self.show_error(f"{exc.reason}; using {self.settings.default_annotator()!r}")
        return self.settings.default_annotator()

    def switch_annotator_dialog(self) -> None:
        if self.project is None:
            return
        name, ok = QInputDialog.getText(
            self, "Switch annotator", "Annotator name:", text=self.settings.annotator
        )
        if ok and name.strip():
            self.switch_annotator(name.strip())

    def switch_annotator(self, name: str) -> bool:
        """Reopen the project as another annotator (the name is kept only if that works)."""
        assert self.project is not None
        try:
            name = check_annotator_name(name)
        except InputError as exc:
            self.show_error(exc.reason)
            return False
        return self.open_project(self.project.location, name)

    def new_project_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New project", "", "Annotator projects (*.annotator)")
        if path:
            self.create_project(path)

    def create_project(self, path: str) -> bool:
        try:
            new_project(path).close()
        except AnnotatorError as exc:
            self.show_error(message(exc))
            return False
        return self.open_project(path)

    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open project", "", "Annotator projects (*.annotator);;All (*)"
        )
        if path:
            self.open_project(path)

    def import_files_dialog(self) -> None:
        from annotator.usecases.importing import dialog_filters

        paths, _ = QFileDialog.getOpenFileNames(self, "Import articles", "", dialog_filters())
        if paths:
            self.import_paths([Path(p) for p in paths])

    def import_folder_dialog(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Import a folder of articles")
        if path:
            self.import_paths([Path(path)])

    def export_dialog(self, fmt: str) -> None:
        if self.session is None:
            return
        if fmt in ("brat", "cas-xmi"):
            path = QFileDialog.getExistingDirectory(self, "Export to a new or empty folder")
        else:
            path, _ = QFileDialog.getSaveFileName(self, f"Export as {fmt}")
        if path:
            self.export_to(fmt, Path(path))
