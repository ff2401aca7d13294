"""Database access shared by all services: engine, chassis tables, migrations."""

from chassis.store.database import Database
from chassis.store.tables import chassis_metadata, inbox_table, outbox_lease_table, outbox_table

__all__ = ["Database", "chassis_metadata", "inbox_table", "outbox_lease_table", "outbox_table"]
