"""Use-case errors and their HTTP form: 422 names the field and the reason, 409 a conflict."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


class DomainError(Exception):
    """A request breaks a rule. `field` names the input it is about (a JSON path)."""

    status_code = 422

    def __init__(
        self,
        message: str,
        field: str | None = None,
        code: str = "rule_violated",
        location: str = "body",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code
        self.location = location
        """Where the field is: body, query or path (as in FastAPI's own errors)."""


class NotFound(DomainError):
    status_code = 404

    def __init__(self, message: str, field: str | None = None, location: str = "path") -> None:
        super().__init__(message, field, "not_found", location)


class Conflict(DomainError):
    """The request is valid but the current state does not allow it (e.g. no free place)."""

    status_code = 409

    def __init__(self, message: str, field: str | None = None, code: str = "conflict") -> None:
        super().__init__(message, field, code)


class Forbidden(DomainError):
    status_code = 403

    def __init__(self, message: str) -> None:
        super().__init__(message, None, "forbidden")


def install_error_handlers(app: FastAPI) -> None:
    """Render DomainErrors in the same shape as FastAPI's own validation errors."""

    async def handle(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, DomainError)
        location = [exc.location, *exc.field.split(".")] if exc.field else []
        detail = [{"loc": location, "msg": exc.message, "type": exc.code}]
        return JSONResponse(status_code=exc.status_code, content={"detail": detail})

    app.add_exception_handler(DomainError, handle)
