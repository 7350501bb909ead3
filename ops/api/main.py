"""Module-level app for multi-process uvicorn (`fieldops serve --workers N`) only.

Each uvicorn worker process imports this module and builds its app from the environment; this is
that process's composition root. Everything else builds apps with `create_app(settings)`.
"""

from ops.api.app import create_app
from ops.runtime.settings import load_settings

app = create_app(load_settings())
