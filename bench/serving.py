"""What the HTTP benchmarks share: a free port, waiting for gunicorn, stopping it, percentiles."""

import math
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(base: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    """Until the login page answers; exits naming the server's log if gunicorn dies or stays silent."""
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"gunicorn exited with {proc.returncode}; see {log}")
        try:
            if requests.get(base + "/login/", timeout=10).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    sys.exit(f"gunicorn did not answer within {timeout:.0f}s; see {log}")


def stop_gunicorn(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)  # the master stops its workers
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # started with start_new_session: its own group
            proc.wait(timeout=5)


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = max(0, math.ceil(p / 100 * len(sorted_values)) - 1)
    return sorted_values[k]


ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def server_env(database_url: str) -> dict:
    """How every benchmark runs the app, in its own process and in gunicorn: production settings
    (DEBUG off) over the bench-only URLs, its own database and static files."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.bench_settings",
        "DATABASE_URL": database_url,
        "DEBUG": "False",
        "SECRET_KEY": "bench-not-a-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on this machine: no redirect to HTTPS, cookies sent without TLS, no HSTS.
        "SECURE_SSL_REDIRECT": "False",
        "SECURE_COOKIES": "False",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(OUT / "static"),
        "LOG_LEVEL": "WARNING",
    }


def start_gunicorn(database_url: str, port: int, *, workers: int, threads: int = 1, log_name: str,
                   extra_env: dict | None = None) -> subprocess.Popen:
    """gunicorn as in production (gthread workers when threads > 1), on the bench settings; its
    output goes to bench/out/<log_name>. Stop it with stop_gunicorn."""
    env = dict(os.environ)
    env.update(server_env(database_url))
    env.update(extra_env or {})
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env["PYTHONPATH"] = str(ROOT)
    OUT.mkdir(parents=True, exist_ok=True)
    log = open(OUT / log_name, "w")
    kind = ["-k", "gthread", "--threads", str(threads)] if threads > 1 else []
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "tienphong.wsgi", *kind, "-w", str(workers),
         "-b", f"127.0.0.1:{port}", "--chdir", str(ROOT), "--log-level", "warning", "--backlog", "2048"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )


def configure(database_url: str) -> None:
    """Point Django at the bench settings and database; must run before anything imports a model."""
    os.environ.update(server_env(database_url))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def timed_get(session, url, timeout=120):
    """(milliseconds to the last byte, body) of one GET that must answer 200."""
    t = time.perf_counter()
    r = session.get(url, timeout=timeout)
    body = r.content
    ms = (time.perf_counter() - t) * 1000
    if r.status_code != 200:
        raise RuntimeError(f"GET {url} → HTTP {r.status_code}")
    return ms, body


def login(base: str, username: str, password: str):
    """Like a phone: GET the form (csrftoken cookie), POST it; the session cookie comes back, and the
    CSRF header rides on every later call."""
    import re

    import requests

    s = requests.Session()
    r = s.get(base + "/login/", timeout=30)
    r.raise_for_status()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.text).group(1)
    r = s.post(base + "/login/", data={"csrfmiddlewaretoken": token, "username": username, "password": password},
               headers={"Referer": base + "/login/"}, timeout=60, allow_redirects=False)
    if r.status_code != 302 or "sessionid" not in s.cookies:
        raise RuntimeError(f"login of {username} failed: HTTP {r.status_code}")
    s.headers["X-CSRFToken"] = s.cookies["csrftoken"]
    return s


def statement_timer(statements: list):
    """A Django execute wrapper that appends (sql, params, milliseconds) of each statement to `statements`."""

    def timer(execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((sql, params, (time.perf_counter() - t) * 1000))

    return timer
