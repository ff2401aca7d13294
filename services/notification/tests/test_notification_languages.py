"""Unit tests: German first, a translation as reading aid, right to left, fallback."""

from __future__ import annotations

import logging
import sys
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from string import Template

import pytest
from gemeinwerk_contracts.vocabulary import LegalBasis, OpportunityCategory
from gemeinwerk_contracts.vocabulary import NoticeType as ContractNoticeType
from notification.domain.notices import ADDRESSEES, TEMPLATES, Addressee, NoticeType, template_name
from notification.domain.placement_notice import PlacementFacts
from notification.domain.recipients import Recipient
from notification.domain.rendering import render
from notification.templates import available_languages, load_template, load_wording
from notification.texts import render_text

sys.path.insert(0, str(Path(__file__).parent))
from notification_samples import TAFEL, samples

REQUIRED = {"de", "en", "ar", "fa", "tr", "uk", "ru"}
RTL = {"ar", "fa"}

AMAL = Recipient(
    participant_ref="6f1c8d2e-6b1a-4d59-9a57-0c2f3e1d7a10",
    given_name="Amal",
    family_name="Haddad",
    preferred_language="ar",
    email="amal.haddad@example.org",
    postal_address=None,
    municipality_key="03459004",
    legal_basis="asylblg_5",
)


def facts(
    category: OpportunityCategory = OpportunityCategory.FOOD_BANK,
    legal_basis: LegalBasis = LegalBasis.ASYLBLG_5,
) -> dict[str, str]:
    return PlacementFacts(
        placement_id="0b6f8a4e-2c3d-4e5f-8a9b-1c2d3e4f5a6b",
        opportunity_id="9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
        provider_id="1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
        municipality_key="03459004",
        legal_basis=legal_basis,
        category=category,
        start_date=date(2026, 11, 2),
        hours_per_week=Decimal("20.5"),
    ).to_json()


def test_the_required_languages_are_there() -> None:
    assert set(available_languages()) >= REQUIRED


PARTICIPANT_NOTICES = [t for t in NoticeType if ADDRESSEES[t] is Addressee.PARTICIPANT]
STAFF_NOTICES = [t for t in NoticeType if ADDRESSEES[t] is not Addressee.PARTICIPANT]


def test_the_notice_types_are_those_of_the_contract() -> None:
    assert {t.value for t in NoticeType} == {t.value for t in ContractNoticeType}
    assert set(ADDRESSEES) == set(NoticeType)


@pytest.mark.parametrize("language", sorted(set(available_languages()) | REQUIRED))
@pytest.mark.parametrize("notice_type", PARTICIPANT_NOTICES)
def test_every_template_renders_in_every_language_without_missing_fields(
    language: str, notice_type: NoticeType
) -> None:
    wording = load_wording(language)
    seen: set[str] = set()
    for sample in samples(notice_type):
        name = template_name(notice_type, sample)
        seen.add(name)
        template = load_template(language, name)
        text = render(notice_type, sample, AMAL, template, wording)
        assert text.subject.strip() and text.body.strip()
        assert "$" not in text.subject + text.body, (name, text.body)
        assert "Amal Haddad" in text.body
    assert seen == set(TEMPLATES[notice_type])


@pytest.mark.parametrize("notice_type", STAFF_NOTICES)
def test_staff_notices_render_in_german_alone(notice_type: NoticeType) -> None:
    for sample in samples(notice_type):
        text = render_text(notice_type, sample, AMAL, TAFEL)
        assert text.translation is None and text.languages == "de"
        assert "$" not in text.german.subject + text.german.body
        assert "Amal Haddad" in text.german.subject + text.german.body


@pytest.mark.parametrize("language", sorted(set(available_languages()) | REQUIRED))
def test_every_template_folder_has_the_same_parts_as_the_german_one(language: str) -> None:
    for notice_type in PARTICIPANT_NOTICES:
        for name in TEMPLATES[notice_type]:
            german = load_template("de", name)
            translated = load_template(language, name)
            assert set(translated.parts) == set(german.parts), (language, name)


@pytest.mark.parametrize("language", sorted(REQUIRED - {"de"}))
def test_each_translation_marks_itself_as_a_reading_aid_and_has_its_direction(
    language: str,
) -> None:
    wording = load_wording(language)
    assert wording.translation_note.strip()
    assert wording.direction == ("rtl" if language in RTL else "ltr")
    assert wording.language_name
    assert set(wording.categories) == {c.value for c in OpportunityCategory}
    assert set(wording.legal_bases) == {b.value for b in LegalBasis}
    assert len(wording.weekdays) == 7


def test_german_carries_no_reading_aid_note_and_is_ltr() -> None:
    wording = load_wording("de")
    assert wording.translation_note == ""
    assert wording.direction == "ltr"


def test_german_first_then_the_arabic_translation_right_to_left() -> None:
    text = render_text(NoticeType.PLACEMENT_STARTED, facts(), AMAL)
    assert text.german.language == "de"
    assert text.german.body.startswith("Guten Tag Amal Haddad,")
    assert text.translation is not None
    assert text.translation.text.language == "ar"
    assert text.translation.direction == "rtl"
    assert "النص الألماني هو النص المعتمد" in text.translation.note
    assert "لقد تم تعيينك في فرصة عمل" in text.translation.text.body
    assert "توزيع المواد الغذائية (Tafel)" in text.translation.text.body
    assert "الاثنين" in text.translation.text.body
    assert text.languages == "de,ar"


def test_farsi_is_right_to_left_and_russian_left_to_right() -> None:
    farsi = render_text(
        NoticeType.PLACEMENT_STARTED, facts(), replace(AMAL, preferred_language="fa")
    )
    russian = render_text(
        NoticeType.PLACEMENT_STARTED, facts(), replace(AMAL, preferred_language="ru")
    )
    assert farsi.translation is not None and farsi.translation.direction == "rtl"
    assert russian.translation is not None and russian.translation.direction == "ltr"
    assert "понедельник, 02.11.2026" in russian.translation.text.body


def test_a_german_speaker_gets_german_alone() -> None:
    text = render_text(
        NoticeType.PLACEMENT_STARTED, facts(), replace(AMAL, preferred_language="de")
    )
    assert text.translation is None
    assert text.languages == "de"


@pytest.mark.parametrize("language", ["ps", "ti", "", "x-y"])
def test_a_missing_translation_falls_back_to_german_alone_and_is_logged(
    language: str, caplog: pytest.LogCaptureFixture
) -> None:
    recipient = replace(AMAL, preferred_language=language)
    with caplog.at_level(logging.WARNING, logger="notification.texts"):
        text = render_text(NoticeType.PLACEMENT_STARTED, facts(), recipient)
    assert text.translation is None
    assert text.german.body.startswith("Guten Tag Amal Haddad,")
    if language:
        assert any("German alone" in r.getMessage() for r in caplog.records)


def test_a_broken_translation_falls_back_to_german_alone_and_is_logged(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import notification.texts as texts
    from notification.domain.wording import NoticeTemplate

    real = texts.load_template

    def broken(language: str, notice_type: NoticeType) -> NoticeTemplate:
        if language == "ar":
            return NoticeTemplate("ar", Template("${nickname}"), Template("x"))
        return real(language, notice_type)

    monkeypatch.setattr(texts, "load_template", broken)
    with caplog.at_level(logging.WARNING, logger="notification.texts"):
        text = render_text(NoticeType.PLACEMENT_STARTED, facts(), AMAL)
    assert text.translation is None and text.languages == "de"
    assert any("unusable" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("fa", "rtl"), ("tr", "ltr")])
def test_the_letter_sets_the_translation_direction(language: str, direction: str) -> None:
    from notification.letters.layout import Letterhead, letter_html

    text = render_text(
        NoticeType.PLACEMENT_STARTED, facts(), replace(AMAL, preferred_language=language)
    )
    html = letter_html(text, Letterhead(("Kreis", "1 Ort")), "Amal Haddad", None, date.today(), "x")
    assert f'<section class="translation" lang="{language}" dir="{direction}">' in html
    assert html.index('lang="de" dir="ltr"') < html.index('class="translation"')
    assert "maßgeblich ist der deutsche Text" in html
