"""Our suggestions against raw spaCy NER and textacy's direct_quotations, on the gold.

    python -m tests.benchmarks.eval_suggest [--json OUT]

All three are scored by the same code (annotator.core.scoring) on the same gold
(tests/data/gold.jsonl) and the same spaCy pipeline.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.core.model import AnnotationSet, Relation, Span
from annotator.core.scoring import Report, evaluate
from annotator.io.jsonl import parse_task
from annotator.resources import default_scheme
from annotator.suggest.engine import Engine

GOLD = Path(__file__).resolve().parent.parent / "data" / "gold.jsonl"
MARKS = "\"“”„«»'‘’ \n"


def load_gold() -> list[tuple[str, AnnotationSet]]:
    scheme = default_scheme()
    out = []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        record = parse_task(json.loads(line), scheme)
        assert record.annotations is not None
        out.append((record.article.text, record.annotations))
    return out


def direct_only(annotations: AnnotationSet) -> AnnotationSet:
    """Direct QUOTE and DENIAL spans as one label (textacy cannot tell them apart)."""
    keep = {}
    for s in annotations.spans:
        if s.label in ("QUOTE", "DENIAL") and s.attrs.get("type") == "direct":
            keep[s.key] = Span(s.start, s.end, "QUOTE", {"type": "direct"})
    others = [s for s in annotations.spans if s.label in ("PERSON", "ROLE", "ORG")]
    relations = [
        Relation(r.label, keep[r.head.key], r.child)
        for r in annotations.relations
        if r.label == "SPEAKER" and r.head.key in keep
    ] + [r for r in annotations.relations if r.label == "ROLE_OF"]
    return AnnotationSet(annotations.annotator, tuple(keep.values()) + tuple(others), tuple(relations))


def spacy_people(engine: Engine, text: str) -> AnnotationSet:
    """Raw spaCy NER: its PERSON entities, nothing else."""
    doc = engine.nlp(text)
    return AnnotationSet(
        "spacy", tuple(Span(e.start_char, e.end_char, "PERSON") for e in doc.ents if e.label_ == "PERSON")
    )


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in MARKS:
        start += 1
    while end > start and text[end - 1] in MARKS:
        end -= 1
    return start, end


def textacy_quotes(engine: Engine, text: str) -> AnnotationSet:
    """textacy's direct_quotations: content (marks stripped), speaker and cue.

    textacy raises ValueError on an odd number of quotation marks; then it runs
    paragraph by paragraph so that one bad paragraph does not lose the rest.
    """
    from textacy.extract.triples import direct_quotations

    def run(offset: int, part: str) -> list[tuple[Span, Span | None]] | None:
        try:
            triples = list(direct_quotations(engine.nlp(part)))
        except ValueError:
            return None
        found = []
        for triple in triples:
            start, end = _strip(part, triple.content.start_char, triple.content.end_char)
            if start >= end:
                continue
            quote = Span(offset + start, offset + end, "QUOTE", {"type": "direct"})
            speaker = None
            if triple.speaker:
                s0, s1 = triple.speaker[0].idx, triple.speaker[-1].idx + len(triple.speaker[-1])
                speaker = Span(offset + s0, offset + s1, "PERSON")
            found.append((quote, speaker))
        return found

    found = run(0, text)
    if found is None:
        found, offset = [], 0
        for paragraph in text.split("\n"):
            found += run(offset, paragraph) or []
            offset += len(paragraph) + 1
    spans = {q.key: q for q, _ in found} | {s.key: s for _, s in found if s is not None}
    relations = tuple(Relation("SPEAKER", q, s) for q, s in found if s is not None)
    return AnnotationSet("textacy", tuple(spans.values()), relations)


@dataclass
class Comparison:
    ours: Report
    ours_direct: Report
    spacy: Report
    textacy: Report


def compare(engine: Engine | None = None) -> Comparison:
    """Score all three on the gold."""
    engine = engine or Engine.load()
    gold = load_gold()
    ours = [(t, g, engine.suggest(t).as_annotations("ours")) for t, g in gold]
    return Comparison(
        ours=evaluate(ours),
        ours_direct=evaluate((t, direct_only(g), direct_only(p)) for t, g, p in ours),
        spacy=evaluate((t, g, spacy_people(engine, t)) for t, g in gold),
        textacy=evaluate((t, direct_only(g), textacy_quotes(engine, t)) for t, g in gold),
    )


def table(c: Comparison) -> str:
    def prf(report: Report, label: str) -> str:
        x = report.spans["overlap"].get(label)
        return f"{x.precision:.3f} / {x.recall:.3f} / {x.f1:.3f}" if x else "-"

    rows = [
        ("PERSON P/R/F1 (overlap)", prf(c.ours, "PERSON"), prf(c.spacy, "PERSON"), "-"),
        (
            "direct quote P/R/F1 (QUOTE+DENIAL)",
            prf(c.ours_direct, "QUOTE/direct"),
            "-",
            prf(c.textacy, "QUOTE/direct"),
        ),
        (
            "direct quote coverage > 30 % F1",
            f"{c.ours_direct.coverage['30%'].f1:.3f}",
            "-",
            f"{c.textacy.coverage['30%'].f1:.3f}",
        ),
        (
            "direct quote coverage > 80 % F1",
            f"{c.ours_direct.coverage['80%'].f1:.3f}",
            "-",
            f"{c.textacy.coverage['80%'].f1:.3f}",
        ),
        (
            "speaker accuracy, direct quotes",
            f"{c.ours_direct.speaker_accuracy:.3f}",
            "-",
            f"{c.textacy.speaker_accuracy:.3f}",
        ),
    ]
    lines = [f"{'figure':38} {'ours':>23} {'raw spaCy':>23} {'textacy':>23}"]
    lines += [f"{name:38} {a:>23} {b:>23} {t:>23}" for name, a, b, t in rows]
    lines.append("")
    lines.append("ours, all labels (overlap match):")
    for label in ("PERSON", "ROLE", "ORG", "CUE", "QUOTE/direct", "QUOTE/indirect", "DENIAL", "CLAIM"):
        lines.append(f"  {label:16} P/R/F1 {prf(c.ours, label)}")
    lines.append(
        f"  speaker accuracy {c.ours.speaker_accuracy:.3f} ({c.ours.speaker_correct}/{c.ours.speaker_total})"
    )
    for share, x in c.ours.coverage.items():
        lines.append(f"  quote coverage > {share}: P {x.precision:.3f} R {x.recall:.3f} F1 {x.f1:.3f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, help="write all reports as JSON")
    args = parser.parse_args()
    engine = Engine.load()
    print(
        f"pipeline: {engine.info.name} {engine.info.version}; suggester {engine.origin.suggester} "
        f"{engine.origin.suggester_version}; gold: {GOLD}"
    )
    c = compare(engine)
    print(table(c))
    if args.json:
        data: dict[str, Any] = {
            k: getattr(c, k).as_dict() for k in ("ours", "ours_direct", "spacy", "textacy")
        }
        args.json.write_text(json.dumps(data, indent=1))


if __name__ == "__main__":
    main()
