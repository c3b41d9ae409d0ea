from django import forms
from django.utils.translation import gettext_lazy as _

from tienphong.core.forms import ServiceModelForm
from tienphong.units.models import OrgUnit

from .models import Partner


class PartnerChoices(forms.ModelMultipleChoiceField):
    """The co-organising partners a work, class, campaign or support entry names: an optional list of ticks."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Co-organising partners"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple(attrs={"class": "partner-choices"}))
        super().__init__(queryset=Partner.objects.none(), **kwargs)

    def label_from_instance(self, obj):
        return obj.label


class UnitChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PartnerForm(ServiceModelForm):
    error_fields = {"name_required": "name", "kind_invalid": "kind", "unit_invalid": "unit", "not_allowed": "unit",
                    "units_invalid": "units", "name_taken": "name"}
    collapsed = ("units",)  # core/form_fields.html folds this long list of ticks under its label
    units = UnitChoices(label=_("Units they work with"), queryset=OrgUnit.objects.none(), required=False,
                        widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Partner
        fields = ["kind", "name", "short_name", "contact_name", "phone", "email", "address", "unit", "units", "note",
                  "active"]
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "off",
                                                  "placeholder": _("e.g. Sở Khoa học và Công nghệ")}),
                   "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
                   "email": forms.EmailInput(attrs={"autocomplete": "off"}),
                   "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, keepers=None, choosable=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = keepers if keepers is not None else OrgUnit.objects.none()
        self.fields["unit"].empty_label = None
        self.fields["unit"].label = _("Kept by")
        self.fields["units"].queryset = choosable if choosable is not None else OrgUnit.objects.none()
        self.fields["units"].help_text = _("The communes and units that work with this partner.")


class PartnerFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
    kind = forms.ChoiceField(required=False, choices=[("", _("All kinds")), *Partner.Kind.choices])
    inactive = forms.BooleanField(label=_("Show inactive"), required=False)
