"""Settings of the allowance service (environment variables, no prefix)."""

from __future__ import annotations

from gemeinwerk_contracts.vocabulary import PaymentPayer
from pydantic import Field

from allowance.domain.rates import DEFAULT_SGB2_16D_CENTS
from chassis import ServiceSettings


class Settings(ServiceSettings):
    """Chassis settings plus the district's allowance policy."""

    service_name: str = "allowance"
    sgb2_16d_rate_cents_per_hour: int = Field(
        default=DEFAULT_SGB2_16D_CENTS,
        ge=0,
        le=1000,
        description="Mehraufwandsentschädigung under § 16d SGB II in cents per hour, set by "
        "the district (typically 100–200).",
    )
    placement_cache_size: int = Field(
        default=20_000,
        ge=0,
        description="Committed placements the ledger consumer keeps in memory (0: none).",
    )
    district_name: str = Field(
        default="Landkreis Musterland",
        description="Debtor name in the SEPA credit transfer file (payment runs).",
    )
    district_iban: str = Field(
        default="DE89370400440532013000",
        description="Debtor IBAN of the district (payment runs); the default is a test IBAN.",
    )
    district_bic: str = Field(default="COBADEFFXXX", description="Debtor BIC of the district.")
    payment_payer: PaymentPayer = Field(
        default=PaymentPayer.DISTRICT,
        description="Who pays out when no payer step is stored (POST /payer-steps): district "
        "(variant a, pays participants) or provider (variant b, reimbursed per settlement).",
    )
