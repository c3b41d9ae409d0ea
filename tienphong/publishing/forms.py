"""Form bases for the photos of a public page: the codes the photo services raise
(core.images.add_photos, the apps' photo_update) and the field each is shown under."""

from tienphong.core.forms import ServiceForm, ServiceModelForm


class PhotoUploadBase(ServiceForm):
    """Several photos at once: the subclass declares the `photos` field (and a caption, if any)."""

    error_fields = {"photo_required": "photos", "photo_too_large": "photos", "photo_not_image": "photos",
                    "too_many_photos": "photos", "caption_too_long": "caption"}


class PhotoEditBase(ServiceModelForm):
    """One photo's caption and order; the subclass's Meta names the model."""

    error_fields = {"caption_too_long": "caption", "position_invalid": "position"}
