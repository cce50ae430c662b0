"""No dead links: every link of the start page, and every navigation link of the werkplek (for the
roles that together see every menu item) and of the portaal (anonymous and signed in), leads to a
page that answers, possibly after a redirect to a sign-in page."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from iwerk.core.testing.medewerkers import sign_in
from iwerk.medewerkers.actor import gemeenten_of
from iwerk.portaal.demo import load_producten
from iwerk.portaal.tests.conftest import SUZANNE, ingelogd

pytestmark = pytest.mark.django_db

# Accounts that together see every item of the werkplek menu: zaken and dashboards (teamleider),
# portfolio (functioneel beheerder), audit log in three gemeenten (CISO), the steering group.
WERKPLEK_ACCOUNTS = ("pjansen", "fbeheerder", "ciso", "manager")


class _Links(HTMLParser):
    """The href of every <a>, and separately those inside <nav> or <header>."""

    def __init__(self) -> None:
        super().__init__()
        self.all: list[str] = []
        self.navigation: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("nav", "header"):
            self._depth += 1
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.all.append(href)
            if self._depth:
                self.navigation.append(href)

    def handle_endtag(self, tag):
        if tag in ("nav", "header"):
            self._depth -= 1


def _links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def _internal(hrefs: list[str]) -> list[str]:
    """Paths on this site: no other hosts, mail addresses or in-page anchors."""
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return list(dict.fromkeys(paths))


def _broken(client: Client, paths: list[str]) -> dict[str, str]:
    """Each path followed through its redirects; what did not end in 200."""
    broken = {}
    for path in paths:
        response = client.get(path, follow=True)
        if response.status_code != 200:
            chain = " → ".join(url for url, _ in response.redirect_chain)
            broken[path] = f"{response.status_code}{f' via {chain}' if chain else ''}"
    return broken


@pytest.fixture
def wereld(demo):
    for gemeente in demo.values():
        load_producten(gemeente)
    return demo


def test_every_link_on_the_start_page_leads_somewhere(wereld):
    client = Client()
    response = client.get("/")
    assert response.status_code == 200
    paths = _internal(_links(response.content.decode()).all)
    assert "/werkplek/" in paths and "/admin/" in paths
    assert {f"/{slug}/" for slug in wereld} <= set(paths)
    assert _broken(client, paths) == {}


def test_the_start_page_links_to_catalogue_beheer_and_every_portaal(wereld):
    page = Client().get("/").content.decode()
    assert 'href="/admin/catalogi/"' in page
    assert "volgt in een volgende release" not in page
    for gemeente in wereld.values():
        assert f'href="/{gemeente.slug}/"' in page


def _werkplek_client(username: str) -> Client:
    client = sign_in(username)
    user = get_user_model().objects.get(username=username)
    gemeenten = gemeenten_of(user)
    if len(gemeenten) > 1:  # staff of several gemeenten choose one first
        response = client.post("/werkplek/gemeente/", {"gemeente": gemeenten[0].pk})
        assert response.status_code == 302
    return client


@pytest.mark.parametrize("username", WERKPLEK_ACCOUNTS)
def test_every_werkplek_navigation_link_leads_somewhere(wereld, username):
    client = _werkplek_client(username)
    home = client.get("/werkplek/", follow=True)
    assert home.status_code == 200
    paths = _internal(_links(home.content.decode()).navigation)
    assert len(paths) >= 3, paths  # brand, the menu items
    broken = _broken(client, paths)
    # One step further: the navigation of every page the menu leads to.
    deeper = []
    for path in paths:
        if path in broken:
            continue
        page = client.get(path, follow=True).content.decode()
        deeper += [p for p in _internal(_links(page).navigation) if p not in paths]
    broken.update(_broken(client, list(dict.fromkeys(deeper))))
    assert broken == {}


def _werkplek_menu(username: str) -> set[str]:
    client = _werkplek_client(username)
    return set(_internal(_links(client.get("/werkplek/", follow=True).content.decode()).navigation))


def test_the_werkplek_menu_of_these_accounts_covers_every_part(wereld):
    menu = set()
    for username in WERKPLEK_ACCOUNTS:
        menu |= _werkplek_menu(username)
    assert {
        "/werkplek/",
        "/werkplek/zoeken/",
        "/werkplek/zaken/nieuw/",
        "/werkplek/incidenten/",
        "/werkplek/portfolio/",
        "/werkplek/sturing/",
        "/werkplek/audit/",
    } <= menu


@pytest.mark.parametrize("signed_in", [False, True], ids=["anoniem", "ingelogd"])
def test_every_portaal_link_leads_somewhere(wereld, signed_in):
    client = ingelogd(SUZANNE) if signed_in else Client()
    for gemeente in wereld.values():
        start = client.get(f"/{gemeente.slug}/")
        assert start.status_code == 200
        links = _links(start.content.decode())
        # Every link of the portaal's home page, and the navigation of each page it leads to.
        paths = _internal(links.all)
        expected = f"/{gemeente.slug}/mijn-zaken/" if signed_in else f"/{gemeente.slug}/inloggen/"
        assert expected in _internal(links.navigation)
        broken = _broken(client, paths)
        deeper = []
        for path in paths:
            if path not in broken:
                page = client.get(path, follow=True).content.decode()
                deeper += [p for p in _internal(_links(page).navigation) if p not in paths]
        broken.update(_broken(client, list(dict.fromkeys(deeper))))
        assert broken == {}, gemeente.slug
