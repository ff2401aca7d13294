"""gemeinwerk notification service: tells participants about their placements."""
