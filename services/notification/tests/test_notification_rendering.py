"""Unit tests: the German text of the placement notice, formats, names, the e-mail."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from string import Template

import pytest
from gemeinwerk_contracts.vocabulary import LegalBasis, OpportunityCategory
from notification.delivery.mail import compose, sender_address, sender_domain
from notification.domain.notices import NoticeType, message_id, notice_id
from notification.domain.placement_notice import PlacementFacts
from notification.domain.recipients import Recipient
from notification.domain.rendering import RenderedNotice, RenderingError, render
from notification.domain.wording import NoticeTemplate
from notification.templates import available_languages, load_template, load_wording

GERMAN_CATEGORIES = {
    OpportunityCategory.GREEN_SPACE_CARE: "Grünflächenpflege",
    OpportunityCategory.CLOTHING_STORE: "Kleiderkammer",
    OpportunityCategory.FOOD_BANK: "Lebensmittelausgabe (Tafel)",
    OpportunityCategory.ANIMAL_SHELTER: "Tierheim",
    OpportunityCategory.NATURE_CONSERVATION: "Natur- und Landschaftsschutz",
    OpportunityCategory.SPORTS_GROUNDS: "Pflege von Sportanlagen",
    OpportunityCategory.DRIVING_SERVICE: "Fahrdienst",
    OpportunityCategory.WORKSHOP: "Werkstatt",
    OpportunityCategory.ADMINISTRATION: "Unterstützung in der Verwaltung",
    OpportunityCategory.ROAD_DEPOT: "Bauhof",
    OpportunityCategory.RECEPTION_FACILITY: (
        "Mithilfe in einer Aufnahmeeinrichtung oder Gemeinschaftsunterkunft"
    ),
}

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
    start: date = date(2026, 11, 2),
    hours: str = "20.5",
    legal_basis: LegalBasis = LegalBasis.ASYLBLG_5,
) -> PlacementFacts:
    return PlacementFacts(
        placement_id="0b6f8a4e-2c3d-4e5f-8a9b-1c2d3e4f5a6b",
        opportunity_id="9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
        provider_id="1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
        municipality_key="03459004",
        legal_basis=legal_basis,
        category=category,
        start_date=start,
        hours_per_week=Decimal(hours),
    )


def german(placement: PlacementFacts, recipient: Recipient = AMAL) -> RenderedNotice:
    notice_type = NoticeType.PLACEMENT_STARTED
    return render(
        notice_type,
        placement.to_json(),
        recipient,
        load_template("de", notice_type),
        load_wording("de"),
    )


def test_subject_names_the_start_date_in_german_format() -> None:
    text = german(facts(start=date(2026, 11, 2)))
    assert text.subject == "Zuweisung in eine Arbeitsgelegenheit ab 02.11.2026"
    assert text.language == "de"


def test_body_greets_by_full_name_and_states_what_when_and_extent() -> None:
    body = german(facts()).body
    assert body.startswith("Guten Tag Amal Haddad,\n")
    assert "Tätigkeit: Lebensmittelausgabe (Tafel)" in body
    assert "Beginn: Montag, 02.11.2026" in body
    assert "Umfang: 20,5 Stunden pro Woche" in body
    assert "Rechtsgrundlage: § 5 Asylbewerberleistungsgesetz (AsylbLG)" in body


def test_body_announces_the_formal_letter_with_rechtsfolgenbelehrung() -> None:
    body = german(facts()).body
    assert "förmliche Zuweisung erhalten Sie zusätzlich als Brief" in body
    assert "Rechtsfolgenbelehrung" in body


def test_no_placeholder_is_left_unfilled() -> None:
    text = german(facts())
    assert "$" not in text.subject + text.body


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2026, 1, 5), "Beginn: Montag, 05.01.2026"),
        (date(2026, 12, 31), "Beginn: Donnerstag, 31.12.2026"),
        (date(2027, 3, 7), "Beginn: Sonntag, 07.03.2027"),
    ],
)
def test_dates_are_dd_mm_yyyy_with_german_weekday(start: date, expected: str) -> None:
    text = german(facts(start=start))
    assert expected in text.body
    assert text.subject.endswith(start.strftime("%d.%m.%Y"))


@pytest.mark.parametrize(
    ("hours", "expected"),
    [("20", "20"), ("20.00", "20"), ("20.5", "20,5"), ("7.25", "7,25"), ("40", "40")],
)
def test_hours_use_a_decimal_comma_without_trailing_zeros(hours: str, expected: str) -> None:
    assert f"Umfang: {expected} Stunden pro Woche" in german(facts(hours=hours)).body


@pytest.mark.parametrize("category", list(OpportunityCategory))
def test_every_category_has_its_german_name(category: OpportunityCategory) -> None:
    assert f"Tätigkeit: {GERMAN_CATEGORIES[category]}\n" in german(facts(category)).body


def test_the_german_wording_names_every_category_and_legal_basis() -> None:
    wording = load_wording("de")
    assert set(wording.categories) == {c.value for c in OpportunityCategory}
    assert set(wording.legal_bases) == {b.value for b in LegalBasis}


def test_buergergeld_placements_name_sgb_ii() -> None:
    body = german(facts(legal_basis=LegalBasis.SGB2_16D)).body
    assert "Rechtsgrundlage: § 16d Zweites Buch Sozialgesetzbuch (SGB II)" in body


def test_german_is_available_and_every_notice_type_has_german_text() -> None:
    assert "de" in available_languages()
    for notice_type in NoticeType:
        template = load_template("de", notice_type)
        assert template.subject.template.strip()
        assert template.body.template.strip()


def test_a_template_with_an_unknown_field_fails_instead_of_sending_half_a_text() -> None:
    broken = NoticeTemplate("de", Template("Hallo ${nickname}"), Template("x"))
    with pytest.raises(RenderingError):
        render(NoticeType.PLACEMENT_STARTED, facts().to_json(), AMAL, broken, load_wording("de"))


def test_subject_is_one_line_even_if_the_template_file_wraps() -> None:
    wrapped = NoticeTemplate("de", Template("Zuweisung\nab ${start_date}\n"), Template("x"))
    text = render(
        NoticeType.PLACEMENT_STARTED, facts().to_json(), AMAL, wrapped, load_wording("de")
    )
    assert text.subject == "Zuweisung ab 02.11.2026"


def test_facts_survive_their_stored_form() -> None:
    original = facts(hours="12.75")
    assert PlacementFacts.from_json(original.to_json()) == original


def test_the_email_carries_a_stable_message_id_and_german_text() -> None:
    nid = notice_id(NoticeType.PLACEMENT_STARTED, facts().placement_id)
    sender = "gemeinwerk <noreply@gemeinwerk.invalid>"
    messages = [
        compose(
            notice_id=nid,
            notice_type=NoticeType.PLACEMENT_STARTED,
            subject=german(facts()).subject,
            body=german(facts()).body,
            languages="de,ar",
            pdf=b"%PDF-1.7 fake",
            sender=sender,
            to_name="Amal Haddad",
            to_address="amal.haddad@example.org",
            at=datetime(2026, 10, 20, 9, 0, tzinfo=UTC),
        )
        for _ in range(2)
    ]
    first, second = messages
    assert first["Message-ID"] == second["Message-ID"] == f"<notice.{nid}@gemeinwerk.invalid>"
    assert first["To"] == "Amal Haddad <amal.haddad@example.org>"
    assert first["From"] == sender
    assert first["Subject"] == "Zuweisung in eine Arbeitsgelegenheit ab 02.11.2026"
    assert first["Content-Language"] == "de, ar"
    assert first["Auto-Submitted"] == "auto-generated"
    text_part = first.get_body(preferencelist=("plain",))
    assert text_part is not None and text_part.get_content_charset() == "utf-8"
    assert "Guten Tag Amal Haddad," in text_part.get_content()
    [attachment] = list(first.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == b"%PDF-1.7 fake"
    assert attachment.get_filename().endswith(".pdf")


def test_sender_address_and_domain() -> None:
    assert sender_address("gemeinwerk <noreply@kreis.example>") == "noreply@kreis.example"
    assert sender_domain("gemeinwerk <noreply@kreis.example>") == "kreis.example"
    assert sender_domain("noreply") == "gemeinwerk.invalid"


def test_a_resend_gets_its_own_message_id() -> None:
    assert message_id("n1", "d.example", 0) == "<notice.n1@d.example>"
    assert message_id("n1", "d.example", 2) == "<notice.n1.2@d.example>"
