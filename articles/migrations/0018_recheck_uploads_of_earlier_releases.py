"""Images and report PDFs stored by earlier releases are checked as uploads are today.

Images kept the extension the browser sent, so an old `….html` upload was still served
as a page. Each stored image goes through the same check as an upload: a real image is
stored again as its re-encode under a name ending in its format (rows, revisions, the
trash and links in articles' text follow it); anything else is removed, and its row
loses the image. Report PDFs that fail today's checks are kept, and logged by article
for editors to export again. See assets/legacy_uploads.py. Old files are deleted once
the migration has committed.
"""

import assets.legacy_uploads
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0017_reports_in_private_storage"),
        ("people", "0004_generated_upload_names"),
        ("revisions", "0002_editors_manage_the_trash"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(
            assets.legacy_uploads.check_stored_images, migrations.RunPython.noop, elidable=True
        ),
        migrations.RunPython(
            assets.legacy_uploads.check_stored_reports, migrations.RunPython.noop, elidable=True
        ),
    ]
