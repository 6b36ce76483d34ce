"""ROLE mentions beyond titles before names: role nouns from WordNet, bare roles with
a determiner, titles after a name, and titles completed by a common noun."""

from __future__ import annotations

import pytest

from annotator.suggest.engine import Engine
from annotator.suggest.lexicon import ROLE_WORDS


def _spans(engine: Engine, text: str) -> set[tuple[str, str]]:
    return {(s.span.label, text[s.span.start : s.span.end]) for s in engine.suggest(text).suggestions}


def _role_of(engine: Engine, text: str) -> set[tuple[str, str]]:
    relations = [r.relation for r in engine.suggest(text).relations if r.relation.label == "ROLE_OF"]
    return {(text[r.head.start : r.head.end], text[r.child.start : r.child.end]) for r in relations}


@pytest.mark.parametrize("noun", ["barrister", "detective", "homeopath", "interviewer", "attorney", "judge"])
def test_role_nouns_named_as_missed_are_in_the_lexicon(noun: str) -> None:
    assert noun in ROLE_WORDS and noun + "s" in ROLE_WORDS


@pytest.mark.parametrize("name", ["baker", "hunter", "monitor", "calculator", "critic"])
def test_surnames_machines_and_sides_are_no_role_nouns_from_wordnet(name: str) -> None:
    from annotator.resources import lexicon

    assert name not in lexicon("role_nouns_wordnet")


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("The barrister argued that the evidence against her was weak.", "barrister"),
        ("Later that night a detective knocked on the door of the flat.", "detective"),
        ("Her homeopath had advised against the vaccine for years.", "homeopath"),
    ],
)
def test_a_role_noun_with_a_determiner_is_a_role(engine: Engine, text: str, role: str) -> None:
    assert ("ROLE", role) in _spans(engine, text)


def test_a_plural_role_noun_that_only_acts_is_left_alone(engine: Engine) -> None:
    text = "The two brothers were questioned by prosecutors in the capital on Sunday."
    assert not [s for s in _spans(engine, text) if s[0] == "ROLE"]


@pytest.mark.parametrize(
    ("text", "role", "person"),
    [
        ("Michael Brandt QC told the court that his client had been misled.", "QC", "Michael Brandt"),
        ("Kate Osborne MP said the vote had been a farce.", "MP", "Kate Osborne"),
    ],
)
def test_a_title_after_the_name_is_its_role(engine: Engine, text: str, role: str, person: str) -> None:
    assert (role, person) in _role_of(engine, text)
    assert ("PERSON", person) in _spans(engine, text)


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("The head of customs said the queues would ease by Friday.", "head of customs"),
        ("The interviewer asked whether the minister for health would resign.", "minister for health"),
    ],
)
def test_a_bare_common_noun_completes_a_title(engine: Engine, text: str, role: str) -> None:
    assert ("ROLE", role) in _spans(engine, text)


def _speaker_of(engine: Engine, text: str) -> set[str]:
    relations = [r.relation for r in engine.suggest(text).relations if r.relation.label == "SPEAKER"]
    return {text[r.child.start : r.child.end] for r in relations}


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Mr. Tom Brandt met Anna Kowalski on Monday. She said the deal was close.", "Anna Kowalski"),
        ("Mrs. Ellen Marsh met Tom Brandt on Monday. He said the deal was close.", "Tom Brandt"),
    ],
)
def test_a_pronoun_passes_over_a_person_of_the_other_gender(engine: Engine, text: str, speaker: str) -> None:
    assert _speaker_of(engine, text) == {speaker}


def test_a_pronoun_after_an_unnamed_speaker_stands_for_that_role(engine: Engine) -> None:
    text = (
        "Mayor Tom Brandt opened the bridge on Monday. A police spokesman said the road was safe. "
        "He added that more patrols would follow."
    )
    relations = [r.relation for r in engine.suggest(text).relations if r.relation.label == "SPEAKER"]
    found = {(text[r.head.start : r.head.end], text[r.child.start : r.child.end]) for r in relations}
    assert ("more patrols would follow", "police spokesman") in found


def test_a_pronoun_after_unnamed_officials_is_no_one_of_them(engine: Engine) -> None:
    text = (
        "Mayor Tom Brandt opened the bridge on Monday. Police officials said the road was safe. "
        "He added that more patrols would follow."
    )
    relations = [r.relation for r in engine.suggest(text).relations if r.relation.label == "SPEAKER"]
    found = {(text[r.head.start : r.head.end], text[r.child.start : r.child.end]) for r in relations}
    assert ("more patrols would follow", "Police officials") not in found


def test_a_title_naming_whose_it_is_is_a_role_inside_a_quotation(engine: Engine) -> None:
    text = "“I read with disgust the article from the new EADS CEO of North America,” the email said."
    assert ("ROLE", "EADS CEO of North America") in _spans(engine, text)


@pytest.mark.parametrize(
    "text",
    [
        "“It was favouritism to a single defence contractor,” the group said.",
        "“The full fuselage trainer will come here,” she said.",
        "“We will ask the president,” she said.",
    ],
)
def test_a_common_role_noun_in_someone_s_words_is_no_role(engine: Engine, text: str) -> None:
    spans = _spans(engine, text)
    quoted = text.split("”")[0]
    assert not [w for label, w in spans if label == "ROLE" and w in quoted]


@pytest.mark.parametrize(
    ("text", "role"),
    [
        (
            "Neil Basu, the Met's head of counter-terrorism, said the threat was severe.",
            "head of counter-terrorism",
        ),
        ("Dr Ann Smith, a GP in Leeds, said patients were waiting longer.", "GP"),
    ],
)
def test_titles_of_british_news(engine: Engine, text: str, role: str) -> None:
    assert ("ROLE", role) in _spans(engine, text)
