import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tienphong.core.errors import DomainError
from tienphong.core.forms import PhotosField
from tienphong.core.forms import ServiceForm, ServiceModelForm
from tienphong.publishing.forms import PhotoEditBase, PhotoUploadBase
from tienphong.publishing.models import PublishStatus

from .models import Place, PlacePhoto, PlaceStory

_NUMBER = r"[-+]?\d{1,3}(?:[.,]\d+)?"
_PAIR = re.compile(rf"^\s*({_NUMBER})\s*[;,\s]\s*({_NUMBER})\s*$")
_PAIR_DOTS = re.compile(r"^\s*([-+]?\d{1,3}\.\d+)\s*,\s*([-+]?\d{1,3}\.\d+)\s*$")


def parse_coordinates(text: str) -> tuple[float, float] | None:
    """"20.2506, 105.9745" (as Google Maps copies it), "20,2506; 105,9745" or "20.25 105.97" →
    (latitude, longitude); "" → None. Ranges are the service's to check."""
    text = (text or "").strip()
    if not text:
        return None
    match = _PAIR_DOTS.match(text) or _PAIR.match(text)
    if not match:
        raise ValidationError(_("Write the latitude and the longitude, e.g. 20.2506, 105.9745."),
                              code="coordinates")
    return tuple(float(part.replace(",", ".")) for part in match.groups())


def format_coordinates(latitude, longitude) -> str:
    if latitude is None or longitude is None:
        return ""
    return f"{latitude:.6f}".rstrip("0").rstrip(".") + ", " + f"{longitude:.6f}".rstrip("0").rstrip(".")


class PlaceForm(ServiceModelForm):
    """Name, kind and commune first; the facts of relics and wifi points below."""

    coordinates = forms.CharField(
        label=_("Coordinates"), required=False, max_length=60,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off",
                                      "placeholder": "20.2506, 105.9745"}),
        help_text=_("Latitude, longitude: in Google Maps, press and hold the spot and copy the numbers. "
                    "Places with coordinates show on the public map."))
    recognised_year = forms.IntegerField(label=_("Year recognised"), required=False,
                                         widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4}))

    error_fields = {"name_required": "name", "name_too_long": "name", "name_taken": "name",
                    "kind_invalid": "kind", "commune_required": "commune", "not_allowed": "commune",
                    "address_too_long": "address", "hours_too_long": "opening_hours",
                    "wifi_name_too_long": "wifi_name", "ranking_invalid": "ranking",
                    "coordinates_incomplete": "coordinates", "latitude_invalid": "coordinates",
                    "longitude_invalid": "coordinates", "year_invalid": "recognised_year"}

    class Meta:
        model = Place
        fields = ["name", "kind", "commune", "address", "coordinates", "opening_hours", "ranking",
                  "recognised_year", "wifi_name", "active"]
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "off"}),
                   "address": forms.TextInput(attrs={"autocomplete": "off"}),
                   "opening_hours": forms.TextInput(attrs={"autocomplete": "off"}),
                   "wifi_name": forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"})}

    def __init__(self, *args, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        # The service says what is wrong with a name that is too long; the browser must not cut it.
        f["name"].max_length = None
        f["name"].widget.attrs.pop("maxlength", None)
        f["name"].validators = []
        f["commune"].queryset = communes if communes is not None else f["commune"].queryset.none()
        f["commune"].empty_label = None
        f["opening_hours"].help_text = _("For example: 7:00–17:00 every day. For a wifi point: its hours.")
        f["ranking"].help_text = _("Relics only.")
        f["wifi_name"].help_text = _("Wifi points: the network name visitors look for.")
        if self.instance.pk:
            self.initial["coordinates"] = format_coordinates(self.instance.latitude, self.instance.longitude)
        else:
            del f["active"]

    def clean_coordinates(self):
        return parse_coordinates(self.cleaned_data.get("coordinates", ""))

    def submit(self, service, **extra):
        if not self.is_valid():
            return None
        data = {name: self.cleaned_data[name] for name in self.fields if name in self.cleaned_data}
        pair = data.pop("coordinates", None)
        data["latitude"], data["longitude"] = pair if pair else (None, None)
        try:
            return service(**data, **extra)
        except DomainError as e:
            self.add_error(self.error_fields.get(e.code), e.message)
            return None


class StoryForm(ServiceForm):
    title = forms.CharField(label=_("Name in this language"), required=False,
                            widget=forms.TextInput(attrs={"autocomplete": "off"}),
                            help_text=_("Leave empty to show the place's own name."))
    body = forms.CharField(label=_("Story"), required=False,
                           widget=forms.Textarea(attrs={"rows": 12}),
                           help_text=_("Plain text; a blank line starts a new paragraph."))
    audio = forms.FileField(label=_("Audio guide"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "audio/*"}),
                            help_text=_("MP3, M4A, OGG or WAV, read aloud in this language."))
    remove_audio = forms.BooleanField(label=_("Remove the audio guide"), required=False)

    error_fields = {"title_too_long": "title", "body_too_long": "body", "story_required": "body",
                    "audio_too_large": "audio", "audio_not_audio": "audio"}

    def __init__(self, *args, story: PlaceStory | None = None, **kwargs):
        if story is not None:
            kwargs.setdefault("initial", {"title": story.title, "body": story.body})
        super().__init__(*args, **kwargs)
        self.fields["audio"].widget = forms.FileInput(attrs={"accept": "audio/*"})
        if story is None or not story.audio:
            del self.fields["remove_audio"]


class PhotoAddForm(PhotoUploadBase):
    photos = PhotosField(label=_("Photos"), required=True,
                         help_text=_("JPEG, PNG or WebP; several at once. Each is resized for phones."))
    caption = forms.CharField(label=_("Caption"), required=False, max_length=200,
                              widget=forms.TextInput(attrs={"autocomplete": "off"}))


class PhotoEditForm(PhotoEditBase):
    class Meta:
        model = PlacePhoto
        fields = ["caption", "position"]
        widgets = {"caption": forms.TextInput(attrs={"autocomplete": "off"}),
                   "position": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 3})}
        labels = {"position": _("Order")}


class PlaceFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search"))
    kind = forms.ChoiceField(required=False, label=_("Kind"), choices=[("", _("All kinds"))] + Place.Kind.choices)
    status = forms.ChoiceField(required=False, label=_("Public page"),
                               choices=[("", _("Drafts and published"))] + PublishStatus.choices)
