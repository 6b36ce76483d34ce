"""The suggestion engine: text in, suggested spans and relations out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from annotator.children import dying_with_parent
from annotator.core.model import Origin, Relation, Span, SuggestedRelation, Suggestion, SuggestionSet
from annotator.suggest import combine, pieces, pipeline
from annotator.suggest.denials import find_denials
from annotator.suggest.mentions import Analysis, Mention
from annotator.suggest.people import find_people
from annotator.suggest.quotes import find_quotes
from annotator.suggest.roles import find_roles
from annotator.suggest.statements import find_statements

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

SUGGESTER = "annotator-rules"
VERSION = "1.0"


class Engine:
    """Rules over a spaCy pipeline; load once, then ``suggest`` or ``suggest_many``."""

    def __init__(self, nlp: Language, info: pipeline.PipelineInfo, *, beliefs: bool = False) -> None:
        self.nlp = nlp
        self.info = info
        # Beliefs, intentions and stances as cues ("thinks that", "wants to"): off by
        # default, the scheme's QUOTE being what a source said or wrote (cues.py).
        self.beliefs = beliefs
        # A trained span model in the pipeline (suggest --model): its own version, so
        # every article is suggested again once it changes (combine.py: the policy).
        self.model = combine.fingerprint(nlp)
        version = VERSION if self.model is None else f"{VERSION}+model.{self.model}"
        if beliefs:
            version += "+beliefs"
        self.origin = Origin(SUGGESTER, version, info.name, info.version)

    @classmethod
    def load(cls, model: str | None = None, *, beliefs: bool = False) -> Engine:
        """The engine on the named pipeline, or on the best installed one."""
        return cls(*pipeline.load(pipeline.choose(model)), beliefs=beliefs)

    def with_beliefs(self, beliefs: bool) -> Engine:
        """This engine's pipeline with beliefs as cues or not (no second load)."""
        return self if beliefs == self.beliefs else Engine(self.nlp, self.info, beliefs=beliefs)

    def suggest(self, text: str) -> SuggestionSet:
        """Suggestions for one text."""
        return next(self.suggest_many([text]))

    def suggest_many(
        self, texts: Iterable[str], batch_size: int = 16, n_process: int = 1
    ) -> Iterator[SuggestionSet]:
        """Suggestions for many texts, parsed in batches (``nlp.pipe``); a long text
        is parsed in pieces (see :mod:`annotator.suggest.pieces`)."""
        limit = min(pieces.PIECE, self.nlp.max_length)
        split = [pieces.split_text(text, limit) for text in texts]
        # The parser processes (n_process > 1) die with this one, whatever kills it.
        with dying_with_parent():
            before = _workers() if n_process > 1 else set()
            docs = self.nlp.pipe(
                (piece for parts in split for _, piece in parts), batch_size=batch_size, n_process=n_process
            )
            finished = False
            try:
                for parts in split:
                    results = [(offset, self.from_doc(next(docs))) for offset, _ in parts]
                    yield pieces.joined(self.origin, results)
                finished = True
            finally:
                if not finished and n_process > 1:
                    _stop_workers(before)
                # Now, not when garbage collected: its ``finally`` joins the workers.
                close = getattr(docs, "close", None)
                if close is not None:
                    close()

    def from_doc(self, doc: Doc) -> SuggestionSet:
        """Run the rules over a parsed document (and add the trained model's spans)."""
        result = build(analyse(doc, beliefs=self.beliefs), self.origin)
        return combine.with_model(result, doc) if self.model is not None else result


def _workers() -> set[Any]:
    import multiprocessing

    return set(multiprocessing.active_children())


def _stop_workers(before: set[Any]) -> None:
    """Terminate the worker processes ``nlp.pipe`` started since ``before``, on an
    interruption (Ctrl+C, SIGTERM, a consumer that stops early): spaCy only joins
    them, and a worker blocked sending a parsed batch that nobody reads any more
    never ends (it holds its own pipe's read end, inherited at the fork), so the
    exit would hang."""
    for process in _workers() - before:
        process.terminate()


def analyse(doc: Doc, *, beliefs: bool = False) -> Analysis:
    """All rules, in order: quotes, people, roles, statements and speakers, denials
    (with ``beliefs``, belief, intention and stance verbs are cues too)."""
    quotes = find_quotes(doc.text)
    in_quote = [False] * len(doc)
    for piece in quotes:
        span = doc.char_span(piece.start, piece.end, alignment_mode="expand")
        if span is not None:
            for k in range(span.start, span.end):
                in_quote[k] = True
    analysis = Analysis(doc, quotes, in_quote, beliefs=beliefs)
    if doc.has_annotation("DEP"):
        find_people(analysis)
        find_roles(analysis)
    find_statements(analysis)
    find_denials(analysis)
    return analysis


def build(analysis: Analysis, origin: Origin) -> SuggestionSet:
    """The analysis as suggestions (spans with scores) and suggested relations."""
    spans: dict[tuple[int, int, str], Suggestion] = {}

    def add(mention: Mention) -> Span:
        span = Span(mention.start, mention.end, mention.label, dict(mention.attrs))
        if span.key not in spans or spans[span.key].score < mention.score:
            spans[span.key] = Suggestion(span, round(mention.score, 3), origin)
        return spans[span.key].span

    relations: dict[tuple[str, tuple[int, int, str], tuple[int, int, str]], SuggestedRelation] = {}

    def link(label: str, head: Span, child: Span, score: float) -> None:
        key = (label, head.key, child.key)
        if key not in relations:
            relations[key] = SuggestedRelation(Relation(label, head, child), round(score, 3))

    for mention in analysis.people + analysis.roles + analysis.orgs + analysis.claims:
        add(mention)
    for role, person, score in analysis.role_of:
        link("ROLE_OF", add(role), add(person), score)
    for statement in analysis.statements:
        quote = add(statement.mention)
        if statement.cue is not None:
            link("CUE_OF", add(statement.cue), quote, statement.cue.score)
        if statement.speaker is not None:
            link("SPEAKER", quote, add(statement.speaker), statement.speaker_score)
    for denial, claim, score in analysis.denies:
        link("DENIES", add(denial), add(claim), score)
    ordered = sorted(spans.values(), key=lambda s: s.span.key)
    return SuggestionSet(origin, tuple(ordered), tuple(relations.values()))
