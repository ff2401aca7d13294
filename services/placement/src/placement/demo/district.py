"""The demo district: the 21 municipal units of Landkreis Osnabrück that place people.

Only seven keys are confirmed from a public source (shared/data/landkreis-osnabrueck.md);
the others are illustrative keys in the district's 03459nnn pattern, marked `confirmed=False`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Municipality:
    name: str
    key: str
    confirmed: bool


MUNICIPALITIES = (
    Municipality("Bad Iburg", "03459004", True),
    Municipality("Bad Rothenfelde", "03459006", True),
    Municipality("Belm", "03459008", True),
    Municipality("Bohmte", "03459013", True),
    Municipality("Dissen am Teutoburger Wald", "03459015", True),
    Municipality("Hagen am Teutoburger Wald", "03459020", True),
    Municipality("Melle", "03459024", True),
    Municipality("Bramsche", "03459901", False),
    Municipality("Georgsmarienhütte", "03459902", False),
    Municipality("Bad Essen", "03459903", False),
    Municipality("Bad Laer", "03459904", False),
    Municipality("Bissendorf", "03459905", False),
    Municipality("Glandorf", "03459906", False),
    Municipality("Hasbergen", "03459907", False),
    Municipality("Hilter am Teutoburger Wald", "03459908", False),
    Municipality("Ostercappeln", "03459909", False),
    Municipality("Wallenhorst", "03459910", False),
    Municipality("Samtgemeinde Artland (Quakenbrück)", "03459911", False),
    Municipality("Samtgemeinde Bersenbrück", "03459912", False),
    Municipality("Samtgemeinde Fürstenau", "03459913", False),
    Municipality("Samtgemeinde Neuenkirchen", "03459914", False),
)

# (offers, places per offer, categories) per provider kind: 150 municipal, 50 district and
# 100 non-profit places in 66 offers, as Osnabrück planned.
MUNICIPAL_CATEGORIES = ("green_space_care", "road_depot", "sports_grounds", "administration")
DISTRICT_CATEGORIES = ("administration", "nature_conservation", "reception_facility", "workshop")
NON_PROFITS = (
    ("Tafel", "food_bank"),
    ("Kleiderkammer", "clothing_store"),
    ("Tierheim", "animal_shelter"),
    ("Sportverein", "sports_grounds"),
    ("Fahrdienst", "driving_service"),
)
GIVEN_NAMES = (
    "Amina",
    "Ahmad",
    "Mariam",
    "Omid",
    "Zainab",
    "Yusuf",
    "Fatima",
    "Hamid",
    "Olena",
    "Dmytro",
    "Aylin",
    "Mehmet",
    "Hawa",
    "Abdi",
    "Selam",
    "Yonas",
    "Leyla",
    "Karim",
    "Nadia",
    "Samir",
    "Iryna",
    "Taras",
    "Rahel",
    "Tesfay",
    "Sara",
    "Ali",
    "Noor",
    "Farid",
)
FAMILY_NAMES = (
    "Haddad",
    "Rahimi",
    "Karimi",
    "Sultani",
    "Yilmaz",
    "Kaya",
    "Demir",
    "Shevchenko",
    "Kovalenko",
    "Bondarenko",
    "Mohamed",
    "Hassan",
    "Tesfaye",
    "Gebremariam",
    "Ahmadi",
    "Noori",
    "Hosseini",
    "Jafari",
    "Popal",
    "Stanekzai",
    "Warsame",
    "Osman",
)
LANGUAGES = ("ar", "fa", "tr", "ps", "ku", "uk", "ru", "so", "ti", "en", "fr")
