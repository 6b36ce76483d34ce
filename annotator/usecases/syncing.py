"""``annotator push`` and ``annotator pull``: a laptop's project to a team server and back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from annotator import __version__
from annotator.core.errors import AnnotatorError
from annotator.store import create_project, open_project
from annotator.store.server import team_role
from annotator.store.syncing import SyncReport, sync

__all__ = ["SyncReport", "pull", "push"]
Progress = Callable[[int, int], None]


def _stem(target: str | Path) -> str:
    return Path(str(target)).stem or "laptop"


def push(
    file: str | Path, url: str, annotator: str | None = None, progress: Progress | None = None
) -> SyncReport:
    """Send the work in ``file`` to the server at ``url``, one transaction per article.

    Logged in as an annotator, only your own work goes, as your login name:
    ``annotator`` names you in the file when it differs (default: your login).
    The lead pushes every annotator's work and new articles (annotators by uid,
    as ``annotator merge`` does), or only ``annotator``'s.
    """
    with open_project(file) as source, open_project(url) as server:
        role = team_role(server)
        identity: tuple[str, str] | None = None
        if role is not None and role[1] == "annotator":
            identity = (annotator or role[0], role[0])
        elif annotator is not None:
            identity = (annotator, annotator)
        if identity is not None and identity[0] not in source.annotators():
            raise AnnotatorError(
                f"{source.location}: no annotator named {identity[0]!r} (annotators: "
                f"{', '.join(source.annotators()) or 'none'})"
            )
        lead = role is None or role[1] != "annotator"
        return sync(server, source, _stem(file), identity=identity, new_articles=lead, progress=progress)


def pull(
    url: str, file: str | Path, annotator: str | None = None, progress: Progress | None = None
) -> SyncReport:
    """Bring the server's articles, their suggestions and work into ``file`` (created if missing).

    As an annotator you receive your own work (the server shows you nothing else);
    ``annotator`` limits it to one annotator's work, kept under that name.
    """
    with open_project(url) as server:
        role = team_role(server)
        if annotator is None and role is not None and role[1] == "annotator":
            annotator = role[0]
        identity = (annotator, annotator) if annotator is not None else None
        path = Path(str(file)).expanduser()
        laptop = (
            open_project(file)
            if "://" in str(file) or path.exists()
            else create_project(file, server.scheme, __version__)
        )
        with laptop:
            return sync(laptop, server, "server", identity=identity, with_suggestions=True, progress=progress)
