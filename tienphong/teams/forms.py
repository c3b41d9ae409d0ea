from django import forms
from django.utils.translation import gettext_lazy as _

from tienphong.core.forms import ServiceModelForm
from tienphong.members.models import Member
from tienphong.units.models import OrgUnit

from .models import Team


class TeamForm(ServiceModelForm):
    error_fields = {"name_required": "name", "name_taken": "name", "commune_required": "commune",
                    "service_point_invalid": "service_point", "leader_outside": "leader"}

    class Meta:
        model = Team
        fields = ["name", "kind", "commune", "service_point", "leader", "active"]

    def __init__(self, *args, communes=None, service_points=None, leaders=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes if communes is not None else OrgUnit.objects.none()
        self.fields["service_point"].queryset = service_points if service_points is not None else OrgUnit.objects.none()
        self.fields["leader"].queryset = leaders if leaders is not None else Member.objects.none()
        self.fields["leader"].help_text = _("The leader is chosen among the team's members: add members first.")



class AddMemberForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)


class TeamFilterForm(forms.Form):
    q = forms.CharField(required=False)
    kind = forms.ChoiceField(required=False, label=_("Kind"), choices=[("", _("All kinds"))] + Team.Kind.choices)
    active = forms.ChoiceField(required=False, label=_("Status"),
                               choices=[("", _("Active and inactive")), ("1", _("Active")), ("0", _("Inactive"))])
    sort = forms.ChoiceField(required=False, label=_("Sort by"), choices=[
        ("", _("Sort by commune")), ("name", _("Sort by name")), ("members", _("Most members first"))])
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
