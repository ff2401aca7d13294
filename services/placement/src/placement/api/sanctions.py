"""/sanctions and /policies/sanctions: proposals after unjustified refusals, the hearing,
the decision or waiver by a person, and the effective-dated rules."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from chassis.auth import CurrentPrincipal
from fastapi import APIRouter, Query
from gemeinwerk_contracts.vocabulary import (
    LegalBasis,
    SanctionEndReason,
    SanctionRule,
    SanctionWaiverReason,
)
from pydantic import BaseModel, Field

from placement.api.deps import Ctx
from placement.api.views import ERRORS, RefusalView, View
from placement.commands import Command
from placement.domain.sanctions import Sanction, SanctionPolicy, SanctionStatus, SanctionStep
from placement.use_cases import sanctions
from placement.use_cases.refusals import RecordedRefusal

router = APIRouter(responses=ERRORS, tags=["sanctions"])

# -- requests -----------------------------------------------------------------------------


class StepIn(BaseModel):
    percent: int | None = Field(
        default=None,
        ge=1,
        le=100,
        description="Minderung in % des Regelbedarfs (sgb2_16d); leer bei asylblg_5.",
    )
    months: int = Field(ge=1, le=6, description="Dauer in Monaten.")


class AddSanctionPolicy(Command):
    """A new version of the sanction rule of one legal basis, in force from `valid_from`.

    `asylblg_5`: one step without percent (the § 1a level) and its duration (≤ 6 months), no
    cap. `sgb2_16d`: the step of the 1st, 2nd, 3rd … breach within `lookback_months`
    (percent not decreasing; the last step applies to any further breach), capped at
    `cap_percent`.
    """

    legal_basis: LegalBasis
    valid_from: date
    steps: list[StepIn] = Field(min_length=1, max_length=10)
    cap_percent: int | None = Field(default=None, ge=1, le=100)
    lookback_months: int = Field(default=12, ge=1, le=60)


class RecordHearing(Command):
    held_on: date = Field(description="Tag der Anhörung.")
    participant_statement_summary: str | None = Field(
        default=None,
        max_length=2000,
        description="Interne Zusammenfassung der Stellungnahme; nie in Ereignissen.",
    )


class DecideSanction(Command):
    effective_from: date = Field(description="Erster Tag der Einschränkung.")
    reduction_percent: int | None = Field(
        default=None, ge=1, le=100, description="Nur sgb2_31a; höchstens der Vorschlag."
    )
    months: int | None = Field(default=None, ge=1, le=6, description="Höchstens der Vorschlag.")


class WaiveSanction(Command):
    reason: SanctionWaiverReason


# -- responses ----------------------------------------------------------------------------


class StepView(View):
    percent: int | None
    months: int


class SanctionPolicyView(View):
    """A version; the defaults have valid_from 0001-01-01."""

    legal_basis: LegalBasis
    rule: SanctionRule
    valid_from: date
    steps: list[StepView]
    cap_percent: int | None
    lookback_months: int


class SanctionView(View):
    id: str
    participant_id: str
    refusal_id: str
    placement_id: str | None
    legal_basis: LegalBasis
    rule: SanctionRule
    rule_valid_from: date
    breach_number: int
    refusal_date: date
    proposed_percent: int | None
    proposed_months: int
    legal_notice_id: str
    proposed_date: date
    status: SanctionStatus
    hearing_date: date | None
    hearing_summary: str | None
    reduction_percent: int | None
    effective_from: date | None
    effective_until: date | None
    decided_date: date | None
    waiver_reason: SanctionWaiverReason | None
    waived_date: date | None
    end_reason: SanctionEndReason | None
    end_date: date | None


class SanctionItems(BaseModel):
    items: list[SanctionView]


class SanctionOutcomeView(BaseModel):
    """`proposed` with the proposal, or `not_possible` with the German reason."""

    status: Literal["proposed", "not_possible"]
    code: Literal["proposed", "justified", "no_placement", "no_legal_notice"]
    reason: str | None = None
    sanction_id: str | None = None
    rule: SanctionRule | None = None
    rule_valid_from: date | None = None
    breach_number: int | None = None
    reduction_percent: int | None = None
    duration_months: int | None = None


class RefusalResultView(RefusalView):
    """The recorded refusal and what it means for a sanction."""

    sanction: SanctionOutcomeView

    @classmethod
    def of(cls, recorded: RecordedRefusal) -> RefusalResultView:
        outcome = recorded.sanction
        s = outcome.sanction
        sanction = SanctionOutcomeView(
            status=outcome.status,
            code=outcome.code,
            reason=outcome.reason,
            sanction_id=s.id if s else None,
            rule=s.rule if s else None,
            rule_valid_from=s.rule_valid_from if s else None,
            breach_number=s.breach_number if s else None,
            reduction_percent=s.proposed_percent if s else None,
            duration_months=s.proposed_months if s else None,
        )
        base = RefusalView.model_validate(recorded.refusal).model_dump()
        return cls.model_validate({**base, "sanction": sanction})


def _policy_view(policy: SanctionPolicy) -> SanctionPolicyView:
    return SanctionPolicyView(
        legal_basis=policy.legal_basis,
        rule=policy.rule,
        valid_from=policy.valid_from,
        steps=[StepView(percent=s.percent, months=s.months) for s in policy.steps],
        cap_percent=policy.cap_percent,
        lookback_months=policy.lookback_months,
    )


def _view(sanction: Sanction) -> SanctionView:
    return SanctionView.model_validate(sanction)


# -- routes -------------------------------------------------------------------------------


@router.post(
    "/policies/sanctions",
    status_code=201,
    tags=["policies"],
    summary="Neue Fassung der Sanktionsregel einer Rechtsgrundlage ab einem Datum",
)
async def add_sanction_policy(
    body: AddSanctionPolicy, ctx: Ctx, principal: CurrentPrincipal
) -> SanctionPolicyView:
    policy = SanctionPolicy(
        body.legal_basis,
        body.valid_from,
        tuple(SanctionStep(s.percent, s.months) for s in body.steps),
        body.cap_percent,
        body.lookback_months,
    )
    return _policy_view(await sanctions.add_policy(ctx, principal, policy))


@router.get(
    "/policies/sanctions",
    tags=["policies"],
    summary="Fassungen der Sanktionsregeln (je Rechtsgrundlage, älteste zuerst)",
)
async def list_sanction_policies(
    ctx: Ctx, principal: CurrentPrincipal, legal_basis: LegalBasis | None = None
) -> list[SanctionPolicyView]:
    found = await sanctions.list_policies(ctx, principal, legal_basis)
    return [_policy_view(p) for p in found]


@router.get("/sanctions", summary="Sanktionen einer Person (protokolliert)")
async def list_sanctions(
    ctx: Ctx, principal: CurrentPrincipal, participant_id: Annotated[UUID, Query()]
) -> SanctionItems:
    found = await sanctions.list_sanctions(ctx, principal, str(participant_id))
    return SanctionItems(items=[_view(s) for s in found])


@router.get("/sanctions/{sanction_id}", summary="Eine Sanktion lesen (protokolliert)")
async def get_sanction(sanction_id: UUID, ctx: Ctx, principal: CurrentPrincipal) -> SanctionView:
    return _view(await sanctions.get_sanction(ctx, principal, str(sanction_id)))


@router.post("/sanctions/{sanction_id}/hearing", summary="Anhörung erfassen")
async def record_hearing(
    sanction_id: UUID, body: RecordHearing, ctx: Ctx, principal: CurrentPrincipal
) -> SanctionView:
    sanction = await sanctions.record_hearing(
        ctx, principal, str(sanction_id), body.held_on, body.participant_statement_summary
    )
    return _view(sanction)


@router.post(
    "/sanctions/{sanction_id}/decide",
    summary="Über den Vorschlag entscheiden (nach der Anhörung; veröffentlicht SanctionDecided)",
)
async def decide_sanction(
    sanction_id: UUID, body: DecideSanction, ctx: Ctx, principal: CurrentPrincipal
) -> SanctionView:
    sanction = await sanctions.decide(
        ctx, principal, str(sanction_id), body.effective_from, body.reduction_percent, body.months
    )
    return _view(sanction)


@router.post(
    "/sanctions/{sanction_id}/waive",
    summary="Von der Einschränkung absehen (veröffentlicht SanctionWaived)",
)
async def waive_sanction(
    sanction_id: UUID, body: WaiveSanction, ctx: Ctx, principal: CurrentPrincipal
) -> SanctionView:
    return _view(await sanctions.waive(ctx, principal, str(sanction_id), body.reason))
