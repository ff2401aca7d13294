"""Health, readiness and metrics endpoints, and the FastAPI dependencies use cases need."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

if TYPE_CHECKING:
    from chassis.runtime import ServiceRuntime

health_router = APIRouter(tags=["operations"])


def get_runtime(request: Request) -> ServiceRuntime:
    """The runtime of this service process (store, metrics, units of work)."""
    return request.app.state.runtime  # type: ignore[no-any-return]


Runtime = Annotated["ServiceRuntime", Depends(get_runtime)]


@health_router.get("/healthz", summary="Liveness: the process answers")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@health_router.get("/readyz", summary="Readiness: store and broker reachable")
async def readyz(request: Request) -> JSONResponse:
    checks = await get_runtime(request).ready()
    ready = all(value == "ok" for value in checks.values())
    return JSONResponse(
        status_code=200 if ready else 503,
        content={"status": "ready" if ready else "not ready", "checks": checks},
    )


@health_router.get("/metrics", summary="Prometheus metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    registry = get_runtime(request).metrics.registry
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
