"""Write endpoints: check-ins, tracks, hazards (and their photos and state changes)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import AwareDatetime, BaseModel, Field
from starlette.datastructures import UploadFile

from ops.api.deps import ClientDep, DispatcherDep, PrincipalDep, SessionDep, SettingsDep
from ops.errors import InputError, Problem, bilingual
from ops.intake import hazards
from ops.intake.accept import accept_batch
from ops.intake.schemas import MAX_ITEMS, CheckInItem, HazardItem, TrackItem
from ops.runtime.queue import INTAKE_CHECKINS, INTAKE_HAZARDS, INTAKE_TRACKS

router = APIRouter(prefix="/api/v1", tags=["intake"])


class Batch(BaseModel):
    """1 to 500 items; each is checked on its own so one bad item never sinks the batch."""

    items: list[Any] = Field(min_length=1, max_length=MAX_ITEMS)


class BatchAnswer(BaseModel):
    """Accepted ids (resends included) and refused items with their reasons."""

    accepted: list[str]
    rejected: list[dict[str, Any]]


def _declare_batch_endpoint(path: str, model: type[Any], task: str, doc: str) -> None:
    """One POST endpoint per kind of item; they differ only in the item model and the task."""

    def endpoint(
        body: Batch, session: SessionDep, client: ClientDep, principal: PrincipalDep
    ) -> dict[str, Any]:
        answer = accept_batch(
            session=session,
            client=client,
            principal=principal,
            model=model,
            task=task,
            raw_items=body.items,
        )
        return answer.as_dict()

    endpoint.__doc__ = doc
    endpoint.__name__ = f"post_{path.strip('/')}"
    router.post(path, status_code=202, response_model=BatchAnswer)(endpoint)


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


@router.post("/hazards/{hazard_id}/photos", status_code=201)
async def post_photo(
    hazard_id: str,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
) -> dict[str, Any]:
    """Attach a JPEG or PNG (checked by content, at most 10 MB), stored once by its hash."""
    form = await request.form()
    files = [value for value in form.values() if isinstance(value, UploadFile)]
    if len(files) != 1:
        raise InputError(
            [Problem(hazard_id, "file", bilingual("请上传一张照片", "send exactly one photo file"))]
        )
    data = await files[0].read()
    photo = await run_in_threadpool(  # database and disk work stay off the event loop
        hazards.save_photo,
        session=session,
        hazard_id=hazard_id,
        data=data,
        by=principal,
        settings=settings,
    )
    return {
        "hazard_id": hazard_id,
        "sha256": photo.sha256,
        "content_type": photo.content_type,
        "size": photo.size,
    }


class TransitionRequest(BaseModel):
    """Move a hazard along its lifecycle."""

    to: str
    assignee: str | None = Field(default=None, max_length=100)
    due: AwareDatetime | None = None
    note: str = Field(default="", max_length=2000)


@router.post("/hazards/{hazard_id}/transitions")
def post_transition(
    hazard_id: str, body: TransitionRequest, session: SessionDep, principal: DispatcherDep
) -> dict[str, Any]:
    """Change a hazard's state (dispatchers only); a change the lifecycle does not allow is 409."""
    hazard = hazards.transition(
        session=session, hazard_id=hazard_id, to=body.to, actor=principal, assignee=body.assignee,
        due=body.due, note=body.note,
    )  # fmt: skip
    return {
        "id": hazard.id,
        "status": hazard.status,
        "assignee": hazard.assignee,
        "due": _iso(hazard.due),
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
