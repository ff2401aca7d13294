"""The facts of each notice type (stored as a JSON object of strings) and its template fields.

`fields(notice_type, facts, wording)` returns the template fields in the wording's language and
the parts of the template folder to insert (field name → part file, e.g. `legal_notice` →
`legal_notice_asylblg_5`): the text of a legal notice lives in the template files, so a
language stays files only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from notification.domain.notices import NoticeType
from notification.domain.placement_notice import PlacementFacts
from notification.domain.wording import Wording

Fields = tuple[dict[str, str], dict[str, str]]
"""Template fields, and parts to insert: field name → part name."""


def _date(wording: Wording, value: str) -> str:
    return wording.format_date(date.fromisoformat(value))


def _assignment(facts: dict[str, Any], w: Wording) -> Fields:
    start = date.fromisoformat(facts["start_date"])
    values = {
        "category": w.category_name(facts["category"]),
        "legal_basis": w.legal_basis_name(facts["legal_basis"]),
        "work_description": facts["work_description"],
        "site_address": f"{facts['site_street']}, {facts['site_postal_code']} {facts['site_city']}",
        "reporting_instructions": facts["reporting_instructions"],
        "provider_name": facts["provider_name"],
        "hours_per_week": w.format_decimal(Decimal(facts["hours_per_week"])),
        "start_date": w.format_date(start),
        "start_weekday": w.weekday_name(start),
        "end_date": _date(w, facts["end_date"]) if facts.get("end_date") else "",
        "issued_date": _date(w, facts["issued_date"]),
    }
    parts = {
        "period": "period_until" if facts.get("end_date") else "period_open",
        "legal_notice": f"legal_notice_{facts['legal_basis']}",
        "allowance_note": f"allowance_{facts['legal_basis']}",
    }
    return values, parts


def _provider_start(facts: dict[str, Any], w: Wording) -> Fields:
    start = date.fromisoformat(facts["start_date"])
    return {
        "category": w.category_name(facts["category"]),
        "hours_per_week": w.format_decimal(Decimal(facts["hours_per_week"])),
        "start_date": w.format_date(start),
        "start_weekday": w.weekday_name(start),
    }, {}


def _hearing(facts: dict[str, Any], w: Wording) -> Fields:
    return {
        "legal_basis": w.legal_basis_name(facts["legal_basis"]),
        "proposed_date": _date(w, facts["proposed_date"]),
        "respond_by": _date(w, facts["respond_by"]),
        "duration_months": facts["duration_months"],
        "reduction_percent": facts.get("reduction_percent") or "",
        "breach_number": facts["breach_number"],
        "refusal_date": _date(w, facts["refusal_date"]) if facts.get("refusal_date") else "",
        "sanction_ref": facts["sanction_id"][:8],
        "participant_ref": facts["participant_ref"],
    }, {
        "consequence": f"consequence_{facts['rule']}",
        "refusal_text": f"refusal_{facts['refusal_kind']}"
        if facts.get("refusal_kind") and facts.get("refusal_date")
        else "refusal_unknown",
    }


def _decision(facts: dict[str, Any], w: Wording) -> Fields:
    if facts.get("template") == "sanction_waived":
        return {
            "waived_date": _date(w, facts["waived_date"]),
            "waiver_reason": w.waiver_reason_name(facts["reason"]),
            "sanction_ref": facts["sanction_id"][:8],
        }, {}
    return {
        "effective_from": _date(w, facts["effective_from"]),
        "effective_until": _date(w, facts["effective_until"]),
        "decided_date": _date(w, facts["decided_date"]),
        "hearing_date": _date(w, facts["hearing_date"]) if facts.get("hearing_date") else "",
        "reduction_percent": facts.get("reduction_percent") or "",
        "sanction_ref": facts["sanction_id"][:8],
    }, {
        "decision": f"decision_{facts['rule']}",
        "hearing": "hearing_held" if facts.get("hearing_date") else "hearing_none",
    }


def _statement(facts: dict[str, Any], w: Wording) -> Fields:
    minutes = int(facts["worked_minutes"])
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    corrected = [m for m in facts.get("corrected_months", "").split(",") if m]
    return {
        "month": w.format_month(facts["month"]),
        "worked_hours": f"{sign}{hours}",
        "worked_rest_minutes": f"{rest:02d}",
        "total": w.format_money(int(facts["total_cents"])),
        "corrections_amount": w.format_money(int(facts.get("corrections_cents") or 0)),
        "corrected_months": ", ".join(w.format_month(m) for m in corrected),
    }, {"corrections_note": "corrections" if corrected else "no_corrections"}


def _ended(facts: dict[str, Any], w: Wording) -> Fields:
    return {
        "end_date": _date(w, facts["end_date"]),
        "end_reason": w.end_reason_name(facts["reason"]),
    }, {}


def _reminder(facts: dict[str, Any], w: Wording) -> Fields:
    return {
        "start_date": _date(w, facts["start_date"]),
        "silent_since": _date(w, facts["silent_since"]),
        "days_silent": facts["days_silent"],
        "today": _date(w, facts["today"]),
    }, {"last_hours": "last_hours_logged" if facts.get("last_work_date") else "last_hours_none"}


def _placement_started(facts: dict[str, Any], w: Wording) -> Fields:
    return PlacementFacts.from_json(facts).fields(w), {}


FIELDS: dict[NoticeType, Callable[[dict[str, Any], Wording], Fields]] = {
    NoticeType.PLACEMENT_STARTED: _placement_started,
    NoticeType.ASSIGNMENT: _assignment,
    NoticeType.PROVIDER_START_INFO: _provider_start,
    NoticeType.HEARING: _hearing,
    NoticeType.CASE_WORKER_HEARING_INFO: _hearing,
    NoticeType.SANCTION_DECISION: _decision,
    NoticeType.ALLOWANCE_STATEMENT: _statement,
    NoticeType.PLACEMENT_ENDED: _ended,
    NoticeType.HOURS_REMINDER: _reminder,
}
"""Every notice type has its fields (checked by the tests)."""
