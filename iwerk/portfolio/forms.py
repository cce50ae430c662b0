from __future__ import annotations

from django import forms

from iwerk.migratie import selectors as migratie_selectors
from iwerk.migratie.models import Migratie
from iwerk.portfolio.models import Gebruik
from iwerk.portfolio.services import gebruik as gebruik_services


class GebruikForm(forms.ModelForm):
    class Meta:
        model = Gebruik
        fields = ["status", "einde_gepland", "einde", "migratie"]
        widgets = {
            "einde_gepland": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "einde": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {
            "status": "Levensfase",
            "einde_gepland": "Gepland einde",
            "einde": "Werkelijk einde",
            "migratie": "Gemigreerd naar iwerk met",
        }

    def __init__(self, *args, migraties: list[Migratie] | None = None, **kwargs) -> None:
        """`migraties`: this gemeente's, loaded once for every form on the page; without them
        the choices are read here. Only the gemeente's own migraties validate either way."""
        super().__init__(*args, **kwargs)
        veld = self.fields["migratie"]
        veld.queryset = migratie_selectors.migraties_van(self.instance.gemeente_id)
        veld.empty_label = "— niet gemigreerd —"
        if migraties is not None:
            veld.choices = [("", veld.empty_label), *((m.pk, m.naam) for m in migraties)]

    def clean(self):
        data = super().clean()
        for veld, tekst in gebruik_services.fouten(
            self.instance,
            status=data.get("status", ""),
            einde_gepland=data.get("einde_gepland"),
            einde=data.get("einde"),
            migratie=data.get("migratie"),
        ).items():
            self.add_error(veld, tekst)
        return data
