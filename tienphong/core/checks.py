from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def production_settings(app_configs, **kwargs):
    """`manage.py check --deploy` fails on settings that must never reach production."""
    errors = []
    if settings.DEBUG:
        errors.append(Error("DEBUG is on.", hint="Set DEBUG=False in production.", id="tienphong.E001"))
    if settings.SECRET_KEY == getattr(settings, "DEFAULT_SECRET_KEY", None):
        errors.append(
            Error("SECRET_KEY is the development default.", hint="Set SECRET_KEY.", id="tienphong.E002")
        )
    return errors
