"""Proof that the letters are real PDFs: text extracted, fonts embedded, page 1 as PNG.

The PNGs land in artifacts/notification/ (git-ignored) for a person to look at.
Needs WeasyPrint's Pango (libpango-1.0-0, libpangoft2-1.0-0), fonts with Arabic script
(fonts-noto-core, fonts-dejavu-core) and poppler-utils (pdftotext, pdftoppm, pdffonts).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from gemeinwerk_contracts.vocabulary import LegalBasis, OpportunityCategory
from notification.domain.notices import NoticeType
from notification.domain.placement_notice import PlacementFacts
from notification.domain.recipients import PostalAddress, Recipient
from notification.letters.document import build_document
from notification.letters.layout import Letterhead
from pypdf import PdfReader

ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts" / "notification"
BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
LETTERHEAD = Letterhead(
    (
        "Landkreis Musterkreis",
        "Fachdienst Soziales – Team Arbeitsgelegenheiten",
        "Kreishausstraße 1",
        "12345 Musterstadt",
    )
)
AMAL = Recipient(
    participant_ref="6f1c8d2e-6b1a-4d59-9a57-0c2f3e1d7a10",
    given_name="Amal",
    family_name="Haddad",
    preferred_language="ar",
    email=None,
    postal_address=PostalAddress("Am Markt 3", "49074", "Osnabrück"),
    municipality_key="03459004",
    legal_basis="asylblg_5",
)
FACTS = PlacementFacts(
    placement_id="0b6f8a4e-2c3d-4e5f-8a9b-1c2d3e4f5a6b",
    opportunity_id="9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
    provider_id="1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
    municipality_key="03459004",
    legal_basis=LegalBasis.ASYLBLG_5,
    category=OpportunityCategory.FOOD_BANK,
    start_date=date(2026, 11, 2),
    hours_per_week=Decimal("20.5"),
).to_json()


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} missing: install the Debian package poppler-utils")
    return path


@pytest.fixture(autouse=True, scope="module")
def arabic_font() -> None:
    """Without a font covering Arabic script the letters would show empty boxes."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        pytest.skip("fc-list missing: install the Debian package fontconfig")
    fonts = subprocess.run([fc_list, ":lang=ar", "family"], capture_output=True, check=True)
    if not fonts.stdout.strip():
        pytest.skip(
            "no font covering Arabic script: install fonts-noto-core (or fonts-dejavu-core)"
        )


async def letter(language: str) -> bytes:
    recipient = replace(AMAL, preferred_language=language)
    document = await build_document(
        "0b6f8a4e-aaaa-4bbb-8ccc-0123456789ab",
        NoticeType.PLACEMENT_STARTED,
        dict(FACTS),
        recipient,
        LETTERHEAD,
        date(2026, 10, 20),
    )
    return document.pdf


def run(tool: str, *args: str, pdf: bytes) -> str:
    """Run a poppler tool on a PDF given on stdin; its standard output."""
    result = subprocess.run([poppler(tool), *args], input=pdf, capture_output=True, check=True)
    return result.stdout.decode()


def pdftotext(pdf: bytes) -> str:
    text = run("pdftotext", "-enc", "UTF-8", "-", "-", pdf=pdf)
    return " ".join(text.translate(BIDI_CONTROLS).split())


async def test_the_arabic_letter_holds_the_german_text_and_the_arabic_translation() -> None:
    pdf = await letter("ar")
    assert pdf.startswith(b"%PDF-")
    german = " ".join(
        " ".join((page.extract_text() or "") for page in PdfReader(BytesIO(pdf)).pages).split()
    )
    assert "Zuweisung in eine Arbeitsgelegenheit ab 02.11.2026" in german
    assert "Tätigkeit: Lebensmittelausgabe (Tafel)" in german
    assert "Rechtsfolgenbelehrung" in german
    text = pdftotext(pdf)
    assert "Sie wurden einer Arbeitsgelegenheit zugewiesen" in text
    assert "Am Markt 3" in text and "49074 Osnabrück" in text
    assert "النص الألماني هو النص المعتمد" in text  # the reading-aid note
    assert "لقد تم تعيينك في فرصة عمل" in text
    assert "توزيع المواد الغذائية" in text
    assert text.index("Sie wurden einer") < text.index("لقد تم تعيينك")  # German first


async def test_fonts_covering_arabic_script_are_embedded() -> None:
    fonts = run("pdffonts", "-", pdf=await letter("fa"))
    assert "Noto-Naskh-Arabic" in fonts or "DejaVu" in fonts, fonts
    assert "معرفی به یک فرصت کاری" in pdftotext(await letter("fa"))


@pytest.mark.parametrize("language", ["ar", "fa", "uk", "de", "ps"])
async def test_page_one_rendered_as_png_for_a_person_to_look_at(language: str) -> None:
    pdf = await letter(language)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"placement_started-{language}.pdf").write_bytes(pdf)
    stem = ARTIFACTS / f"placement_started-{language}-page1"
    run(
        "pdftoppm",
        "-png",
        "-r",
        "100",
        "-f",
        "1",
        "-l",
        "1",
        "-singlefile",
        "-",
        str(stem),
        pdf=pdf,
    )
    png = stem.with_suffix(".png")
    assert png.read_bytes().startswith(b"\x89PNG")
    assert png.stat().st_size > 20_000


ASSIGNMENT_FACTS = {
    "placement_id": "0b6f8a4e-2c3d-4e5f-8a9b-1c2d3e4f5a6b",
    "opportunity_id": "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
    "provider_id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
    "provider_name": "Tafel Bad Iburg e. V.",
    "legal_basis": "asylblg_5",
    "category": "food_bank",
    "work_description": "Sortieren und Ausgeben von Lebensmitteln",
    "site_street": "Schlossstraße 9",
    "site_postal_code": "49186",
    "site_city": "Bad Iburg",
    "reporting_instructions": "Montag 8:30 Uhr bei Frau Lange im Lager, Eingang Hofseite",
    "hours_per_week": "20.5",
    "start_date": "2026-11-02",
    "end_date": "2027-04-30",
    "issued_date": "2026-10-20",
}


async def assignment_letter(language: str, legal_basis: str = "asylblg_5") -> bytes:
    document = await build_document(
        "5e6f7a8b-aaaa-4bbb-8ccc-0123456789ab",
        NoticeType.ASSIGNMENT,
        ASSIGNMENT_FACTS | {"legal_basis": legal_basis},
        replace(AMAL, preferred_language=language),
        LETTERHEAD,
        date(2026, 10, 20),
    )
    return document.pdf


async def test_the_assignment_letter_holds_the_german_legal_notice_and_the_arabic_one() -> None:
    pdf = await assignment_letter("ar")
    text = pdftotext(pdf)
    assert "Zuweisung in eine Arbeitsgelegenheit nach § 5 Asylbewerberleistungsgesetz" in text
    assert "Einsatzort: Schlossstraße 9, 49186 Bad Iburg" in text
    assert "Rechtsfolgenbelehrung" in text
    assert "§ 5 Abs. 4 Satz 2 AsylbLG in Verbindung mit § 1a Abs. 1 AsylbLG" in text
    assert "auf höchstens sechs Monate zu befristen" in text
    assert "Rechtsbehelfsbelehrung" in text
    assert "تنبيه إلى العواقب القانونية" in text  # the Arabic legal notice
    assert "ستة أشهر كحد أقصى" in text
    assert text.index("Rechtsfolgenbelehrung") < text.index("تنبيه إلى العواقب القانونية")


async def test_the_buergergeld_assignment_letter_holds_the_sgb_ii_legal_notice() -> None:
    text = pdftotext(await assignment_letter("ar", "sgb2_16d"))
    assert "Pflichtverletzung nach § 31 Abs. 1 SGB II" in text
    assert (
        "Nach § 31a Abs. 1 SGB II mindert sich Ihr Bürgergeld" in text
        and "§ 1a Abs. 1 AsylbLG" not in text
    )


async def test_the_assignment_letter_page_one_rendered_as_png() -> None:
    pdf = await assignment_letter("ar")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "assignment-ar.pdf").write_bytes(pdf)
    stem = ARTIFACTS / "assignment-ar-page1"
    run(
        "pdftoppm",
        "-png",
        "-r",
        "100",
        "-f",
        "1",
        "-l",
        "1",
        "-singlefile",
        "-",
        str(stem),
        pdf=pdf,
    )
    png = stem.with_suffix(".png")
    assert png.read_bytes().startswith(b"\x89PNG")
    assert png.stat().st_size > 20_000
    assert len(PdfReader(BytesIO(pdf)).pages) >= 2  # German, legal notice, translation
