"""The maps' base layer: none by default (nothing leaves FieldOps), FIELDOPS_TILE_URL adds one."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.scope import sign_in

pytestmark = pytest.mark.redis
TIANDITU = "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY"


def page_and_policy(settings: Any, db: Any) -> tuple[str, str]:
    from fastapi.testclient import TestClient
    from sqlmodel import Session

    from ops.api.app import create_app
    from ops.identity.accounts import add_account

    with Session(db.engine) as session:
        add_account(
            session=session,
            name="disp",
            role="dispatcher",
            township="色务乡",
            password="password-disp",
        )
    app = create_app(settings)
    with TestClient(app) as client:
        cookie, _ = sign_in(client, "disp", "password-disp")
        page = client.get("/console/today", headers={"Cookie": f"fieldops_session={cookie}"})
    app.state.engine.dispose()
    assert page.status_code == 200
    return page.text, page.headers["content-security-policy"]


def test_without_a_tile_url_the_map_has_no_base_layer_and_images_come_only_from_fieldops(
    db, township, app_settings
):
    text, policy = page_and_policy(app_settings, db)
    assert 'data-tiles=""' in text and "img-src 'self' data: blob:;" in policy


def test_a_tile_url_adds_the_base_layer_and_only_its_hosts_to_the_image_policy(
    db, township, app_settings
):
    settings = app_settings.model_copy(
        update={"tile_url": TIANDITU, "tile_subdomains": "01234567", "tile_attribution": "天地图"}
    )
    text, policy = page_and_policy(settings, db)
    assert (
        'data-tiles="https://t{s}.tianditu.gov.cn/vec_w/wmts?' in text
        and 'data-tile-crs="wgs84"' in text
    )
    images = policy.split("img-src ")[1].split(";")[0].split()
    assert images[:3] == ["'self'", "data:", "blob:"]
    assert images[3:] == [f"https://t{n}.tianditu.gov.cn" for n in range(8)]
    assert "connect-src 'self'" in policy and "script-src 'self'" in policy


def test_a_tile_url_must_be_an_xyz_template():
    from pydantic import ValidationError

    from ops.runtime.settings import load_settings

    with pytest.raises(ValidationError, match="FIELDOPS_TILE_URL"):
        load_settings(tile_url="https://example.org/tiles.png")
    with pytest.raises(ValidationError):
        load_settings(tile_url="http://x/{z}/{x}/{y}.png", tile_crs="bd09")
