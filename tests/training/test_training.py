"""Training a span model on reviewed work, suggesting with it, and the policy that
combines it with the rules: real projects, the real pipeline, a real (tiny) model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy
import pytest
from spacy.tokens import Span as SpacySpan

from annotator.core.model import Span
from annotator.suggest import combine
from annotator.suggest.candidates import long_spans
from annotator.suggest.engine import SUGGESTER, VERSION, Engine
from annotator.suggest.pipeline import PipelineError, pipeline_target
from annotator.suggest.trained import HEADS, SHORT, STATEMENTS, TrainSettings
from annotator.usecases.errors import NoGoldYet
from annotator.usecases.projects import open_existing
from annotator.usecases.suggesting import suggest_project
from annotator.usecases.training import TrainingCancelled, TrainingError, TrainReport, train_project
from tests.training.conftest import TINY, first_gold, reviewed_project, texts


def test_training_writes_a_spacy_pipeline_folder(tiny_model: tuple[Path, Path, TrainReport]) -> None:
    _, model, report = tiny_model
    assert pipeline_target(str(model)) == model  # a pipeline folder: meta.json + config.cfg
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    about = meta["annotator"]
    assert about["trained_on"] == "alice" and about["articles"] == 2
    assert set(about["labels"]) <= {"ROLE", "ORG", "CUE", "QUOTE", "DENIAL", "CLAIM"}
    assert {"CUE", "QUOTE", "ROLE"} <= set(about["labels"])
    config = (model / "config.cfg").read_text(encoding="utf-8")
    assert "annotator.statement_candidates.v1" in config and "spacy.ngram_range_suggester.v1" in config
    # The report counts the reviewed spans it learnt from, as the gold holds them.
    gold = [json.loads(line) for line in (Path(__file__).parents[1] / "data" / "gold.jsonl").open()][:2]
    cues = sum(1 for task in gold for s in task["spans"] if s["label"] == "CUE")
    assert report.result.spans["CUE"] == cues
    assert report.result.losses[-1] < report.result.losses[0]  # it learnt
    assert not report.held_out and report.notes  # 2 articles: scored on them, and said so


def test_suggesting_with_the_model_keeps_the_rules_and_adds_its_spans(
    tiny_model: tuple[Path, Path, TrainReport], engine: Engine
) -> None:
    project, model, _ = tiny_model
    trained = Engine.load(str(model))
    assert trained.model is not None and trained.origin.suggester == SUGGESTER
    assert trained.origin.suggester_version == f"{VERSION}+model.{trained.model}"
    assert trained.info.name == "en_annotator_trained"
    added = 0
    for text in texts(project):
        rules = {s.span.key for s in engine.suggest(text).suggestions}
        both = trained.suggest(text)
        keys = {s.span.key for s in both.suggestions}
        assert rules <= keys  # policy 1: every rule suggestion stays
        added += len(keys - rules)
    assert added > 0  # the model found spans on the articles it learnt from


def test_suggest_project_with_the_model_resuggests_every_article(
    tiny_model: tuple[Path, Path, TrainReport], engine: Engine, tmp_path: Path
) -> None:
    project = reviewed_project(tmp_path / "p.annotator")
    with open_existing(project) as opened:
        suggest_project(opened, engine=engine)
        first = suggest_project(opened, engine=Engine.load(str(tiny_model[1])))
        again = suggest_project(opened, engine=Engine.load(str(tiny_model[1])))
        [origin] = {s.origin for row in opened.list_articles() for s in opened.suggestion_sets(row.id)}
    assert first.suggested == 2 and again.suggested == 0 and again.skipped == 2
    assert "+model." in origin.suggester_version


def test_policy_adds_model_spans_only_where_rules_have_none(engine: Engine) -> None:
    text = (
        "The ministry rejects the plan as dead, a claim its critics dispute. "
        '"We will not comment on rumours," a spokesman told reporters on Friday.'
    )
    doc = engine.nlp(text)
    rules = engine.from_doc(doc)
    [rule_quote] = [s.span for s in rules.suggestions if s.span.label == "QUOTE"]
    assert text[rule_quote.start : rule_quote.end] == "We will not comment on rumours,"

    def at(words: str, label: str) -> SpacySpan:
        start = text.index(words)
        span = doc.char_span(start, start + len(words), label=label)
        assert span is not None
        return span

    # What a trained model could say: one quote the rules found too, one they missed, a cue, a source.
    doc.spans[STATEMENTS.spans_key] = [at("We will not comment", "QUOTE"), at("the plan as dead", "QUOTE")]
    doc.spans[STATEMENTS.spans_key].attrs["scores"] = numpy.array([[0.9], [0.8]], dtype="f")
    doc.spans[SHORT.spans_key] = [at("The ministry", "ORG"), at("rejects", "CUE")]
    doc.spans[SHORT.spans_key].attrs["scores"] = numpy.array([[0.7], [0.6]], dtype="f")
    combined = combine.with_model(rules, doc)

    old = {s.span.key for s in rules.suggestions}
    new = {s.span.key: s for s in combined.suggestions if s.span.key not in old}
    plan, ministry, rejects = (
        (text.index(w), text.index(w) + len(w), label)
        for w, label in (("the plan as dead", "QUOTE"), ("The ministry", "ORG"), ("rejects", "CUE"))
    )
    assert set(new) == {plan, ministry, rejects}  # the quote the rules had is not added twice
    assert new[plan].span.attrs == {"type": "indirect"} and new[plan].score == 0.8
    links = {(r.relation.label, r.relation.head.key, r.relation.child.key) for r in combined.relations}
    assert ("CUE_OF", rejects, plan) in links and ("SPEAKER", plan, ministry) in links
    assert all(r in combined.relations for r in rules.relations)


def test_direct_type_from_the_marks() -> None:
    text = 'He said "no way" and that it was over.'
    start = text.index("no way")
    assert combine._attrs(text, start, start + 6, "QUOTE") == {"type": "direct"}
    start = text.index("it was")
    assert combine._attrs(text, start, len(text) - 1, "DENIAL") == {"type": "indirect"}
    assert combine._attrs(text, 0, 2, "ROLE") == {}


def test_statement_candidates_reach_the_gold_quotes(engine: Engine) -> None:
    """Most gold quotes of the seed article are candidates exactly, at any length."""
    task = first_gold()
    doc = engine.nlp(str(task["text"]))
    found = long_spans(doc)
    quotes = [s for s in task["spans"] if s["label"] in ("QUOTE", "DENIAL")]  # type: ignore[attr-defined]
    hits = 0
    for s in quotes:
        span = doc.char_span(s["start"], s["end"], alignment_mode="expand")
        hits += span is not None and (span.start, span.end) in found
    assert hits >= 0.8 * len(quotes)
    assert max(end - start for start, end in found) > 20  # long spans, unlike the n-grams
    assert len(found) < 20 * len(list(doc.sents))  # and few of them


def test_training_refuses_what_it_cannot_learn_from(tmp_path: Path) -> None:
    project = reviewed_project(tmp_path / "p.annotator", articles=1)
    with open_existing(project) as opened:
        with pytest.raises(NoGoldYet, match="no gold annotations yet"):
            train_project(opened, tmp_path / "m", gold=True)
        with pytest.raises(TrainingError, match="no span of PERSONX"):
            train_project(
                opened, tmp_path / "m", annotator="alice", settings=TrainSettings(labels=("PERSONX",))
            )
    assert not (tmp_path / "m").exists()


def test_cancelled_training_writes_nothing(tmp_path: Path) -> None:
    project = reviewed_project(tmp_path / "p.annotator", articles=1)
    with open_existing(project) as opened, pytest.raises(TrainingCancelled):
        train_project(opened, tmp_path / "m", annotator="alice", settings=TINY, cancelled=lambda: True)
    assert not (tmp_path / "m").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".m")] == []


def test_a_folder_that_is_not_a_pipeline_is_refused(tmp_path: Path) -> None:
    (tmp_path / "meta.json").write_text("{}", encoding="utf-8")
    with pytest.raises(PipelineError, match=r"config\.cfg"):
        Engine.load(str(tmp_path))


def test_every_head_writes_its_own_key() -> None:
    assert len({h.spans_key for h in HEADS}) == len(HEADS)
    assert all(h.spans_key != "sc" for h in HEADS)  # never the export's key
    assert Span(0, 1, "QUOTE").label in combine.STATEMENTS


def test_policy_takes_the_speaker_from_the_subject_of_the_cue(engine: Engine) -> None:
    text = "Mike Jones of the ministry flatly rejects, in a letter to John Smith, the plan as dead."
    doc = engine.nlp(text)
    rules = engine.from_doc(doc)
    assert not [s for s in rules.suggestions if s.span.label in ("QUOTE", "CUE")]  # the rules miss it

    def at(words: str, label: str) -> SpacySpan:
        start = text.index(words)
        span = doc.char_span(start, start + len(words), label=label)
        assert span is not None
        return span

    doc.spans[STATEMENTS.spans_key] = [at("the plan as dead", "QUOTE")]
    doc.spans[STATEMENTS.spans_key].attrs["scores"] = numpy.array([[0.9]], dtype="f")
    doc.spans[SHORT.spans_key] = [at("rejects", "CUE")]
    doc.spans[SHORT.spans_key].attrs["scores"] = numpy.array([[0.8]], dtype="f")
    combined = combine.with_model(rules, doc)
    speakers = [
        text[r.relation.child.start : r.relation.child.end]
        for r in combined.relations
        if r.relation.label == "SPEAKER"
    ]
    # "John Smith" is nearer the cue; "Mike Jones" is who rejects.
    assert speakers == ["Mike Jones"]
