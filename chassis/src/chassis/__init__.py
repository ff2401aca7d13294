"""The shared runtime of gemeinwerk services (the "microservice chassis")."""

from chassis.consumer import RejectEvent, Subscription
from chassis.errors import Conflict, DomainError, Forbidden, NotFound
from chassis.runtime import ServiceRuntime
from chassis.settings import ServiceSettings
from chassis.uow import UnitOfWork

__all__ = [
    "Conflict",
    "DomainError",
    "Forbidden",
    "NotFound",
    "RejectEvent",
    "ServiceRuntime",
    "ServiceSettings",
    "Subscription",
    "UnitOfWork",
]
