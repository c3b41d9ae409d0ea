from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tienphong.core.forms import MoneyField, PhotosField, ServiceModelForm
from tienphong.core.money import parse_vnd
from tienphong.members.models import Member
from tienphong.partners.forms import PartnerChoices
from tienphong.partners.selectors import of_province
from tienphong.places.models import Place
from tienphong.teams.models import Team
from tienphong.units.models import OrgUnit

from tienphong.partners.models import Partner

from .models import Campaign, YouthWork
from .selectors import METRICS

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


class DateInput(forms.DateInput):
    """dd/mm/yyyy as text: a native date picker shows the phone's own order, often mm/dd."""

    def __init__(self, **kwargs):
        attrs = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", "maxlength": 10}
        super().__init__(format="%d/%m/%Y", attrs=attrs, **kwargs)


class CampaignForm(ServiceModelForm):
    error_fields = {"title_required": "title", "period_required": "starts_on", "ends_before_start": "ends_on",
                    "period_too_long": "ends_on", "unit_invalid": "unit", "not_allowed": "unit",
                    "partners_invalid": "partners"}
    partners = PartnerChoices()

    class Meta:
        model = Campaign
        fields = ["title", "theme", "starts_on", "ends_on", "unit", "partners"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(),
                   "title": forms.TextInput(attrs={"autocomplete": "off"}),
                   "theme": forms.TextInput(attrs={"autocomplete": "off"})}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else OrgUnit.objects.none()
        self.fields["unit"].empty_label = None
        self.fields["theme"].help_text = _("For example: Tuổi trẻ tiên phong chuyển đổi số.")
        first = self.instance.unit if self.instance.pk else (units.first() if units is not None else None)
        named = self.instance.partners.all() if self.instance.pk else ()
        self.fields["partners"].queryset = of_province(first.path, also=named) if first else Partner.objects.none()
        for name in ("starts_on", "ends_on"):
            self.fields[name].input_formats = DATE_FORMATS


class TargetCopyForm(forms.Form):
    """One row of figures, copied to every commune of the campaign."""

    works = forms.IntegerField(label=_("Youth works"), required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    value_vnd = MoneyField(label=_("Value (₫)"))
    citizens_supported = forms.IntegerField(label=_("Citizens supported"), required=False,
                                            widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    classes = forms.IntegerField(label=_("Classes"), required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    attendees = forms.IntegerField(label=_("Class attendees"), required=False,
                                   widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    volunteer_turns = forms.IntegerField(label=_("Volunteer-turns"), required=False,
                                         widget=forms.TextInput(attrs={"inputmode": "numeric"}))

    def values(self) -> dict[str, int]:
        return {m: self.cleaned_data.get(m) or 0 for m in METRICS}


def parse_target_rows(data, communes) -> tuple[dict[int, dict[str, int]], dict[tuple[int, str], str], dict]:
    """Read the inputs named "<metric>-<commune id>" of the targets table.

    Returns (values per commune, errors per (commune id, metric), what was typed per cell).
    An empty cell is 0; the value cell accepts "15.000.000".
    """
    values, errors, typed = {}, {}, {}
    for commune in communes:
        row = {}
        for metric in METRICS:
            raw = (data.get(f"{metric}-{commune.pk}") or "").strip()
            typed[(commune.pk, metric)] = raw
            try:
                row[metric] = parse_vnd(raw) if raw else 0
            except ValueError:
                errors[(commune.pk, metric)] = str(_("Write a whole number."))
                continue
            if row[metric] < 0:
                errors[(commune.pk, metric)] = str(_("A target cannot be negative."))
        values[commune.pk] = row
    return values, errors, typed


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class WorkForm(ServiceModelForm):
    value_vnd = MoneyField(label=_("Value (₫)"),
                           help_text=_("What the work is worth in đồng (giá trị làm lợi), e.g. 15.000.000."))
    volunteers = MemberChoiceField(queryset=Member.objects.none(), required=False, label=_("Volunteers"),
                                   widget=forms.CheckboxSelectMultiple)
    photos = PhotosField(label=_("Photos"), help_text=_("JPEG, PNG or WebP, up to 8 MB each; several at once."))

    error_fields = {"title_required": "title", "category_invalid": "category", "kind_invalid": "kind",
                    "value_negative": "value_vnd", "value_too_large": "value_vnd",
                    "beneficiaries_invalid": "beneficiaries", "completed_in_future": "completed_on",
                    "completed_too_old": "completed_on", "completed_required": "completed_on",
                    "place_outside": "place", "team_outside": "team", "campaign_outside": "campaign",
                    "description_too_long": "description",
                    "volunteer_outside": "volunteers", "photo_invalid": "photos", "photo_format": "photos",
                    "photo_too_large": "photos", "too_many_photos": "photos", "partners_invalid": "partners"}
    partners = PartnerChoices()

    class Meta:
        model = YouthWork
        fields = ["title", "category", "kind", "completed_on", "value_vnd", "beneficiaries", "place", "place_note",
                  "team", "campaign", "volunteers", "partners", "description", "photos"]
        widgets = {"completed_on": DateInput(),
                   "title": forms.TextInput(attrs={"autocomplete": "off"}),
                   "beneficiaries": forms.TextInput(attrs={"inputmode": "numeric"}),
                   "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, commune=None, campaigns=None, **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["completed_on"].input_formats = DATE_FORMATS
        f["category"].label = _("Work or task")
        f["kind"].label = _("Field")
        f["completed_on"].help_text = _("Not in the future. Needed before sending for approval.")
        f["beneficiaries"].required = False
        f["beneficiaries"].help_text = _("People who benefit, roughly.")
        if commune is not None:
            f["place"].queryset = Place.objects.filter(commune=commune, active=True).order_by("name")
            f["team"].queryset = Team.objects.filter(commune=commune, active=True).order_by("name")
            f["volunteers"].queryset = (Member.objects.filter(commune=commune, status=Member.Status.ACTIVE)
                                        .order_by("sort_key", "id"))
        else:
            for name in ("place", "team"):
                f[name].queryset = f[name].queryset.none()
        f["place"].help_text = _("A place of the commune; or write the village below.")
        f["campaign"].queryset = campaigns if campaigns is not None else Campaign.objects.none()
        f["campaign"].empty_label = _("No campaign")
        commune = commune if commune is not None else (self.instance.commune if self.instance.pk else None)
        named = self.instance.partners.all() if self.instance.pk else ()
        f["partners"].queryset = of_province(commune.path, also=named) if commune is not None else Partner.objects.none()

    def clean_beneficiaries(self):
        return self.cleaned_data.get("beneficiaries") or 0


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("What needs fixing"), max_length=255,
                           widget=forms.Textarea(attrs={"rows": 2}))


class WorkFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search"))
    status = forms.ChoiceField(required=False, label=_("Status"),
                               choices=[("", _("All statuses"))] + YouthWork.Status.choices)
    kind = forms.ChoiceField(required=False, label=_("Kind"), choices=[("", _("All kinds"))] + YouthWork.Kind.choices)
    commune = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label=_("Commune"))
    campaign = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label=_("Campaign"))

    def __init__(self, *args, communes=(), campaigns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [("", _("All communes"))] + [(c.pk, c.name) for c in communes]
        self.fields["campaign"].choices = [("", _("All campaigns"))] + [(c.pk, c.title) for c in campaigns]


class CampaignFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search"))
    state = forms.ChoiceField(required=False, label=_("When"), choices=[
        ("", _("All campaigns")), ("running", _("Running")), ("upcoming", _("Upcoming")), ("ended", _("Ended"))])
