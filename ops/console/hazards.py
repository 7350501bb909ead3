"""隐患台账: the ledger of reports (filters, overdue first, export) and one report's page.

Reading goes through the same service as `GET /api/v1/hazards` (ops.services.hazard_ledger);
moving a report along is the page's script calling `POST /api/v1/hazards/{id}/transitions`.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from ops.console.context import ConsoleView, current_view, render
from ops.errors import NotFoundError
from ops.intake.hazards import STATE_LABELS
from ops.intake.schemas import HAZARD_CATEGORIES
from ops.services.hazard_ledger import HazardFilter, hazard_detail, ledger_choices, list_ledger

router = APIRouter(prefix="/console", include_in_schema=False)
PAGE_SIZE = 100
FIELDS = ("status", "category", "village_id", "post_id", "staff_id", "from", "to", "overdue")


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def local_time(settings: Any) -> Any:
    """A template helper: a stored ISO time as local "YYYY-MM-DD HH:MM" ("" for none)."""

    def shown(value: str | None) -> str:
        if not value:
            return ""
        return datetime.fromisoformat(value).astimezone(settings.tz).strftime("%Y-%m-%d %H:%M")

    return shown


def page_filters(
    params: dict[str, str], township_id: int | None, settings: Any
) -> tuple[HazardFilter, dict[str, str]]:
    """The ledger's filters from the page's query (nonsense ignored), and as the API's parameters."""
    from ops.services.rosters import local_day_bounds

    status = params.get("status") if params.get("status") in STATE_LABELS else None
    category = params.get("category") if params.get("category") in HAZARD_CATEGORIES else None
    first, last = _day(params.get("from")), _day(params.get("to"))
    begin = local_day_bounds(first, 1, settings)[0] if first else None
    end = local_day_bounds(last, 1, settings)[1] if last else None
    staff = (params.get("staff_id") or "").strip()[:64] or None
    found = HazardFilter(
        status=status, category=category, village_id=_int(params.get("village_id")),
        post_id=_int(params.get("post_id")), staff_id=staff, begin=begin, end=end,
        overdue=True if params.get("overdue") == "1" else None, township_id=township_id,
    )  # fmt: skip
    api = {
        "status": found.status, "category": found.category, "village_id": found.village_id,
        "post_id": found.post_id, "staff_id": found.staff_id, "overdue": "true" if found.overdue else None,
        "from": begin.isoformat() if begin else None, "to": end.isoformat() if end else None,
        "township_id": township_id,
    }  # fmt: skip
    return found, {k: str(v) for k, v in api.items() if v is not None}


@router.get("/hazards", response_class=HTMLResponse)
async def ledger_page(
    request: Request, view: Annotated[ConsoleView, Depends(current_view)]
) -> HTMLResponse:
    """The reports in scope, filtered, overdue first, a hundred a page, with the export link."""
    settings = request.app.state.settings
    params = dict(request.query_params)
    filters, api_query = page_filters(params, view.township_id, settings)
    page = max(1, min(_int(params.get("page")) or 1, 100_000))
    database = request.app.state.database
    items, total = await database.run(
        list_ledger, principal=view.session.principal, filters=filters, now=datetime.now(UTC),
        overdue_first=True, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE,
    )  # fmt: skip
    choices = await database.run(ledger_choices, township_id=view.township_id)
    kept = {k: params[k] for k in FIELDS if params.get(k)}
    return render(
        request, "hazards.html", view=view, section="hazards", items=items, total=total, page=page,
        pages=max(1, -(-total // PAGE_SIZE)), choices=choices, chosen=kept, states=STATE_LABELS,
        categories=HAZARD_CATEGORIES, export="/api/v1/hazards/export.xlsx?" + urlencode(api_query),
        page_query=lambda n: "?" + urlencode(kept | {"page": n}), local=local_time(settings),
    )  # fmt: skip


@router.get("/hazards/{hazard_id}", response_class=HTMLResponse)
async def hazard_page(
    request: Request, hazard_id: uuid.UUID, view: Annotated[ConsoleView, Depends(current_view)]
) -> HTMLResponse:
    """One report: description, photos, place on a small map, possible duplicate, history, moves."""
    from ops.console.today import map_attrs

    settings = request.app.state.settings
    database = request.app.state.database
    try:
        found = await database.run(
            hazard_detail, principal=view.session.principal, hazard_id=str(hazard_id),
            now=datetime.now(UTC),
        )  # fmt: skip
    except NotFoundError as exc:
        return render(
            request, "hazard.html", view=view, section="hazards", status=404, missing=str(exc)
        )
    choices = await database.run(ledger_choices, township_id=view.township_id)
    offset = datetime.now(settings.tz).strftime("%z")
    return render(
        request, "hazard.html", view=view, section="hazards", h=found, states=STATE_LABELS,
        staff=choices["staff"], map=map_attrs(settings), local=local_time(settings), missing=None,
        tz_offset=f"{offset[:3]}:{offset[3:]}",
    )  # fmt: skip
