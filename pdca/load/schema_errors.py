"""pydantic's validation errors, said the way a register keeper needs to read them."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel

from pdca import i18n

_CALENDAR = {"pdca_calendar", "pdca_date"}
_SIMPLE = {
    "string_type": "schema.string",
    "int_type": "schema.int",
    "int_parsing": "schema.int",
    "int_from_float": "schema.int",
    "bool_type": "schema.bool",
    "bool_parsing": "schema.bool",
    "list_type": "schema.list",
    "model_type": "schema.mapping",
    "model_attributes_type": "schema.mapping",
    "dict_type": "schema.mapping",
    "string_too_short": "schema.empty",
    "pdca_blank": "schema.empty",
    "too_short": "schema.empty",
    "string_pattern_mismatch": "schema.id",
    "pdca_date": "schema.date",
    "pdca_calendar": "schema.calendar",
}


def rule_of(error: Any) -> str:
    return "invalid-date" if error["type"] in _CALENDAR else "schema"


def message_of(error: Any, model: type[BaseModel]) -> i18n.Msg:
    """What a pydantic error means, in pdca's words (put into a language when printed)."""
    loc: tuple[str | int, ...] = tuple(error["loc"])
    kind: str = error["type"]
    ctx = error.get("ctx") or {}
    field = _field_label(loc)
    got = show(error.get("input"))
    if kind == "missing":
        return i18n.Msg("schema.missing", {"field": field})
    if kind == "extra_forbidden":
        allowed = allowed_keys(model_at(model, loc[:-1]))
        hint: Any = i18n.suggest(allowed, str(loc[-1]))
        if not hint and error.get("input") is None and not str(loc[-1]).isascii():
            hint = i18n.Msg("schema.flow_comma")
        return i18n.Msg("schema.extra", {"field": field, "hint": hint})
    if kind in _SIMPLE:
        return i18n.Msg(_SIMPLE[kind], {"field": field, "got": got})
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", ""))
        if loc and loc[-1] == "line":  # the Chinese names are accepted too
            expected += ", '事前', '事中', '事后'"
        if len(loc) > 1 and loc[-1] == "kind" and "actions" in loc:
            expected += ", '通报', '考核', '问责'"
        return i18n.Msg("schema.choice", {"field": field, "got": got, "expected": i18n.Choices(expected)})
    if kind in ("greater_than_equal", "greater_than"):
        return i18n.Msg("schema.ge", {"field": field, "got": got, "limit": ctx.get("ge", ctx.get("gt"))})
    if kind in ("less_than_equal", "less_than"):
        return i18n.Msg("schema.le", {"field": field, "got": got, "limit": ctx.get("le", ctx.get("lt"))})
    if kind in ("string_too_long", "too_long"):
        return i18n.Msg("schema.too_long", {"field": field, "limit": ctx.get("max_length")})
    if kind == "pdca_matrix_shape":
        return i18n.Msg("schema.matrix", dict(ctx))
    if kind == "pdca_file_name":
        return i18n.Msg("schema.file_name", {"field": field, "got": got,
                                             "why": i18n.Msg(f"schema.file_name_{ctx.get('why', 'character')}")})
    if kind == "pdca_number_pattern":
        return i18n.Msg("schema.number_pattern", {"field": field, "got": got})
    if kind == "pdca_smtp_login":
        return i18n.Msg("remind.smtp_login")
    if kind == "pdca_cycle_order":
        return i18n.Msg("schema.cycle_order")
    if kind == "pdca_criteria_size":
        return i18n.Msg("schema.criteria", {"scale": i18n.Field(str(ctx["scale"])), "size": ctx["size"],
                                            "got": ctx["got"]})
    return i18n.Msg("schema.other", {"field": field, "detail": error.get("msg", kind)})


def _field_label(loc: tuple[str | int, ...]) -> Any:
    if not loc:
        return "-"
    names = [s for s in loc if isinstance(s, str)]
    base: Any = i18n.Field(names[-1]) if names else ""
    if isinstance(loc[-1], int):
        return i18n.Msg("field.item", {"field": base, "number": loc[-1] + 1})
    return base


def show(value: Any) -> Any:
    """A value from the file, as a message quotes it."""
    if value is None:
        return i18n.Msg("schema.show.null")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return i18n.Msg("schema.show.mapping")
    if isinstance(value, list):
        return i18n.Msg("schema.show.list")
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:40] + "…"
        return i18n.Msg("schema.show.text", {"text": shown})
    return str(value)


def model_at(model: type[BaseModel] | None, loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class that validates the mapping at `loc` under `model`."""
    for step in loc:
        if model is None:
            return None
        if isinstance(step, int):
            continue
        field = model.model_fields.get(step) or next(
            (f for f in model.model_fields.values() if f.alias == step), None
        )
        model = _find_model(field.annotation) if field is not None else None
    return model


def _find_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _find_model(typing.get_args(annotation)[0])
    if origin in (list, dict, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _find_model(arg)
            if found is not None:
                return found
    return None


def allowed_keys(model: type[BaseModel] | None) -> list[str]:
    if model is None:
        return []
    return [f.alias or name for name, f in model.model_fields.items()]
