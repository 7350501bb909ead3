"""人员 through the API: uploads through the CLI's importers, leave, cards and revoking a phone.

Uploads are all-or-nothing: every problem comes back with its row and column and the database is
as it was; garbage of every kind (empty, binary, wrong encoding, damaged workbook, a field past the
CSV reader's limit, 12 and 50 MB bodies) is a named refusal, never a 500.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest

pytestmark = pytest.mark.redis
HEADERS = ["编号", "姓名", "电话", "角色", "所属村", "每周最多班次"]


@pytest.fixture
def disp(db: Any, township: Any) -> dict[str, str]:
    """A dispatcher token of 色务乡."""
    from sqlmodel import Session, select

    from ops.identity.auth import issue_token
    from ops.models import Township

    with Session(db.engine) as session:
        town = session.exec(select(Township).where(Township.name == "色务乡")).one()
        token = issue_token(session=session, role="dispatcher", name="调度员", township_id=town.id)
    return {"Authorization": f"Bearer {token}"}


def workbook(rows: list[list[Any]]) -> bytes:
    """An .xlsx with the staff headers and these rows."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for line in rows:
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(api: Any, headers: dict[str, str], kind: str, name: str, data: bytes) -> Any:
    """Upload a file for 色务乡 (the first township the demo made)."""
    from sqlmodel import Session, select

    from ops.models import Township

    with Session(api.app.state.engine) as session:
        town = session.exec(select(Township).where(Township.name == "色务乡")).one().id
    return api.post(f"/api/v1/townships/{town}/{kind}/upload", headers=headers,
                    files={"file": (name, data)})  # fmt: skip


def test_an_excel_upload_with_bad_rows_names_each_row_and_column_and_writes_nothing(db, api, disp):
    before = db.snapshot()
    data = workbook([["SW-180", "好人", "13800000000", "巡逻员", "SW01", 4],
                     ["SW-181", "", "12", "飞行员", "V99", 40]])  # fmt: skip
    answer = upload(api, disp, "staff", "人员.xlsx", data)
    assert answer.status_code == 422, answer.text
    found = {(e["record"], e["field"]) for e in answer.json()["errors"]}
    assert found == {("第3行 (row 3)", "姓名 (name)"), ("第3行 (row 3)", "电话 (phone)"),
                     ("第3行 (row 3)", "角色 (roles)"), ("第3行 (row 3)", "所属村 (home_village)"),
                     ("第3行 (row 3)", "每周最多班次 (max_shifts_per_week)")}  # fmt: skip
    assert "未写入任何数据" in answer.json()["detail"]
    assert db.snapshot() == before
    good = upload(
        api, disp, "staff", "人员.xlsx", workbook([["SW-180", "好人", "", "巡逻员", "SW01", 4]])
    )
    assert good.status_code == 200 and good.json()["created"] == 1, good.text
    assert api.get("/api/v1/staff/SW-180", headers=disp).json()["max_shifts_per_week"] == 4


def test_a_gbk_csv_from_chinese_excel_is_read(db, api, disp):
    text = "编号,姓名,电话,角色,所属村,每周最多班次\r\nSW-182,格桑卓玛,,交通劝导员,色务村,3\r\n"
    answer = upload(api, disp, "staff", "人员.csv", text.encode("gbk"))
    assert answer.status_code == 200, answer.text
    assert api.get("/api/v1/staff/SW-182", headers=disp).json()["name"] == "格桑卓玛"


GARBAGE = {
    "empty": ("人员.csv", b"", 422),
    "binary": ("人员.csv", bytes(range(256)) * 64, 422),
    "utf16": ("人员.csv", "编号,姓名\nSW-1,扎西\n".encode("utf-16"), 422),
    "invalid-encoding": ("人员.csv", b"\x81\x30\x89\x38\xff\xfe\xfd" * 100, 422),
    "damaged-xlsx": ("人员.xlsx", b"PK\x03\x04" + b"\x00garbage" * 500, 422),
    "old-xls": ("人员.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, 422),
    "pdf": ("人员.pdf", b"%PDF-1.4\n", 422),
    "huge-field": ("人员.csv", b'"' + b"x" * 200_000 + b'"\n', 422),
    "twelve-mb": ("人员.csv", b"a," * (6 * 1024 * 1024), 413),
    "fifty-mb": ("人员.csv", b"\xff" * (50 * 1024 * 1024), 413),
}


@pytest.mark.parametrize("case", list(GARBAGE), ids=list(GARBAGE))
@pytest.mark.parametrize("kind", ["staff", "leave", "shifts"])
def test_garbage_uploads_are_refused_by_name_and_change_nothing(db, api, disp, kind, case):
    name, data, status = GARBAGE[case]
    before = db.snapshot()
    answer = upload(api, disp, kind, name, data)
    assert answer.status_code == status, answer.text[:300]
    body = answer.json()
    assert body["detail"] and "Traceback" not in answer.text
    if status == 422:
        assert body["errors"] and all(e["message"] for e in body["errors"])
    assert db.snapshot() == before


def test_leave_is_added_found_again_refused_on_overlap_ended_and_removed(db, api, disp):
    added = api.post("/api/v1/staff/SW-007/leave", headers=disp,
                     json={"from": "2030-05-01", "to": "2030-05-10", "reason": "探亲"})  # fmt: skip
    assert added.status_code == 201, added.text
    leave = added.json()
    assert (leave["first_day"], leave["last_day"]) == ("2030-05-01", "2030-05-10")
    assert leave["starts_at"] == "2030-05-01T00:00:00+08:00"
    again = api.post(
        "/api/v1/staff/SW-007/leave", headers=disp, json={"from": "2030-05-01", "to": "2030-05-10"}
    )
    assert again.status_code == 200 and again.json()["id"] == leave["id"]
    overlap = api.post(
        "/api/v1/staff/SW-007/leave", headers=disp, json={"from": "2030-05-09", "to": "2030-05-12"}
    )
    assert overlap.status_code == 422 and "2030-05-01" in overlap.json()["errors"][0]["message"]
    listed = api.get(
        "/api/v1/leave?staff_id=SW-007&from=2030-05-01&to=2030-05-31", headers=disp
    ).json()
    assert [i["id"] for i in listed["items"]] == [leave["id"]]
    ended = api.patch(f"/api/v1/leave/{leave['id']}", headers=disp, json={"to": "2030-05-03"})
    assert ended.status_code == 200 and ended.json()["last_day"] == "2030-05-03"
    late = api.get("/api/v1/leave?staff_id=SW-007&from=2030-05-04&to=2030-05-31", headers=disp)
    assert late.json()["items"] == []
    before_first = api.patch(
        f"/api/v1/leave/{leave['id']}", headers=disp, json={"to": "2030-04-30"}
    )
    assert before_first.status_code == 422
    assert api.delete(f"/api/v1/leave/{leave['id']}", headers=disp).status_code == 204
    assert api.delete(f"/api/v1/leave/{leave['id']}", headers=disp).status_code == 404
    backwards = api.post(
        "/api/v1/staff/SW-007/leave", headers=disp, json={"from": "2030-05-09", "to": "2030-05-01"}
    )
    assert backwards.status_code == 422 and db.count("leave") == 0


def test_a_card_signs_a_phone_in_and_revoking_refuses_that_phone_at_once(db, api, disp):
    card = api.post("/api/v1/staff/SW-004/card?format=png", headers=disp)
    assert card.status_code == 200 and card.content.startswith(b"\x89PNG")
    assert card.headers["cache-control"] == "no-store"
    code = re.search(r"#signin=([\w-]+)", card.headers["x-signin-link"]).group(1)
    token = api.post("/api/v1/signin", json={"code": code}).json()["token"]
    phone = {"Authorization": f"Bearer {token}"}
    assert api.get("/api/v1/me", headers=phone).status_code == 200  # now cached in Redis too
    svg = api.post("/api/v1/staff/SW-004/card?format=svg", headers=disp)
    assert svg.headers["content-type"].startswith("image/svg+xml") and b"<svg" in svg.content
    done = api.post("/api/v1/staff/SW-004/revoke", headers=disp)
    assert done.json() == {"staff_id": "SW-004", "tokens_revoked": 1, "cards_voided": 1}
    assert api.get("/api/v1/me", headers=phone).status_code == 401
    svg_code = re.search(r"#signin=([\w-]+)", svg.headers["x-signin-link"]).group(1)
    assert api.post("/api/v1/signin", json={"code": svg_code}).status_code == 410


def test_the_township_sheet_holds_every_active_person(db, api, disp):
    from sqlmodel import Session, select

    from ops.models import StaffMember, Township

    with Session(db.engine) as session:
        town = session.exec(select(Township).where(Township.name == "色务乡")).one()
        active = len(session.exec(select(StaffMember).where(StaffMember.township_id == town.id,
                                                            StaffMember.active == True)).all())  # noqa: E712  # fmt: skip
    pdf = api.post(f"/api/v1/townships/{town.id}/cards", headers=disp)
    assert pdf.content.startswith(b"%PDF") and pdf.content.count(b"/Type /Page ") == -(
        -active // 10
    )
    html = api.post(f"/api/v1/townships/{town.id}/cards?format=html", headers=disp)
    assert html.text.count('class="card"') == active
    assert "script-src" not in html.headers["content-security-policy"]
    assert "default-src 'none'" in html.headers["content-security-policy"]
