from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .errors import DomainError
from .money import group_thousands, parse_vnd


class ServiceFormMixin:
    """A form that only turns input into values; the domain service validates and saves.

    `error_fields` maps a DomainError code to the field it is shown under (None: the whole form).
    """

    collapsed: tuple[str, ...] = ()  # long tick lists core/form_fields.html folds under their label

    error_fields: dict[str, str] = {}

    def submit(self, service, **extra):
        """The service's result, or None with the domain error put on the form."""
        if not self.is_valid():
            return None
        data = {name: self.cleaned_data[name] for name in self.fields if name in self.cleaned_data}
        try:
            return service(**data, **extra)
        except DomainError as e:
            self.add_error(self.error_fields.get(e.code), e.message)
            return None


class ServiceForm(ServiceFormMixin, forms.Form):
    pass


class ServiceModelForm(ServiceFormMixin, forms.ModelForm):
    def _post_clean(self):
        # Building the instance and checking uniqueness are the service's job, in its transaction.
        pass


def run_action(request, action, success: str = "") -> bool:
    """Run a one-click action (a POST without a form); tell the user how it went."""
    try:
        action()
    except DomainError as e:
        messages.error(request, e.message)
        return False
    if success:
        messages.success(request, success)
    return True


# --- fields shared by the apps' forms ------------------------------------------------------------

class MoneyField(forms.CharField):
    """Đồng typed as "15.000.000" or "15000000"; the sign is kept so the service can refuse it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={
            "inputmode": "numeric", "autocomplete": "off", "placeholder": "15.000.000"}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return group_thousands(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return 0
        try:
            return parse_vnd(value)
        except ValueError:
            raise ValidationError(_("Write the amount in đồng, e.g. 15.000.000."), code="money")


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos at once; the service checks each one with Pillow."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []
