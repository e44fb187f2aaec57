from django.core.management.base import BaseCommand

from demo.loader import DEMO_PASSWORD, DemoLoader


class Command(BaseCommand):
    help = (
        "Load the demo content: the Pakistan–Libya analysis and sample people, articles "
        "and updates. Safe to run again: it only adds what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--accounts",
            action="store_true",
            help=f"Also create the demo logins 'editor' and 'staff' (password "
            f"'{DEMO_PASSWORD}'). For local runs only.",
        )

    def handle(self, *args, accounts=False, **options):
        loader = DemoLoader(log=self.stdout.write if options["verbosity"] > 1 else _quiet)
        created = loader.load(with_accounts=accounts)
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded ({created} new items)."))
        else:
            self.stdout.write("Demo content already present; nothing changed.")


def _quiet(message):
    pass
