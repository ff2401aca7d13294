"""Who may read which allowance lines (need-to-know; amounts are Sozialdaten).

- coordinator, controller (district): every line, unless their scope narrows it;
- case_worker: lines of placements in their municipality (scope = AGS), or all with "*";
- provider_staff: lines of their provider (scope = provider id), or all with "*";
- agency and anyone else: nothing (other agencies get events, never this ledger).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WHOLE_DISTRICT = "*"
_MUNICIPALITY_KEY = re.compile(r"^\d{8}$")


@dataclass(frozen=True)
class ReadScope:
    """A filter on ledger lines; both None means the whole district."""

    provider_id: str | None = None
    municipality_key: str | None = None


class ReadDenied(PermissionError):
    """The caller may not read allowance data."""


def read_scope(role: str, scope: str) -> ReadScope:
    """The lines a caller with this role and scope may read; raises ReadDenied."""
    if role in ("coordinator", "controller"):
        if scope == WHOLE_DISTRICT:
            return ReadScope()
        if _MUNICIPALITY_KEY.match(scope):
            return ReadScope(municipality_key=scope)
        return ReadScope(provider_id=scope)
    if role == "case_worker":
        return ReadScope() if scope == WHOLE_DISTRICT else ReadScope(municipality_key=scope)
    if role == "provider_staff":
        return ReadScope() if scope == WHOLE_DISTRICT else ReadScope(provider_id=scope)
    raise ReadDenied(role)


def may_administer(role: str, scope: str) -> bool:
    """District-wide coordinators set rates, close months and approve manual lines."""
    return role == "coordinator" and scope == WHOLE_DISTRICT


def may_read_district(role: str, scope: str) -> bool:
    """District-wide readers of statements, rates and reconciliation."""
    return role in ("coordinator", "controller") and scope == WHOLE_DISTRICT
