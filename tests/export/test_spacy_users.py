"""What spaCy users need beyond the DocBin: a spancat config whose suggester reaches
the long quotes (spaCy's starter n-grams of 1-3 tokens reach few), span labels with
the quote's type, and relations in the shape of Explosion's rel_component tutorial."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, DocBin

from annotator.io.docbin import SPANS_KEY
from annotator.usecases.exporting import ExportOptions, Selection, export
from annotator.usecases.projects import open_existing

pytestmark = pytest.mark.slow
OPTIONS = ExportOptions(split=0.75, spancat_config=True, type_labels=True, rel_component=True)


@pytest.fixture(scope="module")
def corpus(gold_project_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("spacy") / "corpus"
    with open_existing(gold_project_file) as gold_project:
        report = export(gold_project, "spacy", folder, Selection(gold=True), OPTIONS)
    assert folder / "config.cfg" in report.written.files
    return folder


def _docs(path: Path) -> list[Doc]:
    nlp = spacy.blank("en")
    return list(DocBin().from_disk(path).get_docs(nlp.vocab))


def test_spancat_candidates_reach_every_gold_span(corpus: Path) -> None:
    """span_finder proposes spans up to the longest exported; spancat's preset suggester
    takes the spans under the key span_finder writes. spaCy's starter n-grams reach few."""
    config = spacy.util.load_config(corpus / "config.cfg")
    assert config["nlp"]["pipeline"] == ["tok2vec", "span_finder", "spancat"]
    finder, spancat = config["components"]["span_finder"], config["components"]["spancat"]
    assert spancat["suggester"] == {
        "@misc": "spacy.preset_spans_suggester.v1",
        "spans_key": finder["spans_key"],
    }
    assert config["training"]["annotating_components"] == ["span_finder"]
    preset = spacy.registry.resolve({"s": spancat["suggester"]})["s"]
    starter = spacy.registry.resolve({"s": {"@misc": "spacy.ngram_suggester.v1", "sizes": [1, 2, 3]}})["s"]
    docs = _docs(corpus / "train.spacy") + _docs(corpus / "dev.spacy")
    quotes = reached = by_starter = 0
    for doc, got, old in zip(docs, _split(preset, docs), _split(starter, docs), strict=True):
        for span in doc.spans[SPANS_KEY]:
            assert finder["min_length"] <= len(span) <= finder["max_length"]
            if span.label_.startswith(("QUOTE", "DENIAL")):
                quotes += 1
                reached += (span.start, span.end) in got
                by_starter += (span.start, span.end) in old
    assert quotes == 88 and reached == quotes  # the gold's 74 quotes and 14 denials
    print(f"\nquotes and denials reached: ours {reached}/{quotes}, starter n-grams {by_starter}/{quotes}")
    assert by_starter < quotes / 4


def _split(suggester, docs: list[Doc]) -> list[set[tuple[int, int]]]:  # type: ignore[no-untyped-def]
    ragged = suggester(docs)
    out, at = [], 0
    pairs = ragged.dataXd.tolist()
    for n in ragged.lengths.tolist():
        out.append({tuple(p) for p in pairs[at : at + n]})
        at += n
    return out


def test_config_passes_spacy_debug_config(corpus: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "spacy", "debug", "config", str(corpus / "config.cfg")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Config is valid" in done.stdout


def test_type_labels_and_rel_component_shape(corpus: Path) -> None:
    if not Doc.has_extension("rel"):
        Doc.set_extension("rel", default={})  # as the tutorial's rel_pipe.py registers it
    docs = _docs(corpus / "train.spacy")
    labels = {span.label_ for doc in docs for span in doc.spans[SPANS_KEY]}
    assert {"QUOTE_DIRECT", "QUOTE_INDIRECT", "DENIAL_DIRECT"} <= labels and "QUOTE" not in labels
    for doc in docs:
        rel = doc._.rel
        starts = {ent.start for ent in doc.ents}
        assert all((a, b) in rel for a in starts for b in starts if a != b)
        for relation in doc.user_data["relations"]:
            head = doc.char_span(*relation["head"][:2], alignment_mode="expand")
            child = doc.char_span(*relation["child"][:2], alignment_mode="expand")
            scores = rel[(head.start, child.start)]
            assert scores[relation["label"]] == 1.0
            assert set(scores) == {"SPEAKER", "ROLE_OF", "CUE_OF", "DENIES"}
        assert {v for scores in rel.values() for v in scores.values()} <= {0.0, 1.0}
