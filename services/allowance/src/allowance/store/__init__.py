"""The allowance store: placements and the append-only ledger."""
