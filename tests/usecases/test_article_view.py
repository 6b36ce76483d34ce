"""What the annotating screen asks of the use cases instead of working it out itself:
navigation (next pending, next span, next article not done) and link summaries."""

from __future__ import annotations

from annotator.core.model import Article, ArticleStatus, Span
from annotator.usecases.article_view import ArticleView, Item, ItemKey, Link, LinkKey, next_undone

TEXT = "Mayor Ingrid Solberg said the bridge stays open."


A1, S2, S3, A4 = (
    ItemKey("annotation", 1),
    ItemKey("suggestion", 2),
    ItemKey("suggestion", 3),
    ItemKey("annotation", 4),
)


def view() -> ArticleView:
    items = (
        Item(A1, Span(0, 5, "ROLE"), False),
        Item(S2, Span(6, 20, "PERSON"), True),
        Item(S3, Span(21, 25, "CUE"), True),
        Item(A4, Span(26, 47, "QUOTE"), False),
    )
    links = (
        Link(LinkKey("relation", 1), "ROLE_OF", A1, S2, True),
        Link(LinkKey("suggested relation", 0), "SPEAKER", A4, S2, True),
        Link(LinkKey("relation", 2), "SPEAKER", A4, A1, False),
        Link(LinkKey("suggested relation", 1), "CUE_OF", S3, A4, True),
    )
    article = Article(1, TEXT, "Bridge", None, "", "", "", "", {})
    return ArticleView(article, items, links, ArticleStatus.IN_PROGRESS, {i.key: i for i in items})


def test_navigation_wraps_and_tells_pending_from_all() -> None:
    v = view()
    assert v.next_pending(0) == S2 and v.next_pending(22) == S2  # wraps round
    assert v.next_pending(22, backwards=True) == S3
    assert v.next_item(S3) == A4 and v.next_item(A4) == A1  # accepted ones too
    assert v.next_item(None, backwards=True) == A4
    assert v.accepted_count == 2 and v.pending_count == 2
    assert v.item_at(8) == S2 and v.item_at(30) == A4 and v.item_at(5) is None  # what a click focuses
    assert next_undone([3, 1, 2], {1: ArticleStatus.DONE, 2: ArticleStatus.IN_PROGRESS}, 3) == 2
    assert next_undone([3, 1, 2], dict.fromkeys((1, 2, 3), ArticleStatus.DONE), 3) is None


def test_link_summary_shows_what_is_stored_first() -> None:
    v = view()
    summary = v.link_summary()
    # The quote's accepted SPEAKER hides the suggested one; its suggested cue stays, marked.
    assert [(label, v.words(other), pending) for label, other, pending in summary[A4]] == [
        ("SPEAKER", "Mayor", False),
        ("CUE_OF", "said", True),
    ]
    assert v.partners(A4, "SPEAKER") == ([v.item(A1)], [v.item(S2)])
