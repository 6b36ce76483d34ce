"""Creating, opening and describing projects."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator import __version__
from annotator.core.model import ArticleSummary
from annotator.core.scheme import Scheme, load_scheme
from annotator.resources import default_scheme
from annotator.store import Project, ProjectCounts, create_project, open_project

# The project handle the clients hold (they reach the store through the use cases only).
__all__ = [
    "Project",
    "ProjectInfo",
    "demo_project",
    "list_articles",
    "new_project",
    "open_existing",
    "project_info",
]


def new_project(target: str | Path, scheme_file: Path | None = None) -> Project:
    """Create a project with the default scheme or the one in ``scheme_file``."""
    scheme = load_scheme(scheme_file) if scheme_file is not None else default_scheme()
    return create_project(target, scheme, __version__)


def demo_project(folder: Path | None = None) -> Path:
    """A project made from the bundled sample article, kept between runs."""
    from annotator.paths import default_projects_dir
    from annotator.resources import resources_dir
    from annotator.usecases.importing import import_paths

    folder = folder or default_projects_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "demo.annotator"
    if not path.exists():
        with new_project(path) as project:
            import_paths(project, [resources_dir() / "samples"])
    return path


def open_existing(target: str | Path) -> Project:
    """Open a project (migrating an older one)."""
    return open_project(target)


@dataclass(frozen=True, slots=True)
class ProjectInfo:
    location: str
    schema: str | None
    created: dict[str, Any]
    scheme: Scheme
    counts: ProjectCounts
    annotators: list[str]


def project_info(project: Project) -> ProjectInfo:
    """What a project holds."""
    return ProjectInfo(
        location=project.location,
        schema=project.schema_revision,
        created=project.created,
        scheme=project.scheme,
        counts=project.counts(),
        annotators=project.annotators(),
    )


def list_articles(project: Project) -> list[ArticleSummary]:
    """The project's articles with each annotator's status."""
    return project.list_articles()


def checkpoint(project: Project, closing: bool = False) -> bool:
    """Fold recent work into the project file itself (SQLite's WAL), so that a copy of the
    file made now holds it; on a server, nothing to do."""
    from annotator.store.copying import checkpoint as fold

    return fold(project, truncate=closing)


def save_copy(project: Project, target: str | Path) -> Path:
    """A consistent one-file copy of a project file, made while it is open."""
    from annotator.store.copying import save_copy as backup

    return backup(project, Path(target))
