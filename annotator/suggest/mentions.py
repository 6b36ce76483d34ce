"""What the rules find and share: mentions over token ranges of a spaCy Doc."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from annotator.suggest.quotes import QuotePiece


@dataclass(eq=False, slots=True)
class Mention:
    """A labelled token range ``[first, last]`` with character offsets and a score."""

    label: str
    start: int
    end: int
    score: float
    first: int
    last: int
    attrs: dict[str, str] = field(default_factory=dict)
    key: str = ""  # who it is: a person's full name, lower case (name linking)

    @property
    def span_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.label)


@dataclass(eq=False, slots=True)
class Statement:
    """A QUOTE or DENIAL with what introduces it and who said it."""

    mention: Mention
    cue: Mention | None = None
    speaker: Mention | None = None
    speaker_score: float = 0.0
    group: int | None = None  # direct quote pieces of one quotation
    verb: Token | None = None


@dataclass(slots=True)
class Analysis:
    """Everything the rules found in one document."""

    doc: Doc
    quotes: list[QuotePiece]
    in_quote: list[bool]
    people: list[Mention] = field(default_factory=list)
    person_at: dict[int, Mention] = field(default_factory=dict)
    roles: list[Mention] = field(default_factory=list)
    role_at: dict[int, Mention] = field(default_factory=dict)
    role_of: list[tuple[Mention, Mention, float]] = field(default_factory=list)
    orgs: list[Mention] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    claims: list[Mention] = field(default_factory=list)
    denies: list[tuple[Mention, Mention, float]] = field(default_factory=list)
    beliefs: bool = False  # belief, intention and stance verbs are cues (Engine(beliefs=True))
    _parsed: bool | None = None
    _text: str | None = None
    _genders: dict[str, str] | None = None

    @property
    def text(self) -> str:
        # spaCy joins every token's text anew on each doc.text: once per document here.
        if self._text is None:
            self._text = self.doc.text
        return self._text

    @property
    def parsed(self) -> bool:
        """Whether the pipeline gave a dependency parse (not so on rules alone)."""
        # Asked per token; without a parse spaCy scans every token to say no: ask once.
        if self._parsed is None:
            self._parsed = self.doc.has_annotation("DEP")
        return self._parsed

    def mention(self, label: str, first: int, last: int, score: float, **attrs: str) -> Mention:
        """A mention over tokens ``first..last`` (inclusive)."""
        doc = self.doc
        return Mention(label, doc[first].idx, doc[last].idx + len(doc[last]), score, first, last, dict(attrs))

    def add_role(self, role: Mention) -> Mention:
        """Record a ROLE once; an overlapping one already found wins."""
        for i in range(role.first, role.last + 1):
            if i in self.role_at:
                return self.role_at[i]
        self.roles.append(role)
        for i in range(role.first, role.last + 1):
            self.role_at[i] = role
        return role

    def add_org(self, org: Mention) -> Mention:
        for other in self.orgs:
            if other.first <= org.last and org.first <= other.last:
                return other
        self.orgs.append(org)
        return org
