"""The council (Kreistag) report: printable HTML with inline SVG charts, rendered by WeasyPrint.

Charts are drawn here as SVG (bars and lines, no plotting library), so WeasyPrint renders
them like any other part of the page. All text is German; numbers use German formats.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from reporting.domain.business import BusinessReport
from reporting.domain.kpis import cents_to_euros, minutes_to_hours
from reporting.domain.municipalities import municipality_name

PROVIDER_KINDS = {
    "municipal": "Gemeinden",
    "district": "Landkreis",
    "non_profit": "Gemeinnützige",
    "state": "Land",
    "reception_facility": "Unterkünfte",
    "unknown": "unbekannt",
}
MONTH_NAMES = ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")
BLUE, GREY, GREEN, ORANGE, RED = "#1f5f99", "#b8c4d0", "#2e8b57", "#e08a1e", "#b03030"


def number(value: int | Decimal, places: int = 0) -> str:
    """German number format: 1.234 or 1.234,50."""
    text = f"{value:,.{places}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def euros(cents: int) -> str:
    return f"{number(cents_to_euros(cents), 2)} €"


def percent(value: Decimal | None) -> str:
    return "–" if value is None else f"{number(value, 1)} %"


def _month_label(text: str) -> str:
    year, month = text.split("-")
    return f"{MONTH_NAMES[int(month) - 1]} {year[2:]}"


def nice_top(value: float) -> float:
    """The smallest 4 × (1, 2 or 5 × 10^k) at or above `value`: round axis ticks."""
    magnitude = 1.0
    while magnitude * 10 <= value / 4:
        magnitude *= 10
    while True:
        for factor in (1.0, 2.0, 5.0):
            if 4 * factor * magnitude >= value:
                return 4 * factor * magnitude
        magnitude *= 10


def bar_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[float]]],
    *,
    width: int = 680,
    height: int = 210,
    unit: str = "",
) -> str:
    """Grouped bars: `series` = (name, colour, values per label). Returns an <svg> element."""
    left, bottom, top = 56, 34, 22
    plot_w, plot_h = width - left - 10, height - bottom - top
    peak = nice_top(max([v for _, _, values in series for v in values] + [1.0]))
    step = plot_w / max(1, len(labels))
    bar_w = step * 0.8 / max(1, len(series))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, sans-serif" font-size="9">'
    ]
    for i in range(5):
        value = peak * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="#e4e8ec"/>'
        )
        parts.append(
            f'<text x="{left - 4}" y="{y + 3:.1f}" text-anchor="end">'
            f"{escape(number(Decimal(str(round(value)))))}{unit}</text>"
        )
    for index, label in enumerate(labels):
        x0 = left + step * index + step * 0.1
        for s, (_name, colour, values) in enumerate(series):
            value = values[index]
            h = plot_h * value / peak
            x = x0 + s * bar_w
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w * 0.92:.1f}" '
                f'height="{h:.1f}" fill="{colour}"/>'
            )
        parts.append(
            f'<text x="{left + step * (index + 0.5):.1f}" y="{height - bottom + 12}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    for s, (name, colour, _values) in enumerate(series):
        x = left + s * 150
        parts.append(f'<rect x="{x}" y="4" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="13">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


CSS = """
@page { size: A4; margin: 16mm 14mm 16mm 16mm;
        @bottom-right { content: "Seite " counter(page) " von " counter(pages); font-size: 8pt;
                        font-family: "DejaVu Sans", sans-serif; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; color: #1a1a1a; }
h1 { font-size: 15pt; margin: 0 0 2mm 0; color: #1f3f66; }
h2 { font-size: 11pt; margin: 5mm 0 1.5mm 0; color: #1f3f66; }
p.meta { color: #555; margin: 0 0 3mm 0; }
table { border-collapse: collapse; width: 100%; margin-top: 1mm; }
th, td { border-bottom: 0.4pt solid #ccd; padding: 1.2mm 1.5mm; text-align: right; }
th:first-child, td:first-child { text-align: left; white-space: nowrap; }
th { background: #eef2f6; font-weight: bold; }
.kpis td { font-size: 9.5pt; }
.kpis td:nth-child(even) { white-space: nowrap; font-weight: bold; }
.chart { margin: 1mm 0 2mm 0; }
"""


def council_html(
    report: BusinessReport,
    by_municipality: dict[str, BusinessReport],
    title: str = "Arbeitsgelegenheiten im Landkreis",
) -> str:
    """The report as an HTML document."""
    months = report.months
    first, last = months[0].month, months[-1].month
    period = f"{first.month:02d}/{first.year} bis {last.month:02d}/{last.year}"
    t = report.totals
    labels = [_month_label(str(m.month)) for m in months]
    kinds = [row for row in report.place_rows if row.target or row.places.offered]
    places_chart = bar_chart(
        [PROVIDER_KINDS.get(r.provider_kind, r.provider_kind) for r in kinds],
        [
            ("Ziel", GREY, [float(r.target or 0) for r in kinds]),
            ("angeboten", BLUE, [float(r.places.offered) for r in kinds]),
            ("besetzt", GREEN, [float(r.places.occupied) for r in kinds]),
        ],
    )
    hours_chart = bar_chart(
        labels,
        [("Stunden", BLUE, [float(minutes_to_hours(m.worked_minutes)) for m in months])],
        height=170,
    )
    money_chart = bar_chart(
        labels,
        [
            (
                "Bescheide (EUR)",
                GREY,
                [float(cents_to_euros(m.allowance_statement_cents)) for m in months],
            ),
            (
                "ausgezahlt (EUR)",
                GREEN,
                [float(cents_to_euros(m.allowance_paid_cents or 0)) for m in months],
            ),
        ],
        height=170,
    )
    exits_chart = bar_chart(
        labels,
        [
            ("beendet", GREY, [float(m.placements_ended) for m in months]),
            ("in reguläre Arbeit", GREEN, [float(m.ended_regular_employment) for m in months]),
        ],
        height=160,
    )
    refusal_chart = bar_chart(
        labels,
        [
            ("mit wichtigem Grund", ORANGE, [float(m.refusals_justified) for m in months]),
            ("ohne wichtigen Grund", RED, [float(m.refusals_unjustified) for m in months]),
        ],
        height=160,
    )
    place_rows = "".join(
        f"<tr><td>{escape(PROVIDER_KINDS.get(r.provider_kind, r.provider_kind))}</td>"
        f"<td>{number(r.target or 0)}</td><td>{number(r.places.offered)}</td>"
        f"<td>{number(r.places.occupied)}</td><td>{number(r.places.reserved)}</td>"
        f"<td>{number(r.places.free)}</td><td>{percent(r.progress_percent)}</td></tr>"
        for r in kinds
    )
    place_rows += (
        f"<tr><th>Gesamt</th><th>{number(report.target_total)}</th>"
        f"<th>{number(report.places.offered)}</th><th>{number(report.places.occupied)}</th>"
        f"<th>{number(report.places.reserved)}</th><th>{number(report.places.free)}</th>"
        f"<th>{percent(report.target_progress_percent)}</th></tr>"
    )
    municipality_rows = "".join(
        f"<tr><td>{escape(municipality_name(key))}</td><td>{number(r.places.offered)}</td>"
        f"<td>{number(r.places.occupied)}</td><td>{number(r.obliged)}</td>"
        f"<td>{number(r.obliged_placed)}</td><td>{number(r.totals.placements_started)}</td>"
        f"<td>{number(r.totals.exits_regular_employment)}</td>"
        f"<td>{number(minutes_to_hours(r.totals.worked_minutes), 2)}</td></tr>"
        for key, r in sorted(by_municipality.items(), key=lambda kv: municipality_name(kv[0]))
    )
    paid = t.allowance_paid_cents
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>{CSS}</style></head><body>
<h1>{escape(title)}: Bericht an den Kreistag</h1>
<p class="meta">Zeitraum {period} · Stand {report.as_of:%d.%m.%Y} ·
Bestände zum {report.stock_day:%d.%m.%Y}</p>
<table class="kpis">
<tr><td>Plätze angeboten / Ziel</td><td>{number(report.places.offered)} /
 {number(report.target_total)} ({percent(report.target_progress_percent)})</td>
<td>Verpflichtete, davon zugewiesen</td><td>{number(report.obliged)} /
 {number(report.obliged_placed)}</td></tr>
<tr><td>Zuweisungen begonnen</td><td>{number(t.placements_started)}</td>
<td>Zuweisungen beendet</td><td>{number(t.placements_ended)}</td></tr>
<tr><td>Übergänge in reguläre Arbeit</td><td>{number(t.exits_regular_employment)}
 ({percent(t.exit_share_percent)})</td>
<td>Geleistete Stunden</td><td>{number(minutes_to_hours(t.worked_minutes), 2)}</td></tr>
<tr><td>Aufwandsentschädigung (Bescheide)</td><td>{euros(t.allowance_statement_cents)}</td>
<td>Ausgezahlt</td><td>{"–" if paid is None else euros(paid)}</td></tr>
<tr><td>Ablehnungen mit / ohne wichtigen Grund</td><td>{number(t.refusals_justified)} /
 {number(t.refusals_unjustified)}</td>
<td>Leistungseinschränkungen vorgeschlagen / entschieden / abgesehen</td>
<td>{number(t.sanctions_proposed)} / {number(t.sanctions_decided)} /
 {number(t.sanctions_waived)}</td></tr>
</table>
<h2>Plätze nach Trägerart und Ziel</h2>
<div class="chart">{places_chart}</div>
<table><tr><th>Trägerart</th><th>Ziel</th><th>angeboten</th><th>besetzt</th>
<th>reserviert</th><th>frei</th><th>Zielerreichung</th></tr>{place_rows}</table>
<h2>Geleistete Stunden je Monat</h2>
<div class="chart">{hours_chart}</div>
<h2>Aufwandsentschädigung je Monat</h2>
<div class="chart">{money_chart}</div>
<h2>Beendete Zuweisungen und Übergänge in reguläre Arbeit</h2>
<div class="chart">{exits_chart}</div>
<h2>Ablehnungen</h2>
<div class="chart">{refusal_chart}</div>
<h2>Gemeinden</h2>
<table><tr><th>Gemeinde</th><th>Plätze</th><th>besetzt</th><th>Verpflichtete</th>
<th>zugewiesen</th><th>begonnen</th><th>reguläre Arbeit</th><th>Stunden</th></tr>
{municipality_rows}</table>
</body></html>"""


def html_to_pdf(html: str) -> bytes:
    """The PDF of an HTML document (blocking: call it in a worker thread)."""
    from weasyprint import HTML  # imported late: it loads Pango and fonts

    pdf = HTML(string=html).write_pdf()
    assert pdf is not None
    return bytes(pdf)
