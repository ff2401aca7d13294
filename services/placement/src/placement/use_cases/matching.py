"""Use case: the ranked, explained list of opportunities for a participant."""

from __future__ import annotations

from chassis.auth import Principal

from chassis import NotFound
from placement import clock
from placement.context import PlacementContext
from placement.domain.access import Action
from placement.domain.matching import Match, Seeker, rank
from placement.store import audit as audit_store
from placement.store import matching, participants
from placement.use_cases.common import audit, authorize


async def matches(
    ctx: PlacementContext, principal: Principal, participant_id: str, limit: int = 20
) -> list[Match]:
    """Open opportunities with free places for the participant, best first (audited)."""
    today = clock.today()
    async with ctx.uow() as uow:
        person = await participants.get(uow.session, participant_id)
        if person is None:
            raise NotFound("Die teilnehmende Person ist nicht bekannt.")
        authorize(principal, Action.MATCH, [person.municipality_key])
        found = await matching.candidates(uow.session, person.legal_basis.value, today)
        record = audit(principal, "matches.viewed", person.id, "participant", person.id)
        await audit_store.append(uow.session, [record])
        await uow.commit()
    seeker = Seeker(
        municipality_key=person.municipality_key,
        legal_basis=person.legal_basis.value,
        preferred_language=person.preferred_language,
        preferred_categories={c.value for c in person.preferred_categories},
    )
    return rank(seeker, found, ctx.settings.matching_neighbours, today)[:limit]
