"""The guard of the browser tests: no socket leaves 127.0.0.1. It must fail when something tries
(from the browser or from Python), name the address, and let loopback through."""

from __future__ import annotations

import socket

import pytest

from iwerk.core.testing.browser import Netwerkwacht, lokaal, needs_browser


@needs_browser
def test_a_page_asking_another_host_fails_the_guard_naming_it(browser, netwerkwacht, receiver):
    page = browser.new_page()
    # The attempt is recorded before it fails: nothing needs to answer at example.org.
    page.set_content('<img src="https://example.org/x.png" alt="">')
    page.wait_for_load_state("networkidle")
    context = browser.new_context()
    context.new_page().goto(f"{receiver}/")  # loopback: allowed
    assert netwerkwacht.adressen == ["https://example.org/x.png"]
    with pytest.raises(AssertionError, match=r"buiten 127\.0\.0\.1.*https://example\.org/x\.png"):
        netwerkwacht.controleer()
    netwerkwacht.adressen.clear()  # so that this test itself passes at teardown


@needs_browser
def test_a_route_of_the_test_itself_comes_before_the_guard(browser, netwerkwacht):
    page = browser.new_page()
    page.route("https://tegels.example.nl/**", lambda route: route.fulfill(status=204))
    page.set_content('<img src="https://tegels.example.nl/1/2/3.png" alt="">')
    page.wait_for_load_state("networkidle")
    assert netwerkwacht.adressen == []


def test_python_connections_out_of_loopback_are_refused_and_recorded(receiver):
    with Netwerkwacht() as wacht:
        with pytest.raises(OSError, match="netwerkwacht"):
            socket.getaddrinfo("example.org", 443)
        with pytest.raises(OSError, match="netwerkwacht"):
            socket.create_connection(("192.0.2.1", 80), timeout=0.5)
        poort = int(receiver.rsplit(":", 1)[1])
        socket.create_connection(("127.0.0.1", poort), timeout=5).close()  # loopback: allowed
    assert wacht.adressen == ["example.org:443", "192.0.2.1:80"]
    with pytest.raises(AssertionError, match="example.org:443, 192.0.2.1:80"):
        wacht.controleer()
    # Outside a guard nothing is refused (the hook stays, but is idle).
    assert socket.getaddrinfo("localhost", 80)


@pytest.mark.parametrize(
    ("host", "verwacht"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("[::1]", True),
        ("::ffff:127.0.0.1", True),
        ("localhost", True),
        (b"localhost", True),
        ("0.0.0.0", True),
        (None, True),
        ("example.org", False),
        ("10.0.0.5", False),
        ("192.0.2.1", False),
        ("2001:db8::1", False),
    ],
)
def test_what_counts_as_this_machine(host, verwacht):
    assert lokaal(host) is verwacht
