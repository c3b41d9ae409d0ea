"""The ecosystem's forms: they turn input into the services' arguments; the services validate and save."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tienphong.campaigns.forms import DATE_FORMATS, DateInput
from tienphong.core.forms import MoneyField, ServiceForm, ServiceModelForm

from . import services
from .models import Expert, Project, ProjectSupport, Startup


class NamedChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PartnerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class EntryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} — {obj.title}"


class ExpertChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.field}"


class FounderChoices(forms.ModelMultipleChoiceField):
    """Validated against every member of the user's units; only the ticked ones and a search's matches are shown."""

    def label_from_instance(self, obj):
        return f"{obj.full_name} — {obj.branch.name}"


class ProductChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def _date(label, **kwargs):
    return forms.DateField(label=label, widget=DateInput(), input_formats=DATE_FORMATS, **kwargs)


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)


class ExpertForm(ServiceModelForm):
    error_fields = {"expert_incomplete": "name", "not_allowed": "unit"}
    consent = forms.BooleanField(label=_("Agrees to be listed in the directory"), required=False)

    class Meta:
        model = Expert
        fields = ["unit", "name", "field", "organisation", "partner", "phone", "email", "active"]
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "off", "placeholder": _("e.g. TS. Phạm Minh Đức")}),
                   "field": forms.TextInput(attrs={"placeholder": _("e.g. Digital transformation")}),
                   "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
                   "email": forms.EmailInput(attrs={"autocomplete": "off"})}

    def __init__(self, *args, units, partners, **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["unit"] = NamedChoice(label=_("Kept by"), queryset=units, empty_label=None)
        f["partner"] = PartnerChoice(label=_("Partner organisation"), queryset=partners, required=False,
                                     empty_label=_("— none —"))
        agreed = self.instance.consent_at
        f["consent"].initial = agreed is not None
        f["consent"].help_text = (
            _("Agreed on %(day)s. Untick to withdraw it: the expert leaves the directory.") % {
                "day": timezone.localtime(agreed).strftime("%d/%m/%Y")} if agreed else
            _("Only with the expert's agreement: the date is recorded and the expert appears in the directory."))
        self.order_fields(["unit", "name", "field", "organisation", "partner", "phone", "email", "consent", "active"])

    def save_with(self, *, by):
        """The expert through expert_save; the consent is recorded (or withdrawn) only when it changes."""
        def service(*, consent, **data):
            for name, value in data.items():
                setattr(self.instance, name, value)
            had = self.instance.consent_at is not None
            return services.expert_save(expert=self.instance, by=by, consent=None if consent == had else consent)
        return self.submit(service)


class MentorAskForm(ServiceForm):
    error_fields = {"expert_not_listed": "expert", "message_required": "message", "ask_for_what": None}
    expert = ExpertChoice(label=_("Expert"), queryset=Expert.objects.none(), empty_label=_("— choose an expert —"))
    project = NamedChoice(label=_("For a project"), queryset=Project.objects.none(), required=False,
                          empty_label=_("— none —"))
    entry = EntryChoice(label=_("…or for a contest entry"), queryset=None, required=False, empty_label=_("— none —"))
    message = forms.CharField(label=_("What help is needed"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, experts, projects, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts
        self.fields["project"].queryset = projects
        self.fields["entry"].queryset = entries

    def clean(self):
        data = super().clean()
        if bool(data.get("project")) == bool(data.get("entry")):
            raise ValidationError(_("Choose either a project or a contest entry."))
        return data


class SupportForm(ServiceForm):
    error_fields = {"kind_invalid": "kind", "amount_invalid": "amount"}
    partner = PartnerChoice(label=_("Partner"), queryset=None, empty_label=_("— choose a partner —"))
    kind = forms.ChoiceField(label=_("What they offer"), choices=BLANK_CHOICE_DASH + ProjectSupport.Kind.choices)
    amount = MoneyField(label=_("Amount (₫)"), help_text=_("For funding, in đồng; leave empty otherwise."))
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, prefix="support", **kwargs)
        self.fields["partner"].queryset = partners

    def clean_amount(self):
        return self.cleaned_data["amount"] or None


class MilestoneForm(ServiceForm):
    error_fields = {"title_required": "title"}
    title = forms.CharField(label=_("Milestone"), max_length=200,
                            widget=forms.TextInput(attrs={"placeholder": _("e.g. Pilot in 3 communes")}))
    due_on = _date(_("Due"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="milestone", **kwargs)


class FollowUpForm(ServiceForm):
    error_fields = {"progress_invalid": "progress", "status_required": "status"}
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100,
                                  widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    status = forms.CharField(label=_("Where it stands"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="followup", **kwargs)


class RealiseForm(ServiceForm):
    error_fields = {"date_invalid": "on"}
    on = _date(_("Realised on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="realise", **kwargs)


class ProjectFilterForm(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("", _("All projects")), *Project.Status.choices])


class StartupForm(ServiceModelForm):
    error_fields = {"name_required": "name", "date_invalid": "founded_on", "founder_outside": "founders",
                    "not_allowed": "unit"}
    collapsed = ("products",)
    founders = FounderChoices(label=_("Founders (members)"), queryset=None, required=False,
                              widget=forms.CheckboxSelectMultiple)
    founder_query = forms.CharField(label=_("Find a founder"), max_length=60, required=False,
                                    help_text=_("A member's name, then “Find”: tick the founders among the matches."))
    products = ProductChoices(label=_("Products"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Startup
        fields = ["unit", "name", "activity", "founded_on", "jobs_created", "revenue_band", "active"]
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "off", "placeholder": _("e.g. HTX Rau sạch Phủ Lý")}),
                   "founded_on": DateInput(),
                   "jobs_created": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0})}

    def __init__(self, *args, units, members, shown_members, products, **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["unit"] = NamedChoice(label=_("Unit"), queryset=units, empty_label=None)
        f["founded_on"].input_formats = DATE_FORMATS
        f["founders"].queryset = members
        # Every member of the user's units may be ticked; a page shows only the chosen ones and a search's matches.
        f["founders"].widget.choices = [(m.pk, f["founders"].label_from_instance(m)) for m in shown_members]
        f["products"].queryset = products
        self.order_fields(["unit", "name", "activity", "founded_on", "founders", "founder_query", "products",
                           "jobs_created", "revenue_band", "active"])

    def save_with(self, *, by):
        def service(*, founders, products, founder_query, **data):
            for name, value in data.items():
                setattr(self.instance, name, value)
            return services.startup_save(startup=self.instance, by=by, founders=founders, products=products)
        return self.submit(service)
