"""Settings for the test suite: the platform's own settings, with what only tests may change.

Production keeps Django's strong password hasher (PBKDF2 at its full cost); hashing every factory
user at that cost was most of the suite's time. tests/core/test_settings.py checks that the
platform's settings module leaves the strong default in place.
"""

from tienphong.settings import *  # noqa: F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Background jobs run inline, inside the request that enqueues them (a test may override TASKS).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
