from django import forms
from django.contrib import messages

from .errors import DomainError


class ServiceFormMixin:
    """A form that only turns input into values; the domain service validates and saves.

    `error_fields` maps a DomainError code to the field it is shown under (None: the whole form).
    """

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
