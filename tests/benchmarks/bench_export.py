"""Benchmark: export N annotated ~600-word articles to JSONL and to ``.spacy``.

    python -m tests.benchmarks.bench_export [--articles 10000]

Generates articles with people, roles, quotes (some over two paragraphs,
some with offsets inside a token), cues and their relations, imports them as
one annotator's finished work, then times ``annotator export`` as a user runs
it, in subprocesses (one process each: the export tokenizes with spaCy as it
writes), and prints the figures against the targets.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

FIRST = [
    "Maria",
    "John",
    "Aiko",
    "Chidi",
    "Lena",
    "Omar",
    "Sofia",
    "Pavel",
    "Grace",
    "Diego",
    "Ingrid",
    "Tariq",
]
LAST = [
    "García",
    "Johnson",
    "Müller",
    "Nakamura",
    "Okafor",
    "Kowalski",
    "Dubois",
    "Rossi",
    "Ivanova",
    "Smith",
]
ROLES = ["spokeswoman", "Finance Minister", "senator", "union leader", "police chief", "Press Secretary"]
CUES = ["said", "told reporters", "added", "insisted", "warned", "according to"]
WORDS = """the administration plan report statement government city council company market economy
workers union strike talks deal agreement international national local regional public private
new former current election campaign policy security court police office department agency week
on Thursday after before during while because although talks continued into the night""".split()


def _clause(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words)


class _Builder:
    """Appends text and records spans (start, end, label, attrs) and relations by index."""

    def __init__(self) -> None:
        self.text = ""
        self.spans: list[dict[str, Any]] = []
        self.relations: list[tuple[str, int, int]] = []

    def add(self, piece: str, label: str | None = None, **attrs: str) -> int:
        start = len(self.text)
        self.text += piece
        if label is None:
            return -1
        self.spans.append({"start": start, "end": len(self.text), "label": label, **attrs})
        return len(self.spans) - 1


def make_task(rng: random.Random, i: int, words: int = 600) -> dict[str, Any]:
    """One annotated article as a Prodigy-style task (spans and relations by offsets)."""
    b = _Builder()
    b.add(f"{_clause(rng, 8).title()} {i}\n\n")
    while len(b.text.split()) < words:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        kind = rng.random()
        if kind < 0.35:
            b.add("“")
            quote = b.add(_clause(rng, rng.randint(8, 20)).capitalize() + ",", "QUOTE", type="direct")
            b.add("” ")
            cue = b.add("said", "CUE")
            b.add(" ")
            role = b.add(rng.choice(ROLES), "ROLE")
            b.add(" ")
            person = b.add(f"{first} {last}", "PERSON")
            b.add(". ")
            b.relations += [("SPEAKER", quote, person), ("CUE_OF", cue, quote), ("ROLE_OF", role, person)]
        elif kind < 0.55:
            person = b.add(f"{first} {last}", "PERSON")
            b.add(" ")
            cue = b.add(rng.choice(CUES[:5]), "CUE")
            b.add(" that ")
            quote = b.add(_clause(rng, rng.randint(10, 25)), "QUOTE", type="indirect")
            b.add(". ")
            b.relations += [("SPEAKER", quote, person), ("CUE_OF", cue, quote)]
        elif kind < 0.6:
            # A quote over two paragraphs, and a name whose span stops inside a token.
            b.add("“")
            quote = b.add(
                _clause(rng, 12).capitalize() + ".\n\n" + _clause(rng, 10).capitalize() + ".",
                "QUOTE",
                type="direct",
            )
            b.add("” ")
            person = b.add(last[:-1], "PERSON")
            b.add(f"{last[-1]}'s office said.\n\n")
            b.relations.append(("SPEAKER", quote, person))
        else:
            b.add(_clause(rng, rng.randint(10, 25)).capitalize() + ". ")
        if rng.random() < 0.2:
            b.add("\n\n")
    spans = b.spans
    return {
        "text": b.text.rstrip(),
        "meta": {"source": "bench", "date": f"20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}-01"},
        "spans": spans,
        "relations": [
            {"label": label, "head_span": spans[head], "child_span": spans[child]}
            for label, head, child in b.relations
        ],
    }


def write_tasks(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            out.write(json.dumps(make_task(rng, i), ensure_ascii=False) + "\n")


def timed(cmd: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, done.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="JSONL exports to time (the median is shown)")
    args = parser.parse_args()
    exe = [sys.executable, "-m", "annotator"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        tasks = folder / "tasks.jsonl"
        write_tasks(tasks, args.articles)
        project = folder / "bench.annotator"
        subprocess.run([*exe, "new", str(project)], check=True, stdout=subprocess.DEVNULL)
        import_s, _ = timed([*exe, "import", str(project), str(tasks), "--annotator", "alice", "--done"])
        common = [*exe, "export", str(project), "--annotator", "alice"]
        # The median of a few runs: on a shared machine single runs vary by a fifth and more.
        runs = []
        for _ in range(args.repeat):
            (folder / "out.jsonl").unlink(missing_ok=True)
            runs.append(timed([*common, "-f", "jsonl", "-o", str(folder / "out.jsonl")]))
        jsonl_s, jsonl_said = sorted(runs)[len(runs) // 2]
        spacy_s, spacy_said = timed([*common, "-f", "spacy", "-o", str(folder / "out.spacy")])
        jsonl_mb = (folder / "out.jsonl").stat().st_size / 1e6
        spacy_mb = (folder / "out.spacy").stat().st_size / 1e6
    n = args.articles
    print(f"articles: {n} generated, annotated and marked done")
    print(f"annotator import: {import_s:6.2f} s")
    each = ", ".join(f"{t:.2f}" for t, _ in runs)
    print(f"export --format jsonl: {jsonl_s:6.2f} s  ({jsonl_mb:.0f} MB)  target < 10 s (one process)")
    print(f"  median of {len(runs)} runs: {each} s")
    print(f"  {jsonl_said}")
    print(f"export --format spacy: {spacy_s:6.2f} s  ({spacy_mb:.0f} MB)  target < 60 s for 10,000")
    print(f"  {spacy_said}")


if __name__ == "__main__":
    main()
