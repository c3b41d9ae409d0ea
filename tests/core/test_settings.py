import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code, **env):
    full_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tienphong.settings", **env}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=full_env, capture_output=True, text=True)


def test_refuses_production_with_default_secret():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=ROOT,
                            env={**env, "DJANGO_SETTINGS_MODULE": "tienphong.settings", "DEBUG": "False"},
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_with_a_real_secret_starts():
    result = _run("import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
                  DEBUG="False", SECRET_KEY="a-real-secret-from-the-environment-0123456789")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_deploy_check_flags_debug_and_default_secret():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "tienphong.E001" in result.stderr and "tienphong.E002" in result.stderr


def test_database_url_is_read_from_environment():
    result = _run("import django; django.setup(); from django.conf import settings; "
                  "print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'])",
                  DATABASE_URL="postgres://someone@db.example:5432/tienphong")
    assert result.stdout.split() == ["django.db.backends.postgresql", "tienphong"]


def test_production_keeps_the_strong_password_hasher():
    """Only the test settings swap in a fast hasher; the platform's settings keep Django's PBKDF2."""
    from django.conf import global_settings

    import tienphong.settings as platform

    assert not hasattr(platform, "PASSWORD_HASHERS")  # Django's default list, strongest first
    assert global_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.PBKDF2PasswordHasher"


def test_the_suite_hashes_fast():
    from django.contrib.auth.hashers import get_hasher

    assert get_hasher().algorithm == "md5"
