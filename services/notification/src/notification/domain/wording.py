"""The words of one language that notices share: names of categories, formats of numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from string import Template


@dataclass(frozen=True)
class Wording:
    """Language-specific names and formats, loaded from templates/<language>/wording.toml."""

    language: str
    date_format: str
    decimal_separator: str
    weekdays: tuple[str, ...]
    """Monday first, as `date.weekday()` counts."""
    categories: dict[str, str]
    """OpportunityCategory value → name shown to the participant."""
    legal_bases: dict[str, str]
    """LegalBasis value → name of the statute."""
    direction: str = "ltr"
    """Writing direction: `ltr` or `rtl` (Arabic, Dari/Farsi, Pashto)."""
    language_name: str = ""
    """German name of the language (heading of the translation in a letter)."""
    translation_note: str = ""
    """In this language: translation for information only, the German text is authoritative."""
    thousands_separator: str = ""
    """Groups of three digits in amounts (German: `.`: 1.234,50 EUR)."""
    months: tuple[str, ...] = ()
    """Names of the months, January first."""
    end_reasons: dict[str, str] = field(default_factory=dict)
    """EndReason value → why a placement ended, as a phrase."""
    waiver_reasons: dict[str, str] = field(default_factory=dict)
    """SanctionWaiverReason value → why a sanction was not imposed."""

    def format_date(self, value: date) -> str:
        """A date as this language writes it (German: 02.11.2026)."""
        return value.strftime(self.date_format)

    def weekday_name(self, value: date) -> str:
        """The name of the day of the week."""
        return self.weekdays[value.weekday()]

    def format_decimal(self, value: Decimal) -> str:
        """A number without trailing zeros and with this language's separator (20,5)."""
        text = format(value.normalize(), "f")
        return text.replace(".", self.decimal_separator)

    def format_money(self, cents: int) -> str:
        """An amount of integer cents in euros (German: -1.234,50 EUR); never a float."""
        sign = "-" if cents < 0 else ""
        euros, rest = divmod(abs(cents), 100)
        digits = str(euros)
        groups: list[str] = []
        while len(digits) > 3:
            groups.insert(0, digits[-3:])
            digits = digits[:-3]
        groups.insert(0, digits)
        return (
            f"{sign}{self.thousands_separator.join(groups)}{self.decimal_separator}{rest:02d} EUR"
        )

    def format_month(self, month: str) -> str:
        """A month `YYYY-MM` by name (German: November 2026); KeyError without names."""
        year, number = month.split("-")
        if len(self.months) != 12:
            raise KeyError("months")
        return f"{self.months[int(number) - 1]} {year}"

    def end_reason_name(self, value: str) -> str:
        """Why a placement ended; KeyError when the wording lacks it."""
        return self.end_reasons[value]

    def waiver_reason_name(self, value: str) -> str:
        """Why a sanction was waived; KeyError when the wording lacks it."""
        return self.waiver_reasons[value]

    def category_name(self, value: str) -> str:
        """The name of an opportunity category; KeyError when the wording lacks it."""
        return self.categories[value]

    def legal_basis_name(self, value: str) -> str:
        """The name of a legal basis; KeyError when the wording lacks it."""
        return self.legal_bases[value]


@dataclass(frozen=True)
class NoticeTemplate:
    """Subject and body of one notice type in one language (string.Template syntax)."""

    language: str
    subject: Template
    body: Template
    parts: dict[str, Template] = field(default_factory=dict)
    """Further text blocks of the folder (e.g. `legal_notice_asylblg_5.txt`), chosen by facts."""
