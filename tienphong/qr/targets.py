"""What a QR code's target offers (see services.py), for models with `name`, `status` (draft or
published), `path` (their commune's) and a public page named `public_url_name` taking the pk."""

from django.urls import reverse


class PublicTarget:
    public_url_name: str

    def get_public_url(self) -> str:
        # The pk alone, no slug: a rename never breaks a printed code's redirect.
        return reverse(self.public_url_name, args=[self.pk])

    @property
    def public_title(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.status == "published"

    def get_additional_data(self):
        """The audit entry's unit path (core.AuditEntry.unit_path)."""
        return {"unit_path": self.path}
