"""A request on a PostgreSQL connection the server has not closed skips the `SELECT 1` of
CONN_HEALTH_CHECKS (core.dbhealth); a connection the server closed is still replaced before the
request's first query, so the request after a pg_terminate_backend (as after a restart or a
failover) answers as every other one."""

from __future__ import annotations

import io
import socket
import sys

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection

from iwerk.core import dbhealth
from iwerk.core.testing.api import make_token, register_client

SECRET = "test-secret-of-at-least-32-bytes-long"


class _Raw:
    """A driver connection's surface as _quiet reads it, on one end of a socket pair."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.closed = False

    def fileno(self) -> int:
        return self.sock.fileno()


def test_a_socket_is_quiet_until_the_other_end_sends_or_closes():
    ours, server = socket.socketpair()
    try:
        raw = _Raw(ours)
        assert dbhealth._quiet(raw)
        server.sendall(b"E")  # PostgreSQL's FATAL message before it closes
        assert not dbhealth._quiet(raw)
        ours.recv(1)
        assert dbhealth._quiet(raw)
        server.close()  # the connection's end alone
        assert not dbhealth._quiet(raw)
        raw.closed = True
        assert not dbhealth._quiet(raw)
    finally:
        ours.close()
        server.close()


@pytest.fixture
def requests(transactional_db, monkeypatch):
    """GET an API collection through Django's WSGI handler (the test Client holds off Django's
    close_old_connections, which marks a connection as to be checked), counting the SELECT 1
    checks per request."""
    if connection.vendor != "postgresql":
        pytest.skip("CONN_HEALTH_CHECKS is on for PostgreSQL only")
    register_client("dbhealth", alle=True, secret=SECRET)
    application = WSGIHandler()
    checks: list[bool] = []
    is_usable = connection.is_usable

    def counted() -> bool:
        checks.append(usable := is_usable())
        return usable

    monkeypatch.setattr(connection, "is_usable", counted)

    def get() -> tuple[str, int]:
        """Status line and the number of SELECT 1 checks of one request."""
        statuses: list[str] = []
        before = len(checks)
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": "/catalogi/api/v1/zaaktypen",
            "QUERY_STRING": "",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "testserver",
            "HTTP_AUTHORIZATION": f"Bearer {make_token('dbhealth', SECRET)}",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
        }
        body = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
        body.close()  # request_finished
        return statuses[0], len(checks) - before

    return get


def test_a_request_on_a_connection_the_server_kept_costs_no_select_1(requests):
    assert requests()[0] == "200 OK"
    backend = connection.connection.info.backend_pid
    assert requests() == ("200 OK", 0)
    assert requests() == ("200 OK", 0)
    assert connection.connection.info.backend_pid == backend  # the same connection, reused


def test_a_connection_the_server_closed_is_replaced_before_the_next_request_uses_it(requests):
    assert requests()[0] == "200 OK"
    backend = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as other:
        # With a timeout PostgreSQL waits until the process has gone (and its socket is closed).
        other.execute("SELECT pg_terminate_backend(%s, 5000)", [backend])

    assert requests() == ("200 OK", 1)  # the check saw the closed socket and reconnected
    assert connection.connection.info.backend_pid != backend
    assert requests() == ("200 OK", 0)
