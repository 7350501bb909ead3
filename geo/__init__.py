"""Pure geometry for FieldOps: values in, values out; no database, broker, web, file or network.

- `geo.io`        GeoJSON (RFC 7946) in, validated all-or-nothing, and out (`parse_township_geojson`,
                  `township_feature_collection`, `polygon_feature`, `point_feature`, `dumps`)
- `geo.model`     the frozen values it returns (`TownshipGeometry`, `VillageShape`, `CrossingPoint`)
- `geo.errors`    the error tree (`GeoError`, `GeoValidationError` with its `FeatureProblem`s)
- `geo.crs`       every degrees-versus-metres decision (geodesic distances, areas, metre buffers)
- `geo.h3cells`   the one adapter to h3 v4, in (lon, lat) order
- the rest (`document`, `features`, `labels`, `coords`, `swapped`, `polygons`) are the steps of
  reading a file, each with its own rules.
"""
