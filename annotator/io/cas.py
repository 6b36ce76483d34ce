"""UIMA CAS as INCEpTION and WebAnno export it: XMI (with the ``TypeSystem.xml``
beside it, or DKPro Core's types) and CAS JSON, read with dkpro-cassis (which
turns UIMA's UTF-16 offsets into Python's code points).

Which types hold spans and relations comes from the ``--map`` file's
``[layers]`` and ``[relation_layers]``; without them, DKPro's NamedEntity
(label in ``value``) and every ``webanno.custom.*`` annotation type with a
``label`` or ``value`` feature are spans, and every ``webanno.custom.*`` type
with ``Governor`` and ``Dependent`` features is a relation (our own CAS export
reads back that way). INCEpTION names each annotator's file after them
(``annotation/DOC/USER.xmi``); that name is the annotator unless
``--annotator`` says otherwise.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.errors import InputError
from annotator.core.model import GOLD
from annotator.core.scheme import Scheme
from annotator.io.cas_export import attribute_of
from annotator.io.foreign import ForeignRelation, ForeignSpan, foreign_record
from annotator.io.items import Parsed, ReadItem, ReadOptions, Refused
from annotator.io.mapping import LabelMap, LayerRule

if TYPE_CHECKING:
    from cassis import Cas

TOOL = "uima-cas"
NAMED_ENTITY = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
METADATA = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
CUSTOM = "webanno.custom."
TYPE_SYSTEM_NAMES = ("TypeSystem.xml", "typesystem.xml")
LABEL_FEATURES = ("label", "value")


def read_cas_file(
    path: Path, data: bytes, scheme: Scheme, options: ReadOptions, *, json: bool
) -> Iterator[ReadItem]:
    """One article from a CAS XMI or CAS JSON file, or the reason it is refused."""
    try:
        cas = load_cas(path, data, json=json)
        record, notes = cas_record(cas, scheme, options, annotator=_annotator_of(path))
    except InputError as exc:
        yield Refused(str(path), exc.reason, len(data))
        return
    yield Parsed(record, str(path), len(data), notes)


def load_cas(path: Path, data: bytes, *, json: bool) -> Cas:
    """The CAS in ``data``: XMI with the type system beside it (else DKPro Core's,
    leniently: unknown types are skipped), or CAS JSON with its own types."""
    import warnings

    import cassis

    try:
        with warnings.catch_warnings():  # cassis warns of each type it skips, and of its own resources
            warnings.simplefilter("ignore")
            return _load(cassis, path, data, json=json)
    except (ValueError, TypeError, KeyError, AttributeError, UnicodeDecodeError) as exc:
        raise InputError(f"not a readable UIMA CAS {'JSON' if json else 'XMI'} file ({exc})") from None
    except Exception as exc:  # noqa: BLE001 (lxml and cassis raise many kinds; each is a bad file)
        raise InputError(f"not a readable UIMA CAS file ({type(exc).__name__}: {exc})") from None


def _load(cassis: Any, path: Path, data: bytes, *, json: bool) -> Cas:
    if json:
        return cassis.load_cas_from_json(io.StringIO(data.decode("utf-8-sig")), lenient=True)
    typesystem = next((path.with_name(n) for n in TYPE_SYSTEM_NAMES if path.with_name(n).is_file()), None)
    if typesystem is not None:
        with typesystem.open("rb") as source:
            types = cassis.load_typesystem(source)
        lenient = False
    else:
        types, lenient = cassis.load_dkpro_core_typesystem(), True
    return cassis.load_cas_from_xmi(io.BytesIO(data), typesystem=types, lenient=lenient)


def cas_record(
    cas: Cas, scheme: Scheme, options: ReadOptions, *, annotator: str | None = None
) -> tuple[Any, tuple[tuple[str, int], ...]]:
    """The CAS's text, spans and relations as one record, through the mapping."""
    text = cas.sofa_string
    if not isinstance(text, str):
        raise InputError("the CAS has no text (sofa string)")
    mapping = options.label_map
    span_layers, relation_layers = _layers(cas, mapping)
    if not span_layers:
        raise InputError(
            "no span layer found (DKPro NamedEntity or webanno.custom.*); name the layers with --map FILE"
        )
    # Our export writes attribute ``type`` as feature ``quoteType`` (UIMA keeps ``type``).
    rename = attribute_of if not mapping.attributes else str
    spans: list[ForeignSpan] = []
    for name, rule in span_layers.items():
        for fs in cas.select(name):
            label = rule.label or _feature(fs, rule.feature)
            if not label:
                continue
            attrs = {
                rename(f): _feature(fs, f)
                for f in _feature_names(cas, name)
                if f not in ("begin", "end", "sofa")
            }
            spans.append(ForeignSpan(fs.begin, fs.end, label, fs.xmiID, attrs))
    relations: list[ForeignRelation] = []
    for name, rule in relation_layers.items():
        for fs in cas.select(name):
            label = rule.label or _feature(fs, rule.feature)
            head, child = fs.get(rule.governor), fs.get(rule.dependent)
            if not label or head is None or child is None:
                continue
            if rule.reverse:
                head, child = child, head
            relations.append(ForeignRelation(label, head.xmiID, child.xmiID))
    title, external = "", ""
    for meta in _select(cas, METADATA):
        title = _feature(meta, "documentTitle") or ""
        external = _feature(meta, "documentId") or ""
    return foreign_record(
        text,
        spans,
        relations,
        scheme,
        options,
        tool=TOOL,
        annotator=annotator,
        title=title,
        external_id=external,
        source=title,
    )


def _layers(cas: Cas, mapping: LabelMap) -> tuple[dict[str, LayerRule], dict[str, LayerRule]]:
    """The span and relation types to read: the mapping's, or the defaults."""
    if mapping.layers or mapping.relation_layers:
        for name in (*mapping.layers, *mapping.relation_layers):
            if not cas.typesystem.contains_type(name):
                raise InputError(f"the CAS has no type {name!r} (from {mapping.source})")
        return dict(mapping.layers), dict(mapping.relation_layers)
    spans: dict[str, LayerRule] = {}
    relations: dict[str, LayerRule] = {}
    if cas.typesystem.contains_type(NAMED_ENTITY):
        spans[NAMED_ENTITY] = LayerRule(feature="value")
    for t in cas.typesystem.get_types():
        if not t.name.startswith(CUSTOM):
            continue
        names = {f.name for f in t.all_features}
        feature = next((f for f in LABEL_FEATURES if f in names), None)
        if {"Governor", "Dependent"} <= names:
            rule = LayerRule(feature=feature) if feature else LayerRule(label=t.name[len(CUSTOM) :])
            relations[t.name] = rule
        elif feature and "begin" in names:
            spans[t.name] = LayerRule(feature=feature)
    return spans, relations


def _select(cas: Cas, name: str) -> list[Any]:
    return list(cas.select(name)) if cas.typesystem.contains_type(name) else []


def _feature_names(cas: Cas, name: str) -> list[str]:
    return [f.name for f in cas.typesystem.get_type(name).all_features]


def _feature(fs: Any, name: str | None) -> str | None:
    if name is None:
        return None
    value = fs.get(name)
    return value if isinstance(value, str) else None


def _annotator_of(path: Path) -> str | None:
    """INCEpTION's export keeps ``annotation/DOC.txt/USER.xmi``: the file is named after the user."""
    if "." in path.parent.name and path.parent.parent.name in ("annotation", "curation"):
        return GOLD if path.parent.parent.name == "curation" else path.stem
    return None
