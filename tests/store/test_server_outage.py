"""The server goes away in the middle of work: one clear line, nothing lost, and the same
session carries on by itself once the server is back (no reopening)."""

from __future__ import annotations

import pytest
from postgres_server import NoServer, required, running_server, wait_until_ready

from annotator.core.errors import AnnotatorError
from annotator.core.model import ArticleInput, ArticleRecord, Origin, Span, Suggestion, SuggestionSet
from annotator.usecases.annotating import AnnotationSession
from annotator.usecases.projects import new_project, open_existing

TEXT = "Senator Tom Cotton told reporters the plan was real."
ORIGIN = Origin("rules", "1")


def test_an_outage_refuses_the_action_visibly_then_work_goes_on() -> None:
    try:
        context = running_server()
        server = context.__enter__()
    except NoServer as exc:
        if required():
            pytest.fail(f"{exc}; CI requires them")
        pytest.skip(str(exc))
    try:
        with server.admin() as conn:
            conn.execute("CREATE DATABASE outage")
        url = server.url("outage")
        with new_project(url) as project:
            [saved] = project.save_articles([ArticleRecord(ArticleInput(TEXT))])
            spans = (Span(0, 7, "ROLE"), Span(8, 18, "PERSON"))
            project.replace_suggestions(
                saved.article_id, SuggestionSet(ORIGIN, tuple(Suggestion(s, 0.9, ORIGIN) for s in spans))
            )
        with open_existing(url) as project:
            session = AnnotationSession(project, "ann")
            view = session.open(saved.article_id)
            first, second = (i.key for i in view.items)
            session.accept(first)  # shown as saved
            server.executor.stop()
            with pytest.raises(AnnotatorError) as refused:
                session.accept(second)
            message = str(refused.value)
            assert "the server cannot be reached" in message and "this action was not saved" in message
            assert "\n" not in message
            server.executor.start()
            wait_until_ready(server)
            session.accept(second)  # the same session, new connections: no reopening
            # A restart between two actions: the pooled connection is dead; the pool
            # finds it so (no ping on every action, see store/engine.py) and the next
            # action goes through on a new one, with no error shown.
            server.executor.stop()
            server.executor.start()
            wait_until_ready(server)
            session.mark_done()
        with open_existing(url) as project:
            stored = project.annotation_set(saved.article_id, "ann")
        assert stored.spans == spans
        assert stored.done
    finally:
        context.__exit__(None, None, None)
