"""Scoring annotations in one JSONL file against gold in another."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import AnnotatorError
from annotator.core.model import AnnotationSet
from annotator.core.scheme import Scheme
from annotator.core.scoring import Report, evaluate
from annotator.core.text import content_hash
from annotator.io.items import Refused
from annotator.io.sources import SourceFile, read_file
from annotator.resources import default_scheme


@dataclass(frozen=True, slots=True)
class Side:
    """One file's annotation sets by text."""

    sets: dict[str, tuple[str, AnnotationSet]]  # content hash -> (text, annotations)
    refused: list[Refused]


def read_side(path: Path, name: str, scheme: Scheme) -> Side:
    """Every line of a JSONL file as one annotator's annotations, keyed by its text."""
    if not path.is_file():
        raise AnnotatorError(f"{path}: no such file")
    sets: dict[str, tuple[str, AnnotationSet]] = {}
    refused: list[Refused] = []
    for item in read_file(SourceFile(path, path.stat().st_size), scheme, annotator=name):
        if isinstance(item, Refused):
            refused.append(item)
            continue
        record = item.record
        annotations = record.annotations or AnnotationSet(name)
        sets[content_hash(record.article.text)] = (record.article.text, annotations)
    return Side(sets, refused)


@dataclass(frozen=True, slots=True)
class Evaluation:
    report: Report
    refused: list[Refused]


def evaluate_files(gold_path: Path, predicted_path: Path, scheme: Scheme | None = None) -> Evaluation:
    """Score predictions against gold; texts are matched by content, not position."""
    scheme = scheme or default_scheme()
    gold = read_side(gold_path, "gold", scheme)
    pred = read_side(predicted_path, "predicted", scheme)
    if not gold.sets:
        raise AnnotatorError(f"{gold_path}: no gold articles to score against")
    triples = []
    for key, (text, gold_set) in gold.sets.items():
        pred_set = pred.sets.get(key, ("", AnnotationSet("predicted")))[1]
        triples.append((text, gold_set, pred_set))
    report = evaluate(triples)
    report.unmatched_gold = sum(1 for key in gold.sets if key not in pred.sets)
    report.unmatched_pred = sum(1 for key in pred.sets if key not in gold.sets)
    return Evaluation(report, gold.refused + pred.refused)
