"""Names of municipalities by AGS for reports (Landkreis Osnabrück, keys confirmed from a
public source; any other key is shown as the AGS itself)."""

from __future__ import annotations

NAMES: dict[str, str] = {
    "03459004": "Bad Iburg",
    "03459006": "Bad Rothenfelde",
    "03459008": "Belm",
    "03459013": "Bohmte",
    "03459015": "Dissen a.T.W.",
    "03459020": "Hagen a.T.W.",
    "03459024": "Melle",
}


def municipality_name(key: str) -> str:
    """The name for a known key, else "AGS <key>"."""
    return NAMES.get(key, f"AGS {key}")
