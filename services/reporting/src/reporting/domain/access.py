"""Who may see which key figures (aggregates only, but still need-to-know)."""

from __future__ import annotations

import re

DISTRICT_WIDE_ROLES = frozenset({"coordinator", "controller", "case_worker"})
"""Roles that may read key figures; a scoped caller sees only its own municipality."""

_MUNICIPALITY_KEY = re.compile(r"^\d{8}$")


class AccessDenied(Exception):
    """The caller may not read these figures."""


def municipality_for(role: str, scope: str, requested: str | None) -> str | None:
    """The municipality filter a caller's figures must use (None: the whole district).

    Coordinators, controllers and case workers of the district (scope *) see everything; a
    caller scoped to a municipality key sees only that municipality. Providers and other
    agencies get no figures here.
    """
    if role not in DISTRICT_WIDE_ROLES:
        raise AccessDenied("Keine Berechtigung für Kennzahlen.")
    if scope == "*":
        return requested
    if not _MUNICIPALITY_KEY.match(scope):
        raise AccessDenied("Keine Berechtigung für Kennzahlen.")
    if requested is not None and requested != scope:
        raise AccessDenied("Kennzahlen anderer Gemeinden sind nicht freigegeben.")
    return scope
