import uuid

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tienphong.core.choices import AgeBand, CitizenGender, CitizenGroup, split_groups
from tienphong.partners import selectors as partner_selectors
from tienphong.teams.models import Team
from tienphong.units.models import OrgUnit

from .models import MAX_TALLY, Service, SupportRecord
from .services import Defaults, loggable_units_q

DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y"]


class EntryForm(forms.Form):
    """The field entry: the first three fields are all most entries need; the rest sits under "more"."""

    uuid = forms.UUIDField(widget=forms.HiddenInput)
    people = forms.IntegerField(label=_("Citizens helped"), min_value=1, max_value=MAX_TALLY, initial=1,
                                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "tally"}))
    services = forms.MultipleChoiceField(label=_("Services"), widget=forms.CheckboxSelectMultiple)
    setting = forms.ChoiceField(label=_("Where"), choices=SupportRecord.Setting.choices)
    place_note = forms.CharField(label=_("Village / address"), max_length=120, required=False,
                                 widget=forms.TextInput(attrs={"placeholder": _("e.g. Xóm 4")}))
    unit = forms.TypedChoiceField(label=_("Commune / service point"), coerce=int)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=SupportRecord.Outcome.choices,
                                widget=forms.RadioSelect, initial=SupportRecord.Outcome.DONE)
    occurred_at = forms.DateTimeField(label=_("When"), input_formats=DATETIME_FORMATS,
                                      widget=forms.DateTimeInput(format="%d/%m/%Y %H:%M",
                                                                 attrs={"placeholder": "dd/mm/yyyy hh:mm"}))
    procedure = forms.CharField(label=_("Procedure (online public service)"), max_length=200, required=False)
    team = forms.TypedChoiceField(label=_("Team"), coerce=int, required=False, empty_value=None)
    volunteers = forms.TypedMultipleChoiceField(label=_("Volunteers"), coerce=int, required=False,
                                                widget=forms.CheckboxSelectMultiple)
    partners = forms.TypedMultipleChoiceField(label=_("Co-organising partners"), coerce=int, required=False,
                                              widget=forms.CheckboxSelectMultiple)
    minutes = forms.IntegerField(label=_("Minutes spent"), min_value=0, max_value=1440, required=False,
                                 widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    age_band = forms.ChoiceField(label=_("Age band (one citizen)"), required=False,
                                 choices=[("", "—"), *AgeBand.choices])
    gender = forms.ChoiceField(label=_("Gender (one citizen)"), required=False,
                               choices=[("", "—"), *CitizenGender.choices])
    groups = forms.MultipleChoiceField(label=_("Citizens helped are"), required=False,
                                       choices=CitizenGroup.choices, widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    MAIN = ("people", "services", "setting", "place_note")

    def __init__(self, *args, user, scope, defaults: Defaults, record: SupportRecord | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].choices = [(s.code, s.display_name) for s in Service.objects.filter(active=True)]
        units = list(OrgUnit.objects.filter(loggable_units_q(scope, user)).order_by("kind", "name")
                     .only("pk", "name", "kind", "path"))  # path: the province whose partners it may name
        if record is not None and record.unit_id not in {u.pk for u in units}:
            units.insert(0, record.unit)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]
        mine = Q(active=True, pk__in=Team.objects.filter(memberships__member__user=user).values("pk"))
        if record is not None and record.team_id:
            mine |= Q(pk=record.team_id)
        team_list = list(Team.objects.filter(mine).order_by("name").prefetch_related("members"))
        self.fields["team"].choices = [("", "—"), *[(t.pk, t.name) for t in team_list]]
        roster = {}
        for t in team_list:
            for m in sorted(t.members.all(), key=lambda m: m.sort_key):
                roster[m.pk] = m.full_name
        if record is not None:
            roster.update({m.pk: m.full_name for m in record.volunteers.all()})
        self.fields["volunteers"].choices = list(roster.items())
        named = list(record.partners.all()) if record is not None else []
        province = units[0].path if units else (record.path if record is not None else None)
        partners = partner_selectors.of_province(province, also=named) if province else []
        self.fields["partners"].choices = [(p.pk, p.label) for p in partners]
        if not self.fields["partners"].choices:
            del self.fields["partners"]
        if record is None:
            self.initial.update({
                "uuid": uuid.uuid4(), "services": defaults.services, "setting": defaults.setting,
                "place_note": "", "unit": defaults.unit.pk if defaults.unit else None,
                "outcome": defaults.outcome, "procedure": defaults.procedure,
                "team": defaults.team.pk if defaults.team else None,
                "occurred_at": timezone.localtime(), "people": 1,
                "volunteers": [user.member.pk] if hasattr(user, "member") else [],
                "partners": defaults.partners,
            })
        else:
            self.initial.update({
                "uuid": record.uuid, "services": [s.code for s in record.services.all()],
                "setting": record.setting, "place_note": record.place_note, "unit": record.unit_id,
                "outcome": record.outcome, "procedure": record.procedure, "team": record.team_id,
                "occurred_at": timezone.localtime(record.occurred_at), "people": record.people,
                "volunteers": [m.pk for m in record.volunteers.all()], "minutes": record.minutes,
                "age_band": record.age_band, "gender": record.gender, "note": record.note,
                "groups": split_groups(record.groups),
                "partners": [p.pk for p in named],
            })

    def main_fields(self):
        return [self[name] for name in self.MAIN]

    def more_fields(self):
        return [self[name] for name in self.fields if name not in self.MAIN and name != "uuid"]

    def entry(self) -> dict:
        """The cleaned form as the service's entry (the same shape the phone's queue sends)."""
        d = dict(self.cleaned_data)
        d["uuid"] = str(d["uuid"])
        return d


class RecordFilterForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, input_formats=["%d/%m/%Y"],
                                widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}))
    date_to = forms.DateField(label=_("To"), required=False, input_formats=["%d/%m/%Y"],
                              widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}))
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    service = forms.ChoiceField(label=_("Service"), required=False)
    setting = forms.ChoiceField(label=_("Where"), required=False,
                                choices=[("", _("All")), *SupportRecord.Setting.choices])
    mine = forms.BooleanField(label=_("Only my entries"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("All")), *[(s.code, s.display_name) for s in Service.objects.all()]]
