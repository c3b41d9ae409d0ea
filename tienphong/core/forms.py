from django import forms

from .errors import DomainError


class ServiceModelForm(forms.ModelForm):
    """A ModelForm that only turns input into values; the domain service validates and saves.

    `error_fields` maps a DomainError code to the field it is shown under (None: the whole form).
    """

    error_fields: dict[str, str] = {}

    def _post_clean(self):
        # Building the instance and checking uniqueness are the service's job, in its transaction.
        pass

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
