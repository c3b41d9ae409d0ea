from django.core.management.base import BaseCommand

from tienphong.demo.loader import load_demo
from tienphong.demo.tree import DEMO_PASSWORD, SEED


class Command(BaseCommand):
    help = (
        "Load a believable demo Ninh Bình (unions, branches, ~5,000 members, ~500 teams) and one login "
        f"per role (password {DEMO_PASSWORD}). Idempotent: only what is missing is created."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=SEED,
                            help="Random seed of the demo (the same seed always gives the same data).")

    def handle(self, *args, seed=SEED, **options):
        load_demo(stdout=self.stdout, seed=seed)
