"""Statements whose shape the first rules missed (issue 13, from PolNeAR train's
misses): a headline opening with its source and a colon, a speech verb that shares
an earlier verb's subject, "As X observed, ...", "calling for X to ...", a passive
judgement with an agent, a gerund after "by", a how-clause after "explained"."""

from __future__ import annotations

from annotator.core.model import SuggestionSet
from annotator.suggest.engine import Engine


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


def _quotes(text: str, result: SuggestionSet) -> set[str]:
    return {q for label, q in _spans(text, result) if label == "QUOTE"}


def test_headline_opening_with_its_source_and_a_colon(engine: Engine) -> None:
    text = "Mayor Tom Reed: The New Bridge Is Costing the Town Too Much.\n\nThe council met on Monday."
    result = engine.suggest(text)
    content = "The New Bridge Is Costing the Town Too Much"
    assert ("QUOTE", content) in _spans(text, result)
    assert ("SPEAKER", content, "Tom Reed") in _relations(text, result)
    # The scheme's CUE is a speech verb or "according to": the colon is none.
    assert not any(label == "CUE" for label, _ in _spans(text, result))


def test_labels_tallies_and_lists_before_a_colon_are_no_statements(engine: Engine) -> None:
    text = (
        "Editor's note: The following is the second part of a series.\n\n"
        "Tom Reed: 547.\n\n"
        "Norfolk: Tom Reed, Ann Hale, Maria Lopez.\n\n"
        "Here is a hunch: the bridge will never open."
    )
    assert _quotes(text, engine.suggest(text)) == set()


def test_speech_verb_joined_to_an_earlier_verb_shares_its_subject(engine: Engine) -> None:
    text = "Senator Ann Hale toured the harbour on Monday and says the new pier is unsafe."
    result = engine.suggest(text)
    assert ("QUOTE", "the new pier is unsafe") in _spans(text, result)
    assert ("CUE_OF", "says", "the new pier is unsafe") in _relations(text, result)
    # Along a chain of joined verbs, up to the one with the subject.
    text = (
        "A few minutes later they reversed themselves, rushed everyone inside the room "
        "and said they will register voters while the caucus is under way."
    )
    assert ("QUOTE", "they will register voters while the caucus is under way") in _spans(
        text, engine.suggest(text)
    )


def test_joined_weak_verb_is_no_cue(engine: Engine) -> None:
    # "questioned" is a cue only with a clause or a quotation next to it.
    text = "Police arrested and questioned the student on Tuesday."
    assert _quotes(text, engine.suggest(text)) == set()


def test_share_of_voters_and_likely_to_say(engine: Engine) -> None:
    text = (
        "About 4 in 10 say they want a new harbour master.\n\n"
        "Voters are slightly more likely to say that the pier is safe."
    )
    quotes = _quotes(text, engine.suggest(text))
    assert "they want a new harbour master" in quotes
    assert "the pier is safe" in quotes


def test_as_clause_says_the_clause_it_hangs_on(engine: Engine) -> None:
    text = "As the Norfolk Herald observed, the council now controls both harbours."
    result = engine.suggest(text)
    assert ("CUE_OF", "observed", "the council now controls both harbours") in _relations(text, result)


def test_as_clause_of_time_is_no_aside(engine: Engine) -> None:
    text = "As he talks about the harbour, the crowd grows quiet."
    assert _quotes(text, engine.suggest(text)) == set()


def test_calling_for_someone_to_act(engine: Engine) -> None:
    text = "Councillor Ann Hale is calling for the harbour board to close the old pier."
    result = engine.suggest(text)
    assert ("QUOTE", "the harbour board to close the old pier") in _spans(text, result)


def test_passive_judgement_with_an_agent_is_about_its_subject(engine: Engine) -> None:
    text = "The parking plan was criticized by Mayor Tom Reed for its cost."
    result = engine.suggest(text)
    assert ("QUOTE", "The parking plan") in _spans(text, result)
    assert ("CUE_OF", "was criticized", "The parking plan") in _relations(text, result)


def test_passive_news_and_pronoun_subjects_are_no_content(engine: Engine) -> None:
    text = "The news was first reported by the Norfolk Herald.\n\nHe was criticized by the mayor."
    assert _quotes(text, engine.suggest(text)) == set()


def test_gerund_after_by_is_something_said(engine: Engine) -> None:
    text = "The governor tripped up Councillor Ann Hale by calling her out for her record."
    result = engine.suggest(text)
    assert ("QUOTE", "her out for her record") in _spans(text, result)


def test_gerund_after_with_needs_its_own_subject(engine: Engine) -> None:
    text = "Norfolk started the game with attacking style and pace."
    assert _quotes(text, engine.suggest(text)) == set()


def test_how_clause_after_explained_is_content(engine: Engine) -> None:
    text = "Mayor Tom Reed explained how the new pier would be paid for."
    result = engine.suggest(text)
    assert ("QUOTE", "how the new pier would be paid for") in _spans(text, result)


def test_conditional_inside_the_clause_is_no_question(engine: Engine) -> None:
    text = "Mayor Tom Reed says if he spent the day in Norfolk he would be doing nothing but shaking hands."
    result = engine.suggest(text)
    content = "if he spent the day in Norfolk he would be doing nothing but shaking hands"
    assert ("QUOTE", content) in _spans(text, result)


def test_wordnet_communication_verbs_cue_a_quote_or_a_clause(engine: Engine) -> None:
    text = (
        '"The pier is a disgrace," Mayor Tom Reed retorted.\n\n'
        "Councillor Ann Hale quipped that the ferry would outlive them all."
    )
    relations = _relations(text, engine.suggest(text))
    assert ("CUE_OF", "retorted", "The pier is a disgrace,") in relations
    assert ("CUE_OF", "quipped", "the ferry would outlive them all") in relations


def test_wordnet_communication_verb_alone_is_no_cue(engine: Engine) -> None:
    text = "Mayor Tom Reed snapped his fingers and left the hall."
    assert not any(label == "CUE" for label, _ in _spans(text, engine.suggest(text)))


def test_as_clause_without_a_subject_is_no_aside(engine: Engine) -> None:
    text = "The letters follow, as recorded in the council minutes of May."
    assert _quotes(text, engine.suggest(text)) == set()


def test_that_clause_hung_on_the_venue_is_the_content(engine: Engine) -> None:
    text = "Campaign manager Ann Hale says in a statement that the race will now be a contest of four."
    result = engine.suggest(text)
    assert ("CUE_OF", "says", "the race will now be a contest of four") in _relations(text, result)


def test_relative_clause_on_a_place_is_no_content(engine: Engine) -> None:
    text = "Mayor Tom Reed spoke at a rally in a town that had lost its ferry."
    assert _quotes(text, engine.suggest(text)) == set()


def test_polnear_mapping_counts_quoted_words_inside_a_clause_with_it() -> None:
    from annotator.core.model import AnnotationSet, Relation, Span
    from tests.benchmarks.polnear import unnested

    text = 'Reed says the pier is "a disgrace" and "a danger".'
    clause = Span(10, 49, "QUOTE", {"type": "indirect"})
    inner = Span(23, 33, "QUOTE", {"type": "direct"})
    second = Span(40, 48, "QUOTE", {"type": "direct"})
    outside = Span(0, 4, "QUOTE", {"type": "direct"})
    speaker = Span(0, 4, "PERSON")
    annotations = AnnotationSet(
        "ours",
        (clause, inner, second, outside, speaker),
        (Relation("SPEAKER", inner, speaker), Relation("SPEAKER", clause, speaker)),
    )
    assert text[inner.start : inner.end] == "a disgrace"
    kept = unnested(annotations)
    assert {s.key for s in kept.spans} == {clause.key, outside.key, speaker.key}
    assert [r.head.key for r in kept.relations] == [clause.key]


def test_praised_and_said_are_two_statements(engine: Engine) -> None:
    text = "Councillor Ann Hale praised the new parking rules and said the town can now grow."
    quotes = _quotes(text, engine.suggest(text))
    assert "the new parking rules" in quotes
    assert "the town can now grow" in quotes


def test_defended_saying_keeps_the_object_as_topic(engine: Engine) -> None:
    text = "Mayor Tom Reed defended the new parking rules, saying the town can now grow."
    quotes = _quotes(text, engine.suggest(text))
    assert "the town can now grow" in quotes
    assert "the new parking rules" not in quotes


def test_infinitive_that_happened_is_said(engine: Engine) -> None:
    text = "Councillor Ann Hale used her speech to attack the new parking rules."
    assert "the new parking rules" in _quotes(text, engine.suggest(text))


def test_infinitive_of_an_intention_is_not_said(engine: Engine) -> None:
    text = "Councillor Ann Hale plans to attack the new parking rules."
    assert "the new parking rules" not in _quotes(text, engine.suggest(text))


def test_gerund_on_a_statement_says_what_it_states(engine: Engine) -> None:
    text = "The campaign issued a statement describing the parking plan as a step forward."
    result = engine.suggest(text)
    assert ("CUE_OF", "describing", "the parking plan as a step forward") in _relations(text, result)


def test_a_clause_parsed_as_a_gerund_is_still_the_content(engine: Engine) -> None:
    text = "He said legalizing it could put thousands of people to work in upstate New York."
    assert ("QUOTE", "legalizing it could put thousands of people to work in upstate New York") in _spans(
        text, engine.suggest(text)
    )
    text = "He said nothing about it, avoiding reporters all day."
    assert not [w for label, w in _spans(text, engine.suggest(text)) if label == "QUOTE"]
