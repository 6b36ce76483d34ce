"""The desktop app on a real PostgreSQL server when the connection drops, and the lead's
view of the team: a banner, keys refused at once, reconnecting by itself, nothing shown
as saved lost; every other annotator's status in the lead's article list."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from postgres_server import Server
from PySide6.QtCore import Qt
from sqlalchemy.engine import make_url

from annotator.core.model import Span
from annotator.gui import connection_banner
from annotator.gui.main_window import MainWindow
from annotator.gui.panels import COLUMNS
from annotator.gui.settings import GuiSettings
from annotator.gui.team_column import TEAM_COLUMN, team_text
from annotator.store import credentials
from annotator.suggest.engine import Engine
from annotator.usecases.annotating import AnnotationSession
from annotator.usecases.projects import open_existing
from tests.gui.conftest import make_window
from tests.store.server_team import Team, team  # noqa: F401 - fixture

ROLE, PERSON = Span(0, 7, "ROLE"), Span(8, 18, "PERSON")


@pytest.fixture(autouse=True)
def _forget_passwords() -> Iterator[None]:
    yield
    credentials._typed.clear()


def open_as(qtbot, settings: GuiSettings, engine: Engine, url: str) -> MainWindow:  # type: ignore[no-untyped-def]
    """A window on the server project as the login of ``url`` (its password typed, not in the URL)."""
    window = make_window(qtbot, settings, engine, None)
    login = make_url(url)
    credentials.remember(url, login.password or "", keep=False)
    assert window.open_project(login.set(password=None).render_as_string(hide_password=False))
    return window


def accept_next(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Focus the first suggestion still pending and press the accept key."""
    window.annotating.set_focus(window.session.view.next_pending(0))  # type: ignore[union-attr]
    qtbot.keyClick(window.text, Qt.Key.Key_A)


def key(span: Span) -> tuple[int, int]:
    return span.start, span.end


def message(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def test_a_stopped_server_shows_the_banner_refuses_keys_and_reconnects_by_itself(  # type: ignore[no-untyped-def]
    qtbot,
    team: Team,  # noqa: F811 - the fixture imported above
    settings: GuiSettings,
    engine: Engine,
    postgresql_server: Server,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_as(qtbot, settings, engine, team.b)
    banner, connection = window.connection.banner, window.connection
    article = window.session.view.article.id  # type: ignore[union-attr]
    accept_next(qtbot, window)
    assert re.fullmatch(r"✔ saved \(accept [A-Z]+ '.+'\)", window.saved_label.text())
    first = window.session.view.items[0].span  # type: ignore[union-attr]
    assert not banner.isVisible() and not connection.offline
    # Long waits first, so that only Retry now tries again (no timer racing the test).
    monkeypatch.setattr(connection_banner, "BACKOFF_S", (30, 60))
    server = postgresql_server.executor
    server.stop()
    try:
        # The next key meets the dead server: the store refuses it in one line, the banner follows.
        accept_next(qtbot, window)
        assert "the server cannot be reached" in message(window) and "not saved" in message(window)
        qtbot.waitUntil(banner.isVisible, timeout=10_000)
        assert connection.offline and "Connection to the team server lost" in banner.text()
        assert re.search(r"trying again in (30|29) s", banner.text()), banner.text()
        assert window.saved_label.text().startswith("✘ not connected")
        assert not window.articles.isEnabled()  # opening another article needs the server
        assert len(window.session.view.pending) == 1  # type: ignore[union-attr]  # nothing shown as done
        # While the banner shows, a key that would change the project is refused at once.
        accept_next(qtbot, window)
        assert message(window).startswith("Not saved: the team server cannot be reached")
        before = window.annotating.focus
        qtbot.keyClick(window.text, Qt.Key.Key_N)  # moving around still works
        assert window.annotating.focus is not None and window.annotating.focus != before
        # Retry now, with the server still down: one more failed try, a longer wait before the next.
        assert connection.retry_timer.interval() == 30_000
        banner.retry_button.click()
        qtbot.waitUntil(lambda: connection.attempts == 1, timeout=10_000)
        assert connection.retry_timer.interval() == 60_000 and "1 try failed" in banner.text()
        # Short waits from now on; one more failed try puts the timer on them.
        monkeypatch.setattr(connection_banner, "BACKOFF_S", (1,))
        banner.retry_button.click()
        qtbot.waitUntil(lambda: connection.attempts == 2, timeout=10_000)
        assert connection.retry_timer.interval() == 1000
    finally:
        if not server.running():
            server.start()
    # Nobody clicks: the timer finds the server back, the banner goes, keys work again.
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=60_000)
    assert not connection.offline and window.articles.isEnabled()
    assert message(window).startswith("Reconnected to the team server")
    assert window.saved_label.text() == "✔ all changes saved"
    assert [i.span for i in window.session.view.items if not i.pending] == [first]  # type: ignore[union-attr]
    accept_next(qtbot, window)
    assert re.fullmatch(r"✔ saved \(accept [A-Z]+ '.+'\)", window.saved_label.text())
    # A fresh connection reads everything that was shown as saved.
    with open_existing(team.b) as project:
        assert sorted(project.annotation_set(article, team.names[2]).spans, key=key) == [ROLE, PERSON]
    window.close()


def test_a_connection_the_server_killed_is_replaced_without_a_banner(  # type: ignore[no-untyped-def]
    qtbot,
    team: Team,  # noqa: F811 - the fixture imported above
    settings: GuiSettings,
    engine: Engine,
    postgresql_server: Server,
) -> None:
    window = open_as(qtbot, settings, engine, team.b)
    article = window.session.view.article.id  # type: ignore[union-attr]
    accept_next(qtbot, window)
    assert re.fullmatch(r"✔ saved \(accept [A-Z]+ '.+'\)", window.saved_label.text())
    with postgresql_server.admin() as conn:
        killed = conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = %s",
            (team.names[2],),
        ).fetchone()
    assert killed is not None and killed[0] >= 1

    def gone() -> bool:  # pg_terminate_backend only signals: the backend ends a moment later
        with postgresql_server.admin() as conn:
            left = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE usename = %s", (team.names[2],)
            ).fetchone()
        return left is not None and left[0] == 0

    qtbot.waitUntil(gone, timeout=10_000)
    window.saved_label.setText("")
    accept_next(qtbot, window)  # the pool notices the dead connection and opens a new one
    assert re.fullmatch(r"✔ saved \(accept [A-Z]+ '.+'\)", window.saved_label.text())
    assert not window.connection.offline and not window.connection.banner.isVisible()
    with open_existing(team.b) as project:
        assert sorted(project.annotation_set(article, team.names[2]).spans, key=key) == [ROLE, PERSON]
    window.close()


def test_the_lead_sees_each_annotator_s_status_in_the_article_list(  # type: ignore[no-untyped-def]
    qtbot,
    team: Team,  # noqa: F811 - the fixture imported above
    settings: GuiSettings,
    engine: Engine,
) -> None:
    _, a, b = team.names
    lead = open_as(qtbot, settings, engine, team.lead)
    article = lead.session.view.article.id  # type: ignore[union-attr]
    assert lead.articles.model.headerData(TEAM_COLUMN, Qt.Orientation.Horizontal) == "Team"
    assert team_text(lead.articles, article) == f"{a} ✓  {b} ·"  # A finished (the fixture), B not started
    lead.team_watcher.poll()  # the project just opened: watching starts now
    with open_existing(team.b) as project:  # annotator B, elsewhere, starts and finishes the article
        session = AnnotationSession(project, b)
        session.open(article)
        session.accept_all()
    qtbot.waitUntil(lambda: team_text(lead.articles, article) == f"{a} ✓  {b} …", timeout=10_000)
    with open_existing(team.b) as project:
        session = AnnotationSession(project, b)
        session.open(article)
        session.mark_done()
    qtbot.waitUntil(lambda: team_text(lead.articles, article) == f"{a} ✓  {b} ✓", timeout=10_000)
    cell = lead.articles.model.item(0, TEAM_COLUMN)
    assert cell is not None and cell.toolTip() == f"{a}: done\n{b}: done"
    lead.close()
    # An annotator sees nobody else's work (row-level security): no Team column.
    own = open_as(qtbot, settings, engine, team.a)
    assert own.articles.model.columnCount() == len(COLUMNS) and team_text(own.articles, article) == ""
    own.close()


def test_an_annotator_cannot_change_the_team_project_s_beliefs_choice(  # type: ignore[no-untyped-def]
    qtbot,
    team: Team,  # noqa: F811 - the fixture imported above
    settings: GuiSettings,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from annotator.gui import beliefs_action
    from annotator.usecases.suggesting import BELIEFS_SETTING

    window = open_as(qtbot, settings, engine, team.a)
    shown: list[str] = []
    monkeypatch.setattr(window, "show_error", shown.append)
    window.beliefs_action.trigger()  # the server lets only the lead change settings
    assert shown and "refused" in shown[0], shown
    assert not window.beliefs_action.isChecked()
    assert window.engine is engine and not engine.beliefs
    with open_existing(team.lead) as project:
        assert project.setting(BELIEFS_SETTING) is None
    window.close()
    lead = open_as(qtbot, settings, engine, team.lead)
    lead.beliefs_action.trigger()  # the lead may
    assert lead.beliefs_action.isChecked() and lead.engine is not None and lead.engine.beliefs
    assert lead.beliefs_action.text() == beliefs_action.ACTION
    qtbot.waitUntil(lambda: not lead.workers, timeout=60_000)
    with open_existing(team.lead) as project:
        assert project.setting(BELIEFS_SETTING) is True
    lead.close()


def test_an_annotator_s_model_is_trained_but_not_made_the_team_s_pipeline(  # type: ignore[no-untyped-def]
    qtbot,
    team: Team,  # noqa: F811 - the fixture imported above
    settings: GuiSettings,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path,
) -> None:
    from annotator.gui import training
    from annotator.usecases.suggesting import MODEL_SETTING
    from tests.training.conftest import TINY

    monkeypatch.setattr(training, "SETTINGS", TINY)
    window = open_as(qtbot, settings, engine, team.a)  # A finished the article (the fixture)
    shown: list[str] = []
    monkeypatch.setattr(window, "show_error", shown.append)
    assert training.train_in_background(window, tmp_path / "a.model") is not None
    qtbot.waitUntil(lambda: not window.workers, timeout=180_000)
    assert (tmp_path / "a.model" / "meta.json").is_file()
    assert shown and "It is not the project's pipeline" in shown[0] and "refused" in shown[0], shown
    assert window.engine is engine
    with open_existing(team.lead) as project:
        assert project.setting(MODEL_SETTING) is None
    window.close()
