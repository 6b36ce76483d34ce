"""Reviewing one article as one annotator: accept, reject, relabel, resize, create,
delete, link, mark done, with undo and redo of every action.

Each action is one transaction, on disk before the method returns. Undo keeps a
snapshot of the annotator's state on the article before and after each action
and puts the earlier one back, so every kind of action (relations included)
undoes the same way. Undo refuses when another window or process changed the
article after the step, and :meth:`AnnotationSession.poll` sees such changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import AnnotatorError
from annotator.core.model import AnnotationStatus, Article, ArticleStatus, Span
from annotator.core.scheme import Scheme
from annotator.core.tokens import Tokens
from annotator.store import Project
from annotator.store import annotating as store
from annotator.store.annotating import ArticleState, Editor, Snapshot
from annotator.usecases.article_view import ArticleView, Item, Link, next_undone

__all__ = [
    "AnnotationSession",
    "ArticleView",
    "Item",
    "Link",
    "Step",
    "checkpoint",
    "next_undone",
    "save_copy",
]


@dataclass(frozen=True, slots=True)
class Step:
    article_id: int
    before: ArticleState
    after: ArticleState
    what: str


class AnnotationSession:
    """One annotator working in one project."""

    def __init__(self, project: Project, annotator: str) -> None:
        if not annotator.strip():
            raise AnnotatorError("an annotator needs a name")
        self.project = project
        self.annotator = annotator.strip()
        self.work = store.AnnotatorWork(project, self.annotator)
        self.annotator_id = self.work.id
        self.scheme: Scheme = project.scheme
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        self._view: ArticleView | None = None
        self._tokens: Tokens | None = None
        self._suggestions: tuple[list[store.StoredSuggestion], list[store.StoredSuggestedRelation]] = ([], [])
        self._fingerprint: tuple[int, int, int] = (0, 0, 0)
        self._state: ArticleState | None = None
        self._version: object = None
        self._seen: object = self.work.versions().everything
        self.last_step: Step | None = None
        self.on_change: Callable[[str], None] | None = None

    # -- reading -------------------------------------------------------------
    def open(self, article_id: int) -> ArticleView:
        """Show an article; its status becomes 'in progress' when it was 'todo'."""
        opened = self.work.open(article_id)  # one read transaction
        self._tokens = Tokens(opened.article.text)
        # Suggestions do not change while an article is reviewed: read them once.
        self._suggestions = (opened.suggestions, opened.suggested_relations)
        self._fingerprint = opened.snapshot.versions.suggestions
        self._view = self._load(opened.article, opened.snapshot)
        return self._view

    @property
    def view(self) -> ArticleView:
        if self._view is None:
            raise AnnotatorError("no article is open")
        return self._view

    @property
    def tokens(self) -> Tokens:
        assert self._tokens is not None
        return self._tokens

    def _load(self, article: Article, snapshot: Snapshot | None = None) -> ArticleView:
        if snapshot is None:
            snapshot = self.work.snapshot(article.id)
        self._version = snapshot.versions.article
        self._state = state = snapshot.state
        suggestions, suggested_relations = self._suggestions
        accepted = [s for s in state.spans if s.status == AnnotationStatus.ACCEPTED]
        reviewed_ids = {s.suggestion_id for s in state.spans if s.suggestion_id is not None}
        reviewed_keys = {s.span.key for s in state.spans}
        items: dict[str, Item] = {f"a:{s.id}": Item(f"a:{s.id}", s.span, False) for s in accepted}
        for sug in suggestions:
            if sug.id not in reviewed_ids and sug.span.key not in reviewed_keys:
                items[f"s:{sug.id}"] = Item(f"s:{sug.id}", sug.span, True, sug.score)
        # A suggestion's key on screen: pending itself, or the annotation it became.
        screen = {f"s:{s.id}": f"s:{s.id}" for s in suggestions}
        for s in accepted:
            if s.suggestion_id is not None:
                screen[f"s:{s.suggestion_id}"] = f"a:{s.id}"
        links: list[Link] = [
            Link(f"r:{r.id}", r.label, f"a:{r.head_id}", f"a:{r.child_id}", False)
            for r in state.relations
            if f"a:{r.head_id}" in items and f"a:{r.child_id}" in items
        ]
        made = {(link.label, link.head, link.child) for link in links}
        for n, rel in enumerate(suggested_relations):
            head, child = screen.get(f"s:{rel.head_id}"), screen.get(f"s:{rel.child_id}")
            if head in items and child in items and (rel.label, head, child) not in made:
                links.append(Link(f"sr:{n}", rel.label, head, child, True, rel.score))
        ordered = tuple(sorted(items.values(), key=lambda i: (i.span.start, -i.span.end, i.span.label)))
        return ArticleView(article, ordered, tuple(links), state.status, {i.key: i for i in ordered})

    def relation_for_key(self, key: str) -> str | None:
        """The scheme's relation whose key is ``key`` (case-insensitive), if any."""
        return next((r.name for r in self.scheme.relations if r.key.lower() == key.lower()), None)

    def link_direction(self, key: str, relation: str) -> str | None:
        """ "head" when the item can start ``relation``, "child" when it can only end it
        (a quote asking for its cue), None when it takes no part in it."""
        rel = self.scheme.relation(relation)
        label = self.view.item(key).span.label
        if rel is None:
            return None
        return "head" if label in rel.head else "child" if label in rel.child else None

    def suggested_partners(self, key: str, relation: str) -> set[str]:
        """Keys the suggester links to ``key`` with ``relation`` (at the other end)."""
        return {other.key for link, other in self.view.linked(key) if link.label == relation and link.pending}

    def candidates(self, key: str, relation: str) -> list[Item]:
        """Items the focused one can link to with ``relation`` (from either end): suggested
        first, then nearest."""
        view = self.view
        rel = self.scheme.relation(relation)
        side = self.link_direction(key, relation)
        if rel is None or side is None:
            return []
        focused = view.item(key)
        wanted = rel.child if side == "head" else rel.head
        suggested = self.suggested_partners(key, relation)
        options = [i for i in view.items if i.span.label in wanted and i.key != key]

        def distance(item: Item) -> int:
            a, b = focused.span, item.span
            return max(0, max(a.start, b.start) - min(a.end, b.end))

        return sorted(options, key=lambda i: (i.key not in suggested, distance(i), i.span.start))

    # -- actions ---------------------------------------------------------------
    def _act(self, what: str, change: Callable[[Editor], object]) -> ArticleView:
        view = self.view
        with self.work.edit(view.article.id) as editor:
            start = editor.before  # the transaction's first query: state and versions
            if start.versions.suggestions != self._fingerprint:
                return self._refreshed(view.article.id)
            before = start.state
            if self._state is not None and before != self._state:
                return self._changed_meanwhile(view.article.id)
            unseen = start.versions.everything != self._seen  # someone else wrote since the last poll
            change(editor)
            if before.status == ArticleStatus.TODO and what != "done":
                editor.set_status(ArticleStatus.IN_PROGRESS)
            end = editor.finish()
            if not unseen:
                self._seen = end.versions.everything
        if end.state != before:
            self._undo.append(Step(view.article.id, before, end.state, what))
            self._redo.clear()
        self._view = self._load(view.article, end)
        if self.on_change:
            self.on_change(what)
        return self._view

    def _refreshed(self, article_id: int) -> ArticleView:
        """A background run replaced this article's suggestions: nothing was written;
        show them afresh and say so."""
        self.open(article_id)
        raise AnnotatorError(
            "the suggestions for this article were just refreshed: look again, then repeat the key"
        )

    def _changed_meanwhile(self, article_id: int) -> ArticleView:
        """Another window or process changed the article since the screen was drawn: a key
        must not act on what is no longer there; nothing was written, the screen catches up."""
        self.open(article_id)
        raise AnnotatorError(
            "this article was just changed in another window or process: here it is as stored; "
            "repeat the key if it still applies"
        )

    def _accepted_id(self, editor: Editor, key: str, span: Span | None = None) -> int:
        """The annotation id behind an item, accepting a pending suggestion on the way."""
        item = self.view.item(key)
        if not item.pending and span is None:
            return item.id
        if item.pending:
            return editor.add_span(span or item.span, AnnotationStatus.ACCEPTED, item.id)
        editor.change_span(item.id, span or item.span)
        return item.id

    def accept(self, key: str) -> ArticleView:
        """Accept a pending suggestion as it is, with the suggested links between it and
        spans already accepted (a quote and its accepted speaker, a cue and its quote)."""
        view = self.view
        links = [
            (link, other)
            for link, other in view.linked(key)
            if link.pending and not other.pending and self.scheme.relation(link.label) is not None
        ]

        def change(ed: Editor) -> None:
            mine = self._accepted_id(ed, key)
            for link, other in links:
                head, child = (mine, other.id) if link.head == key else (other.id, mine)
                ed.add_relation(link.label, head, child)

        return self._act("accept", change)

    def reject(self, key: str) -> ArticleView:
        """Reject a suggestion (remembered, so it stays out) or remove an annotation."""
        item = self.view.item(key)

        def change(ed: Editor) -> None:
            if item.pending:
                ed.add_span(item.span, AnnotationStatus.REJECTED, item.id)
            else:
                ed.remove_span(item.id)

        return self._act("reject", change)

    delete = reject

    def relabel(self, key: str, label: str) -> ArticleView:
        """Give an item another label (a suggestion is accepted with it)."""
        definition = self.scheme.label(label)
        if definition is None:
            raise AnnotatorError(f"unknown label {label!r}")
        item = self.view.item(key)
        attrs = {k: v for k, v in item.span.attrs.items() if k in definition.attributes}
        for name, values in definition.attributes.items():
            attrs.setdefault(name, values[0])
        span = Span(item.span.start, item.span.end, label, attrs)
        return self._act("relabel", lambda ed: self._replace(ed, item, span))

    def resize(self, key: str, start: int, end: int) -> ArticleView:
        """New offsets for an item (a suggestion is accepted with them)."""
        item = self.view.item(key)
        text = self.view.article.text
        if not 0 <= start < end <= len(text):
            raise AnnotatorError(f"offsets {start}-{end} are outside the text")
        span = Span(start, end, item.span.label, item.span.attrs)
        return self._act("resize", lambda ed: self._replace(ed, item, span))

    def _replace(self, editor: Editor, item: Item, span: Span) -> None:
        if item.pending:
            editor.add_span(
                item.span, AnnotationStatus.REJECTED, item.id
            )  # the suggestion as offered was not right
            editor.add_span(span, AnnotationStatus.ACCEPTED, item.id)
            return
        clash = next(
            (o for o in self.view.items if not o.pending and o.span.key == span.key and o.key != item.key),
            None,
        )
        if clash is not None:
            # The same span exists already: one span, not two. Its relations move to it.
            for link in self.view.links:
                if link.pending or item.key not in (link.head, link.child):
                    continue
                head = clash if link.head == item.key else self.view.item(link.head)
                child = clash if link.child == item.key else self.view.item(link.child)
                rel = self.scheme.relation(link.label)
                if rel is not None and head.span.label in rel.head and child.span.label in rel.child:
                    editor.add_relation(link.label, head.id, child.id)
            editor.remove_span(item.id)
        else:
            editor.change_span(item.id, span)
            self._drop_invalid_relations(editor, item.key, span)

    def _drop_invalid_relations(self, editor: Editor, key: str, span: Span) -> None:
        for link in self.view.links:
            if link.pending or key not in (link.head, link.child):
                continue
            rel = self.scheme.relation(link.label)
            allowed = () if rel is None else rel.head if link.head == key else rel.child
            if span.label not in allowed:
                editor.remove_relation(int(link.key.split(":")[1]))

    def grow(self, key: str, side: str) -> ArticleView:
        """One token more at the ``left`` or ``right`` end."""
        s = self.view.item(key).span
        if side == "left":
            return self.resize(key, self.tokens.grow_left(s.start), s.end)
        return self.resize(key, s.start, self.tokens.grow_right(s.end))

    def shrink(self, key: str, side: str) -> ArticleView:
        """One token less at the ``left`` or ``right`` end (never empty)."""
        s = self.view.item(key).span
        if side == "left":
            return self.resize(key, self.tokens.shrink_left(s.start, s.end), s.end)
        return self.resize(key, s.start, self.tokens.shrink_right(s.start, s.end))

    def create(self, start: int, end: int, label: str) -> ArticleView:
        """A new span over a selection, snapped to token boundaries."""
        definition = self.scheme.label(label)
        if definition is None:
            raise AnnotatorError(f"unknown label {label!r}")
        snapped = self.tokens.snap(start, end)
        if snapped is None:
            raise AnnotatorError("the selection holds no word to annotate")
        attrs = {name: values[0] for name, values in definition.attributes.items()}
        span = Span(*snapped, label, attrs)
        return self._act("create", lambda ed: ed.add_span(span, AnnotationStatus.ACCEPTED))

    def set_attribute(self, key: str, name: str, value: str) -> ArticleView:
        item = self.view.item(key)
        span = Span(item.span.start, item.span.end, item.span.label, {**item.span.attrs, name: value})
        return self._act("attribute", lambda ed: self._replace(ed, item, span))

    def accept_all(self) -> ArticleView:
        """Accept every remaining suggestion, and the suggested relations between them."""
        view = self.view

        def change(ed: Editor) -> None:
            ids = {i.key: ed.add_span(i.span, AnnotationStatus.ACCEPTED, i.id) for i in view.pending}
            ids.update({i.key: i.id for i in view.items if not i.pending})
            for link in view.links:
                if link.pending and link.head in ids and link.child in ids:
                    ed.add_relation(link.label, ids[link.head], ids[link.child])

        return self._act("accept all", change)

    def link(self, label: str, head: str, child: str) -> ArticleView:
        """Relate two items (accepting them if they were suggestions); given the wrong way
        round (a quote and its cue), the ends are swapped."""
        rel = self.scheme.relation(label)
        h, c = self.view.item(head), self.view.item(child)
        backwards = rel is not None and h.span.label in rel.child and c.span.label in rel.head
        if backwards and not (h.span.label in rel.head and c.span.label in rel.child):  # type: ignore[union-attr]
            head, child, h, c = child, head, c, h
        if rel is None or h.span.label not in rel.head or c.span.label not in rel.child:
            raise AnnotatorError(f"{label} cannot link a {h.span.label} to a {c.span.label}")

        def change(ed: Editor) -> None:
            ed.add_relation(label, self._accepted_id(ed, head), self._accepted_id(ed, child))

        return self._act("link", change)

    def unlink(self, key: str) -> ArticleView:
        """Remove a relation."""
        if not key.startswith("r:"):
            raise AnnotatorError("only an accepted relation can be removed")
        return self._act("unlink", lambda ed: ed.remove_relation(int(key[2:])))

    def mark_done(self) -> ArticleView:
        """The annotator is finished with this article."""
        return self._act("done", lambda ed: ed.set_status(ArticleStatus.DONE))

    # -- other windows -----------------------------------------------------------
    def poll(self) -> bool:
        """Whether another window or process changed this annotator's work since we last
        looked; the open article is read again if its part changed. Cheap: one query."""
        view = self._view
        versions = self.work.versions(None if view is None else view.article.id)
        if versions.everything == self._seen:
            return False
        self._seen = versions.everything
        if view is not None and versions.article != self._version:
            if versions.suggestions != self._fingerprint:
                self.open(view.article.id)
            else:
                self._view = self._load(view.article)
        return True

    # -- undo ------------------------------------------------------------------
    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_name(self) -> str | None:
        """What Ctrl+Z would undo ("accept", "link", ...)."""
        return self._undo[-1].what if self._undo else None

    def undo(self) -> ArticleView | None:
        """Put back the state before the last action (opening its article if need be).

        Refused (AnnotatorError, the step dropped) when the article was changed by another
        window or process after the step: undo never removes what someone else wrote."""
        if not self._undo:
            return None
        step = self._undo[-1]
        try:
            now = self._restore(step.article_id, step.after, step.before, f"{step.what} undone")
        except _ChangedElsewhere as exc:
            self._undo.pop()
            self.open(step.article_id)  # show what is stored now
            raise AnnotatorError(str(exc)) from None
        self._undo.pop()
        self._redo.append(Step(step.article_id, now, step.after, step.what))
        self.last_step = step
        return self._view

    def redo(self) -> ArticleView | None:
        """Do again the last undone action (refused like :meth:`undo`)."""
        if not self._redo:
            return None
        step = self._redo[-1]
        try:
            now = self._restore(step.article_id, step.before, step.after, f"{step.what} redone")
        except _ChangedElsewhere as exc:
            self._redo.pop()
            self.open(step.article_id)
            raise AnnotatorError(str(exc)) from None
        self._redo.pop()
        self._undo.append(Step(step.article_id, step.before, now, step.what))
        self.last_step = step
        return self._view

    def _restore(
        self, article_id: int, expected: ArticleState, target: ArticleState, what: str
    ) -> ArticleState:
        view = self._view
        with self.work.edit(article_id) as editor:
            if editor.before.state != expected:
                raise _ChangedElsewhere(
                    f"refused ({what}): this article was changed in another window or "
                    "process since; nothing was changed (the screen shows what is stored now)"
                )
            editor.restore(target)
            end = editor.finish()
            restored = end.state
            # The article on show, its suggestions unchanged: only the annotator's state is new.
            same = view is not None and view.article.id == article_id
            fresh = same and end.versions.suggestions == self._fingerprint
        if view is not None and fresh:
            self._view = self._load(view.article, end)
        else:
            self.open(article_id)
        if self.on_change:
            self.on_change(what)
        return restored


class _ChangedElsewhere(Exception):
    """Raised inside the write transaction so that it rolls back."""


def checkpoint(project: Project, closing: bool = False) -> bool:
    """Fold recent work into the project file itself (SQLite's WAL), so that a copy of the
    file made now holds it; on a server, nothing to do."""
    from annotator.store.copying import checkpoint as fold

    return fold(project, truncate=closing)


def save_copy(project: Project, target: str | Path) -> Path:
    """A consistent one-file copy of a project file, made while it is open."""
    from annotator.store.copying import save_copy as backup

    return backup(project, Path(target))
