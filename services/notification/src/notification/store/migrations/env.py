"""Alembic environment of the notification store."""

from chassis.store.migrations import run_env
from notification.store.tables import metadata

run_env(metadata)
