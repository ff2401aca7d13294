"""Persistence of the placement service: SQLAlchemy Core tables and query functions."""
