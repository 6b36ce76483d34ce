"""Annotating one article as one annotator: accept, reject, relabel, resize, create,
delete, link, mark done, each one step on the shared undo stack.

Each action is one transaction, on disk before the method returns, and returns an
:class:`~annotator.usecases.outcomes.AnnotationOutcome` saying what it did. Undo keeps
a snapshot of the annotator's state on the article before and after each action and
puts the earlier one back, so every kind of action (relations included) undoes the
same way. An action or an undo is refused (nothing written, the outcome says why and
shows what is stored) when another window or process changed the article after the
screen was drawn; :meth:`AnnotationSession.poll` sees such changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from annotator.core.errors import AnnotatorError
from annotator.core.model import AnnotationStatus, Article, ArticleStatus, Span
from annotator.core.scheme import Scheme
from annotator.core.tokens import Tokens
from annotator.store import Project
from annotator.store import annotating as store
from annotator.store.annotating import ArticleState, Editor, Snapshot
from annotator.usecases.article_list import ArticleListRow, list_row
from annotator.usecases.article_view import (
    ArticleView,
    Item,
    ItemKey,
    Link,
    LinkKey,
    Suggested,
    annotation_key,
    build_view,
    changed_keys,
    next_undone,
)
from annotator.usecases.outcomes import AnnotationOutcome, step_name
from annotator.usecases.projects import checkpoint, save_copy
from annotator.usecases.undo import UndoStack, UsesUndoStack

__all__ = [
    "AnnotationOutcome",
    "AnnotationSession",
    "AnnotationStep",
    "ArticleView",
    "Item",
    "ItemKey",
    "Link",
    "LinkKey",
    "checkpoint",
    "next_undone",
    "save_copy",
]

REFRESHED = "the suggestions for this article were just refreshed: look again, then repeat the key"
CHANGED_MEANWHILE = (
    "this article was just changed in another window or process: here it is as stored; "
    "repeat the key if it still applies"
)


@dataclass(frozen=True, slots=True)
class AnnotationStep:
    """One annotating action on the undo stack: the annotator's state on the article
    before and after it."""

    session: AnnotationSession
    article_id: int
    before: ArticleState
    after: ArticleState
    name: str

    @property
    def owner(self) -> object:
        return self.session

    def undo(self) -> tuple[AnnotationOutcome, AnnotationStep | None]:
        outcome, now = self.session._restore(self.article_id, self.after, self.before, self.name, "undone")
        return outcome, None if now is None else replace(self, before=now)

    def redo(self) -> tuple[AnnotationOutcome, AnnotationStep | None]:
        outcome, now = self.session._restore(self.article_id, self.before, self.after, self.name, "redone")
        return outcome, None if now is None else replace(self, after=now)


class AnnotationSession(UsesUndoStack):
    """One annotator working in one project (undo and redo: :class:`UsesUndoStack`)."""

    def __init__(self, project: Project, annotator: str, undo: UndoStack | None = None) -> None:
        """``undo``: the stack shared with the other screens (default: one of its own)."""
        if not annotator.strip():
            raise AnnotatorError("an annotator needs a name")
        super().__init__(undo)
        self.project = project
        self.annotator = annotator.strip()
        self.work = store.AnnotatorWork(project, self.annotator)
        self.annotator_id = self.work.id
        self.scheme: Scheme = project.scheme
        self._view: ArticleView | None = None
        self._tokens: Tokens | None = None
        self._suggested = Suggested({}, (), ())
        self._fingerprint: tuple[int, int, int] = (0, 0, 0)
        self._state: ArticleState | None = None
        self._version: object = None
        self._seen: object = self.work.versions().everything
        self.on_change: Callable[[str], None] | None = None

    # -- reading -------------------------------------------------------------
    def open(self, article_id: int) -> ArticleView:
        """Show an article; its status becomes 'in progress' when it was 'todo'."""
        opened = self.work.open(article_id)  # one read transaction
        self._tokens = Tokens(opened.article.text)
        # Suggestions do not change while an article is reviewed: read them once.
        self._suggested = Suggested.of(opened.suggestions, opened.suggested_relations)
        self._fingerprint = opened.snapshot.versions.suggestions
        self._view = self._load(opened.article, opened.snapshot)
        return self._view

    @property
    def view(self) -> ArticleView:
        if self._view is None:
            raise AnnotatorError("no article is open")
        return self._view

    @property
    def open_article_id(self) -> int | None:
        """The article on show, if any."""
        return self._view.article.id if self._view is not None else None

    @property
    def tokens(self) -> Tokens:
        assert self._tokens is not None
        return self._tokens

    def _load(self, article: Article, snapshot: Snapshot | None = None) -> ArticleView:
        if snapshot is None:
            snapshot = self.work.snapshot(article.id)
        self._version = snapshot.versions.article
        self._state = state = snapshot.state
        return build_view(article, state.spans, state.relations, state.status, self._suggested)

    def row(self, counts: tuple[int, int, str] | None = None) -> ArticleListRow:
        """The open article's line in the article list (as :func:`article_list` makes it)."""
        article = self.view.article
        if counts is None:
            counts = self.work.review_counts([article.id]).get(article.id)
        return list_row(article.id, article.title, article.date, counts)

    def link_direction(self, key: ItemKey, relation: str) -> str | None:
        """ "head" when the item can start ``relation``, "child" when it can only end it
        (a quote asking for its cue), None when it takes no part in it."""
        rel = self.scheme.relation(relation)
        label = self.view.item(key).span.label
        if rel is None:
            return None
        return "head" if label in rel.head else "child" if label in rel.child else None

    def suggested_partners(self, key: ItemKey, relation: str) -> set[ItemKey]:
        """Keys the suggester links to ``key`` with ``relation`` (at the other end)."""
        return {other.key for link, other in self.view.linked(key) if link.label == relation and link.pending}

    def candidates(self, key: ItemKey, relation: str) -> list[Item]:
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
    def _act(
        self, name: str, change: Callable[[Editor], ItemKey | None], sets_status: bool = False
    ) -> AnnotationOutcome:
        """Run one action in one transaction, unless the screen is out of date (then
        nothing is written and the outcome shows the article afresh)."""
        view = self.view
        refused: str | None = None
        key: ItemKey | None = None
        with self.work.edit(view.article.id) as editor:
            start = editor.before  # the transaction's first query: state and versions
            before = start.state
            if start.versions.suggestions != self._fingerprint:
                refused = REFRESHED
            elif self._state is not None and before != self._state:
                refused = CHANGED_MEANWHILE
            else:
                unseen = start.versions.everything != self._seen  # someone else wrote since the last poll
                key = change(editor)
                if before.status == ArticleStatus.TODO and not sets_status:
                    editor.set_status(ArticleStatus.IN_PROGRESS)
                end = editor.finish()
                after = end.state
                counts = editor.review_counts()
                if not unseen:
                    self._seen = end.versions.everything
        if refused is not None:
            return self._reloaded(view.article.id, name, refused)
        self._view = self._load(view.article, end)
        outcome = AnnotationOutcome(
            name,
            self._view,
            list_row(view.article.id, view.article.title, view.article.date, counts),
            key=key if key is not None and key in self._view.by_key else None,
            changed=changed_keys(view, self._view, before, after),
            links_added=len({r.id for r in after.relations} - {r.id for r in before.relations}),
        )
        if after != before:
            self.undo_stack.push(AnnotationStep(self, view.article.id, before, after, name))
        if self.on_change:
            self.on_change(name)
        return outcome

    def _reloaded(self, article_id: int, name: str, why: str) -> AnnotationOutcome:
        """Nothing was written: the screen catches up with what is stored and says why."""
        view = self.open(article_id)
        return AnnotationOutcome(name, view, self.row(), reloaded=True, refused=why)

    def _accepted_id(self, editor: Editor, key: ItemKey, span: Span | None = None) -> int:
        """The annotation id behind an item, accepting a pending suggestion on the way."""
        item = self.view.item(key)
        if not item.pending and span is None:
            return item.id
        if item.pending:
            return editor.add_span(span or item.span, AnnotationStatus.ACCEPTED, item.id)
        editor.change_span(item.id, span or item.span)
        return item.id

    def _name(self, verb: str, span: Span) -> str:
        return step_name(verb, span, self.view.article.text)

    def accept(self, key: ItemKey) -> AnnotationOutcome:
        """Accept a pending suggestion as it is, with the suggested links between it and
        spans already accepted (a quote and its accepted speaker, a cue and its quote)."""
        view = self.view
        item = view.item(key)
        links = [
            (link, other)
            for link, other in view.linked(key)
            if link.pending and not other.pending and self.scheme.relation(link.label) is not None
        ]

        def change(ed: Editor) -> ItemKey:
            mine = self._accepted_id(ed, key)
            for link, other in links:
                head, child = (mine, other.id) if link.head == key else (other.id, mine)
                ed.add_relation(link.label, head, child)
            return annotation_key(mine)

        return self._act(self._name("accept", item.span), change)

    def reject(self, key: ItemKey) -> AnnotationOutcome:
        """Reject a suggestion (remembered, so it stays out) or remove an annotation."""
        item = self.view.item(key)

        def change(ed: Editor) -> None:
            if item.pending:
                ed.add_span(item.span, AnnotationStatus.REJECTED, item.id)
            else:
                ed.remove_span(item.id)

        return self._act(self._name("reject" if item.pending else "delete", item.span), change)

    delete = reject

    def relabel(self, key: ItemKey, label: str) -> AnnotationOutcome:
        """Give an item another label (a suggestion is accepted with it)."""
        definition = self.scheme.label(label)
        if definition is None:
            raise AnnotatorError(f"unknown label {label!r}")
        item = self.view.item(key)
        attrs = {k: v for k, v in item.span.attrs.items() if k in definition.attributes}
        for name, values in definition.attributes.items():
            attrs.setdefault(name, values[0])
        span = Span(item.span.start, item.span.end, label, attrs)
        name = self._name(f"relabel {item.span.label} as", span)
        return self._act(name, lambda ed: self._replace(ed, item, span))

    def resize(self, key: ItemKey, start: int, end: int) -> AnnotationOutcome:
        """New offsets for an item (a suggestion is accepted with them)."""
        item = self.view.item(key)
        text = self.view.article.text
        if not 0 <= start < end <= len(text):
            raise AnnotatorError(f"offsets {start}-{end} are outside the text")
        span = Span(start, end, item.span.label, item.span.attrs)
        return self._act(self._name("resize", span), lambda ed: self._replace(ed, item, span))

    def _replace(self, editor: Editor, item: Item, span: Span) -> ItemKey:
        """``item`` becomes ``span``; the key of what holds it now."""
        if item.pending:
            editor.add_span(
                item.span, AnnotationStatus.REJECTED, item.id
            )  # the suggestion as offered was not right
            return annotation_key(editor.add_span(span, AnnotationStatus.ACCEPTED, item.id))
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
            return clash.key
        editor.change_span(item.id, span)
        self._drop_invalid_relations(editor, item.key, span)
        return item.key

    def _drop_invalid_relations(self, editor: Editor, key: ItemKey, span: Span) -> None:
        for link in self.view.links:
            if link.pending or key not in (link.head, link.child):
                continue
            rel = self.scheme.relation(link.label)
            allowed = () if rel is None else rel.head if link.head == key else rel.child
            if span.label not in allowed:
                editor.remove_relation(link.key.id)

    def grow(self, key: ItemKey, side: str) -> AnnotationOutcome:
        """One token more at the ``left`` or ``right`` end."""
        s = self.view.item(key).span
        if side == "left":
            return self.resize(key, self.tokens.grow_left(s.start), s.end)
        return self.resize(key, s.start, self.tokens.grow_right(s.end))

    def shrink(self, key: ItemKey, side: str) -> AnnotationOutcome:
        """One token less at the ``left`` or ``right`` end (never empty)."""
        s = self.view.item(key).span
        if side == "left":
            return self.resize(key, self.tokens.shrink_left(s.start, s.end), s.end)
        return self.resize(key, s.start, self.tokens.shrink_right(s.start, s.end))

    def create(self, start: int, end: int, label: str) -> AnnotationOutcome:
        """A new span over a selection, snapped to token boundaries."""
        definition = self.scheme.label(label)
        if definition is None:
            raise AnnotatorError(f"unknown label {label!r}")
        snapped = self.tokens.snap(start, end)
        if snapped is None:
            raise AnnotatorError("the selection holds no word to annotate")
        attrs = {name: values[0] for name, values in definition.attributes.items()}
        span = Span(*snapped, label, attrs)
        return self._act(
            self._name("add", span), lambda ed: annotation_key(ed.add_span(span, AnnotationStatus.ACCEPTED))
        )

    def set_attribute(self, key: ItemKey, name: str, value: str) -> AnnotationOutcome:
        item = self.view.item(key)
        span = Span(item.span.start, item.span.end, item.span.label, {**item.span.attrs, name: value})
        return self._act(self._name(f"set {name}={value} on", span), lambda ed: self._replace(ed, item, span))

    def accept_all(self) -> AnnotationOutcome:
        """Accept every remaining suggestion, and the suggested relations between them."""
        view = self.view

        def change(ed: Editor) -> None:
            ids = {i.key: ed.add_span(i.span, AnnotationStatus.ACCEPTED, i.id) for i in view.pending}
            ids.update({i.key: i.id for i in view.items if not i.pending})
            for link in view.links:
                if link.pending and link.head in ids and link.child in ids:
                    ed.add_relation(link.label, ids[link.head], ids[link.child])

        left = view.pending_count
        return self._act(f"accept all {left} suggestion{'s' if left != 1 else ''}", change)

    def link(self, label: str, head: ItemKey, child: ItemKey) -> AnnotationOutcome:
        """Relate two items (accepting them if they were suggestions); given the wrong way
        round (a quote and its cue), the ends are swapped. The outcome's ``key`` is the
        head, ``link`` the new relation."""
        rel = self.scheme.relation(label)
        h, c = self.view.item(head), self.view.item(child)
        backwards = rel is not None and h.span.label in rel.child and c.span.label in rel.head
        if backwards and not (h.span.label in rel.head and c.span.label in rel.child):  # type: ignore[union-attr]
            head, child, h, c = child, head, c, h
        if rel is None or h.span.label not in rel.head or c.span.label not in rel.child:
            raise AnnotatorError(f"{label} cannot link a {h.span.label} to a {c.span.label}")
        made: list[int] = []

        def change(ed: Editor) -> ItemKey:
            head_id = self._accepted_id(ed, head)
            made.append(ed.add_relation(label, head_id, self._accepted_id(ed, child)))
            return annotation_key(head_id)

        text = self.view.article.text
        words = " ".join(text[c.span.start : c.span.end].split())[:30]
        outcome = self._act(self._name(f"link {label} to '{words}' from", h.span), change)
        if made and not outcome.refused:
            outcome = replace(outcome, link=LinkKey("relation", made[0]))
        return outcome

    def unlink(self, key: LinkKey) -> AnnotationOutcome:
        """Remove a relation."""
        link = next((lk for lk in self.view.links if lk.key == key), None)
        if link is None or link.pending:
            raise AnnotatorError("only an accepted relation can be removed")

        def change(ed: Editor) -> ItemKey:
            ed.remove_relation(key.id)
            return link.head

        return self._act(self._name(f"unlink {link.label} from", self.view.item(link.head).span), change)

    def mark_done(self) -> AnnotationOutcome:
        """The annotator is finished with this article."""
        title = self.view.article.title or f"article {self.view.article.id}"
        return self._act(
            f"mark done '{title[:30]}'", lambda ed: ed.set_status(ArticleStatus.DONE), sets_status=True
        )

    def next_undone(self, order: list[int], statuses: dict[int, ArticleStatus]) -> int | None:
        """The article to go to after this one is done: the next in ``order`` (the list as
        shown) that is not done."""
        return next_undone(order, statuses, self.view.article.id)

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

    # -- undo: replaying a step (can_undo, undo, redo: UsesUndoStack) --------------
    def _restore(
        self, article_id: int, expected: ArticleState, target: ArticleState, name: str, verb: str
    ) -> tuple[AnnotationOutcome, ArticleState | None]:
        """Put the article's state ``target`` back if it is still ``expected``; the outcome
        (opening the article if need be) and the state now (None: refused)."""
        view = self._view
        refused = False
        with self.work.edit(article_id) as editor:
            if editor.before.state != expected:
                refused = True
            else:
                editor.restore(target)
                end = editor.finish()
                restored = end.state
                counts = editor.review_counts()
                # The article on show, its suggestions unchanged: only the annotator's state is new.
                same = view is not None and view.article.id == article_id
                fresh = same and end.versions.suggestions == self._fingerprint
        if refused:
            why = (
                f"refused ({name} {verb}): this article was changed in another window or "
                "process since; nothing was changed (the screen shows what is stored now)"
            )
            return replace(self._reloaded(article_id, name, why), verb=verb), None
        old = view if view is not None and fresh else None
        if view is not None and fresh:
            self._view = self._load(view.article, end)
        else:
            self.open(article_id)
        new = self.view
        changed = changed_keys(old, new, expected, restored) if old is not None else frozenset(new.by_key)
        key = next((i.key for i in new.items if i.key in changed), None)
        row = list_row(article_id, new.article.title, new.article.date, counts)
        if self.on_change:
            self.on_change(f"{verb}: {name}")
        return AnnotationOutcome(name, new, row, key=key, changed=changed, verb=verb), restored
