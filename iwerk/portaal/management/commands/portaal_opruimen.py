"""Remove drafts nobody touched for IWERK_PORTAAL_CONCEPT_DAGEN days, with their files.

Run daily (cron, a Kubernetes CronJob): `iwerk portaal_opruimen`. Sent requests are not drafts
and stay; their files moved into the zaak's documents when they were sent.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from iwerk.documenten import content
from iwerk.portaal.models import Concept, ConceptBijlage


class Command(BaseCommand):
    help = "Verwijder concept-aanvragen die langer dan IWERK_PORTAAL_CONCEPT_DAGEN niet zijn gewijzigd."

    def handle(self, *args, **options):
        grens = timezone.now() - timedelta(days=settings.IWERK_PORTAAL_CONCEPT_DAGEN)
        oud = Concept.objects.filter(status=Concept.Status.concept, gewijzigd__lt=grens)
        paden = list(ConceptBijlage.objects.filter(concept__in=oud).values_list("pad", flat=True))
        _, per_model = oud.delete()
        aantal = per_model.get("portaal.Concept", 0)
        for pad in paden:  # after the rows: a crash in between leaves a file, never a dangling row
            content.storage().delete(pad)
        self.stdout.write(f"{aantal} verlopen concepten en {len(paden)} bestanden verwijderd.")
