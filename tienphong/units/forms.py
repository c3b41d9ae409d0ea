from django import forms
from django.utils.translation import gettext_lazy as _

from tienphong.core.forms import ServiceForm

from .models import OrgUnit
from .services import ALLOWED_CHILDREN, UNION_OWN


class TreeUnitField(forms.ModelChoiceField):
    """A unit in a long list: its name, indented by depth."""

    def label_from_instance(self, obj):
        indent = "· " * max(obj.depth - 1, 0)
        return f"{indent}{obj.name}"


def _position_fields():
    return (forms.FloatField(label=_("Latitude"), required=False, widget=forms.NumberInput(attrs={"step": "any"})),
            forms.FloatField(label=_("Longitude"), required=False, widget=forms.NumberInput(attrs={"step": "any"})))


_ERRORS = {
    "unit_name_missing": "name", "unit_code_taken": "code", "unit_code_missing": "code",
    "unit_branch_type_missing": "branch_type", "unit_branch_type_unknown": "branch_type",
    "unit_branch_type_not_branch": "branch_type", "unit_position_half": "longitude",
    "unit_position_range": "latitude",
}


class UnitCreateForm(ServiceForm):
    error_fields = {**_ERRORS, "unit_bad_parent": "kind", "unit_kind_not_allowed": "kind",
                    "unit_parent_inactive": "parent"}
    parent = TreeUnitField(queryset=OrgUnit.objects.none(), label=_("Under"))
    kind = forms.ChoiceField(label=_("Kind"))
    name = forms.CharField(label=_("Name"), max_length=200)
    branch_type = forms.ChoiceField(label=_("Branch type"), required=False,
                                    choices=[("", "—"), *OrgUnit.BranchType.choices],
                                    help_text=_("Branches only: what the branch gathers."))
    code = forms.CharField(label=_("Code"), max_length=32, required=False,
                           widget=forms.TextInput(attrs={"autocapitalize": "none", "autocomplete": "off"}),
                           help_text=_("Leave blank: one is made from the parent's code."))
    latitude, longitude = _position_fields()

    def __init__(self, *args, parents=None, parent=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents if parents is not None else OrgUnit.objects.none()
        kinds = list(UNION_OWN)
        if parent is not None:
            kinds = [k for k in kinds if k in ALLOWED_CHILDREN[parent.kind]]
            self.fields["parent"].initial = parent.pk
        self.fields["kind"].choices = [(k, OrgUnit.Kind(k).label) for k in kinds]


class UnitEditForm(ServiceForm):
    error_fields = _ERRORS
    name = forms.CharField(label=_("Name"), max_length=200)
    code = forms.CharField(label=_("Code"), max_length=32,
                           widget=forms.TextInput(attrs={"autocapitalize": "none", "autocomplete": "off"}))
    branch_type = forms.ChoiceField(label=_("Branch type"), choices=[("", "—"), *OrgUnit.BranchType.choices],
                                    required=False)
    latitude, longitude = _position_fields()

    def __init__(self, *args, unit, **kwargs):
        kwargs.setdefault("initial", {f: getattr(unit, f) for f in ("name", "code", "branch_type", "latitude",
                                                                    "longitude")})
        super().__init__(*args, **kwargs)
        if unit.kind != OrgUnit.Kind.BRANCH:
            del self.fields["branch_type"]


class UnitMoveForm(ServiceForm):
    error_fields = {"unit_bad_parent": "new_parent", "unit_move_into_itself": "new_parent",
                    "unit_move_conflict": "new_parent"}
    new_parent = TreeUnitField(queryset=OrgUnit.objects.none(), label=_("New parent"))

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = parents


class UnitMergeForm(ServiceForm):
    error_fields = {"unit_merge_itself": "into", "unit_merge_kind": "into", "unit_move_conflict": "into"}
    into = TreeUnitField(queryset=OrgUnit.objects.none(), label=_("Merge into"))

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = targets
