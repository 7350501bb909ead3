"""The fuzz run uses the end-to-end fixtures: real Redis, a real worker, the demo township."""

from tests.e2e.conftest import (  # noqa: F401  (fixtures, registered by being imported here)
    queue_name,
    redis_url,
    township,
    worker,
    worker_env,
)
