"""Pure geometry for FieldOps: values in, values out; no database, broker, web, file or network.

- `geo.io`        GeoJSON (RFC 7946) in, validated all-or-nothing, and out (`parse_township_geojson`,
                  `township_feature_collection`, `polygon_feature`, `point_feature`, `dumps`)
- `geo.model`     the frozen values it returns (`TownshipGeometry`, `VillageShape`, `CrossingPoint`)
- `geo.errors`    the error tree (`GeoError`, `GeoValidationError` with its `FeatureProblem`s,
                  `GpxError`, `TrackError`, `CoordinateError`, `CellError`)
- `geo.crs`       every degrees-versus-metres decision (geodesic distances, areas, metre buffers)
- `geo.h3cells`   the one adapter to h3 v4, in (lon, lat) order, scalar and vectorised
- `geo.china_crs` WGS84 ⇄ GCJ-02 ⇄ BD-09 (CGCS2000 as WGS84): `to_wgs84(lon, lat, crs)`,
                  `from_wgs84(lon, lat, crs)`, their `_arrays` forms, `to_wgs84_batch` (one system
                  per point), `parse_crs`, `in_china`
- `geo.reproject` GeoJSON moved between them (`feature_collection_to_crs`, `geometry_to_crs`,
                  `township_to_wgs84`)
- `geo.shift_check` positions that look like GCJ-02/BD-09 sent as WGS84 (`detect_shift`,
                  `diagnose_off_site`, `off_site_reason`), with the offset in metres
- the rest of reading a GeoJSON file (`document`, `features`, `labels`, `coords`, `swapped`,
  `polygons`) are its steps, each with its own rules.

Coverage, in the order ops calls it:

- `geo.gpx`          `parse_gpx(text | bytes) -> GpxDocument` (tracks, segments, points)
- `geo.trackpoints`  `TrackPoints`: one track's raw points as arrays (`of`, `from_rows`, `concat`)
- `geo.tracks`       `clean_track(points, now=...) -> CleanTrack` (kept runs, drops by reason)
- `geo.effort`       `track_effort(clean, patrol_id) -> EffortTable` per (cell, local day, patrol);
                     `merge_effort([...])`, exact in any order; `EffortRecord` rows for storage
- `geo.coverage`     `village_cells(...)`, `village_coverage(...)`, `cell_effort(...)` per period
- `geo.coverage_map` `coverage_feature_collection(...)`: the RFC 7946 map of it
- `geo.presence`     `within_radius_m`, `within_polygon_m`: presence tests in metres, vectorised
"""
