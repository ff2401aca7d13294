"""Pure rules of notices: no database, broker or web framework in here."""
