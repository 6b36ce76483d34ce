"""Working as a team on a server project: the connection's health, the others' statuses.

What the desktop app needs beyond one annotator's review: to learn that the
server went away (and when it is back), and, for the lead, every annotator's
status on every article.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from annotator.core.model import ArticleStatus
from annotator.store import Project
from annotator.store import connection as store

# One mark per status, compact enough for a column ("alice ✓ bob …").
MARKS = {ArticleStatus.DONE: "✓", ArticleStatus.IN_PROGRESS: "…", ArticleStatus.TODO: "·"}


def on_server(project: Project) -> bool:
    """True for a project on a database server (not a file)."""
    return "://" in project.target


def watch_connection(project: Project, on_drop: Callable[[str], None]) -> None:
    """Call ``on_drop(reason)`` when the server may have gone (from any thread: keep it cheap)."""
    store.watch_drops(project, on_drop)


def server_unreachable(project: Project) -> str | None:
    """None when the server answers now; else why not, in one line."""
    return store.ping(project)


def server_driver() -> str:
    """The PostgreSQL driver and libpq this installation would connect with (no server needed)."""
    return store.driver_check()


@dataclass(frozen=True, slots=True)
class TeamStatus:
    """Other annotators' statuses on one article, sorted by name."""

    statuses: tuple[tuple[str, ArticleStatus], ...]

    @property
    def compact(self) -> str:
        """``alice ✓  bob …``: done, in progress (…), not started (·)."""
        return "  ".join(f"{name} {MARKS[status]}" for name, status in self.statuses)

    @property
    def described(self) -> str:
        return "\n".join(f"{name}: {status.value.replace('_', ' ')}" for name, status in self.statuses)

    @property
    def done(self) -> int:
        return sum(1 for _, status in self.statuses if status == ArticleStatus.DONE)


def team_statuses(project: Project, me: str) -> dict[int, TeamStatus] | None:
    """Each article's statuses of the annotators other than ``me`` that this login may see.

    None when there is nobody else to show: a file project, or a login that sees
    only its own work (an annotator on a server: row-level security).
    """
    if not on_server(project):
        return None
    found: dict[int, TeamStatus] = {}
    for summary in project.list_articles():
        others = tuple(sorted((n, ArticleStatus(s)) for n, s in summary.statuses.items() if n != me))
        if not others:
            return None
        found[summary.id] = TeamStatus(others)
    return found
