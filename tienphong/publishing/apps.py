from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """No models: the staff's side of a public page (views, writes, reads, templates), shared by
    places, products and producers. Listed in INSTALLED_APPS for its templates."""

    name = "tienphong.publishing"
    label = "publishing"
