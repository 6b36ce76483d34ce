"""Sources that are no person: documents and organisations named by a common noun,
and people named by their side; cue verbs from the shipped word lists."""

from __future__ import annotations

import pytest

from annotator.suggest.engine import Engine


def _speakers(engine: Engine, text: str) -> set[tuple[str, str, str]]:
    result = engine.suggest(text)
    return {
        (
            r.relation.child.label,
            text[r.relation.child.start : r.relation.child.end],
            text[r.relation.head.start : r.relation.head.end],
        )
        for r in result.relations
        if r.relation.label == "SPEAKER"
    }


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "A leaked letter says the ministry knew of the problem for years.",
            "A leaked letter",
            "the ministry knew of the problem for years",
        ),
        (
            "A study published on Monday found that most patients recovered quickly.",
            "A study",
            "most patients recovered quickly",
        ),
        (
            "The report concluded that the police had acted properly.",
            "The report",
            "the police had acted properly",
        ),
    ],
)
def test_a_document_with_no_author_is_the_source(
    engine: Engine, text: str, speaker: str, content: str
) -> None:
    assert ("ORG", speaker, content) in _speakers(engine, text)


def test_finding_is_no_cue_for_a_person(engine: Engine) -> None:
    text = "He found that the door was open when he came home."
    assert not [s for s in engine.suggest(text).suggestions if s.span.label in ("CUE", "QUOTE")]


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        ("Two judges ruled that the law was void.", "judges", "the law was void"),
        (
            "Investigators found that the pilot had been drinking.",
            "Investigators",
            "the pilot had been drinking",
        ),
    ],
)
def test_a_finding_by_judges_or_investigators_is_a_statement(
    engine: Engine, text: str, speaker: str, content: str
) -> None:
    assert ("ROLE", speaker, content) in _speakers(engine, text)


def test_people_named_by_their_side_speak_as_a_role(engine: Engine) -> None:
    text = "Critics said the plan would raise rents across the city."
    assert ("ROLE", "Critics", "the plan would raise rents across the city") in _speakers(engine, text)


def test_cue_verb_from_the_corpus_evidence(engine: Engine) -> None:
    text = "The letter reads: “We cannot go on like this.”"
    result = engine.suggest(text)
    spans = {(s.span.label, text[s.span.start : s.span.end]) for s in result.suggestions}
    assert ("CUE", "reads") in spans and ("QUOTE", "We cannot go on like this.") in spans


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        # who is told is no speaker, nor a date after the cue; a name with an age is a person
        (
            "Hours later, Smith praised the plan, telling Reuters, “We have been friends for a long time.”",
            "Smith",
            "We have been friends for a long time.",
        ),
        (
            "“We were wrong not to confront him from the start,” Ramos, 58, told AFP in an interview.",
            "Ramos",
            "We were wrong not to confront him from the start,",
        ),
        (
            "Anna Ruiz, in Kentucky, said Tuesday that the senator was a lightweight.",
            "Anna Ruiz",
            "the senator was a lightweight",
        ),
        # a dateline is no subject
        (
            "LONDON (AFP) – Helen Clark has criticised the ruling, saying that the judges had gone too far.",
            "Helen Clark",
            "the judges had gone too far",
        ),
    ],
)
def test_the_speaker_is_neither_the_listener_a_date_nor_a_dateline(
    engine: Engine, text: str, speaker: str, content: str
) -> None:
    found = _speakers(engine, text)
    assert ("PERSON", speaker, content) in found
    assert not {who for _, who, what in found if what == content} - {speaker}


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        ("The victim's family said they were devastated.", "family", "they were devastated"),
        ("“He was a kind man,” a friend said.", "friend", "He was a kind man,"),
    ],
)
def test_people_named_by_their_tie_to_someone_speak_as_a_role(
    engine: Engine, text: str, speaker: str, content: str
) -> None:
    assert ("ROLE", speaker, content) in _speakers(engine, text)


def test_a_document_that_says_is_the_source_through_its_relative_clause(engine: Engine) -> None:
    text = "The BBC has seen a document which says the plan was dropped."
    assert ("ORG", "a document", "the plan was dropped") in _speakers(engine, text)


def test_the_author_of_a_study_is_its_source(engine: Engine) -> None:
    text = "The government's own figures show that waiting lists have grown."
    assert ("ORG", "The government", "waiting lists have grown") in _speakers(engine, text)


def test_organisations_speaking_together_are_each_an_org(engine: Engine) -> None:
    text = "Both the school district and the police department have said that the boy was not a suspect."
    result = engine.suggest(text)
    orgs = {text[s.span.start : s.span.end] for s in result.suggestions if s.span.label == "ORG"}
    assert {"the school district", "the police department"} <= orgs


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "The Times quoted a senior official as saying that the talks had failed.",
            "official",
            "the talks had failed",
        ),
        (
            "According to Yonhap news agency, quoting the state news agency KCNA, the army was put on alert.",
            "KCNA",
            "the army was put on alert",
        ),
    ],
)
def test_the_source_a_relaying_source_quotes_is_the_speaker(
    engine: Engine, text: str, speaker: str, content: str
) -> None:
    found = {(who, what) for _, who, what in _speakers(engine, text)}
    assert any(who.endswith(speaker) and content in what for who, what in found)
    assert not any(who in ("The Times", "Yonhap news agency") for who, _ in found)


def test_an_office_is_no_person(engine: Engine) -> None:
    text = (
        "The Home Office said it would review the case. “We take this seriously,” a spokesman said. "
        "He added that a review would follow."
    )
    found = _speakers(engine, text)
    assert ("ROLE", "spokesman", "a review would follow") in found
    assert not any(label == "PERSON" for label, _, _ in found)


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "The Clinton campaign said the report was unfair to her.",
            "The Clinton campaign",
            "the report was unfair to her",
        ),
        (
            "The Jeb Bush campaign said the new ad was fair.",
            "The Jeb Bush campaign",
            "the new ad was fair",
        ),
        (
            "The Washington Post reported that the senator had quit.",
            "The Washington Post",
            "the senator had quit",
        ),
    ],
)
def test_an_organisation_named_after_a_person_or_a_post_is_the_source(
    engine: Engine, text: str, speaker: str, content: str
) -> None:
    # PolNeAR train: a person's campaign (not the person) and a newspaper called
    # "Post" (not a blog post) speak as an ORG.
    assert ("ORG", speaker, content) in _speakers(engine, text)


def test_a_named_agency_in_apposition_stays_the_source(engine: Engine) -> None:
    text = (
        "According to Yonhap news agency, quoting North Korea's main news agency Korean "
        "Central News Agency (KCNA), the country's military has been placed on high alert."
    )
    speakers = _speakers(engine, text)
    assert any(s == "Korean Central News Agency" for _, s, _ in speakers), speakers
    assert not any("main news agency" in s for _, s, _ in speakers), speakers
