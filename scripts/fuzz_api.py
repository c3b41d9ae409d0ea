"""Fuzz the JSON API with Schemathesis against a real server; exit non-zero on any finding.

    .venv/bin/python scripts/fuzz_api.py            # about 30 s on 2 cores
    FUZZ_EXAMPLES=500 FUZZ_SEED=1234 .venv/bin/python scripts/fuzz_api.py

What it does, all under a temporary directory that is removed afterwards:
1. a fresh SQLite database: `migrate`, then the test personas (tests/personas.py: Ninh Bình, two wards,
   a team, places, the seeded services) and a logged-in session of the Phủ Lý commune secretary, who
   may log support (the sync API) and read the ward's figures (the figures API);
2. the app under gunicorn on a free loopback port, with the production settings (DEBUG off);
3. `schemathesis run` on /api/v1/openapi.json with that session's cookie and CSRF header, in
   positive and negative mode, checking that no answer is a server error (5xx), that every answer
   is JSON and matches the schema, and that a call without the session is refused (401).
A failure prints Schemathesis's reproduction (a curl command) and the end of the server's log.

Environment: FUZZ_EXAMPLES (cases per operation and phase, default 300), FUZZ_SEED (default: random,
printed), FUZZ_WORKERS (default 2), FUZZ_DATABASE_URL (default: SQLite in the temporary directory; a
PostgreSQL URL must name an empty database, which is left as the run made it).
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CSRF = secrets.token_hex(16)  # a CSRF secret (32 characters), sent as the cookie and as the header


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def django(env: dict, code: str, what: str) -> str:
    """Run `code` in a Django process on the fuzzed database; return what it printed last."""
    # The test settings (their fast password hasher for the seed); the server runs the real ones.
    done = subprocess.run([sys.executable, "-c", "import django; django.setup()\n" + code], cwd=ROOT,
                          capture_output=True, text=True, env={**env, "DJANGO_SETTINGS_MODULE": "tests.settings"})
    if done.returncode:
        sys.exit(f"fuzz_api: {what} failed:\n{done.stderr[-3000:]}")
    return done.stdout.strip().splitlines()[-1]


def prepare(env: dict) -> str:
    """Migrate and seed the database; return the session key of the commune secretary."""
    code = (
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "from django.test import Client\n"
        "from tests.personas import build_field_world\n"
        "world = build_field_world()\n"
        "client = Client()\n"
        "client.force_login(world.secretary, backend='django.contrib.auth.backends.ModelBackend')\n"
        "print(client.cookies['sessionid'].value)\n"
    )
    return django(env, code, "preparing the database")


def wait_for(url: str, server, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while server.poll() is None and time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def main() -> int:
    started = time.monotonic()
    examples = os.environ.get("FUZZ_EXAMPLES", "300")
    seed = os.environ.get("FUZZ_SEED") or str(secrets.randbelow(2**31))
    # One thread: with two, Hypothesis describing its strategies (ast.parse of lambda sources, linecache)
    # from both at once trips CPython 3.11's "AST constructor recursion depth mismatch" and a linecache
    # KeyError, reported as runtime errors of the fuzzer, not of the API (seen with the events schemas).
    workers = os.environ.get("FUZZ_WORKERS", "1")
    tmp = Path(tempfile.mkdtemp(prefix="tienphong-fuzz-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tienphong.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": os.environ.get("FUZZ_DATABASE_URL") or f"sqlite:///{tmp / 'fuzz.sqlite3'}",
        "CACHE_URL": "locmemcache://",
        "MEDIA_ROOT": str(tmp / "media"),
        "LOG_LEVEL": "ERROR",
        # Plain HTTP on the loopback: no redirect to HTTPS, no HSTS, cookies without the Secure flag.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "SECURE_COOKIES": "false",
        "PYTHONPATH": str(ROOT),
    }
    server = None
    log = open(tmp / "server.log", "w")
    try:
        session = prepare(env)
        print(f"fuzz_api: database ready in {time.monotonic() - started:.1f} s; server on {base}", flush=True)
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "tienphong.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
             "--threads", "4", "--timeout", "60", "--log-level", "error"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        if not wait_for(f"{base}/api/v1/openapi.json", server):
            log.flush()
            print("fuzz_api: the server did not start:\n" + (tmp / "server.log").read_text()[-4000:])
            return 2
        command = [
            str(BIN / "schemathesis"), "run", f"{base}/api/v1/openapi.json",
            "--checks", "not_a_server_error,response_schema_conformance,content_type_conformance,"
                        "status_code_conformance,ignored_auth",
            "--mode", "all",
            "--max-examples", examples,
            "--seed", seed,
            "--workers", workers,
            "--request-timeout", "30",
            "--generation-with-security-parameters", "false",
            "--suppress-health-check", "all",
            "--generation-database", "none",
            "--no-color",
            "-H", f"Cookie: sessionid={session}; csrftoken={CSRF}",
            "-H", f"X-CSRFToken: {CSRF}",
        ]
        print(f"fuzz_api: schemathesis, {examples} cases per operation and phase, seed {seed}", flush=True)
        code = subprocess.run(command, cwd=tmp).returncode
        # The fuzzer must get past validation into the INSERT, or it tests only the refusals.
        stored = int(django(env, "from tienphong.support.models import SupportRecord as R\n"
                                 "print(R.objects.count())", "counting the stored records"))
        print(f"fuzz_api: {stored} support records stored by the fuzzed calls")
        if not stored and not code:
            print("fuzz_api: no fuzzed entry was ever stored: the schema no longer leads to valid entries")
            code = 1
        if code:
            log.flush()
            print("fuzz_api: the server's log ends with:\n" + (tmp / "server.log").read_text()[-4000:])
        print(f"fuzz_api: {'FAILED' if code else 'passed'} in {time.monotonic() - started:.0f} s "
              f"(FUZZ_SEED={seed} replays it)")
        return code
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
