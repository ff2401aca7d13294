"""Payment methods and payment files (pure: no I/O).

Bank details are personal data: they live only in this service's store and in the SEPA file;
never in events, logs or metrics.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from sepaxml import SepaTransfer


class Method(StrEnum):
    SEPA = "sepa"
    CASH = "cash"
    BEZAHLKARTE = "bezahlkarte"


class InvalidBankDetails(ValueError):
    """German message for the user; `field` names the input."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class PaymentMethod:
    participant_ref: str
    method: Method
    iban: str | None = None
    bic: str | None = None
    account_holder: str | None = None


def validated(
    participant_ref: str,
    method: Method,
    iban: str | None,
    account_holder: str | None,
    bic: str | None = None,
) -> PaymentMethod:
    """Check bank details: SEPA needs a valid IBAN (schwifty) and an account holder; cash and
    Bezahlkarte take none. BIC is taken from the IBAN's bank registry when not given."""
    if method is not Method.SEPA:
        return PaymentMethod(participant_ref, method)
    if not iban:
        raise InvalidBankDetails("Für eine Überweisung ist eine IBAN nötig.", "iban")
    try:
        parsed = IBAN(iban)
    except SchwiftyException as exc:
        raise InvalidBankDetails(
            "Ungültige IBAN: Länge, Ländercode oder Prüfziffer stimmen nicht.", "iban"
        ) from exc
    holder = (account_holder or "").strip()
    if not holder:
        raise InvalidBankDetails("Bitte den Kontoinhaber angeben.", "account_holder")
    if len(holder) > 70:
        raise InvalidBankDetails("Kontoinhaber: höchstens 70 Zeichen.", "account_holder")
    found = bic or (str(parsed.bic) if parsed.bic else None)
    return PaymentMethod(participant_ref, method, parsed.compact, found, holder)


@dataclass(frozen=True)
class Payee:
    statement_id: str
    participant_ref: str
    amount_cents: int
    method: PaymentMethod


@dataclass(frozen=True)
class Debtor:
    name: str
    iban: str
    bic: str


def sepa_xml(debtor: Debtor, month: str, payees: list[Payee], execution: date) -> bytes | None:
    """pain.001.001.03 credit transfers for the SEPA payees (validated against the XSD that
    sepaxml ships); None when there is none."""
    transfers = [p for p in payees if p.method.method is Method.SEPA]
    if not transfers:
        return None
    config = {
        "name": debtor.name,
        "IBAN": debtor.iban,
        "BIC": debtor.bic,
        "batch": True,
        "currency": "EUR",
    }
    sepa = SepaTransfer(config, clean=True)
    for p in transfers:
        payment: dict[str, object] = {
            "name": p.method.account_holder or "",
            "IBAN": p.method.iban or "",
            "amount": p.amount_cents,
            "execution_date": execution,
            "description": f"Aufwandsentschaedigung {month}",
            "endtoend_id": p.statement_id.replace("-", ""),
        }
        if p.method.bic:
            payment["BIC"] = p.method.bic
        sepa.add_payment(payment)
    out: bytes = sepa.export(validate=True)
    return out


def cash_csv(month: str, payees: list[Payee]) -> str:
    """The list for cash and Bezahlkarte payees: German headers, semicolons, UTF-8 BOM
    (Excel), amounts with a decimal comma."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Monat", "Teilnehmer-Referenz", "Bescheid", "Zahlungsart", "Betrag (EUR)"])
    for p in payees:
        if p.method.method is Method.SEPA:
            continue
        label = "Bar" if p.method.method is Method.CASH else "Bezahlkarte"
        euros = f"{p.amount_cents // 100},{p.amount_cents % 100:02d}"
        writer.writerow([month, p.participant_ref, p.statement_id, label, euros])
    return "\ufeff" + buffer.getvalue()
