"""Figures of a demo stream worked out independently of the service: plain Python over the
events themselves (no store, no reporting code), following the definitions in the README.

Each "latest" rule resolves by ce_time from the envelopes, so the stream order (deliberately
disordered) must not matter.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import openpyxl
from gemeinwerk_contracts import (
    AllowanceStatementIssued,
    Envelope,
    Event,
    HoursCorrected,
    HoursLogged,
    NoticeDelivered,
    NoticeFailed,
    OpportunityChanged,
    OpportunityClosed,
    OpportunityPublished,
    ParticipantObligationChanged,
    PaymentRunCompleted,
    PlacementEnded,
    PlacementProposed,
    PlacementStarted,
    RefusalRecorded,
    SanctionDecided,
    SanctionEnded,
    SanctionProposed,
    SanctionWaived,
)

BERLIN = ZoneInfo("Europe/Berlin")
TARGETS = {"municipal": 150, "district": 50, "non_profit": 100}


def _latest(store: dict[Any, tuple[datetime, Any]], key: Any, at: datetime, value: Any) -> None:
    held = store.get(key)
    if held is None or held[0] <= at:
        store[key] = (at, value)


def _one(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.1"), ROUND_HALF_UP))


def _hours(minutes: int) -> str:
    return str((Decimal(minutes) / 60).quantize(Decimal("0.01"), ROUND_HALF_UP))


@dataclass
class Selection:
    legal_basis: str | None = None
    municipality_key: str | None = None
    provider_kind: str | None = None
    category: str | None = None

    def empty(self) -> bool:
        return not (
            self.legal_basis or self.municipality_key or self.provider_kind or self.category
        )

    def match(self, bases: list[str], mk: str | None, pk: str | None, cat: str | None) -> bool:
        return (
            (self.legal_basis is None or self.legal_basis in bases)
            and (self.municipality_key is None or self.municipality_key == mk)
            and (self.provider_kind is None or self.provider_kind == pk)
            and (self.category is None or self.category == cat)
        )


class Expected:
    """The demo stream's facts, latest version of each, by natural key."""

    def __init__(self, items: list[tuple[Envelope, Event]]) -> None:
        latest: dict[str, dict[Any, tuple[datetime, Any]]] = defaultdict(dict)
        for envelope, event in items:
            at = envelope.time
            if isinstance(event, OpportunityPublished | OpportunityChanged):
                key = (event.opportunity_id, event.effective_date)
                _latest(latest["opp"], key, at, event)
            elif isinstance(event, OpportunityClosed):
                _latest(latest["closed"], event.opportunity_id, at, event.closed_date)
            elif isinstance(event, ParticipantObligationChanged):
                key = (event.participant_ref, event.effective_date)
                _latest(latest["ob"], key, at, event)
            elif isinstance(event, PlacementProposed):
                _latest(latest["proposal"], event.placement_id, at, event)
            elif isinstance(event, PlacementStarted):
                _latest(latest["start"], event.placement_id, at, event)
            elif isinstance(event, PlacementEnded):
                _latest(latest["end"], event.placement_id, at, event)
            elif isinstance(event, HoursLogged | HoursCorrected):
                _latest(latest["hours"], event.entry_id, at, event)
            elif isinstance(event, RefusalRecorded):
                _latest(latest["refusal"], event.refusal_id, at, event)
            elif isinstance(event, AllowanceStatementIssued):
                _latest(latest["statement"], event.statement_id, at, event)
            elif isinstance(event, PaymentRunCompleted):
                _latest(latest["run"], event.payment_run_id, at, event)
            elif isinstance(event, NoticeDelivered):
                key = (event.notice_id, "delivered", event.delivery_sequence)
                _latest(latest["notice"], key, at, event)
            elif isinstance(event, NoticeFailed):
                _latest(latest["notice"], (event.notice_id, "failed"), at, event)
            elif isinstance(
                event, SanctionProposed | SanctionDecided | SanctionWaived | SanctionEnded
            ):
                _latest(latest[type(event).__name__], event.sanction_id, at, event)
        self.v = {name: {k: value for k, (_, value) in d.items()} for name, d in latest.items()}
        for name in ("opp", "ob", "proposal", "start", "end", "hours", "statement", "run"):
            self.v.setdefault(name, {})
        self.ob_versions: dict[Any, list[Any]] = defaultdict(list)
        for (ref, _eff), event in self.v["ob"].items():
            self.ob_versions[ref].append(event)
        self.opp_versions: dict[Any, list[Any]] = defaultdict(list)
        for (oid, _eff), event in self.v["opp"].items():
            self.opp_versions[oid].append(event)
        self.starts_of: dict[Any, list[Any]] = defaultdict(list)
        for pid, start in self.v["start"].items():
            self.starts_of[start.participant_ref].append(pid)

    # -- helpers ---------------------------------------------------------------------

    def start_of(self, placement_id: Any) -> PlacementStarted | None:
        return self.v["start"].get(placement_id)

    def end_of(self, placement_id: Any) -> PlacementEnded | None:
        return self.v["end"].get(placement_id)

    def started_match(self, placement_id: Any, sel: Selection) -> bool:
        start = self.start_of(placement_id)
        if sel.empty():
            return True
        if start is None:
            return False
        return sel.match(
            [start.legal_basis.value],
            start.municipality_key,
            start.provider_kind.value,
            start.category.value,
        )

    def active(self, placement_id: Any, day: date) -> bool:
        start, end = self.start_of(placement_id), self.end_of(placement_id)
        return (
            start is not None and start.start_date <= day and (end is None or end.end_date >= day)
        )

    def opportunity_state(self, opportunity_id: Any, day: date) -> Any:
        versions = [e for e in self.opp_versions[opportunity_id] if e.effective_date <= day]
        if not versions:
            return None
        state = max(versions, key=lambda e: e.effective_date)
        if state.start_date > day or (state.end_date is not None and state.end_date < day):
            return None
        closed = self.v.get("closed", {}).get(opportunity_id)
        if closed is not None and closed <= day:
            return None
        return state

    def obligation(self, ref: Any, day: date | None) -> Any:
        versions = [e for e in self.ob_versions[ref] if day is None or e.effective_date <= day]
        return max(versions, key=lambda e: e.effective_date) if versions else None

    # -- stocks ------------------------------------------------------------------------

    def places(self, day: date, sel: Selection) -> dict[str, list[int]]:
        """provider kind → [offered, occupied, reserved]."""
        out: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for oid in self.opp_versions:
            state = self.opportunity_state(oid, day)
            if state is not None and sel.match(
                [b.value for b in state.legal_bases],
                state.municipality_key,
                state.provider_kind.value,
                state.category.value,
            ):
                out[state.provider_kind.value][0] += state.places
        for pid, start in self.v["start"].items():
            if self.active(pid, day) and self.started_match(pid, sel):
                out[start.provider_kind.value][1] += 1
        refused = defaultdict(list)
        for refusal in self.v.get("refusal", {}).values():
            if refusal.placement_id is not None:
                refused[refusal.placement_id].append(refusal.refusal_date)
        for pid, proposal in self.v["proposal"].items():
            if proposal.proposed_date > day:
                continue
            start, end = self.start_of(pid), self.end_of(pid)
            if start is not None and start.start_date <= day:
                continue
            if end is not None and end.end_date <= day:
                continue
            if any(d <= day for d in refused[pid]):
                continue
            if sel.match(
                [proposal.legal_basis.value],
                proposal.municipality_key,
                proposal.provider_kind.value,
                proposal.category.value,
            ):
                out[proposal.provider_kind.value][2] += 1
        return out

    def obliged(self, day: date, sel: Selection) -> tuple[int, int]:
        obliged = placed = 0
        for ref in self.ob_versions:
            state = self.obligation(ref, day)
            if state is None or not state.obliged:
                continue
            if sel.legal_basis and state.legal_basis.value != sel.legal_basis:
                continue
            if sel.municipality_key and state.municipality_key != sel.municipality_key:
                continue
            obliged += 1
            if any(self.active(pid, day) for pid in self.starts_of[ref]):
                placed += 1
        return obliged, placed

    # -- the whole answer of GET /figures --------------------------------------------------

    def figures(self, months: list[tuple[int, int]], as_of: date, sel: Selection) -> dict[str, Any]:
        import calendar

        def bounds(y: int, m: int) -> tuple[date, date]:
            return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])

        district = sel.empty()
        sanction_attrs = {}
        for sid, proposed in self.v.get("SanctionProposed", {}).items():
            pid = proposed.placement_id
            start, proposal = self.start_of(pid), self.v["proposal"].get(pid)
            if start is not None:
                mk, pk, cat = (
                    start.municipality_key,
                    start.provider_kind.value,
                    start.category.value,
                )
            elif proposal is not None:
                mk, pk, cat = (
                    proposal.municipality_key,
                    proposal.provider_kind.value,
                    proposal.category.value,
                )
            else:
                ob = self.obligation(proposed.participant_ref, None)
                mk, pk, cat = (ob.municipality_key if ob else None), None, None
            sanction_attrs[sid] = ([proposed.legal_basis.value], mk, pk, cat)

        def sanction_ok(sid: Any) -> bool:
            if district:
                return True
            attrs = sanction_attrs.get(sid)
            return attrs is not None and sel.match(*attrs)

        month_out = []
        for y, m in months:
            first, last = bounds(y, m)
            day = min(last, as_of)
            per_kind = self.places(day, sel)
            offered = sum(v[0] for v in per_kind.values())
            occupied = sum(v[1] for v in per_kind.values())
            reserved = sum(v[2] for v in per_kind.values())
            ob, placed = self.obliged(day, Selection(sel.legal_basis, sel.municipality_key))
            started = [
                pid
                for pid, s in self.v["start"].items()
                if first <= s.start_date <= last and self.started_match(pid, sel)
            ]
            ended = [
                pid
                for pid, e in self.v["end"].items()
                if pid in self.v["start"]
                and first <= e.end_date <= last
                and self.started_match(pid, sel)
            ]
            minutes = sum(
                h.worked_minutes
                for h in self.v["hours"].values()
                if first <= h.work_date <= last
                and (
                    district
                    or (
                        h.placement_id in self.v["start"]
                        and self.started_match(h.placement_id, sel)
                    )
                )
            )
            statement_cents = 0
            for st in self.v["statement"].values():
                if st.month != f"{y:04d}-{m:02d}":
                    continue
                if district or any(
                    self.started_match(pid, sel)
                    and self.v["start"][pid].start_date <= last
                    and (self.end_of(pid) is None or self.end_of(pid).end_date >= first)
                    for pid in self.starts_of[st.participant_ref]
                ):
                    statement_cents += st.total_cents
            refusals = [
                r
                for r in self.v.get("refusal", {}).values()
                if first <= r.refusal_date <= last
                and (
                    district
                    or (
                        r.placement_id is not None
                        and r.placement_id in self.v["start"]
                        and self.started_match(r.placement_id, sel)
                    )
                )
            ]

            def steps(name: str, attr: str, first: date = first, last: date = last) -> int:
                return sum(
                    1
                    for sid, e in self.v.get(name, {}).items()
                    if first <= getattr(e, attr) <= last and sanction_ok(sid)
                )

            notices = [
                n
                for n in self.v.get("notice", {}).values()
                if first
                <= (n.delivered_at if isinstance(n, NoticeDelivered) else n.failed_at)
                .astimezone(BERLIN)
                .date()
                <= last
            ]
            month_out.append(
                {
                    "month": f"{y:04d}-{m:02d}",
                    "stock_day": day.isoformat(),
                    "places": {
                        "offered": offered,
                        "occupied": occupied,
                        "reserved": reserved,
                        "free": max(0, offered - occupied - reserved),
                    },
                    "obliged": ob,
                    "obliged_placed": placed,
                    "placements_proposed": sum(
                        1
                        for p in self.v["proposal"].values()
                        if first <= p.proposed_date <= last
                        and sel.match(
                            [p.legal_basis.value],
                            p.municipality_key,
                            p.provider_kind.value,
                            p.category.value,
                        )
                    ),
                    "placements_started": len(started),
                    "placements_ended": len(ended),
                    "ended_regular_employment": sum(
                        1 for pid in ended if self.end_of(pid).reason.value == "regular_employment"
                    ),
                    "worked_minutes": minutes,
                    "hours_worked": _hours(minutes),
                    "allowance_statement_cents": statement_cents,
                    "allowance_paid_cents": (
                        sum(
                            r.paid_cents
                            for r in self.v["run"].values()
                            if r.month == f"{y:04d}-{m:02d}"
                        )
                        if district
                        else None
                    ),
                    "refusals_justified": sum(1 for r in refusals if r.justified),
                    "refusals_unjustified": sum(1 for r in refusals if not r.justified),
                    "sanctions_proposed": steps("SanctionProposed", "proposed_date"),
                    "sanctions_decided": steps("SanctionDecided", "decided_date"),
                    "sanctions_waived": steps("SanctionWaived", "waived_date"),
                    "sanctions_ended": steps("SanctionEnded", "end_date"),
                    "notices_delivered": (
                        sum(1 for n in notices if isinstance(n, NoticeDelivered))
                        if district
                        else None
                    ),
                    "notices_failed": (
                        sum(1 for n in notices if isinstance(n, NoticeFailed)) if district else None
                    ),
                }
            )

        p_first, _ = bounds(*months[0])
        _, p_last = bounds(*months[-1])
        stock = min(p_last, as_of)
        per_kind = self.places(stock, sel)
        kinds = sorted(set(per_kind) | set(TARGETS))
        rows = []
        for kind in kinds:
            o, occ, res = per_kind.get(kind, [0, 0, 0])
            target = TARGETS.get(kind)
            rows.append(
                {
                    "provider_kind": kind,
                    "offered": o,
                    "occupied": occ,
                    "reserved": res,
                    "free": max(0, o - occ - res),
                    "target": target,
                    "progress_percent": _one(Decimal(o * 100) / target) if target else None,
                }
            )
        total = [sum(v[i] for v in per_kind.values()) for i in range(3)]
        ended_all = [
            pid
            for pid, e in self.v["end"].items()
            if pid in self.v["start"]
            and p_first <= e.end_date <= p_last
            and self.started_match(pid, sel)
        ]
        reasons: dict[str, int] = defaultdict(int)
        for pid in ended_all:
            reasons[self.end_of(pid).reason.value] += 1
        waits = [
            (s.start_date - self.v["proposal"][pid].proposed_date).days
            for pid, s in self.v["start"].items()
            if p_first <= s.start_date <= p_last
            and pid in self.v["proposal"]
            and self.started_match(pid, sel)
        ]
        durations = [
            (self.end_of(pid).end_date - self.start_of(pid).start_date).days + 1
            for pid in ended_all
        ]

        def days(values: list[int]) -> dict[str, Any]:
            if not values:
                return {"count": 0, "average": None, "median": None}
            return {
                "count": len(values),
                "average": _one(Decimal(sum(values)) / len(values)),
                "median": _one(Decimal(str(statistics.median(values)))),
            }

        def notice_types(kind: type) -> dict[str, int] | None:
            if not district:
                return None
            counts: dict[str, int] = defaultdict(int)
            for n in self.v.get("notice", {}).values():
                when = n.delivered_at if isinstance(n, NoticeDelivered) else n.failed_at
                if isinstance(n, kind) and p_first <= when.astimezone(BERLIN).date() <= p_last:
                    counts[n.notice_type] += 1
            return dict(sorted(counts.items()))

        def total_of(name: str) -> Any:
            values = [m[name] for m in month_out]
            return None if any(v is None for v in values) else sum(values)

        ended_total = total_of("placements_ended")
        exits = total_of("ended_regular_employment")
        worked = total_of("worked_minutes")
        ob, placed = self.obliged(stock, Selection(sel.legal_basis, sel.municipality_key))
        return {
            "as_of": as_of.isoformat(),
            "stock_day": stock.isoformat(),
            "places": {
                "offered": total[0],
                "occupied": total[1],
                "reserved": total[2],
                "free": max(0, total[0] - total[1] - total[2]),
            },
            "target_total": sum(TARGETS.values()),
            "target_progress_percent": _one(Decimal(total[0] * 100) / sum(TARGETS.values())),
            "places_by_provider_kind": rows,
            "obliged": ob,
            "obliged_placed": placed,
            "totals": {
                "placements_proposed": total_of("placements_proposed"),
                "placements_started": total_of("placements_started"),
                "placements_ended": ended_total,
                "ended_by_reason": dict(sorted(reasons.items())),
                "exits_regular_employment": exits,
                "exit_share_percent": _one(Decimal(exits * 100) / ended_total)
                if ended_total
                else None,
                "worked_minutes": worked,
                "hours_worked": _hours(worked),
                "allowance_statement_cents": total_of("allowance_statement_cents"),
                "allowance_paid_cents": total_of("allowance_paid_cents"),
                "refusals_justified": total_of("refusals_justified"),
                "refusals_unjustified": total_of("refusals_unjustified"),
                "sanctions_proposed": total_of("sanctions_proposed"),
                "sanctions_decided": total_of("sanctions_decided"),
                "sanctions_waived": total_of("sanctions_waived"),
                "sanctions_ended": total_of("sanctions_ended"),
                "proposal_to_start_days": days(waits),
                "placement_duration_days": days(durations),
                "notices_delivered": notice_types(NoticeDelivered),
                "notices_failed": notice_types(NoticeFailed),
            },
            "months": month_out,
        }


# -- exports: the numbers of GET /figures in the CSV and the XLSX -------------------------


def euros(cents: int | None) -> Decimal | None:
    return None if cents is None else Decimal(cents) / 100


async def check_exports(http: httpx.AsyncClient) -> None:
    params = {"from": "2019-01", "to": "2019-12"}
    body = (await http.get("/figures", params=params)).json()
    text = (await http.get("/figures.csv", params=params)).content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    book = openpyxl.load_workbook(
        io.BytesIO((await http.get("/figures.xlsx", params=params)).content)
    )
    sheet = list(book["Monate"].iter_rows(values_only=True))
    assert table[0] == list(sheet[0])
    for month, row, cells in zip(body["months"], table[1:], sheet[1:], strict=True):
        numbers = [
            month["places"]["offered"],
            month["places"]["occupied"],
            month["places"]["reserved"],
            month["places"]["free"],
            month["obliged"],
            month["obliged_placed"],
            month["placements_proposed"],
            month["placements_started"],
            month["placements_ended"],
            month["ended_regular_employment"],
        ]
        y, m = month["month"].split("-")
        assert row[0] == f"{m}.{y}"
        assert cells[0].date() == date(int(y), int(m), 1)
        assert [int(v) for v in row[1:11]] == numbers
        assert list(cells[1:11]) == numbers
        assert Decimal(row[11].replace(",", ".")) == Decimal(month["hours_worked"])
        assert Decimal(str(cells[11])) == Decimal(month["hours_worked"])
        for index, field in ((12, "allowance_statement_cents"), (13, "allowance_paid_cents")):
            assert Decimal(row[index].replace(",", ".")) == euros(month[field])
            assert Decimal(str(cells[index])) == euros(month[field])
        rest = [
            "refusals_justified",
            "refusals_unjustified",
            "sanctions_proposed",
            "sanctions_decided",
            "sanctions_waived",
            "sanctions_ended",
            "notices_delivered",
            "notices_failed",
        ]
        assert [int(v) for v in row[14:]] == [month[k] for k in rest]
        assert list(cells[14:]) == [month[k] for k in rest]
    places = list(book["Plätze"].iter_rows(min_row=2, values_only=True))
    by_kind = {row["provider_kind"]: row for row in body["places_by_provider_kind"]}
    for kind, offered, occupied, reserved, free, target, _progress in places[:-1]:
        row = by_kind[kind]
        assert (offered, occupied, reserved, free, target) == (
            row["offered"],
            row["occupied"],
            row["reserved"],
            row["free"],
            row["target"],
        )
    assert places[-1][1] == body["places"]["offered"]
