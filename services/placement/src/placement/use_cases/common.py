"""Helpers every use case shares: rule outcomes to HTTP errors, access checks, audit rows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from chassis.auth import Principal
from chassis.logs import correlation_id_var

from chassis import Conflict, DomainError, Forbidden
from placement import clock
from placement.domain.access import Action, denial_message, is_allowed
from placement.domain.violations import Violation
from placement.store.audit import AuditRecord


def ensure(violation: Violation | None) -> None:
    """Raise the chassis error for a broken rule: 409 for a conflict, else 422."""
    if violation is None:
        return
    if violation.conflict:
        raise Conflict(violation.message, field=violation.field, code=violation.code)
    raise DomainError(violation.message, field=violation.field, code=violation.code)


def unknown(field: str, message: str) -> DomainError:
    """422 for a referenced resource in the body that does not exist."""
    return DomainError(message, field=field, code="unknown")


def authorize(
    principal: Principal, action: Action, resource_scopes: Iterable[str] | None = None
) -> None:
    """403 unless the principal's role and scope allow the action on the resource."""
    if not is_allowed(principal.role.value, principal.scope, action, resource_scopes):
        raise Forbidden(denial_message(action))


def audit(
    principal: Principal,
    action: str,
    participant_id: str,
    entity_type: str,
    entity_id: str,
    details: Mapping[str, object] | None = None,
) -> AuditRecord:
    """An audit record of an action by `principal` on a person, now."""
    return AuditRecord(
        occurred_at=clock.now(),
        actor_subject=principal.subject,
        actor_role=principal.role.value,
        actor_scope=principal.scope,
        action=action,
        participant_id=participant_id,
        entity_type=entity_type,
        entity_id=entity_id,
        details=details or {},
        correlation_id=correlation_id_var.get(),
    )
