from django.core.management.base import BaseCommand

from tienphong.units.services import load_units


class Command(BaseCommand):
    help = "Load (or refresh) the 34 provinces and 3,321 communes/wards from vietnamadminunits."

    def add_arguments(self, parser):
        parser.add_argument("--province", action="append", dest="provinces",
                            help="Only this province code (repeatable), e.g. --province 37")

    def handle(self, *args, provinces=None, **options):
        result = load_units(province_codes=provinces)
        self.stdout.write(
            "Administrative units: {provinces} provinces, {communes} communes "
            "({created} created, {updated} updated).".format(**result)
        )
