"""A township's own geometry for the console's maps: village polygons and posts (WGS84 GeoJSON)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from ops.errors import NotFoundError, bilingual
from ops.models import Post, Township, Village

if TYPE_CHECKING:
    from ops.identity.auth import Principal
    from ops.runtime.settings import Settings


def township_in_view(principal: Principal, township_id: int | None) -> int:
    """The township a request is about: the caller's own, or (county callers) the one named.

    A township outside the caller's scope is 404, as if it did not exist.
    """
    from ops.errors import InputError, Problem

    if township_id is None:
        if principal.township_id is None:
            message = bilingual("全县账号请指定乡镇", "a county account names the township")
            raise InputError([Problem("query", "township_id", message)])
        return principal.township_id
    if not principal.sees_township(township_id):
        raise NotFoundError(bilingual("没有这个乡镇", "no such township"))
    return township_id


def township_map(*, session: Session, township_id: int, settings: Settings) -> dict[str, Any]:
    """Villages (polygons) and posts (crossings with their radius in metres) as a FeatureCollection."""
    from geo.io import polygon_feature, to_feature_collection

    township = session.get(Township, township_id)
    if township is None:
        raise NotFoundError(bilingual("没有这个乡镇", "no such township"))
    villages = session.exec(
        select(Village).where(Village.township_id == township_id).order_by(col(Village.code))
    ).all()
    posts = session.exec(
        select(Post).where(Post.township_id == township_id).order_by(col(Post.code))
    ).all()
    features = [
        polygon_feature(
            v.geometry,
            {"kind": "village", "id": v.id, "code": v.code, "name": v.name, "area_m2": v.area_m2},
            feature_id=f"village:{v.code}",
        )
        for v in villages
    ]
    features += [_post_feature(p, settings) for p in posts]
    collection = to_feature_collection(features)
    collection["properties"] = {"township_id": township.id, "township": township.name}
    return collection


def _post_feature(post: Post, settings: Settings) -> dict[str, Any]:
    """A crossing (with its radius in metres) or a village patrol post, as a point."""
    from geo.io import point_feature

    crossing = post.kind == "intersection"
    properties = {
        "kind": "crossing" if crossing else "village_post", "id": post.id, "code": post.code,
        "name": post.name,
        "radius_m": (post.radius_m or settings.default_crossing_radius_m) if crossing else None,
    }  # fmt: skip
    return point_feature(post.lon, post.lat, properties, feature_id=f"post:{post.code}")
