"""HTTP API of the reporting service."""
