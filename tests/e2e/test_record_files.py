"""A dispute's agreement and an event's photos; the theme days an office adds to its list."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date
from typing import Any

import pytest
from sqlmodel import Session

from ops.models import DisputeCase, LawEvent
from tests.e2e.conftest import bearer
from tests.e2e.test_records_api import _ids, event

pytestmark = pytest.mark.redis
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _records(db: Any) -> tuple[str, str]:
    town, _village = _ids(db)
    case, held = str(uuid.uuid4()), str(uuid.uuid4())
    with Session(db.engine) as session:
        session.add(DisputeCase(id=case, township_id=town, category="debt", found_on=date(2024, 3, 2),
                                recorded_by="调度员"))  # fmt: skip
        session.add(LawEvent(id=held, township_id=town, kind="publicity", held_on=date(2024, 4, 15),
                             recorded_by="调度员"))  # fmt: skip
        session.commit()
    return case, held


def test_an_agreement_is_stored_once_shown_on_its_case_and_served_as_sent(
    api, township, tokens, db
):
    case, held = _records(db)
    head = bearer(tokens["dispatcher"])
    url = f"/api/v1/disputes/{case}/attachments"
    first = api.post(url, files={"file": ("协议书.pdf", PDF, "application/pdf")}, headers=head)
    again = api.post(url, files={"file": ("again.pdf", PDF, "application/pdf")}, headers=head)
    assert first.status_code == again.status_code == 201, first.text
    digest = hashlib.sha256(PDF).hexdigest()
    assert first.json() == {"record_id": case, "sha256": digest, "content_type": "application/pdf",
                            "size": len(PDF)}  # fmt: skip
    assert db.count("record_file") == 1
    shown = api.get(f"/api/v1/disputes/{case}", headers=head).json()["files"]
    assert shown == [{"sha256": digest, "content_type": "application/pdf", "size": len(PDF)}]
    served = api.get(f"{url}/{digest}", headers=bearer(tokens["supervisor"]))
    assert served.status_code == 200 and served.content == PDF
    assert served.headers["content-type"] == "application/pdf"
    assert "sandbox" in served.headers["content-security-policy"]
    photo = api.post(f"/api/v1/law-events/{held}/attachments", files={"file": ("p.png", PNG, "image/png")},
                     headers=head)  # fmt: skip
    assert photo.status_code == 201 and photo.json()["content_type"] == "image/png"


def test_files_are_checked_by_content_and_only_the_office_writes_them(api, township, tokens, db):
    case, held = _records(db)
    head = bearer(tokens["dispatcher"])
    not_a_photo = api.post(f"/api/v1/disputes/{case}/attachments",
                           files={"file": ("x.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")}, headers=head)  # fmt: skip
    assert not_a_photo.status_code == 422 and not_a_photo.json()["errors"][0]["field"] == "file"
    pdf_for_event = api.post(f"/api/v1/law-events/{held}/attachments",
                             files={"file": ("x.pdf", PDF, "application/pdf")}, headers=head)  # fmt: skip
    assert pdf_for_event.status_code == 422  # events take photos only
    for who in ("supervisor", "SW-001"):
        refused = api.post(f"/api/v1/disputes/{case}/attachments", files={"file": ("p.png", PNG, "image/png")},
                           headers=bearer(tokens[who]))  # fmt: skip
        assert refused.status_code == 403, who
    missing = api.post(f"/api/v1/disputes/{uuid.uuid4()}/attachments", files={"file": ("p.png", PNG, "image/png")},
                       headers=head)  # fmt: skip
    assert missing.status_code == 404
    nothing = api.get(
        f"/api/v1/disputes/{case}/attachments/{hashlib.sha256(PNG).hexdigest()}", headers=head
    )
    assert nothing.status_code == 404
    assert db.count("record_file") == 0


def test_an_office_adds_a_theme_day_and_events_may_then_be_held_for_it(api, township, tokens, db):
    town, _village = _ids(db)
    head = bearer(tokens["dispatcher"])
    before = api.get(
        "/api/v1/themes", params={"township_id": town}, headers=bearer(tokens["supervisor"])
    )
    assert before.status_code == 200, before.text
    assert "4.15 全民国家安全教育日" in before.json()["themes"]
    refused = api.post(
        "/api/v1/law-events", json={"items": [event(town, theme="藏历新年")]}, headers=head
    )
    assert refused.json()["rejected"][0]["errors"][0]["field"] == "theme"
    added = api.post("/api/v1/themes", json={"township_id": town, "name": "藏历新年"}, headers=head)
    twice = api.post("/api/v1/themes", json={"township_id": town, "name": "藏历新年"}, headers=head)
    assert added.status_code == twice.status_code == 201
    assert (
        twice.json()["themes"][-1] == "藏历新年" and twice.json()["themes"].count("藏历新年") == 1
    )
    taken = api.post(
        "/api/v1/law-events", json={"items": [event(town, theme="藏历新年")]}, headers=head
    )
    assert taken.status_code == 202 and taken.json()["rejected"] == []
    assert api.post("/api/v1/themes", json={"township_id": town, "name": "x"},
                    headers=bearer(tokens["supervisor"])).status_code == 403  # fmt: skip
    assert (
        api.post(
            "/api/v1/themes", json={"township_id": 99999, "name": "x"}, headers=head
        ).status_code
        == 404
    )
    empty = api.post("/api/v1/themes", json={"township_id": town, "name": ""}, headers=head)
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "body.name"
    county = api.get("/api/v1/themes", headers=head)  # a county account names the township
    assert county.status_code == 422 and county.json()["errors"][0]["field"] == "township_id"
    assert (
        api.get(
            "/api/v1/themes", params={"township_id": town}, headers=bearer(tokens["SW-001"])
        ).status_code
        == 403
    )


def test_record_lists_take_a_township_from_the_query_string(api, township, tokens, db):
    """`?township_id=1` is text in a URL: it names the township (it was refused as "not an integer")."""
    case, _held = _records(db)
    town, _village = _ids(db)
    head = bearer(tokens["dispatcher"])
    listed = api.get("/api/v1/disputes", params={"township_id": town}, headers=head)
    assert listed.status_code == 200, listed.text
    assert [r["id"] for r in listed.json()["items"]] == [case]
    assert (
        api.get("/api/v1/disputes", params={"township_id": town + 1}, headers=head).json()["items"]
        == []
    )
