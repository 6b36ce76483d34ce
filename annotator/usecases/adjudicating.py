"""Adjudication: turning several annotators' work into the project's gold annotator.

The review screen (and ``annotator adjudicate``) drive one :class:`Adjudication`:

- :meth:`Adjudication.queue` lists the compared articles, most open disagreements first;
- :meth:`Adjudication.review` gives one article's aligned items
  (:class:`~annotator.core.alignment.SpanItem` / ``RelationItem``): each annotator's
  version (``item.versions``, ``item.said()`` groups who said what), ``item.agreed``,
  the gold decision (``item.gold``, ``item.rejected``) and ``item.resolved``;
- :meth:`take`, :meth:`take_majority`, :meth:`reject`, :meth:`edit_span`,
  :meth:`accept_agreed` and :meth:`mark_done` change gold at once (one
  transaction each) and can be undone and redone (:meth:`undo`, :meth:`redo`).

Items are addressed by ``(kind, index)`` with kind ``"span"`` or ``"relation"``
and the index from the article's current review. Refetch the review after each
change: gold decisions are part of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from annotator.core.alignment import (
    Alignment,
    GoldChange,
    NoMajority,
    RelationItem,
    SpanItem,
    align,
    relation_id,
    span_id,
)
from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD, ArticleStatus, Relation, Span
from annotator.store import Project
from annotator.store.comparing import iter_sets
from annotator.store.gold import apply, read_states
from annotator.usecases.agreement import compared_annotators, compared_articles

SPAN, RELATION = "span", "relation"
ItemRef = tuple[str, int]

__all__ = [
    "RELATION",
    "SPAN",
    "Adjudication",
    "ArticleReview",
    "AutoResult",
    "GoldProgress",
    "ItemRef",
    "OpenItems",
    "QueueEntry",
    "RelationItem",
    "SpanItem",
]


@dataclass(frozen=True, slots=True)
class QueueEntry:
    """One article in the adjudication queue."""

    article_id: int
    title: str
    open: int  # disagreements gold has not resolved yet
    disagreements: int
    agreed: int
    status: str | None  # gold's status on the article


@dataclass(frozen=True, slots=True)
class ArticleReview:
    """One article aligned: its text and the span and relation items."""

    article_id: int
    title: str
    text: str
    alignment: Alignment
    status: str | None

    @property
    def annotators(self) -> tuple[str, ...]:
        return self.alignment.annotators

    def item(self, ref: ItemRef) -> SpanItem | RelationItem:
        kind, index = ref
        items: Sequence[SpanItem | RelationItem] = (
            self.alignment.spans if kind == SPAN else self.alignment.relations
        )
        if kind not in (SPAN, RELATION) or not 0 <= index < len(items):
            raise AnnotatorError(f"article {self.article_id}: no {kind} item {index}")
        return items[index]


@dataclass(slots=True)
class AutoResult:
    """What :meth:`Adjudication.accept_agreed` put into gold."""

    articles: int = 0
    spans: int = 0
    relations: int = 0
    rejected: int = 0
    done: int = 0


@dataclass(slots=True)
class _Step:
    what: str
    changes: list[tuple[int, GoldChange]] = field(default_factory=list)
    version: dict[int, tuple[object, ...]] = field(default_factory=dict)  # gold's, as the step left it


class Adjudication:
    """Adjudicating a project's compared annotators into its gold annotator."""

    def __init__(
        self,
        project: Project,
        annotators: Sequence[str] | None = None,
        *,
        require_all: bool = True,
        auto_accept: bool = False,
        gold: str = GOLD,
    ) -> None:
        """``annotators``: whom to compare (default all but gold); articles are those every
        one of them marked done (``require_all=False``: at least two). With ``auto_accept``
        (the review screen's default) opening an article first puts its unanimous items
        into gold (one undoable step)."""
        self.project = project
        self.gold = gold
        self.annotators = tuple(n for n in compared_annotators(project, annotators) if n != gold)
        self._wanted = compared_articles(project, self.annotators, require_all=require_all)
        self.auto_accept = auto_accept
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []

    @property
    def article_ids(self) -> list[int]:
        return sorted(self._wanted)

    # -- reading -------------------------------------------------------------
    def _reviews(self, ids: Sequence[int]) -> Iterable[ArticleReview]:
        wanted = {i: self._wanted[i] for i in ids if i in self._wanted}
        states = read_states(self.project, self.gold, sorted(wanted))
        for article, sets in iter_sets(self.project, wanted):
            state = states[article.id]
            ordered = {n: sets[n] for n in self.annotators if n in sets}
            alignment = align(ordered, state.accepted, state.rejected_spans, state.rejected_relations)
            yield ArticleReview(article.id, article.title, article.text, alignment, state.status)

    def queue(self, article_ids: Sequence[int] | None = None) -> list[QueueEntry]:
        """Every compared article (or these), most open disagreements first (then most
        disagreements)."""
        ids = self.article_ids if article_ids is None else article_ids
        return sort_queue([queue_entry(r) for r in self._reviews(ids)])

    def review(self, article_id: int) -> ArticleReview:
        """One article's aligned items (after auto-accepting the unanimous ones, if asked)."""
        if article_id not in self._wanted:
            raise AnnotatorError(f"{self.project.location}: article {article_id} is not being adjudicated")
        if self.auto_accept:
            self.accept_agreed([article_id])
        return next(iter(self._reviews([article_id])))

    # -- decisions -----------------------------------------------------------
    def take(self, article_id: int, ref: ItemRef, annotator: str) -> None:
        """Gold takes ``annotator``'s version of the item (theirs being none: reject it)."""
        if annotator not in self.annotators:
            raise AnnotatorError(f"{annotator!r} is not one of the compared annotators")
        review = self._review(article_id)
        item = review.item(ref)
        self._set_version(review, ref, item.versions.get(annotator), f"take {annotator}'s {ref[0]}")

    def take_majority(self, article_id: int, ref: ItemRef) -> None:
        """Gold takes the version more than half of the annotators gave (or rejects, if
        more than half gave none); AnnotatorError when there is no majority."""
        review = self._review(article_id)
        item = review.item(ref)
        try:
            version = item.majority()
        except NoMajority:
            raise AnnotatorError(f"article {article_id}: no majority for {ref[0]} {ref[1]}") from None
        self._set_version(review, ref, version, f"majority {ref[0]}")

    def _set_version(
        self, review: ArticleReview, ref: ItemRef, version: Span | Relation | None, what: str
    ) -> None:
        """Gold takes this version of the item; none at all means gold rejects it."""
        if version is None:
            self.reject(review.article_id, ref)
            return
        item = review.item(ref)
        if isinstance(item, SpanItem):
            assert isinstance(version, Span)
            change = _set_span(review, item, version)
        else:
            assert isinstance(version, Relation)
            change = _set_relation(review, item, version)
        self._commit(what, [(review.article_id, change)])

    def reject(self, article_id: int, ref: ItemRef) -> None:
        """Gold rejects the item: no span or relation there, and the decision is kept."""
        review = self._review(article_id)
        item = review.item(ref)
        if isinstance(item, SpanItem):
            change = _remove_span(review, item, reject=True)
        else:
            versions = {relation_id(r) for r in item.versions.values() if r is not None}
            change = GoldChange(
                remove_relations=(item.gold,) if item.gold is not None else (),
                reject_relations=tuple(sorted(versions)),
            )
        self._commit(f"reject {ref[0]}", [(article_id, _started(review, change))])

    def edit_span(self, article_id: int, ref: ItemRef | None, span: Span | None) -> None:
        """Gold's version of a span item becomes ``span`` (None: none, without rejecting);
        ``ref`` None adds ``span`` as a new gold span."""
        review = self._review(article_id)
        if ref is None:
            if span is None:
                return
            change = GoldChange(add_spans=(span,))
        else:
            item = review.item(ref)
            if not isinstance(item, SpanItem):
                raise AnnotatorError("edit_span takes a span item")
            change = _set_span(review, item, span) if span is not None else _remove_span(review, item, False)
        self._commit("edit span", [(article_id, _started(review, change))])

    def first_open(self, article_id: int) -> tuple[int, ItemRef | None]:
        """How many of the article's items are still open (annotators disagree, gold has not
        decided), and the first of them in reading order."""
        review = self._review(article_id)
        al = review.alignment
        spans = sorted(al.spans, key=lambda i: (i.anchor.start, i.anchor.end))
        refs = [(SPAN, i.index, i) for i in spans] + [(RELATION, i.index, i) for i in al.relations]
        open_refs = [
            (k, n) for k, n, i in refs if not i.agreed and not i.resolved and any(i.versions.values())
        ]
        return len(open_refs), (open_refs[0] if open_refs else None)

    def mark_done(self, article_id: int, done: bool = True, *, force: bool = False) -> None:
        """Mark gold's article done (exported by ``annotator export --gold``) or back in progress.

        Refused (OpenItems, naming the count and the first) while disagreements are open,
        unless ``force``: gold must not come out nearly empty unnoticed."""
        if done and not force:
            count, first = self.first_open(article_id)
            if count:
                raise OpenItems(count, first)
        review = self._review(article_id)
        new = ArticleStatus.DONE.value if done else ArticleStatus.IN_PROGRESS.value
        self._commit(
            "mark done" if done else "reopen", [(article_id, GoldChange(status=(review.status, new)))]
        )

    def accept_agreed(
        self, article_ids: Sequence[int] | None = None, *, majority: bool = False, finish: bool = False
    ) -> AutoResult:
        """Put every unanimous span and relation (with ``majority``, every majority decision)
        not yet decided into gold, as one undoable step. ``finish`` marks done the articles
        left without an open disagreement."""
        result = AutoResult()
        changes = []
        for review in self._reviews(self.article_ids if article_ids is None else article_ids):
            change, counts = _auto(review, majority, finish)
            if not change.empty:
                changes.append((review.article_id, change))
                result.articles += 1
                result.spans += counts[0]
                result.relations += counts[1]
                result.rejected += counts[2]
                result.done += counts[3]
        if changes:
            self._commit("accept agreed", changes)
        return result

    # -- undo ----------------------------------------------------------------
    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> list[int]:
        """Undo the last decision; returns the articles it touched. Refused (AnnotatorError,
        the step dropped) when another window or process changed gold there since."""
        if not self._undo:
            return []
        step = self._undo.pop()
        inverse = [(a, c.inverse()) for a, c in reversed(step.changes)]
        step.version = apply(self.project, self.gold, inverse, expect=step.version)
        self._redo.append(step)
        return [a for a, _ in step.changes]

    def redo(self) -> list[int]:
        """Redo the last undone decision; returns the articles it touched (refused like undo)."""
        if not self._redo:
            return []
        step = self._redo.pop()
        step.version = apply(self.project, self.gold, step.changes, expect=step.version)
        self._undo.append(step)
        return [a for a, _ in step.changes]

    def _commit(self, what: str, changes: list[tuple[int, GoldChange]]) -> None:
        changes = [(a, c) for a, c in changes if not c.empty]
        if not changes:
            return
        version = apply(self.project, self.gold, changes)
        self._undo.append(_Step(what, changes, version))
        self._redo.clear()

    def _review(self, article_id: int) -> ArticleReview:
        if article_id not in self._wanted:
            raise AnnotatorError(f"{self.project.location}: article {article_id} is not being adjudicated")
        return next(iter(self._reviews([article_id])))


class OpenItems(AnnotatorError):
    """Gold cannot be marked done: ``count`` items are still open, ``first`` the first."""

    def __init__(self, count: int, first: ItemRef | None) -> None:
        super().__init__(f"{count} disagreement{'s' if count != 1 else ''} still open on this article")
        self.count = count
        self.first = first


@dataclass(frozen=True, slots=True)
class GoldProgress:
    """How far adjudication is: compared articles, those with open disagreements, and
    those gold has not marked done (which ``export --gold`` leaves out)."""

    compared: int
    open: int
    not_done: int

    def note(self) -> str | None:
        """One line for an export of gold, or None when all is decided."""
        if not self.open and not self.not_done:
            return None
        return (
            f"gold: {self.open} of {self.compared} compared articles still have open disagreements "
            f"and {self.not_done} are not marked done for gold (annotator review PROJECT)"
        )


def gold_progress(project: Project) -> GoldProgress | None:
    """Adjudication's progress over every compared article; None when there is nothing to
    compare (fewer than two annotators besides gold)."""
    try:
        adjudication = Adjudication(project)
    except AnnotatorError:
        return None
    entries = adjudication.queue()
    return GoldProgress(
        len(entries),
        sum(1 for e in entries if e.open),
        sum(1 for e in entries if e.status != ArticleStatus.DONE.value),
    )


def _started(review: ArticleReview, change: GoldChange) -> GoldChange:
    """The change, moving gold's article to in progress if it had no status yet."""
    if review.status is None and change.status is None and not change.empty:
        return replace(change, status=(None, ArticleStatus.IN_PROGRESS.value))
    return change


def _gold_relations(review: ArticleReview) -> list[Relation]:
    return [i.gold for i in review.alignment.relations if i.gold is not None]


def _set_span(review: ArticleReview, item: SpanItem, span: Span) -> GoldChange:
    """Gold's span for the item becomes ``span``; gold relations on the old one move to it."""
    old = item.gold
    if old is not None and span_id(old) == span_id(span):
        return _started(review, GoldChange(unreject_spans=tuple(item.rejected)))
    removed: list[Relation] = []
    moved: list[Relation] = []
    if old is not None:
        for r in _gold_relations(review):
            if r.head == old or r.child == old:
                removed.append(r)
                moved.append(
                    Relation(r.label, span if r.head == old else r.head, span if r.child == old else r.child)
                )
    change = GoldChange(
        add_spans=(span,),
        remove_spans=(old,) if old is not None else (),
        unreject_spans=tuple(item.rejected),
        add_relations=tuple(moved),
        remove_relations=tuple(removed),
    )
    return _started(review, change)


def _remove_span(review: ArticleReview, item: SpanItem, reject: bool) -> GoldChange:
    old = item.gold
    removed = tuple(r for r in _gold_relations(review) if old is not None and old in (r.head, r.child))
    versions = {span_id(s): s for s in item.versions.values() if s is not None}
    already = {span_id(s) for s in item.rejected}
    rejects = tuple(s for k, s in sorted(versions.items()) if k not in already) if reject else ()
    return GoldChange(
        remove_spans=(old,) if old is not None else (),
        reject_spans=rejects,
        remove_relations=removed,
    )


def _set_relation(review: ArticleReview, item: RelationItem, relation: Relation) -> GoldChange:
    """Gold gets the relation between its spans of the two end items (taking
    ``relation``'s own ends where gold has none yet)."""
    spans = review.alignment.spans
    add: list[Span] = []
    unreject: list[Span] = []
    ends = []
    for index, own in ((item.head, relation.head), (item.child, relation.child)):
        end = spans[index]
        if end.gold is not None:
            ends.append(end.gold)
        else:
            add.append(own)
            unreject.extend(end.rejected)
            ends.append(own)
    new = Relation(item.label, ends[0], ends[1])
    ids = {relation_id(r) for r in item.versions.values() if r is not None}
    return _started(
        review,
        GoldChange(
            add_spans=tuple(add),
            unreject_spans=tuple(unreject),
            add_relations=(new,) if item.gold is None or item.gold != new else (),
            remove_relations=(item.gold,) if item.gold is not None and item.gold != new else (),
            unreject_relations=tuple(sorted(ids)) if item.rejected else (),
        ),
    )


def _auto(
    review: ArticleReview, majority: bool, finish: bool
) -> tuple[GoldChange, tuple[int, int, int, int]]:
    """The unanimous (and, with ``majority``, majority) decisions gold has not taken yet."""
    al = review.alignment
    add: list[Span] = []
    reject: list[Span] = []
    settled: set[tuple[str, int]] = set()
    gold_of = {i.index: i.gold for i in al.spans}
    for item in al.spans:
        if item.resolved or not any(item.versions.values()):
            continue
        choice: Span | None
        if item.agreed:
            choice = next(s for s in item.versions.values() if s is not None)
        elif majority:
            try:
                choice = item.majority()
            except NoMajority:
                continue
        else:
            continue
        settled.add((SPAN, item.index))
        if choice is None:
            reject.extend({span_id(s): s for s in item.versions.values() if s is not None}.values())
        else:
            add.append(choice)
            gold_of[item.index] = choice
    relations: list[Relation] = []
    rejected_relations: list[tuple[str, object, object]] = []
    for rel in al.relations:
        if rel.resolved:
            continue
        if rel.agreed:
            chosen: Relation | None = next(r for r in rel.versions.values() if r is not None)
        elif majority:
            try:
                chosen = rel.majority()
            except NoMajority:
                continue
        else:
            continue
        head, child = gold_of.get(rel.head), gold_of.get(rel.child)
        if chosen is None:
            rejected_relations.extend({relation_id(r) for r in rel.versions.values() if r is not None})
            settled.add((RELATION, rel.index))
        elif head is not None and child is not None:
            relations.append(Relation(rel.label, head, child))
            settled.add((RELATION, rel.index))
    still_open = [
        i
        for kind, items in ((SPAN, al.spans), (RELATION, al.relations))
        for i in items
        if not i.agreed and any(i.versions.values()) and not i.resolved and (kind, i.index) not in settled
    ]
    change = GoldChange(
        add_spans=tuple(add),
        reject_spans=tuple(reject),
        add_relations=tuple(relations),
        reject_relations=tuple(sorted(rejected_relations)),  # type: ignore[arg-type]
    )
    done = 0
    if finish and not still_open and review.status != ArticleStatus.DONE.value:
        change = replace(change, status=(review.status, ArticleStatus.DONE.value))
        done = 1
    else:
        change = _started(review, change)
    return change, (len(add), len(relations), len(reject) + len(rejected_relations), done)


def queue_entry(review: ArticleReview) -> QueueEntry:
    """An article's line in the adjudication queue."""
    alignment = review.alignment
    return QueueEntry(
        review.article_id,
        review.title,
        alignment.open(),
        alignment.disagreements(),
        alignment.agreed(),
        review.status,
    )


def sort_queue(entries: Sequence[QueueEntry]) -> list[QueueEntry]:
    """Most open disagreements first, then most disagreements."""
    return sorted(entries, key=lambda e: (-e.open, -e.disagreements, e.article_id))
