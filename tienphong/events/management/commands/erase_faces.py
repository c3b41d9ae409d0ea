"""Erase the face data that is due: `manage.py erase_faces` (daily, deploy/systemd/tienphong-erase-faces.timer).

Each event keeps its participants' face numbers until the end of its last day + face_erase_days; an event
that turned face check-in off keeps none. Each erasure is audited with its reason. Batches of photos a
background task never reached (face_tasks.py) are deleted too once a day old. Runs in the command itself,
not through the task worker: erasure must not wait for a worker that is down. Safe to run at any time.
"""

from django.core.management.base import BaseCommand

from tienphong.events import face_tasks, faces


class Command(BaseCommand):
    help = "Erase face data past its event's erasure date (and left-over photo batches)."

    def handle(self, *args, **options):
        done = faces.erase_expired()
        left = face_tasks.purge()
        self.stdout.write(f"erased: {done[faces.EXPIRED]} expired, {done[faces.DISABLED]} face check-in off; "
                          f"photo batches deleted: {left}")
