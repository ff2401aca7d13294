"""Who may do what: roles per action, and scopes (district, municipality key, provider id).

Need-to-know for Sozialdaten: a case worker acts for the municipality they are scoped to,
provider staff for their provider, the district coordinator for everything. Other agencies
use the public event topics, not this API.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

DISTRICT_SCOPE = "*"


class Action(StrEnum):
    REGISTER_PROVIDER = "register_provider"
    VIEW_PROVIDER = "view_provider"
    CREATE_OPPORTUNITY = "create_opportunity"
    VIEW_OPPORTUNITY = "view_opportunity"
    REGISTER_PARTICIPANT = "register_participant"
    VIEW_PARTICIPANT = "view_participant"
    START_PLACEMENT = "start_placement"
    VIEW_PLACEMENT = "view_placement"
    LOG_HOURS = "log_hours"
    END_PLACEMENT = "end_placement"
    RECORD_REFUSAL = "record_refusal"
    MANAGE_POLICY = "manage_policy"
    VIEW_POLICY = "view_policy"
    APPROVE_PROVIDER = "approve_provider"
    RECORD_EXEMPTION = "record_exemption"
    MATCH = "match"
    CONFIRM_START = "confirm_start"
    UPDATE_PARTICIPANT = "update_participant"
    UPDATE_PROVIDER_CONTACT = "update_provider_contact"


_COORDINATOR = "coordinator"
_CASE_WORKER = "case_worker"
_PROVIDER_STAFF = "provider_staff"
_CONTROLLER = "controller"

ROLES: dict[Action, frozenset[str]] = {
    Action.REGISTER_PROVIDER: frozenset({_COORDINATOR}),
    Action.VIEW_PROVIDER: frozenset({_COORDINATOR, _CASE_WORKER, _PROVIDER_STAFF, _CONTROLLER}),
    Action.CREATE_OPPORTUNITY: frozenset({_COORDINATOR, _PROVIDER_STAFF}),
    Action.VIEW_OPPORTUNITY: frozenset({_COORDINATOR, _CASE_WORKER, _PROVIDER_STAFF, _CONTROLLER}),
    Action.REGISTER_PARTICIPANT: frozenset({_COORDINATOR, _CASE_WORKER}),
    Action.VIEW_PARTICIPANT: frozenset({_COORDINATOR, _CASE_WORKER}),
    Action.START_PLACEMENT: frozenset({_COORDINATOR, _CASE_WORKER}),
    Action.VIEW_PLACEMENT: frozenset({_COORDINATOR, _CASE_WORKER, _PROVIDER_STAFF}),
    Action.LOG_HOURS: frozenset({_COORDINATOR, _CASE_WORKER, _PROVIDER_STAFF}),
    Action.END_PLACEMENT: frozenset({_COORDINATOR, _CASE_WORKER, _PROVIDER_STAFF}),
    Action.RECORD_REFUSAL: frozenset({_COORDINATOR, _CASE_WORKER}),
    Action.MANAGE_POLICY: frozenset({_COORDINATOR}),
    Action.VIEW_POLICY: frozenset({_COORDINATOR, _CASE_WORKER, _PROVIDER_STAFF, _CONTROLLER}),
    Action.APPROVE_PROVIDER: frozenset({_COORDINATOR}),
    Action.RECORD_EXEMPTION: frozenset({_COORDINATOR, _CASE_WORKER}),
    Action.MATCH: frozenset({_COORDINATOR, _CASE_WORKER}),
    Action.CONFIRM_START: frozenset({_COORDINATOR, _CASE_WORKER, _PROVIDER_STAFF}),
    Action.UPDATE_PARTICIPANT: frozenset({_COORDINATOR, _CASE_WORKER}),
    Action.UPDATE_PROVIDER_CONTACT: frozenset({_COORDINATOR, _PROVIDER_STAFF}),
}


def is_allowed(
    role: str, scope: str, action: Action, resource_scopes: Iterable[str] | None
) -> bool:
    """Whether a caller in `role` with `scope` may do `action` on a resource.

    `resource_scopes` lists the scopes the resource belongs to (e.g. the participant's
    municipality key and the provider id of the placement); the district scope covers all.
    None means the resource is not scoped (any caller in an allowed role may act).
    """
    if role not in ROLES[action]:
        return False
    if resource_scopes is None or scope == DISTRICT_SCOPE:
        return True
    return scope in set(resource_scopes)


def denial_message(action: Action) -> str:
    """The German message of a refused action."""
    return f"Keine Berechtigung für diese Aktion ({action.value})."
