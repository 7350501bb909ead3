"""The OpenAPI document as the contract: item schemas, the error body, bearer security, links.

Intake bodies are checked item by item (one bad item never sinks a batch), so their routes read
the body themselves; the document still describes each item exactly, from the same models.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

from ops.api.errors import DESCRIPTIONS, ErrorBody

REF = "#/components/schemas/{model}"


def _hazard_links() -> dict[str, Any]:
    """From a report just taken to reading it, moving it and adding its photo."""
    hazard_id = {"hazard_id": "$response.body#/accepted/0"}
    return {
        "AddPhoto": {
            "operationId": "post_photo_api_v1_hazards__hazard_id__photos_post",
            "parameters": hazard_id,
        },
        "MoveAlong": {
            "operationId": "post_transition_api_v1_hazards__hazard_id__transitions_post",
            "parameters": hazard_id,
        },
    }


def build_schema(app: FastAPI, item_models: tuple[type[BaseModel], ...]) -> dict[str, Any]:
    """The app's OpenAPI document with item components, the real 422 body and hazard links."""
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    models: list[type[BaseModel]] = [*item_models, ErrorBody]
    for model in models:
        found = model.model_json_schema(ref_template=REF)
        components.update(found.pop("$defs", {}))
        components[model.__name__] = found
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    error_ref = {"application/json": {"schema": {"$ref": REF.format(model="ErrorBody")}}}
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            answers = operation.get("responses", {})
            if "422" in answers:
                answers["422"] = {"description": DESCRIPTIONS[422], "content": error_ref}
            if path == "/api/v1/hazards" and method == "post":
                answers.get("202", {})["links"] = _hazard_links()
    return schema


def install(app: FastAPI, item_models: tuple[type[BaseModel], ...]) -> None:
    """Serve `build_schema` (built once) as the app's OpenAPI document."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_schema(app, item_models)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
