"""The row list of a rejected hours batch, in FastAPI's 422 shape {"detail": [{loc, msg, type}]}.

German texts for request validation errors come from the chassis.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from placement.use_cases.hours import BatchRejected


async def _batch_rejected(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, BatchRejected)
    detail = [
        {
            "loc": ["body", "entries", item.index, item.violation.field],
            "msg": item.violation.message,
            "type": item.violation.code,
        }
        for item in exc.violations
    ]
    return JSONResponse(status_code=422, content={"detail": detail})


def install_error_handlers(app: FastAPI) -> None:
    """Add the placement service's handler (the chassis handles DomainError and validation)."""
    app.add_exception_handler(BatchRejected, _batch_rejected)
