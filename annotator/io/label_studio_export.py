"""Label Studio JSON: the list of tasks that Label Studio's own import takes
(``data.text``, ``annotations[].result[]``, ``predictions``), one task per
article with one annotation per annotator, and the labeling configuration
that shows it (``NAME.label_config.xml`` beside the file).

- a span is a ``labels`` region (``from_name`` "label", ``to_name`` "text",
  ``value`` with ``start``/``end``/``text``/``labels``); an attribute is a
  per-region ``choices`` result named after it, with the region's ``id``;
- a relation is a ``relation`` result from the head's region to the child's,
  ``direction`` "right", its type in ``labels``;
- offsets are code points, as Label Studio's Python converters count; its
  browser counts UTF-16 units, which our import repairs (``value.text`` tells);
- Label Studio assigns an annotation to the user whose email ``completed_by``
  names, and refuses unknown ones: an annotator whose name is an email is
  written there, every annotator's name also in the task's ``meta`` (in the
  order of the annotations), which our import reads back;
- suggestions go in ``predictions`` with their score and origin.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from annotator.core.scheme import Scheme
from annotator.io.exported import DONE, Annotated, WriteReport, article_meta

FROM = "label"
TO = "text"
META_ANNOTATORS = "annotators"
META_STATUS = "statuses"


def config_path(path: Path) -> Path:
    """Where the labeling configuration goes, beside the export."""
    return path.with_name(path.stem + ".label_config.xml")


def write_label_studio(items: Iterable[Annotated], path: Path, report: WriteReport) -> None:
    """The items as Label Studio tasks (one per article) in ``path``."""
    tasks: dict[int, dict[str, Any]] = {}
    for item in items:
        article = item.article
        task = tasks.get(article.id)
        if task is None:
            task = tasks[article.id] = {
                "id": article.id,
                "data": {TO: article.text},
                "meta": article_meta(article),
                "annotations": [],
                "predictions": [],
            }
        results = _results(item)
        if item.origin is not None:
            origin = item.origin
            task["predictions"].append(
                {
                    "model_version": f"{origin.suggester} {origin.suggester_version}".strip(),
                    "score": min(item.scores.values(), default=0.0),
                    "result": results,
                }
            )
            task["meta"]["origin"] = article_meta(article, origin)["origin"]
        else:
            annotation: dict[str, Any] = {"result": results, "was_cancelled": False}
            annotation["ground_truth"] = item.annotator == "gold"
            if "@" in item.annotator:
                annotation["completed_by"] = {"email": item.annotator}
            task["annotations"].append(annotation)
            task["meta"].setdefault(META_ANNOTATORS, []).append(item.annotator)
            task["meta"].setdefault(META_STATUS, []).append(item.status or DONE)
        report.count(item)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        json.dump(list(tasks.values()), out, ensure_ascii=False, indent=1)
        out.write("\n")


def _results(item: Annotated) -> list[dict[str, Any]]:
    text = item.article.text
    results: list[dict[str, Any]] = []
    ids: dict[tuple[int, int, str], str] = {}
    for k, span in enumerate(item.sorted_spans(), 1):
        region = ids[span.key] = f"s{k}"
        value: dict[str, Any] = {"start": span.start, "end": span.end, "text": text[span.start : span.end]}
        region_result: dict[str, Any] = {
            "id": region,
            "from_name": FROM,
            "to_name": TO,
            "type": "labels",
            "value": {**value, "labels": [span.label]},
        }
        score = item.scores.get(span.key)
        if score is not None:
            region_result["score"] = score
        results.append(region_result)
        for name, choice in sorted(span.attrs.items()):
            results.append(
                {
                    "id": region,
                    "from_name": name,
                    "to_name": TO,
                    "type": "choices",
                    "value": {**value, "choices": [choice]},
                }
            )
    for relation in item.sorted_relations():
        results.append(
            {
                "from_id": ids[relation.head.key],
                "to_id": ids[relation.child.key],
                "type": "relation",
                "direction": "right",
                "labels": [relation.label],
            }
        )
    return results


def label_config(scheme: Scheme) -> str:
    """The labeling configuration for the scheme: labels with their colours, one
    per-region choice per attribute, the relation types."""
    lines = ["<View>", "  <Relations>"]
    lines += [f"    <Relation value={quoteattr(r.name)}/>" for r in scheme.relations]
    lines += ["  </Relations>", f"  <Labels name={quoteattr(FROM)} toName={quoteattr(TO)}>"]
    lines += [
        f"    <Label value={quoteattr(label.name)} background={quoteattr(label.colour)}/>"
        for label in scheme.labels
    ]
    lines.append("  </Labels>")
    lines.append(f'  <Text name={quoteattr(TO)} value="$text"/>')
    attributes: dict[str, list[str]] = {}
    for label in scheme.labels:
        for name, values in label.attributes.items():
            known = attributes.setdefault(name, [])
            known += [v for v in values if v not in known]
    for name, choices in attributes.items():
        lines.append(
            f'  <Choices name={quoteattr(name)} toName={quoteattr(TO)} perRegion="true" choice="single">'
        )
        lines += [f"    <Choice value={quoteattr(v)}/>" for v in choices]
        lines.append("  </Choices>")
    lines.append("</View>")
    return "\n".join(lines) + "\n"


def annotators_from_meta(meta: Mapping[str, Any]) -> list[str]:
    """The annotators our export listed in a task's meta, in the annotations' order."""
    names = meta.get(META_ANNOTATORS)
    return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []
