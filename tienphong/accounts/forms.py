from django import forms
from django.utils.translation import gettext_lazy as _

from tienphong.core.forms import ServiceForm
from tienphong.units.models import OrgUnit

from .models import Role


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        indent = "· " * max(obj.depth - 1, 0)
        return f"{indent}{obj.name}"


class RoleFields(ServiceForm):
    error_fields = {"role_unknown": "role", "role_not_grantable": "unit"}
    role = forms.ChoiceField(label=_("Role"))
    unit = UnitChoiceField(queryset=OrgUnit.objects.none(), label=_("On unit"),
                           help_text=_("The role reaches this unit and everything under it."))

    def __init__(self, *args, roles=(), units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]
        self.fields["unit"].queryset = units if units is not None else OrgUnit.objects.none()


class UserCreateForm(RoleFields):
    error_fields = {**RoleFields.error_fields, "username_taken": "username", "password_weak": "password"}
    username = forms.CharField(label=_("Username"), max_length=150,
                               widget=forms.TextInput(attrs={"autocapitalize": "none", "autocomplete": "off"}),
                               help_text=_("Letters, digits and . _ - only, e.g. tnv.hoalu.an"))
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    password = forms.CharField(label=_("First password"), widget=forms.PasswordInput(render_value=False),
                               help_text=_("Give it to the person; they change it after logging in."))
    field_order = ["username", "full_name", "password", "role", "unit"]

    def clean_username(self):
        import re

        username = self.cleaned_data["username"].strip().lower()
        if not re.fullmatch(r"[a-z0-9._-]+", username):
            raise forms.ValidationError(_("Use letters without diacritics, digits and . _ - only."))
        return username
