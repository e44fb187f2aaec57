from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from articles.word_import import count, import_docx


class Command(BaseCommand):
    help = (
        "Import Word documents (.docx) as draft articles, as the admin's "
        "“Import from Word” does: for moving an archive of papers in bulk. "
        "Each file is its own import; one that fails leaves the others."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, help="The .docx files.")
        parser.add_argument("--user", help="The username the audit log records as the importer.")
        parser.add_argument("--kind", choices=Article.Kind.values, default=Article.Kind.ANALYSIS)

    def handle(self, *args, files, user=None, kind=Article.Kind.ANALYSIS, **options):
        importer = None
        if user:
            try:
                importer = get_user_model().objects.get_by_natural_key(user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"No user called {user!r}.") from None
        failed = 0
        for path in files:
            try:
                with path.open("rb") as handle:
                    result = import_docx(
                        File(handle, name=path.name), user=importer, kind=kind, filename=path.name
                    )
            except (OSError, ValidationError) as error:
                failed += 1
                reason = "; ".join(getattr(error, "messages", [str(error)]))
                self.stderr.write(f"{path}: not imported. {reason}")
                continue
            article = result.article
            self.stdout.write(
                f"{path}: draft “{article.title}” (slug {article.slug}), "
                f"{count(len(result.images), 'image')}, {count(result.notes, 'note')}."
            )
            for line in [*result.skipped_images, *result.warnings]:
                self.stdout.write(f"  {line}")
            if result.images_without_alt:
                numbers = ", ".join(map(str, result.images_without_alt))
                self.stdout.write(f"  Images without alt text: {numbers}.")
        if failed:
            raise CommandError(f"{failed} of {len(files)} files were not imported.")
