from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data and its `load_demo` command. It reads every app; nothing imports it."""

    name = "tienphong.demo"
    label = "demo"
