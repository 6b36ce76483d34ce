"""What an annotating or adjudicating action did, so that a screen paints it without
working anything out: the item it produced or kept, what changed, the article's list
row, whether the screen had to be read afresh instead."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.model import Span
from annotator.usecases.article_list import ArticleListRow
from annotator.usecases.article_view import ArticleView, ItemKey, LinkKey

WORDS_SHOWN = 30  # characters of a span's words in a step's name


def step_name(verb: str, span: Span | None = None, text: str = "") -> str:
    """A step's name as the Edit menu shows it: ``accept PERSON 'Rex Tillerson'``."""
    if span is None:
        return verb
    words = " ".join(text[span.start : span.end].split())
    if len(words) > WORDS_SHOWN:
        words = words[: WORDS_SHOWN - 1] + "…"
    return f"{verb} {span.label} '{words}'"


@dataclass(frozen=True, slots=True)
class AnnotationOutcome:
    """What one annotating action (or its undo or redo) did.

    ``key``: the item the action produced or kept (the accepted span, the relabelled or
    resized one, the new one; for undo and redo, the first item it changed), None when
    there is none (a rejection). ``changed``: every item added, changed or removed (keys
    from before and after). ``links_added``: accepted relations it made. ``row``: the
    article's line in the article list, by the list's own function. ``refused``: why
    nothing was written (the suggestions were replaced, or another window or process
    changed the article); ``view`` then shows what is stored now, read afresh
    (``reloaded``)."""

    name: str
    view: ArticleView
    row: ArticleListRow
    key: ItemKey | None = None
    link: LinkKey | None = None
    changed: frozenset[ItemKey] = frozenset()
    links_added: int = 0
    reloaded: bool = False
    refused: str | None = None
    verb: str | None = None  # "undone" or "redone" for an undo or a redo

    @property
    def article_id(self) -> int:
        return self.view.article.id
