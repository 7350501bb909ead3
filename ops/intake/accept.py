"""API side of intake: staff write only their own records; check each item; write down and queue.

Nothing here touches the database: the caller is already known (ops.api.principals), and a staff
token proves its person exists. Accepting a batch is validation, the intake ledger and one Celery
task, so intake keeps answering while the database is away.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ops.errors import ForbiddenError, bilingual
from ops.intake.ledger import send_batch
from ops.intake.schemas import check_item, to_task_payload

if TYPE_CHECKING:
    from celery import Celery

    from ops.identity.auth import Principal
    from ops.intake.schemas import _Record
    from ops.runtime.settings import Settings


@dataclass
class BatchAnswer:
    """The 202 answer: ids taken (including resends) and items refused with reasons."""

    accepted: list[str] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON body of the answer."""
        return {"accepted": self.accepted, "rejected": self.rejected}


def check_own_records(principal: Principal, raw_items: list[Any]) -> None:
    """A staff member submits only their own records: any other staff_id refuses the whole request."""
    for raw in raw_items:
        if not isinstance(raw, dict) or "staff_id" not in raw:
            continue  # refused item by item below (not an object, or no staff_id)
        named = raw["staff_id"]
        if not isinstance(named, str) or named.strip() != principal.staff_id:
            raise ForbiddenError(
                bilingual("只能提交本人的记录", "staff may only submit their own records")
            )


def accept_batch(
    *,
    settings: Settings,
    client: Celery,
    principal: Principal,
    model: type[_Record],
    task: str,
    raw_items: list[Any],
    now: datetime | None = None,
    check_scope: Callable[[Principal, list[Any]], None] = check_own_records,
    stamp: dict[str, Any] | None = None,
    refused: dict[int, list[dict[str, str]]] | None = None,
) -> BatchAnswer:
    """Validate items one by one, queue the valid ones as one task, and say which were taken.

    `check_scope` refuses the whole request when an item is not the caller's to send (staff: their
    own records); `stamp` is added to every queued item (an office record: who recorded it);
    `refused` holds reasons found beforehand in the database, by item index (ops.records.vet).
    """
    check_scope(principal, raw_items)
    now = now or datetime.now(UTC)
    answer = BatchAnswer()
    payloads: dict[str, dict[str, Any]] = {}
    for index, raw in enumerate(raw_items):
        item, errors = check_item(model, raw, now=now)
        if item is not None and refused and index in refused:
            item, errors = None, refused[index]
        if item is None:
            rejected: dict[str, Any] = {"index": index, "errors": errors}
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                rejected["id"] = raw["id"][:64]
            answer.rejected.append(rejected)
            continue
        payloads.setdefault(
            str(item.id), to_task_payload(item) | (stamp or {})
        )  # the same id twice is one record
    if payloads and not settings.bench_discard_intake:
        send_batch(client, settings, task, list(payloads.values()))
    answer.accepted = list(payloads)
    return answer
