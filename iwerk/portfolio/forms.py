from __future__ import annotations

from django import forms

from iwerk.portfolio.models import Gebruik, Levensfase


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
        if data.get("status") == Levensfase.uit_te_faseren and not data.get("einde_gepland"):
            self.add_error(
                "einde_gepland", "Geef aan wanneer de applicatie uitgefaseerd moet zijn."
            )
        sinds = self.instance.sinds
        for veld in ("einde_gepland", "einde"):
            if data.get(veld) and sinds and data[veld] < sinds:
                self.add_error(
                    veld, f"Deze datum ligt vóór het begin van het gebruik ({sinds:%d-%m-%Y})."
                )
        return data
