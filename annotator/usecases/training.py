"""Training a span model on a project's reviewed work (``annotator train``).

The training data is the spaCy export of the chosen work (one annotator's
articles marked done, or the gold set): :class:`annotator.io.docbin.DocBinWriter`
makes the DocBins, :mod:`annotator.suggest.trained` trains on them, and the
pipeline is written to a temporary folder that takes the place of the target
only when complete. ``suggest --model FOLDER`` then uses it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.io.atomic import atomic_folder
from annotator.io.docbin import DocBinWriter
from annotator.io.exported import WriteReport
from annotator.paths import default_projects_dir
from annotator.store import Project
from annotator.suggest import trained
from annotator.suggest.trained import TrainingCancelled, TrainingError, TrainResult, TrainSettings

# Reused from the export: who is selected, and their reviewed articles as items.
from annotator.usecases.exporting import Selection, annotators, items, split_ids

__all__ = [
    "TrainReport",
    "TrainSettings",
    "TrainingCancelled",
    "TrainingError",
    "has_reviewed_work",
    "model_folder",
    "train_project",
]

MARKER = "meta.json"  # a folder holding it is an earlier pipeline, which may be replaced
DEV_SHARE = 0.1  # held out to score the model, when there are at least MIN_FOR_DEV articles
MIN_FOR_DEV = 10


@dataclass(slots=True)
class TrainReport:
    """What ``train_project`` did."""

    output: Path
    selection: str
    articles: int
    result: TrainResult
    held_out: bool  # scored on held-out articles (else on the training ones)
    notes: list[str] = field(default_factory=list)


def model_folder(project: Project) -> Path:
    """Where the desktop app puts a project's trained model: beside its file
    (``NAME.model``), else (a server project) in the projects folder."""
    location = Path(project.location)
    if location.is_file():
        return location.with_name(location.name + ".model")
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", project.location.rsplit("/", 1)[-1]) or "project"
    return default_projects_dir() / f"{safe}.model"


def has_reviewed_work(project: Project, annotator: str) -> bool:
    """Whether ``annotator`` marked some article done (something to learn from)."""
    return bool(project.annotated_ids(annotator))


def train_project(
    project: Project,
    output: Path,
    *,
    annotator: str | None = None,
    gold: bool = False,
    base: str | None = None,
    settings: TrainSettings | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> TrainReport:
    """Train on ``annotator``'s articles marked done (or the gold set) and write the
    pipeline to ``output``. With fewer than 10 articles the model is scored on its
    training articles (said in the notes); otherwise 10 % are held out. Whose work
    cannot be found raises a :class:`~annotator.usecases.errors.SelectionError`.
    """
    _check_target(output)
    selection = Selection(annotator=annotator, gold=gold)
    names = annotators(project, selection)
    written = WriteReport()
    ids = sorted({i for name in names for i in project.annotated_ids(name)})
    if not ids:
        who = "the gold set" if gold else repr(annotator)
        raise TrainingError(
            f"{project.location}: {who} has no article marked done yet: nothing to learn from"
        )
    notes = []
    train_ids = None
    if len(ids) >= MIN_FOR_DEV:
        train_ids = split_ids(ids, 1 - DEV_SHARE, seed=0)
    else:
        notes.append(f"only {len(ids)} articles: scored on the training articles (not held out)")
    writer = DocBinWriter((), train_ids)
    writer.add_all(items(project, selection, names, written), written)
    if written.adjusted or written.left_out:
        changed = {**written.adjusted, **written.left_out}
        notes += [f"{n} {reason}" for reason, n in changed.items()]
    dev = writer.dev if train_ids is not None else writer.train
    nlp, result = trained.train(base, writer.train, dev, settings, progress=progress, cancelled=cancelled)
    about = {
        "trained_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "trained_on": "gold" if gold else annotator,
        "articles": len(ids),
    }
    with atomic_folder(output, MARKER) as tmp:
        trained.save(nlp, result, tmp, about)
    who = "the gold set" if gold else str(annotator)
    return TrainReport(output, who, len(ids), result, train_ids is not None, notes)


def _check_target(output: Path) -> None:
    """Refuse to replace a spaCy pipeline that ``annotator train`` did not write."""
    meta = output / MARKER
    if not meta.is_file():
        return
    try:
        about = json.loads(meta.read_text(encoding="utf-8")).get(trained.META_KEY)
    except (OSError, ValueError, AttributeError):
        about = None
    if not isinstance(about, dict):
        raise TrainingError(
            f"{output}: holds a spaCy pipeline that annotator train did not write; name a new folder"
        )
