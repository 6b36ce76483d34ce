"""Our suggestions against raw spaCy NER and textacy's direct_quotations, on the
8-article gold and on PolNeAR dev, with 95 % bootstrap intervals over articles.

    python -m tests.benchmarks.eval_suggest [--json OUT] [--polnear dev|train|none]
        [--limit N] [--cache DIR]

All three are scored by the same code (annotator.core.scoring) on the same gold
(tests/data/gold.jsonl; PolNeAR through resources/maps/polnear.toml) and the same
spaCy pipeline. The rules were tuned on the 8-article gold and PolNeAR train,
never on PolNeAR dev. PolNeAR is read from the shared corpus folder: when it is
missing, that part is skipped with one line. ``--cache DIR`` keeps the parsed
PolNeAR docs (DocBin) so that a second run only runs the rules.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.model import AnnotationSet, Relation, Span
from annotator.core.scoring import Report, evaluate
from annotator.io.jsonl.reader import parse_task
from annotator.resources import default_scheme
from annotator.suggest.engine import Engine
from tests.benchmarks import polnear as pn
from tests.benchmarks import pronoun_sources

if TYPE_CHECKING:
    from spacy.tokens import Doc

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


def textacy_quotes(engine: Engine, text: str, doc: Doc | None = None) -> AnnotationSet:
    """textacy's direct_quotations: content (marks stripped), speaker and cue.

    textacy raises ValueError on an odd number of quotation marks; then it runs
    paragraph by paragraph so that one bad paragraph does not lose the rest.
    """
    from textacy.extract.triples import direct_quotations

    def run(offset: int, part: str) -> list[tuple[Span, Span | None, Span | None]] | None:
        try:
            parsed = doc if doc is not None and offset == 0 and part == text else engine.nlp(part)
            triples = list(direct_quotations(parsed))
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
            cue = None
            if triple.cue:
                c0, c1 = triple.cue[0].idx, triple.cue[-1].idx + len(triple.cue[-1])
                cue = Span(offset + c0, offset + c1, "CUE")
            found.append((quote, speaker, cue))
        return found

    found = run(0, text)
    if found is None:
        found, offset = [], 0
        for paragraph in text.split("\n"):
            found += run(offset, paragraph) or []
            offset += len(paragraph) + 1
    spans = {q.key: q for q, _, _ in found}
    spans |= {s.key: s for _, s, _ in found if s is not None}
    spans |= {c.key: c for _, _, c in found if c is not None}
    relations = tuple(Relation("SPEAKER", q, s) for q, s, _ in found if s is not None)
    relations += tuple(Relation("CUE_OF", c, q) for q, _, c in found if c is not None)
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


def gold_intervals(engine: Engine, rounds: int = 1000) -> str:
    """Ours on the 8-article gold, per label, with 95 % bootstrap intervals over articles."""
    gold = load_gold()
    reports = pn.per_article([(t, g, engine.suggest(t).as_annotations("ours")) for t, g in gold])
    lines = ["ours on the 8-article gold (tuned on it), overlap F1 with 95 % bootstrap interval:"]
    for label in ("PERSON", "ROLE", "ORG", "CUE", "QUOTE/direct", "QUOTE/indirect", "DENIAL", "CLAIM"):
        lines.append(f"  {label:16} {pn.with_ci(reports, pn.f1(label), rounds)}")
    lines.append(f"  {'speaker acc.':16} {pn.with_ci(reports, pn.speaker, rounds)}")
    return "\n".join(lines)


@dataclass
class PolnearResult:
    part: str
    articles: int
    ours: list[Report]
    textacy: list[Report]
    spacy_sources: tuple[int, int]  # gold named sources overlapped by a spaCy entity, all of them
    seconds_rules: float
    pronoun_rows: list[str]
    # Ours on the gold without belief-cued attributions (the scheme's view), and ours
    # with belief verbs suggested (suggest --beliefs) on all of PolNeAR's attributions.
    speech_only: list[Report] = field(default_factory=list)
    with_beliefs: list[Report] = field(default_factory=list)
    beliefs_left_out: tuple[int, int] = (0, 0)  # gold contents left out, all of them
    # Ours with the quoted words inside a suggested clause left out (pn.unnested).
    unnested: list[Report] = field(default_factory=list)


def polnear(engine: Engine, part: str, limit: int | None, cache: Path | None) -> PolnearResult | None:
    """Ours and textacy on a PolNeAR part: contents (QUOTE and DENIAL as one), cues, sources."""
    import time

    try:
        articles = pn.load_part(part, limit=limit)
    except FileNotFoundError:
        return None
    if not articles:
        return None
    texts = [a.text for a in articles]
    where = cache / f"polnear-{part}-{limit or 'all'}-{engine.info.name}.spacy" if cache else None
    docs = pn.parse(engine.nlp, texts, where)
    start = time.perf_counter()
    ours = [pn.as_content(engine.from_doc(d).as_annotations("ours")) for d in docs]
    seconds = time.perf_counter() - start
    textacy = [textacy_quotes(engine, a.text, d) for a, d in zip(articles, docs, strict=True)]
    gold = [pn.as_content(a.gold) for a in articles]
    speech_gold = [pn.without_beliefs(g, d) for g, d in zip(gold, docs, strict=True)]
    believer = engine.with_beliefs(True)
    believing = [pn.as_content(believer.from_doc(d).as_annotations("ours")) for d in docs]
    contents = sum(1 for g in gold for s in g.spans if s.label == "QUOTE")
    kept = sum(1 for g in speech_gold for s in g.spans if s.label == "QUOTE")
    hit = total = 0
    for g, d in zip(gold, docs, strict=True):
        ents = [e for e in d.ents if e.label_ in ("PERSON", "ORG", "GPE", "NORP")]
        for s in g.spans:
            if s.label in ("PERSON", "ROLE", "ORG"):
                total += 1
                hit += any(e.start_char < s.end and s.start < e.end_char for e in ents)
    with_pronouns = pronoun_sources.load_with_pronouns(part, limit=limit)
    assert [a.text for a, _ in with_pronouns] == texts
    return PolnearResult(
        part,
        len(articles),
        pn.per_article([(a.text, g, p) for a, g, p in zip(articles, gold, ours, strict=True)]),
        pn.per_article([(a.text, g, p) for a, g, p in zip(articles, gold, textacy, strict=True)]),
        (hit, total),
        seconds,
        pronoun_sources.accuracy_rows(with_pronouns, ours, rounds=1000),
        pn.per_article([(a.text, g, p) for a, g, p in zip(articles, speech_gold, ours, strict=True)]),
        pn.per_article([(a.text, g, p) for a, g, p in zip(articles, gold, believing, strict=True)]),
        (contents - kept, contents),
        pn.per_article([(a.text, g, pn.unnested(p)) for a, g, p in zip(articles, gold, ours, strict=True)]),
    )


def polnear_table(r: PolnearResult, rounds: int = 1000) -> str:
    tuned = "tuned on it" if r.part == "train" else "never tuned on"
    lines = [
        f"PolNeAR {r.part} ({r.articles} articles, {tuned}; Content = QUOTE or DENIAL, beliefs and "
        "intentions included; source accuracy over matched contents whose gold source is named, "
        "pronoun sources left out), 95 % bootstrap intervals over articles:",
        f"  {'figure':30} {'ours':>24} {'raw spaCy':>12} {'textacy':>24}",
    ]
    rows = [
        ("content F1, overlap", pn.f1("QUOTE")),
        ("content F1, coverage > 30 %", pn.coverage_f1("30%")),
        ("content F1, coverage > 80 %", pn.coverage_f1("80%")),
        ("cue F1, overlap", pn.f1("CUE")),
        ("source accuracy", pn.speaker),
    ]
    for name, stat in rows:
        lines.append(
            f"  {name:30} {pn.with_ci(r.ours, stat, rounds):>24} {'-':>12} "
            f"{pn.with_ci(r.textacy, stat, rounds):>24}"
        )
    if r.unnested:
        one = pn.with_ci(r.unnested, pn.coverage_f1("30%"), rounds)
        lines.append(
            f"  {'content F1 > 30 %, one a clause':30} {one:>24}   (quoted words inside a suggested "
            "clause counted with it, as PolNeAR's one Content)"
        )
    lines += r.pronoun_rows
    hit, total = r.spacy_sources
    lines.append(
        f"  {'source mentions found':30} {'':>24} {hit / total if total else 0:12.3f}   "
        "(gold named sources overlapped by a spaCy PERSON/ORG/GPE/NORP entity)"
    )
    merged = pn.merge(r.ours)
    for label in ("QUOTE", "CUE"):
        c = merged.spans["overlap"].get(label)
        if c:
            lines.append(
                f"  ours {label:6} overlap P {c.precision:.3f} R {c.recall:.3f} "
                f"({c.pred} predicted, {c.gold} gold)"
            )
    lines.append(
        f"  ours sources: {merged.speaker_correct}/{merged.speaker_total}; "
        f"rules alone took {r.seconds_rules:.1f} s"
    )
    left, contents = r.beliefs_left_out
    lines.append(
        f"  beliefs both ways (belief, intention and stance cues, resources/lexicons/belief_verbs.txt: "
        f"{left} of {contents} gold contents):"
    )
    lines.append(f"  {'figure':30} {'ours, beliefs out of gold':>26} {'ours + beliefs, all gold':>26}")
    for name, stat in rows:
        lines.append(
            f"  {name:30} {pn.with_ci(r.speech_only, stat, rounds):>26} "
            f"{pn.with_ci(r.with_beliefs, stat, rounds):>26}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, help="write all reports as JSON")
    parser.add_argument("--polnear", default="dev", help="PolNeAR part to score (dev, train, none)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N PolNeAR articles")
    parser.add_argument("--cache", type=Path, default=None, help="folder for parsed PolNeAR docs")
    parser.add_argument("--rounds", type=int, default=1000, help="bootstrap rounds")
    parser.add_argument("--no-gold", action="store_true", help="skip the 8-article gold")
    args = parser.parse_args()
    engine = Engine.load()
    print(
        f"pipeline: {engine.info.name} {engine.info.version}; suggester {engine.origin.suggester} "
        f"{engine.origin.suggester_version}; gold: {GOLD}"
    )
    data: dict[str, Any] = {}
    if not args.no_gold:
        c = compare(engine)
        print(table(c))
        print(gold_intervals(engine, args.rounds))
        data = {k: getattr(c, k).as_dict() for k in ("ours", "ours_direct", "spacy", "textacy")}
    if args.polnear != "none":
        result = polnear(engine, args.polnear, args.limit, args.cache)
        if result is None:
            print(f"PolNeAR {args.polnear} not found (../shared/corpus/polnear or $POLNEAR): skipped")
        else:
            print(polnear_table(result, args.rounds))
            data[f"polnear_{args.polnear}"] = {
                "ours": pn.merge(result.ours).as_dict(),
                "ours_beliefs_out_of_gold": pn.merge(result.speech_only).as_dict(),
                "ours_with_beliefs": pn.merge(result.with_beliefs).as_dict(),
                "textacy": pn.merge(result.textacy).as_dict(),
            }
    if args.json:
        args.json.write_text(json.dumps(data, indent=1))


if __name__ == "__main__":
    main()
