"""Closed vocabularies shared by events. Values are wire values: never rename one."""

from enum import StrEnum


class LegalBasis(StrEnum):
    """The statute a work opportunity is assigned under."""

    ASYLBLG_5 = "asylblg_5"
    """§ 5 AsylbLG (asylum seekers)."""
    SGB2_16D = "sgb2_16d"
    """§ 16d SGB II (Bürgergeld recipients)."""


class ProviderKind(StrEnum):
    """Kinds of Träger allowed to offer opportunities."""

    DISTRICT = "district"
    MUNICIPAL = "municipal"
    STATE = "state"
    NON_PROFIT = "non_profit"
    RECEPTION_FACILITY = "reception_facility"


class OpportunityCategory(StrEnum):
    """Task categories of the seed documents (Osnabrück, Harz, Bernkastel-Wittlich)."""

    GREEN_SPACE_CARE = "green_space_care"
    CLOTHING_STORE = "clothing_store"
    FOOD_BANK = "food_bank"
    ANIMAL_SHELTER = "animal_shelter"
    NATURE_CONSERVATION = "nature_conservation"
    SPORTS_GROUNDS = "sports_grounds"
    DRIVING_SERVICE = "driving_service"
    WORKSHOP = "workshop"
    ADMINISTRATION = "administration"
    ROAD_DEPOT = "road_depot"
    RECEPTION_FACILITY = "reception_facility"


class EndReason(StrEnum):
    """Why a placement ended."""

    REGULAR_EMPLOYMENT = "regular_employment"
    COMPLETED = "completed"
    ENTITLEMENT_ENDED = "entitlement_ended"
    NOT_REASONABLE = "not_reasonable"
    CANCELLED = "cancelled"
    MOVED_AWAY = "moved_away"


class RefusalKind(StrEnum):
    """Ablehnung, Nichtantritt, Abbruch."""

    REFUSED = "refused"
    NO_SHOW = "no_show"
    BROKE_OFF = "broke_off"


class JustificationCategory(StrEnum):
    """Category of a wichtiger Grund. Only the category travels, never health details."""

    REDUCED_EARNING_CAPACITY = "reduced_earning_capacity"
    ILLNESS = "illness"
    DISABILITY = "disability"
    CARING_FOR_RELATIVES = "caring_for_relatives"
    PENSION_AGE = "pension_age"
    RAISING_SMALL_CHILD = "raising_small_child"
    INTEGRATION_COURSE = "integration_course"
    WORK_TRAINING_OR_STUDY = "work_training_or_study"
    OTHER = "other"


class SanctionRule(StrEnum):
    """The rule a sanction proposal applies."""

    ASYLBLG_1A = "asylblg_1a"
    """§ 5 Abs. 4 with § 1a Abs. 1 AsylbLG: benefits reduced to the § 1a level, at most 6 months."""
    SGB2_31A = "sgb2_31a"
    """§§ 31, 31a SGB II: Leistungsminderung in steps of the Regelbedarf, capped."""


class SanctionWaiverReason(StrEnum):
    """Why a case worker decided against a proposed sanction."""

    JUSTIFIED_AT_HEARING = "justified_at_hearing"
    """The hearing brought out a wichtiger Grund."""
    EXCEPTIONAL_HARDSHIP = "exceptional_hardship"
    WORK_TAKEN_UP = "work_taken_up"
    OTHER = "other"


class SanctionEndReason(StrEnum):
    """Why a running sanction ended before its planned end."""

    WORK_TAKEN_UP = "work_taken_up"
    """Taking up the work ends a running sanction."""
    REVOKED = "revoked"


class PaymentPayer(StrEnum):
    """Who pays the allowance out (a district setting)."""

    DISTRICT = "district"
    """The district pays participants (SEPA transfer, cash or Bezahlkarte)."""
    PROVIDER = "provider"
    """The provider pays and is reimbursed by the district (settlement per provider)."""


class NoticeType(StrEnum):
    """The notices notification sends; `notice_type` in its events takes these values."""

    PLACEMENT_STARTED = "placement_started"
    """Short information to the participant that the placement started."""
    ASSIGNMENT = "assignment"
    """The Zuweisung with the Rechtsfolgenbelehrung: the legal notice a sanction relies on."""
    PROVIDER_START_INFO = "provider_start_info"
    HEARING = "hearing"
    """Anhörung after an unjustified refusal."""
    CASE_WORKER_HEARING_INFO = "case_worker_hearing_info"
    SANCTION_DECISION = "sanction_decision"
    ALLOWANCE_STATEMENT = "allowance_statement"
    PLACEMENT_ENDED = "placement_ended"
    HOURS_REMINDER = "hours_reminder"
