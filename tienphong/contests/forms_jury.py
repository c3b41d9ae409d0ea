"""The juror's score sheet: one text box per criterion of the round's rubric (a phone's decimal keypad;
"7,5" and "7.5" both read as seven and a half: services.score parses and checks the numbers)."""

from django import forms
from django.utils.formats import localize
from django.utils.translation import gettext_lazy as _


class ScoreSheetForm(forms.Form):
    def __init__(self, *args, criteria, scale: int, values: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            stored = values.get(c.pk)
            self.fields[self.key(c)] = forms.CharField(
                label=c.name, required=False, max_length=10, initial=localize(stored) if stored is not None else "",
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 5,
                                              "placeholder": f"0–{scale}"}))

    @staticmethod
    def key(criterion) -> str:
        return f"c{criterion.pk}"

    def values(self) -> dict[int, str]:
        """Criterion id → what was typed, for the criteria given a value (a sheet may be saved part-filled)."""
        return {c.pk: self.cleaned_data[self.key(c)].strip() for c in self.criteria
                if self.cleaned_data.get(self.key(c), "").strip()}

    def rows(self):
        """(criterion, bound field) pairs, in the rubric's order, for the template."""
        return [(c, self[self.key(c)]) for c in self.criteria]


NOTHING_TYPED = _("Type at least one score.")
