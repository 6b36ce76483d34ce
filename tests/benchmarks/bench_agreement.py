"""Benchmark: merge three annotators' 1,000-article projects, then measure their agreement.

    python -m tests.benchmarks.bench_agreement [--articles 1000]

Each annotator's project holds the same generated ~600-word articles with ~30
spans and ~10 relations each, mostly shared with the others (80 % of a common
set, plus their own). Times the real commands as a user runs them
(``annotator merge``, ``annotator agreement --json --html``) in subprocesses,
and prints the figures against the targets (< 10 s and < 3 s).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from annotator.core.model import AnnotationSet, ArticleInput, ArticleRecord, Relation, Span
from annotator.usecases.projects import new_project
from tests.benchmarks.bench_import import article

LABELS = ["PERSON", "ROLE", "QUOTE", "DENIAL", "CUE", "CLAIM", "ORG"]
RELATIONS = {"SPEAKER": ("QUOTE", "PERSON"), "ROLE_OF": ("ROLE", "PERSON"), "CUE_OF": ("CUE", "QUOTE")}


def spans(rng: random.Random, text: str, n: int) -> list[Span]:
    out = []
    for _ in range(n):
        start = rng.randrange(len(text) - 200)
        out.append(Span(start, start + rng.randint(3, 150), rng.choice(LABELS)))
    return out


def relations(rng: random.Random, chosen: list[Span], n: int) -> list[Relation]:
    by_label: dict[str, list[Span]] = {}
    for s in chosen:
        by_label.setdefault(s.label, []).append(s)
    out = []
    for _ in range(n):
        label, (head, child) = rng.choice(list(RELATIONS.items()))
        if by_label.get(head) and by_label.get(child):
            out.append(Relation(label, rng.choice(by_label[head]), rng.choice(by_label[child])))
    return out


def build(folder: Path, articles: int, seed: int = 0) -> list[Path]:
    rng = random.Random(seed)
    texts = [article(rng, i) for i in range(articles)]
    common = [spans(rng, t, 30) for t in texts]
    paths = []
    for name in ("ann1", "ann2", "ann3"):
        records = []
        for text, shared in zip(texts, common, strict=True):
            mine = list(
                {s.key: s for s in [s for s in shared if rng.random() < 0.8] + spans(rng, text, 6)}.values()
            )
            records.append(
                ArticleRecord(
                    ArticleInput(text),
                    AnnotationSet(name, tuple(mine), tuple(relations(rng, mine, 10)), True),
                )
            )
        path = folder / f"{name}.annotator"
        with new_project(path) as project:
            for i in range(0, len(records), 250):
                project.save_articles(records[i : i + 250])
        paths.append(path)
    return paths


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    cli = [sys.executable, "-m", "annotator"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        sources = build(folder, args.articles)
        print(f"built 3 projects x {args.articles} articles in {time.perf_counter() - start:.1f} s")
        target = folder / "lead.annotator"
        subprocess.run([*cli, "new", str(target)], check=True, stdout=subprocess.DEVNULL)
        merge = timed([*cli, "merge", str(target), *map(str, sources)])
        again = timed([*cli, "merge", str(target), *map(str, sources)])
        report = [*cli, "agreement", str(target)]
        table = timed(report)
        full = timed([*report, "--json", "--html", str(folder / "a.html")])  # JSON on stdout
    n = args.articles
    print(f"merge 3 x {n} articles (annotator merge):       {merge:6.2f} s   target < 10 s")
    print(f"merge the same again (nothing changes):        {again:6.2f} s")
    print(f"agreement {n} articles x 3 annotators (table): {table:6.2f} s   target < 3 s")
    print(f"agreement with --json and --html:               {full:6.2f} s   target < 3 s")


if __name__ == "__main__":
    main()
