"""What the annotating screen shows of one article: items (spans), links, and the
navigation, counts and "linked to" summaries the screen needs (no Qt here: the GUI
asks, it does not work them out)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, NamedTuple, Protocol

from annotator.core.errors import AnnotatorError
from annotator.core.model import AnnotationStatus, Article, ArticleStatus, Span

ANNOTATION: Literal["annotation"] = "annotation"
SUGGESTION: Literal["suggestion"] = "suggestion"
RELATION: Literal["relation"] = "relation"
SUGGESTED_RELATION: Literal["suggested relation"] = "suggested relation"


class ItemKey(NamedTuple):
    """Which item: one of the annotator's annotations, or a suggestion still pending (by
    its stored id). A tuple of a string and an int: hashing it costs what a string's does,
    and it is never equal to a :class:`LinkKey` (the kinds differ)."""

    kind: Literal["annotation", "suggestion"]
    id: int

    @property
    def pending(self) -> bool:
        return self.kind == SUGGESTION


class LinkKey(NamedTuple):
    """Which link: an accepted relation (its stored id) or a suggested one (its place in
    the article's suggested relations)."""

    kind: Literal["relation", "suggested relation"]
    id: int


def annotation_key(annotation_id: int) -> ItemKey:
    return ItemKey(ANNOTATION, annotation_id)


def suggestion_key(suggestion_id: int) -> ItemKey:
    return ItemKey(SUGGESTION, suggestion_id)


@dataclass(frozen=True, slots=True)
class Item:
    """A span on screen: a pending suggestion or an accepted annotation."""

    key: ItemKey
    span: Span
    pending: bool
    score: float | None = None

    @property
    def id(self) -> int:
        """The stored id (of the suggestion, or of the annotation)."""
        return self.key.id


@dataclass(frozen=True, slots=True)
class Link:
    """A relation on screen between two items; pending when only suggested."""

    key: LinkKey
    label: str
    head: ItemKey
    child: ItemKey
    pending: bool
    score: float | None = None


@dataclass(frozen=True, slots=True)
class ArticleView:
    """What the screen shows of one article for one annotator."""

    article: Article
    items: tuple[Item, ...]
    links: tuple[Link, ...]
    status: ArticleStatus
    by_key: dict[ItemKey, Item] = field(default_factory=dict, compare=False)

    def item(self, key: ItemKey) -> Item:
        try:
            return self.by_key[key]
        except KeyError:
            raise AnnotatorError(
                "that span is no longer there (changed in another window or process): look again"
            ) from None

    @property
    def pending(self) -> list[Item]:
        return [i for i in self.items if i.pending]

    @property
    def accepted_count(self) -> int:
        return sum(1 for i in self.items if not i.pending)

    @property
    def pending_count(self) -> int:
        return sum(1 for i in self.items if i.pending)

    def item_at(self, offset: int) -> ItemKey | None:
        """The smallest item under a character (what a click focuses)."""
        under = [i for i in self.items if i.span.start <= offset < i.span.end]
        return min(under, key=lambda i: i.span.end - i.span.start).key if under else None

    def same_span(self, item: Item | None) -> ItemKey | None:
        """The item now on show with ``item``'s label and offsets (its key may have changed:
        a suggestion accepted in another window)."""
        if item is None:
            return None
        return next((i.key for i in self.items if i.span.key == item.span.key), None)

    def next_pending(self, start: int, backwards: bool = False) -> ItemKey | None:
        """The pending suggestion after ``start`` (before it, ``backwards``), wrapping round."""
        return _step([i for i in self.items if i.pending], start, backwards)

    def next_item(self, key: ItemKey | None, backwards: bool = False) -> ItemKey | None:
        """The span after (before) the item ``key`` in reading order, pending or accepted."""
        if not self.items:
            return None
        keys = [i.key for i in self.items]
        if key not in self.by_key:
            return keys[-1 if backwards else 0]
        at = keys.index(key)
        return keys[(at + (-1 if backwards else 1)) % len(keys)]

    def linked(self, key: ItemKey) -> list[tuple[Link, Item]]:
        """The item's links with the item at the other end."""
        out = []
        for link in self.links:
            other = link.child if link.head == key else link.head if link.child == key else None
            if other is not None and other in self.by_key:
                out.append((link, self.by_key[other]))
        return out

    def link_summary(self) -> dict[ItemKey, list[tuple[str, Item, bool]]]:
        """Per item: (relation, other end, suggested) for each of its links, accepted ones
        first; a suggested link where the same one is accepted is left out."""
        out: dict[ItemKey, list[tuple[str, Item, bool]]] = {}
        made = {(link.label, link.head, link.child) for link in self.links if not link.pending}
        for link in sorted(self.links, key=lambda lk: lk.pending):
            if link.pending and (link.label, link.head, link.child) in made:
                continue
            head, child = self.by_key.get(link.head), self.by_key.get(link.child)
            if head is None or child is None:
                continue
            out.setdefault(head.key, []).append((link.label, child, link.pending))
            out.setdefault(child.key, []).append((link.label, head, link.pending))
        for key, entries in out.items():
            # Once a relation is accepted at an item, other suggestions of it there are moot.
            settled = {label for label, _, pending in entries if not pending}
            out[key] = [e for e in entries if not (e[2] and e[0] in settled)]
        return out

    def partners(self, key: ItemKey, label: str) -> tuple[list[Item], list[Item]]:
        """The accepted and the suggested items linked to ``key`` by ``label`` (either
        direction), nearest first: what a "speaker of" or "role of" column shows."""
        accepted: list[Item] = []
        suggested: list[Item] = []
        for link, other in self.linked(key):
            if link.label == label:
                (suggested if link.pending else accepted).append(other)
        return accepted, [s for s in suggested if s not in accepted]

    def words(self, item: Item) -> str:
        return self.article.text[item.span.start : item.span.end]


def _step(items: list[Item], start: int, backwards: bool) -> ItemKey | None:
    if not items:
        return None
    if backwards:
        before = [i for i in items if i.span.start < start]
        return (before or items)[-1].key
    after = [i for i in items if i.span.start >= start]
    return (after or items)[0].key


def next_undone(order: list[int], statuses: Mapping[int, ArticleStatus], current: int) -> int | None:
    """The first article after ``current`` in the list's order (wrapping) not marked done."""
    later = order[order.index(current) + 1 :] + order[: order.index(current)] if current in order else order
    return next((a for a in later if statuses.get(a) != ArticleStatus.DONE), None)


@dataclass(frozen=True, slots=True)
class Suggested:
    """An article's suggestions as screen items and links, made once when it opens (they
    do not change while it is reviewed, and a view is built after every key)."""

    items: dict[int, Item]  # by suggestion id
    links: tuple[Link, ...]  # the suggested relations, in their order
    relations: tuple[tuple[int, int], ...]  # each one's (head, child) suggestion ids

    @classmethod
    def of(
        cls,
        suggestions: Sequence[StoredSuggestionLike],
        suggested_relations: Sequence[StoredSuggestedRelationLike],
    ) -> Suggested:
        new = tuple.__new__  # ItemKey's own __new__ is Python code: this is the C one
        items = {s.id: Item(new(ItemKey, (SUGGESTION, s.id)), s.span, True, s.score) for s in suggestions}
        links = tuple(
            Link(
                LinkKey(SUGGESTED_RELATION, n),
                r.label,
                new(ItemKey, (SUGGESTION, r.head_id)),
                new(ItemKey, (SUGGESTION, r.child_id)),
                True,
                r.score,
            )
            for n, r in enumerate(suggested_relations)
        )
        return cls(items, links, tuple((r.head_id, r.child_id) for r in suggested_relations))


def build_view(
    article: Article,
    spans: Sequence[StoredSpanLike],
    relations: Sequence[StoredRelationLike],
    status: ArticleStatus,
    suggested: Suggested,
) -> ArticleView:
    """The screen's view of an article from what is stored: the annotator's accepted
    spans, the suggestions they have not reviewed (by id, or by typing the same span),
    their relations and the suggested ones between what is on show."""
    new = tuple.__new__
    accepted = [s for s in spans if s.status == AnnotationStatus.ACCEPTED]
    reviewed_ids = {s.suggestion_id for s in spans if s.suggestion_id is not None}
    reviewed_keys = {s.span.key for s in spans}
    items: dict[ItemKey, Item] = {}
    for s in accepted:
        key = new(ItemKey, (ANNOTATION, s.id))
        items[key] = Item(key, s.span, False)
    for sid, item in suggested.items.items():
        if sid not in reviewed_ids and (not reviewed_keys or item.span.key not in reviewed_keys):
            items[item.key] = item
    # A suggestion's key on screen: pending itself, or the annotation it became.
    became = {
        s.suggestion_id: new(ItemKey, (ANNOTATION, s.id)) for s in accepted if s.suggestion_id is not None
    }
    links: list[Link] = []
    for r in relations:
        head, child = new(ItemKey, (ANNOTATION, r.head_id)), new(ItemKey, (ANNOTATION, r.child_id))
        if head in items and child in items:
            links.append(Link(LinkKey(RELATION, r.id), r.label, head, child, False))
    made = {(link.label, link.head, link.child) for link in links}
    for link, (head_id, child_id) in zip(suggested.links, suggested.relations, strict=True):
        if head_id in became or child_id in became:
            link = replace(link, head=became.get(head_id, link.head), child=became.get(child_id, link.child))
        if link.head in items and link.child in items and (link.label, link.head, link.child) not in made:
            links.append(link)
    ordered = tuple(sorted(items.values(), key=lambda i: (i.span.start, -i.span.end, i.span.label)))
    return ArticleView(article, ordered, tuple(links), status, {i.key: i for i in ordered})


class StoredSpanLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def span(self) -> Span: ...
    @property
    def status(self) -> str: ...
    @property
    def suggestion_id(self) -> int | None: ...


class StoredRelationLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def head_id(self) -> int: ...
    @property
    def child_id(self) -> int: ...


class StoredSuggestionLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def span(self) -> Span: ...
    @property
    def score(self) -> float: ...


class StoredSuggestedRelationLike(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def head_id(self) -> int: ...  # suggestion ids
    @property
    def child_id(self) -> int: ...
    @property
    def score(self) -> float: ...


def changed_keys(
    old: ArticleView, new: ArticleView, before: StateLike, after: StateLike
) -> frozenset[ItemKey]:
    """Items added, removed or changed between two views, and the ends of the relations
    added or removed."""
    keys = {k for k in old.by_key if k not in new.by_key}
    keys.update(k for k in new.by_key if k not in old.by_key)
    was = {s.id: s for s in before.spans}
    keys.update(ItemKey(ANNOTATION, s.id) for s in after.spans if s.id in was and was[s.id] != s)
    for r in set(before.relations) ^ set(after.relations):
        keys.update((ItemKey(ANNOTATION, r.head_id), ItemKey(ANNOTATION, r.child_id)))
    return frozenset(k for k in keys if k in new.by_key or k in old.by_key)


class _ChangedElsewhere(Exception):
    """Raised inside the write transaction so that it rolls back."""


class StateLike(Protocol):
    @property
    def spans(self) -> Sequence[StoredSpanLike]: ...
    @property
    def relations(self) -> Sequence[StoredRelationLike]: ...
