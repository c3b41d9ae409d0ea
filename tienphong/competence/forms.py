from django import forms
from django.utils.translation import gettext_lazy as _

from tienphong.core.forms import ServiceForm
from tienphong.members.forms import DateInput

from .framework import QUESTIONS, Area, questions_of

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


class AssessmentForm(ServiceForm):
    """One radio group per question, grouped by area (see `areas`); the answers go to the service
    as one dict."""

    error_fields = {"date_future": "taken_on", "date_too_old": "taken_on"}

    taken_on = forms.DateField(label=_("Date"), required=False, widget=DateInput(), input_formats=DATE_FORMATS,
                               help_text=_("Empty: today."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for q in QUESTIONS:
            self.fields[q.code] = forms.TypedChoiceField(
                label=q.text, coerce=int, widget=forms.RadioSelect,
                choices=[(level, answer) for level, answer in enumerate(q.answers, start=1)],
                error_messages={"required": _("Choose one answer.")})

    def areas(self):
        """(area label, [bound fields]) in the framework's order, for the template."""
        return [(label, [self[q.code] for q in questions_of(code)]) for code, label in Area.choices]

    def submit(self, service, **extra):
        if not self.is_valid():
            return None
        answers = {q.code: self.cleaned_data[q.code] for q in QUESTIONS}
        return super().submit(lambda **data: service(answers=answers, taken_on=data["taken_on"], **extra))


class CourseForm(ServiceForm):
    error_fields = {"name_required": "name", "date_future": "held_on", "date_too_old": "held_on",
                    "hours_invalid": "hours"}

    name = forms.CharField(label=_("Course"), max_length=200,
                           widget=forms.TextInput(attrs={"placeholder": _("e.g. Digital skills for union officers")}))
    organiser = forms.CharField(label=_("Organiser"), max_length=200, required=False)
    held_on = forms.DateField(label=_("Date"), widget=DateInput(), input_formats=DATE_FORMATS)
    hours = forms.CharField(label=_("Hours"), max_length=8,
                            widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "8"}))
    certificate = forms.BooleanField(label=_("Certificate received"), required=False)
