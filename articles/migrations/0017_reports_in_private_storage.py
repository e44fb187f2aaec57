"""Report PDFs move out of the public media storage into the private documents storage.

Every file under reports/ moves, whether or not an article still names it (a trashed
article's PDF, or one an old revision names), so none stays reachable under /media/.
A name that does not end in .pdf (uploads once kept the extension the browser sent)
is renamed to end in .pdf, and the article, revisions and trashed items naming it
are updated. The originals are deleted once the migration has committed.
"""

import posixpath

import assets.documents
import assets.legacy_uploads
import assets.media
import assets.uploads
from django.core.files.storage import storages
from django.db import migrations, models, transaction

FOLDER = "reports"


def copy(source, target, name, new_name):
    """Copy `name` from `source` into `target` as `new_name`; return the name it got."""
    if target.exists(new_name):  # left by an earlier run that failed before committing
        target.delete(new_name)
    with source.open(name, "rb") as content:
        return target.save(new_name, content)


def move(apps, schema_editor, source, target, *, to_pdf):
    moved = []
    for name in list(assets.legacy_uploads.stored_files(source, FOLDER)):
        new_name = name
        if to_pdf and not name.endswith(".pdf"):
            new_name = f"{posixpath.splitext(name)[0]}.pdf"
        saved = copy(source, target, name, new_name)
        if saved != name:
            assets.legacy_uploads.rename_everywhere(apps, "articles.Article", "pdf", name, saved)
        moved.append(name)

    def delete_originals():
        for name in moved:
            source.delete(name)

    transaction.on_commit(delete_originals, using=schema_editor.connection.alias)


def to_private_storage(apps, schema_editor):
    move(apps, schema_editor, storages["default"], storages["documents"], to_pdf=True)


def to_media_storage(apps, schema_editor):
    move(apps, schema_editor, storages["documents"], storages["default"], to_pdf=False)


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0016_published_articles_have_a_publish_date"),
        ("revisions", "0002_editors_manage_the_trash"),
    ]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="pdf",
            field=models.FileField(
                blank=True,
                help_text="Reports and policy briefs only: the full document readers download. At most 50 MB.",
                storage=assets.media.documents_storage,
                upload_to=assets.uploads.UploadPath("reports"),
                validators=[assets.documents.validate_pdf],
                verbose_name="PDF",
            ),
        ),
        migrations.RunPython(to_private_storage, to_media_storage),
    ]
