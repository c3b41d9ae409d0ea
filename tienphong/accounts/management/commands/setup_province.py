import getpass
import secrets
import sys

from django.core.management.base import BaseCommand, CommandError

from tienphong.accounts.services import province_find, province_setup
from tienphong.core.errors import DomainError


class Command(BaseCommand):
    help = ("First run for a real province: load its units and create its first province admin, "
            "e.g. setup_province 37 --admin tinhdoan (or \"Ninh Bình\").")

    def add_arguments(self, parser):
        parser.add_argument("province", help="Province code (37) or name (Ninh Bình, diacritics optional)")
        parser.add_argument("--admin", required=True, help="Username of the province admin")
        parser.add_argument("--full-name", default="", help="Full name of the province admin")
        parser.add_argument("--another-admin", action="store_true",
                            help="Add this admin even though the province already has one")

    def handle(self, *args, province, admin, full_name, another_admin, **options):
        generated = []

        def password():
            if sys.stdin.isatty():
                first = getpass.getpass("Password: ")
                if first != getpass.getpass("Password (again): "):
                    raise CommandError("The two passwords differ.")
                return first
            generated.append(secrets.token_urlsafe(12))
            return generated[0]

        try:
            code, name = province_find(province)
            unit, user, created = province_setup(code=code, username=admin, password=password,
                                                 full_name=full_name, another_admin=another_admin)
        except DomainError as e:
            raise CommandError(str(e))
        communes = unit.children.filter(kind="commune").count()
        self.stdout.write(f"{unit.name} ({unit.code}): {communes} communes/wards.")
        if not created:
            self.stdout.write(f"{user.username} is already a province admin of {unit.name}; nothing created.")
            return
        self.stdout.write(f"Province admin {user.username} created.")
        if generated:
            self.stdout.write(f"Password (shown once, write it down): {generated[0]}")
