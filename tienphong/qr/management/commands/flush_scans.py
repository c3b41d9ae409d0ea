"""`manage.py flush_scans [--every SECONDS]`: move the QR scans counted in Redis into the database.

Once, or every SECONDS until stopped (deploy/systemd/tienphong-scans.service runs `--every 2`).
Scans also flush themselves (one request every few seconds, qr/pending.py); this covers the quiet
moments, so the dashboards are exact within seconds. Each scan is added once whatever stops where:
see qr/pending.py. Nothing to do when the cache is not Redis.
"""

import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from tienphong.qr import pending, services

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Move the QR scans counted in Redis into the database (once, or every N seconds)."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, metavar="SECONDS",
                            help="flush every SECONDS until stopped (SIGTERM/SIGINT end it between flushes)")

    def handle(self, *args, every, **options):
        if not pending.enabled():
            self.stdout.write("The cache is not Redis: scans are written to the database directly.")
            return
        if every <= 0:
            self.stdout.write(f"{services.flush_scans()} scans flushed")
            return
        stopping = []
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stopping.append(True))
        while not stopping:
            close_old_connections()  # a database restart: the next flush reconnects
            try:
                services.flush_scans()
            except Exception:  # Redis or the database away: the batch waits, try again later
                logger.exception("qr: flushing scans failed; retrying in %s s", every)
            deadline = time.monotonic() + every
            while not stopping and time.monotonic() < deadline:
                time.sleep(min(0.2, every))
