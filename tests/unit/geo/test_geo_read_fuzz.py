"""Whatever a file holds, the parser answers with a result or a GeoValidationError, never a crash."""

import json

import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.errors import GeoValidationError
from geo.io import parse_township_geojson
from geo.model import TownshipGeometry

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=30,
)
numbers = st.one_of(
    st.floats(min_value=-200, max_value=200),
    st.integers(min_value=-200, max_value=200),
    st.sampled_from([91.7, 32.26, 91.72, 32.27]),
)
positions = st.lists(numbers, min_size=0, max_size=4) | json_values
rings = st.lists(positions, max_size=8).map(lambda r: [*r, r[0]] if r else r) | json_values
geometries = (
    st.fixed_dictionaries(
        {
            "type": st.sampled_from(["Polygon", "MultiPolygon", "Point", "LineString", 3, None]),
            "coordinates": st.one_of(
                positions,
                st.lists(rings, max_size=3),
                st.lists(st.lists(rings, max_size=2), max_size=2),
            ),
        }
    )
    | json_values
)
properties = st.fixed_dictionaries(
    {},
    optional={
        "code": scalars,
        "name": scalars,
        "adcode": scalars,
        "kind": st.sampled_from(["intersection", "village", 1]),
        "radius_m": scalars,
    },
)
features = (
    st.fixed_dictionaries(
        {"type": st.sampled_from(["Feature", "Feature", "feature"]), "geometry": geometries},
        optional={"properties": properties | json_values, "id": scalars},
    )
    | json_values
)
documents = (
    st.fixed_dictionaries(
        {"type": st.sampled_from(["FeatureCollection", "Feature"]), "features": st.lists(features)},
        optional={"crs": json_values},
    )
    | json_values
)


def parse_or_problems(
    document: object, repair: bool = False
) -> TownshipGeometry | GeoValidationError:
    try:
        return parse_township_geojson(document, repair=repair)  # type: ignore[arg-type]
    except GeoValidationError as error:
        assert error.problems
        assert str(error).count("\n") == len(error.problems) - 1
        return error


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_any_parsed_document_gives_a_result_or_named_problems(document):
    parse_or_problems(document)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_any_document_as_text_gives_the_same_answer_as_the_mapping(document):
    try:
        text = json.dumps(document)
    except ValueError:
        return
    as_text = parse_or_problems(text)
    if isinstance(document, dict):
        as_mapping = parse_or_problems(document)
        assert type(as_text) is type(as_mapping)


@given(st.binary(max_size=200))
def test_any_bytes_give_a_result_or_named_problems(data):
    parse_or_problems(data)


grid_positions = st.tuples(st.integers(0, 6), st.integers(0, 6)).map(
    lambda xy: [91.70 + xy[0] / 100, 32.25 + xy[1] / 100]
)
grid_rings = st.lists(grid_positions, min_size=3, max_size=9).map(lambda r: [*r, r[0]])
polygon_coordinates = st.lists(grid_rings, min_size=1, max_size=3)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(polygon_coordinates, min_size=1, max_size=3), min_size=1, max_size=4))
def test_repair_turns_any_closed_rings_into_valid_counter_clockwise_villages_or_says_why(parts):
    features = [
        {
            "type": "Feature",
            "properties": {"code": f"V{i}"},
            "geometry": {"type": "MultiPolygon", "coordinates": polygons},
        }
        for i, polygons in enumerate(parts)
    ]
    result = parse_or_problems({"type": "FeatureCollection", "features": features}, repair=True)
    if isinstance(result, GeoValidationError):
        assert all("cannot repair" in p.message for p in result.problems), str(result)
        return
    for village in result.villages:
        shape = shapely.geometry.shape(village.geometry)
        assert shape.is_valid and not shape.is_empty
        assert all(polygon.exterior.is_ccw for polygon in getattr(shape, "geoms", [shape]))
        assert all(
            not hole.is_ccw for p in getattr(shape, "geoms", [shape]) for hole in p.interiors
        )
        assert shape.distance(shapely.Point(village.label_point)) < 1e-9  # slivers: rounding
        assert village.area_m2 > 0
