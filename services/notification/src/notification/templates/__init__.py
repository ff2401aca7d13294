"""Notice texts, one folder per language: <language>/wording.toml and <language>/<type>/.

Adding a language means adding a folder; the code does not change. German (`de`) is the
authoritative text and the fallback.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from string import Template

from notification.domain.notices import NoticeType
from notification.domain.wording import NoticeTemplate, Wording

AUTHORITATIVE_LANGUAGE = "de"


def _folder(language: str) -> Traversable:
    if not language.isalpha():
        raise ValueError(f"not a language code: {language!r}")
    return resources.files(__name__).joinpath(language)


def available_languages() -> list[str]:
    """Languages that have a wording file."""
    root = resources.files(__name__)
    return sorted(
        entry.name
        for entry in root.iterdir()
        if entry.is_dir() and entry.joinpath("wording.toml").is_file()
    )


@cache
def load_wording(language: str) -> Wording:
    """Names and formats of one language."""
    data = tomllib.loads(_folder(language).joinpath("wording.toml").read_text(encoding="utf-8"))
    return Wording(
        language=language,
        date_format=data["date_format"],
        decimal_separator=data["decimal_separator"],
        weekdays=tuple(data["weekdays"]),
        categories=dict(data["category"]),
        legal_bases=dict(data["legal_basis"]),
        direction=data.get("direction", "ltr"),
        language_name=data.get("language_name", language),
        translation_note=data.get("translation_note", ""),
        thousands_separator=data.get("thousands_separator", ""),
        months=tuple(data.get("months", ())),
        end_reasons=dict(data.get("end_reason", {})),
        waiver_reasons=dict(data.get("waiver_reason", {})),
    )


def has_language(language: str) -> bool:
    """Whether a wording file exists for this language code (any text, no code change)."""
    return language.isalpha() and _folder(language).joinpath("wording.toml").is_file()


@cache
def load_template(language: str, name: NoticeType | str) -> NoticeTemplate:
    """Subject, body and further parts of one template folder (a notice type or a variant
    such as `sanction_waived`) in one language."""
    folder = _folder(language).joinpath(str(name))
    parts = {
        entry.name.removesuffix(".txt"): Template(entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.is_file()
        and entry.name.endswith(".txt")
        and entry.name not in ("subject.txt", "body.txt")
    }
    return NoticeTemplate(
        language=language,
        subject=Template(folder.joinpath("subject.txt").read_text(encoding="utf-8")),
        body=Template(folder.joinpath("body.txt").read_text(encoding="utf-8")),
        parts=parts,
    )
