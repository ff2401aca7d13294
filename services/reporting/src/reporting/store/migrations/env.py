"""Alembic environment of the reporting store."""

from chassis.store.migrations import run_env
from reporting.store.tables import metadata

run_env(metadata)
