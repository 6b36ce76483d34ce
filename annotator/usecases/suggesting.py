"""Running the suggestion engine over a project's articles."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from annotator.store import Project
from annotator.suggest import pipeline
from annotator.suggest.engine import Engine
from annotator.suggest.pipeline import PipelineError

__all__ = [
    "BELIEFS_SETTING",
    "MODEL_SETTING",
    "Engine",
    "SuggestReport",
    "anything_to_suggest",
    "load_engine",
    "project_beliefs",
    "project_engine",
    "project_model",
    "remember_beliefs",
    "remember_model",
    "suggest_project",
    "wants_other_engine",
]

MODEL_SETTING = "pipeline"
# Whether the project's guidelines count beliefs and intentions as statements
# (PolNeAR's do, the news-claims scheme's do not): ``suggest --beliefs --remember``.
BELIEFS_SETTING = "suggest_beliefs"
BATCH = 32


@dataclass(slots=True)
class SuggestReport:
    """What a suggestion run did."""

    suggested: int = 0
    skipped: int = 0  # already suggested by this suggester version
    spans: int = 0
    relations: int = 0
    pipeline: str = ""
    pipeline_version: str = ""
    warning: str = ""
    cancelled: bool = False


def project_model(project: Project) -> str | None:
    """The pipeline a project asks for, if it names one."""
    value = project.setting(MODEL_SETTING)
    return value if isinstance(value, str) and value else None


def project_beliefs(project: Project) -> bool:
    """Whether the project asks for beliefs and intentions to be suggested."""
    return project.setting(BELIEFS_SETTING) is True


def load_engine(project: Project, model: str | None = None, *, beliefs: bool | None = None) -> Engine:
    """The engine on the pipeline named here, else the project's, else the best
    installed; beliefs as cues when asked here, else as the project says."""
    wanted = project_beliefs(project) if beliefs is None else beliefs
    return Engine.load(model or project_model(project), beliefs=wanted)


def project_engine(project: Project | None) -> Engine:
    """The engine the project remembers (``suggest --remember``, a trained model), else
    the best installed one, also when the remembered pipeline was moved or removed."""
    if project is None:
        return Engine.load()
    try:
        return load_engine(project)
    except PipelineError:
        return Engine.load(beliefs=project_beliefs(project))


def wants_other_engine(project: Project, loaded_for: str | None) -> bool:
    """Whether the project remembers another pipeline than the one loaded for
    ``loaded_for`` (a model name or path; None: the best installed), so that a
    window opening this project must load it."""
    return project_model(project) != loaded_for


def anything_to_suggest(project: Project, engine: Engine) -> bool:
    """Whether some article has no suggestions of ``engine``'s version yet."""
    return bool(project.articles_to_suggest(engine.origin))


def remember_model(project: Project, model: str) -> None:
    """Make ``model`` the project's pipeline for later runs (here and in the desktop app)."""
    project.set_setting(MODEL_SETTING, model)


def remember_beliefs(project: Project, beliefs: bool) -> None:
    """Suggest beliefs and intentions in this project from now on, or stop (here and
    in the desktop app)."""
    project.set_setting(BELIEFS_SETTING, beliefs)


def suggest_project(
    project: Project,
    *,
    model: str | None = None,
    engine: Engine | None = None,
    processes: int = 1,
    batch: int = BATCH,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> SuggestReport:
    """Suggest for every article the current suggester version has not seen.

    Each article's suggestions are stored in their own transaction, so an
    interrupted run keeps what it finished and the next run goes on from there.
    Suggestions of an older version are replaced; annotations are never touched.
    """
    engine = engine or load_engine(project, model)
    report = SuggestReport(pipeline=engine.info.name, pipeline_version=engine.info.version)
    if engine.info.missing:
        report.warning = pipeline.missing_message()
    todo = project.articles_to_suggest(engine.origin)
    report.skipped = project.counts().articles - len(todo)
    total = len(todo)
    if progress:
        progress(0, total)
    for start in range(0, total, batch):
        if cancelled():
            report.cancelled = True
            break
        chunk = todo[start : start + batch]
        texts = [project.article(i).text for i in chunk]
        for article_id, result in zip(chunk, engine.suggest_many(texts, n_process=processes), strict=True):
            project.replace_suggestions(article_id, result)
            report.suggested += 1
            report.spans += len(result.suggestions)
            report.relations += len(result.relations)
            if progress:
                progress(report.suggested, total)
    return report
