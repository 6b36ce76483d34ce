"""Cues from the PolNeAR-train lists and their contents when they are no clause:
an object ("cited the report"), an infinitive ("vowed to repeal"), the object of
a preposition ("talked about"); beliefs left out under the scheme."""

from __future__ import annotations

from annotator.core.model import SuggestionSet
from annotator.resources import lexicon
from annotator.suggest import cues
from annotator.suggest.engine import Engine
from annotator.suggest.lexicon import SPEECH_VERBS


def _spans(text: str, result: SuggestionSet) -> set[tuple[str, str]]:
    return {(s.span.label, text[s.span.start : s.span.end]) for s in result.suggestions}


def _relations(text: str, result: SuggestionSet) -> set[tuple[str, str, str]]:
    return {
        (
            r.relation.label,
            text[r.relation.head.start : r.relation.head.end],
            text[r.relation.child.start : r.relation.child.end],
        )
        for r in result.relations
    }


def test_object_of_a_criticising_cue_is_its_content(engine: Engine) -> None:
    text = "Senator Maria Lopez criticized the governor for his handling of the floods."
    result = engine.suggest(text)
    content = "the governor for his handling of the floods"
    assert ("QUOTE", content) in _spans(text, result)
    relations = _relations(text, result)
    assert ("CUE_OF", "criticized", content) in relations
    assert ("SPEAKER", content, "Maria Lopez") in relations


def test_cited_and_defended_are_cues(engine: Engine) -> None:
    # Two of the cue verbs issue 13 found missed on unseen news.
    text = (
        "Mayor Tom Reed defended the new parking rules on Monday.\n\n"
        "Councillor Ann Hale cited a survey of local shop owners."
    )
    spans = _spans(text, engine.suggest(text))
    assert ("CUE", "defended") in spans
    assert ("QUOTE", "the new parking rules") in spans
    assert ("CUE", "cited") in spans
    assert ("QUOTE", "a survey of local shop owners") in spans


def test_infinitive_and_preposition_contents(engine: Engine) -> None:
    text = (
        "Governor Ruth Blake vowed to repeal the tax on fuel.\n\n"
        "Later, Blake talked about the plan to build a new bridge."
    )
    spans = _spans(text, engine.suggest(text))
    assert ("QUOTE", "to repeal the tax on fuel") in spans
    assert ("QUOTE", "the plan to build a new bridge") in spans


def test_a_participle_on_a_noun_is_no_cue(engine: Engine) -> None:
    text = "Yesterday, North Korea fired artillery rounds aimed at a loudspeaker in South Korea."
    spans = _spans(text, engine.suggest(text))
    assert not any(label in ("CUE", "QUOTE") for label, _ in spans)


def test_a_reported_question_is_content(engine: Engine) -> None:
    text = "Reporters asked whether the plan would pass the Senate this year."
    spans = _spans(text, engine.suggest(text))
    assert ("QUOTE", "whether the plan would pass the Senate this year") in spans


def test_the_clause_in_the_cues_own_paragraph(engine: Engine) -> None:
    # The quotation has no full stop after its mark: the parser hangs it on the
    # next paragraph's "said"; the content is the clause after the cue.
    text = (
        "\"That's what I like and that's what the country likes.\"\n"
        "Moments earlier, in his opening remarks, Trump said he was ideally suited for the job."
    )
    spans = _spans(text, engine.suggest(text))
    assert ("QUOTE", "he was ideally suited for the job") in spans


def test_beliefs_are_not_suggested_unless_asked(engine: Engine) -> None:
    text = "Senator Maria Lopez believes that the bridge will be finished by the spring."
    content = ("QUOTE", "the bridge will be finished by the spring")
    assert content not in _spans(text, engine.suggest(text))
    believer = engine.with_beliefs(True)
    assert content in _spans(text, believer.suggest(text))
    assert ("CUE", "believes") in _spans(text, believer.suggest(text))
    # Another version: a project that turns beliefs on gets every article suggested again.
    assert believer.origin.suggester_version != engine.origin.suggester_version
    assert engine.with_beliefs(False) is engine


def test_cue_lists_are_consistent() -> None:
    beliefs = lexicon("belief_verbs")
    assert {"think", "believe", "expect", "want"} <= beliefs
    assert not beliefs & SPEECH_VERBS
    assert {"cite", "defend", "read", "characterize", "reject"} <= SPEECH_VERBS
    for lemma, frames in cues.FRAMES.items():
        assert lemma in SPEECH_VERBS or lemma in beliefs, lemma
        for frame in frames:
            assert frame in ("dobj", "xcomp") or frame.startswith("prep:"), (lemma, frame)


def _cued(text: str, engine: Engine) -> set[tuple[str, str]]:
    return {(label, part) for label, part in _spans(text, engine.suggest(text)) if label in ("CUE", "QUOTE")}


def test_what_is_announced_is_no_claim(engine: Engine) -> None:
    # An announcement of things (not of a claim) is an act: no content, no cue.
    text = "At the fair, Mayor Tom Reed announced the towns that would host the next three festivals."
    assert not _cued(text, engine)
    # A noun that carries a claim stays content.
    text = "Mayor Tom Reed announced a plan to close the old bridge."
    assert ("QUOTE", "a plan to close the old bridge") in _cued(text, engine)


def test_listing_and_naming_are_no_claims(engine: Engine) -> None:
    text = (
        'The Danish school team listed their town as "Home" on their jackets and named their boat "Floater."'
    )
    assert not _cued(text, engine)


def test_an_order_is_no_claim(engine: Engine) -> None:
    text = "The general faces claims he ordered his troops to burn the harvest."
    assert not any(part.startswith("his troops") for _, part in _cued(text, engine))
    assert ("CUE", "ordered") not in _cued(text, engine)


def test_a_participle_opener_is_no_cue(engine: Engine) -> None:
    text = "Citing safety rules, city officials have not opened the pool."
    assert not _cued(text, engine)


def test_what_is_talked_about_is_a_topic(engine: Engine) -> None:
    text = (
        "The memo is a contrast to his praise of the plan, as he talks to the Deputy Minister "
        'of Transport Ann Hale about the harbour, saying, "We will fix it soon."\n\n'
        "Blake talked about the harbour with the minister."
    )
    found = _cued(text, engine)
    assert not any(part == "the harbour" for _, part in found)
    assert ("CUE", "talks") not in found
    assert ("QUOTE", "We will fix it soon.") in found


def test_quoting_someone_names_the_source(engine: Engine) -> None:
    text = 'The Daily Post quotes a "senior aide" as saying: "The budget ignores the harbour."'
    assert not any(part.startswith('a "senior aide') for _, part in _cued(text, engine))


def test_a_quotation_called_by_its_object_is_direct_only(engine: Engine) -> None:
    text = 'The watchdog group has called it "a clear case of waste in the city budget."'
    found = _cued(text, engine)
    assert not any(part.startswith("it") for _, part in found)
    assert ("QUOTE", "a clear case of waste in the city budget.") in found
