"""The learning curve: train on 50/100/200/400/840 PolNeAR-train articles, score on PolNeAR dev.

    python -m tests.benchmarks.learning_curve [--sizes 50,100,200] [--plot learning_curve.png]
        [--beliefs]

Reads ../shared/corpus/polnear (train and dev, never test); says so in one line
and exits 0 when it is missing. Nothing trained here is kept: models go to a
temporary folder that is removed at the end.

PolNeAR is read as `annotator import --map resources/maps/polnear.toml` reads
it (tests/benchmarks/polnear.py: the first annotator's file of each article), so
row 0 equals eval_suggest's figures for the rules: Content -> QUOTE, Cue -> CUE
with CUE_OF, Source -> PERSON, ROLE or ORG with SPEAKER; QUOTE and DENIAL are
scored as one content. Beliefs and intentions are attributions in PolNeAR and
are kept as statements: the figures count them.

The model learns QUOTE and CUE only (PolNeAR's sources are not our labels);
rules and model are combined by the policy of annotator.suggest.combine.
Figures: content F1 at overlap and at > 30 % coverage, cue F1 at overlap,
speaker accuracy on matched contents; row 0 is the rules alone.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from annotator.core.model import ArticleInput, ArticleRecord
from annotator.core.scoring import OVERLAP, Counts, Report, evaluate
from annotator.suggest.engine import Engine
from annotator.suggest.trained import TrainSettings
from annotator.usecases.projects import new_project
from annotator.usecases.training import train_project
from tests.benchmarks import polnear as pn
from tests.benchmarks.polnear import Article

# ../shared beside the repository (CI lays it there); ANNOTATOR_POLNEAR names another place.
CORPUS = Path(
    os.environ.get("ANNOTATOR_POLNEAR", Path(__file__).resolve().parents[3] / "shared" / "corpus" / "polnear")
)
SIZES = (50, 100, 200, 400, 840)


def score(engine: Engine, dev: list[Article]) -> tuple[Report, float]:
    """The engine's suggestions on dev, scored; and its docs/s."""
    started = time.process_time()
    results = list(engine.suggest_many([a.text for a in dev]))
    rate = len(dev) / (time.process_time() - started)
    pairs = [
        (a.text, pn.as_content(a.gold), pn.as_content(r.as_annotations("ours")))
        for a, r in zip(dev, results, strict=True)
    ]
    return evaluate(pairs), rate


def raw_rate(engine: Engine, dev: list[Article]) -> float:
    """nlp.pipe docs/s of the base pipeline (the trained heads disabled)."""
    heads = [n for n in engine.nlp.pipe_names if n.startswith("annotator_")]
    with engine.nlp.select_pipes(disable=heads):
        started = time.process_time()
        for _ in engine.nlp.pipe([a.text for a in dev]):
            pass
    return len(dev) / (time.process_time() - started)


def row(n: int, report: Report, seconds: tuple[float, float], rate: float) -> dict[str, float]:
    cover = report.coverage.get("30%")
    content, cue = report.spans[OVERLAP].get("QUOTE", Counts()), report.spans[OVERLAP].get("CUE", Counts())
    return {
        "content_p": content.precision,
        "content_r": content.recall,
        "cue_p": cue.precision,
        "cue_r": cue.recall,
        "articles": n,
        "content_f1": report.f1("QUOTE", OVERLAP),
        "content_f1_30": cover.f1 if cover else 0.0,
        "cue_f1": report.f1("CUE", OVERLAP),
        "speaker": report.speaker_accuracy,
        "train_s": seconds[0],
        "train_cpu_s": seconds[1],
        "docs_s": rate,
    }


def train_on(articles: list[Article], folder: Path) -> tuple[float, float]:
    """Train on these articles (as one annotator's done work); wall and CPU seconds taken."""
    records = [
        ArticleRecord(ArticleInput(a.text, title=a.name), replace(a.gold, annotator="polnear", done=True))
        for a in articles
    ]
    with new_project(folder / "train.annotator") as project:
        project.save_articles(records)
        started, cpu = time.perf_counter(), time.process_time()
        train_project(
            project, folder / "model", annotator="polnear", settings=TrainSettings(labels=("QUOTE", "CUE"))
        )
    return time.perf_counter() - started, time.process_time() - cpu


def plot(rows: list[dict[str, float]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    trained = [r for r in rows if r["articles"] > 0]
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for key, name in (
        ("content_f1_30", "content F1 (> 30 % coverage)"),
        ("content_f1", "content F1 (overlap)"),
        ("cue_f1", "cue F1 (overlap)"),
        ("speaker", "speaker accuracy"),
    ):
        ax.plot([r["articles"] for r in trained], [r[key] for r in trained], marker="o", label=name)
        if rows[0]["articles"] == 0:
            ax.axhline(rows[0][key], linestyle=":", linewidth=0.8, color=ax.lines[-1].get_color())
    ax.set_xscale("log")
    ax.set_xticks([r["articles"] for r in trained], [str(int(r["articles"])) for r in trained])
    ax.minorticks_off()
    ax.set_xlabel("PolNeAR-train articles trained on (dotted: rules alone)")
    ax.set_ylabel("score on PolNeAR dev (84 articles)")
    ax.set_ylim(0, 1)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")
    ax.set_title("annotator: rules + trained span model")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="training sizes, comma-separated")
    parser.add_argument("--plot", type=Path, default=Path("learning_curve.png"), help="PNG to write")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument(
        "--beliefs", action="store_true", help="suggest beliefs and intentions too (suggest --beliefs)"
    )
    parser.add_argument(
        "--rows", type=Path, help="JSON file of rows: earlier runs' rows are kept and plotted with these"
    )
    args = parser.parse_args(argv)
    if not (args.corpus / "train" / "text").is_dir():
        print(f"PolNeAR not found at {args.corpus}: learning curve skipped")
        return 0
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    if not sizes and args.rows:  # --sizes "": only plot the rows of earlier runs
        plot(json.loads(args.rows.read_text(encoding="utf-8")), args.plot)
        print(f"plot written to {args.plot}")
        return 0
    train, dev = pn.load_part("train", args.corpus), pn.load_part("dev", args.corpus)
    print(f"PolNeAR: {len(train)} train, {len(dev)} dev articles", flush=True)
    rules = Engine.load(beliefs=args.beliefs)
    raw = raw_rate(rules, dev)
    print(f"raw nlp.pipe of {rules.info.name}: {raw:.2f} docs per CPU second", flush=True)
    report, rate = score(rules, dev)
    rows = [row(0, report, (0.0, 0.0), rate)]
    print(_header() + "\n" + _line(rows[0], raw), flush=True)
    earlier = json.loads(args.rows.read_text(encoding="utf-8")) if args.rows and args.rows.is_file() else []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="learning-curve-") as tmp:
            seconds = train_on(train[:n], Path(tmp))
            engine = Engine.load(str(Path(tmp) / "model"), beliefs=args.beliefs)
            report, rate = score(engine, dev)
        rows.append(row(n, report, seconds, rate))
        print(_line(rows[-1], raw), flush=True)
        if args.rows:
            done = {r["articles"] for r in rows}
            kept = [r for r in earlier if r["articles"] not in done]
            args.rows.write_text(json.dumps(sorted(kept + rows, key=lambda r: r["articles"]), indent=1))
    if args.rows:
        rows = json.loads(args.rows.read_text(encoding="utf-8"))
    plot(rows, args.plot)
    print(f"plot written to {args.plot}")
    return 0


def _header() -> str:
    # CPU seconds and CPU-time rates: on a shared machine wall time says more about the others.
    return "articles  content F1 (overlap / >30%)  cue F1  speaker  train s (CPU s)  docs/CPU s (x raw)"


def _line(r: dict[str, float], raw: float) -> str:
    return (
        f"{int(r['articles']):>8}  {r['content_f1']:.3f} / {r['content_f1_30']:.3f}"
        f"               {r['cue_f1']:.3f}   {r['speaker']:.3f}"
        f"  {r['train_s']:>7.0f} ({r['train_cpu_s']:.0f})"
        f"  {r['docs_s']:.2f} ({r['docs_s'] / raw:.2f}x)"
        f"  content P {r.get('content_p', 0):.2f} R {r.get('content_r', 0):.2f},"
        f" cue P {r.get('cue_p', 0):.2f} R {r.get('cue_r', 0):.2f}"
    )


if __name__ == "__main__":
    sys.exit(main())
