"""FastAPI dependencies of the placement routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from placement.context import PlacementContext


def get_context(request: Request) -> PlacementContext:
    """The placement context of this app (set in `app.build()`)."""
    context: PlacementContext = request.app.state.placement
    return context


Ctx = Annotated[PlacementContext, Depends(get_context)]
