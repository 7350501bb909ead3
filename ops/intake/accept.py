"""API side of intake: check each item's shape, keep staff to their own records, enqueue one task."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from ops.errors import ForbiddenError, bilingual
from ops.intake.classify import staff_exists
from ops.intake.ledger import send_batch
from ops.intake.schemas import check_item, to_task_payload

if TYPE_CHECKING:
    from celery import Celery

    from ops.identity.auth import Principal
    from ops.intake.schemas import _Item


@dataclass
class BatchAnswer:
    """The 202 answer: ids taken (including resends) and items refused with reasons."""

    accepted: list[str] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON body of the answer."""
        return {"accepted": self.accepted, "rejected": self.rejected}


def check_own_records(principal: Principal, raw_items: list[Any]) -> None:
    """Staff submit only for themselves: any other staff_id refuses the whole request."""
    if principal.reads_all:
        return
    for raw in raw_items:
        if (
            isinstance(raw, dict)
            and "staff_id" in raw
            and str(raw["staff_id"]).strip() != principal.staff_id
        ):
            raise ForbiddenError(
                bilingual("只能提交本人的记录", "staff may only submit their own records")
            )


def accept_batch(
    *,
    session: Session,
    client: Celery,
    principal: Principal,
    model: type[_Item],
    task: str,
    raw_items: list[Any],
    now: datetime | None = None,
) -> BatchAnswer:
    """Validate items one by one, enqueue the valid ones as one task, and say which were taken."""
    check_own_records(principal, raw_items)
    now = now or datetime.now(UTC)
    answer = BatchAnswer()
    valid: list[tuple[int, _Item]] = []
    for index, raw in enumerate(raw_items):
        item, errors = check_item(model, raw, now=now)
        if item is None:
            rejected: dict[str, Any] = {"index": index, "errors": errors}
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                rejected["id"] = raw["id"]
            answer.rejected.append(rejected)
        else:
            valid.append((index, item))
    known = staff_exists(session, (item.staff_id for _, item in valid))
    payloads: dict[str, dict[str, Any]] = {}
    for index, item in valid:
        if item.staff_id not in known:
            message = bilingual(f"没有编号为“{item.staff_id}”的人员", "unknown staff member")
            answer.rejected.append(
                {
                    "index": index,
                    "id": str(item.id),
                    "errors": [{"field": "staff_id", "message": message}],
                }
            )
            continue
        payloads.setdefault(
            str(item.id), to_task_payload(item)
        )  # the same id twice in a batch is one record
    if payloads:
        send_batch(client, client.conf.fieldops_settings, task, list(payloads.values()))
    answer.accepted = list(payloads)
    answer.rejected.sort(key=lambda r: r["index"])
    return answer
