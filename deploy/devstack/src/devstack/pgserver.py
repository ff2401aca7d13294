"""Create databases on any PostgreSQL server given by URL (local, container or external)."""

from __future__ import annotations

import asyncio
import contextlib
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from devstack.aio import run_sync

ASYNC_SCHEME = "postgresql+asyncpg"


def with_database(url: str, name: str, scheme: str = ASYNC_SCHEME) -> str:
    """Return ``url`` pointing at database ``name`` with ``scheme`` (query string kept).

    libpq's ``sslmode`` becomes ``ssl`` for the SQLAlchemy asyncpg scheme and vice versa
    for plain ``postgresql://`` DSNs (as taken by ``asyncpg.connect``).
    """
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    rename = {"sslmode": "ssl"} if scheme == ASYNC_SCHEME else {"ssl": "sslmode"}
    query = [(rename.get(key, key), value) for key, value in query]
    path = "/" + quote(name, safe="")
    return urlunsplit((scheme, parts.netloc, path, urlencode(query), ""))


def quote_ident(name: str) -> str:
    """Quote ``name`` as a PostgreSQL identifier."""
    return '"' + name.replace('"', '""') + '"'


class PostgresServer:
    """A reachable PostgreSQL server on which test databases can be created.

    ``server_url`` is any SQLAlchemy/libpq style URL of the server (the database part is
    ignored); :meth:`create_database` returns async SQLAlchemy URLs (asyncpg driver).
    """

    def __init__(self, server_url: str) -> None:
        """Remember the server; no connection is made until a database is created."""
        self._server_url = with_database(server_url, "postgres")

    @property
    def server_url(self) -> str:
        """Async SQLAlchemy URL of the ``postgres`` maintenance database."""
        return self._server_url

    def database_url(self, name: str) -> str:
        """Return the async SQLAlchemy URL of database ``name`` (without creating it)."""
        return with_database(self.server_url, name)

    def create_database(self, name: str) -> str:
        """Create database ``name`` unless it exists; return its async SQLAlchemy URL.

        Safe to call from sync code and from inside a running event loop.
        """
        return run_sync(lambda: self.acreate_database(name))

    async def acreate_database(self, name: str) -> str:
        """Async variant of :meth:`create_database`."""
        import asyncpg

        dsn = with_database(self.server_url, "postgres", scheme="postgresql")
        conn = await asyncpg.connect(dsn, timeout=10)
        try:
            exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
            if not exists:
                # another worker may create it concurrently
                raced = (asyncpg.DuplicateDatabaseError, asyncpg.UniqueViolationError)
                with contextlib.suppress(*raced):
                    await conn.execute(f"CREATE DATABASE {quote_ident(name)}")
        finally:
            await asyncio.shield(conn.close())
        return self.database_url(name)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.server_url})"
