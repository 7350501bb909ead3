"""走访与调解: household visits, dispute cases, petitions and events of the township, by period.

Reading goes through the services behind `GET /api/v1/visits|disputes|petitions|law-events`
(ops.records.reads), newest first. Every change is the page's script calling the API with the
session's CSRF token: new cases, petitions and events through `POST /api/v1/disputes|petitions|
law-events` (the same vetting and worker as any client), steps through `POST
/api/v1/disputes/{id}/steps` and `/petitions/{id}/steps`. Supervisors read only.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session, col, select

from ops.console.context import ConsoleView, current_view, render
from ops.console.hazards import local_time
from ops.identity.auth import Principal
from ops.models import StaffMember, Village
from ops.records.reads import list_records
from ops.records.steps import DISPUTE_NEXT
from ops.records.themes import themes_for

router = APIRouter(prefix="/console", include_in_schema=False)
PAGE_SIZE = 100
# tab -> (record kind of ops.records.reads, API path, Chinese, English)
TABS = {
    "visits": ("visit", "/api/v1/visits", "入户走访", "Household visits"),
    "disputes": ("dispute", "/api/v1/disputes", "矛盾纠纷", "Dispute cases"),
    "petitions": ("petition", "/api/v1/petitions", "信访事项", "Petitions"),
    "events": ("event", "/api/v1/law-events", "宣传培训学习", "Events"),
}
# The office's words for the stored codes (the Excel import's words: ops.importing.records).
LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "purpose": {"dispute_check": ("矛盾纠纷排查", "dispute check"),
                "safety_check": ("安全隐患排查", "safety check"),
                "petition_followup": ("信访回访", "petition follow-up"),
                "policy_publicity": ("政策宣传", "policy publicity"), "other": ("其他", "other")},
    "category": {"grassland": ("草场", "grassland"), "neighbour": ("邻里", "neighbours"),
                 "family": ("婚姻家庭", "marriage and family"), "debt": ("债务", "debt"),
                 "labour": ("劳务", "labour"), "livestock": ("牲畜", "livestock"),
                 "land": ("土地", "land"), "other": ("其他", "other")},
    "status": {"found": ("发现", "found"), "mediating": ("调解中", "mediating"),
               "mediated": ("调解成功", "mediated"), "failed": ("调解失败", "failed"),
               "referred": ("移交", "referred")},
    "step": {"mediating": ("开始调解", "Start mediating"), "mediated": ("调解成功", "Mediated"),
             "failed": ("调解失败", "Failed"), "referred": ("移交", "Refer"),
             "handled": ("办理", "Handled"), "resolved": ("化解", "Resolved")},
    "satisfaction": {"satisfied": ("满意", "satisfied"),
                     "basically_satisfied": ("基本满意", "basically satisfied"),
                     "unsatisfied": ("不满意", "unsatisfied")},
    "kind": {"publicity": ("普法宣传", "law publicity"), "training": ("培训", "training"),
             "study": ("学习", "study")},
}  # fmt: skip
PETITION_NEXT = {"received": ("handled",), "handled": ("resolved",)}


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _uuid(value: str | None) -> str | None:
    """A hazard report's id to start a case from (`?hazard=`), if it is one."""
    try:
        return str(uuid.UUID(value)) if value and len(value) <= 36 else None
    except ValueError:
        return None


def petition_stage(item: dict[str, Any]) -> str:
    """Where a petition stands: received, handled or resolved."""
    return "resolved" if item["resolved_on"] else "handled" if item["handled_on"] else "received"


def records_page_data(
    *, session: Session, tab: str, principal: Principal, township_id: int, settings: Any,
    start: date | None, end: date | None, page: int,
) -> dict[str, Any]:  # fmt: skip
    """The tab's records in the period (newest first), every tab's count, and the form's choices."""
    found: dict[str, Any] = {"counts": {}}
    for name, (kind, *_) in TABS.items():
        limit, offset = (PAGE_SIZE, (page - 1) * PAGE_SIZE) if name == tab else (1, 0)
        items, total = list_records(
            session=session, kind=kind, principal=principal, settings=settings, start=start,
            end=end, township_id=township_id, limit=limit, offset=offset,
        )  # fmt: skip
        found["counts"][name] = total
        if name == tab:
            found["items"], found["total"] = items, total
    villages = session.exec(
        select(Village.id, Village.name)
        .where(Village.township_id == township_id)
        .order_by(col(Village.code))
    ).all()
    found["villages"] = [(vid, name) for vid, name in villages]
    if tab == "visits":
        ids = {item["staff_id"] for item in found["items"]}
        people = session.exec(select(StaffMember).where(col(StaffMember.id).in_(ids))).all()
        found["staff"] = {p.id: p.name for p in people}
    found["themes"] = themes_for(session, township_id) if tab == "events" else []
    return found


@router.get("/records", response_class=HTMLResponse)
async def records_page(
    request: Request, view: Annotated[ConsoleView, Depends(current_view)]
) -> HTMLResponse:
    """One kind of record of the township in a period; dispatchers add and move cases along."""
    settings = request.app.state.settings
    params = request.query_params
    tab = params.get("tab") if params.get("tab") in TABS else "disputes"
    start, end = _day(params.get("from")), _day(params.get("to"))
    raw_page = params.get("page") or ""
    page = min(int(raw_page), 100_000) if raw_page.isdigit() and len(raw_page) < 7 else 1
    page = max(page, 1)
    today = datetime.now(UTC).astimezone(settings.tz).date()
    context: dict[str, Any] = {"tab": tab, "tabs": TABS, "labels": LABELS, "today": today,
                               "chosen": {"from": start, "to": end}, "data": None,
                               "request_hazard": _uuid(params.get("hazard"))}  # fmt: skip
    if view.township_id is not None:
        data = await request.app.state.database.run(
            records_page_data, tab=tab, principal=view.session.principal, township_id=view.township_id,
            settings=settings, start=start, end=end, page=page,
        )  # fmt: skip
        kept = {k: v.isoformat() for k, v in (("from", start), ("to", end)) if v}
        context |= {
            "data": data, "page": page, "pages": max(1, -(-data["total"] // PAGE_SIZE)),
            "query": lambda **more: "?" + urlencode({"tab": tab} | kept | more),
            "periods": _periods(today), "village_names": dict(data["villages"]),
            "dispute_next": DISPUTE_NEXT, "petition_next": PETITION_NEXT,
            "petition_stage": petition_stage, "local": local_time(settings),
        }  # fmt: skip
    return render(request, "records.html", view=view, section="records", **context)


def _periods(today: date) -> list[tuple[str, str, str, str]]:
    """Quick periods: (Chinese, English, from, to) for this month, this year and last year."""
    month = today.replace(day=1)
    year = today.replace(month=1, day=1)
    last = year.replace(year=year.year - 1)
    return [
        ("本月", "This month", month.isoformat(), today.isoformat()),
        ("今年", "This year", year.isoformat(), today.isoformat()),
        (f"{last.year}年", str(last.year), last.isoformat(), f"{last.year}-12-31"),
    ]
