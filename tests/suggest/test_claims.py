"""CLAIM and DENIES: the claim a denial answers, where the article states it
(scheme.md: CLAIM is "the claim that a DENIAL answers, where the article states it")."""

from __future__ import annotations

from annotator.suggest.engine import Engine


def _denies(engine: Engine, text: str) -> set[tuple[str, str]]:
    result = engine.suggest(text)
    return {
        (
            text[r.relation.head.start : r.relation.head.end],
            text[r.relation.child.start : r.relation.child.end],
        )
        for r in result.relations
        if r.relation.label == "DENIES"
    }


def test_a_denial_in_response_to_the_reports_answers_the_plan_the_article_states(engine: Engine) -> None:
    text = (
        "LONDON — The government is considering a plan to close the northern rail line, "
        "an official said.\n\n"
        "Ministers discussed the idea at length last week.\n\n"
        "In response to the reports, a spokeswoman said: “There are no decisions at this time.”"
    )
    assert ("There are no decisions at this time.", "to close the northern rail line") in _denies(
        engine, text
    )


def test_a_denial_naming_lies_answers_the_allegations_stated_before_it(engine: Engine) -> None:
    text = (
        "The former governor was summoned to face allegations he ordered officers to destroy files.\n\n"
        "He said he would fight what he called a campaign of lies against him."
    )
    denies = _denies(engine, text)
    assert any(claim.startswith("he ordered officers to destroy files") for _, claim in denies)


def test_a_rebuttal_answers_the_charge_right_before_it(engine: Engine) -> None:
    text = (
        "“The contract was a textbook case of favouritism,” Transparency Watch said.\n\n"
        "“This was not a competitive tender,” the minister said."
    )
    assert (
        "This was not a competitive tender,",
        "The contract was a textbook case of favouritism,",
    ) in _denies(engine, text)


def test_no_claim_from_the_denier_himself_nor_from_far_away(engine: Engine) -> None:
    same = (
        "“We have always paid our taxes,” the chief executive said.\n\n"
        "“This was not a tax avoidance scheme,” the chief executive said."
    )
    assert not _denies(engine, same)
    far = (
        "“The contract was a textbook case of favouritism,” Transparency Watch said.\n\n"
        "The tender closed in May.\n\nBids came from three firms.\n\n"
        "“This was not a competitive tender,” the minister said."
    )
    assert not _denies(engine, far)


def test_a_quoted_word_of_a_denial_answers_what_the_denial_answers(engine: Engine) -> None:
    text = (
        "The mayor faces allegations that he took bribes from developers.\n\n"
        'He said he would fight what he termed an "unjust" campaign of lies.'
    )
    denies = _denies(engine, text)
    assert ("unjust", "he took bribes from developers") in denies


def test_what_a_report_is_is_no_claim_it_makes(engine: Engine) -> None:
    text = (
        "The report published on Tuesday has caused a stir in the council.\n\n"
        "“It is misleading,” the minister said of the report."
    )
    assert not _denies(engine, text)
