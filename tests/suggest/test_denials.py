"""Denials found by meaning, not only by "deny": dismissive words, negated statements
of fact, and DENIES to the claim when the article states it."""

from __future__ import annotations

import pytest

from annotator.suggest.engine import Engine


def _found(engine: Engine, text: str) -> tuple[set[tuple[str, str]], set[tuple[str, str, str]]]:
    result = engine.suggest(text)
    spans = {(s.span.label, text[s.span.start : s.span.end]) for s in result.suggestions}
    relations = {
        (
            r.relation.label,
            text[r.relation.head.start : r.relation.head.end],
            text[r.relation.child.start : r.relation.child.end],
        )
        for r in result.relations
    }
    return spans, relations


def test_negated_statement_of_fact_is_a_denial_of_the_claim(engine: Engine) -> None:
    text = (
        "Newspapers reported that the minister was forced to resign by her party.\n\n"
        "“She was never forced to resign by anyone,” her lawyer said on Monday."
    )
    spans, relations = _found(engine, text)
    assert ("DENIAL", "She was never forced to resign by anyone,") in spans
    assert ("QUOTE", "She was never forced to resign by anyone,") not in spans
    assert ("CLAIM", "the minister was forced to resign by her party") in spans
    assert (
        "DENIES",
        "She was never forced to resign by anyone,",
        "the minister was forced to resign by her party",
    ) in relations


def test_dismissive_word_makes_a_denial(engine: Engine) -> None:
    text = "A spokesman for the ministry said the claim was “completely ridiculous” and untrue."
    spans, _ = _found(engine, text)
    assert any(label == "DENIAL" for label, _ in spans)
    assert not any(label == "QUOTE" for label, _ in spans)


def test_negated_copula_denies(engine: Engine) -> None:
    text = "“It wasn't particularly sensitive,” the official said of the leaked letter."
    spans, _ = _found(engine, text)
    assert ("DENIAL", "It wasn't particularly sensitive,") in spans


def test_what_someone_will_not_do_is_no_denial(engine: Engine) -> None:
    text = "“I will not stand for election again,” the mayor said on Friday."
    spans, _ = _found(engine, text)
    assert ("QUOTE", "I will not stand for election again,") in spans
    assert not any(label == "DENIAL" for label, _ in spans)


def test_a_subject_denied_outright_is_a_denial(engine: Engine) -> None:
    text = "The club said no payment had ever been made to the striker in cash."
    spans, _ = _found(engine, text)
    assert ("DENIAL", "no payment had ever been made to the striker in cash") in spans


def test_a_denial_naming_the_claim_answers_the_statement_before_it(engine: Engine) -> None:
    text = "The paper reported that the minister had hidden the loans. A spokesman said the claim was untrue."
    spans, relations = _found(engine, text)
    assert ("CLAIM", "the minister had hidden the loans") in spans
    assert ("DENIES", "the claim was untrue", "the minister had hidden the loans") in relations


def test_a_denial_answers_no_claim_of_its_own_source(engine: Engine) -> None:
    text = "The council said the road would reopen in May. It later said the claim was untrue."
    spans, relations = _found(engine, text)
    assert ("DENIAL", "the claim was untrue") in spans
    assert not any(label == "DENIES" for label, _, _ in relations)


@pytest.mark.parametrize(
    ("text", "denial"),
    [
        # a claim called wrong or empty, without "deny"
        ("The Home Office said the claims were inaccurate.", "the claims were inaccurate"),
        ("“This is scaremongering,” the MP said.", "This is scaremongering,"),
        (
            "The company said the accusations were without foundation.",
            "the accusations were without foundation",
        ),
        ("He insisted he had done nothing wrong.", "he had done nothing wrong"),
        # a negated statement of fact, and a content that is itself a rejection
        (
            "“At no point did we mislead the public,” the chief executive said.",
            "At no point did we mislead the public,",
        ),
        (
            "“We reject that characterisation entirely,” a spokeswoman said.",
            "We reject that characterisation entirely,",
        ),
        # a denial verb's object, however short, and what its participle adds
        ("The minister dismissed the report as speculation.", "the report"),
        ("The company rejected the allegations, saying it had always followed the law.", "the allegations"),
        (
            "The company rejected the allegations, saying it had always followed the law.",
            "it had always followed the law",
        ),
        ("He denied wrongdoing.", "wrongdoing"),
        # a participle beside the cue that dismisses
        (
            "A Home Office spokesman, calling the claims ridiculous, said the centre was safe.",
            "the centre was safe",
        ),
        (
            "Dismissing the allegations, the minister said the contract had been properly awarded.",
            "the contract had been properly awarded",
        ),
        # a refusal to confirm (declining to comment is none: below)
        ("Downing Street refused to confirm the report.", "to confirm the report"),
    ],
)
def test_denials_worded_without_deny(engine: Engine, text: str, denial: str) -> None:
    spans, _ = _found(engine, text)
    assert ("DENIAL", denial) in spans
    assert ("QUOTE", denial) not in spans


@pytest.mark.parametrize(
    "text",
    [
        "Congressional lawmakers rejected the proposal in October.",  # a vote, not a statement
        "The palace declined to comment on the claims.",  # scheme.md: no denial
        "Calling for calm, the mayor said the city would recover.",
        "Critics blame the officials for denying them entry to the country.",  # a refusal
        "The panel is made up of five judges, the court said.",
        "The report said the government had been misleading voters for years.",  # an accusation
    ],
)
def test_no_denial_where_nothing_is_denied(engine: Engine, text: str) -> None:
    spans, _ = _found(engine, text)
    assert not any(label == "DENIAL" for label, _ in spans)


@pytest.mark.parametrize(
    "text",
    [
        "“Don't train your little girls to be feminists,” she said.",  # no subject: it tells
        "“I don't think it is necessary for him to go to jail,” he said.",  # an opinion
        "“Mexican citizens don't want to go there,” the mayor said.",  # a wish, of others
        "“Voters consistently reject establishment candidates,” he said.",  # not the speaker's rejection
        "Cruz said Obama's new actions on guns aren't worth the paper they're written on.",  # a third party
    ],
)
def test_a_negated_opinion_or_criticism_is_no_denial(engine: Engine, text: str) -> None:
    spans, _ = _found(engine, text)
    assert not any(label == "DENIAL" for label, _ in spans)
