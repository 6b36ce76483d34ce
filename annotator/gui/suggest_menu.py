"""The window's Suggest menu, which the training and beliefs actions share."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QMenu

MENU = "&Suggest"


def suggest_menu(window: QMainWindow) -> QMenu:
    """The window's Suggest menu (made if it has none)."""
    for action in window.menuBar().actions():
        menu = action.menu()
        if action.text() == MENU and isinstance(menu, QMenu):
            return menu
    return window.menuBar().addMenu(MENU)
