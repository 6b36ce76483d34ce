"""Per-user GUI settings (who I am, recent projects, zoom) in the user config folder."""

from __future__ import annotations

import getpass

from PySide6.QtCore import QSettings

from annotator.paths import config_dir

MAX_RECENT = 10


class GuiSettings:
    """A thin wrapper over an INI file, so tests can point it elsewhere."""

    def __init__(self, path: str | None = None) -> None:
        location = path or str(config_dir() / "gui.ini")
        self.store = QSettings(location, QSettings.Format.IniFormat)

    @property
    def annotator(self) -> str:
        return str(self.store.value("annotator", "") or "")

    @annotator.setter
    def annotator(self, name: str) -> None:
        self.store.setValue("annotator", name)
        self.store.sync()

    @staticmethod
    def default_annotator() -> str:
        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return "annotator"

    @property
    def article_sort(self) -> tuple[int, bool]:
        """The article list's sort column (-1: import order) and direction, as chosen last."""
        try:
            column = int(str(self.store.value("article_sort/column", -1)))
        except ValueError:
            column = -1
        return column, str(self.store.value("article_sort/descending", "false")).lower() == "true"

    @article_sort.setter
    def article_sort(self, value: tuple[int, bool]) -> None:
        self.store.setValue("article_sort/column", value[0])
        self.store.setValue("article_sort/descending", "true" if value[1] else "false")
        self.store.sync()

    @property
    def recent(self) -> list[str]:
        value = self.store.value("recent", [])
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value] if isinstance(value, list) else []

    def add_recent(self, path: str) -> None:
        recent = [path] + [p for p in self.recent if p != path]
        self.store.setValue("recent", recent[:MAX_RECENT])
        self.store.sync()
