"""UIMA CAS XMI for INCEpTION (and WebAnno), written with dkpro-cassis: a folder
laid out as INCEpTION's own project export lays out its annotations,
``annotation/NNNNNN.txt/USER.xmi`` (one per article and annotator; the gold
set as ``curation/NNNNNN.txt/CURATION_USER.xmi``), each with the
``TypeSystem.xml`` beside it, so that the annotator's name travels with the file.

The type system holds what INCEpTION needs to show the annotations: DKPro
Core's ``Sentence`` and ``Token`` (from spaCy's tokenizer; a line break always
ends a sentence), ``DocumentMetaData`` (title, id), a custom span layer
``webanno.custom.NewsSpan`` (a string feature ``label``, and one per attribute:
``quoteType`` for ``type``, a name UIMA reserves) and a custom relation layer
``webanno.custom.NewsRelation`` attached to it (``Governor``, ``Dependent``,
``label``), which is how INCEpTION itself defines custom span and relation
layers. Offsets are written as UIMA counts them (UTF-16); cassis converts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.model import GOLD
from annotator.core.scheme import Scheme
from annotator.io.exported import Annotated, WriteReport

if TYPE_CHECKING:
    from cassis import TypeSystem

SPAN_TYPE = "webanno.custom.NewsSpan"
RELATION_TYPE = "webanno.custom.NewsRelation"
TOKEN = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token"
SENTENCE = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence"
METADATA = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
TYPE_SYSTEM = "TypeSystem.xml"
# XML 1.0 cannot hold these characters at all, not even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
NOT_XML = "articles whose text holds control characters XML cannot carry"
CURATION_USER = "CURATION_USER"  # INCEpTION's name for the curated (gold) version
# Our attribute names that UIMA or cassis keep for themselves, and the features they become.
RESERVED = {
    "type": "quoteType",
    "begin": "beginValue",
    "end": "endValue",
    "sofa": "sofaValue",
    "label": "labelValue",
}


def feature_of(attribute: str) -> str:
    """The feature an attribute is written to."""
    return RESERVED.get(attribute, attribute)


def attribute_of(feature: str) -> str:
    """The attribute a feature of our span layer holds."""
    return next((a for a, f in RESERVED.items() if f == feature), feature)


def type_system(scheme: Scheme) -> TypeSystem:
    """The types every file of an export uses."""
    from cassis import TypeSystem

    ts = TypeSystem()
    ts.create_type(TOKEN)
    ts.create_type(SENTENCE)
    meta = ts.create_type(METADATA, supertypeName="uima.tcas.DocumentAnnotation")
    for name in ("documentTitle", "documentId", "documentUri"):
        ts.create_feature(meta, name, "uima.cas.String")
    span = ts.create_type(SPAN_TYPE, description="news-claims spans (annotator export)")
    ts.create_feature(span, "label", "uima.cas.String")
    for name in sorted({a for label in scheme.labels for a in label.attributes}):
        ts.create_feature(span, feature_of(name), "uima.cas.String")
    relation = ts.create_type(RELATION_TYPE, description="news-claims relations (annotator export)")
    ts.create_feature(relation, "Governor", span)
    ts.create_feature(relation, "Dependent", span)
    ts.create_feature(relation, "label", "uima.cas.String")
    return ts


def write_cas_folder(items: Iterable[Annotated], folder: Path, scheme: Scheme, report: WriteReport) -> None:
    """One XMI per item under ``folder`` (a temporary folder the caller renames), with the type system."""
    from spacy.pipeline import Sentencizer

    from annotator.io.spacy_tokenizer import shared_tokenizer

    ts = type_system(scheme)
    tokenizer, sentencizer = shared_tokenizer(), Sentencizer()
    ts.to_xml(folder / TYPE_SYSTEM)
    files: dict[str, str] = {}  # file name -> annotator: names that differ only in unsafe characters
    for item in items:
        gold = item.annotator == GOLD
        where = folder / ("curation" if gold else "annotation") / f"{item.article.id:06d}.txt"
        if not where.is_dir():
            where.mkdir(parents=True)
            ts.to_xml(where / TYPE_SYSTEM)
        if _NOT_XML.search(item.article.text):
            report.left_out[NOT_XML] += 1
            continue
        name = CURATION_USER if gold else file_name(item.annotator, files)
        cas = item_cas(item, ts, sentencizer(tokenizer(item.article.text)))
        cas.to_xmi(where / f"{name}.xmi")
        report.count(item)


def file_name(annotator: str, taken: dict[str, str]) -> str:
    """The annotator's name as a file name (what file systems refuse replaced), unique in the export."""
    base = re.sub(r'[\x00-\x1f/\\:*?"<>|]', "_", annotator).strip(". ") or "_"
    name, n = base, 1
    while taken.setdefault(name, annotator) != annotator:
        n += 1
        name = f"{base}-{n}"
    return name


def item_cas(item: Annotated, ts: TypeSystem, doc: Any) -> Any:
    """One article with one annotator's spans and relations as a CAS."""
    from cassis import Cas

    text = item.article.text
    cas = Cas(typesystem=ts)
    cas.sofa_string = text
    cas.sofa_mime = "text/plain"
    Token, Sentence, Meta = ts.get_type(TOKEN), ts.get_type(SENTENCE), ts.get_type(METADATA)
    Span, Relation = ts.get_type(SPAN_TYPE), ts.get_type(RELATION_TYPE)
    cas.add(
        Meta(
            begin=0,
            end=len(text),
            # A title is only a label here: characters XML cannot carry become U+FFFD.
            documentTitle=_NOT_XML.sub("\ufffd", item.article.title) or f"{item.article.id:06d}",
            documentId=f"{item.article.id:06d}",
        )
    )
    for token in doc:
        if not token.is_space:
            cas.add(Token(begin=token.idx, end=token.idx + len(token.text)))
    for begin, end in sentences(doc):
        cas.add(Sentence(begin=begin, end=end))
    made = {}
    for span in item.sorted_spans():
        features = {feature_of(k): v for k, v in span.attrs.items()}
        made[span.key] = Span(begin=span.start, end=span.end, label=span.label, **features)
        cas.add(made[span.key])
    for relation in item.sorted_relations():
        child = made[relation.child.key]
        cas.add(
            Relation(
                begin=child.begin,
                end=child.end,
                Governor=made[relation.head.key],
                Dependent=child,
                label=relation.label,
            )
        )
    return cas


def sentences(doc: Any) -> list[tuple[int, int]]:
    """The sentencizer's sentences, cut again at line breaks, without surrounding white space."""
    made = []
    for sent in doc.sents:
        start = sent.start_char
        for line in sent.text.split("\n"):
            stripped = line.strip()
            if stripped:
                begin = start + line.index(stripped[0])
                made.append((begin, begin + len(stripped)))
            start += len(line) + 1
    return made
