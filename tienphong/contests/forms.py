"""The organiser's forms: a contest on one phone-sized form, a juror, assignments (they turn input into the
services' arguments; the services validate and save)."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _

from tienphong.campaigns.forms import DATE_FORMATS, DateInput
from tienphong.core.forms import ServiceForm
from tienphong.units.models import OrgUnit

from .models import Category, Contest, Entry, Juror, Round

DAY = dt.timedelta(days=1)


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class NamedChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class EntryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} — {obj.title}"


class EntryChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} — {obj.title}"


class JurorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj.user)


class UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.username})" if obj.full_name else obj.username


class RoundChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_kind_display()


def _date(label, required=True):
    return forms.DateField(label=label, widget=DateInput(), input_formats=DATE_FORMATS, required=required)


def default_rubric() -> str:
    return "\n".join(f"{name} | {weight} | " for name, weight in (
        (gettext("Novelty"), 40), (gettext("Feasibility"), 30), (gettext("Impact"), 30)))


def contest_initial(today=None) -> dict:
    """Good defaults: a month for entries, two weeks of preliminary review, a week for the final."""
    today = today or timezone.localdate()
    return {"submission_from": today, "submission_to": today + 30 * DAY,
            "preliminary_from": today + 31 * DAY, "preliminary_to": today + 44 * DAY,
            "final_from": today + 45 * DAY, "final_to": today + 52 * DAY, "scale": 10,
            "rubric": default_rubric(), "age_min": 16, "age_max": 35, "team_max": 5, "trim_from": 5,
            "disagreement": Decimal("1.5")}


class ContestForm(ServiceForm):
    error_fields = {"name_required": "name", "categories_required": "categories", "category_twice": "categories",
                    "weights_100": "rubric", "scale_invalid": "scale", "dates_order": "preliminary_from",
                    "not_allowed": "unit"}
    name = forms.CharField(label=_("Name"), max_length=200, widget=forms.TextInput(attrs={
        "autocomplete": "off", "placeholder": _("e.g. Cuộc thi Ý tưởng thanh niên chuyển đổi số")}))
    theme = forms.CharField(label=_("Theme"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    unit = UnitChoice(label=_("Organiser"), queryset=OrgUnit.objects.none(), empty_label=None)
    categories = forms.CharField(label=_("Categories"), help_text=_("One per line."), widget=forms.Textarea(attrs={
        "rows": 3, "placeholder": _("e.g. Digital government\nDigital economy")}))
    submission_from = _date(_("Entries open"))
    submission_to = _date(_("Entries close"))
    preliminary_from = _date(_("Preliminary review from"))
    preliminary_to = _date(_("Preliminary review to"))
    final_from = _date(_("Final from"), required=False)
    final_to = _date(_("Final to"), required=False)
    scale = forms.TypedChoiceField(label=_("Scale"), coerce=int, choices=[(10, "0–10"), (100, "0–100")],
                                   widget=forms.RadioSelect)
    rubric = forms.CharField(label=_("Rubric"), widget=forms.Textarea(attrs={"rows": 4}), help_text=_(
        "One criterion per line: criterion | weight (%) | what each level means. The weights add up to 100; "
        "the first criterion breaks ties."))
    age_min = forms.IntegerField(label=_("Youngest age"), min_value=6, max_value=100,
                                 widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    age_max = forms.IntegerField(label=_("Oldest age"), min_value=6, max_value=100,
                                 widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    members_only = forms.BooleanField(label=_("Union members only"), required=False)
    team_max = forms.IntegerField(label=_("Largest team"), min_value=1, max_value=20,
                                  help_text=_("1 for individuals only."),
                                  widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    prizes = forms.CharField(label=_("Prizes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    trim_from = forms.IntegerField(label=_("Drop the highest and lowest score from"), min_value=3, max_value=50,
                                   help_text=_("jurors who scored an entry."),
                                   widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    disagreement = forms.DecimalField(label=_("Flag a spread (standard deviation) over"), min_value=0,
                                      max_value=100, max_digits=5, decimal_places=2, localize=True,
                                      help_text=_("Points of the scale: the jurors disagree strongly."),
                                      widget=forms.TextInput(attrs={"inputmode": "decimal"}))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else OrgUnit.objects.none()

    def clean_categories(self):
        return [line.strip() for line in self.cleaned_data["categories"].splitlines() if line.strip()]

    def clean_rubric(self):
        rows = []
        for i, line in enumerate(self.cleaned_data["rubric"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|", 2)]
            parts += [""] * (3 - len(parts))
            name, weight, levels = parts
            try:
                weight = int(weight)
            except ValueError:
                weight = 0
            if not name or not 1 <= weight <= 100:
                raise ValidationError(gettext("Line %(n)s: write “criterion | weight | what each level means”, "
                                              "the weight a whole number from 1 to 100.") % {"n": i})
            if len(name) > 120:
                raise ValidationError(gettext("Line %(n)s: a criterion's name is at most 120 characters.")
                                      % {"n": i})
            rows.append((name, weight, levels))
        return rows

    def clean(self):
        data = super().clean()
        if data.get("age_min") and data.get("age_max") and data["age_min"] > data["age_max"]:
            self.add_error("age_max", gettext("The oldest age comes after the youngest."))
        if bool(data.get("final_from")) != bool(data.get("final_to")):
            self.add_error("final_to", gettext("Give both dates of the final, or neither."))
        return data

    def submit(self, service, **extra):
        def call(*, submission_from, submission_to, preliminary_from, preliminary_to, final_from, final_to,
                 **data):
            final = (final_from, final_to) if final_from else None
            return service(submission=(submission_from, submission_to),
                           preliminary=(preliminary_from, preliminary_to), final=final, **data, **extra)
        return super().submit(call)


class JurorForm(ServiceForm):
    error_fields = {"categories_required": "categories"}
    collapsed = ("conflicts",)
    user = UserChoice(label=_("Account"), queryset=None, empty_label="—",
                      help_text=_("The juror signs in with this account to score."))
    unit = UnitChoice(label=_("Juror's unit"), queryset=OrgUnit.objects.none(), empty_label="—",
                      help_text=_("They never score an entry from this unit or below it."))
    categories = NamedChoices(label=_("Categories"), queryset=Category.objects.none(),
                              widget=forms.CheckboxSelectMultiple)
    conflicts = EntryChoices(label=_("Declared conflicts"), queryset=Entry.objects.none(), required=False,
                             widget=forms.CheckboxSelectMultiple,
                             help_text=_("Entries the juror knows too well to score."))

    def __init__(self, *args, contest: Contest, users, units, **kwargs):
        kwargs.setdefault("initial", {"categories": list(contest.categories.values_list("pk", flat=True))})
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["unit"].queryset = units
        self.fields["categories"].queryset = contest.categories.all()
        self.fields["conflicts"].queryset = contest.entries.filter(status=Entry.Status.SUBMITTED)


def _judged(contest):
    return contest.rounds.filter(kind__in=[Round.Kind.PRELIMINARY, Round.Kind.FINAL]).order_by("starts_on")


class AutoAssignForm(ServiceForm):
    error_fields = {"not_judged": "round"}
    round = RoundChoice(label=_("Round"), queryset=Round.objects.none(), empty_label=None)
    per_entry = forms.IntegerField(label=_("Jurors per entry"), min_value=1, max_value=20, initial=3,
                                   widget=forms.NumberInput(attrs={"inputmode": "numeric"}))

    def __init__(self, *args, contest: Contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = _judged(contest)


class AssignForm(ServiceForm):
    error_fields = {"conflict": "entry", "not_submitted": "entry", "wrong_contest": "entry"}
    juror = JurorChoice(label=_("Juror"), queryset=Juror.objects.none(), empty_label="—")
    entry = EntryChoice(label=_("Entry"), queryset=Entry.objects.none(), empty_label="—")
    round = RoundChoice(label=_("Round"), queryset=Round.objects.none(), empty_label=None)

    def __init__(self, *args, contest: Contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["juror"].queryset = contest.jurors.select_related("user").order_by("user__full_name")
        self.fields["entry"].queryset = contest.entries.filter(status=Entry.Status.SUBMITTED).order_by("pk")
        self.fields["round"].queryset = _judged(contest)


class ContestEditForm(ContestForm):
    """The contest's words, eligibility, rules and dates after it is created; its organiser, categories,
    scale and rubric stay as they were set (entries and score sheets are built on them)."""

    LOCKED = ("unit", "categories", "rubric", "scale")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.LOCKED:
            del self.fields[name]

    @staticmethod
    def initial_for(contest) -> dict:
        rounds = {r.kind: r for r in contest.rounds.all()}
        out = {f: getattr(contest, f) for f in ("name", "theme", "prizes", "age_min", "age_max", "members_only",
                                                 "team_max", "trim_from", "disagreement")}
        for kind in ("submission", "preliminary", "final"):
            if kind in rounds:
                out[f"{kind}_from"], out[f"{kind}_to"] = rounds[kind].starts_on, rounds[kind].ends_on
        return out
