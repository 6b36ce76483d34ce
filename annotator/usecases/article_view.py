"""What the review screen shows of one article: items (spans), links, and the
navigation, counts and "linked to" summaries the screen needs (no Qt here: the GUI
asks, it does not work them out)."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.core.errors import AnnotatorError
from annotator.core.model import Article, ArticleStatus, Span


@dataclass(frozen=True, slots=True)
class Item:
    """A span on screen: a pending suggestion (``s:ID``) or an accepted annotation (``a:ID``)."""

    key: str
    span: Span
    pending: bool
    score: float | None = None

    @property
    def id(self) -> int:
        return int(self.key.split(":", 1)[1])


@dataclass(frozen=True, slots=True)
class Link:
    """A relation on screen between two items; pending when only suggested."""

    key: str
    label: str
    head: str
    child: str
    pending: bool
    score: float | None = None


@dataclass(frozen=True, slots=True)
class ArticleView:
    """What the screen shows of one article for one annotator."""

    article: Article
    items: tuple[Item, ...]
    links: tuple[Link, ...]
    status: ArticleStatus
    by_key: dict[str, Item] = field(default_factory=dict, compare=False)

    def item(self, key: str) -> Item:
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

    def next_pending(self, start: int, backwards: bool = False) -> str | None:
        """The pending suggestion after ``start`` (before it, ``backwards``), wrapping round."""
        return _step([i for i in self.items if i.pending], start, backwards)

    def next_item(self, key: str | None, backwards: bool = False) -> str | None:
        """The span after (before) the item ``key`` in reading order, pending or accepted."""
        if not self.items:
            return None
        keys = [i.key for i in self.items]
        if key not in self.by_key:
            return keys[-1 if backwards else 0]
        at = keys.index(key)
        return keys[(at + (-1 if backwards else 1)) % len(keys)]

    def linked(self, key: str) -> list[tuple[Link, Item]]:
        """The item's links with the item at the other end."""
        out = []
        for link in self.links:
            other = link.child if link.head == key else link.head if link.child == key else None
            if other is not None and other in self.by_key:
                out.append((link, self.by_key[other]))
        return out

    def link_summary(self) -> dict[str, list[tuple[str, Item, bool]]]:
        """Per item: (relation, other end, suggested) for each of its links, accepted ones
        first; a suggested link where the same one is accepted is left out."""
        out: dict[str, list[tuple[str, Item, bool]]] = {}
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

    def partners(self, key: str, label: str) -> tuple[list[Item], list[Item]]:
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


def _step(items: list[Item], start: int, backwards: bool) -> str | None:
    if not items:
        return None
    if backwards:
        before = [i for i in items if i.span.start < start]
        return (before or items)[-1].key
    after = [i for i in items if i.span.start >= start]
    return (after or items)[0].key


def next_undone(order: list[int], statuses: dict[int, str], current: int) -> int | None:
    """The first article after ``current`` in the list's order (wrapping) not marked done."""
    later = order[order.index(current) + 1 :] + order[: order.index(current)] if current in order else order
    return next((a for a in later if statuses.get(a) != ArticleStatus.DONE.value), None)
