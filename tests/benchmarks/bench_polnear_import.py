"""Benchmark: PolNeAR train and dev imported into two projects through the shipped mapping.

    python -m tests.benchmarks.bench_polnear_import [--corpus ../shared/corpus/polnear]

Runs ``annotator import PROJECT PART --map resources/maps/polnear.toml`` as a user
would (a subprocess each), prints the time, what was imported and what the map
left out. Target: both parts in well under a minute. Reads the shared corpus
(not part of the repository); says so and exits 0 when it is missing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent.parent / "shared" / "corpus" / "polnear"
MAP = ROOT / "resources" / "maps" / "polnear.toml"


def default_corpus() -> Path:
    """The shared PolNeAR folder: $POLNEAR, else ../shared/corpus/polnear beside the checkout."""
    for candidate in (os.environ.get("POLNEAR"), CORPUS, ROOT.parent / "shared" / "corpus" / "polnear"):
        if candidate and (Path(candidate) / "train").is_dir():
            return Path(candidate)
    return CORPUS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=None)
    args = parser.parse_args()
    corpus = args.corpus or default_corpus()
    if not (corpus / "train").is_dir():
        print(f"PolNeAR not found at {corpus}: benchmark skipped")
        return
    cli = [sys.executable, "-m", "annotator"]
    total = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for part in ("train", "dev"):
            project = Path(tmp) / f"polnear-{part}.annotator"
            subprocess.run([*cli, "new", str(project)], check=True, stdout=subprocess.DEVNULL)
            start = time.perf_counter()
            done = subprocess.run(
                [*cli, "import", str(project), str(corpus / part), "--map", str(MAP)],
                capture_output=True,
                text=True,
                check=False,
            )
            elapsed = time.perf_counter() - start
            total += elapsed
            summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
            print(f"{part}: {elapsed:.1f} s  {summary}")
            for line in done.stderr.splitlines():
                if line.startswith(("not mapped:", "refused:")):
                    print(f"  {line}")
    print(f"train + dev: {total:.1f} s  target: well under 60 s")


if __name__ == "__main__":
    main()
