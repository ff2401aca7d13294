"""Alembic environment of the placement service (the chassis does the work)."""

from chassis.store.migrations import run_env
from placement.store import sanction_tables  # noqa: F401 -- registers the 0005 tables
from placement.store.tables import metadata

run_env(metadata)
