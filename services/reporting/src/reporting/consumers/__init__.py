"""Event consumers of the reporting service."""
