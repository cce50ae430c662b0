"""Jobs that run every so often inside `iwerk worker` (no cron, no broker needed).

Each registered job runs at most once per interval per worker process; jobs must be idempotent,
because several workers may run them at nearly the same time (they use unique constraints or
row locks to do each piece of work once).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

logger = logging.getLogger(__name__)

_JOBS: dict[str, tuple[float, Callable[[], object]]] = {}
_LAST: dict[str, float] = {}


def register(name: str, interval_seconds: float, job: Callable[[], object]) -> None:
    _JOBS[name] = (interval_seconds, job)


def run_due() -> list[str]:
    """Run every job whose interval has passed; a failing job is logged and tried next time."""
    ran = []
    now = time.monotonic()
    for name, (interval, job) in _JOBS.items():
        if now - _LAST.get(name, float("-inf")) < interval:
            continue
        _LAST[name] = now
        try:
            job()
        except Exception:
            logger.exception("periodic job %s failed", name)
        ran.append(name)
    return ran
