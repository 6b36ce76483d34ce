"""Per-user folders (platformdirs): where projects and settings live by default."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP = "annotator"


def default_projects_dir() -> Path:
    """Where new projects are proposed: the user's documents folder, ``annotator``."""
    return Path(platformdirs.user_documents_dir()) / APP


def config_dir() -> Path:
    """Per-user settings (annotator name, recent projects)."""
    return Path(platformdirs.user_config_dir(APP, appauthor=False))
