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


def test_database_url_is_read_from_environment(fresh_settings):
    s = fresh_settings(DATABASE_URL="postgres://someone@db.example:5432/tienphong")
    assert [s.DATABASES["default"]["ENGINE"], s.DATABASES["default"]["NAME"]] == [
        "django.db.backends.postgresql", "tienphong"]


def test_production_keeps_the_strong_password_hasher():
    """Only the test settings swap in a fast hasher; the platform's settings keep Django's PBKDF2."""
    from django.conf import global_settings

    import tienphong.settings as platform

    assert not hasattr(platform, "PASSWORD_HASHERS")  # Django's default list, strongest first
    assert global_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.PBKDF2PasswordHasher"


def test_the_suite_hashes_fast():
    from django.contrib.auth.hashers import get_hasher

    assert get_hasher().algorithm == "md5"


def _documented_production_env() -> list[dict]:
    """Each `production-env` block of README.md (the Vietnamese and the English section) as a dict."""
    import re
    import secrets

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- production-env:[^>]*-->\n```sh\n(.*?)```", readme, re.S)
    envs = []
    for block in blocks:
        env = dict(line.split("=", 1) for line in block.splitlines() if line and not line.startswith("#"))
        assert env["SECRET_KEY"].startswith("<")  # a placeholder: the README never shows a real key
        env["SECRET_KEY"] = secrets.token_urlsafe(50)
        envs.append(env)
    return envs


def test_the_documented_production_settings_pass_the_deploy_check_with_no_warning():
    documented = _documented_production_env()
    assert len(documented) == 2 and documented[0].keys() == documented[1].keys()
    assert {k: v for k, v in documented[0].items() if k != "SECRET_KEY"} == {
        k: v for k, v in documented[1].items() if k != "SECRET_KEY"}
    # Only what the README says: no setting of this machine's (or of the test run's) leaks in.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SECURE_", "DJANGO_", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_",
                                "DATABASE_URL", "CACHE_URL", "PUBLIC_BASE_URL", "MAP_TILE"))}
    env.update(documented[0], DJANGO_SETTINGS_MODULE="tienphong.settings")
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
                            env=env, capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output
    assert "WARNING" not in output and "security.W" not in output


def test_production_defaults_are_the_safe_ones(fresh_settings):
    def safety(s):
        return [s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD,
                s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER]

    unset = {k: None for k in os.environ if k.startswith("SECURE_")}
    secret = "a-real-secret-from-the-environment-0123456789"
    prod = fresh_settings(**unset, DEBUG="False", SECRET_KEY=secret, SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert safety(prod) == [True, 31536000, True, True, True, True, ("HTTP_X_FORWARDED_PROTO", "https")]
    # Each can be turned off for a plain-HTTP run on one machine (the benchmarks).
    off = fresh_settings(**unset, DEBUG="False", SECRET_KEY=secret, SECURE_SSL_REDIRECT="False",
                         SECURE_HSTS_SECONDS="0", SECURE_COOKIES="False")
    assert safety(off)[:2] == [False, 0] and safety(off)[4:] == [False, False, None]
    # Development (DEBUG on) keeps plain HTTP working on 127.0.0.1.
    dev = fresh_settings(DEBUG="True")
    assert safety(dev) == [False, 0, False, False, False, False, None]
