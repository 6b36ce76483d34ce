"""What one annotator action costs the database, on each backend: a bound on round trips.

Each action is one write transaction whose first query reads the state and versions
it starts from and whose last reads what it left (one query each); no liveness ping.
Before this bound, an accept took 19 round trips on PostgreSQL (17 statements, a ping,
BEGIN and COMMIT), an undo 20, opening an article 23.
"""

from __future__ import annotations

from collections.abc import Callable

from round_trips import Count, counting

from annotator.core.model import (
    ArticleInput,
    ArticleRecord,
    ArticleStatus,
    Origin,
    Span,
    Suggestion,
    SuggestionSet,
)
from annotator.store import Project
from annotator.usecases.annotating import AnnotationSession

TEXT = "Senator Tom Cotton told reporters the plan was real, said Ann Smith."
ORIGIN = Origin("rules", "1")
SPANS = (
    Span(0, 7, "ROLE"),
    Span(8, 18, "PERSON"),
    Span(19, 23, "CUE"),
    Span(24, 51, "QUOTE", {"type": "indirect"}),
    Span(59, 68, "PERSON"),
)
# Round trips (statements + BEGIN and COMMIT) per action, at most. An action (and an undo)
# also counts the article's list row in its transaction, in the query that reads what it left.
BOUNDS = {"open": 6, "accept": 6, "reject": 6, "relabel": 7, "link": 7, "undo": 7, "done": 5, "poll": 3}


def test_each_action_is_one_transaction_of_few_round_trips(project: Project) -> None:
    [saved] = project.save_articles([ArticleRecord(ArticleInput(TEXT))])
    project.replace_suggestions(
        saved.article_id, SuggestionSet(ORIGIN, tuple(Suggestion(s, 0.9, ORIGIN) for s in SPANS))
    )
    session = AnnotationSession(project, "ann")
    costs: dict[str, Count] = {}

    def measure(name: str, action: Callable[[], object]) -> None:
        with counting(project.engine) as count:
            action()
        costs[name] = count

    def pending(label: str) -> str:
        return next(i.key for i in session.view.items if i.pending and i.span.label == label)

    measure("open", lambda: session.open(saved.article_id))
    measure("accept", lambda: session.accept(pending("PERSON")))
    measure("reject", lambda: session.reject(pending("ROLE")))
    person = next(i for i in session.view.items if not i.pending)
    measure("relabel", lambda: session.relabel(person.key, "ROLE"))
    measure("undo", session.undo)
    quote = pending("QUOTE")
    person_key = next(i.key for i in session.view.items if not i.pending and i.span.label == "PERSON")
    measure("link", lambda: session.link("SPEAKER", quote, person_key))
    measure("poll", session.poll)
    measure("done", session.mark_done)

    too_many = {
        name: (count.round_trips, count.sql)
        for name, count in costs.items()
        if count.round_trips > BOUNDS[name] or count.pings or count.transactions != 1
    }
    assert not too_many, too_many
    # The actions did what they say (the bounds are not met by doing nothing).
    stored = project.annotation_set(saved.article_id, "ann")
    assert {s.key for s in stored.spans} == {SPANS[1].key, SPANS[3].key}
    assert [(r.label, r.head.key, r.child.key) for r in stored.relations] == [
        ("SPEAKER", SPANS[3].key, SPANS[1].key)
    ]
    assert stored.done and session.view.status == ArticleStatus.DONE
