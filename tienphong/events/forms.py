from django import forms
from django.utils.translation import gettext_lazy as _

from tienphong.core.forms import ServiceForm, ServiceModelForm
from tienphong.campaigns.forms import DATE_FORMATS, DateInput
from tienphong.partners.forms import PartnerChoices
from tienphong.partners.selectors import of_province
from tienphong.places.models import Place
from tienphong.units.models import OrgUnit

from .models import ConnectionPoint, Event, OnlineViews, Participant

TIME_FORMATS = ["%H:%M", "%Hh%M", "%Hh"]
DATETIME_FORMATS = [f"{t} {d}" for d in DATE_FORMATS for t in TIME_FORMATS] + \
                   [f"{d} {t}" for d in DATE_FORMATS for t in TIME_FORMATS]


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PlaceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class EventForm(ServiceModelForm):
    error_fields = {"name_required": "name", "dates_order": "ends_on", "dates_span": "ends_on",
                    "venue_outside": "venue", "partners_invalid": "partners"}
    collapsed = ("partners",)
    unit = UnitChoice(label=_("Organiser"), queryset=OrgUnit.objects.none(), empty_label=None)
    venue = PlaceChoice(label=_("Venue"), queryset=Place.objects.none(), required=False)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput(), input_formats=DATE_FORMATS)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput(), input_formats=DATE_FORMATS, required=False,
                              help_text=_("Leave empty for a one-day event."))
    partners = PartnerChoices()

    class Meta:
        model = Event
        fields = ["name", "kind", "unit", "starts_on", "ends_on", "venue", "venue_note", "description", "partners",
                  "quorum", "face_enabled", "face_erase_days", "documents_public"]
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "off",
                                                  "placeholder": _("e.g. Đại hội Đoàn xã Hoa Lư lần thứ I")}),
                   "description": forms.Textarea(attrs={"rows": 3}),
                   "face_erase_days": forms.NumberInput(attrs={"min": 0, "max": 90, "inputmode": "numeric"})}

    def __init__(self, *args, units=None, places=None, province_path="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else OrgUnit.objects.none()
        self.fields["venue"].queryset = places if places is not None else Place.objects.none()
        self.fields["partners"].queryset = of_province(province_path, also=self.instance.partners.all()
                                                       if self.instance.pk else ())

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and not data.get("ends_on"):
            data["ends_on"] = data["starts_on"]
        return data


class SessionForm(ServiceForm):
    error_fields = {"name_required": "name", "session_times": "ends_at", "session_outside": "starts_at"}
    name = forms.CharField(label=_("Name"), max_length=200,
                           widget=forms.TextInput(attrs={"placeholder": _("e.g. Phiên thứ nhất")}))
    starts_at = forms.DateTimeField(label=_("Starts at"), input_formats=DATETIME_FORMATS,
                                    widget=forms.DateTimeInput(format="%H:%M %d/%m/%Y",
                                                               attrs={"placeholder": "07:30 dd/mm/yyyy"}))
    ends_at = forms.DateTimeField(label=_("Ends at"), input_formats=DATETIME_FORMATS, required=False,
                                  widget=forms.DateTimeInput(format="%H:%M %d/%m/%Y",
                                                             attrs={"placeholder": "11:30 dd/mm/yyyy"}))


class PointForm(ServiceForm):
    error_fields = {"name_required": "name", "host_outside": "host_unit", "point_name_taken": "name"}
    name = forms.CharField(label=_("Name"), max_length=200,
                           widget=forms.TextInput(attrs={"placeholder": _("e.g. Điểm cầu xã Gia Viễn")}))
    host_unit = UnitChoice(label=_("Host unit"), queryset=OrgUnit.objects.none(), empty_label=None)
    place = PlaceChoice(label=_("Place"), queryset=Place.objects.none(), required=False)
    link = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")

    def __init__(self, *args, units=None, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_unit"].queryset = units if units is not None else OrgUnit.objects.none()
        self.fields["place"].queryset = places if places is not None else Place.objects.none()


class ParticipantForm(ServiceModelForm):
    error_fields = {"name_required": "full_name", "phone_invalid": "phone", "seat_taken": "seat",
                    "role_invalid": "role", "point_invalid": "point", "member_twice": None}

    class Meta:
        model = Participant
        fields = ["full_name", "organisation", "phone", "delegation", "role", "seat", "point"]
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "off"}),
                   "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
                   "seat": forms.TextInput(attrs={"autocomplete": "off", "placeholder": "A12"})}

    def __init__(self, *args, event=None, show_phone=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].queryset = event.points.all() if event else ConnectionPoint.objects.none()
        self.fields["point"].empty_label = None
        self.fields["delegation"].widget.attrs["list"] = "delegations"
        if not show_phone:
            del self.fields["phone"]


class AddMembersForm(forms.Form):
    unit = UnitChoice(label=_("Members of"), queryset=OrgUnit.objects.none(), empty_label=None,
                      help_text=_("A branch, a grassroots union or a commune: its active members are added once."))
    role = forms.ChoiceField(label=_("Role"), choices=Participant.Role.choices, initial=Participant.Role.DELEGATE)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else OrgUnit.objects.none()


class DocumentForm(ServiceForm):
    error_fields = {"title_required": "title", "file_or_link": "file"}
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"), required=False,
                           help_text=_("PDF, Word or a picture, at most 20 MB."))
    link = forms.URLField(label=_("or a link"), required=False, assume_scheme="https")

    def clean_file(self):
        f = self.cleaned_data.get("file")
        if f and f.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        if f and not f.name.lower().rsplit(".", 1)[-1] in {"pdf", "doc", "docx", "jpg", "jpeg", "png", "xlsx", "pptx"}:
            raise forms.ValidationError(_("Attach a PDF, Word, Excel, PowerPoint file or a picture."))
        return f


class ViewsForm(forms.Form):
    """The host's online views of one connection point: a number and a source link per platform."""

    def __init__(self, *args, rows=None, **kwargs):
        super().__init__(*args, **kwargs)
        rows = rows or {}
        self.platforms = []
        for code, label in OnlineViews.Platform.choices:
            have = rows.get(code)
            self.fields[f"{code}_views"] = forms.IntegerField(
                label=label, required=False, min_value=0, max_value=100_000_000,
                initial=have.views if have else None,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}))
            self.fields[f"{code}_url"] = forms.URLField(
                label=_("Source link"), required=False, assume_scheme="https",
                initial=have.source_url if have else "",
                widget=forms.URLInput(attrs={"placeholder": "https://…"}))
            self.platforms.append((label, self[f"{code}_views"], self[f"{code}_url"]))


class EventFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
    kind = forms.ChoiceField(required=False, choices=[("", _("All kinds")), *Event.Kind.choices])


class ParticipantFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
    status = forms.ChoiceField(required=False, choices=[("", _("Everyone")), ("in", _("Checked in")),
                                                        ("out", _("Not yet"))])
