"""HTTP API of the allowance service."""
