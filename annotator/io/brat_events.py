"""Foreign brat annotations (an annotated corpus's text-bounds, relations and
events, PolNeAR's ``Attribution`` events say) onto the project's scheme,
through the ``--map`` file (:mod:`annotator.io.mapping`).

A label or relation the map does not name is kept when the scheme has it and
otherwise counted and left out; roles numbered by brat (``Content2``) count as
their base name. Whatever is left out is counted per kind in a :class:`Tally`,
with the first place it was met, so the import can name it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from annotator.core.model import Relation, Span
from annotator.core.scheme import Scheme
from annotator.io.mapping import LabelMap, shaped_span


@dataclass(frozen=True, slots=True)
class Foreign:
    """A foreign text-bound annotation: its id, label and pieces (offsets in the stored text)."""

    tid: str
    label: str
    pieces: tuple[tuple[int, int], ...]
    line: int


@dataclass(slots=True)
class Tally:
    """What a mapping left out, by kind, with the first place met."""

    counts: Counter[str] = field(default_factory=Counter)
    first: dict[str, str] = field(default_factory=dict)

    def add(self, kind: str, where: str) -> None:
        self.counts[kind] += 1
        self.first.setdefault(kind, where)

    def lines(self) -> list[str]:
        """One line per kind: count, kind, first place."""
        return [f"{n} x {kind} (first at {self.first[kind]})" for kind, n in self.counts.most_common()]


def map_annotations(
    mapping: LabelMap,
    scheme: Scheme,
    text: str,
    bounds: list[Foreign],
    relations: list[tuple[int, str, str, str]],
    events: list[tuple[int, str, list[tuple[str, str]]]],
    tally: Tally,
    where: str,
) -> tuple[list[Span], list[Relation]]:
    """Foreign text-bounds, relations and events as spans and relations of ours."""
    spans: dict[str, list[Span]] = {}
    for bound in bounds:
        rule = mapping.labels.get(bound.label)
        if rule is None and scheme.label(bound.label) is None:
            tally.add(f"span label {bound.label!r} not in the map", f"{where}:{bound.line}")
            continue
        rule = rule or mapping.rule(bound.label)
        if rule.label is None:
            tally.add(f"span label {bound.label!r} dropped by the map", f"{where}:{bound.line}")
            continue
        made = [s for s in (shaped_span(text, rule, a, b) for a, b in bound.pieces) if s is not None]
        if not made:
            tally.add(f"{bound.label} that is only a pronoun (dropped)", f"{where}:{bound.line}")
            continue
        spans[bound.tid] = made
    out: list[Relation] = []
    for number, label, head, child in relations:
        named = mapping.relations.get(label)
        if named is None and scheme.relation(label) is None:
            tally.add(f"relation {label!r} not in the map", f"{where}:{number}")
            continue
        link = named or mapping.relation(label)
        if link.label is None:
            tally.add(f"relation {label!r} dropped by the map", f"{where}:{number}")
            continue
        heads, children = spans.get(head, []), spans.get(child, [])
        out += _link(link.label, children, heads) if link.reverse else _link(link.label, heads, children)
    for number, kind, roles in events:
        rules = mapping.events.get(kind)
        if rules is None:
            tally.add(f"event {kind!r} not in the map", f"{where}:{number}")
            continue
        by_role: dict[str, list[Span]] = {}
        for role, tid in roles:
            by_role.setdefault(role.rstrip("0123456789"), []).extend(spans.get(tid, []))
        for ours, head_role, child_role in rules:
            heads, children = by_role.get(head_role, []), by_role.get(child_role, [])
            if not heads or not children:
                if head_role in by_role or child_role in by_role:
                    tally.add(f"{ours} from event {kind!r} without both ends", f"{where}:{number}")
                continue
            out += _link(ours, heads, children)
    unique = {s.key: s for made in spans.values() for s in made}
    return list(unique.values()), list({(r.label, r.head.key, r.child.key): r for r in out}.values())


def _link(label: str, heads: list[Span], children: list[Span]) -> list[Relation]:
    return [Relation(label, h, c) for h in heads for c in children]
