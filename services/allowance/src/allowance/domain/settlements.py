"""Who pays, and variant (b): the provider pays and is reimbursed (pure: no I/O).

A settlement is one provider's claim for one month: for every statement of the month, the
part of its lines that were worked at this provider ("part" = statement × provider). A
provider's parts are settled together when their net sum is positive (negative parts, e.g.
corrections of earlier months, are offset against the provider's own positive ones); a
provider whose parts net to zero or less gets no settlement and its parts stay unpaid
(carried over, visible in the reconciliation).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape
from itertools import groupby

from gemeinwerk_contracts.vocabulary import PaymentPayer

from allowance.domain.months import BERLIN


class PayerNotAllowed(ValueError):
    """A payer step that would change a month already paid; the message is German."""


@dataclass(frozen=True)
class PayerStep:
    valid_from: str
    """First month (YYYY-MM) the payer applies to."""
    payer: PaymentPayer


def effective_payer(
    month: str,
    steps: Iterable[PayerStep],
    default: PaymentPayer,
    paid_by: PaymentPayer | None = None,
) -> PaymentPayer:
    """The payer of `month`: the payer of its earlier payment runs (a month is paid one way
    only), else the last step whose valid_from is on or before it, else the default."""
    if paid_by is not None:
        return paid_by
    applicable = [s for s in steps if s.valid_from <= month]
    if not applicable:
        return default
    return max(applicable, key=lambda s: s.valid_from).payer


def check_new_step(valid_from: str, last_paid_month: str | None) -> None:
    """A new payer step must start after the last month that already has a payment run."""
    if last_paid_month is not None and valid_from <= last_paid_month:
        raise PayerNotAllowed(
            f"Die Regel, wer auszahlt, darf erst nach dem letzten Monat mit Zahlungslauf "
            f"({last_paid_month}) gelten; bitte einen späteren Monat wählen."
        )


@dataclass(frozen=True)
class Part:
    """The lines of one statement that were worked at one provider."""

    statement_id: str
    participant_ref: str
    provider_id: str
    worked_minutes: int
    amount_cents: int


@dataclass(frozen=True)
class Settlement:
    """One provider's reimbursement for one month."""

    settlement_id: str
    month: str
    provider_id: str
    parts: tuple[Part, ...]

    @property
    def total_cents(self) -> int:
        return sum(p.amount_cents for p in self.parts)

    @property
    def worked_minutes(self) -> int:
        return sum(p.worked_minutes for p in self.parts)

    @property
    def participants(self) -> int:
        return len({p.participant_ref for p in self.parts})


def settle(
    month: str, parts: Iterable[Part], new_id: Callable[[], str]
) -> tuple[list[Settlement], list[Part]]:
    """Group unsettled parts by provider: (settlements of providers with a positive net sum,
    the parts left unpaid)."""
    ordered = sorted(parts, key=lambda p: (p.provider_id, p.participant_ref, p.statement_id))
    settled: list[Settlement] = []
    left: list[Part] = []
    for provider_id, group in groupby(ordered, key=lambda p: p.provider_id):
        own = tuple(group)
        if sum(p.amount_cents for p in own) > 0:
            settled.append(Settlement(new_id(), month, provider_id, own))
        else:
            left.extend(own)
    return settled, left


def euro(cents: int, thousands: bool = True) -> str:
    """German amount without currency sign: 123456 → "1.234,56", -5 → "-0,05"."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    digits = f"{whole:,}".replace(",", ".") if thousands else str(whole)
    return f"{sign}{digits},{rest:02d}"


def hours(minutes: int) -> str:
    """Minutes as hours:minutes: 450 → "7:30", -90 → "-1:30"."""
    sign = "-" if minutes < 0 else ""
    h, m = divmod(abs(minutes), 60)
    return f"{sign}{h}:{m:02d}"


CSV_HEADER = [
    "Monat",
    "Träger",
    "Teilnehmer-Referenz",
    "Bescheid",
    "Minuten",
    "Stunden (Std:Min)",
    "Betrag (EUR)",
]


def settlement_csv(settlement: Settlement) -> str:
    """The settlement as Excel-friendly CSV, like the cash list: UTF-8 with BOM, semicolons,
    decimal comma without thousands separator, one row per participant part, a sum row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    s = settlement
    for p in s.parts:
        writer.writerow(
            [
                s.month,
                s.provider_id,
                p.participant_ref,
                p.statement_id,
                p.worked_minutes,
                hours(p.worked_minutes),
                euro(p.amount_cents, thousands=False),
            ]
        )
    writer.writerow(
        [
            s.month,
            s.provider_id,
            "Summe",
            "",
            s.worked_minutes,
            hours(s.worked_minutes),
            euro(s.total_cents, thousands=False),
        ]
    )
    return "\ufeff" + buffer.getvalue()


_MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]


def month_name(month: str) -> str:
    """ "2026-11" → "November 2026"."""
    year, number = month.split("-")
    return f"{_MONTHS[int(number) - 1]} {year}"


def settlement_html(settlement: Settlement, district_name: str, created_at: datetime) -> str:
    """The printable settlement sheet (German), rendered to PDF by WeasyPrint."""
    s = settlement
    rows = "\n".join(
        f"<tr><td class='ref'>{escape(p.participant_ref)}</td>"
        f"<td class='num'>{hours(p.worked_minutes)}</td>"
        f"<td class='num'>{euro(p.amount_cents)} €</td></tr>"
        for p in s.parts
    )
    created = created_at.astimezone(BERLIN).strftime("%d.%m.%Y")
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<title>Erstattungsabrechnung {escape(s.month)}</title>
<style>
@page {{ size: A4; margin: 20mm 18mm; }}
body {{ font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; }}
h1 {{ font-size: 14pt; margin-bottom: 2mm; }}
table {{ border-collapse: collapse; width: 100%; margin-top: 5mm; }}
th, td {{ border-bottom: 0.3pt solid #999; padding: 1.2mm 1.5mm; text-align: left; }}
.num {{ text-align: right; white-space: nowrap; }}
.ref {{ font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; }}
tfoot td {{ font-weight: bold; border-top: 0.8pt solid #000; }}
</style></head><body>
<h1>Erstattung der Aufwandsentschädigungen – {escape(month_name(s.month))}</h1>
<p>{escape(district_name)}<br>
Träger: {escape(s.provider_id)}<br>
Abrechnung: {escape(s.settlement_id)}<br>
Erstellt am {created}</p>
<p>Der Träger hat die Aufwandsentschädigungen an die Teilnehmenden ausgezahlt; der
Landkreis erstattet die folgenden Beträge (Stunden laut Bescheid des Monats, einschließlich
Korrekturen früherer Monate).</p>
<table>
<thead><tr><th>Teilnehmer-Referenz</th><th class="num">Stunden</th>
<th class="num">Betrag</th></tr></thead>
<tbody>
{rows}
</tbody>
<tfoot><tr><td>Summe ({s.participants} Teilnehmende)</td>
<td class="num">{hours(s.worked_minutes)}</td>
<td class="num">{euro(s.total_cents)} €</td></tr></tfoot>
</table>
</body></html>
"""


def totals(settlements: Sequence[Settlement]) -> tuple[int, int]:
    """(number of settlements, their total cents)."""
    return len(settlements), sum(s.total_cents for s in settlements)
