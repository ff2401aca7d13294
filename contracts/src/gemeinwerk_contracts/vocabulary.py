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
