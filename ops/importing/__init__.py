"""Importers: files people already keep (GeoJSON, Excel, CSV) into the database, all-or-nothing."""
