"""Response bodies of hours corrections and the hours list of a placement."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

from placement.api.views import View
from placement.domain.corrections import EntryHistory


class CorrectionView(View):
    """A correction of an hours entry; `worked_minutes` 0 is a withdrawal."""

    id: str
    entry_id: str
    placement_id: str
    work_date: date
    revision: int
    worked_minutes: int
    previous_minutes: int
    reason: str | None
    corrected_at: datetime


class EntryHistoryView(View):
    """An entry with its current minutes (newest correction, else as logged) and history."""

    id: str
    placement_id: str
    work_date: date
    worked_minutes: int
    logged_minutes: int
    withdrawn: bool
    logged_at: datetime
    corrections: list[CorrectionView]


class EntryHistoryList(BaseModel):
    items: list[EntryHistoryView]

    @classmethod
    def of(cls, entries: list[EntryHistory]) -> EntryHistoryList:
        return cls(
            items=[
                EntryHistoryView.model_validate(
                    {
                        **e.__dict__,
                        "corrections": [c.__dict__ for c in e.corrections],
                        "worked_minutes": e.worked_minutes,
                        "withdrawn": e.withdrawn,
                    }
                )
                for e in entries
            ]
        )
