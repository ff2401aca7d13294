"""German texts for FastAPI's request validation errors, in FastAPI's own 422 shape.

Entered values are not echoed back: they may be personal data.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

_MESSAGES: dict[str, str] = {
    "missing": "Pflichtangabe fehlt.",
    "string_type": "Text erwartet.",
    "string_too_short": "Zu kurz (mindestens {min_length} Zeichen).",
    "string_too_long": "Zu lang (höchstens {max_length} Zeichen).",
    "string_pattern_mismatch": "Ungültiges Format.",
    "greater_than": "Muss größer als {gt} sein.",
    "greater_than_equal": "Muss mindestens {ge} sein.",
    "less_than": "Muss kleiner als {lt} sein.",
    "less_than_equal": "Darf höchstens {le} sein.",
    "int_type": "Ganze Zahl erwartet.",
    "int_parsing": "Ganze Zahl erwartet.",
    "int_from_float": "Ganze Zahl erwartet.",
    "decimal_type": "Dezimalzahl erwartet.",
    "decimal_parsing": "Dezimalzahl erwartet.",
    "decimal_max_places": "Höchstens {decimal_places} Nachkommastellen.",
    "decimal_max_digits": "Höchstens {max_digits} Ziffern.",
    "decimal_whole_digits": "Zu viele Stellen vor dem Komma.",
    "bool_type": "Wahrheitswert (true/false) erwartet.",
    "bool_parsing": "Wahrheitswert (true/false) erwartet.",
    "date_type": "Datum im Format JJJJ-MM-TT erwartet.",
    "date_parsing": "Datum im Format JJJJ-MM-TT erwartet.",
    "date_from_datetime_parsing": "Datum im Format JJJJ-MM-TT erwartet.",
    "date_from_datetime_inexact": "Datum ohne Uhrzeit erwartet.",
    "uuid_type": "Kennung (UUID) erwartet.",
    "uuid_parsing": "Kennung (UUID) erwartet.",
    "enum": "Unzulässiger Wert; erlaubt: {expected}.",
    "literal_error": "Unzulässiger Wert; erlaubt: {expected}.",
    "list_type": "Liste erwartet.",
    "too_short": "Mindestens {min_length} Einträge erforderlich.",
    "too_long": "Höchstens {max_length} Einträge erlaubt.",
    "model_type": "Objekt erwartet.",
    "model_attributes_type": "Objekt erwartet.",
    "dict_type": "Objekt erwartet.",
    "json_invalid": "Ungültiges JSON.",
    "json_type": "Ungültiges JSON.",
}


def german_message(error: Mapping[str, Any]) -> str:
    """The German text of one pydantic error (the English one when there is no translation)."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "value_error":
        reason = str(ctx.get("error", error.get("msg", "")))
        if "email" in reason.lower():
            return "Ungültige E-Mail-Adresse."
        return reason.removeprefix("Value error, ")
    template = _MESSAGES.get(kind)
    if template is None:
        return str(error.get("msg", "Ungültiger Wert."))
    try:
        return template.format(**{k: _plain(v) for k, v in ctx.items()})
    except (KeyError, IndexError):
        return template.split(" (")[0].split(";")[0].rstrip(".") + "."


def _plain(value: Any) -> str:
    return str(value).replace("'", "")


async def german_validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    detail = [
        {"loc": list(error["loc"]), "msg": german_message(error), "type": error["type"]}
        for error in exc.errors()
    ]
    return JSONResponse(status_code=422, content={"detail": detail})
