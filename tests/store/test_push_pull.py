"""``annotator pull`` and ``push``: an annotator takes the server's articles to a laptop, annotates
offline, sends the work back; by the merge rules, idempotently, one article at a time."""

from __future__ import annotations

from pathlib import Path

from server_team import TEXT, Team, connect, runner

from annotator.cli import app
from annotator.core.model import ArticleInput, ArticleRecord, ArticleStatus, Span
from annotator.usecases.annotating import AnnotationSession
from annotator.usecases.projects import new_project, open_existing
from annotator.usecases.syncing import pull, push


def server_rows(team: Team) -> list[tuple[object, ...]]:
    """Every annotator's work on the server, as the lead sees it (ids left out)."""
    with connect(team.lead) as conn:
        return conn.execute(
            "SELECT n.name, a.label, a.start, a.\"end\", a.status, coalesce(s.status, '') "
            "FROM annotations a JOIN annotators n ON n.id = a.annotator_id "
            "LEFT JOIN article_status s ON s.article_id = a.article_id AND s.annotator_id = a.annotator_id "
            "ORDER BY 1, 3, 2"
        ).fetchall()


def test_pull_annotate_offline_push_back(team: Team, tmp_path: Path) -> None:
    b = team.names[2]
    laptop = tmp_path / "b-laptop.annotator"
    result = runner.invoke(app, ["pull", team.b, str(laptop)])
    assert result.exit_code == 0, result.stderr
    assert "1 new articles" in result.stdout
    with open_existing(laptop) as project:
        [article] = project.list_articles()
        assert project.article(article.id).text == TEXT
        assert len(project.suggestion_sets(article.id)[0].suggestions) == 2  # to annotate offline
        assert project.annotators() == [b]  # A's work never left the server
        session = AnnotationSession(project, b)
        session.open(article.id)
        session.accept_all()
        session.mark_done()
        # A text the lead never imported: an annotator cannot add it to the server.
        project.save_articles([ArticleRecord(ArticleInput("Only on the laptop, said Ann."))])
    before = server_rows(team)
    result = runner.invoke(app, ["push", str(laptop), team.b])
    assert result.exit_code == 0, result.stderr
    assert "1 added" in result.stdout and "1 articles not on the server skipped" in result.stdout
    after = server_rows(team)
    mine = [r for r in after if r[0] == b]
    assert [(r[1], r[2], r[3], r[5]) for r in mine] == [("ROLE", 0, 7, "done"), ("PERSON", 8, 18, "done")]
    assert [r for r in after if r[0] != b] == before  # A's work untouched
    # Again: nothing changes (idempotent).
    again = push(laptop, team.b)
    assert (again.added, again.replaced, again.unchanged) == (0, 0, 1)
    assert server_rows(team) == after
    # B reopens the article on the server (another machine); the laptop pulls it: the later side wins.
    with open_existing(team.b) as project:
        [article] = project.list_articles()
        session = AnnotationSession(project, b)
        view = session.open(article.id)
        session.reject(next(i.key for i in view.items if i.span.label == "ROLE"))
    report = pull(team.b, laptop)
    assert (report.replaced, report.articles_matched) == (1, 1)
    with open_existing(laptop) as project:
        spans = project.annotation_set(project.find_article(TEXT) or 0, b).spans
        assert spans == (Span(8, 18, "PERSON"),)
    assert pull(team.b, laptop).unchanged == 1


def test_lead_pulls_one_annotator_and_pushes_new_articles(team: Team, tmp_path: Path) -> None:
    a = team.names[1]
    copy = tmp_path / "lead.annotator"
    report = pull(team.lead, copy, annotator=a)
    assert (report.articles_added, report.added) == (1, 1)
    with open_existing(copy) as project:
        assert project.annotators() == [a]
        [article] = project.list_articles()
        assert article.statuses == {a: ArticleStatus.DONE}
    elsewhere = tmp_path / "more.annotator"
    with new_project(elsewhere) as project:
        project.save_articles([ArticleRecord(ArticleInput("A second text, said Ann."))])
    pushed = push(elsewhere, team.lead)
    assert (pushed.articles_added, pushed.skipped) == (1, 0)
    with open_existing(team.lead) as project:
        assert project.counts().articles == 2


def test_an_annotator_pushes_only_as_themselves(team: Team, tmp_path: Path) -> None:
    laptop = tmp_path / "x.annotator"
    with new_project(laptop) as project:
        project.save_articles([ArticleRecord(ArticleInput(TEXT))])
        project.ensure_annotator("someone")
    result = runner.invoke(app, ["push", str(laptop), team.b])
    assert result.exit_code == 1
    assert f"no annotator named {team.names[2]!r}" in result.stderr
    # Naming the laptop's annotator sends that work as B's login, never as anyone else.
    with open_existing(laptop) as project:
        session = AnnotationSession(project, "someone")
        session.open(project.find_article(TEXT) or 0)
        session.create(8, 18, "PERSON")
    report = push(laptop, team.b, annotator="someone")
    assert report.added == 1 and [a.target_name for a in report.annotators] == [team.names[2]]
    assert [r[0] for r in server_rows(team) if r[1] == "PERSON" and r[0] != team.names[1]] == [team.names[2]]
