"""Bulk reads for exports give exactly the work that per-article reads give.

Both ways of reading (SQLite's ``group_concat`` lists and plain rows, which
other databases use) are checked against ``Project.annotation_set`` on a real
project: attributes, relations (one to a rejected span), pending articles,
several annotators and a text with non-BMP characters.
"""

from __future__ import annotations

import pytest

from annotator.core.model import (
    AnnotationSet,
    ArticleInput,
    ArticleRecord,
    ArticleStatus,
    Relation,
    Span,
    WorkRows,
)
from annotator.store import Project
from annotator.store import work_rows as bulk
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


@pytest.mark.parametrize("way", ["listed", "rows"])
def test_bulk_reads_equal_per_article_reads(
    project: Project, way: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(project)
    if way == "rows":  # as on a database without group_concat
        monkeypatch.setattr(bulk, "_listed", bulk._rows)
    for name in ("alice", "bob"):
        for pending in (False, True):
            ids = project.annotated_ids(name, include_pending=pending)
            rows = list(project.iter_work_rows(name, include_pending=pending, batch=2))
            assert [r.article.id for r in rows] == ids
            for got in rows:
                assert got == _expected(project, got.article.id, name)
    # Only what was asked for, in the order asked.
    some = project.annotated_ids("alice", include_pending=True)[::-1]
    assert [r.article.id for r in project.iter_work_rows("alice", ids=some)] == some


def _expected(project: Project, article_id: int, name: str) -> WorkRows:
    work = project.annotation_set(article_id, name)
    spans = sorted(work.spans, key=lambda s: s.key)
    place = {s.key: k for k, s in enumerate(spans)}
    relations = sorted((place[r.head.key], place[r.child.key], r.label) for r in work.relations)
    article = next(a for a, _ in project.iter_annotated(name, include_pending=True) if a.id == article_id)
    return WorkRows.of(
        article, name, work.done, [(s.start, s.end, s.label, dict(s.attrs)) for s in spans], relations
    )


def test_an_article_without_spans_reads_empty(project: Project) -> None:
    _fill(project)
    for rows in project.iter_work_rows("alice", include_pending=True):
        assert len(rows.starts) == len(rows.ends) == len(rows.labels) == len(rows.attrs)
        assert len(rows.heads) == len(rows.children) == len(rows.relation_labels)
