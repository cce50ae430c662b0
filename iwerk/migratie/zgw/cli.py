"""`iwerk migreer zgw`: copy a ZGW installation into one gemeente (ADR 0063, docs/migratie.md).

    iwerk migreer zgw --gemeente deventer \\
        --zaken https://oz.example.nl/zaken/api/v1 \\
        --documenten https://oz.example.nl/documenten/api/v1 \\
        --catalogi https://oz.example.nl/catalogi/api/v1 \\
        --besluiten https://oz.example.nl/besluiten/api/v1 \\
        --client-id iwerk-migratie --secret-bestand /run/secrets/bron

    iwerk migreer zgw --gemeente deventer --naam oz.example.nl --rapport

Exit status: 0 when the run is done and its report clean, 3 when it is done with objects that
were not copied (or did only some phases, `--fasen`), 2 when it stopped (resume with the same
command), 1 on a usage error.
"""

from __future__ import annotations

import signal
from argparse import ArgumentParser
from pathlib import Path
from types import FrameType
from typing import Any, TextIO
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import CommandError
from django.http.request import validate_host

from iwerk.core.env import env_secret
from iwerk.core.models import Gemeente
from iwerk.migratie import selectors
from iwerk.migratie.models import Toestand
from iwerk.migratie.zgw import rapport
from iwerk.migratie.zgw.migreren import Opdracht, migreer
from iwerk.migratie.zgw.soorten import FASENAMEN

COMPONENTEN = ("zaken", "documenten", "catalogi", "besluiten")


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--gemeente", required=True, help="Slug van de gemeente in iwerk.")
    parser.add_argument(
        "--naam",
        default="",
        help="Naam van de migratie (standaard: de host van de Zaken API van de bron).",
    )
    for component in COMPONENTEN:
        parser.add_argument(
            f"--{component}", default="", help=f"API-root van de {component} API van de bron."
        )
    parser.add_argument(
        "--referentielijsten",
        default="",
        help="API-root van de eigen Referentielijsten API van de bron, als die er een heeft "
        "(iwerk); hij wordt vervangen door die van iwerk.",
    )
    parser.add_argument("--client-id", default="", help="Client id met leesrechten bij de bron.")
    parser.add_argument(
        "--secret",
        default="",
        help="Het secret van die client (liever --secret-bestand of IWERK_MIGRATIE_SECRET).",
    )
    parser.add_argument("--secret-bestand", default="", help="Bestand met het secret.")
    parser.add_argument(
        "--max-per-seconde",
        type=float,
        default=10.0,
        help="Hoogstens zoveel verzoeken per seconde aan de bron (standaard 10).",
    )
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="Seconden wachten op de bron per verzoek."
    )
    parser.add_argument(
        "--zonder-audittrail",
        action="store_true",
        help="Neem de audittrail van de bron niet over.",
    )
    parser.add_argument(
        "--volledig",
        action="store_true",
        help="Lees ook per zaak de zaakeigenschappen, ook van zaken die niet veranderd zijn "
        "(een wijziging van alleen een zaakeigenschap staat in geen lijst); voor de laatste run.",
    )
    parser.add_argument(
        "--fasen",
        default="",
        help="Alleen deze fasen, met komma's gescheiden, in de vaste volgorde "
        f"({', '.join(FASENAMEN)}); voor een bulkmigratie in etappes, bijvoorbeeld eerst "
        "'catalogi,documenten'. Een run van een deel van de fasen is nooit schoon.",
    )
    parser.add_argument(
        "--rapport",
        action="store_true",
        help="Toon alleen het verificatierapport van de laatste run van deze migratie.",
    )


def _secret(options: dict[str, Any]) -> str:
    if options.get("secret_bestand"):
        return Path(options["secret_bestand"]).read_text(encoding="utf-8").strip()
    return options.get("secret") or env_secret("IWERK_MIGRATIE_SECRET") or ""


def _fasen(waarde: str) -> tuple[str, ...]:
    """--fasen as a tuple in the fixed order; all phases when empty."""
    if not waarde.strip():
        return FASENAMEN
    gevraagd = {f.strip().lower() for f in waarde.split(",") if f.strip()}
    if not gevraagd:
        raise CommandError(f"--fasen noemt geen fase; kies uit {', '.join(FASENAMEN)}.")
    if onbekend := sorted(gevraagd - set(FASENAMEN)):
        raise CommandError(
            f"Onbekende fase(n) in --fasen: {', '.join(onbekend)}; kies uit {', '.join(FASENAMEN)}."
        )
    return tuple(f for f in FASENAMEN if f in gevraagd)


def _eigen_host() -> None:
    host = urlsplit(settings.IWERK_BASE_URL).netloc.split(":")[0]
    if not host or not validate_host(host, settings.ALLOWED_HOSTS):
        raise CommandError(
            f"IWERK_BASE_URL ({settings.IWERK_BASE_URL}) noemt geen host uit IWERK_ALLOWED_HOSTS: "
            "de migratie schrijft via de eigen API's van iwerk op dat adres."
        )


def handle(options: dict[str, Any], stdout: TextIO) -> None:
    gemeente = Gemeente.objects.filter(slug=options["gemeente"]).first()
    if gemeente is None:
        raise CommandError(f"Er is geen gemeente met slug '{options['gemeente']}'.")
    roots = {c: (options.get(c) or "").rstrip("/") for c in COMPONENTEN}
    naam = options.get("naam") or urlsplit(roots["zaken"]).netloc
    if options.get("rapport"):
        if not naam:
            raise CommandError("Geef --naam (of --zaken) van de migratie.")
        _toon_rapport(gemeente, naam, stdout)
        return
    ontbreekt = [f"--{c}" for c in COMPONENTEN if not roots[c]]
    if ontbreekt:
        raise CommandError(f"Geef de API-roots van de bron: {', '.join(ontbreekt)}.")
    for component, root in roots.items():
        if urlsplit(root).scheme not in ("http", "https"):
            raise CommandError(f"--{component} is geen http(s)-URL: {root}")
    if options.get("referentielijsten"):
        roots["referentielijsten"] = options["referentielijsten"].rstrip("/")
    secret = _secret(options)
    if not options.get("client_id") or not secret:
        raise CommandError(
            "Geef --client-id en het secret (--secret-bestand of IWERK_MIGRATIE_SECRET)."
        )
    if not gemeente.toegewezen:
        raise CommandError(
            f"Gemeente {gemeente} is nog niet toegewezen; wijs haar eerst toe in beheer."
        )
    if not options["max_per_seconde"] or options["max_per_seconde"] <= 0:
        raise CommandError("--max-per-seconde moet groter dan 0 zijn.")
    fasen = _fasen(options.get("fasen") or "")
    _eigen_host()
    opdracht = Opdracht(
        gemeente=gemeente,
        naam=naam,
        roots=roots,
        client_id=options["client_id"],
        secret=secret,
        max_per_seconde=options["max_per_seconde"],
        timeout=options.get("timeout") or 30.0,
        met_audittrail=not options.get("zonder_audittrail"),
        volledig=bool(options.get("volledig")),
        fasen=fasen,
    )
    vorige = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, _stop)  # a container stop ends the run cleanly, resumable
    try:
        run = migreer(opdracht, stdout)
    finally:
        signal.signal(signal.SIGTERM, vorige)
    if run.toestand == Toestand.gestopt:
        raise CommandError(run.melding or "De run is gestopt.", returncode=2)
    if run.toestand == Toestand.mislukt:
        raise CommandError(run.melding or "De run is mislukt.", returncode=1)
    if run.rapport and not run.rapport.get("schoon") and fasen != FASENAMEN:
        raise CommandError(
            f"De fasen {', '.join(fasen)} zijn klaar; het rapport is pas schoon na een run van "
            "alle fasen.",
            returncode=3,
        )
    if run.rapport and not run.rapport.get("schoon"):
        raise CommandError(
            "De run is klaar, maar niet alles is gekopieerd (zie het rapport).", returncode=3
        )


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _toon_rapport(gemeente: Gemeente, naam: str, stdout: TextIO) -> None:
    migratie = selectors.migratie_by_naam(tenant_id=gemeente.pk, naam=naam)
    if migratie is None:
        raise CommandError(f"Er is geen migratie '{naam}' naar {gemeente}.")
    run = selectors.laatste_run(migratie, met_rapport=True)
    if run is None or run.rapport is None:
        raise CommandError(f"Migratie '{naam}' heeft nog geen rapport.")
    stdout.write(rapport.tekst(run.rapport))
