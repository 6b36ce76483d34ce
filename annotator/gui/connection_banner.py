"""A server project whose connection dropped: a banner, actions refused, reconnecting by itself.

When the server goes away (an action, a poll or a background job hits a dead
connection), a banner shows at the top of the main window (not a dialog: the
article stays readable). While it shows, keys that would change the project are
refused at once with a line in the status bar: nothing is queued, so nothing
can be shown as saved that is not on the server (an action is shown as saved
only after its commit). A timer asks the server again with growing delays
(the banner says when; Retry now asks at once); once it answers, the banner
goes, the article list and the open article are read again from the server,
and keys work again.
"""

from __future__ import annotations

import contextlib
import html
import threading
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolBar, QWidget

from annotator.core.errors import AnnotatorError
from annotator.usecases.team import on_server, server_unreachable, watch_connection

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow
    from annotator.usecases.projects import Project

# Seconds before each new attempt: quick at first, then every half minute.
BACKOFF_S = (1, 2, 4, 8, 15, 30)
# Keys that only move around what is on screen: they work offline too.
LOCAL_COMMANDS = frozenset(
    {"next", "previous", "next_span", "previous_span", "clear", "find", "help", "zoom_in", "zoom_out"}
)
_SPAN_ONLY = {"grow_left", "grow_right", "shrink_left", "shrink_right"}
_MODIFIERS = {Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta, Qt.Key.Key_AltGr}
STYLE = "#connection_banner { background: #fde2b8; border-bottom: 1px solid #c77700; }"


class _Relay(QObject):
    """Carries news from any thread (the engine's error hook, the ping) to the UI thread."""

    dropped = Signal(object, str)  # project, reason
    answered = Signal(object, object)  # project, reason (None: the server answered)


class ConnectionBanner(QToolBar):
    """The banner: what happened, when the next try is, and Retry now."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Connection", parent)
        self.setObjectName("connection_banner")
        self.setMovable(False)
        self.setFloatable(False)
        self.setStyleSheet(STYLE)
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(8, 4, 8, 4)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry_button = QPushButton("Retry now")
        layout.addWidget(self.message, 1)
        layout.addWidget(self.retry_button)
        self.addWidget(body)
        # A wrapped label in a toolbar asks for far more height than its lines: three lines at most.
        self.setMaximumHeight(self.message.fontMetrics().lineSpacing() * 3 + 16)
        self.toggleViewAction().setVisible(False)  # not one of the toolbars a user hides
        self.hide()

    def text(self) -> str:
        return self.message.text()


class ConnectionMonitor(QObject):
    """Watches the open server project's connection; shows the banner while it is down."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.banner = ConnectionBanner(window)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.banner)
        self.banner.retry_button.clicked.connect(self.retry_now)
        self._relay = _Relay()  # no parent: it lives in the UI thread, whoever emits
        self._relay.dropped.connect(self._dropped)
        self._relay.answered.connect(self._answered)
        self.project: Project | None = None
        self.reason = ""
        self.offline = False
        self.attempts = 0  # failed tries since the connection dropped
        self._checking = False
        self._due = 0.0  # time.monotonic() of the next try
        self.retry_timer = QTimer(self)
        self.retry_timer.setSingleShot(True)
        self.retry_timer.timeout.connect(self.retry_now)
        self.countdown = QTimer(self)
        self.countdown.setInterval(1000)
        self.countdown.timeout.connect(self._show)

    # -- the open project ---------------------------------------------------------
    def attach(self) -> None:
        """A project was opened in the window: watch it when it is on a server."""
        project = self.window.project
        self._back_online(quiet=True)
        if project is None or not on_server(project):
            self.project = None
            return
        if project is not self.project:  # (each opening makes a new project object)
            relay = self._relay
            watch_connection(project, lambda reason: relay.dropped.emit(project, reason))
        self.project = project
        for widget in (self.window.text, self.window.spans):
            widget.installEventFilter(self)  # after the review's filter, so it sees keys first

    def _dropped(self, project: object, reason: str) -> None:
        """Something failed on the connection: make sure (ask the server) before saying so."""
        if project is self.project and not self.offline:
            self.reason = reason
            self._check()

    def _check(self) -> None:
        if self._checking or self.project is None:
            return
        self._checking = True
        relay, project = self._relay, self.project

        def ask() -> None:
            reason = server_unreachable(project)
            # The window may have closed meanwhile (its relay gone with it): nobody to tell.
            with contextlib.suppress(RuntimeError):
                relay.answered.emit(project, reason)

        # A server behind a dead network can take its connect timeout to answer: not on the UI thread.
        threading.Thread(target=ask, name="annotator-ping", daemon=True).start()

    def _answered(self, project: object, reason: object) -> None:
        self._checking = False
        if project is not self.project:
            return  # another project was opened meanwhile
        if reason is None:
            if self.offline:
                self._back_online()
            return
        self.reason = str(reason)
        if self.offline:
            self.attempts += 1
        self._go_offline()

    # -- offline ---------------------------------------------------------------------
    def _go_offline(self) -> None:
        window = self.window
        first = not self.offline
        self.offline = True
        delay = BACKOFF_S[min(self.attempts, len(BACKOFF_S) - 1)]
        self._due = time.monotonic() + delay
        self.retry_timer.start(delay * 1000)
        self.countdown.start()
        if first:
            if hasattr(window, "articles"):
                window.articles.setEnabled(False)  # opening another article needs the server
            window.saved_label.setText("✘ not connected: nothing new is saved")
        self.banner.show()
        self._show()

    def _show(self) -> None:
        if not self.offline:
            return
        if self.window.project is not self.project:  # closed meanwhile: nothing to reconnect
            self._back_online(quiet=True)
            return
        left = max(0, round(self._due - time.monotonic()))
        when = "trying again now…" if self._checking else f"trying again in {left} s"
        failed = f"{self.attempts} {'try' if self.attempts == 1 else 'tries'} failed"
        tries = f" ({failed})" if self.attempts else ""
        self.banner.message.setText(
            f"<b>Connection to the team server lost</b> ({html.escape(self.reason)}): "
            "actions are refused until it is back; everything shown as saved is on the server. "
            f"Reconnecting by itself: {when}{tries}."
        )

    def retry_now(self) -> None:
        """Ask the server now (the timer's try, or the banner's Retry now)."""
        if not self.offline:
            return
        if self.window.project is not self.project:
            self._back_online(quiet=True)
            return
        self.retry_timer.stop()
        self._check()
        self._show()

    def _back_online(self, quiet: bool = False) -> None:
        was = self.offline
        self.offline = False
        self.attempts = 0
        self.retry_timer.stop()
        self.countdown.stop()
        self.banner.hide()
        window = self.window
        if hasattr(window, "articles"):
            window.articles.setEnabled(True)
        if was and not quiet and window.session is not None:
            try:
                window.after_background_change()  # the list and the open article as stored
            except AnnotatorError as exc:  # gone again already
                self._dropped(self.project, str(exc))
                return
            window.mark_saved("")
            window.statusBar().showMessage("Reconnected to the team server: showing what it holds", 8000)

    # -- refusing keys while offline ---------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.offline or event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() in _MODIFIERS or not self._changes_project(event):
            return False
        self.window.statusBar().showMessage(
            "Not saved: the team server cannot be reached (see the banner); press the key again once "
            "it is back",
            8000,
        )
        return True

    def _changes_project(self, event: QKeyEvent) -> bool:
        review = getattr(self.window, "annotating", None)
        if review is None:
            return False
        combo = QKeySequence(event.keyCombination()).toString(QKeySequence.SequenceFormat.PortableText)
        command = review.commands.get(combo)
        if command is None and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            command = review.commands.get(event.text())
        if command in _SPAN_ONLY and review.focus is None:
            return False  # no focused span: Shift+arrows select text
        if command is not None:
            return command not in LOCAL_COMMANDS
        return combo in review.label_keys or combo in review.relation_keys
