"""The main window's background work: loading the spaCy pipeline, suggesting for new
articles, importing and exporting, each an operation of the use cases run off the UI
thread with the progress bar and Cancel (:class:`~annotator.gui.workers.Background`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from annotator.gui.workers import Background, Task
from annotator.usecases import operations
from annotator.usecases.running import Cancelled, Operation
from annotator.usecases.suggesting import Engine, project_model

if TYPE_CHECKING:
    from annotator.gui.annotating import AnnotatingScreen
    from annotator.usecases.annotating import AnnotationSession
    from annotator.usecases.projects import Project

R = TypeVar("R")


class BackgroundWork(QMainWindow):
    """Mixed into the main window, which provides what is declared here."""

    if TYPE_CHECKING:
        project: Project | None
        session: AnnotationSession | None
        engine: Engine | None
        engine_model: str | None
        background: Background
        pipeline_label: QLabel
        annotating: AnnotatingScreen

        def refresh_articles(self) -> None: ...
        def show_error(self, message: str) -> QMessageBox: ...

    def run_in_background(
        self,
        operation: Operation[R],
        done: Callable[[R], None] | None = None,
        cancelled: Callable[[Cancelled], None] | None = None,
    ) -> Task:
        """Run an operation off the UI thread with the progress bar and the Cancel button
        (see :class:`Background`)."""
        return self.background.run(operation, done, cancelled)

    def cancel_work(self) -> None:
        self.background.cancel()

    def load_pipeline(self) -> None:
        """Load spaCy in the background once the window shows."""
        self.pipeline_label.setText("pipeline: loading…")

        project = self.project
        model = project_model(project) if project is not None else None

        def loaded(engine: Engine) -> None:
            self.use_engine(engine, model)
            self.suggest_new()

        self.run_in_background(operations.loading_engine(project), loaded)

    def use_engine(self, engine: Engine, model: str | None = None) -> None:
        """The suggestion engine to use (loaded in the background, or handed in);
        ``model``: the remembered pipeline it was loaded for (None: the default)."""
        self.engine, self.engine_model = engine, model
        name = f"{engine.info.name} {engine.info.version}" if not engine.info.missing else "rules only"
        self.pipeline_label.setText(f"pipeline: {name}")

    def suggest_new(self) -> None:
        """Suggest for articles that have no suggestions yet (after an import, at start)."""
        if self.engine is None or self.project is None:
            return
        from annotator.usecases.suggesting import anything_to_suggest

        if not anything_to_suggest(self.project, self.engine):
            return

        def refresh(_: object) -> None:  # done or cancelled alike: show what was stored
            self.after_background_change()

        self.run_in_background(operations.suggesting(self.project, engine=self.engine), refresh, refresh)

    def import_paths(self, paths: list[Path]) -> None:
        if self.project is None:
            return
        from annotator.usecases.importing import ImportReport

        def done(report: ImportReport) -> None:
            refused = report.refused
            self.statusBar().showMessage(
                f"{report.imported} imported, {report.duplicates} duplicate, {len(refused)} refused", 15000
            )
            if refused:
                self.show_error("Some files were refused:\n" + "\n".join(str(r) for r in refused[:20]))
            self.after_background_change()
            self.suggest_new()

        self.run_in_background(
            operations.importing(self.project, paths), done, lambda _: self.after_background_change()
        )

    def export_to(self, fmt: str, path: Path, include_pending: bool = False) -> None:
        """Export this annotator's reviewed work in the background (written whole or not at all)."""
        if self.project is None or self.session is None:
            return
        from annotator.usecases.exporting import ExportReport, Selection

        selection = Selection(self.session.annotator, include_pending=include_pending)

        def done(report: ExportReport) -> None:
            written = report.written
            counts = f"{written.documents} articles, {written.spans} spans, {written.relations} relations"
            self.statusBar().showMessage(f"exported to {path}: {counts}", 15000)

        self.run_in_background(operations.exporting(self.project, fmt, path, selection), done)

    def after_background_change(self) -> None:
        if self.session is None:
            return
        self.refresh_articles()
        current = self.session.open_article_id
        if current is not None:
            self.annotating.open_article(current)
