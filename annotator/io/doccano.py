"""doccano's JSONL: sequence labelling (``"label": [[start, end, "LABEL"], ...]``)
and relation extraction (``"entities"`` with ``start_offset``/``end_offset`` and
``"relations"`` with ``from_id``/``to_id``/``type``), as doccano imports and
exports them; older exports put the text under ``"data"``.

Text classification (``"label": ["positive"]``) has no spans and is refused,
never imported as an article without annotations.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from annotator.core.errors import InputError
from annotator.core.model import ArticleRecord
from annotator.core.scheme import Scheme
from annotator.io.foreign import ForeignRelation, ForeignSpan, foreign_record
from annotator.io.items import ReadOptions

TOOL = "doccano"
_OWN_KEYS = {"text", "data", "label", "entities", "relations", "id"}


def is_doccano(task: Mapping[str, Any]) -> bool:
    """Whether a JSONL line has doccano's keys rather than Prodigy's."""
    if "entities" in task:
        return True
    label = task.get("label")
    return "spans" not in task and isinstance(label, list)


def doccano_task(
    task: Mapping[str, Any], scheme: Scheme, options: ReadOptions
) -> tuple[ArticleRecord, tuple[tuple[str, int], ...]]:
    """One doccano line as a record (and notes on what the mapping dropped)."""
    text = task.get("text", task.get("data"))
    if not isinstance(text, str):
        raise InputError("doccano line without a 'text' string")
    spans: list[ForeignSpan] = []
    relations: list[ForeignRelation] = []
    label = task.get("label", [])
    if not isinstance(label, list):
        raise InputError("doccano 'label' must be a list")
    for i, item in enumerate(label, 1):
        if isinstance(item, str):
            raise InputError(
                f"doccano text classification (label {item!r}) has no spans to import; "
                "only sequence labelling and relation extraction are read"
            )
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[2], str)):
            raise InputError(f'doccano label {i} must be [start, end, "LABEL"], not {item!r}')
        start, end = _offsets(item[0], item[1], f"doccano label {i}")
        spans.append(ForeignSpan(start, end, item[2], ("label", i)))
    entities = task.get("entities", [])
    if not isinstance(entities, list):
        raise InputError("doccano 'entities' must be a list")
    for i, entity in enumerate(entities, 1):
        where = f"doccano entity {i}"
        if not isinstance(entity, Mapping) or not isinstance(entity.get("label"), str):
            raise InputError(f"{where} must be an object with start_offset, end_offset and a label string")
        start, end = _offsets(entity.get("start_offset"), entity.get("end_offset"), where)
        ref = entity.get("id", ("entity", i))
        if isinstance(ref, (dict, list)):
            raise InputError(f"{where}: 'id' must be a number or string")
        spans.append(ForeignSpan(start, end, entity["label"], ref))
    raw_relations = task.get("relations", []) if "entities" in task else []
    if not isinstance(raw_relations, list):
        raise InputError("doccano 'relations' must be a list")
    for i, relation in enumerate(raw_relations, 1):
        where = f"doccano relation {i}"
        if not isinstance(relation, Mapping) or not isinstance(relation.get("type"), str):
            raise InputError(f"{where} must be an object with from_id, to_id and a type string")
        head, child = relation.get("from_id"), relation.get("to_id")
        if isinstance(head, (dict, list)) or isinstance(child, (dict, list)):
            raise InputError(f"{where}: from_id and to_id must be entity ids")
        relations.append(ForeignRelation(relation["type"], head, child))
    meta = {k: v for k, v in task.items() if k not in _OWN_KEYS}
    external = task.get("id")
    return foreign_record(
        text,
        spans,
        relations,
        scheme,
        options,
        tool=TOOL,
        meta=meta,
        external_id=str(external) if isinstance(external, (int, str)) else "",
    )


def _offsets(start: Any, end: Any, where: str) -> tuple[int, int]:
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        raise InputError(f"{where}: offsets must be integers")
    return start, end
