"""What the review screen asks of the use cases instead of working it out itself:
navigation (next pending, next span, next article not done) and link summaries."""

from __future__ import annotations

from annotator.core.model import Article, ArticleStatus, Span
from annotator.usecases.article_view import ArticleView, Item, Link, next_undone

TEXT = "Mayor Ingrid Solberg said the bridge stays open."


def view() -> ArticleView:
    items = (
        Item("a:1", Span(0, 5, "ROLE"), False),
        Item("s:2", Span(6, 20, "PERSON"), True),
        Item("s:3", Span(21, 25, "CUE"), True),
        Item("a:4", Span(26, 47, "QUOTE"), False),
    )
    links = (
        Link("r:1", "ROLE_OF", "a:1", "s:2", True),
        Link("sr:0", "SPEAKER", "a:4", "s:2", True),
        Link("r:2", "SPEAKER", "a:4", "a:1", False),
        Link("sr:1", "CUE_OF", "s:3", "a:4", True),
    )
    article = Article(1, TEXT, "Bridge", None, "", "", "", "", {})
    return ArticleView(article, items, links, ArticleStatus.IN_PROGRESS, {i.key: i for i in items})


def test_navigation_wraps_and_tells_pending_from_all() -> None:
    v = view()
    assert v.next_pending(0) == "s:2" and v.next_pending(22) == "s:2"  # wraps round
    assert v.next_pending(22, backwards=True) == "s:3"
    assert v.next_item("s:3") == "a:4" and v.next_item("a:4") == "a:1"  # accepted ones too
    assert v.next_item(None, backwards=True) == "a:4"
    assert v.accepted_count == 2
    assert next_undone([3, 1, 2], {1: "done", 2: "in_progress"}, 3) == 2
    assert next_undone([3, 1, 2], {1: "done", 2: "done", 3: "done"}, 3) is None


def test_link_summary_shows_what_is_stored_first() -> None:
    v = view()
    summary = v.link_summary()
    # The quote's accepted SPEAKER hides the suggested one; its suggested cue stays, marked.
    assert [(label, v.words(other), pending) for label, other, pending in summary["a:4"]] == [
        ("SPEAKER", "Mayor", False),
        ("CUE_OF", "said", True),
    ]
    assert v.partners("a:4", "SPEAKER") == ([v.item("a:1")], [v.item("s:2")])
