"""Annotation schemes: labels, relation types, attributes, colours and keys."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core import safe_json
from annotator.core.errors import InputError, SchemeError
from annotator.core.limits import has_control

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_\-]{0,63}")
# Attribute values reach brat's .ann and annotation.conf (space, '|', ',' and ':' separate there).
_VALUE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}")


@dataclass(frozen=True, slots=True)
class LabelDef:
    """A span label."""

    name: str
    key: str
    colour: str
    description: str = ""
    attributes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RelationDef:
    """A relation type with the labels allowed at each end."""

    name: str
    key: str
    head: tuple[str, ...]
    child: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True, slots=True)
class Scheme:
    """A validated annotation scheme."""

    name: str
    version: int
    labels: tuple[LabelDef, ...]
    relations: tuple[RelationDef, ...]
    description: str = ""

    def label(self, name: str) -> LabelDef | None:
        """The label called ``name``, or None."""
        return next((lab for lab in self.labels if lab.name == name), None)

    def relation(self, name: str) -> RelationDef | None:
        """The relation type called ``name``, or None."""
        return next((rel for rel in self.relations if rel.name == name), None)

    @property
    def label_names(self) -> tuple[str, ...]:
        return tuple(lab.name for lab in self.labels)

    @property
    def relation_names(self) -> tuple[str, ...]:
        return tuple(rel.name for rel in self.relations)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form that ``Scheme.from_dict`` reads back."""
        return {
            "name": self.name,
            "version": self.version,
            "description": self.description,
            "labels": [
                {
                    "name": lab.name,
                    "key": lab.key,
                    "colour": lab.colour,
                    "description": lab.description,
                    "attributes": {k: list(v) for k, v in lab.attributes.items()},
                }
                for lab in self.labels
            ],
            "relations": [
                {
                    "name": rel.name,
                    "key": rel.key,
                    "head": list(rel.head),
                    "child": list(rel.child),
                    "description": rel.description,
                }
                for rel in self.relations
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scheme:
        """Validate a mapping (parsed TOML or JSON); SchemeError says what is wrong."""
        return _parse(data)


# A scheme file is a page of text; anything bigger is not one.
MAX_SCHEME_BYTES = 1_000_000


def load_scheme(path: Path) -> Scheme:
    """Read and validate a scheme file (.toml or .json)."""
    if path.is_dir():
        raise SchemeError(f"{path}: is a folder; name a scheme file (.toml or .json)")
    try:
        if path.stat().st_size > MAX_SCHEME_BYTES:
            raise SchemeError(f"{path}: too big for a scheme file (over {MAX_SCHEME_BYTES // 1000} KB)")
        raw = path.read_bytes()
    except OSError as exc:
        raise SchemeError(f"{path}: cannot read scheme file ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
        data = safe_json.loads(text) if path.suffix.lower() == ".json" else safe_json.loads_toml(text)
    except UnicodeDecodeError:
        raise SchemeError(f"{path}: scheme file is not UTF-8 text") from None
    except InputError as exc:
        kind = path.suffix.lstrip(".").upper() or "TOML"
        reason = exc.reason if exc.reason.startswith("not valid") else f"not valid {kind}: {exc.reason}"
        raise SchemeError(f"{path}: {reason}") from None
    try:
        return _parse(data)
    except SchemeError as exc:
        raise SchemeError(f"{path}: {exc}") from None


def _require(data: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in data:
        raise SchemeError(f"{where}: missing '{key}'")
    value = data[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise SchemeError(f"{where}: '{key}' must be {kind.__name__}, not {type(value).__name__}")
    return value


def _names(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise SchemeError(f"{where}: must be a non-empty list of label names")
    return tuple(value)


def _parse(data: Mapping[str, Any]) -> Scheme:
    if not isinstance(data, Mapping):
        raise SchemeError("a scheme must be a table/object at the top level")
    name = _require(data, "name", str, "scheme")
    if has_control(name) or len(name) > 200:
        raise SchemeError(
            "scheme: 'name' must be one line of at most 200 characters, without control characters"
        )
    version = data.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SchemeError("scheme: 'version' must be a positive integer")
    raw_labels = _require(data, "labels", list, "scheme")
    if not raw_labels:
        raise SchemeError("scheme: 'labels' is empty")
    labels: list[LabelDef] = []
    keys: dict[str, str] = {}
    for i, item in enumerate(raw_labels, 1):
        where = f"label {i}"
        if not isinstance(item, Mapping):
            raise SchemeError(f"{where}: must be a table")
        lname = _require(item, "name", str, where)
        where = f"label {lname!r}"
        if not _NAME.fullmatch(lname):
            raise SchemeError(f"{where}: a name is a letter then letters, digits, '_' or '-'")
        if any(lab.name == lname for lab in labels):
            raise SchemeError(f"{where}: defined twice")
        key = _require(item, "key", str, where)
        if len(key) != 1 or key.isspace() or has_control(key):
            raise SchemeError(f"{where}: 'key' must be one character, not {key!r}")
        if key in keys:
            raise SchemeError(f"{where}: key {key!r} already used by {keys[key]!r}")
        keys[key] = lname
        colour = _require(item, "colour", str, where)
        if not _COLOUR.fullmatch(colour):
            raise SchemeError(f"{where}: colour {colour!r} is not #RRGGBB")
        attrs_raw = item.get("attributes", {})
        if not isinstance(attrs_raw, Mapping):
            raise SchemeError(f"{where}: 'attributes' must be a table of value lists")
        attrs = {}
        for aname, values in attrs_raw.items():
            if not _NAME.fullmatch(aname):
                raise SchemeError(
                    f"{where}: attribute name {aname!r} must be a letter then letters, digits, '_' or '-'"
                )
            if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
                raise SchemeError(f"{where}: attribute {aname!r} needs a non-empty list of values")
            for value in values:
                if not _VALUE.fullmatch(value):
                    raise SchemeError(
                        f"{where}: attribute value {value!r} must be letters, digits, '_', '.' or '-'"
                    )
            attrs[aname] = tuple(values)
        labels.append(LabelDef(lname, key, colour.upper(), _text(item, "description", where), attrs))
    label_names = {lab.name for lab in labels}
    relations: list[RelationDef] = []
    raw_relations = data.get("relations", []) or []
    if not isinstance(raw_relations, list):
        raise SchemeError("scheme: 'relations' must be a list of tables")
    for i, item in enumerate(raw_relations, 1):
        where = f"relation {i}"
        if not isinstance(item, Mapping):
            raise SchemeError(f"{where}: must be a table")
        rname = _require(item, "name", str, where)
        where = f"relation {rname!r}"
        if not _NAME.fullmatch(rname):
            raise SchemeError(f"{where}: a name is a letter then letters, digits, '_' or '-'")
        if any(rel.name == rname for rel in relations):
            raise SchemeError(f"{where}: defined twice")
        rkey = item.get("key", "")
        if not isinstance(rkey, str) or len(rkey) > 1 or has_control(rkey):
            raise SchemeError(f"{where}: 'key' must be one character")
        head = _names(item.get("head"), f"{where}: 'head'")
        child = _names(item.get("child"), f"{where}: 'child'")
        for end in head + child:
            if end not in label_names:
                raise SchemeError(f"{where}: unknown label {end!r}")
        relations.append(RelationDef(rname, rkey, head, child, _text(item, "description", where)))
    return Scheme(name, version, tuple(labels), tuple(relations), _text(data, "description", "scheme"))


def _text(data: Mapping[str, Any], key: str, where: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise SchemeError(f"{where}: '{key}' must be a string, not {type(value).__name__}")
    return value
