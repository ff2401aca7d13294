"""Correlation id of an HTTP request: taken from `X-Correlation-ID` (or generated), set in
chassis.logs.correlation_id_var for log lines, audit records and outgoing events, and
returned in the response header."""

from __future__ import annotations

import re
import uuid
from typing import Any

from chassis.logs import correlation_id_var

HEADER = b"x-correlation-id"
_VALID = re.compile(rb"^[A-Za-z0-9._:-]{1,100}$")


class CorrelationMiddleware:
    """Pure ASGI middleware (the context variable stays visible to the endpoint)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers") or []).get(HEADER, b"")
        correlation_id = given.decode() if _VALID.match(given) else str(uuid.uuid4())
        token = correlation_id_var.set(correlation_id)

        async def send_with_header(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                headers.append((HEADER, correlation_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_header)
        finally:
            correlation_id_var.reset(token)
