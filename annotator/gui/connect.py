"""File > Connect to team server: open a project on a PostgreSQL server.

The dialog takes a URL, or host, port and database, then the login name and
password. The password never goes into our settings: it is used for this
session, and kept in the OS keyring when "Remember" is ticked (else libpq's
``~/.pgpass`` may hold it). The recent list keeps the URL without password.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import QDir, QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMenu,
    QSpinBox,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.usecases.server import remember_password, server_url, status_changes

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow


def lock_path(project: str) -> str:
    """Where the "already open in another window" lock of a project lives.

    Beside a file project; for a server project in this machine's temporary
    folder (no lock file on the server: every annotator works there at once).
    """
    if "://" not in project:
        return project + ".lock"
    digest = hashlib.sha256(project.encode()).hexdigest()[:16]
    return QDir.temp().filePath(f"annotator-{digest}.lock")


class ConnectDialog(QDialog):
    """URL or host/port/database, login name, password, remember in the keyring."""

    def __init__(self, parent: QWidget | None = None, annotator: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Connect to team server")
        form = QFormLayout(self)
        self.url = QLineEdit()
        self.url.setPlaceholderText("postgresql://NAME@HOST:5432/DATABASE (or fill in below)")
        self.host = QLineEdit("localhost")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit()
        self.user = QLineEdit(annotator)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox("Remember the password in the system keyring")
        self.remember.setChecked(True)
        for label, widget in (
            ("Server URL:", self.url),
            ("Host:", self.host),
            ("Port:", self.port),
            ("Database:", self.database),
            ("Name:", self.user),
            ("Password:", self.password),
            ("", self.remember),
        ):
            form.addRow(label, widget)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Connect")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def target(self) -> str:
        """The server URL without password; raises AnnotatorError on missing parts."""
        typed = self.url.text().strip()
        if typed:
            if urlsplit(typed).password:
                raise AnnotatorError("put the password in the Password field, not in the URL")
            return typed
        if not self.database.text().strip() or not self.user.text().strip():
            raise AnnotatorError("name the database and your login name (or give a server URL)")
        return server_url(
            self.host.text().strip() or "localhost",
            self.port.value(),
            self.database.text().strip(),
            self.user.text().strip(),
        )


def connect_to_server(window: MainWindow, dialog: ConnectDialog | None = None) -> bool:
    """Ask for a server and a login, then open the project there as that login."""
    dialog = dialog or ConnectDialog(window, window.settings.annotator)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    return open_server(window, dialog)


def open_server(window: MainWindow, dialog: ConnectDialog) -> bool:
    """Open the project the (accepted) dialog names."""
    try:
        url = dialog.target()
        if dialog.password.text():
            remember_password(url, dialog.password.text(), keep=dialog.remember.isChecked())
    except AnnotatorError as exc:
        window.show_error(str(exc))
        return False
    return window.open_project(url)


class TeamWatcher(QObject):
    """On a server project: what other annotators mark done shows within seconds.

    Every ``POLL_MS`` one cheap query asks whether any status changed (the
    database shows a lead everybody's, an annotator only their own); then the
    article list is refreshed and the status bar says who finished what.
    """

    POLL_MS = 2000

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._project: object = None
        self._since: object = None
        self.timer = QTimer(self)
        self.timer.setInterval(self.POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def poll(self) -> bool:
        """True when another annotator's status changed since the last look."""
        window = self.window
        project = window.project
        if project is None or "://" not in project.target or window.session is None:
            self._project = None
            return False
        if window.offline:
            return False  # the connection banner is retrying
        try:
            if project is not self._project:  # a project just opened: start watching from now
                self._project, (self._since, _) = project, status_changes(project, None)
                return False
            self._since, changes = status_changes(project, self._since)
        except AnnotatorError as exc:
            window.statusBar().showMessage(str(exc), self.POLL_MS * 2)
            return False
        theirs = [c for c in changes if c.annotator != window.session.annotator]
        if not theirs:
            return False
        window.refresh_articles()
        done = [c for c in theirs if c.status == "done"]
        if done:
            last = done[-1]
            more = f" (and {len(done) - 1} more)" if len(done) > 1 else ""
            window.statusBar().showMessage(
                f"{last.annotator} marked “{last.title or last.article_id}” done{more}"
            )
        return True


def add_connect_action(window: MainWindow, menu: QMenu) -> QAction:
    """File > Connect to team server…, the watcher of team members' statuses, the connection banner."""
    from annotator.gui.connection_banner import ConnectionMonitor

    action = QAction("Connect to &team server…", window)
    action.triggered.connect(lambda: connect_to_server(window))
    menu.addAction(action)
    window.team_watcher = TeamWatcher(window)  # type: ignore[attr-defined]
    window.connection = ConnectionMonitor(window)
    return action
