"""One use case = one transaction (consumer use cases run inside the consumer's batch)."""
