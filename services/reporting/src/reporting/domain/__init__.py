"""Pure reporting rules: months, fact rows and the figures derived from them (no I/O)."""
