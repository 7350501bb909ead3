"""FieldOps application layer: tables, settings, services, HTTP API, CLI and reports."""
