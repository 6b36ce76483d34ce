"""The review use case on a real project with real suggestions: every action is on
disk at once, and every action undoes and redoes."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.model import ArticleStatus, Span
from annotator.store import Project
from annotator.suggest.engine import Engine
from annotator.usecases.annotating import AnnotationSession
from annotator.usecases.importing import import_paths
from annotator.usecases.projects import open_existing
from annotator.usecases.suggesting import suggest_project
from annotator.usecases.undo import UndoStatus


@pytest.fixture
def session(project: Project, seed: Path, engine: Engine) -> AnnotationSession:
    import_paths(project, [seed])
    suggest_project(project, engine=engine)
    session = AnnotationSession(project, "alice")
    session.open(project.list_articles()[0].id)
    return session


def reopened(session: AnnotationSession) -> AnnotationSession:
    """The same annotator in a fresh session on a fresh connection: what is on disk."""
    project = open_existing(session.project.location)
    fresh = AnnotationSession(project, session.annotator)
    fresh.open(session.view.article.id)
    return fresh


def text_of(session: AnnotationSession, span: Span) -> str:
    return session.view.article.text[span.start : span.end]


def test_accept_reject_are_saved_at_once(session: AnnotationSession) -> None:
    first, second = session.view.pending[:2]
    session.accept(first.key)
    session.reject(second.key)
    fresh = reopened(session)
    accepted = [i.span for i in fresh.view.items if not i.pending]
    assert accepted == [first.span]
    assert second.span.key not in {i.span.key for i in fresh.view.items}  # rejected stays out
    assert fresh.view.status == ArticleStatus.IN_PROGRESS
    fresh.project.close()


def test_relabel_resize_create_delete(session: AnnotationSession) -> None:
    text = session.view.article.text
    person = next(i for i in session.view.pending if text_of(session, i.span) == "Rex Tillerson")
    relabelled = session.relabel(person.key, "ROLE")
    assert relabelled.name == "relabel PERSON as ROLE 'Rex Tillerson'"
    role = relabelled.view.item(relabelled.key)  # the outcome names the span it made
    assert role.span.label == "ROLE" and not role.pending and role.span.start == person.span.start
    assert relabelled.changed == {person.key, role.key}
    shrunk = session.shrink(role.key, "right")
    assert shrunk.key == role.key and text_of(session, shrunk.view.item(role.key).span) == "Rex"
    grown = session.grow(role.key, "right")
    assert text_of(session, grown.view.item(role.key).span) == "Rex Tillerson"
    start = text.index("personnel announcements")
    made = session.create(start + 2, start + 7, "CLAIM")  # a mid-word selection snaps to the whole word
    assert made.key is not None and made.key.kind == "annotation"
    claim = made.view.item(made.key)
    assert claim.span.label == "CLAIM" and claim.span.start == start
    assert text_of(session, claim.span) == "personnel" and made.name == "add CLAIM 'personnel'"
    deleted = session.delete(claim.key)
    assert deleted.key is None and deleted.changed == {claim.key}
    fresh = reopened(session)
    labels = {(i.span.label, text_of(fresh, i.span)) for i in fresh.view.items if not i.pending}
    assert labels == {("ROLE", "Rex Tillerson")}
    fresh.project.close()


def test_speaker_link_with_suggested_candidate_first(session: AnnotationSession) -> None:
    text = session.view.article.text
    quote = next(
        i for i in session.view.pending if text_of(session, i.span).startswith("There are no personnel")
    )
    candidates = session.candidates(quote.key, "SPEAKER")
    assert text_of(session, candidates[0].span) == "Sarah Huckabee Sanders"
    linked = session.link("SPEAKER", quote.key, candidates[0].key)
    view = linked.view
    [link] = [link for link in view.links if not link.pending and link.label == "SPEAKER"]
    assert linked.link == link.key and linked.key == link.head and linked.links_added == 1
    assert text_of(session, view.item(link.head).span).startswith("There are no personnel")
    assert text[view.item(link.child).span.start :].startswith("Sarah Huckabee Sanders")
    fresh = reopened(session)
    assert [link.label for link in fresh.view.links if not link.pending] == ["SPEAKER"]
    fresh.project.close()


def test_every_action_undoes_and_redoes(session: AnnotationSession) -> None:
    start_items = session.view.items
    first = session.view.pending[0]
    session.accept(first.key)
    quote = next(i for i in session.view.items if i.span.label in ("QUOTE", "DENIAL"))
    speaker = session.candidates(quote.key, "SPEAKER")[0]
    session.link("SPEAKER", quote.key, speaker.key)
    after_link = session.view.items, session.view.links
    session.mark_done()
    assert reopened(session).view.status == ArticleStatus.DONE
    session.undo()  # done
    session.undo()  # link
    assert not [link for link in session.view.links if not link.pending]
    session.undo()  # accept
    assert session.view.items == start_items
    assert reopened(session).view.items == start_items
    session.redo()
    session.redo()
    assert (session.view.items, session.view.links) == after_link
    session.redo()
    assert reopened(session).view.status == ArticleStatus.DONE
    assert not session.can_redo


def test_accept_all_takes_spans_and_suggested_relations(session: AnnotationSession) -> None:
    pending = len(session.view.pending)
    view = session.accept_all().view
    assert not view.pending and len(view.items) == pending
    assert any(link.label == "SPEAKER" and not link.pending for link in view.links)
    session.undo()
    assert len(session.view.pending) == pending


def test_bad_requests_are_refused(session: AnnotationSession) -> None:
    item = session.view.pending[0]
    with pytest.raises(AnnotatorError, match="unknown label"):
        session.relabel(item.key, "VILLAIN")
    with pytest.raises(AnnotatorError, match="outside the text"):
        session.resize(item.key, 0, 10**9)
    gap = session.view.article.text.index("\n\n")
    with pytest.raises(AnnotatorError, match="no word"):
        session.create(gap, gap + 2, "PERSON")


def test_undo_after_another_writer_took_the_deleted_id(session: AnnotationSession) -> None:
    """SQLite hands out a deleted row's id again; undo must still bring the span back."""
    from annotator.core.model import AnnotationSet, ArticleInput, ArticleRecord

    first = session.view.pending[0]
    outcome = session.accept(first.key)
    accepted = outcome.view.item(outcome.key)
    assert accepted.span == first.span and not accepted.pending
    session.delete(accepted.key)
    # Another writer (an import, a merge, a second window) gets the freed id.
    other = AnnotationSet("bob", (Span(0, 5, "PERSON"),), ())
    session.project.save_articles([ArticleRecord(ArticleInput(session.view.article.text), other)])
    bob = session.project.annotation_set(session.view.article.id, "bob").spans
    assert bob == (Span(0, 5, "PERSON"),)
    session.undo()
    assert first.span in [i.span for i in session.view.items if not i.pending]
    assert session.project.annotation_set(session.view.article.id, "bob").spans == bob
    session.redo()
    assert first.span not in [i.span for i in session.view.items if not i.pending]


def test_a_deletion_reaches_the_lead_through_merge(tmp_path: Path, seed: Path) -> None:
    from annotator.usecases.merging import merge_projects
    from annotator.usecases.projects import new_project

    alice_path, lead_path = tmp_path / "alice.annotator", tmp_path / "lead.annotator"
    with new_project(alice_path) as alice_project:
        import_paths(alice_project, [seed])
        alice = AnnotationSession(alice_project, "alice")
        alice.open(alice_project.list_articles()[0].id)
        alice.create(0, 10, "PERSON")
        doomed = alice.create(17, 22, "PERSON").key
        new_project(lead_path).close()
        with open_existing(str(lead_path)) as lead:
            merge_projects(lead, [alice_path])
            [row] = lead.list_articles()
            assert len(lead.annotation_set(row.id, "alice").spans) == 2
        assert doomed is not None and alice.view.item(doomed).span.start == 17
        alice.delete(doomed)
    with open_existing(str(lead_path)) as lead:
        merge_projects(lead, [alice_path])
        [row] = lead.list_articles()
        assert [s.start for s in lead.annotation_set(row.id, "alice").spans] == [0]


def test_resizing_onto_an_existing_span_keeps_its_relations(session: AnnotationSession) -> None:
    text = session.view.article.text
    start = text.index("There are no personnel announcements")
    short = session.create(start + 13, start + 36, "QUOTE")  # "personnel announcements"
    small = short.view.item(short.key)  # type: ignore[arg-type]
    assert (small.span.start, small.span.label) == (start + 13, "QUOTE")
    whole = session.create(start, start + 36, "QUOTE").key  # the whole clause, already there
    speaker = next(
        i for i in session.view.items if text[i.span.start : i.span.end] == "Sarah Huckabee Sanders"
    )
    session.link("SPEAKER", small.key, speaker.key)
    resized = session.resize(small.key, start, start + 36)  # now the same span as the other one
    assert resized.key == whole  # the span that holds it now
    view = resized.view
    quotes = [i for i in view.items if not i.pending and i.span.label == "QUOTE" and i.span.start == start]
    assert len(quotes) == 1
    [link] = [lk for lk in view.links if not lk.pending and lk.label == "SPEAKER"]
    assert link.head == quotes[0].key
    assert text[view.item(link.child).span.start : view.item(link.child).span.end] == "Sarah Huckabee Sanders"


def test_suggestions_replaced_meanwhile_are_never_confused(session: AnnotationSession) -> None:
    from annotator.core.model import Origin, Suggestion, SuggestionSet

    shown = session.view.pending[0]
    origin = Origin("annotator-rules", "9.9")
    fresh = SuggestionSet(origin, (Suggestion(Span(0, 10, "CUE"), 0.5, origin),))
    session.project.replace_suggestions(session.view.article.id, fresh)  # a background run
    outcome = session.reject(shown.key)
    assert outcome.reloaded and "refreshed" in (outcome.refused or "")
    assert outcome.view is session.view and outcome.row.pending == 1
    assert [i.span for i in session.view.pending] == [Span(0, 10, "CUE")]
    assert not store_spans(session)


def store_spans(session: AnnotationSession) -> list[Span]:
    """Every row the annotator has on the article, rejected ones included."""
    return [s.span for s in session.work.state(session.view.article.id).spans]


def test_undo_refuses_over_another_sessions_later_write(session: AnnotationSession) -> None:
    other = reopened(session)  # a second window: same annotator, own connection
    first, second = session.view.pending[:2]
    session.accept(first.key)
    assert other.poll()  # the other window learns of it
    assert first.span.key in {i.span.key for i in other.view.items if not i.pending}
    assert other.poll() is False  # once
    other.accept(next(i.key for i in other.view.pending if i.span.key == second.span.key))
    refused = session.undo()
    assert "changed in another window or process" in (refused.refused or "")  # type: ignore[union-attr]
    kept = {i.span.key for i in reopened(session).view.items if not i.pending}
    assert {i.span.key for i in session.view.items if not i.pending} == kept  # shows what is stored
    assert kept == {first.span.key, second.span.key}
    assert not session.can_undo  # the refused step is gone, not retried over the other's work
    assert {i.span.key for i in session.view.items if not i.pending} == kept
    other.undo()  # the other's own last step, nobody wrote after it: undone
    assert {i.span.key for i in reopened(session).view.items if not i.pending} == {first.span.key}
    other.project.close()


def test_accept_takes_suggested_links_to_accepted_spans_only(session: AnnotationSession) -> None:
    view = session.view
    quote = next(i for i in view.pending if view.words(i).startswith("There are no personnel"))
    speaker = next(o for lk, o in view.linked(quote.key) if lk.label == "SPEAKER")
    outcome = session.accept(quote.key)  # the speaker is still a suggestion: no link yet
    assert not [lk for lk in outcome.view.links if not lk.pending] and outcome.links_added == 0
    outcome = session.accept(next(i.key for i in outcome.view.pending if i.span.key == speaker.span.key))
    assert [lk.label for lk in outcome.view.links if not lk.pending] == ["SPEAKER"]
    assert outcome.links_added == 1
    session.undo()
    assert not [lk for lk in session.view.links if not lk.pending]


def test_pending_on_screen_is_the_lists_even_for_a_suggested_span_typed_by_hand(
    session: AnnotationSession,
) -> None:
    """Typing by hand a span the suggester offers takes it off the pending list: the
    screen, the outcome's row and the whole list say the same count."""
    from annotator.usecases.article_list import article_list

    view = session.view
    suggested = next(i for i in view.pending if i.span.label == "PERSON")
    before = len(view.pending)
    outcome = session.create(suggested.span.start, suggested.span.end, "PERSON")
    assert suggested.key not in outcome.view.by_key  # the suggestion is the typed span now
    assert len(outcome.view.pending) == before - 1
    [listed] = [r for r in article_list(session.project, "alice") if r.id == view.article.id]
    assert outcome.row == listed
    assert listed.pending == len(outcome.view.pending) and listed.accepted == 1
    undone = session.undo()
    assert undone.row.pending == before == len(undone.view.pending)  # type: ignore[union-attr]


def test_every_outcome_names_its_step_for_the_edit_menu(session: AnnotationSession) -> None:
    person = next(i for i in session.view.pending if text_of(session, i.span) == "Rex Tillerson")
    outcome = session.accept(person.key)
    assert outcome.name == "accept PERSON 'Rex Tillerson'" == session.undo_stack.status().undo
    assert outcome.row.pending == len(outcome.view.pending) and outcome.row.accepted == 1
    assert outcome.changed == {person.key, outcome.key}
    assert session.undo_stack.status().redo is None
    undone = session.undo()
    assert (undone.verb, undone.name) == ("undone", "accept PERSON 'Rex Tillerson'")  # type: ignore[union-attr]
    assert undone.key == person.key  # type: ignore[union-attr]  # back on the suggestion
    assert session.undo_stack.status() == UndoStatus(None, "accept PERSON 'Rex Tillerson'")


def test_done_at_once_on_a_todo_article_stays_done(session: AnnotationSession) -> None:
    done = session.mark_done()  # the article was todo: no key pressed on it before
    assert done.view.status == ArticleStatus.DONE == done.row.status
    assert reopened(session).view.status == ArticleStatus.DONE


def test_the_list_of_someone_new_creates_no_annotator_and_shows_every_suggestion_pending(
    session: AnnotationSession,
) -> None:
    from annotator.usecases.article_list import article_list

    before = session.project.annotators()
    rows = {r.id: r for r in article_list(session.project, "newcomer")}
    assert session.project.annotators() == before  # reading the list wrote nothing
    view = session.view
    assert rows[view.article.id].pending == len(view.pending) and rows[view.article.id].accepted == 0


def test_undoing_a_deletion_brings_back_the_span_and_its_links_and_leaves_the_rest(
    session: AnnotationSession,
) -> None:
    quote = next(i for i in session.view.pending if i.span.label in ("QUOTE", "DENIAL"))
    speaker = session.candidates(quote.key, "SPEAKER")[0]
    session.link("SPEAKER", quote.key, speaker.key)
    other = next(i for i in session.view.pending if i.key not in (quote.key, speaker.key))
    session.accept(other.key)
    before = reopened(session).view
    stored_before = session.project.annotation_set(before.article.id, session.annotator)
    speaker_now = next(i for i in session.view.items if i.span == speaker.span and not i.pending)
    session.delete(speaker_now.key)  # the link goes with it
    assert not [link for link in session.view.links if not link.pending]
    session.undo()
    after = reopened(session).view
    assert (after.items, after.links) == (before.items, before.links)
    assert session.project.annotation_set(before.article.id, session.annotator) == stored_before
