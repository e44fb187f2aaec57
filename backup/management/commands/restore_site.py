from django.core.management.base import BaseCommand, CommandError

from backup.archive import BackupError
from backup.restore import restore


class Command(BaseCommand):
    help = (
        "Load an archive made by backup_site into this site: its rows into the database "
        "(which must be empty and migrated as the archived site was) and its files "
        "into their storages. All or nothing: on any error nothing is restored."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="An archive made by backup_site.")
        parser.add_argument(
            "--flush",
            action="store_true",
            help="Erase the database's content (and log everyone out) before restoring, "
            "instead of refusing a database that has content.",
        )

    def handle(self, *args, archive, flush, **options):
        try:
            manifest = restore(archive, flush=flush, log=self.stderr.write)
        except BackupError as error:
            raise CommandError(error) from error
        rows = sum(entry["objects"] for entry in manifest["data"])
        files = len(manifest["media"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {rows:,} rows and {files:,} media file{'s' if files != 1 else ''} "
                f"from {archive} (made {manifest['created_at']})."
            )
        )
