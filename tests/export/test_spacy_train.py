"""The exported ``.spacy`` files, unmodified, pass ``spacy debug data`` and train
a spancat + ner pipeline with ``spacy train`` (one short epoch)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import spacy

from annotator.store import Project
from annotator.usecases.exporting import ExportOptions, Selection, export
from annotator.usecases.importing import import_paths
from annotator.usecases.projects import new_project, open_existing
from tests.benchmarks.bench_export import write_tasks

pytestmark = pytest.mark.slow
_COLOURS = re.compile(r"\x1b\[[0-9;]*m")


def spacy_cli(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "spacy", *map(str, args)], capture_output=True, text=True, check=False
    )
    if check and done.returncode:
        raise AssertionError(f"spacy {args[0]} failed:\n{done.stdout}\n{done.stderr}")
    return done


@pytest.fixture
def gold_project(sqlite_gold_file: Path) -> Iterator[Project]:
    """Training needs one backend: the export itself is tested on both elsewhere."""
    with open_existing(sqlite_gold_file) as project:
        yield project


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """spaCy's own starter config for a blank English spancat + ner pipeline."""
    path = tmp_path_factory.mktemp("config") / "config.cfg"
    spacy_cli("init", "config", path, "--lang", "en", "--pipeline", "spancat,ner", "--optimize", "efficiency")
    return path


def test_gold_passes_debug_data_and_trains(gold_project: Project, config: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    export(gold_project, "spacy", corpus, Selection(gold=True), ExportOptions(split=0.75))
    paths = ["--paths.train", corpus / "train.spacy", "--paths.dev", corpus / "dev.spacy"]
    debug = spacy_cli("debug", "data", config, *paths, check=False)
    report = _COLOURS.sub("", debug.stdout)
    failures = [line for line in report.splitlines() if line.startswith("✘")]
    # Six training articles are too few for spaCy's advice (100+); every check of the data itself passes.
    assert failures == ["✘ Low number of examples to train a new pipeline (6)", "✘ 1 error"], report
    for check in (
        "✔ Corpus is loadable",
        "✔ No overlap between training and evaluation data",
        "✔ No entities consisting of or starting/ending with whitespace",
        "✔ No entities crossing sentence boundaries",
    ):
        assert check in report, report
    trained = spacy_cli(
        "train", config, *paths, "--output", tmp_path / "model",
        "--training.max_epochs", "1", "--training.eval_frequency", "5",
    )  # fmt: skip
    output = _COLOURS.sub("", trained.stdout)
    assert "✔ Saved pipeline to output directory" in output, output
    print("\n".join(output.strip().splitlines()[-6:]))  # the last lines, for the record
    nlp = spacy.load(tmp_path / "model" / "model-last")
    assert nlp.pipe_names == ["tok2vec", "spancat", "ner"]
    doc = nlp("Press Secretary Sarah Huckabee Sanders said there were no announcements.")
    assert "sc" in doc.spans


def test_a_larger_export_passes_every_debug_data_check(config: Path, tmp_path: Path) -> None:
    tasks = tmp_path / "tasks.jsonl"
    write_tasks(tasks, 150, seed=11)
    with new_project(tmp_path / "p.annotator") as project:
        assert import_paths(project, [tasks], annotator="alice", done=True).ok
        corpus = tmp_path / "corpus"
        report = export(project, "spacy", corpus, Selection(annotator="alice"), ExportOptions(split=0.8))
    assert report.written.adjusted  # the generator puts some offsets inside tokens: widened and counted
    debug = spacy_cli(
        "debug", "data", config, "--paths.train", corpus / "train.spacy", "--paths.dev", corpus / "dev.spacy"
    )
    assert "✘" not in debug.stdout, debug.stdout
