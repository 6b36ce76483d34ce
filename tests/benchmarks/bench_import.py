"""Benchmark: import N generated ~600-word articles, then list them.

    python -m tests.benchmarks.bench_import [--articles 10000]

Times the real commands as a user runs them (``annotator import``,
``annotator articles``) in subprocesses; prints figures against the targets.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_VOCABULARY = """
the administration official said president minister plan report statement government
according to spokesman told reporters on Thursday that it would not comment further
senator office department agency police court election campaign policy security
denied rejected allegations confirmed announced warned added insisted claimed
city council company market economy workers union strike talks deal agreement
international national local regional public private new former current
Smith Johnson García Müller Nakamura Okafor Kowalski Dubois Rossi Ivanova
"""
WORDS = _VOCABULARY.split()
QUOTES = ["“", "”", '"']


def article(rng: random.Random, i: int, words: int = 600) -> str:
    """A plausible article: a date line, a headline, paragraphs, quotes."""
    body: list[str] = []
    count = 0
    while count < words:
        sentence = [rng.choice(WORDS) for _ in range(rng.randint(8, 25))]
        if rng.random() < 0.3:
            sentence.insert(0, QUOTES[0])
            sentence.append(QUOTES[1] + " " + rng.choice(WORDS[:3]) + " said.")
        count += len(sentence)
        body.append(" ".join(sentence).capitalize() + ".")
        if rng.random() < 0.25:
            body.append("\n\n")
    headline = " ".join(rng.choice(WORDS) for _ in range(8)).title()
    return (
        f"date 20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n{headline} {i}\n\n"
        + " ".join(body)
    )


def timed(cmd: list[str], repeat: int = 1) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    exe = [sys.executable, "-m", "annotator"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        rng = random.Random(7)
        total_words = 0
        for i in range(args.articles):
            text = article(rng, i)
            total_words += len(text.split())
            (folder / f"{i:06d}.txt").write_text(text, encoding="utf-8")
        project = Path(tmp) / "bench.annotator"
        subprocess.run([*exe, "new", str(project)], check=True, stdout=subprocess.DEVNULL)
        [import_s] = timed([*exe, "import", str(project), str(folder)])
        table = timed([*exe, "articles", str(project)], repeat=5)
        as_json = timed([*exe, "articles", str(project), "--json"], repeat=5)
        startup = timed([*exe, "--version"], repeat=5)
        size_mb = project.stat().st_size / 1e6
    n = args.articles
    print(f"articles: {n} generated, {total_words / n:.0f} words each on average")
    print(
        f"annotator import:          {import_s:6.2f} s  ({n / import_s:,.0f} articles/s)"
        "  target < 10 s for 10,000"
    )
    print(
        f"annotator articles:        {statistics.median(table):6.2f} s  median of 5            target < 1 s"
    )
    print(
        f"annotator articles --json: {statistics.median(as_json):6.2f} s  median of 5            target < 1 s"
    )
    print(f"start-up (--version):      {statistics.median(startup):6.2f} s  median of 5")
    print(f"project file:              {size_mb:6.1f} MB")


if __name__ == "__main__":
    main()
