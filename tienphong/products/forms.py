from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tienphong.core.forms import MoneyField, PhotosField
from tienphong.core.forms import ServiceForm, ServiceModelForm
from tienphong.members.models import Member
from tienphong.publishing.models import PublishStatus
from tienphong.publishing.forms import PhotoEditBase, PhotoUploadBase
from tienphong.teams.models import Team

from .models import Producer, Product, ProductLink, ProductPhoto

STAR_CHOICES = [("", "—"), (3, "★★★"), (4, "★★★★"), (5, "★★★★★")]

# Label sizes people buy on rolls or A4 sheets, width × height in millimetres.
LABEL_SIZES = {"40x30": (40, 30), "50x30": (50, 30), "60x40": (60, 40), "70x50": (70, 50)}


def _text(**attrs):
    return forms.TextInput(attrs={"autocomplete": "off", **attrs})


class PriceField(MoneyField):
    """Like MoneyField, but an empty box means "no price shown" (None), not 0 ₫."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs["placeholder"] = "120.000"

    def to_python(self, value):
        if value in (None, "") or not str(value).strip():
            return None
        return super().to_python(value)


class CommuneChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ProducerForm(ServiceModelForm):
    error_fields = {"name_required": "name", "name_too_long": "name", "producer_exists": "name",
                    "kind_invalid": "kind", "commune_invalid": "commune", "not_allowed": "commune",
                    "phone_invalid": "phone", "zalo_invalid": "zalo", "website_invalid": "website",
                    "description_too_long": "description"}

    # Text, not URLField: the service adds a missing https:// and refuses other schemes, saying why.
    website = forms.CharField(label=_("website"), required=False,
                              widget=_text(inputmode="url", placeholder="https://"))

    class Meta:
        model = Producer
        fields = ["name", "kind", "commune", "address", "phone", "zalo", "website", "description", "sample"]
        widgets = {"name": _text(), "address": _text(), "phone": _text(inputmode="tel"),
                   "zalo": _text(inputmode="tel"),
                   "description": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"commune": CommuneChoice}

    def __init__(self, *args, communes=(), **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["commune"].queryset = f["commune"].queryset.model.objects.filter(pk__in=[c.pk for c in communes]).order_by("name")
        f["commune"].empty_label = None if len(communes) == 1 else "—"
        # Length and format are the service's to check, with messages that say what to do.
        for name in ("name", "description", "phone", "zalo", "address"):
            f[name].max_length = None
            f[name].validators = []
            f[name].widget.attrs.pop("maxlength", None)
        f["sample"].help_text = _("Shown as “sample content” on the public page (demonstration data).")


class ProductForm(ServiceModelForm):
    error_fields = {"name_required": "name", "name_too_long": "name", "product_exists": "name",
                    "producer_required": "producer", "not_allowed": "producer", "producer_not_published": "producer",
                    "category_invalid": "category", "stars_not_ocop": "ocop_stars", "stars_invalid": "ocop_stars",
                    "stars_required": "ocop_stars", "year_not_ocop": "ocop_year", "year_invalid": "ocop_year",
                    "price_negative": "price_vnd", "price_too_large": "price_vnd",
                    "description_too_long": "description",
                    "new_producer_commune": "new_producer_commune", "commune_invalid": "new_producer_commune",
                    "producer_exists": "new_producer_name", "kind_invalid": "new_producer_kind",
                    "youth_maker_invalid": "youth_maker", "youth_member_outside": "youth_member",
                    "youth_team_required": "youth_team", "youth_team_outside": "youth_team",
                    "youth_maker_name_required": "youth_maker_name", "youth_maker_name_too_long": "youth_maker_name"}

    price_vnd = PriceField(label=_("Price (₫)"), help_text=_("Leave empty when the price varies."))
    ocop_stars = forms.TypedChoiceField(label=_("OCOP rating"), choices=STAR_CHOICES, coerce=int, empty_value=None,
                                        required=False, help_text=_("Only for OCOP products: 3 to 5 stars."))
    ocop_year = forms.IntegerField(label=_("OCOP year"), required=False, help_text=_("The year of the rating."),
                                   widget=_text(inputmode="numeric", maxlength=4, placeholder="2024"))

    class Meta:
        model = Product
        fields = ["name", "producer", "category", "ocop_stars", "ocop_year", "price_vnd", "price_unit", "season",
                  "description", "sample", "youth_maker", "youth_member", "youth_team", "youth_maker_name"]
        widgets = {"name": _text(), "price_unit": _text(), "season": _text(), "youth_maker_name": _text(),
                   "description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, producers=None, communes=(), new_producer=False, **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["producer"].queryset = producers if producers is not None else Producer.objects.none()
        f["producer"].label_from_instance = lambda p: f"{p.name} · {p.commune.name}"
        for name in ("name", "description", "price_unit", "season"):
            f[name].max_length = None
            f[name].validators = []
            f[name].widget.attrs.pop("maxlength", None)
        f["sample"].help_text = _("Shown as “sample content” on the public page (demonstration data).")
        self._youth_fields(communes)
        if new_producer:
            f["producer"].required = False
            f["producer"].empty_label = _("— a new producer (below) —")
            f["producer"].help_text = _("Not in the list? Leave this empty and fill in the new producer below.")
            f["new_producer_name"] = forms.CharField(label=_("New producer: name"), required=False, widget=_text())
            f["new_producer_kind"] = forms.ChoiceField(label=_("New producer: kind"), choices=Producer.Kind.choices,
                                                       required=False)
            f["new_producer_commune"] = CommuneChoice(
                label=_("New producer: commune"), required=False,
                queryset=Producer._meta.get_field("commune").related_model.objects.filter(
                    pk__in=[c.pk for c in communes]).order_by("name"),
                empty_label=None if len(communes) == 1 else "—")

    def _youth_fields(self, communes):
        """Who among the youth made it: the member and team lists are those of the product's commune
        (known when editing, or when the editor has one commune); otherwise they are chosen later."""
        f = self.fields
        instance = self.instance
        commune_id = instance.commune_id if instance.pk else (communes[0].pk if len(communes) == 1 else None)
        f["youth_maker"].label = _("Made by the youth")
        f["youth_maker"].help_text = _("Youth-made products are shown in the virtual exhibition once published.")
        f["youth_member"].label = _("Youth union member (optional)")
        f["youth_member"].help_text = _("Kept for the records only: visitors see “a youth union member”, never a name.")
        f["youth_team"].label = _("Youth team")
        f["youth_maker_name"].label = _("Startup name")
        f["youth_maker_name"].max_length = None
        f["youth_maker_name"].validators = []
        f["youth_maker_name"].widget.attrs.pop("maxlength", None)
        f["youth_maker_name"].help_text = _("Shown to visitors as written.")
        if commune_id is None:
            f["youth_member"].queryset = Member.objects.none()
            f["youth_team"].queryset = Team.objects.none()
            for name in ("youth_member", "youth_team"):
                f[name].help_text = _("Save the product first; then choose the member or team on its edit page.")
            return
        keep = Q(pk=instance.youth_member_id) if instance.youth_member_id else Q(pk__in=[])
        f["youth_member"].queryset = (Member.objects.filter(Q(commune_id=commune_id, status=Member.Status.ACTIVE)
                                                            | keep).order_by("sort_key", "id"))
        f["youth_member"].label_from_instance = lambda m: m.full_name
        keep = Q(pk=instance.youth_team_id) if instance.youth_team_id else Q(pk__in=[])
        f["youth_team"].queryset = Team.objects.filter(Q(commune_id=commune_id, active=True) | keep).order_by("name")
        f["youth_team"].label_from_instance = lambda t: t.name

    def clean(self):
        data = super().clean()
        if "new_producer_name" in self.fields:
            if not data.get("producer") and not (data.get("new_producer_name") or "").strip():
                self.add_error("producer", _("Choose the producer, or add a new one."))
            elif data.get("producer"):
                # The list wins: the short form is for a producer that is not there yet.
                for name in ("new_producer_name", "new_producer_kind", "new_producer_commune"):
                    data[name] = "" if name != "new_producer_commune" else None
        return data


class PhotoUploadForm(PhotoUploadBase):
    photos = PhotosField(label=_("Add photos"),
                         help_text=_("JPEG, PNG or WebP, several at once; each is resized for phones on upload."))


class PhotoForm(PhotoEditBase):
    class Meta:
        model = ProductPhoto
        fields = ["caption", "position"]
        widgets = {"caption": _text(), "position": forms.NumberInput(attrs={"min": 0, "max": 1000})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caption"].max_length = None
        self.fields["caption"].validators = []
        self.fields["caption"].widget.attrs.pop("maxlength", None)
        self.fields["position"].label = _("order")


class LinkForm(ServiceForm):
    error_fields = {"link_kind_invalid": "kind", "url_invalid": "url", "link_exists": "url", "too_many_links": "url"}

    kind = forms.ChoiceField(label=_("Sold on"), choices=ProductLink.Kind.choices)
    url = forms.CharField(label=_("Address of the shop page"), widget=_text(inputmode="url", placeholder="https://"))


class ProductFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search"))
    category = forms.ChoiceField(required=False, label=_("Category"),
                                 choices=[("", _("All categories"))] + Product.Category.choices)
    status = forms.ChoiceField(required=False, label=_("Public page"),
                               choices=[("", _("Draft and published"))] + PublishStatus.choices)
    commune = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label=_("Commune"))

    def __init__(self, *args, communes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [("", _("All communes"))] + [(c.pk, c.name) for c in communes]


class ProducerFilterForm(ProductFilterForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["category"]


class CatalogueForm(forms.Form):
    """The public catalogue's GET form: works with JavaScript off. The commune is checked as a number
    only, so a cached page is served without a query; an unknown commune simply finds nothing."""

    q = forms.CharField(required=False, max_length=100, label=_("Search products"))
    category = forms.ChoiceField(required=False, label=_("Category"),
                                 choices=[("", _("All categories"))] + Product.Category.choices)
    stars = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label=_("OCOP rating"),
                                   choices=[("", _("Any rating")), (5, "★★★★★"), (4, "★★★★"), (3, "★★★")])
    commune = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, label=_("Commune"),
                                 widget=forms.Select)

    def __init__(self, *args, communes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].widget.choices = [("", _("All communes"))] + [(c.pk, c.name) for c in communes]


class LabelForm(forms.Form):
    products = forms.ModelMultipleChoiceField(queryset=Product.objects.none(), label=_("Products"),
                                              widget=forms.CheckboxSelectMultiple,
                                              error_messages={"required": _("Tick at least one product.")})
    copies = forms.IntegerField(label=_("Copies of each"), min_value=1, max_value=500, initial=1,
                                widget=forms.NumberInput(attrs={"min": 1, "max": 500, "inputmode": "numeric"}))
    size = forms.ChoiceField(label=_("Label size"), initial="50x30", widget=forms.RadioSelect,
                             choices=[(k, f"{w} × {h} mm") for k, (w, h) in LABEL_SIZES.items()]
                             + [("custom", _("Another size"))])
    width_mm = forms.DecimalField(label=_("Width (mm)"), required=False, max_digits=5, decimal_places=1,
                                  widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}))
    height_mm = forms.DecimalField(label=_("Height (mm)"), required=False, max_digits=5, decimal_places=1,
                                   widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}))
    show_price = forms.BooleanField(label=_("Print the price"), required=False, initial=True)

    MAX_LABELS = 2000

    def __init__(self, *args, products=None, **kwargs):
        super().__init__(*args, **kwargs)
        if products is not None:
            self.fields["products"].queryset = products
        self.fields["products"].label_from_instance = lambda p: p.name

    def clean(self):
        data = super().clean()
        size = data.get("size")
        if size == "custom":
            for name in ("width_mm", "height_mm"):
                if data.get(name) is None:
                    self.add_error(name, _("Give the label's width and height in millimetres."))
        elif size in LABEL_SIZES:
            data["width_mm"], data["height_mm"] = LABEL_SIZES[size]
        if data.get("products") and data.get("copies") and len(data["products"]) * data["copies"] > self.MAX_LABELS:
            raise ValidationError(_("At most %(max)s labels at once: choose fewer products or copies.")
                                  % {"max": self.MAX_LABELS})
        return data
