"""Adjudication: turning several annotators' work into the project's gold annotator.

The adjudication screen (and ``annotator adjudicate``) drive one :class:`Adjudication`:

- :meth:`Adjudication.queue` lists the compared articles, most open disagreements first;
- :meth:`Adjudication.aligned` gives one article's aligned items
  (:class:`~annotator.core.alignment.SpanItem` / ``RelationItem``): each annotator's
  version (``item.versions``, ``item.said()`` groups who said what), ``item.agreed``,
  the gold decision (``item.gold``, ``item.rejected``) and ``item.resolved``;
- :meth:`take`, :meth:`take_majority`, :meth:`reject`, :meth:`edit_span`,
  :meth:`accept_agreed` and :meth:`mark_done` change gold at once (one
  transaction each), return a :class:`GoldOutcome` (the article afresh and its queue
  line among it) and are steps on the undo stack shared with annotating
  (:class:`~annotator.usecases.undo.UndoStack`).

Items are addressed by an :class:`ItemRef` (kind ``"span"`` or ``"relation"``, and
the index from the article as currently aligned).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal, NamedTuple

from annotator.core.alignment import (
    Alignment,
    GoldChange,
    NoMajority,
    RelationItem,
    SpanItem,
    align,
    relation_id,
)
from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD, ArticleStatus, Relation, Span
from annotator.store import Project
from annotator.store.comparing import done_ids, iter_sets
from annotator.store.gold import GoldChanged, apply, read_states
from annotator.usecases.agreement import compared_annotators, compared_articles
from annotator.usecases.errors import TooFewAnnotators
from annotator.usecases.gold_changes import auto_change, remove_span, set_relation, set_span, started
from annotator.usecases.outcomes import step_name
from annotator.usecases.undo import UndoStack, UsesUndoStack

SPAN: Literal["span"] = "span"
RELATION: Literal["relation"] = "relation"


class ItemRef(NamedTuple):
    """An item of an aligned article: a span or a relation item, by its index."""

    kind: Literal["span", "relation"]
    position: int  # the item's index among the article's span (or relation) items


__all__ = [
    "RELATION",
    "SPAN",
    "Adjudication",
    "AgreedCounts",
    "AlignedArticle",
    "GoldOutcome",
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
class AlignedArticle:
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


@dataclass(frozen=True, slots=True)
class AgreedCounts:
    """What :meth:`Adjudication.accept_agreed` put into gold: on how many articles, how
    many spans and relations, rejections, and articles it marked done."""

    articles: int = 0
    spans: int = 0
    relations: int = 0
    rejected: int = 0
    done: int = 0

    @property
    def items(self) -> int:
        return self.spans + self.relations + self.rejected


@dataclass(frozen=True, slots=True)
class GoldOutcome:
    """What one adjudicating decision (or its undo or redo) did.

    ``article_ids``: the articles whose gold changed; ``ref``: the item decided (None for
    a whole article); ``aligned``: the article decided on, afresh (None when the step
    spans several); ``entry``: its line in the queue, by the queue's own function.
    ``agreed``: what :meth:`Adjudication.accept_agreed` put in (None for other decisions).
    ``refused``: why nothing was written (another window or process changed gold)."""

    name: str
    article_ids: tuple[int, ...]
    ref: ItemRef | None = None
    aligned: AlignedArticle | None = None
    entry: QueueEntry | None = None
    agreed: AgreedCounts | None = None
    refused: str | None = None
    verb: str | None = None  # "undone" or "redone" for an undo or a redo


@dataclass(frozen=True, slots=True)
class GoldStep:
    """One adjudicating step on the undo stack: gold's changes and gold's version of each
    article as the step left it."""

    adjudication: Adjudication
    name: str
    changes: tuple[tuple[int, GoldChange], ...]
    version: dict[int, tuple[object, ...]]

    @property
    def owner(self) -> object:
        return self.adjudication

    def undo(self) -> tuple[GoldOutcome, GoldStep | None]:
        inverse = [(a, c.inverse()) for a, c in reversed(self.changes)]
        return self.adjudication._replay(self, inverse, "undone")

    def redo(self) -> tuple[GoldOutcome, GoldStep | None]:
        return self.adjudication._replay(self, list(self.changes), "redone")


class Adjudication(UsesUndoStack):
    """Adjudicating a project's compared annotators into its gold annotator (undo and redo:
    :class:`UsesUndoStack`)."""

    def __init__(
        self,
        project: Project,
        annotators: Sequence[str] | None = None,
        *,
        require_all: bool = True,
        auto_accept: bool = False,
        gold: str = GOLD,
        undo: UndoStack | None = None,
    ) -> None:
        """``annotators``: whom to compare (default: all but gold who marked some article
        done); articles are those every
        one of them marked done (``require_all=False``: at least two). With ``auto_accept``
        (the adjudication screen's default) opening an article first puts its unanimous items
        into gold (one undoable step). ``undo``: the stack shared with the other screens
        (default: one of its own)."""
        super().__init__(undo)
        self.project = project
        self.gold = gold
        names = [n for n in compared_annotators(project, annotators) if n != gold]
        if annotators is None:
            # Not those who marked nothing done: the one who just opened the project (a lead,
            # say) would leave no article that every compared annotator finished.
            done = done_ids(project, names)
            names = [n for n in names if done[n]]
            if len(names) < 2:
                raise TooFewAnnotators(project.location, names)
        self.annotators = tuple(names)
        self._wanted = compared_articles(project, self.annotators, require_all=require_all)
        self.auto_accept = auto_accept

    @property
    def article_ids(self) -> list[int]:
        return sorted(self._wanted)

    # -- reading -------------------------------------------------------------
    def _aligned_articles(self, ids: Sequence[int]) -> Iterable[AlignedArticle]:
        wanted = {i: self._wanted[i] for i in ids if i in self._wanted}
        states = read_states(self.project, self.gold, sorted(wanted))
        for article, sets in iter_sets(self.project, wanted):
            state = states[article.id]
            ordered = {n: sets[n] for n in self.annotators if n in sets}
            alignment = align(ordered, state.accepted, state.rejected_spans, state.rejected_relations)
            yield AlignedArticle(article.id, article.title, article.text, alignment, state.status)

    def queue(self, article_ids: Sequence[int] | None = None) -> list[QueueEntry]:
        """Every compared article (or these), most open disagreements first (then most
        disagreements)."""
        ids = self.article_ids if article_ids is None else article_ids
        return sort_queue([queue_entry(r) for r in self._aligned_articles(ids)])

    def aligned(self, article_id: int) -> AlignedArticle:
        """One article's aligned items (after auto-accepting the unanimous ones, if asked)."""
        if article_id not in self._wanted:
            raise AnnotatorError(f"{self.project.location}: article {article_id} is not being adjudicated")
        if self.auto_accept:
            accepted = self.accept_agreed([article_id])
            if accepted.aligned is not None:
                return accepted.aligned  # read afresh after the step already
        return next(iter(self._aligned_articles([article_id])))

    # -- decisions -----------------------------------------------------------
    def take(self, article_id: int, ref: ItemRef, annotator: str) -> GoldOutcome:
        """Gold takes ``annotator``'s version of the item (theirs being none: reject it)."""
        if annotator not in self.annotators:
            raise AnnotatorError(f"{annotator!r} is not one of the compared annotators")
        aligned = self._aligned(article_id)
        item = aligned.item(ref)
        return self._set_version(aligned, ref, item.versions.get(annotator), f"take {annotator}'s")

    def take_majority(self, article_id: int, ref: ItemRef) -> GoldOutcome:
        """Gold takes the version more than half of the annotators gave (or rejects, if
        more than half gave none); AnnotatorError when there is no majority."""
        aligned = self._aligned(article_id)
        item = aligned.item(ref)
        try:
            version = item.majority()
        except NoMajority:
            raise AnnotatorError(f"article {article_id}: no majority for {ref[0]} {ref[1]}") from None
        return self._set_version(aligned, ref, version, "take the majority's")

    def _set_version(
        self, aligned: AlignedArticle, ref: ItemRef, version: Span | Relation | None, verb: str
    ) -> GoldOutcome:
        """Gold takes this version of the item; none at all means gold rejects it."""
        if version is None:
            return self.reject(aligned.article_id, ref)
        item = aligned.item(ref)
        if isinstance(item, SpanItem):
            assert isinstance(version, Span)
            change = set_span(aligned, item, version)
        else:
            assert isinstance(version, Relation)
            change = set_relation(aligned, item, version)
        return self._commit(_name(aligned, ref, verb), [(aligned.article_id, change)], ref)

    def reject(self, article_id: int, ref: ItemRef) -> GoldOutcome:
        """Gold rejects the item: no span or relation there, and the decision is kept."""
        aligned = self._aligned(article_id)
        item = aligned.item(ref)
        if isinstance(item, SpanItem):
            change = remove_span(aligned, item, reject=True)
        else:
            versions = {relation_id(r) for r in item.versions.values() if r is not None}
            change = GoldChange(
                remove_relations=(item.gold,) if item.gold is not None else (),
                reject_relations=tuple(sorted(versions)),
            )
        name = _name(aligned, ref, "reject")
        return self._commit(name, [(article_id, started(aligned, change))], ref)

    def edit_span(self, article_id: int, ref: ItemRef | None, span: Span | None) -> GoldOutcome:
        """Gold's version of a span item becomes ``span`` (None: none, without rejecting);
        ``ref`` None adds ``span`` as a new gold span."""
        aligned = self._aligned(article_id)
        if ref is None:
            if span is None:
                return GoldOutcome("nothing", (), aligned=aligned, entry=queue_entry(aligned))
            change = GoldChange(add_spans=(span,))
        else:
            item = aligned.item(ref)
            if not isinstance(item, SpanItem):
                raise AnnotatorError("edit_span takes a span item")
            change = set_span(aligned, item, span) if span is not None else remove_span(aligned, item, False)
        name = (
            "gold: " + step_name("set", span, aligned.text)
            if span is not None
            else _name(aligned, ref, "clear")
        )
        return self._commit(name, [(article_id, started(aligned, change))], ref)

    def first_open(self, article_id: int) -> tuple[int, ItemRef | None]:
        """How many of the article's items are still open (annotators disagree, gold has not
        decided), and the first of them in reading order."""
        refs = open_refs(self._aligned(article_id))
        return len(refs), (refs[0] if refs else None)

    def mark_done(self, article_id: int, done: bool = True, *, force: bool = False) -> GoldOutcome:
        """Mark gold's article done (exported by ``annotator export --gold``) or back in progress.

        Refused (OpenItems, naming the count and the first) while disagreements are open,
        unless ``force``: gold must not come out nearly empty unnoticed."""
        if done and not force:
            count, first = self.first_open(article_id)
            if count:
                raise OpenItems(count, first)
        aligned = self._aligned(article_id)
        new = ArticleStatus.DONE.value if done else ArticleStatus.IN_PROGRESS.value
        title = (aligned.title or f"article {article_id}")[:30]
        name = f"gold: {'mark done' if done else 'reopen'} '{title}'"
        return self._commit(name, [(article_id, GoldChange(status=(aligned.status, new)))])

    def accept_agreed(
        self, article_ids: Sequence[int] | None = None, *, majority: bool = False, finish: bool = False
    ) -> GoldOutcome:
        """Put every unanimous span and relation (with ``majority``, every majority decision)
        not yet decided into gold, on every compared article (or these), as one named step
        ("gold: accept 3 agreed items"). ``finish`` marks done the articles left without
        an open disagreement. The outcome's ``agreed`` counts what went in; with one
        article changed, it has that article afresh and its queue line."""
        changes: list[tuple[int, GoldChange]] = []
        counted: list[tuple[int, int, int, int]] = []  # spans, relations, rejected, done
        for aligned in self._aligned_articles(self.article_ids if article_ids is None else article_ids):
            change, counts = auto_change(aligned, majority, finish)
            if not change.empty:
                changes.append((aligned.article_id, change))
                counted.append(counts)
        totals = [sum(column) for column in zip(*counted, strict=True)] or [0, 0, 0, 0]
        agreed = AgreedCounts(len(changes), *totals)
        name = f"gold: accept {agreed.items} agreed item{'s' if agreed.items != 1 else ''}"
        if agreed.done:
            name += f", {agreed.done} article{'s' if agreed.done != 1 else ''} done"
        return replace(self._commit(name, changes), agreed=agreed)

    # -- undo: replaying a step (can_undo, undo, redo: UsesUndoStack) --------------
    def _replay(
        self, step: GoldStep, changes: list[tuple[int, GoldChange]], verb: str
    ) -> tuple[GoldOutcome, GoldStep | None]:
        """Apply an undo's or a redo's changes if gold is still as the step left it."""
        ids = tuple(dict.fromkeys(a for a, _ in step.changes))
        try:
            version = apply(self.project, self.gold, changes, expect=step.version)
        except GoldChanged as exc:
            return GoldOutcome(step.name, ids, refused=str(exc), verb=verb), None
        outcome = replace(self._outcome(step.name, ids, None, len(ids) == 1), verb=verb)
        return outcome, replace(step, version=version)

    def _commit(
        self, name: str, changes: list[tuple[int, GoldChange]], ref: ItemRef | None = None
    ) -> GoldOutcome:
        changes = [(a, c) for a, c in changes if not c.empty]
        ids = tuple(dict.fromkeys(a for a, _ in changes))
        if changes:
            version = apply(self.project, self.gold, changes)
            self.undo_stack.push(GoldStep(self, name, tuple(changes), version))
        return self._outcome(name, ids, ref, len(ids) == 1)

    def _outcome(self, name: str, ids: tuple[int, ...], ref: ItemRef | None, fresh: bool) -> GoldOutcome:
        """The outcome, with the article afresh and its queue line when one article changed."""
        if not fresh:
            return GoldOutcome(name, ids, ref)
        aligned = self._aligned(ids[0])
        return GoldOutcome(name, ids, ref, aligned, queue_entry(aligned))

    def _aligned(self, article_id: int) -> AlignedArticle:
        if article_id not in self._wanted:
            raise AnnotatorError(f"{self.project.location}: article {article_id} is not being adjudicated")
        return next(iter(self._aligned_articles([article_id])))


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
            f"and {self.not_done} are not marked done for gold (annotator adjudicate PROJECT)"
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


def _name(aligned: AlignedArticle, ref: ItemRef | None, verb: str) -> str:
    """A decision's name: ``gold: take ann's PERSON 'Rex Tillerson'``."""
    if ref is None:
        return f"gold: {verb}"
    item = aligned.item(ref)
    if isinstance(item, SpanItem):
        return "gold: " + step_name(verb, item.anchor, aligned.text)
    head = aligned.alignment.spans[item.head].anchor
    return "gold: " + step_name(f"{verb} {item.label} from", head, aligned.text)


def reading_order(aligned: AlignedArticle) -> list[ItemRef]:
    """The article's items as the screen lists them: spans by where they are, then relations."""
    spans = sorted(aligned.alignment.spans, key=lambda i: (i.anchor.start, i.anchor.end))
    return [ItemRef(SPAN, i.index) for i in spans] + [
        ItemRef(RELATION, i.index) for i in aligned.alignment.relations
    ]


def open_refs(aligned: AlignedArticle) -> list[ItemRef]:
    """The items still open (some annotator gave it, not all the same, gold has not
    decided), in reading order: what the queue counts as open."""
    refs = reading_order(aligned)
    return [r for r in refs if _is_open(aligned.item(r))]


def next_open(aligned: AlignedArticle, after: ItemRef | None, backwards: bool = False) -> ItemRef | None:
    """The next open item after ``after`` in reading order (None: from the start), or the
    one before it (``backwards``; None from no item)."""
    refs = reading_order(aligned)
    at = refs.index(after) if after in refs else -1
    order = refs[: max(at, 0)][::-1] if backwards else refs[at + 1 :]
    return next((r for r in order if _is_open(aligned.item(r))), None)


def _is_open(item: SpanItem | RelationItem) -> bool:
    return not item.agreed and not item.resolved and any(v is not None for v in item.versions.values())


def queue_entry(aligned: AlignedArticle) -> QueueEntry:
    """An article's line in the adjudication queue."""
    alignment = aligned.alignment
    return QueueEntry(
        aligned.article_id,
        aligned.title,
        alignment.open(),
        alignment.disagreements(),
        alignment.agreed(),
        aligned.status,
    )


def sort_queue(entries: Sequence[QueueEntry]) -> list[QueueEntry]:
    """Most open disagreements first, then most disagreements."""
    return sorted(entries, key=lambda e: (-e.open, -e.disagreements, e.article_id))
