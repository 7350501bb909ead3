"""Records endpoints: household visits from phones; dispute cases, petitions and events from the office.

Writes are batches like every intake endpoint (ops.api.intake): client-made UUIDs, each item
checked on its own, queued for a worker that stores each once. Staff send their own visits;
dispatchers record cases, petitions and events of their township (county: any); supervisors
read. Reads are scoped: another township's record is not found.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel

from ops.api.deps import (
    ClientDep,
    DatabaseDep,
    DispatcherDep,
    PrincipalDep,
    SettingsDep,
    StaffDep,
)
from ops.api.errors import error_responses
from ops.api.intake import BATCH_ERRORS, BatchAnswer, _batch_doc, _read_batch
from ops.api.reads import ItemList
from ops.errors import ForbiddenError, bilingual
from ops.identity.auth import Principal
from ops.intake.accept import accept_batch, check_own_records
from ops.intake.fields import Day, Name, QueryRowId
from ops.records import reads, steps
from ops.records.schemas import DisputeItem, EventItem, PetitionItem, Satisfaction, VisitItem
from ops.records.vet import vet_records
from ops.runtime.queue import INTAKE_DISPUTES, INTAKE_EVENTS, INTAKE_PETITIONS, INTAKE_VISITS

router = APIRouter(prefix="/api/v1", tags=["records"])
# Any text up to 100 characters: an id that is no UUID names no record (404), as for hazards.
RecordId = Annotated[
    str, Path(max_length=100, description="the record's id (a UUID made by its sender)")
]


def check_office_scope(principal: Principal, raw_items: list[Any]) -> None:
    """An office records only for its own township: any other township refuses the whole request."""
    for raw in raw_items:
        township = raw.get("township_id") if isinstance(raw, dict) else None
        if isinstance(township, int) and not principal.sees_township(township):
            raise ForbiddenError(
                bilingual("只能记录本乡镇的事项", "an office records only for its own township")
            )


@router.post("/visits", status_code=202, response_model=BatchAnswer, responses=BATCH_ERRORS,
             openapi_extra=_batch_doc(VisitItem))  # fmt: skip
async def post_visits(
    request: Request, principal: StaffDep, settings: SettingsDep, client: ClientDep,
    database: DatabaseDep,
) -> BatchAnswer:  # fmt: skip
    """Take household visits (入户走访) from the visitor's own phone; workers store each once."""
    raw_items = await _read_batch(request)
    check_own_records(principal, raw_items)
    refused = await database.run(
        vet_records, kind="visit", raw_items=raw_items, principal=principal
    )
    answer = await request.app.state.intake.run(
        accept_batch, settings=settings, client=client, principal=principal, model=VisitItem,
        task=INTAKE_VISITS, raw_items=raw_items, refused=refused,
    )  # fmt: skip
    return BatchAnswer.model_validate(answer.as_dict())


def _declare_office_batch(path: str, kind: str, model: type[Any], task: str, doc: str) -> None:
    """One POST endpoint per office record kind; they differ only in the item model and the task."""

    async def endpoint(
        request: Request, principal: DispatcherDep, settings: SettingsDep, client: ClientDep,
        database: DatabaseDep,
    ) -> BatchAnswer:  # fmt: skip
        raw_items = await _read_batch(request)
        check_office_scope(principal, raw_items)
        refused = await database.run(
            vet_records, kind=kind, raw_items=raw_items, principal=principal
        )
        answer = await request.app.state.intake.run(
            accept_batch, settings=settings, client=client, principal=principal, model=model,
            task=task, raw_items=raw_items, check_scope=check_office_scope,
            stamp={"recorded_by": principal.name[:100]}, refused=refused,
        )  # fmt: skip
        return BatchAnswer.model_validate(answer.as_dict())

    endpoint.__doc__ = doc
    endpoint.__name__ = f"post_{path.strip('/').replace('-', '_')}"
    router.post(path, status_code=202, response_model=BatchAnswer, responses=BATCH_ERRORS,
                openapi_extra=_batch_doc(model))(endpoint)  # fmt: skip


_declare_office_batch("/disputes", "dispute", DisputeItem, INTAKE_DISPUTES,
                      "Record dispute cases (矛盾纠纷) of the township (dispatchers).")  # fmt: skip
_declare_office_batch("/petitions", "petition", PetitionItem, INTAKE_PETITIONS,
                      "Record petitions (信访事项) of the township (dispatchers).")  # fmt: skip
_declare_office_batch("/law-events", "event", EventItem, INTAKE_EVENTS,
                      "Record law-publicity, training and study events (dispatchers).")  # fmt: skip
RECORD_MODELS = (VisitItem, DisputeItem, PetitionItem, EventItem)  # documented as components

READ_ERRORS = error_responses(401, 403, 422, 503)
ONE_ERRORS = error_responses(401, 403, 404, 422, 503)


def _declare_reads(kind: str, path: str, office_only: bool) -> None:
    """GET list and GET one for a kind; staff read only their own visits."""

    async def list_endpoint(
        *,
        database: DatabaseDep,
        settings: SettingsDep,
        principal: PrincipalDep,
        start: Annotated[Day | None, Query(alias="from", description="first local day")] = None,
        end: Annotated[Day | None, Query(alias="to", description="last local day")] = None,
        township_id: Annotated[QueryRowId | None, Query(description="one township")] = None,
        limit: Annotated[int, Query(ge=1, le=5000)] = 500,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> ItemList:
        if office_only and not principal.reads_all:
            raise ForbiddenError(
                bilingual("仅调度员和督导可查看", "dispatchers and supervisors only")
            )
        items, total = await database.run(
            reads.list_records, kind=kind, principal=principal, settings=settings, start=start,
            end=end, township_id=township_id, limit=limit, offset=offset,
        )  # fmt: skip
        return ItemList(items=items, total=total)

    async def one_endpoint(
        record_id: RecordId, database: DatabaseDep, settings: SettingsDep, principal: PrincipalDep
    ) -> dict[str, Any]:
        if office_only and not principal.reads_all:
            raise ForbiddenError(
                bilingual("仅调度员和督导可查看", "dispatchers and supervisors only")
            )
        return await database.run(
            reads.get_record,
            kind=kind,
            record_id=record_id,
            principal=principal,
            settings=settings,
        )

    spec = reads.KINDS[kind]
    list_endpoint.__doc__ = f"{spec.zh} / {spec.en} records in scope over a period of local days."
    list_endpoint.__name__ = f"list_{kind}s"
    one_endpoint.__doc__ = f"One {spec.en} record ({spec.zh}) the caller may read."
    one_endpoint.__name__ = f"get_{kind}"
    router.get(path, response_model=ItemList, responses=READ_ERRORS)(list_endpoint)
    router.get(path + "/{record_id}", response_model=dict[str, Any], responses=ONE_ERRORS)(
        one_endpoint
    )


for _kind, _path, _office in (("visit", "/visits", False), ("dispute", "/disputes", True),
                              ("petition", "/petitions", True), ("event", "/law-events", True)):  # fmt: skip
    _declare_reads(_kind, _path, _office)


class DisputeStep(BaseModel):
    """The next step of a case's mediation, on a local day."""

    to: Literal["mediating", "mediated", "failed", "referred"]
    on: Day
    mediator: Name | None = None


class PetitionStep(BaseModel):
    """A petition handled, or resolved with the petitioner's satisfaction."""

    to: Literal["handled", "resolved"]
    on: Day
    satisfaction: Satisfaction | None = None


STEP_ERRORS = error_responses(401, 403, 404, 409, 422, 503)


@router.post("/disputes/{record_id}/steps", response_model=dict[str, Any], responses=STEP_ERRORS)
async def post_dispute_step(
    record_id: RecordId, body: DisputeStep, database: DatabaseDep, principal: DispatcherDep
) -> dict[str, Any]:
    """Move a case along found → mediating → mediated / failed / referred (dispatchers); else 409."""
    case = await database.run(
        steps.step_dispute, case_id=record_id, to=body.to, on=body.on, principal=principal,
        mediator=body.mediator,
    )  # fmt: skip
    return steps.step_answer(case)


@router.post("/petitions/{record_id}/steps", response_model=dict[str, Any], responses=STEP_ERRORS)
async def post_petition_step(
    record_id: RecordId, body: PetitionStep, database: DatabaseDep, principal: DispatcherDep
) -> dict[str, Any]:
    """Mark a petition handled, then resolved with satisfaction (dispatchers); else 409."""
    petition = await database.run(
        steps.step_petition, petition_id=record_id, to=body.to, on=body.on,
        principal=principal, satisfaction=body.satisfaction,
    )  # fmt: skip
    return steps.step_answer(petition)
