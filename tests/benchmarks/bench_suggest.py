"""Benchmark: the suggestion engine against the spaCy pipeline it runs on.

    python -m tests.benchmarks.bench_suggest [--articles 200]

(a) raw ``nlp.pipe`` and (b) the whole engine (``nlp.pipe`` plus the rules) over
the same articles (the 8-article gold corpus repeated); docs/s and their ratio.
Target: ours >= 0.8 x raw spaCy.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from annotator.suggest.engine import Engine

GOLD = Path(__file__).resolve().parent.parent / "data" / "gold.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()
    base = [json.loads(line)["text"] for line in GOLD.read_text(encoding="utf-8").splitlines()]
    texts = (base * (args.articles // len(base) + 1))[: args.articles]
    words = sum(len(t.split()) for t in texts)
    engine = Engine.load()
    list(engine.suggest_many(texts[:8]))  # warm up both paths
    start = time.perf_counter()
    for _ in engine.nlp.pipe(texts, batch_size=args.batch_size):
        pass
    raw = time.perf_counter() - start
    start = time.perf_counter()
    results = engine.suggest_many(texts, batch_size=args.batch_size)
    spans = sum(len(result.suggestions) for result in results)
    ours = time.perf_counter() - start
    n = len(texts)
    print(
        f"pipeline {engine.info.name} {engine.info.version}; "
        f"{n} articles, {words / n:.0f} words each on average"
    )
    print(f"(a) raw nlp.pipe:   {n / raw:6.2f} docs/s  ({raw:.1f} s)")
    print(f"(b) whole engine:   {n / ours:6.2f} docs/s  ({ours:.1f} s, {spans} spans suggested)")
    print(f"ratio (b)/(a):      {raw / ours:6.3f}   target >= 0.8")


if __name__ == "__main__":
    main()
