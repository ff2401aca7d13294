"""The read model store: fact tables, idempotent upserts and aggregate queries."""
