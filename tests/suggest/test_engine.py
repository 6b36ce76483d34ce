"""The engine on sentences that exercise each rule, with the real English pipeline."""

from __future__ import annotations

from annotator.core.model import SuggestionSet
from annotator.suggest.engine import Engine


def spans(result: SuggestionSet, text: str, label: str) -> list[str]:
    return [text[s.span.start : s.span.end] for s in result.suggestions if s.span.label == label]


def relations(result: SuggestionSet, text: str, label: str) -> set[tuple[str, str]]:
    return {
        (
            text[r.relation.head.start : r.relation.head.end],
            text[r.relation.child.start : r.relation.child.end],
        )
        for r in result.relations
        if r.relation.label == label
    }


def test_title_before_name_role_and_honorific_outside_person(engine: Engine) -> None:
    text = "Secretary of State Rex Tillerson met Sen. Tom Cotton on Monday."
    result = engine.suggest(text)
    assert "Rex Tillerson" in spans(result, text, "PERSON")
    assert "Tom Cotton" in spans(result, text, "PERSON")
    assert ("Secretary of State", "Rex Tillerson") in relations(result, text, "ROLE_OF")
    assert all("Sen." not in p for p in spans(result, text, "PERSON"))


def test_surname_alone_is_linked_to_the_full_name(engine: Engine) -> None:
    text = "Angela Merkel arrived in Paris. Later, Merkel spoke to reporters about the budget."
    people = spans(engine.suggest(text), text, "PERSON")
    assert people.count("Merkel") == 1 and "Angela Merkel" in people


def test_direct_quote_with_inverted_cue(engine: Engine) -> None:
    text = '"We will rebuild the bridge by spring," said Ingrid Solberg, the mayor of Port Elling.'
    result = engine.suggest(text)
    assert spans(result, text, "QUOTE") == ["We will rebuild the bridge by spring,"]
    assert ("We will rebuild the bridge by spring,", "Ingrid Solberg") in relations(result, text, "SPEAKER")
    assert ("said", "We will rebuild the bridge by spring,") in relations(result, text, "CUE_OF")
    assert ("mayor of Port Elling", "Ingrid Solberg") in relations(result, text, "ROLE_OF")


def test_split_quote_has_one_speaker_and_pronoun_resolves(engine: Engine) -> None:
    text = (
        "Amara Okafor criticised the council on Tuesday.\n\n"
        '"People panicked," she said. "The council could have answered the same morning."'
    )
    result = engine.suggest(text)
    speakers = relations(result, text, "SPEAKER")
    assert ("People panicked,", "Amara Okafor") in speakers
    assert ("The council could have answered the same morning.", "Amara Okafor") in speakers


def test_indirect_quote_with_unnamed_source(engine: Engine) -> None:
    text = "An administration official said the plan had been discussed inside the White House."
    result = engine.suggest(text)
    [quote] = [s for s in result.suggestions if s.span.label == "QUOTE"]
    assert quote.span.attrs == {"type": "indirect"}
    assert text[quote.span.start : quote.span.end] == "the plan had been discussed inside the White House"
    assert "administration official" in spans(result, text, "ROLE")
    assert ("the plan had been discussed inside the White House", "administration official") in relations(
        result, text, "SPEAKER"
    )


def test_according_to_names_the_source(engine: Engine) -> None:
    text = "The deck will be repaired one lane at a time, according to engineer Tomasz Wisniewski."
    result = engine.suggest(text)
    assert "according to" in spans(result, text, "CUE")
    speakers = relations(result, text, "SPEAKER")
    assert any(child == "Tomasz Wisniewski" for _, child in speakers)


def test_denial_by_verb_and_by_content(engine: Engine) -> None:
    text = (
        'The Home Office rejected claims that the scheme had failed. "That report is simply not true," '
        "the spokesman said."
    )
    result = engine.suggest(text)
    denials = spans(result, text, "DENIAL")
    assert "That report is simply not true," in denials
    assert any("scheme had failed" in d for d in denials)
    assert "the home office" in [s.lower() for s in spans(result, text, "ORG")]
    assert not spans(result, text, "QUOTE")


def test_question_and_negated_cue_are_not_statements(engine: Engine) -> None:
    text = "Trump did not answer whether he wanted the secretary to stay. Officials have not said why."
    result = engine.suggest(text)
    assert not spans(result, text, "QUOTE") and not spans(result, text, "CUE")


def test_scare_quotes_and_titles_are_not_quotes(engine: Engine) -> None:
    text = 'The robot, named "Better Idea", won a prize for its "innovative" design.'
    assert not spans(engine.suggest(text), text, "QUOTE")


def test_suggestions_carry_score_and_origin(engine: Engine) -> None:
    text = '"It works," said Lena Hartmann.'
    result = engine.suggest(text)
    assert result.origin.suggester == "annotator-rules" and result.origin.pipeline.startswith("en_core_web")
    assert result.origin.pipeline_version
    assert all(0 < s.score <= 1 and s.origin == result.origin for s in result.suggestions)


def test_non_bmp_characters_keep_offsets(engine: Engine) -> None:
    text = '🙂🎉 "The bakery 🥐 stays open," said Lena Hartmann.'
    result = engine.suggest(text)
    assert spans(result, text, "QUOTE") == ["The bakery 🥐 stays open,"]
    assert "Lena Hartmann" in spans(result, text, "PERSON")


def test_rules_alone_without_a_pipeline() -> None:
    engine = Engine.load("")  # an empty name means: no pipeline
    assert engine.info.missing
    text = '"We are ready," she said. Nobody else spoke.'
    result = engine.suggest(text)
    assert spans(result, text, "QUOTE") == ["We are ready,"]
    assert not spans(result, text, "PERSON")


def test_statement_never_crosses_a_paragraph_break(engine: Engine) -> None:
    text = (
        "Council denies bridge closure plan\n\nPORT ELLING — The city council has no plans to close "
        "the bridge, Mayor Ingrid Solberg said on Wednesday."
    )
    result = engine.suggest(text)
    [denial] = spans(result, text, "DENIAL")
    assert denial == "The city council has no plans to close the bridge"  # no headline, no dateline


def test_a_name_after_a_title_is_a_person_whatever_the_model_says(engine: Engine) -> None:
    # The small English model tags this name as a place; the title before it says otherwise.
    text = 'Opposition councillor Amara Okafor said the mayor was slow. "People panicked," Okafor said.'
    result = engine.suggest(text)
    assert {"Amara Okafor", "Okafor"} <= set(spans(result, text, "PERSON"))
    assert not spans(result, text, "ORG")
    assert ("Opposition councillor", "Amara Okafor") in relations(result, text, "ROLE_OF")
