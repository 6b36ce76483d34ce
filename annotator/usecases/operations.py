"""The long use cases as operations (:mod:`annotator.usecases.running`), for the
GUI's worker thread and the CLI's progress bar alike."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.usecases.exporting import export_operation
from annotator.usecases.running import Cancelled, Control, Operation

if TYPE_CHECKING:
    from annotator.store import Project
    from annotator.suggest.engine import Engine
    from annotator.suggest.trained import TrainSettings
    from annotator.usecases.importing import ImportReport
    from annotator.usecases.merging import MergeReport
    from annotator.usecases.suggesting import SuggestReport
    from annotator.usecases.training import TrainReport

__all__ = ["exporting", "importing", "loading_engine", "merging", "suggesting", "training"]

exporting = export_operation


def importing(project: Project, paths: Sequence[Path], **options: Any) -> Operation[ImportReport]:
    """Import files and folders (``options`` as :func:`~annotator.usecases.importing.import_paths`
    takes them); progress in bytes; a cancel stops between files and keeps what was stored."""
    from annotator.usecases.importing import import_paths

    def body(control: Control) -> ImportReport:
        report = import_paths(
            project, paths, progress=control.progress("Importing"), cancelled=control.cancelled, **options
        )
        if control.cancelled():
            raise Cancelled("Importing", kept=True, partial=report)
        return report

    return Operation("Importing", "bytes", body)


def suggesting(
    project: Project, *, engine: Engine | None = None, model: str | None = None, processes: int = 1
) -> Operation[SuggestReport]:
    """Suggest for every article not yet seen (on the project's remembered pipeline
    unless ``engine`` or ``model`` is given); a cancel keeps the articles finished."""
    from annotator.usecases.suggesting import suggest_project

    def body(control: Control) -> SuggestReport:
        report = suggest_project(
            project,
            model=model,
            engine=engine,
            processes=processes,
            progress=control.progress("Suggesting"),
            cancelled=control.cancelled,
        )
        if report.cancelled:
            raise Cancelled("Suggesting", kept=True, partial=report)
        return report

    return Operation("Suggesting", "articles", body)


def loading_engine(project: Project | None) -> Operation[Engine]:
    """Load the project's remembered pipeline (else the best installed)."""
    from annotator.usecases.suggesting import project_engine

    return Operation("Loading pipeline", "articles", lambda control: project_engine(project))


def training(
    project: Project,
    output: Path,
    *,
    annotator: str | None = None,
    gold: bool = False,
    base: str | None = None,
    settings: TrainSettings | None = None,
) -> Operation[TrainReport]:
    """Train on reviewed work (see :func:`~annotator.usecases.training.train_project`);
    a cancel writes no model."""
    from annotator.usecases.training import TrainingCancelled, train_project

    def body(control: Control) -> TrainReport:
        try:
            return train_project(
                project,
                output,
                annotator=annotator,
                gold=gold,
                base=base,
                settings=settings,
                progress=control.progress("Training"),
                cancelled=control.cancelled,
            )
        except TrainingCancelled:
            raise Cancelled("Training", kept=False) from None

    return Operation("Training", "articles", body)


def merging(
    target: Project, sources: Sequence[str | Path], each: Callable[[MergeReport], None] | None = None
) -> Operation[list[MergeReport]]:
    """Merge project files into ``target`` (``each`` hears every source's report);
    a cancel stops between sources and keeps those merged."""
    from annotator.usecases.merging import merge_projects

    def body(control: Control) -> list[MergeReport]:
        return merge_projects(target, sources, progress=each, control=control)

    return Operation("Merging", "projects", body)
