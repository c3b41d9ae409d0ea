import datetime as dt
import secrets

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tienphong.core.choices import AgeBand
from tienphong.core.forms import ServiceFormMixin
from tienphong.members.models import Member
from tienphong.partners.forms import PartnerChoices
from tienphong.partners.selectors import of_province
from tienphong.places.models import Place

from .models import LiteracyClass, Module
from .selectors import teacher_search

DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H.%M", "%d/%m/%Y %Hh%M", "%d-%m-%Y %H:%M", "%Y-%m-%d %H:%M"]
TIME_FORMATS = ["%H:%M", "%H.%M", "%Hh%M", "%Hh"]
DURATIONS = [(60, _("1 hour")), (90, _("1 hour 30 minutes")), (120, _("2 hours")), (150, _("2 hours 30 minutes")),
             (180, _("3 hours")), (240, _("4 hours"))]


def new_token() -> str:
    """A one-time token put in a form, so a form sent twice makes one row."""
    return secrets.token_urlsafe(18)


class TextDateTimeInput(forms.DateTimeInput):
    """dd/mm/yyyy HH:MM typed as text: phone pickers show their own order."""

    def __init__(self, **kwargs):
        attrs = {"placeholder": "dd/mm/yyyy HH:MM", "autocomplete": "off", "maxlength": 16}
        super().__init__(format="%d/%m/%Y %H:%M", attrs=attrs, **kwargs)


class MemberChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class ModuleChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class ClassForm(ServiceFormMixin, forms.Form):
    """One class of one commune (the commune is chosen before the form: venues and teachers depend on it)."""

    error_fields = {"title_required": "title", "venue_outside": "venue", "team_outside": "team",
                    "capacity_invalid": "capacity", "starts_required": "starts_at", "starts_in_past": "starts_at",
                    "held_in_future": "status", "ends_before_start": "end_time", "too_long": "end_time",
                    "teacher_outside": "teachers", "module_inactive": "modules", "venue_name_required": "new_venue",
                    "venue_name_long": "new_venue", "venue_kind_invalid": "new_venue_kind",
                    "capacity_below_attendance": "capacity", "status_invalid": "status",
                    "partners_invalid": "partners"}

    title = forms.CharField(label=_("Title"), max_length=200,
                            widget=forms.TextInput(attrs={"placeholder": _("e.g. Using VNeID and online public services")}))
    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Place.objects.none(), required=False,
                                   empty_label=_("— choose a place —"))
    new_venue = forms.CharField(label=_("…or a new venue"), max_length=200, required=False,
                                help_text=_("Only if the place is not in the list: its name, e.g. Nhà văn hóa thôn Đông."))
    new_venue_kind = forms.ChoiceField(label=_("Kind of the new venue"), choices=Place.Kind.choices,
                                       initial=Place.Kind.CULTURE_HOUSE, required=False)
    starts_at = forms.DateTimeField(label=_("Starts"), input_formats=DATETIME_FORMATS, widget=TextDateTimeInput(),
                                    help_text=_("dd/mm/yyyy HH:MM, e.g. 20/12/2026 19:30"))
    duration = forms.TypedChoiceField(label=_("Duration"), choices=DURATIONS, coerce=int, initial=90, required=False,
                                      empty_value=None)
    end_time = forms.TimeField(label=_("…or ends at"), required=False, input_formats=TIME_FORMATS,
                               widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "HH:MM",
                                                                              "inputmode": "numeric",
                                                                              "maxlength": 5}),
                               help_text=_("Optional, the same day; it replaces the duration."))
    capacity = forms.IntegerField(label=_("Capacity"), initial=30,
                                  widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                                  help_text=_("Seats for people signing up (1 to 1,000)."))
    modules = ModuleChoices(label=_("Modules"), queryset=Module.objects.none(), required=False,
                            widget=forms.CheckboxSelectMultiple)
    custom_topic = forms.CharField(label=_("Other topic"), max_length=200, required=False)
    teachers = MemberChoices(label=_("Teachers"), queryset=Member.objects.none(), required=False,
                             widget=forms.CheckboxSelectMultiple)
    teacher_query = forms.CharField(label=_("Another teacher"), required=False, max_length=60,
                                    help_text=_("Name or phone of a member of this commune, if not in the list."))
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, required=False, empty_label=_("— no team —"))
    status = forms.ChoiceField(label=_("Status"), choices=LiteracyClass.Status.choices,
                               initial=LiteracyClass.Status.SCHEDULED)
    signup_open = forms.BooleanField(label=_("Public sign-up open"), required=False, initial=True)
    partners = PartnerChoices()

    def __init__(self, *args, commune, venues, teachers, modules, teams, instance=None, **kwargs):
        if instance is not None:
            local_start = timezone.localtime(instance.starts_at)
            kwargs.setdefault("initial", {}).update({
                "title": instance.title, "venue": instance.venue_id, "starts_at": local_start,
                "duration": 90, "capacity": instance.capacity, "custom_topic": instance.custom_topic,
                "team": instance.team_id, "status": instance.status, "signup_open": instance.signup_open,
                "modules": [m.pk for m in instance.modules.all()],
                "teachers": [m.pk for m in instance.teachers.all()],
                "partners": [p.pk for p in instance.partners.all()],
            })
            if instance.ends_at:
                minutes = int((instance.ends_at - instance.starts_at).total_seconds() // 60)
                if minutes in dict(DURATIONS):
                    kwargs["initial"]["duration"] = minutes
                else:
                    kwargs["initial"]["end_time"] = timezone.localtime(instance.ends_at).time()
        super().__init__(*args, **kwargs)
        self.commune, self.instance = commune, instance
        self.fields["venue"].queryset = venues
        self.fields["teachers"].queryset = Member.objects.filter(pk__in=[m.pk for m in teachers])
        self.teacher_list = teachers
        self.fields["modules"].queryset = modules
        self.module_list = list(modules)
        self.fields["team"].queryset = teams
        self.fields["partners"].queryset = of_province(commune.path, also=instance.partners.all() if instance else ())
        if instance is None:  # a new class is scheduled, or recorded as held
            self.fields["status"].choices = [c for c in LiteracyClass.Status.choices
                                             if c[0] != LiteracyClass.Status.CANCELLED]
            self.fields["status"].help_text = _("Choose “Held” only to record a class that already took place.")

    def clean(self):
        data = super().clean()
        if not data.get("venue") and not (data.get("new_venue") or "").strip() and "venue" not in self.errors:
            self.add_error("venue", _("Choose the venue, or type the name of a new one."))
        starts = data.get("starts_at")
        if starts:
            end_time = data.get("end_time")
            if end_time:
                local = timezone.localtime(starts)
                data["ends_at"] = timezone.make_aware(dt.datetime.combine(local.date(), end_time))
            elif data.get("duration"):
                data["ends_at"] = starts + dt.timedelta(minutes=data["duration"])
        q = (data.get("teacher_query") or "").strip()
        if q:
            found = teacher_search(self.commune, q)
            if not found:
                self.add_error("teacher_query", _("No active member of this commune matches “%(q)s”.") % {"q": q})
            elif len(found) > 1 and not any(m.full_name.lower() == q.lower() for m in found):
                self.add_error("teacher_query", _("Several members match: %(names)s. Type more of the name, or "
                                                  "the phone number.") % {"names": ", ".join(m.full_name for m in found[:5])})
            else:
                exact = [m for m in found if m.full_name.lower() == q.lower()]
                data["teachers"] = list(data.get("teachers") or []) + [exact[0] if exact else found[0]]
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"title": d["title"], "starts_at": d["starts_at"], "ends_at": d.get("ends_at"),
                "capacity": d["capacity"], "modules": list(d.get("modules") or []),
                "custom_topic": d.get("custom_topic") or "", "teachers": list(d.get("teachers") or []),
                "team": d.get("team"), "status": d["status"], "signup_open": d.get("signup_open", False),
                "partners": list(d.get("partners") or [])}

    def submit(self, service, **extra):
        """Like ServiceFormMixin.submit, with the venue made on the spot when the user typed a new one."""
        from django.db import transaction

        from tienphong.core.errors import DomainError

        from .services import venue_create

        if not self.is_valid():
            return None
        try:
            with transaction.atomic():
                venue = self.cleaned_data.get("venue")
                if not venue:
                    venue = venue_create(commune=self.commune, name=self.cleaned_data["new_venue"],
                                         kind=self.cleaned_data.get("new_venue_kind") or Place.Kind.CULTURE_HOUSE)
                return service(venue=venue, **self.service_kwargs(), **extra)
        except DomainError as e:
            self.add_error(self.error_fields.get(e.code), e.message)
            return None


class CommuneForm(forms.Form):
    commune = forms.ModelChoiceField(label=_("Commune or ward"), queryset=None, empty_label=None)

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes


class ClassFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search"))
    when = forms.ChoiceField(required=False, label=_("Class time"),
                             choices=[("", _("Upcoming and past")), ("upcoming", _("Upcoming")), ("past", _("Past"))])
    status = forms.ChoiceField(required=False, label=_("Status"),
                               choices=[("", _("All statuses"))] + LiteracyClass.Status.choices)
    commune = forms.ChoiceField(required=False, label=_("Commune or ward"))

    def __init__(self, *args, communes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [("", _("All communes"))] + [(str(c.pk), c.name) for c in communes]


class CitizenForm(ServiceFormMixin, forms.Form):
    """The public sign-up: only what the sheet and the certificate need."""

    error_fields = {"name_required": "full_name", "name_long": "full_name", "phone_invalid": "phone",
                    "age_band_invalid": "age_band"}

    full_name = forms.CharField(label=_("Full name"), max_length=120, required=False,
                                widget=forms.TextInput(attrs={"autocomplete": "name", "autocapitalize": "words"}))
    phone = forms.CharField(label=_("Phone (optional)"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
                            help_text=_("Only to remind you of the class."))
    age_band = forms.ChoiceField(label=_("Age"), choices=AgeBand.choices, required=False,
                                 widget=forms.RadioSelect)
    client_token = forms.CharField(widget=forms.HiddenInput, required=False)


class WalkInForm(CitizenForm):
    error_fields = {**CitizenForm.error_fields, "attendance_cap": None, "class_cancelled": None}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].label = _("Phone (optional)")
        self.fields["phone"].help_text = ""
        self.fields["full_name"].widget.attrs["autocomplete"] = "off"
