"""HTTP API (FastAPI): `create_app(settings)` is the composition root of the API process."""
