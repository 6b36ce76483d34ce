"""A real PostgreSQL server for the tests, started with pytest-postgresql's executor.

The server binaries come from the machine (Debian's ``postgresql`` package, or
``ANNOTATOR_PG_CTL=/path/to/pg_ctl``). Without them the PostgreSQL cases are
skipped with one line, unless CI=true or ANNOTATOR_REQUIRE_POSTGRES=1, where a
missing server fails them. PostgreSQL refuses to run as root (CI and this
machine run as root), so then the server runs as the ``postgres`` system user.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

# The store's backends: the store, migration, merge, export, agreement and
# adjudication tests run on each.
BACKENDS = ["sqlite", "postgresql"]
SUPERUSER = "postgres"
# Annotator roles log in with passwords over TCP; the superuser the tests
# administer with is trusted on the loopback only.
PG_HBA = f"""\
local all all trust
host all {SUPERUSER} 127.0.0.1/32 trust
host all all 127.0.0.1/32 scram-sha-256
host all all ::1/128 scram-sha-256
"""


# fsync off: the tests need no durability across a power cut, and it is much faster.
FAST = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"


def required() -> bool:
    """True when a missing server must fail the tests rather than skip them."""
    return os.environ.get("CI", "").lower() == "true" or os.environ.get("ANNOTATOR_REQUIRE_POSTGRES") == "1"


def find_pg_ctl() -> str | None:
    """pg_ctl from $ANNOTATOR_PG_CTL, the PATH, or the newest /usr/lib/postgresql/N/bin."""
    explicit = os.environ.get("ANNOTATOR_PG_CTL")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    on_path = shutil.which("pg_ctl")
    if on_path:
        return on_path

    def version(path: str) -> int:
        match = re.search(r"/postgresql/(\d+)/", path)
        return int(match.group(1)) if match else 0

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=version)
    return found[-1] if found else None


@dataclass
class Server:
    """A running server: where it listens and the superuser to administer it."""

    host: str
    port: int
    executor: Any = field(default=None, repr=False)  # pytest-postgresql's: stop() and start() it

    def url(self, dbname: str, user: str = SUPERUSER, password: str | None = None) -> str:
        auth = user if password is None else f"{user}:{password}"
        return f"postgresql+psycopg://{auth}@{self.host}:{self.port}/{dbname}"

    def admin(self, dbname: str = "postgres"):  # type: ignore[no-untyped-def]
        """An autocommit psycopg connection as the superuser."""
        import psycopg

        return psycopg.connect(host=self.host, port=self.port, user=SUPERUSER, dbname=dbname, autocommit=True)


def _run_as_postgres(pg_ctl: str, folder: Path) -> str:
    """A pg_ctl wrapper that drops root for the ``postgres`` user (the server refuses root)."""
    runuser = shutil.which("runuser")
    if runuser is None:
        raise NoServer("running as root without runuser: cannot start PostgreSQL as another user")
    wrapper = folder / "pg_ctl"
    wrapper.write_text(f'#!/bin/sh\nexec {runuser} -u {SUPERUSER} -- {pg_ctl} "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return str(wrapper)


def wait_until_ready(server: Server, seconds: float = 60) -> None:
    """The port opens before the server accepts sessions ("the database system is starting up")."""
    import psycopg

    deadline = time.monotonic() + seconds
    while True:
        try:
            server.admin().close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)  # a server starting up: nothing to wait on but the clock


class NoServer(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


@contextmanager
def running_server(options: str | None = None) -> Iterator[Server]:
    """Start a throw-away server (data in a temporary folder), stop and remove it on leaving.

    ``options`` for the server (default: $ANNOTATOR_PG_OPTIONS, else no fsync, for tests).
    """
    pg_ctl = find_pg_ctl()
    if pg_ctl is None:
        raise NoServer(
            "PostgreSQL server binaries not found (apt-get install postgresql, or set ANNOTATOR_PG_CTL)"
        )
    from port_for import get_port
    from pytest_postgresql.executors import PostgreSQLExecutor

    folder = Path(tempfile.mkdtemp(prefix="annotator-pg-"))
    executable = pg_ctl
    if os.geteuid() == 0:
        import pwd

        try:
            entry = pwd.getpwnam(SUPERUSER)
        except KeyError:
            raise NoServer(f"running as root, and no {SUPERUSER!r} user to run the server as") from None
        os.chown(folder, entry.pw_uid, entry.pw_gid)
        executable = _run_as_postgres(pg_ctl, folder)
    port = get_port(None)
    assert port is not None
    executor = PostgreSQLExecutor(
        executable=executable,
        host="127.0.0.1",
        port=port,
        datadir=str(folder / "data"),
        unixsocketdir=str(folder),
        logfile=str(folder / "server.log"),
        startparams="-w",
        user=SUPERUSER,
        dbname="tests",
        postgres_options=options if options is not None else os.environ.get("ANNOTATOR_PG_OPTIONS", FAST),
    )
    try:
        executor.init_directory()
        (folder / "data" / "pg_hba.conf").write_text(PG_HBA)
        executor.start()
        server = Server("127.0.0.1", port, executor)
        wait_until_ready(server)
        yield server
    finally:
        if executor.running():
            executor.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgresql_server() -> Iterator[Server]:
    """One PostgreSQL server for the whole session (skipped, or failed in CI, when there is none)."""
    try:
        with running_server() as server:
            yield server
    except NoServer as exc:
        if required():
            pytest.fail(f"{exc}; CI requires them")
        pytest.skip(str(exc))


_counter = iter(range(1, 1_000_000))


@contextmanager
def database_factory(server: Server, prefix: str) -> Iterator[Callable[[], str]]:
    """Make empty databases (their superuser URLs); drop them all on leaving."""
    made: list[str] = []

    def make() -> str:
        name = f"{prefix}{os.getpid()}_{next(_counter)}"
        with server.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return server.url(name)

    try:
        yield make
    finally:
        with server.admin() as conn:
            for name in made:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def new_database(postgresql_server: Server) -> Iterator[Callable[[], str]]:
    """A factory of empty databases on the server, returning their superuser URLs; dropped afterwards."""
    with database_factory(postgresql_server, "t") as make:
        yield make
