"""The consumer's copy of the rate tables: reloaded only when the store's version moved."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from allowance.domain.rates import RateTable
from allowance.store import rates as store


class RateCache:
    """Rates as of the store's version; one cheap `SELECT count(*), max(rate_no)` per
    transaction.

    A rate entered through the API (in any instance) is seen by the next batch transaction
    that starts after its commit, so it applies to every line booked after it was entered.
    """

    def __init__(self) -> None:
        self._version: tuple[int, int] | None = None
        self._table: RateTable | None = None

    async def current(self, session: AsyncSession) -> RateTable:
        """The rate tables valid for this transaction."""
        version = await store.version(session)
        if self._table is None or version != self._version:
            self._table = await store.load(session)
            self._version = version
        return self._table
