"""Measuring agreement between a project's annotators (``annotator agreement``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from annotator.core.agreement import AgreementReport, Unit, measure
from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD
from annotator.io import json_report
from annotator.io.agreement_html import render
from annotator.io.atomic import atomic_file, check_file_target, writing
from annotator.store import Project
from annotator.store.comparing import done_ids, iter_sets
from annotator.usecases.errors import TooFewAnnotators


def compared_annotators(project: Project, annotators: Sequence[str] | None) -> list[str]:
    """The annotators to compare: those named, else everyone but the gold annotator."""
    known = project.annotators()
    chosen = list(dict.fromkeys(annotators)) if annotators else [n for n in known if n != GOLD]
    unknown = [n for n in chosen if n not in known]
    if unknown:
        raise AnnotatorError(
            f"{project.location}: no annotator named {unknown[0]!r} (known: {', '.join(known) or 'none'})"
        )
    if len(chosen) < 2:
        raise TooFewAnnotators(project.location, chosen)
    return chosen


def compared_articles(
    project: Project, annotators: Sequence[str], *, require_all: bool = True
) -> dict[int, list[str]]:
    """Article id -> the compared annotators who marked it done.

    By default only articles every compared annotator marked done; with
    ``require_all=False``, those at least two marked done (the others left out).
    """
    done = done_ids(project, annotators)
    ids = set().union(*done.values())
    wanted = {i: [n for n in annotators if i in done[n]] for i in sorted(ids)}
    need = len(annotators) if require_all else 2
    return {i: who for i, who in wanted.items() if len(who) >= need}


def agreement(
    project: Project, annotators: Sequence[str] | None = None, *, require_all: bool = True
) -> AgreementReport:
    """Every agreement figure over the compared articles (see annotator.core.agreement)."""
    names = compared_annotators(project, annotators)
    wanted = compared_articles(project, names, require_all=require_all)
    if not wanted:
        which = "every one" if require_all else "at least two"
        raise AnnotatorError(
            f"{project.location}: no article marked done by {which} of {', '.join(names)}; nothing to compare"
        )
    units = (
        Unit(article.id, article.text, sets, article.title) for article, sets in iter_sets(project, wanted)
    )
    return measure(units, names, project.scheme.label_names)


def write_json(report: AgreementReport, path: Path) -> None:
    """The whole report as JSON (undefined figures as null), written atomically."""
    json_report.write(report.as_dict(), path)


def write_html(report: AgreementReport, path: Path, title: str, lowest: int = 10) -> None:
    """The self-contained HTML report (heatmaps, confusion matrix, lowest articles)."""
    with writing(path), atomic_file(path) as tmp:
        tmp.write_text(render(report, title, lowest), encoding="utf-8")


def check_targets(*paths: Path | None) -> None:
    """Refuse unwritable report paths before the work, not after."""
    for path in paths:
        if path is not None:
            check_file_target(path)
