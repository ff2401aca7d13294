"""gemeinwerk placement service: providers, opportunities, participants, placements, hours."""
