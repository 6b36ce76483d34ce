"""File > Connect to team server: annotator B opens the server project in the desktop app;
the password is used from the keyring afterwards and never lands in our settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from sqlalchemy.engine import make_url

from annotator.gui.connect import ConnectDialog, lock_path, open_server
from annotator.gui.settings import GuiSettings
from annotator.store import credentials
from annotator.suggest.engine import Engine
from annotator.usecases.annotating import AnnotationSession
from annotator.usecases.projects import open_existing
from tests.gui.conftest import make_window
from tests.store.server_team import TEXT, Team, team  # noqa: F401 - fixture


class MemoryKeyring(KeyringBackend):
    """The OS keyring's interface, in memory (no keyring daemon on a headless machine)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    import keyring

    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)
    credentials._typed.clear()


def test_connect_dialog_opens_the_server_project_as_the_login(  # type: ignore[no-untyped-def]
    qtbot,
    team: Team,  # noqa: F811 - the fixture imported above
    settings: GuiSettings,
    engine: Engine,
    memory_keyring: MemoryKeyring,
) -> None:
    window = make_window(qtbot, settings, engine, None)
    login = make_url(team.b)
    dialog = ConnectDialog(window, "alice")
    dialog.host.setText(login.host or "")
    dialog.port.setValue(login.port or 5432)
    dialog.database.setText(login.database or "")
    dialog.user.setText(login.username or "")
    dialog.password.setText(login.password or "")
    assert open_server(window, dialog)
    assert window.session is not None and window.session.annotator == team.names[2]
    assert window.session.view.article.text == TEXT
    assert not Path(lock_path(window.project.target)).is_relative_to(Path.cwd())  # type: ignore[union-attr]
    ini = Path(settings.store.fileName()).read_text(encoding="utf-8")
    assert login.password not in ini and "postgresql" in ini  # the recent list: URL without password
    assert list(memory_keyring.items.values()) == [login.password]
    # Another session: the password comes from the keyring alone.
    url = window.project.target  # type: ignore[union-attr]
    window.close_project()
    credentials._typed.clear()
    assert window.open_project(url)
    assert window.session.annotator == team.names[2]
    window.close()


def test_a_password_in_the_url_field_is_refused(qtbot, settings, engine, memory_keyring, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, settings, engine, None)
    shown: list[str] = []
    monkeypatch.setattr(window, "show_error", shown.append)
    dialog = ConnectDialog(window)
    dialog.url.setText("postgresql://bob:secret@localhost/news")
    assert not open_server(window, dialog)
    assert shown == ["put the password in the Password field, not in the URL"]
    assert memory_keyring.items == {}
    window.close()


def test_the_lead_sees_an_annotator_s_done_within_seconds(  # type: ignore[no-untyped-def]
    qtbot,
    team: Team,  # noqa: F811 - the fixture imported above
    settings: GuiSettings,
    engine: Engine,
) -> None:
    window = make_window(qtbot, settings, engine, None)
    lead = make_url(team.lead)
    credentials.remember(team.lead, lead.password or "", keep=False)
    assert window.open_project(lead.set(password=None).render_as_string(hide_password=False))
    assert window.session is not None and window.session.annotator == team.names[0]
    window.team_watcher.poll()  # the project just opened: watching starts now
    with open_existing(team.b) as project:  # annotator B, elsewhere, finishes the article
        session = AnnotationSession(project, team.names[2])
        session.open(project.list_articles()[0].id)
        session.mark_done()
    qtbot.waitUntil(lambda: "marked" in window.statusBar().currentMessage(), timeout=10_000)
    assert window.statusBar().currentMessage().startswith(f"{team.names[2]} marked")
    window.close()
    credentials._typed.clear()
