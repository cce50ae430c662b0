"""Remove drafts nobody touched for IWERK_PORTAAL_CONCEPT_DAGEN days, with their files.

Run daily (cron, a Kubernetes CronJob): `iwerk portaal_opruimen`. Sent requests are not drafts
and stay; their files moved into the zaak's documents when they were sent.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from iwerk.portaal.models import Concept
from iwerk.portaal.services import concepten


class Command(BaseCommand):
    help = "Verwijder concept-aanvragen die langer dan IWERK_PORTAAL_CONCEPT_DAGEN niet zijn gewijzigd."

    def handle(self, *args, **options):
        grens = timezone.now() - timedelta(days=settings.IWERK_PORTAAL_CONCEPT_DAGEN)
        oud = Concept.objects.filter(status=Concept.Status.concept, gewijzigd__lt=grens)
        aantal, bestanden = concepten.verwijderen(oud)
        self.stdout.write(f"{aantal} verlopen concepten en {bestanden} bestanden verwijderd.")
