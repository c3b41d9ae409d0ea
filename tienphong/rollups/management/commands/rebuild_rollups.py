import time

from django.core.management.base import BaseCommand

from tienphong.rollups.services import rebuild


class Command(BaseCommand):
    help = "Rebuild every dashboard figure from the records (after a bulk load; never needed for normal writes)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        counts = rebuild()
        self.stdout.write(f"rollups: {counts['facts']:,} figures, {counts['stock']:,} counts "
                          f"in {time.perf_counter() - started:.1f} s")
