"""Counting what one annotator action costs the database: statements, transactions, pings.

Round trips = statements sent + BEGIN and COMMIT of each transaction that sent one
+ liveness pings. On PostgreSQL each is one message exchange with the server;
on SQLite they are calls into the library, counted the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event


@dataclass
class Count:
    statements: int = 0
    transactions: int = 0  # committed or rolled back after at least one statement
    pings: int = 0
    sql: list[str] = field(default_factory=list)

    @property
    def round_trips(self) -> int:
        return self.statements + 2 * self.transactions + self.pings


@contextmanager
def counting(engine: Engine) -> Iterator[Count]:
    """Count what ``engine`` sends while the block runs."""
    count = Count()
    open_with_statements: set[int] = set()

    def before(conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            return  # SQLite's explicit BEGIN: counted with its transaction
        count.statements += 1
        count.sql.append(" ".join(statement.split())[:120])
        open_with_statements.add(id(conn))

    def end(conn: Any) -> None:
        if id(conn) in open_with_statements:
            open_with_statements.discard(id(conn))
            count.transactions += 1

    dialect = engine.dialect
    ping = dialect.do_ping

    def counted_ping(dbapi_connection: Any) -> bool:
        count.pings += 1
        return ping(dbapi_connection)

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "commit", end)
    event.listen(engine, "rollback", end)
    dialect.do_ping = counted_ping  # type: ignore[method-assign]
    try:
        yield count
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "commit", end)
        event.remove(engine, "rollback", end)
        dialect.do_ping = ping  # type: ignore[method-assign]
