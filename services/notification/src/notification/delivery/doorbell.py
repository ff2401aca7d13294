"""Wakes the delivery loop when a consumer batch committed new notices."""

from __future__ import annotations

import asyncio
import contextlib


class Doorbell:
    """`ring()` from anywhere on the loop; `wait(timeout)` returns early when rung."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    async def ring(self) -> None:
        """Wake the waiter (an async function so it can be a Subscription.after_commit)."""
        self._event.set()

    async def wait(self, timeout: float) -> None:
        """Sleep up to `timeout` seconds, less when rung."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), timeout)
        self._event.clear()
