from __future__ import annotations

from django import forms

from iwerk.portfolio.models import Gebruik
from iwerk.portfolio.services import gebruik as gebruik_services


class GebruikForm(forms.ModelForm):
    class Meta:
        model = Gebruik
        fields = ["status", "einde_gepland", "einde"]
        widgets = {
            "einde_gepland": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "einde": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {
            "status": "Levensfase",
            "einde_gepland": "Gepland einde",
            "einde": "Werkelijk einde",
        }

    def clean(self):
        data = super().clean()
        for veld, tekst in gebruik_services.fouten(
            self.instance,
            status=data.get("status", ""),
            einde_gepland=data.get("einde_gepland"),
            einde=data.get("einde"),
        ).items():
            self.add_error(veld, tekst)
        return data
