"""gemeinwerk allowance service: the ledger of Aufwandsentschädigungen per hours entry."""
