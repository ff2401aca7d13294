"""Who is calling: one dependency for every endpoint.

Production validates OIDC bearer tokens (not built yet: see the chassis README). Local runs
use development tokens signed with `AUTH_DEV_SECRET`, or act as a district coordinator when
`AUTH_ALLOW_ANONYMOUS` is on. Use cases enforce scope; routers only pass the principal on.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from enum import StrEnum
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request
from pydantic import BaseModel


class Role(StrEnum):
    CASE_WORKER = "case_worker"
    PROVIDER_STAFF = "provider_staff"
    COORDINATOR = "coordinator"
    CONTROLLER = "controller"
    AGENCY = "agency"


class Principal(BaseModel):
    """An authenticated caller: who, in which role, for which scope."""

    subject: str
    role: Role
    scope: str = "*"
    """A municipality key (AGS), a provider id, or * for the whole district."""

    def may_act_for(self, scope: str) -> bool:
        return self.scope in ("*", scope)


ANONYMOUS_COORDINATOR = Principal(subject="local-dev", role=Role.COORDINATOR)


def issue_dev_token(principal: Principal, secret: str) -> str:
    """A signed development token (never accepted where anonymous access is off in prod)."""
    body = base64.urlsafe_b64encode(principal.model_dump_json().encode()).decode().rstrip("=")
    signature = hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest()
    return f"dev.{body}.{signature}"


def read_dev_token(token: str, secret: str) -> Principal:
    try:
        prefix, body, signature = token.split(".")
    except ValueError as exc:
        raise ValueError("malformed token") from exc
    expected = hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest()
    if prefix != "dev" or not hmac.compare_digest(signature, expected):
        raise ValueError("bad token signature")
    padded = body + "=" * (-len(body) % 4)
    return Principal.model_validate(json.loads(base64.urlsafe_b64decode(padded)))


async def current_principal(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> Principal:
    """FastAPI dependency: the caller of this request."""
    settings = request.app.state.settings
    if authorization is None:
        if settings.auth_allow_anonymous:
            return ANONYMOUS_COORDINATOR
        raise HTTPException(401, "Anmeldung erforderlich (Bearer-Token fehlt).")
    scheme, _, token = authorization.partition(" ")
    try:
        if scheme.lower() != "bearer":
            raise ValueError("expected a Bearer token")
        return read_dev_token(token, settings.auth_dev_secret.get_secret_value())
    except ValueError as exc:
        raise HTTPException(401, f"Ungültiges Token: {exc}") from exc


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
