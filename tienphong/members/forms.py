from django import forms
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from tienphong.core.forms import ServiceModelForm
from tienphong.units.models import OrgUnit

from .models import DIGITAL_SKILL_MEANINGS, DigitalSkill, Member


class BranchChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.commune.name}" if obj.commune_id else obj.name


class DateInput(forms.DateInput):
    """dd/mm/yyyy as text: a native date picker shows the phone's own order, often mm/dd."""

    def __init__(self, **kwargs):
        attrs = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", "maxlength": 10}
        super().__init__(format="%d/%m/%Y", attrs=attrs, **kwargs)


class MemberForm(ServiceModelForm):
    branch = BranchChoiceField(queryset=OrgUnit.objects.none(), label=_("Branch"))
    error_fields = {"phone_invalid": "phone", "phone_taken": "phone", "email_invalid": "email",
                    "email_taken": "email", "name_required": "full_name", "branch_required": "branch",
                    "joined_before_birth": "joined_on"}

    class Meta:
        model = Member
        fields = ["full_name", "gender", "birth_date", "phone", "email", "branch", "joined_on", "status",
                  "is_core", "digital_skill"]
        widgets = {
            "birth_date": DateInput(),
            "joined_on": DateInput(),
            "phone": forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
            "full_name": forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "words"}),
        }

    def __init__(self, *args, branches=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches if branches is not None else OrgUnit.objects.none()
        # Markup built with format_html_join (each text escaped): help texts are printed as text otherwise.
        self.fields["digital_skill"].help_text = format_html_join(
            " ", "<b>{}</b>: {}<br>", ((level.label, DIGITAL_SKILL_MEANINGS[level]) for level in DigitalSkill)
        )
        for name in ("birth_date", "joined_on"):
            self.fields[name].input_formats = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]



class CoreForm(forms.Form):
    """Choose a member as core ("hạt nhân") on a date, or take them off the core."""

    is_core = forms.TypedChoiceField(coerce=lambda v: v == "1", widget=forms.HiddenInput,
                                     choices=[("1", "1"), ("0", "0")])
    on = forms.DateField(label=_("Chosen on"), required=False, widget=DateInput(),
                         input_formats=["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"])


class MemberFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search"))
    status = forms.ChoiceField(required=False, label=_("Status"),
                               choices=[("", _("All statuses"))] + Member.Status.choices)
    gender = forms.ChoiceField(required=False, label=_("Gender"),
                               choices=[("", _("All genders"))] + Member.Gender.choices)
    core = forms.ChoiceField(required=False, label=_("Core member"),
                             choices=[("", _("Core and others")), ("1", _("Core members only"))])
    skill = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label=_("Digital skill"),
                                   choices=[("", _("All skill levels"))] + DigitalSkill.choices)
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    branch = forms.IntegerField(required=False, widget=forms.HiddenInput)
