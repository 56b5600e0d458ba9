"""The JSON Schema of register files, generated from the pydantic models (`pdca schema`)."""

from __future__ import annotations

from typing import Any

from pdca.model.entities import SCHEMA_MODELS

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema(kind: str) -> dict[str, Any]:
    if kind != "all":
        document = SCHEMA_MODELS[kind].model_json_schema(by_alias=True)
        return {"$schema": DIALECT, **document}
    defs: dict[str, Any] = {}
    choices = []
    for _name, model in SCHEMA_MODELS.items():
        document = model.model_json_schema(by_alias=True, ref_template="#/$defs/{model}")
        defs.update(document.pop("$defs", {}))
        defs[model.__name__] = document
        choices.append({"$ref": f"#/$defs/{model.__name__}"})
    return {
        "$schema": DIALECT,
        "title": "pdca register file",
        "description": "pdca.yaml, risks/*.yaml, checks/*.yaml, activities/*.yaml, people/*.yaml, dossier/*.yaml, "
                       "pledges/*.yaml, decisions/*.yaml or assessments/*.yaml",
        "anyOf": choices,
        "$defs": dict(sorted(defs.items())),
    }
