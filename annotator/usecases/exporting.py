"""Exporting a project's reviewed work (or its suggestions) for other tools.

What is exported: by default an annotator's annotations on the articles they
marked done, or the gold set; ``include_pending`` adds work in progress;
suggestions are exported as if made by an annotator named after the suggester.
Every file is written under a temporary name and renamed when complete.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.errors import Cancelled as WriterCancelled
from annotator.core.model import GOLD
from annotator.io.atomic import atomic_file, atomic_folder, check_file_target, clean_stale, writing
from annotator.io.exported import NOTHING_YET, Annotated, WriteReport, status_to_write
from annotator.store import Project
from annotator.usecases.errors import (
    ChoiceNeeded,
    ExportError,
    NoArticlesYet,
    NobodyYet,
    NoGoldYet,
    NoSuchAnnotator,
    NothingToExport,
    OptionsNeedFormat,
    ShareOutOfRange,
    SplitNeedsFolder,
    TooFewToSplit,
    UnknownFormat,
    UnknownLabels,
)
from annotator.usecases.running import Cancelled, Control, Operation

__all__ = [
    "FORMATS",
    "ExportError",
    "ExportOptions",
    "ExportReport",
    "Selection",
    "annotators",
    "export",
    "export_operation",
    "items",
    "split_ids",
]

FORMATS = ("jsonl", "spacy", "brat", "conll", "quotes-csv", "label-studio", "cas-xmi")
DEFAULT_ENT_LABELS = ("PERSON", "ROLE")
WHAT = "Exporting"
Progress = Callable[[int, int], None]  # (articles done, articles in all)
SELECTION_CHOICES = ("annotator", "gold", "everyone", "suggestions")  # the fields of Selection
SPACY_ONLY = ("spancat_config", "type_labels", "rel_component")  # ExportOptions only .spacy takes


@dataclass(frozen=True, slots=True)
class Selection:
    """Whose work to export: one annotator, the gold set, everyone, or the suggestions."""

    annotator: str | None = None
    gold: bool = False
    everyone: bool = False
    suggestions: bool = False
    include_pending: bool = False


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Format-specific choices."""

    split: float | None = None  # .spacy: share of articles for training
    seed: int = 0
    ent_labels: tuple[str, ...] = DEFAULT_ENT_LABELS  # doc.ents and CoNLL
    spancat_config: bool = (
        False  # .spacy: a spancat config.cfg beside, its suggester reaching the longest span
    )
    type_labels: bool = False  # .spacy: QUOTE type=direct as span label QUOTE_DIRECT too
    rel_component: bool = False  # .spacy: doc._.rel for Explosion's rel_component tutorial


@dataclass(slots=True)
class ExportReport:
    """What an export wrote and what it left out (see :class:`WriteReport`)."""

    format: str
    output: Path
    selection: str
    written: WriteReport = field(default_factory=WriteReport)


Writer = Callable[[Iterator[Annotated], Path, WriteReport], None]


def export(
    project: Project,
    format: str,
    output: Path,
    selection: Selection,
    options: ExportOptions | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> ExportReport:
    """Write the selected work in ``format`` to ``output``; an ExportError says why not.

    ``progress(done, total)`` counts articles; when ``cancelled()`` turns true the
    export stops between two articles, leaves no file and raises
    :class:`~annotator.usecases.running.Cancelled` (every format).
    """
    control = Control(
        (lambda done, total, what: progress(done, total)) if progress is not None else Control().report,
        cancelled,
    )
    return _run(project, format, output, selection, options, control)


def export_operation(
    project: Project,
    format: str,
    output: Path,
    selection: Selection,
    options: ExportOptions | None = None,
) -> Operation[ExportReport]:
    """:func:`export` as an operation for a runner (progress in articles, Cancel honoured)."""
    return Operation(
        WHAT, "articles", lambda control: _run(project, format, output, selection, options, control)
    )


def _run(
    project: Project,
    format: str,
    output: Path,
    selection: Selection,
    options: ExportOptions | None,
    control: Control,
) -> ExportReport:
    options = options or ExportOptions()
    if format not in FORMATS:
        raise UnknownFormat(format, FORMATS)
    if options.split is not None and format != "spacy":
        raise OptionsNeedFormat(("split",), "spacy")
    if format != "spacy" and any(getattr(options, name) for name in SPACY_ONLY):
        raise OptionsNeedFormat(SPACY_ONLY, "spacy")
    if options.split is not None and not 0 < options.split < 1:
        raise ShareOutOfRange(options.split)
    names = annotators(project, selection)
    report = ExportReport(format, output, _describe(selection, names))
    if selection.gold:
        from annotator.usecases.adjudicating import gold_progress

        adjudicated = gold_progress(project)
        note = adjudicated.note() if adjudicated is not None else None
        report.written.notes.extend([note] if note else [])  # gold must not come out short unnoticed
    with writing(output):
        _clean_stale(output, options, report.written)
        _export(project, format, output, selection, options, names, report, control)
    return report


def _clean_stale(output: Path, options: ExportOptions, written: WriteReport) -> None:
    """Remove what interrupted exports to the same place left, and say so."""
    targets = [output] if options.split is None else [output / "train.spacy", output / "dev.spacy"]
    removed = [p for target in targets for p in clean_stale(target)]
    if removed:
        written.notes.append(
            f"removed {len(removed)} temporary file{'s' if len(removed) != 1 else ''} left by an "
            f"interrupted export: {', '.join(p.name for p in removed)}"
        )


def _export(
    project: Project,
    format: str,
    output: Path,
    selection: Selection,
    options: ExportOptions,
    names: list[str],
    report: ExportReport,
    control: Control,
) -> None:
    if format == "jsonl":
        with atomic_file(output) as tmp:
            _to_jsonl(project, selection, names, tmp, report.written, control)
            _require_some(report, selection)
        report.written.files.append(output)
        return
    # Every other writer reads the articles from this iterator: it stops them between two.
    total = len(_article_ids(project, selection, names))
    chosen = control.each(items(project, selection, names, report.written), total, WHAT)
    _to_format(project, format, output, selection, options, names, report, chosen)


def _to_format(
    project: Project,
    format: str,
    output: Path,
    selection: Selection,
    options: ExportOptions,
    names: list[str],
    report: ExportReport,
    items: Iterator[Annotated],
) -> None:
    if format == "conll":
        from annotator.io.conll import write_conll

        _check_labels(project, options.ent_labels)
        labels = options.ent_labels

        def conll(items: Iterator[Annotated], path: Path, written: WriteReport) -> None:
            write_conll(items, path, written, labels)

        _to_file(conll, items, output, report, selection)
    elif format == "quotes-csv":
        from annotator.io.quotes import write_quotes

        _to_file(write_quotes, items, output, report, selection)
    elif format == "brat":
        _to_brat(project, items, output, report, selection)
    elif format == "label-studio":
        _to_label_studio(project, items, output, report, selection)
    elif format == "cas-xmi":
        _to_cas(project, items, output, report, selection)
    elif format == "spacy":
        _check_labels(project, options.ent_labels)
        _to_docbin(project, items, output, report, selection, names, options)


def _to_brat(
    project: Project, items: Iterator[Annotated], output: Path, report: ExportReport, selection: Selection
) -> None:
    from annotator.io.brat import CONF, write_folder

    nested = selection.everyone or selection.suggestions
    with atomic_folder(output, CONF) as tmp:
        write_folder(items, tmp, project.scheme, report.written, nested=nested)
        _require_some(report, selection)
    report.written.files.append(output)


def _to_label_studio(
    project: Project, items: Iterator[Annotated], output: Path, report: ExportReport, selection: Selection
) -> None:
    from annotator.io.label_studio_export import config_path, label_config, write_label_studio

    _to_file(write_label_studio, items, output, report, selection)
    config = config_path(output)
    with atomic_file(config) as tmp:
        tmp.write_text(label_config(project.scheme), encoding="utf-8")
    report.written.files.append(config)


def _to_cas(
    project: Project, items: Iterator[Annotated], output: Path, report: ExportReport, selection: Selection
) -> None:
    from annotator.io.cas_export import TYPE_SYSTEM, write_cas_folder

    with atomic_folder(output, TYPE_SYSTEM) as tmp:
        write_cas_folder(items, tmp, project.scheme, report.written)
        _require_some(report, selection)
    report.written.files.append(output)


def _check_labels(project: Project, labels: tuple[str, ...]) -> None:
    unknown = [label for label in labels if project.scheme.label(label) is None]
    if unknown:
        raise UnknownLabels("ent_labels", unknown, project.scheme.label_names)


def _to_docbin(
    project: Project,
    items: Iterator[Annotated],
    output: Path,
    report: ExportReport,
    selection: Selection,
    names: list[str],
    options: ExportOptions,
) -> None:
    from annotator.io.docbin import DocBinWriter

    train_ids = None
    if options.split is not None:
        if output.exists() and not output.is_dir():
            raise SplitNeedsFolder(output, parent_missing=False)
        if not output.parent.is_dir():
            raise SplitNeedsFolder(output, parent_missing=True)
        ids = _article_ids(project, selection, names)
        if len(ids) < 2:
            raise TooFewToSplit(report.selection, len(ids))
        train_ids = split_ids(ids, options.split, options.seed)
    else:
        check_file_target(output)
    rel_labels = project.scheme.relation_names if options.rel_component else None
    writer = DocBinWriter(
        options.ent_labels, train_ids, type_labels=options.type_labels, rel_labels=rel_labels
    )
    writer.add_all(items, report.written)
    _require_some(report, selection)
    if train_ids is None:
        with atomic_file(output) as tmp:
            writer.train.to_disk(tmp)
        report.written.files.append(output)
        if options.spancat_config:
            _spancat_config(output, False, writer.longest, report)
        return
    output.mkdir(exist_ok=True)
    train, dev = output / "train.spacy", output / "dev.spacy"
    with atomic_file(train) as tmp_train, atomic_file(dev) as tmp_dev:
        writer.train.to_disk(tmp_train)
        writer.dev.to_disk(tmp_dev)
    report.written.files += [train, dev]
    n_train, n_dev = len(writer.articles["train"]), len(writer.articles["dev"])
    report.written.notes.append(
        f"split (seed {options.seed}): {n_train} articles ({len(writer.train)} docs) in {train.name}, "
        f"{n_dev} articles ({len(writer.dev)} docs) in {dev.name}"
    )
    if options.spancat_config:
        _spancat_config(output, True, writer.longest, report)


def _spancat_config(output: Path, split: bool, longest: int, report: ExportReport) -> None:
    """Write spaCy's starter spancat config beside the export, with the paths filled in and a
    span_finder whose candidates reach the longest span exported (``spacy init config``'s
    n-grams of 1-3 tokens miss most quotes)."""
    from annotator.io.spancat_config import spancat_config

    folder = output if split else output.parent
    train = output / "train.spacy" if split else output
    dev = output / "dev.spacy" if split else output
    path = folder / "config.cfg" if split else output.with_suffix(".cfg")
    with atomic_file(path) as tmp:
        tmp.write_text(spancat_config(train, dev, max(longest, 1)), encoding="utf-8")
    report.written.files.append(path)
    report.written.notes.append(
        f"{path.name}: span_finder + spancat, candidates of 1 to {max(longest, 1)} tokens "
        f"(the longest span exported); train with: python -m spacy train {path}"
    )


def split_ids(ids: list[int], share: float, seed: int) -> set[int]:
    """The articles for training: a seeded shuffle, cut at ``share`` (both sides non-empty)."""
    order = sorted(set(ids))
    random.Random(seed).shuffle(order)
    cut = min(max(round(share * len(order)), 1), len(order) - 1)
    return set(order[:cut])


def _article_ids(project: Project, selection: Selection, names: list[str]) -> list[int]:
    if selection.suggestions:
        return project.suggested_ids()
    return sorted(
        {i for name in names for i in project.annotated_ids(name, include_pending=selection.include_pending)}
    )


def _to_file(
    write: Writer, items: Iterator[Annotated], output: Path, report: ExportReport, selection: Selection
) -> None:
    with atomic_file(output) as tmp:
        write(items, tmp, report.written)
        _require_some(report, selection)
    report.written.files.append(output)


def _require_some(report: ExportReport, selection: Selection) -> None:
    """Refuse (so the temporary file is dropped) an export that holds nothing."""
    if report.written.documents:
        return
    helps = not (selection.include_pending or selection.suggestions)
    raise NothingToExport(report.selection, pending_would_help=helps)


def annotators(project: Project, selection: Selection) -> list[str]:
    """The annotators whose work ``selection`` names (none for the suggestions);
    a :class:`~annotator.usecases.errors.SelectionError` says why there are none."""
    chosen = [selection.annotator is not None, selection.gold, selection.everyone, selection.suggestions]
    if sum(chosen) != 1:
        raise ChoiceNeeded(SELECTION_CHOICES)
    if not project.counts().articles:
        raise NoArticlesYet(project.location)
    if selection.suggestions:
        return []
    known = project.annotators()
    if selection.everyone:
        if not known:
            raise NobodyYet(project.location)
        return known
    if selection.gold:
        if GOLD not in known:
            raise NoGoldYet(project.location, GOLD)
        return [GOLD]
    name = selection.annotator or ""
    if name not in known:
        raise NoSuchAnnotator(project.location, name, known)
    return [name]


def _describe(selection: Selection, names: list[str]) -> str:
    if selection.suggestions:
        return "the suggestions"
    who = "the gold set" if selection.gold else ", ".join(names)
    return who if selection.include_pending else f"{who} (articles marked done)"


def items(
    project: Project, selection: Selection, names: list[str], report: WriteReport
) -> Iterator[Annotated]:
    """The selected articles with their annotations (or suggestions), in export order;
    those with nothing yet are counted in ``report`` and left out."""
    if selection.suggestions:
        for article, result in project.iter_suggested():
            scores = {s.span.key: s.score for s in result.suggestions}
            annotations = result.as_annotations(result.origin.suggester)
            yield Annotated(article, annotations, None, result.origin, scores)
        return
    for name in names:
        for article, annotations in project.iter_annotated(name, include_pending=selection.include_pending):
            status = status_to_write(annotations.done, bool(annotations.spans))
            if status is None:
                report.left_out[NOTHING_YET] += 1
                continue
            yield Annotated(article, annotations, status)


def _to_jsonl(
    project: Project,
    selection: Selection,
    names: list[str],
    path: Path,
    report: WriteReport,
    control: Control,
) -> None:
    from annotator.usecases import jsonl_export

    progress, cancelled = control.progress(WHAT), control.cancelled
    try:
        if not selection.suggestions:
            jsonl_export.write_people(
                project,
                names,
                selection.include_pending,
                path,
                report,
                progress=progress,
                cancelled=cancelled,
            )
            return
        chosen = items(project, selection, names, report)
        jsonl_export.write_suggestions(project, chosen, path, report, progress=progress, cancelled=cancelled)
    except WriterCancelled:
        raise Cancelled(WHAT, kept=False) from None
