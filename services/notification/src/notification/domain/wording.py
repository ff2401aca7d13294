"""The words of one language that notices share: names of categories, formats of numbers."""

from __future__ import annotations

from dataclasses import dataclass
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
