from django.core.management.base import BaseCommand, CommandError

from backup.archive import BackupError
from backup.dump import back_up


class Command(BaseCommand):
    help = (
        "Write the whole site (every content row, user and group, and every uploaded file, "
        "private report PDFs included) to a new .tar.gz archive, with a manifest of versions, "
        "migration state, counts and checksums. restore_site loads it into an empty database. "
        "Safe while the site runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Where to write the archive, e.g. site.tar.gz.")

    def handle(self, *args, archive, **options):
        try:
            manifest = back_up(archive, log=self.stderr.write)
        except BackupError as error:
            raise CommandError(error) from error
        rows = sum(entry["objects"] for entry in manifest["data"])
        files = len(manifest["media"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {rows:,} rows and {files:,} media file{'s' if files != 1 else ''} "
                f"to {archive}."
            )
        )
