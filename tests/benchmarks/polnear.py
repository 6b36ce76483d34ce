"""PolNeAR for the benchmarks: its gold through the shipped mapping, parsed docs
cached, and figures with 95 % bootstrap intervals over articles.

The corpus is read from the shared folder (never copied into the repository);
each article's gold is its first annotator's file (by file name) when two
annotated it. Beliefs and intentions count as attributions, as PolNeAR marks them;
``without_beliefs`` leaves out those whose cue is a belief verb, for the figures
under the news-claims scheme (a QUOTE is what a source said or wrote).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.model import AnnotationSet, Relation, Span
from annotator.core.scoring import Counts, Report, evaluate
from annotator.io.brat import BratDocument, read_document
from annotator.io.mapping import LabelMap, load_label_map
from annotator.resources import default_scheme, resources_dir
from tests.benchmarks.bench_polnear_import import default_corpus

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


@dataclass(frozen=True, slots=True)
class Article:
    name: str
    text: str
    gold: AnnotationSet


def polnear_map() -> LabelMap:
    return load_label_map(resources_dir() / "maps" / "polnear.toml")


def load_part(part: str, corpus: Path | None = None, limit: int | None = None) -> list[Article]:
    """The articles of one part (train or dev) with their gold, in name order."""
    corpus = corpus or default_corpus()
    mapping, scheme = polnear_map(), default_scheme()
    first: dict[Path, Path] = {}
    for ann in sorted((corpus / part / "attributions").glob("*.ann")):
        first.setdefault(mapping.text_for(ann), ann)
    out = []
    for txt, ann in sorted(first.items()):
        record = read_document(BratDocument(txt, ann), scheme, mapping=mapping)
        assert record.annotations is not None
        out.append(Article(txt.stem, record.article.text, record.annotations))
        if limit and len(out) >= limit:
            break
    return out


def parse(nlp: Language, texts: Sequence[str], cache: Path | None) -> list[Doc]:
    """The texts parsed by ``nlp``, read from / written to a DocBin in ``cache`` when given."""
    from spacy.tokens import DocBin

    if cache is not None and cache.is_file():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == list(texts):
            return docs
    docs = list(nlp.pipe(texts, batch_size=16))
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(cache)
    return docs


def as_content(annotations: AnnotationSet) -> AnnotationSet:
    """QUOTE and DENIAL as one label (PolNeAR's Content does not tell them apart)."""
    moved: dict[tuple[int, int, str], Span] = {}
    for s in annotations.spans:
        moved[s.key] = Span(s.start, s.end, "QUOTE", s.attrs) if s.label == "DENIAL" else s
    relations = tuple(Relation(r.label, moved[r.head.key], moved[r.child.key]) for r in annotations.relations)
    spans = {s.key: s for s in moved.values()}
    return AnnotationSet(annotations.annotator, tuple(spans.values()), relations)


def unnested(annotations: AnnotationSet) -> AnnotationSet:
    """Direct QUOTEs that lie inside an indirect QUOTE left out: the scheme marks the
    clause and the quoted words in it ('says he is "obsessed" with it'), PolNeAR one
    Content; scored this way as well as the plain way (README "Suggestions")."""
    clauses = [s for s in annotations.spans if s.label == "QUOTE" and s.attrs.get("type") == "indirect"]
    inside = {
        s.key
        for s in annotations.spans
        if s.label == "QUOTE"
        and s.attrs.get("type") == "direct"
        and any(c.start <= s.start and s.end <= c.end for c in clauses)
    }
    spans = tuple(s for s in annotations.spans if s.key not in inside)
    relations = tuple(
        r for r in annotations.relations if r.head.key not in inside and r.child.key not in inside
    )
    return AnnotationSet(annotations.annotator, spans, relations)


def belief_cue(doc: Doc, cue: Span) -> bool:
    """Whether a cue is headed by a belief, intention or stance verb ("thinks",
    "expects", "endorsed"; resources/lexicons/belief_verbs.txt), not a speech verb."""
    from annotator.suggest.cues import BELIEF_VERBS
    from annotator.suggest.lexicon import SPEECH_VERBS

    piece = doc.char_span(cue.start, cue.end, alignment_mode="expand")
    verbs = [t for t in piece if t.pos_ == "VERB"] if piece is not None else []
    lemma = verbs[-1].lemma_.lower() if verbs else ""
    return lemma in BELIEF_VERBS and lemma not in SPEECH_VERBS


def without_beliefs(annotations: AnnotationSet, doc: Doc) -> AnnotationSet:
    """The attributions whose cue is a belief verb left out: the cue, its contents
    and their relations (PolNeAR's mapping cannot tell them otherwise)."""
    cues = {s.key for s in annotations.spans if s.label == "CUE" and belief_cue(doc, s)}
    contents = {r.child.key for r in annotations.relations if r.label == "CUE_OF" and r.head.key in cues}
    # A content cued by a speech verb as well stays.
    contents -= {r.child.key for r in annotations.relations if r.label == "CUE_OF" and r.head.key not in cues}
    gone = cues | contents
    spans = tuple(s for s in annotations.spans if s.key not in gone)
    relations = tuple(r for r in annotations.relations if r.head.key not in gone and r.child.key not in gone)
    return AnnotationSet(annotations.annotator, spans, relations)


def merge(reports: Sequence[Report]) -> Report:
    """One report from per-article reports (counts summed)."""
    out = Report()
    for r in reports:
        out.documents += r.documents
        out.speaker_correct += r.speaker_correct
        out.speaker_total += r.speaker_total
        for mode, group in r.spans.items():
            for label, counts in group.items():
                out.spans[mode].setdefault(label, Counts()).add(counts)
        for share, counts in r.coverage.items():
            out.coverage.setdefault(share, Counts()).add(counts)
        for mode, group in r.relations.items():
            for label, counts in group.items():
                out.relations[mode].setdefault(label, Counts()).add(counts)
    return out


def per_article(triples: Sequence[tuple[str, AnnotationSet, AnnotationSet]]) -> list[Report]:
    return [evaluate([t]) for t in triples]


Stat = Callable[[Report], float]


def interval(
    reports: Sequence[Report], stat: Stat, rounds: int = 1000, seed: int = 13
) -> tuple[float, float]:
    """95 % percentile bootstrap interval of ``stat`` over articles drawn with replacement."""
    rng = random.Random(seed)
    n = len(reports)
    values = sorted(stat(merge([reports[rng.randrange(n)] for _ in range(n)])) for _ in range(rounds))
    return values[int(0.025 * rounds)], values[min(rounds - 1, int(0.975 * rounds))]


def f1(label: str, mode: str = "overlap") -> Stat:
    return lambda r: r.f1(label, mode)


def coverage_f1(share: str = "30%") -> Stat:
    return lambda r: r.coverage[share].f1 if share in r.coverage else 0.0


def speaker(r: Report) -> float:
    return r.speaker_accuracy


def with_ci(reports: Sequence[Report], stat: Stat, rounds: int = 1000) -> str:
    """``0.812 [0.780, 0.840]``."""
    if not reports:
        return "-"
    low, high = interval(reports, stat, rounds)
    return f"{stat(merge(reports)):.3f} [{low:.3f}, {high:.3f}]"


LEXICON_MARKER = "# -- from PolNeAR train"


def report_lexicons(lists: dict[str, list[str]], script: str, write: bool) -> None:
    """Print each word list; with ``write``, replace its PolNeAR part in
    resources/lexicons/NAME.txt (what stands above the marker is kept)."""
    for name, lines in lists.items():
        print(f"{name}: {len(lines)}")
        for line in lines:
            print(f"  {line}")
        if write:
            path = resources_dir() / "lexicons" / f"{name}.txt"
            kept = path.read_text(encoding="utf-8").split(LEXICON_MARKER)[0] if path.is_file() else ""
            path.write_text(
                kept.rstrip("\n") + f"\n{LEXICON_MARKER} (tests/benchmarks/{script}; "
                "counts over its 840 articles)\n" + "\n".join(lines) + "\n",
                encoding="utf-8",
            )
