from django import forms
from django.utils.translation import gettext_lazy as _

from tienphong.campaigns.models import YouthWork
from tienphong.core.forms import ServiceForm
from tienphong.products.models import Product

from .selectors import PRODUCTS, WORKS


def kind_choices():
    return [("", _("All kinds")), (PRODUCTS, _("Youth-made products")), (WORKS, _("Youth works (all)"))] + [
        (value, label) for value, label in YouthWork.Kind.choices]


class GalleryForm(forms.Form):
    """The gallery's GET filters: they work with JavaScript off. The commune is checked as a number only,
    so a cached page is served without a query; an unknown commune simply finds nothing."""

    commune = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, label=_("Commune"),
                                 widget=forms.Select)
    kind = forms.ChoiceField(required=False, label=_("Kind"), choices=kind_choices)

    def __init__(self, *args, communes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].widget.choices = [("", _("All communes"))] + [(c.pk, c.name) for c in communes]


class PicksForm(ServiceForm):
    """The organiser's ticks: the products and works of the event's province to show."""

    error_fields = {"pick_invalid": None, "too_many_picks": None, "not_allowed": None}

    products = forms.ModelMultipleChoiceField(queryset=Product.objects.none(), required=False,
                                              widget=forms.CheckboxSelectMultiple)
    works = forms.ModelMultipleChoiceField(queryset=YouthWork.objects.none(), required=False,
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, products=None, works=None, **kwargs):
        super().__init__(*args, **kwargs)
        if products is not None:
            self.fields["products"].queryset = products
        if works is not None:
            self.fields["works"].queryset = works
