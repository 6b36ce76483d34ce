"""The ``--map FILE`` of ``annotator import``: how another tool's labels, relation
types and layers become ours (TOML).

One file serves every importer (doccano, Label Studio, CoNLL, CAS XMI/JSON,
brat): ``[labels]`` and ``[relations]`` rename (an empty string drops the
label, and what is dropped is counted); ``[layers."TYPE"]`` and
``[relation_layers."TYPE"]`` say which UIMA types of a CAS hold spans and
relations and which feature gives their label. Tables this module does not
know are kept in :attr:`LabelMap.extra` for other importers (brat events) to
read; a known table of the wrong shape is refused with its name::

    [labels]
    PER = "PERSON"            # their label = ours
    DATE = ""                 # dropped
    [relations]
    said = { label = "SPEAKER", reverse = true }   # their head is our child
    [attributes]
    quoteType = "type"        # their attribute or feature = our attribute
    [layers."webanno.custom.Quote"]
    label = "QUOTE"           # every annotation of the type is a QUOTE ...
    [layers."de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"]
    feature = "value"         # ... or its label is this feature's value, through [labels]
    [relation_layers."webanno.custom.Speaker"]
    label = "SPEAKER"         # governor/dependent default to Governor/Dependent
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError

MAX_MAP_BYTES = 1_000_000
KNOWN = ("labels", "relations", "attributes", "layers", "relation_layers")


@dataclass(frozen=True, slots=True)
class RelationRule:
    """Our relation type for theirs; ``reverse``: their head is our child."""

    label: str | None
    reverse: bool = False


@dataclass(frozen=True, slots=True)
class LayerRule:
    """A UIMA type holding spans (or relations): a fixed label or a label feature."""

    label: str | None = None
    feature: str | None = None
    governor: str = "Governor"
    dependent: str = "Dependent"
    reverse: bool = False


@dataclass(frozen=True, slots=True)
class LabelMap:
    """A loaded mapping; the empty one renames nothing."""

    labels: Mapping[str, str | None] = field(default_factory=dict)
    relations: Mapping[str, RelationRule] = field(default_factory=dict)
    attributes: Mapping[str, str] = field(default_factory=dict)
    layers: Mapping[str, LayerRule] = field(default_factory=dict)
    relation_layers: Mapping[str, LayerRule] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""

    def label(self, theirs: str) -> str | None:
        """Our label for theirs (unchanged when unmapped), None to drop it."""
        return self.labels.get(theirs, theirs)

    def relation(self, theirs: str) -> RelationRule:
        """Our relation type for theirs (unchanged when unmapped; label None drops it)."""
        return self.relations.get(theirs, RelationRule(theirs))

    def attribute(self, theirs: str) -> str:
        return self.attributes.get(theirs, theirs)


EMPTY = LabelMap()


def load_label_map(path: Path) -> LabelMap:
    """Read and check a mapping file; InputError names the file and the table at fault."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the mapping ({exc.strerror})") from None
    if len(data) > MAX_MAP_BYTES:
        raise InputError(f"{path}: a mapping file of {len(data)} bytes is too big (at most {MAX_MAP_BYTES})")
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: not a TOML mapping ({exc})") from None
    return parse_label_map(raw, str(path))


def parse_label_map(raw: Mapping[str, Any], source: str = "mapping") -> LabelMap:
    """A mapping from its decoded TOML (or JSON) tables."""
    labels = {k: _name(v, f"{source}: labels.{k}") for k, v in _table(raw, "labels", source).items()}
    relations = {
        k: _relation(v, f"{source}: relations.{k}") for k, v in _table(raw, "relations", source).items()
    }
    attributes = {}
    for key, value in _table(raw, "attributes", source).items():
        name = _name(value, f"{source}: attributes.{key}")
        if name is None:
            raise InputError(f"{source}: attributes.{key} must name one of our attributes")
        attributes[key] = name
    layers = {k: _layer(v, f"{source}: layers.{k}") for k, v in _table(raw, "layers", source).items()}
    relation_layers = {
        k: _layer(v, f"{source}: relation_layers.{k}")
        for k, v in _table(raw, "relation_layers", source).items()
    }
    extra = {k: v for k, v in raw.items() if k not in KNOWN}
    return LabelMap(labels, relations, attributes, layers, relation_layers, extra, source)


def _table(raw: Mapping[str, Any], key: str, source: str) -> Mapping[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, Mapping):
        raise InputError(f"{source}: [{key}] must be a table")
    return value


def _name(value: Any, where: str) -> str | None:
    if not isinstance(value, str):
        raise InputError(f"{where} must be a string (empty to drop it)")
    return value.strip() or None


def _relation(value: Any, where: str) -> RelationRule:
    if isinstance(value, str):
        return RelationRule(value.strip() or None)
    if isinstance(value, Mapping):
        unknown = set(value) - {"label", "reverse"}
        if unknown:
            raise InputError(f"{where}: unknown keys {', '.join(sorted(unknown))} (label, reverse)")
        reverse = value.get("reverse", False)
        if not isinstance(reverse, bool):
            raise InputError(f"{where}.reverse must be true or false")
        return RelationRule(_name(value.get("label", ""), f"{where}.label"), reverse)
    raise InputError(f"{where} must be a string or a table with label (and reverse)")


def _layer(value: Any, where: str) -> LayerRule:
    if not isinstance(value, Mapping):
        raise InputError(f"{where} must be a table with label or feature")
    unknown = set(value) - {"label", "feature", "governor", "dependent", "reverse"}
    if unknown:
        raise InputError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
    strings = {}
    for key in ("label", "feature", "governor", "dependent"):
        if key in value:
            if not isinstance(value[key], str) or not value[key].strip():
                raise InputError(f"{where}.{key} must be a non-empty string")
            strings[key] = value[key].strip()
    if ("label" in strings) == ("feature" in strings):
        raise InputError(f"{where}: give either label (a fixed label) or feature (the label's feature)")
    reverse = value.get("reverse", False)
    if not isinstance(reverse, bool):
        raise InputError(f"{where}.reverse must be true or false")
    return LayerRule(
        strings.get("label"),
        strings.get("feature"),
        strings.get("governor", "Governor"),
        strings.get("dependent", "Dependent"),
        reverse,
    )
