"""Per-process resources of a worker: settings from the app, an engine made after fork."""

from __future__ import annotations

from typing import TYPE_CHECKING

from celery import current_app
from celery.signals import worker_process_init, worker_ready

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from ops.runtime.settings import Settings

_engine: Engine | None = None


def settings() -> Settings:
    """The settings the worker was started with."""
    return current_app.conf.fieldops_settings  # type: ignore[no-any-return]


def engine() -> Engine:
    """This process's database engine (created on first use, never shared across a fork)."""
    global _engine  # noqa: PLW0603 (one engine per worker process, by design)
    if _engine is None:
        from ops.live.publish import use
        from ops.runtime.db import make_engine

        use(settings())  # stored items are announced to open console pages (ops.live)
        _engine = make_engine(settings())
    return _engine


@worker_process_init.connect
def _fresh_engine_after_fork(**_: object) -> None:
    """A forked pool child must not reuse the parent's connections."""
    global _engine  # noqa: PLW0603
    if _engine is not None:
        _engine.dispose(close=False)
    _engine = None


@worker_ready.connect
def _watch_the_ledger(sender: object = None, **_: object) -> None:
    """In the worker's main process: every half visibility timeout, send again any intake batch
    still on the ledger after two (lost between Redis and a worker that died)."""
    import logging
    import threading

    from ops.intake.ledger import resend_stale

    conf = settings()
    app = current_app._get_current_object()  # the worker's app, for the thread below
    period = max(1.0, conf.broker_visibility_timeout_s / 2)

    def watch() -> None:
        while True:
            try:
                resend_stale(app, conf, older_than_s=2 * conf.broker_visibility_timeout_s)
            except Exception:  # Redis away for a while: try again next period
                logging.getLogger(__name__).warning("intake ledger check failed", exc_info=True)
            threading.Event().wait(period)

    threading.Thread(target=watch, name="intake-ledger", daemon=True).start()
