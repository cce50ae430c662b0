"""The connection health check of CONN_HEALTH_CHECKS without a round trip to PostgreSQL when the
server has not closed the connection.

With CONN_HEALTH_CHECKS, Django checks a reused connection before the first query of every request
(and of every round of `iwerk worker`) with `SELECT 1` (`is_usable`), so that a connection the
server closed (a restart, a failover, `pg_terminate_backend`, `idle_session_timeout`) is replaced
before it is used, instead of failing the request. That is one round trip per request: ~15-25 µs
of CPU in the worker, ~10-15 µs in the server process, and the wait for both.

A server that closes a connection says so on its socket: it sends the FATAL message, and the
connection's end (FIN, or RST) follows; either makes the socket readable. Between requests a
connection that listens for no notifications (the application's do not) is sent nothing else, so
a socket with nothing to read belongs to a connection the server has not closed: the check is
then counted as done without the `SELECT 1`. A socket with anything to read, or a connection
psycopg already knows is closed, gets Django's check as before (so does a standby's promotion,
which PostgreSQL announces to every connection). The socket is looked at where Django would send
the `SELECT 1`, just before the first query.

What the socket cannot show, `SELECT 1` cannot catch in time either: a server that vanished
without closing its connections (power cut, lost network path). Both wait for TCP to give up.
"""

from __future__ import annotations

import select
import types
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper


def install(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """connection_created receiver: a PostgreSQL connection looks at its socket before Django's
    health check (an attribute of the connection wrapper, which lives as long as its thread)."""
    if connection.vendor == "postgresql" and "close_if_health_check_failed" not in vars(connection):
        connection.close_if_health_check_failed = types.MethodType(  # type: ignore[method-assign]
            _close_if_health_check_failed, connection
        )


def _close_if_health_check_failed(wrapper: Any) -> None:
    """Django's check (DatabaseWrapper.close_if_health_check_failed), counted as done when the
    server has sent nothing since the last answer."""
    if (
        wrapper.connection is not None
        and wrapper.health_check_enabled
        and not wrapper.health_check_done
        and _quiet(wrapper.connection)
    ):
        wrapper.health_check_done = True
        return
    type(wrapper).close_if_health_check_failed(wrapper)


def _quiet(raw: Any) -> bool:
    """Whether the server has sent nothing since the last answer (nothing to read, no end)."""
    if raw.closed or getattr(raw, "broken", False):
        return False
    try:
        poller = select.poll()
        poller.register(raw.fileno(), select.POLLIN | select.POLLPRI)
        return not poller.poll(0)
    except Exception:  # noqa: BLE001 - whatever goes wrong, Django's own check decides
        return False
