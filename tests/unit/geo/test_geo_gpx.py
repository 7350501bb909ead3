"""GPX in: versions, namespaces, segments, what is ignored, and errors that name the place."""

from datetime import UTC, datetime

import numpy as np
import pytest

from geo.errors import GpxError
from geo.gpx import parse_gpx

NS11 = 'xmlns="http://www.topografix.com/GPX/1/1"'


def gpx(body: str, *, version: str = "1.1", ns: str = NS11) -> str:
    """Wrap track XML in a <gpx> root."""
    return f'<?xml version="1.0"?>\n<gpx version="{version}" creator="test" {ns}>\n{body}\n</gpx>'


POINT = '<trkpt lat="32.25" lon="91.7"><time>2025-06-03T01:30:00Z</time><hdop>2</hdop></trkpt>'


def test_gpx_11_track_point_gives_lon_lat_utc_time_and_hdop_times_five_metres():
    doc = parse_gpx(gpx(f"<trk><name>a</name><trkseg>{POINT}</trkseg></trk>"))
    point = doc.tracks[0].segments[0].points[0]
    assert (doc.version, doc.creator, doc.tracks[0].name) == ("1.1", "test", "a")
    assert (point.lon, point.lat, point.accuracy_m) == (91.7, 32.25, 10.0)
    assert point.time == datetime(2025, 6, 3, 1, 30, tzinfo=UTC)


def test_gpx_10_and_files_without_namespace_are_read_the_same_way():
    body = f"<trk><trkseg>{POINT}</trkseg></trk>"
    ns10 = 'xmlns="http://www.topografix.com/GPX/1/0"'
    for doc in (parse_gpx(gpx(body, version="1.0", ns=ns10)), parse_gpx(gpx(body, ns=""))):
        assert doc.tracks[0].segments[0].points[0].accuracy_m == 10.0


def test_several_tracks_and_segments_keep_their_order_and_empty_segments_stay_empty():
    body = f"<trk><trkseg>{POINT}{POINT}</trkseg><trkseg/><trkseg>{POINT}</trkseg></trk>"
    doc = parse_gpx(gpx(body + f"<trk><trkseg>{POINT}</trkseg></trk>"))
    assert [[len(s.points) for s in t.segments] for t in doc.tracks] == [[2, 0, 1], [1]]
    points = doc.tracks[0].points()
    assert points.segment.tolist() == [0, 0, 2] and points.seq.tolist() == [0, 1, 2]


def test_points_without_time_or_hdop_get_none_and_unreadable_ones_a_warning():
    body = (
        '<trk><trkseg><trkpt lat="32.25" lon="91.7"/>'
        '<trkpt lat="32.25" lon="91.7"><time>yesterday</time><hdop>n/a</hdop></trkpt>'
        "</trkseg></trk>"
    )
    doc = parse_gpx(gpx(body))
    first, second = doc.tracks[0].segments[0].points
    assert first.time is None and first.accuracy_m is None and second.time is None
    assert any("point 2: unreadable <time> 'yesterday'" in w for w in doc.warnings)
    assert np.isnan(doc.tracks[0].points().t).all()


def test_times_with_offsets_and_fractions_become_utc_and_naive_times_are_read_as_utc():
    body = (
        '<trk><trkseg><trkpt lat="32.25" lon="91.7"><time>2025-06-03T09:30:00.5+08:00</time>'
        '</trkpt><trkpt lat="32.25" lon="91.7"><time>2025-06-03T01:30:00</time></trkpt>'
        "</trkseg></trk>"
    )
    first, second = parse_gpx(gpx(body)).tracks[0].segments[0].points
    assert first.time == datetime(2025, 6, 3, 1, 30, 0, 500000, tzinfo=UTC)
    assert second.time == datetime(2025, 6, 3, 1, 30, tzinfo=UTC)


def test_routes_waypoints_and_foreign_extensions_are_counted_or_skipped_not_read_as_tracks():
    body = (
        '<wpt lat="32.2" lon="91.6"><name>post</name></wpt>'
        '<rte><rtept lat="32.2" lon="91.6"/></rte>'
        f'<trk xmlns:x="urn:x"><trkseg>{POINT[:-8]}<extensions><x:hdop>99</x:hdop>'
        '<x:trkpt lat="1" lon="1"/></extensions></trkpt></trkseg></trk>'
    )
    doc = parse_gpx(gpx(body))
    assert (doc.routes, doc.waypoints) == (1, 1)
    assert len(doc.tracks) == 1 and doc.tracks[0].segments[0].points[0].accuracy_m == 10.0


def test_bytes_with_bom_and_a_declared_encoding_are_read():
    text = gpx(f"<trk><name>巡逻</name><trkseg>{POINT}</trkseg></trk>")
    doc = parse_gpx(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert doc.tracks[0].name == "巡逻"
    latin = text.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>')
    assert parse_gpx(latin.replace("巡逻", "Zoë").encode("latin-1")).tracks[0].name == "Zoë"


def test_malformed_xml_is_refused_naming_the_line_and_element():
    with pytest.raises(
        GpxError, match=r"line 4, <trkpt>: not well-formed XML: mismatched tag"
    ) as caught:
        parse_gpx(gpx("<trk><trkseg>\n<trkpt lat='1' lon='2'></trkseg></trk>"))
    assert (caught.value.line, caught.value.element) == (4, "trkpt")


def test_doctype_and_entities_are_refused_so_billion_laughs_cannot_expand():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;">]>'
        "<gpx><trk><name>&b;</name></trk></gpx>"
    )
    with pytest.raises(GpxError, match="DOCTYPE is not allowed"):
        parse_gpx(laughs)


def test_out_of_range_coordinate_is_refused_naming_track_segment_and_point():
    body = f'<trk><trkseg>{POINT}</trkseg><trkseg>{POINT}\n<trkpt lat="91.7" lon="32.25"/>'
    with pytest.raises(GpxError, match=r"line 4, <trkpt>: track 1, segment 2, point 2: latitude"):
        parse_gpx(gpx(body + "</trkseg></trk>"))


def test_missing_or_non_numeric_coordinates_are_refused():
    with pytest.raises(GpxError, match="point 1: lon is missing"):
        parse_gpx(gpx('<trk><trkseg><trkpt lat="32.2"/></trkseg></trk>'))
    with pytest.raises(GpxError, match="lat '32,2' is not a number"):
        parse_gpx(gpx('<trk><trkseg><trkpt lat="32,2" lon="91.7"/></trkseg></trk>'))


def test_documents_that_are_not_gpx_or_empty_are_refused():
    with pytest.raises(GpxError, match="root element is <kml>"):
        parse_gpx("<kml/>")
    with pytest.raises(GpxError, match="empty"):
        parse_gpx("  \n")
    with pytest.raises(GpxError, match="inside a <trkseg>"):
        parse_gpx(gpx(f"<trk>{POINT}</trk>"))
