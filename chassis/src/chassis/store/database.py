"""Async SQLAlchemy engine: SQLite file by default, PostgreSQL when DATABASE_URL says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

READ_ONLY = "gemeinwerk_read_only"


def normalise_url(url: str) -> str:
    """Pick the async driver for plain postgresql:// and sqlite:// URLs."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    elif parsed.drivername == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    return parsed.render_as_string(hide_password=False)


class Database:
    """One engine and session factory per service process."""

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        self.engine: AsyncEngine = self._create_engine()
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # Reads see one consistent snapshot and never wait for the SQLite write lock.
        read_options: dict[str, Any] = (
            {READ_ONLY: True}
            if self.is_sqlite
            else {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
        )
        self.read_sessions = async_sessionmaker(
            self.engine.execution_options(**read_options), expire_on_commit=False
        )

    def _create_engine(self) -> AsyncEngine:
        if not self.is_sqlite:
            return create_async_engine(self.url, pool_size=10, max_overflow=10, pool_pre_ping=True)
        database = make_url(self.url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        # Driver-level autocommit off so that we can issue BEGIN IMMEDIATE ourselves.
        engine = create_async_engine(self.url, connect_args={"isolation_level": None})
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin_immediate)
        return engine

    def session(self) -> AsyncSession:
        """A new session; the caller owns its transaction."""
        return self.sessions()

    def read_session(self) -> AsyncSession:
        """A session for queries only: a snapshot, read-only on PostgreSQL."""
        return self.read_sessions()

    async def ping(self) -> None:
        """Raise when the store cannot be reached."""
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin_immediate(connection: Any) -> None:
    # A deferred transaction that reads and then writes fails at once with SQLITE_BUSY when
    # another connection wrote meanwhile; taking the write lock up front makes it wait instead.
    # Read-only sessions need no lock: in WAL mode they read a snapshot beside the writer.
    read_only = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
