"""Two laptops push to one server at the same moment, with overlapping articles: the server
ends as the merge rules say (articles once each, the side changed last wins), with no error,
and pushing again changes nothing.

Four pushes run at once in threads, each with its own engines (as separate processes
would): two copies of a lead's project (the same annotator by uid, work that diverged
after the copy, 20 new texts in common), and annotators A and B with their own work on
the server's article. The expected state is what the same pushes give one after the
other, into a SQLite project.

The races are made to happen, not hoped for: the administrator holds the annotators and
articles tables locked until both lead pushes wait to insert the same annotator, then the
same article; released, both insert at once and one of them meets the other's row.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from postgres_server import Server
from server_team import TEXT, Team
from sqlalchemy.engine import make_url

from annotator.core.model import ArticleInput, ArticleRecord
from annotator.store import Project
from annotator.store.syncing import SyncReport, sync
from annotator.usecases.annotating import AnnotationSession, save_copy
from annotator.usecases.projects import new_project, open_existing
from annotator.usecases.syncing import pull, push

SHARED = [f"Plain text number {n}, said the clerk." for n in range(20)]
BOTH = ["Article four: Maria Lopez said the plan was final.", "Article five: John Smith told reporters no."]
ONLY_FIRST = "Article seven: Anna Berg said it again."
ONLY_SECOND = "Article six: Peter Kahn added more."


def work(project: Project) -> dict[tuple[str, str], Any]:
    """(annotator, text) -> accepted spans, relations, status: what the merge rules decide."""
    out: dict[tuple[str, str], Any] = {}
    for summary in project.list_articles():
        text = project.article(summary.id).text
        for name, status in summary.statuses.items():
            got = project.annotation_set(summary.id, name)
            spans = sorted(s.key for s in got.spans)
            relations = sorted((r.label, r.head.key, r.child.key) for r in got.relations)
            if spans or relations or status.value != "todo":
                out[(name, text)] = (spans, relations, status.value)
    return out


def texts(project: Project) -> list[str]:
    return sorted(project.article(a.id).text for a in project.list_articles())


def annotate(path: Path, name: str, text: str, start: int, end: int, label: str, done: bool = False) -> None:
    with open_existing(path) as project:
        session = AnnotationSession(project, name)
        session.open(project.find_article(text) or 0)
        session.create(start, end, label)
        if done:
            session.mark_done()


class TableLock:
    """The administrator holds ``table`` locked against writes (reads go on) until released."""

    QUERY = (
        "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity s ON s.pid = l.pid "
        "WHERE NOT l.granted AND l.relation = %s::regclass AND s.usename = %s"
    )

    def __init__(self, server: Server, database: str, table: str) -> None:
        self.server, self.database, self.table = server, database, table
        self.conn = self._connect()
        self.conn.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")

    def _connect(self) -> psycopg.Connection:
        return psycopg.connect(
            host=self.server.host, port=self.server.port, user="postgres", dbname=self.database
        )

    def wait_for(self, login: str, n: int, going: Callable[[], bool]) -> None:
        """Until ``n`` sessions of ``login`` wait on the lock (while ``going()`` holds)."""
        with self._connect() as watch:
            pause = threading.Event()
            for _ in range(3000):  # at most a minute
                if watch.execute(self.QUERY, (self.table, login)).fetchone() == (n,):
                    return
                if not going():
                    raise AssertionError(f"a push ended (or failed) before it waited on {self.table}")
                watch.rollback()
                pause.wait(0.02)  # a condition polled, as qtbot.waitUntil does
        raise AssertionError(f"the pushes never came to wait on {self.table}")

    def release(self) -> None:
        if not self.conn.closed:
            self.conn.commit()
            self.conn.close()


def at_once(
    calls: list[Callable[[], SyncReport]],
    between: Callable[[list[threading.Thread]], None] | None = None,
) -> list[SyncReport]:
    """Run the pushes in threads released together (``between`` runs while they do);
    every error is kept and raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(n: int) -> None:
        barrier.wait()
        try:
            results[n] = calls[n]()
        except BaseException as exc:  # noqa: BLE001 - reported below, with the others
            results[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for t in threads:
        t.start()
    stalled: AssertionError | None = None
    try:
        if between is not None:
            between(threads)
    except AssertionError as exc:
        stalled = exc  # the pushes' own errors say why
    finally:
        for t in threads:
            t.join()
    errors = [r for r in results if isinstance(r, BaseException)]
    assert not errors, errors
    assert stalled is None, stalled
    return results


def test_concurrent_pushes_end_as_the_merge_rules_say(
    team: Team, tmp_path: Path, postgresql_server: Server
) -> None:
    lead, a, b = team.names
    # The lead's project, copied to a second laptop; then both go on separately.
    first, second = tmp_path / "lead-1.annotator", tmp_path / "lead-2.annotator"
    with new_project(first) as project:
        project.save_articles([ArticleRecord(ArticleInput(t)) for t in [*SHARED, *BOTH, ONLY_FIRST]])
    annotate(first, "carol", BOTH[0], 14, 25, "PERSON", done=True)
    annotate(first, "carol", BOTH[1], 14, 24, "PERSON")
    with open_existing(first) as project:
        save_copy(project, second)
        project.save_articles([ArticleRecord(ArticleInput(ONLY_FIRST))])
    annotate(first, "carol", ONLY_FIRST, 15, 25, "PERSON")
    with open_existing(second) as project:
        project.save_articles([ArticleRecord(ArticleInput(ONLY_SECOND))])
    annotate(second, "carol", ONLY_SECOND, 14, 24, "PERSON")
    annotate(second, "carol", BOTH[1], 25, 29, "CUE", done=True)  # later than the first laptop's
    # A and B each have their own laptop, pulled from the server, with work on its article.
    laptops = {a: tmp_path / "a.annotator", b: tmp_path / "b.annotator"}
    logins = {a: team.a, b: team.b}
    for name, laptop in laptops.items():
        pull(logins[name], laptop)
    annotate(laptops[a], a, TEXT, 34, 42, "QUOTE")
    annotate(laptops[b], b, TEXT, 8, 18, "PERSON", done=True)

    # What the rules give, one push after the other, into a project of our own.
    with open_existing(team.lead) as server:
        server_before = work(server)
    reference = tmp_path / "reference.annotator"
    with new_project(reference) as expected:
        for laptop in (first, second):
            with open_existing(laptop) as source:
                sync(expected, source, laptop.stem)
        for laptop in (second, first):  # the other order: the same answer
            with open_existing(laptop) as source:
                sync(expected, source, laptop.stem)
        lead_work = work(expected)
        lead_texts = texts(expected)
    with open_existing(laptops[a]) as project:
        a_work = {k: v for k, v in work(project).items() if k[0] == a}
    with open_existing(laptops[b]) as project:
        b_work = {k: v for k, v in work(project).items() if k[0] == b}
    assert lead_work[("carol", BOTH[1])][0] == [(14, 24, "PERSON"), (25, 29, "CUE")]  # the later side

    pushes = [
        lambda: push(first, team.lead),
        lambda: push(second, team.lead),
        lambda: push(laptops[a], team.a),
        lambda: push(laptops[b], team.b),
    ]
    database = make_url(team.lead).database or ""
    annotators = TableLock(postgresql_server, database, "annotators")
    articles = TableLock(postgresql_server, database, "articles")

    def in_turn(threads: list[threading.Thread]) -> None:
        def going() -> bool:
            return threads[0].is_alive() and threads[1].is_alive()  # the two lead pushes

        try:
            annotators.wait_for(lead, 2, going)  # both lead pushes about to add carol (one uid)
            annotators.release()
            articles.wait_for(lead, 2, going)  # both about to add the same first new text
        finally:
            annotators.release()
            articles.release()

    reports = at_once(pushes, in_turn)
    assert all(r.skipped == 0 for r in reports)

    with open_existing(team.lead) as server:
        got = work(server)
        assert texts(server) == sorted([TEXT, *lead_texts])  # each article once
    expected_work = {
        **{k: v for k, v in server_before.items() if k[0] not in (a, b)},
        **lead_work,
        **a_work,
        **b_work,
    }
    assert got == expected_work

    # Again, all at once: nothing changes.
    again = at_once(pushes)
    assert [(r.added, r.replaced, r.articles_added) for r in again] == [(0, 0, 0)] * 4
    with open_existing(team.lead) as server:
        assert work(server) == got
