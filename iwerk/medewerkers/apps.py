from django.apps import AppConfig


class MedewerkersConfig(AppConfig):
    name = "iwerk.medewerkers"
    label = "medewerkers"
    verbose_name = "Medewerkers"

    def ready(self) -> None:
        from iwerk.basisregistraties.selectors.beheer import register_beheerders
        from iwerk.catalogi.selectors import register_waarschuwingen
        from iwerk.medewerkers import signals  # noqa: F401 - connects cache invalidation
        from iwerk.medewerkers.selectors import beheerde_gemeenten, documenttype_waarschuwingen

        # Catalogue beheer warns when the roles here cannot open a zaaktype's documents; catalogi
        # sits below medewerkers and cannot ask for the roles itself (ADR 0034).
        register_waarschuwingen(documenttype_waarschuwingen)
        # A functioneel beheerder manages the register connections and purposes of the gemeenten
        # of that role only; basisregistraties sits below medewerkers too (ADR 0049).
        register_beheerders(beheerde_gemeenten)
