"""Demo staff: every role in every gemeente, with one known TOTP secret (demo only)."""

from __future__ import annotations

import base64

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from iwerk.core.choices import vertrouwelijkheid_rank
from iwerk.core.models import Gemeente
from iwerk.medewerkers import services
from iwerk.medewerkers.roles import Rol

DEMO_WACHTWOORD = "demo-werkplek-2026"
# The same authenticator secret for every demo account, so one app entry serves them all.
DEMO_TOTP_KEY = b"iwerk-demo-2fa-seed!"
DEMO_TOTP_SECRET = base64.b32encode(DEMO_TOTP_KEY).decode()  # NF3WK4TLFVSGK3LPFUZGMYJNONSWKZBB

ALLE = ("deventer", "olst-wijhe", "raalte")
# username, voornaam, achternaam, [(gemeente, rol, team, maximale vertrouwelijkheid)]
MEDEWERKERS = (
    (
        "jdevries",
        "Jan",
        "de Vries",
        [("deventer", Rol.behandelaar, "Vergunningen", "zaakvertrouwelijk")],
    ),
    (
        "mbakker",
        "Mira",
        "Bakker",
        [("deventer", Rol.behandelaar, "Vergunningen", "zaakvertrouwelijk")],
    ),
    (
        "syilmaz",
        "Selin",
        "Yilmaz",
        [("deventer", Rol.behandelaar, "Burgerzaken", "zaakvertrouwelijk")],
    ),
    ("pjansen", "Peter", "Jansen", [("deventer", Rol.teamleider, "Vergunningen", "geheim")]),
    # Wmo consulent: Wmo zaken are vertrouwelijk (medical details), above the other behandelaars.
    ("ewillems", "Eva", "Willems", [("deventer", Rol.behandelaar, "Wmo", "vertrouwelijk")]),
    (
        "kvisser",
        "Karin",
        "Visser",
        [("olst-wijhe", Rol.behandelaar, "Team Leefomgeving", "zaakvertrouwelijk")],
    ),
    (
        "avandenberg",
        "Ahmed",
        "van den Berg",
        [
            ("olst-wijhe", Rol.behandelaar, "Team Leefomgeving", "zaakvertrouwelijk"),
            ("raalte", Rol.behandelaar, "Publiekszaken", "zaakvertrouwelijk"),
        ],
    ),
    (
        "rmeijer",
        "Ruud",
        "Meijer",
        [("raalte", Rol.behandelaar, "Publiekszaken", "zaakvertrouwelijk")],
    ),
    ("lsmit", "Lotte", "Smit", [("raalte", Rol.teamleider, "Publiekszaken", "geheim")]),
    # A second teamleider per gemeente (issue 29): every team has someone who sees its workload
    # and reports absence, and a vier-ogen request of one teamleider has another to approve it.
    ("abrouwer", "Anouk", "Brouwer", [("deventer", Rol.teamleider, "Wmo", "geheim")]),
    (
        "sdegroot",
        "Sanne",
        "de Groot",
        [("olst-wijhe", Rol.teamleider, "Team Leefomgeving", "geheim")],
    ),
    ("bjacobs", "Bram", "Jacobs", [("raalte", Rol.teamleider, "Sociaal domein", "geheim")]),
    # Olst-Wijhe's teamleider handles the confidential zaaktypen (Wmo, Jeugdhulp, Participatiewet,
    # datalekken) that its two behandelaars may not open: every zaaktype has a behandelaar.
    (
        "wdijkstra",
        "Wendy",
        "Dijkstra",
        [("olst-wijhe", Rol.teamleider, "Sociaal domein", "geheim")],
    ),
    (
        "fbeheerder",
        "Femke",
        "Hoekstra",
        [(g, Rol.functioneel_beheerder, None, "vertrouwelijk") for g in ALLE],
    ),
    ("fg", "Bas", "Kramer", [(g, Rol.privacy_officer, None, "zeer_geheim") for g in ALLE]),
    ("ciso", "Nadia", "El Amrani", [(g, Rol.ciso, None, "geheim") for g in ALLE]),
    # Management per gemeente (figures and the cases behind them up to their level) and the
    # joint steering group, the only ones who see the gemeenten together.
    ("tbos", "Tessa", "Bos", [("deventer", Rol.management, None, "vertrouwelijk")]),
    ("hpost", "Hilde", "Post", [("olst-wijhe", Rol.management, None, "zaakvertrouwelijk")]),
    ("gmulder", "Gert", "Mulder", [("raalte", Rol.management, None, "zaakvertrouwelijk")]),
    (
        "manager",
        "Wim",
        "Dekker",
        [(g, Rol.management, None, "openbaar") for g in ALLE]
        + [(g, Rol.stuurgroep, None, "openbaar") for g in ALLE],
    ),
    # Archiefbeheer per gemeente: the records manager (DIV) builds destruction lists and transfer
    # packages, the archivaris reviews them last. Both read every zaaktype they may have to
    # assess, the datalekken (geheim) included.
    ("ivermeulen", "Ingrid", "Vermeulen", [("deventer", Rol.div_medewerker, None, "geheim")]),
    ("rbrinkman", "Rutger", "Brinkman", [("deventer", Rol.archivaris, None, "geheim")]),
    ("mschouten", "Marieke", "Schouten", [("olst-wijhe", Rol.div_medewerker, None, "geheim")]),
    ("hwolters", "Henk", "Wolters", [("olst-wijhe", Rol.archivaris, None, "geheim")]),
    ("ikuipers", "Ilse", "Kuipers", [("raalte", Rol.div_medewerker, None, "geheim")]),
    ("jhermsen", "Joost", "Hermsen", [("raalte", Rol.archivaris, None, "geheim")]),
    # The contact centre (KCC, 14 0570): telephone and counter staff per gemeente. They read
    # zaken up to zaakvertrouwelijk (status, handler) and record contacts and contactverzoeken.
    (
        "fhendriks",
        "Fleur",
        "Hendriks",
        [("deventer", Rol.kcc_medewerker, "Klantcontactcentrum", "zaakvertrouwelijk")],
    ),
    (
        "nkoster",
        "Noah",
        "Koster",
        [("olst-wijhe", Rol.kcc_medewerker, "Klantcontactcentrum", "zaakvertrouwelijk")],
    ),
    (
        "dvos",
        "Daan",
        "Vos",
        [("raalte", Rol.kcc_medewerker, "Klantcontactcentrum", "zaakvertrouwelijk")],
    ),
)


# The teamleiders added with issue 29 take no part in the demo's case load: it was drawn from the
# staff before them, and its figures (README, demo tests) stay as they were.
ZONDER_DEMOZAKEN = frozenset({"abrouwer", "sdegroot", "bjacobs"})


def behandelaars(slug: str) -> list[tuple[str, str, str]]:
    """(username, voorletters, achternaam) of who handles zaken in a gemeente, for demo zaken."""
    return [
        (username, f"{voornaam[0]}.", achternaam)
        for username, voornaam, achternaam, rollen in MEDEWERKERS
        if username not in ZONDER_DEMOZAKEN
        and any(g == slug and r in (Rol.behandelaar, Rol.teamleider) for g, r, _, _ in rollen)
    ]


def niveaus(slug: str) -> dict[str, str]:
    """The highest vertrouwelijkheidaanduiding each demo handler of the gemeente may see: a demo
    zaak goes only to someone who may open it."""
    result: dict[str, str] = {}
    for username, _, _, rollen in MEDEWERKERS:
        for g, r, _, maximum in rollen:
            if g == slug and r in (Rol.behandelaar, Rol.teamleider):
                if vertrouwelijkheid_rank(maximum) > vertrouwelijkheid_rank(
                    result.get(username, "openbaar")
                ):
                    result[username] = maximum
                result.setdefault(username, maximum)
    return result


# The beheer screens that show a functioneel beheerder only the gemeenten of their role
# (medewerkers.selectors.beheerde_gemeenten): the demo's fbeheerder gets in to these, and to no
# screen that lists every gemeente's data (catalogi, API clients, accounts stay with `beheerder`).
BEHEER_PER_GEMEENTE = (
    ("basisregistraties", "doelbinding"),
    ("berichten", "sjabloon"),
    ("berichten", "sjabloonversie"),
    ("berichten", "bericht"),
    ("basisregistraties", "registerkoppeling"),
    ("klantinteracties", "toegang"),
    ("sjablonen", "sjabloon"),
    ("sjablonen", "sjabloonversie"),
    ("werkverdeling", "routeringsregel"),
    ("werkverdeling", "taaksjabloon"),
    ("werkverdeling", "vierogenregel"),
)


def _beheerrechten(user: object) -> None:
    """Staff status and the permissions of BEHEER_PER_GEMEENTE for a functioneel beheerder."""
    welke = Q()
    for app_label, model in BEHEER_PER_GEMEENTE:
        welke |= Q(content_type__app_label=app_label, content_type__model=model)
    user.is_staff = True  # type: ignore[attr-defined]
    user.save(update_fields=["is_staff"])  # type: ignore[attr-defined]
    user.user_permissions.set(Permission.objects.filter(welke))  # type: ignore[attr-defined]


def load_medewerkers(gemeenten: list[Gemeente]) -> int:
    """Create the demo accounts with their roles and TOTP device; idempotent."""
    by_slug = {g.slug: g for g in gemeenten}
    user_model = get_user_model()
    created = 0
    for username, voornaam, achternaam, rollen in MEDEWERKERS:
        user, new = user_model.objects.get_or_create(
            username=username,
            defaults={
                "first_name": voornaam,
                "last_name": achternaam,
                "email": f"{username}@iwerk.example.nl",
            },
        )
        if new:
            user.set_password(DEMO_WACHTWOORD)
            user.save()
            created += 1
        TOTPDevice.objects.get_or_create(
            user=user,
            name="Demo-authenticator",
            defaults={"key": DEMO_TOTP_KEY.hex(), "confirmed": True},
        )
        for slug, rol, team_naam, maximum in rollen:
            gemeente = by_slug.get(slug)
            if gemeente is None:
                continue
            team = services.team(gemeente, team_naam) if team_naam else None
            services.rol_toewijzen(user, gemeente, rol, team=team, maximum=maximum)
        if any(rol == Rol.functioneel_beheerder for _, rol, _, _ in rollen):
            _beheerrechten(user)
    return created
