"""Bulk reads for exports give exactly the work that per-article reads give.

The store's plain rows, and the JSONL writer's lines made from them, are
checked against ``Project.annotation_set`` on a real project: attributes,
relations (one to a rejected span), pending articles, several annotators and
a text with non-BMP characters.
"""

from __future__ import annotations

import dataclasses
import json

from annotator.core.model import (
    AnnotationSet,
    ArticleInput,
    ArticleRecord,
    ArticleStatus,
    Relation,
    Span,
)
from annotator.io.exported import NOTHING_YET, Annotated, WriteReport, status_to_write
from annotator.io.jsonl.batches import WorkLine, stored_lines
from annotator.io.jsonl.writer import annotated_line
from annotator.store import Project
from annotator.store.annotating import AnnotatorWork

TEXTS = [
    "Maria García said “we will not resign” on Monday. 🙂 Officials denied it.",
    "The 𝔘nion leader, John Smith, told reporters the strike would go on.",
    "Nothing here is annotated by anyone.",
    "Pavel Rossi, a senator, said: “That is untrue.” He added more.",
]


def _fill(project: Project) -> None:
    quote = Span(31, 48, "QUOTE", {"type": "direct"})
    person = Span(0, 12, "PERSON")
    cue = Span(13, 17, "CUE")
    first = AnnotationSet(
        "alice",
        (person, cue, quote, Span(0, 5, "PERSON", {"note": "ünïcode ✓"})),
        (Relation("SPEAKER", quote, person), Relation("CUE_OF", cue, quote)),
        done=True,
    )
    second = AnnotationSet("alice", (Span(34, 44, "PERSON"), Span(4, 16, "ORG")), (), done=False)
    fourth = AnnotationSet(
        "bob",
        (Span(0, 11, "PERSON"), Span(15, 22, "ROLE")),
        (Relation("ROLE_OF", Span(15, 22, "ROLE"), Span(0, 11, "PERSON")),),
        True,
    )
    records = [
        ArticleRecord(ArticleInput(text=TEXTS[0]), first),
        ArticleRecord(ArticleInput(text=TEXTS[1]), second),
        ArticleRecord(ArticleInput(text=TEXTS[2])),
        ArticleRecord(ArticleInput(text=TEXTS[3]), fourth),
    ]
    outcomes = project.save_articles(records)
    ids = [o.article_id for o in outcomes]
    # alice also works on the fourth article: a relation to a span she then rejected.
    with AnnotatorWork(project, "alice").edit(ids[3]) as editor:
        head = editor.add_span(Span(39, 46, "QUOTE", {"type": "direct"}))
        rejected = editor.add_span(Span(0, 11, "PERSON"), status="rejected")
        kept = editor.add_span(Span(0, 5, "PERSON"))
        editor.add_relation("SPEAKER", head, rejected)
        editor.add_relation("SPEAKER", head, kept)
        editor.set_status(ArticleStatus.IN_PROGRESS)


def test_bulk_rows_equal_per_article_reads(project: Project) -> None:
    _fill(project)
    for name in ("alice", "bob"):
        for pending in (False, True):
            ids = project.annotated_ids(name, include_pending=pending)
            batches = list(project.iter_work_rows(name, include_pending=pending, batch=2))
            assert [a.id for b in batches for a in b.articles] == ids
            for batch in batches:
                for article in batch.articles:
                    work = project.annotation_set(article.id, name)
                    spans = {row[4]: row for row in batch.spans if row[0] == article.id}
                    assert sorted(
                        (s, e, label, json.loads(a or "{}")) for _, s, e, label, _, a in spans.values()
                    ) == sorted((s.start, s.end, s.label, dict(s.attrs)) for s in work.spans)
                    linked = {
                        (label, spans[h][1:4], spans[c][1:4])
                        for a, h, c, label in batch.relations
                        if a == article.id and h in spans and c in spans
                    }
                    assert linked == {(r.label, r.head.key, r.child.key) for r in work.relations}
                    assert (article.id in batch.done) == work.done
    # Only what was asked for, in the order asked.
    some = project.annotated_ids("alice", include_pending=True)[::-1]
    assert [a.id for b in project.iter_work_rows("alice", ids=some) for a in b.articles] == some


def test_lines_from_rows_equal_lines_from_annotation_sets(project: Project) -> None:
    _fill(project)
    for name in ("alice", "bob"):
        report = WriteReport()
        made = [
            line
            for batch in project.iter_work_rows(name, include_pending=True, batch=3)
            for line in stored_lines(batch, name, report)
        ]
        expected = []
        for article, work in project.iter_annotated(name, include_pending=True):
            status = status_to_write(work.done, bool(work.spans))
            if status is not None:
                expected.append(annotated_line(Annotated(article, work, status)))
        assert [_decoded(line) for line in made] == [_decoded(line) for line in expected]
        assert report.left_out[NOTHING_YET] == len(project.annotated_ids(name, include_pending=True)) - len(
            made
        )


def _decoded(line: WorkLine) -> WorkLine:
    return dataclasses.replace(line, attrs=[json.loads(a) if a else {} for a in line.attrs])


def test_lines_come_in_the_order_asked_with_spans_and_relations_in_key_order(project: Project) -> None:
    _fill(project)
    ids = project.annotated_ids("alice", include_pending=True)[::-1]
    report = WriteReport()
    made = [
        line
        for batch in project.iter_work_rows("alice", ids=ids, batch=2)
        for line in stored_lines(batch, "alice", report)
    ]
    expected = []
    for article_id in ids:
        work = project.annotation_set(article_id, "alice")
        status = status_to_write(work.done, bool(work.spans))
        if status is not None:
            expected.append(annotated_line(Annotated(project.article(article_id), work, status)))
    assert [line.article.id for line in made] == [line.article.id for line in expected]
    assert [_decoded(line) for line in made] == [_decoded(line) for line in expected]
    for line in made:
        assert list(zip(line.starts, line.ends, line.labels, strict=True)) == sorted(
            zip(line.starts, line.ends, line.labels, strict=True)
        )
        relations = list(zip(line.heads, line.children, line.relation_labels, strict=True))
        assert relations == sorted(relations)
