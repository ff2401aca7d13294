"""Business metrics of the allowance ledger (never person ids as labels)."""

from __future__ import annotations

from gemeinwerk_contracts.vocabulary import LegalBasis
from prometheus_client import CollectorRegistry, Counter


class LedgerMetrics:
    """Counters incremented only after the booking transaction committed."""

    def __init__(self, registry: CollectorRegistry, service: str) -> None:
        self.service = service
        self._lines = Counter(
            "gemeinwerk_allowance_ledger_lines",
            "Ledger lines booked (one per hours entry), by legal basis.",
            ["service", "legal_basis"],
            registry=registry,
        )
        self._cents = Counter(
            "gemeinwerk_allowance_booked_cents",
            "Allowance booked, in euro cents, by legal basis.",
            ["service", "legal_basis"],
            registry=registry,
        )
        for basis in LegalBasis:  # export zeros before the first booking
            self._lines.labels(service, basis.value)
            self._cents.labels(service, basis.value)

    def booked(self, legal_basis: str, lines: int, cents: int) -> None:
        """Count committed lines and their cents."""
        self._lines.labels(self.service, legal_basis).inc(lines)
        self._cents.labels(self.service, legal_basis).inc(cents)
