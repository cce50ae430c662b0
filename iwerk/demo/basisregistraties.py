"""The demo's purposes (doelbinding) per zaaktype for the BRP and the Handelsregister, the same in
each gemeente (ADR 0049). The registers themselves are the local test doubles the settings point
at in demo mode (`iwerk registerdubbels`), so no Registerkoppeling is needed.

A zaaktype without a row here (DATALEK) has no purpose: a lookup for it is refused.
"""

from __future__ import annotations

from iwerk.basisregistraties.models import Bereik, Doelbinding, Register
from iwerk.core.models import Gemeente

# (zaaktype, register, groups, doelbinding, verwerking, bereik)
DOELBINDINGEN = (
    ("WMO-MAATWERK", Register.brp, ["naam", "geboorte", "adres", "gezag"], "BRPACT-Wmo",
     "Wmo-maatwerkvoorziening behandelen", Bereik.eigen_gemeente),
    ("JEUGDHULP", Register.brp, ["naam", "geboorte", "adres", "gezag", "ouders", "kinderen"],
     "BRPACT-Jeugdwet", "Jeugdhulp toekennen", Bereik.eigen_gemeente),
    ("PW-LEVENSONDERHOUD", Register.brp, ["naam", "geboorte", "adres", "partners", "kinderen"],
     "BRPACT-Participatiewet", "Bijstand levensonderhoud behandelen", Bereik.eigen_gemeente),
    # A parking permit may be asked by someone who lives elsewhere (a visitor, a business owner).
    ("PARKEERVERGUNNING", Register.brp, ["adres"], "BRPACT-Parkeren",
     "Parkeervergunning behandelen", Bereik.nederland),
    ("EVENEMENT", Register.kvk, ["naam", "adres", "rechtsvorm"], "KVK-Evenementen",
     "Evenementenvergunning behandelen", Bereik.nederland),
    ("EVENEMENT", Register.brp, ["naam", "adres"], "BRPACT-Vergunningen",
     "Evenementenvergunning behandelen", Bereik.eigen_gemeente),
    ("MOR", Register.brp, ["naam", "adres"], "BRPACT-AlgemeneTaken",
     "Melding openbare ruimte afhandelen", Bereik.eigen_gemeente),
    ("WOO-VERZOEK", Register.brp, ["naam", "adres"], "BRPACT-AlgemeneTaken",
     "Woo-verzoek behandelen", Bereik.eigen_gemeente),
    # The contact centre's purpose (ADR 0054): find a resident who calls, by name and date of
    # birth or by address; a company by KvK-nummer.
    ("KCC", Register.brp, ["naam", "geboorte", "adres"], "BRPACT-Klantcontact",
     "Klantcontact afhandelen (KCC)", Bereik.eigen_gemeente),
    ("KCC", Register.kvk, ["naam", "adres"], "KVK-Klantcontact",
     "Klantcontact afhandelen (KCC)", Bereik.nederland),
)  # fmt: skip


def load_doelbindingen(gemeenten: list[Gemeente]) -> int:
    """The demo's purposes in every gemeente, as listed above (a second load resets changes made
    in beheer to them). Returns how many were new."""
    nieuw = 0
    for gemeente in gemeenten:
        for zaaktype, register, groepen, doelbinding, verwerking, bereik in DOELBINDINGEN:
            _, aangemaakt = Doelbinding.objects.update_or_create(
                gemeente=gemeente,
                zaaktype_identificatie=zaaktype,
                register=register,
                defaults={
                    "velden": groepen,
                    "doelbinding": doelbinding,
                    "verwerking": verwerking,
                    "bereik": bereik,
                },
            )
            nieuw += aangemaakt
    return nieuw
