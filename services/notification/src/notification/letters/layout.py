"""The HTML + CSS of a letter (DIN 5008 form B: address window 45 mm from the top).

German text first, then the translation as a reading aid in its own direction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html import escape

from notification.domain.recipients import PostalAddress
from notification.texts import NoticeText

FONTS_LTR = '"DejaVu Sans", "Noto Sans", sans-serif'
FONTS_RTL = '"Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", sans-serif'

CSS = f"""
@page {{ size: A4; margin: 27mm 20mm 25mm 25mm;
  @bottom-right {{ content: "Seite " counter(page) " von " counter(pages);
                   font: 8pt {FONTS_LTR}; color: #555; }} }}
body {{ font: 10.5pt/1.45 {FONTS_LTR}; color: #000; margin: 0; }}
.letterhead {{ position: absolute; top: -17mm; right: 0; width: 90mm; text-align: right;
  font-size: 9pt; line-height: 1.35; }}
.letterhead .org {{ font-weight: bold; font-size: 11pt; }}
.window {{ position: absolute; top: 18mm; left: -5mm; width: 85mm; height: 45mm; }}
.window .return {{ font-size: 7pt; border-bottom: 0.3pt solid #000; padding-bottom: 1mm;
  margin-bottom: 3mm; white-space: nowrap; overflow: hidden; }}
.window .address {{ font-size: 10.5pt; line-height: 1.35; }}
.info {{ position: absolute; top: 45mm; right: 0; width: 60mm; font-size: 9pt; }}
.info td {{ padding: 0 0 0.8mm 0; vertical-align: top; }}
.info td.label {{ padding-right: 3mm; color: #333; }}
.content {{ margin-top: 78mm; }}
h1 {{ font-size: 11pt; font-weight: bold; margin: 0 0 6mm 0; }}
p {{ margin: 0 0 3.2mm 0; }}
.translation {{ margin-top: 8mm; border-top: 0.6pt solid #000; padding-top: 4mm;
  page-break-inside: auto; }}
.translation .label {{ font-size: 8.5pt; color: #333; margin-bottom: 1.5mm; direction: ltr;
  text-align: left; font-family: {FONTS_LTR}; }}
.translation .note {{ font-size: 9pt; font-weight: bold; margin-bottom: 3mm; }}
.translation h2 {{ font-size: 10.5pt; margin: 0 0 3mm 0; }}
[dir="rtl"] {{ direction: rtl; text-align: right; font-family: {FONTS_RTL}; }}
[dir="rtl"] p {{ line-height: 1.7; }}
"""


@dataclass(frozen=True)
class Letterhead:
    """The sender as printed: name lines and the one-line return address."""

    lines: tuple[str, ...]


LATIN_RUN = re.compile(r"\(?[§0-9A-Za-zÀ-ɏ][§0-9A-Za-zÀ-ɏ .,/\-]*[0-9A-Za-zÀ-ɏ)]|[0-9A-Za-z]")
LRI, PDI = "\u2066", "\u2069"


def isolate_latin(line: str) -> str:
    """Keep Latin runs (names, dates, `(§ 5 AsylbLG)`) left to right inside RTL text."""
    return LATIN_RUN.sub(lambda m: f"{LRI}{m.group(0)}{PDI}", line)


def _paragraphs(text: str, rtl: bool = False) -> str:
    blocks = [block.strip() for block in text.strip().split("\n\n") if block.strip()]
    fix = isolate_latin if rtl else str
    return "\n".join(
        "<p>" + "<br>".join(escape(fix(line)) for line in block.split("\n")) + "</p>"
        for block in blocks
    )


def letter_html(
    text: NoticeText,
    letterhead: Letterhead,
    recipient_name: str,
    address: PostalAddress | None,
    letter_date: date,
    reference: str,
) -> str:
    """The complete HTML document of one letter."""
    head = "".join(
        f'<div class="{"org" if i == 0 else "line"}">{escape(line)}</div>'
        for i, line in enumerate(letterhead.lines)
    )
    return_line = escape(" · ".join(letterhead.lines[:1] + letterhead.lines[-2:]))
    address_lines = recipient_name.split("\n")  # organisation, then the person
    if address is not None:
        address_lines += [address.street, f"{address.postal_code} {address.city}"]
    window = "<br>".join(escape(line) for line in address_lines)
    german = text.german
    parts = [
        f'<div class="letterhead">{head}</div>',
        f'<div class="window"><div class="return">{return_line}</div>'
        f'<div class="address">{window}</div></div>',
        '<table class="info">'
        f'<tr><td class="label">Datum</td><td>{letter_date.strftime("%d.%m.%Y")}</td></tr>'
        f'<tr><td class="label">Zeichen</td><td>{escape(reference[:8])}</td></tr></table>',
        '<div class="content" lang="de" dir="ltr">',
        f"<h1>{escape(german.subject)}</h1>",
        _paragraphs(german.body),
        "</div>",
    ]
    if text.translation is not None:
        t = text.translation
        rtl = t.direction == "rtl"
        parts += [
            f'<section class="translation" lang="{escape(t.text.language)}" '
            f'dir="{escape(t.direction)}">',
            f'<div class="label" lang="de" dir="ltr">Übersetzung ({escape(t.language_name)})'
            " – nur zur Information; maßgeblich ist der deutsche Text.</div>",
            f'<div class="note">{escape(t.note)}</div>',
            f"<h2>{escape(isolate_latin(t.text.subject) if rtl else t.text.subject)}</h2>",
            _paragraphs(t.text.body, rtl),
            "</section>",
        ]
    body = "\n".join(parts)
    return (
        f'<!doctype html><html lang="de"><head><meta charset="utf-8">'
        f"<title>{escape(german.subject)}</title><style>{CSS}</style></head>"
        f"<body>{body}</body></html>"
    )
