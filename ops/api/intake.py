"""Write endpoints: check-ins, tracks, hazards (and their photos and state changes), make-up check-ins.

Field records come only from the staff member they name, with that person's token. A batch is
checked item by item (one bad item never sinks its batch), written down and queued without the
database; photos, transitions and make-up check-ins are database work, bounded per process.
"""

from __future__ import annotations

import json
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, File, Path, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, ValidationError

from ops.api.deps import ClientDep, DatabaseDep, DispatcherDep, SettingsDep, StaffDep
from ops.api.errors import error_responses
from ops.intake import hazards, photos
from ops.intake.accept import accept_batch
from ops.intake.fields import LongText, Name, OfficeTime, Reason, RecordTime, RowId, StaffId
from ops.intake.makeup import record_makeup
from ops.intake.schemas import MAX_ITEMS, CheckInItem, HazardItem, TrackItem
from ops.runtime.queue import INTAKE_CHECKINS, INTAKE_HAZARDS, INTAKE_TRACKS

router = APIRouter(prefix="/api/v1", tags=["intake"])
HazardId = Annotated[UUID, Path(description="the report's id (a UUID made on the phone)")]


class Batch(BaseModel):
    """1 to 500 items; each is checked on its own so one bad item never sinks the batch."""

    items: list[Any] = Field(min_length=1, max_length=MAX_ITEMS)


class RejectedItem(BaseModel):
    """An item refused at the door, with every reason."""

    index: int
    id: str | None = None
    errors: list[dict[str, str]]


class BatchAnswer(BaseModel):
    """Accepted ids (resends included) and refused items with their reasons."""

    accepted: list[str]
    rejected: list[RejectedItem]


def _batch_doc(model: type[BaseModel]) -> dict[str, Any]:
    """The request body as documented: a batch of `model` items (checked one by one)."""
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["items"],
                        "properties": {
                            "items": {
                                "type": "array",
                                "minItems": 1,
                                "maxItems": MAX_ITEMS,
                                "items": {"$ref": f"#/components/schemas/{model.__name__}"},
                            }
                        },
                    }
                }
            },
        }
    }


async def _read_batch(request: Request) -> list[Any]:
    """The items of a JSON batch body; 422 naming the problem when it is not one.

    Python's JSON reader keeps a lone surrogate (JSON.stringify on a phone escapes one as
    \\ud800), so such a text is refused item by item, naming its field, not the whole batch.
    """
    try:
        raw = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError) as exc:
        raise RequestValidationError(
            [
                {
                    "type": "json_invalid",
                    "loc": ("body",),
                    "msg": f"JSON decode error: {exc}",
                    "input": None,
                }
            ]
        ) from exc
    try:
        return Batch.model_validate(raw).items
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        ) from exc


BATCH_ERRORS = error_responses(401, 403, 413, 422, 503)


def _declare_batch_endpoint(path: str, model: type[Any], task: str, doc: str) -> None:
    """One POST endpoint per kind of item; they differ only in the item model and the task."""

    async def endpoint(
        request: Request, principal: StaffDep, settings: SettingsDep, client: ClientDep
    ) -> BatchAnswer:
        raw_items = await _read_batch(request)
        answer = await request.app.state.intake.run(
            accept_batch, settings=settings, client=client, principal=principal, model=model,
            task=task, raw_items=raw_items,
        )  # fmt: skip
        return BatchAnswer.model_validate(answer.as_dict())

    endpoint.__doc__ = doc
    endpoint.__name__ = f"post_{path.strip('/')}"
    router.post(
        path,
        status_code=202,
        response_model=BatchAnswer,
        responses=BATCH_ERRORS,
        openapi_extra=_batch_doc(model),
    )(endpoint)


_declare_batch_endpoint(
    "/checkins",
    CheckInItem,
    INTAKE_CHECKINS,
    "Take check-ins and check-outs; workers classify and store them once.",
)
_declare_batch_endpoint(
    "/tracks",
    TrackItem,
    INTAKE_TRACKS,
    "Take GPS track chunks ([lon, lat, time, accuracy_m] points).",
)
_declare_batch_endpoint(
    "/hazards", HazardItem, INTAKE_HAZARDS, "Take hazard and violation reports."
)
ITEM_MODELS = (CheckInItem, TrackItem, HazardItem)  # documented as components (ops.api.openapi)


class PhotoAnswer(BaseModel):
    """A stored photo."""

    hazard_id: str
    sha256: str
    content_type: str
    size: int


@router.post(
    "/hazards/{hazard_id}/photos",
    status_code=201,
    response_model=PhotoAnswer,
    responses=error_responses(401, 403, 413, 422, 503),
)
async def post_photo(
    hazard_id: HazardId,
    database: DatabaseDep,
    settings: SettingsDep,
    principal: StaffDep,
    file: Annotated[UploadFile, File(description="one JPEG or PNG, at most 10 MB")],
) -> PhotoAnswer:
    """Attach a JPEG or PNG (checked by content, at most 10 MB) to one's own report, stored once."""
    data = await file.read()
    photo = await database.run(
        photos.save_photo, hazard_id=str(hazard_id), data=data, by=principal, settings=settings
    )
    return PhotoAnswer(
        hazard_id=str(hazard_id),
        sha256=photo.sha256,
        content_type=photo.content_type,
        size=photo.size,
    )


class TransitionRequest(BaseModel):
    """Move a hazard along its lifecycle."""

    to: str = Field(max_length=16, description="the next state")
    assignee: Name | None = None
    due: OfficeTime | None = None
    note: LongText = ""


class TransitionAnswer(BaseModel):
    """Where the hazard stands now."""

    id: str
    status: str
    assignee: str | None
    due: str | None


@router.post(
    "/hazards/{hazard_id}/transitions",
    response_model=TransitionAnswer,
    responses=error_responses(401, 403, 404, 409, 422, 503),
)
async def post_transition(
    hazard_id: HazardId, body: TransitionRequest, database: DatabaseDep, principal: DispatcherDep
) -> TransitionAnswer:
    """Change a hazard's state (dispatchers only); a change the lifecycle does not allow is 409."""
    hazard = await database.run(
        hazards.transition, hazard_id=str(hazard_id), to=body.to, actor=principal,
        assignee=body.assignee, due=body.due, note=body.note,
    )  # fmt: skip
    return TransitionAnswer(
        id=hazard.id,
        status=hazard.status,
        assignee=hazard.assignee,
        due=hazard.due.isoformat() if hazard.due else None,
    )


class MakeupRequest(BaseModel):
    """A make-up check-in (补签) for a person whose phone could not check in."""

    id: UUID | None = Field(
        default=None, description="optional: a resend with the same id is stored once"
    )
    staff_id: StaffId
    assignment_id: RowId
    recorded_at: RecordTime = Field(description="when the person was there")
    reason: Reason = Field(description="why it is made up (required)")


class MakeupAnswer(BaseModel):
    """The stored make-up check-in."""

    id: str
    staff_id: str
    assignment_id: int | None
    recorded_at: str
    status: str
    source: str
    made_up_by: str | None
    reason: str | None


@router.post(
    "/checkins/makeup",
    status_code=201,
    response_model=MakeupAnswer,
    responses=error_responses(401, 403, 404, 422, 503),
)
async def post_makeup(
    body: MakeupRequest, database: DatabaseDep, settings: SettingsDep, principal: DispatcherDep
) -> MakeupAnswer:
    """Record a make-up check-in (dispatchers, within their township): marked 补签, by whom and why."""
    stored = await database.run(
        record_makeup, principal=principal, staff_id=body.staff_id,
        assignment_id=body.assignment_id, recorded_at=body.recorded_at, reason=body.reason,
        item_id=str(body.id) if body.id else None, settings=settings,
    )  # fmt: skip
    return MakeupAnswer.model_validate(stored)
