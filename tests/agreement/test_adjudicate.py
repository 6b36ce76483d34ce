"""Adjudication: aligned items, decisions persisted at once into gold, undo/redo, the --auto CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample_projects import TEXTS
from typer.testing import CliRunner

from annotator.cli import app
from annotator.core.errors import AnnotatorError
from annotator.core.model import ArticleStatus, Span
from annotator.usecases.adjudicating import RELATION, SPAN, Adjudication, SpanItem
from annotator.usecases.projects import open_existing

runner = CliRunner()


def gold_keys(path: Path, text: str) -> tuple[set[tuple[int, int, str]], set[str]]:
    with open_existing(path) as p:
        article = p.find_article(text)
        assert article is not None
        s = p.annotation_set(article, "gold")
    return {x.key for x in s.spans}, {f"{r.label}:{r.head.label}>{r.child.label}" for r in s.relations}


def find(on_show, label: str) -> SpanItem:  # type: ignore[no-untyped-def]
    return next(
        i for i in on_show.alignment.spans if any(s and s.label == label for s in i.versions.values())
    )


def test_queue_align_decide_undo(three: Path) -> None:
    with open_existing(three) as p:
        session = Adjudication(p)
        one, two = p.find_article(TEXTS[0]), p.find_article(TEXTS[1])
        queue = session.queue()
        # c did not finish the third article; the first has the most disagreements.
        assert [e.article_id for e in queue] == [one, two]
        assert queue[0].open == queue[0].disagreements == 5 and queue[1].open == 1
        on_show = session.aligned(one)
        person = find(on_show, "PERSON")
        assert not person.agreed
        assert [(s.start if s else None, who) for s, who in person.said()] == [(16, ["a", "b"]), (22, ["c"])]
        statement = find(on_show, "DENIAL")  # c's QUOTE over the same words is the same item
        assert {s.label for s in statement.versions.values() if s} == {"DENIAL", "QUOTE"}
        assert find(on_show, "ROLE").agreed and find(on_show, "CUE").agreed

        result = session.accept_agreed().agreed
        assert result is not None and (result.spans, result.relations) == (
            4,
            1,
        )  # ROLE+CUE, ROLE+PERSON with ROLE_OF
        assert gold_keys(three, TEXTS[1]) == ({(0, 7, "ROLE"), (8, 18, "PERSON")}, {"ROLE_OF:ROLE>PERSON"})

        on_show = session.aligned(one)
        session.take_majority(one, (SPAN, find(on_show, "PERSON").index))
        session.take(one, (SPAN, find(on_show, "DENIAL").index), "c")
        on_show = session.aligned(one)
        speaker = next(r for r in on_show.alignment.relations if r.label == "SPEAKER")
        session.take(one, (RELATION, speaker.index), "a")
        spans, relations = gold_keys(three, TEXTS[0])
        assert (16, 29, "PERSON") in spans and any(k[2] == "QUOTE" for k in spans)
        assert relations == {"SPEAKER:QUOTE>PERSON"}  # gold's ends: the QUOTE it took
        cue_of = next(r for r in session.aligned(one).alignment.relations if r.label == "CUE_OF")
        session.take_majority(one, (RELATION, cue_of.index))  # a and c gave one: linked to gold's ends
        assert gold_keys(three, TEXTS[0])[1] == {"SPEAKER:QUOTE>PERSON", "CUE_OF:CUE>QUOTE"}
        session.reject(one, (RELATION, cue_of.index))
        assert session.aligned(one).alignment.relations[cue_of.index].resolved
        assert gold_keys(three, TEXTS[0])[1] == {"SPEAKER:QUOTE>PERSON"}

        org = find(session.aligned(two), "ORG")
        rejected = session.reject(two, (SPAN, org.index))
        assert rejected.name == "gold: reject ORG 'NBC News'" and rejected.article_ids == (two,)
        assert rejected.aligned is not None and find(rejected.aligned, "ORG").resolved  # the article afresh
        assert find(session.aligned(two), "ORG").resolved
        assert [e.open for e in session.queue() if e.article_id == two] == [0]
        assert rejected.entry == next(e for e in session.queue() if e.article_id == two)  # the queue's line
        undone = session.undo()
        assert undone.article_ids == (two,) and not undone.refused  # type: ignore[union-attr]
        assert not find(session.aligned(two), "ORG").resolved
        assert session.redo().article_ids == (two,)  # type: ignore[union-attr]
        assert find(session.aligned(two), "ORG").resolved
        session.mark_done(two)
    with open_existing(three) as p:
        assert p.annotation_set(two, "gold").done  # type: ignore[arg-type]
        # Undo all the way back: gold is empty again, everywhere.
        session = Adjudication(p)
        session.accept_agreed()
        while session.can_undo:
            session.undo()


def test_undo_everything_leaves_gold_as_it_was(three: Path) -> None:
    with open_existing(three) as p:
        session = Adjudication(p, auto_accept=True)
        one = p.find_article(TEXTS[0])
        assert one is not None
        on_show = session.aligned(one)  # auto-accepts ROLE and CUE
        assert find(on_show, "ROLE").gold is not None
        person = find(on_show, "PERSON")
        session.take(one, (SPAN, person.index), "c")
        session.edit_span(one, (SPAN, person.index), Span(16, 21, "PERSON"))
        session.edit_span(one, None, Span(70, 79, "PERSON"))
        assert (16, 21, "PERSON") in gold_keys(three, TEXTS[0])[0]
        while session.can_undo:
            session.undo()
        assert gold_keys(three, TEXTS[0]) == (set(), set())
        assert p.list_articles()[0].statuses["gold"] == ArticleStatus.TODO


def test_cli_auto_and_majority(three: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["adjudicate", str(three), "--auto"])
    assert result.exit_code == 0, result.stderr
    assert "gold: 4 spans and 1 relations added" in result.stdout
    assert "disagreements in 2 articles wait in the adjudication screen" in result.stdout
    result = runner.invoke(app, ["adjudicate", str(three), "--auto", "--majority"])
    assert result.exit_code == 0, result.stderr
    spans, relations = gold_keys(three, TEXTS[1])
    assert (spans, relations) == (
        {(0, 7, "ROLE"), (8, 18, "PERSON"), (66, 74, "ORG")},
        {"ROLE_OF:ROLE>PERSON"},
    )
    with open_existing(three) as p:
        two = p.find_article(TEXTS[1])
        assert two is not None and p.annotation_set(two, "gold").done
    out = tmp = tmp_path / "gold.jsonl"
    result = runner.invoke(app, ["export", str(three), "--gold", "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert TEXTS[1] in tmp.read_text(encoding="utf-8")
    # Without --auto it is the screen: --majority is refused there, --by-hand here.
    result = runner.invoke(app, ["adjudicate", str(three), "--majority"])
    assert result.exit_code == 2 and "--majority" in result.stderr
    result = runner.invoke(app, ["adjudicate", str(three), "--auto", "--by-hand"])
    assert result.exit_code == 2 and "--by-hand" in result.stderr


def test_two_annotators_who_differ_have_no_majority(three: Path) -> None:
    with open_existing(three) as p:
        session = Adjudication(p, ["a", "c"])
        one = p.find_article(TEXTS[0])
        assert one is not None
        person = find(session.aligned(one), "PERSON")
        with pytest.raises(AnnotatorError, match="no majority"):
            session.take_majority(one, (SPAN, person.index))
        with pytest.raises(AnnotatorError, match="not one of the compared"):
            session.take(one, (SPAN, person.index), "b")


def test_gold_span_replaced_in_place_keeps_its_relations(new_target) -> None:  # type: ignore[no-untyped-def]
    """Gold adds a span where it already has one (say, the quote's type changes):
    the relations on the old row stay, and undoing the change keeps them too."""
    from annotator.core.alignment import GoldChange
    from annotator.core.model import AnnotationSet, ArticleInput, ArticleRecord, Relation, Span
    from annotator.store import gold as gold_store
    from annotator.usecases.projects import new_project

    text = '"We stay open," said Lena Hartmann.'
    quote, direct_again = Span(1, 14, "QUOTE", {"type": "direct"}), Span(1, 14, "QUOTE", {"type": "indirect"})
    person = Span(20, 33, "PERSON")
    with new_project(new_target("g.annotator")) as project:
        [outcome] = project.save_articles(
            [
                ArticleRecord(
                    ArticleInput(text),
                    AnnotationSet("gold", (quote, person), (Relation("SPEAKER", quote, person),)),
                )
            ]
        )
        change = GoldChange(add_spans=(direct_again,), remove_spans=(quote,))
        gold_store.apply(project, "gold", [(outcome.article_id, change)])
        after = project.annotation_set(outcome.article_id, "gold")
        assert after.spans == (direct_again, person)
        assert [(r.label, r.head, r.child) for r in after.relations] == [("SPEAKER", direct_again, person)]
        gold_store.apply(project, "gold", [(outcome.article_id, change.inverse())])
        back = project.annotation_set(outcome.article_id, "gold")
        assert [(r.label, r.head, r.child) for r in back.relations] == [("SPEAKER", quote, person)]
