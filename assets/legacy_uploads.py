"""Files stored by earlier releases, checked again as uploads are checked today.

For data migrations only: every function takes the migration's `apps`, so it works
on the historical models (whose image fields are plain ImageFields: files are read
and written through the storage, never through a field).

Earlier releases kept the extension the browser sent (`photo.html`), and one form
stored an update's bytes as they came, behind a PNG header. A web server or a bucket
types a file by its extension (or, on S3, by the type stored with the object), so
such a file could be served to readers as a page. `check_stored_images` runs every
stored image through `clean_image`, as an upload today: a real image named with any
other extension is stored again as its re-encode under a fresh name ending in its
format, and everything naming the old file is changed to the new one; a file that
is not an image the site accepts is removed, and its row loses the image.
"""

import logging
import posixpath
import re
import uuid
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models, transaction
from django.utils.encoding import filepath_to_uri

from . import renditions
from .documents import validate_pdf
from .images import EXTENSIONS, clean_image
from .media import IMAGE_TYPES

logger = logging.getLogger(__name__)

SNAPSHOT_MODELS = ("revisions.Revision", "revisions.TrashedItem")
# Rich text that may link an uploaded image (an article's text links its images'
# originals, assets/images.py).
RICH_TEXT = {"articles.article": ("body",), "people.person": ("bio",)}  # by model label_lower
# An article's snapshots keep the images in its text under "images" (revisions/snapshots.py).
ARTICLE = "articles.article"
SNAPSHOT_IMAGES = "images"
BODY_IMAGE = ("articles.ArticleImage", "image")
# Limits lowered since an image was uploaded: it is still an image served under its
# own type, so it stays, though an upload like it would be refused today.
LIMITS = frozenset({"file_too_large", "too_many_pixels", "too_many_frames", "animation_too_large"})
DROPPED = ""


def rename_everywhere(apps, label, field_name, old, new):
    """Make the rows of `label` and every revision and trashed item naming the file `old`
    in `field_name` name `new` instead."""
    apps.get_model(label)._base_manager.filter(**{field_name: old}).update(**{field_name: new})
    for snapshot_label in SNAPSHOT_MODELS:
        model = apps.get_model(snapshot_label)
        for item in model.objects.filter(**{f"data__fields__{field_name}": old}):
            item.data["fields"][field_name] = new
            item.save(update_fields=["data"])


def has_image_extension(name):
    return posixpath.splitext(name)[1].lstrip(".").lower() in IMAGE_TYPES


def image_fields(apps):
    """(model, field) for every image field (all keep their files in the media storage)."""
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.ImageField)
    ]


class StoredImages:
    """Decides, once per stored name, what becomes of it: kept, renamed, or dropped."""

    def __init__(self, storage):
        self.storage = storage
        self.outcomes = {}  # name → None (kept or missing), a new name, or DROPPED
        self.reasons = {}  # dropped name → why, for the log

    def outcome(self, name):
        if name not in self.outcomes:
            self.outcomes[name] = self._check(name)
        return self.outcomes[name]

    def _check(self, name):
        if not self.storage.exists(name):
            return None  # a copy of the database without its media: nothing to check
        named_as_image = has_image_extension(name)
        with self.storage.open(name, "rb") as file:
            try:
                clean = clean_image(file)
            except ValidationError as error:
                reason = " ".join(error.messages)
                if named_as_image and error.code in LIMITS:
                    logger.warning("Kept %s, an image over today's limits: %s", name, reason)
                    return self._kept(name)
                self.reasons[name] = reason
                return DROPPED
        if named_as_image:
            return self._kept(name)
        fresh = posixpath.join(
            posixpath.dirname(name), f"{uuid.uuid4().hex}.{EXTENSIONS[clean.format]}"
        )
        return self.storage.save(fresh, clean)

    def _kept(self, name):
        # On S3 an object of an earlier release may carry the type the browser claimed.
        if set_headers := getattr(self.storage, "set_stored_headers", None):
            set_headers(name)
        return None

    def changes(self):
        return {old: new for old, new in self.outcomes.items() if new is not None}


def check_stored_images(apps, schema_editor):
    """Check every image that rows, revisions and the trash name (see the module's docstring)."""
    storage = storages["default"]
    images = StoredImages(storage)
    fields = image_fields(apps)
    named_by = defaultdict(set)  # name → {(model label, field name)}
    for model, field in fields:
        for name in model._base_manager.exclude(**{field.name: ""}).values_list(
            field.name, flat=True
        ):
            if name:
                named_by[name].add((model._meta.label, field.name))
    for _item, model, data in _snapshots(apps):
        for name, named in _snapshot_files(model, data):
            named_by[name].add(named)
    for name in sorted(named_by):
        images.outcome(name)
    changes = images.changes()

    records, on_rows = [], set()  # renditions of dropped images; names rows dropped
    for model, field in fields:
        records += _update_rows(model, field, changes, images.reasons, on_rows)
    for old, new in changes.items():
        if new != DROPPED:
            for label, field_name in sorted(named_by[old]):
                rename_everywhere(apps, label, field_name, old, new)
        elif old not in on_rows:
            logger.warning(
                "Removed %s, which only revisions or the trash named: %s", old, images.reasons[old]
            )
    _update_rich_text(apps, changes)
    records += _update_snapshots(apps, changes)
    unnamed = _unnamed_files(storage, fields, named_by)

    def delete_old_files():
        for name in [*changes, *unnamed]:
            storage.delete(name)
        for record in records:
            renditions.delete(record, storage)

    transaction.on_commit(delete_old_files, using=schema_editor.connection.alias)


def _update_rows(model, field, changes, reasons, on_rows):
    """Point rows at renamed files and take dropped files off them (adding their names to
    `on_rows`); return the renditions records of the dropped ones."""
    renditions_field = f"{field.name}_renditions"
    has_renditions = any(f.name == renditions_field for f in model._meta.concrete_fields)
    rows = model._base_manager.filter(**{f"{field.name}__in": list(changes)})
    columns = ["pk", field.name] + ([renditions_field] if has_renditions else [])
    records = []
    for pk, name, *record in rows.values_list(*columns):
        record = record[0] if record else None
        new = changes[name]
        if new != DROPPED:
            if record and record.get("source") == name:
                model._base_manager.filter(pk=pk).update(
                    **{renditions_field: {**record, "source": new}}
                )
            continue
        on_rows.add(name)
        if record:
            records.append(record)
        row = model._base_manager.filter(pk=pk)
        if not field.blank:  # an image in an article's text is nothing without its file
            logger.warning(
                "%s %s deleted: its %s %s is not an image the site accepts: %s",
                model._meta.label,
                pk,
                field.verbose_name,
                name,
                reasons[name],
            )
            row.delete()
            continue
        logger.warning(
            "%s %s: its %s %s was removed (its alt text is kept), as it is not an image the "
            "site accepts: %s",
            model._meta.label,
            pk,
            field.verbose_name,
            name,
            reasons[name],
        )
        cleared = {field.name: ""}
        for detail in (field.width_field, field.height_field):
            if detail:
                cleared[detail] = None
        if has_renditions:
            cleared[renditions_field] = {}
        row.update(**cleared)
    return records


def _link_pattern(name):
    """A stored file's name as it appears in a link to it, after the media URL (which may
    have changed since, so it is not part of the pattern)."""
    forms = sorted({name, filepath_to_uri(name)}, key=len, reverse=True)
    alternatives = "|".join(map(re.escape, forms))
    return re.compile(rf"(?<=/)(?:{alternatives})(?![\w.%~-])")


def _renames(changes):
    """(pattern of links to the old file, link to the new one) for each renamed file."""
    return [(_link_pattern(old), filepath_to_uri(new)) for old, new in changes.items() if new]


def _relink(html, renames):
    for pattern, link in renames:
        html = pattern.sub(lambda _match, link=link: link, html)
    return html


def _update_rich_text(apps, changes):
    """Links in articles' text (and biographies) to renamed images follow them."""
    renamed = [old for old, new in changes.items() if new]
    if not renamed:
        return
    renames = _renames(changes)
    for label, field_names in RICH_TEXT.items():
        model = apps.get_model(label)
        for field_name in field_names:
            mentions = models.Q()
            for old in renamed:
                for form in {old, filepath_to_uri(old)}:
                    mentions |= models.Q(**{f"{field_name}__contains": posixpath.basename(form)})
            for pk, html in model._base_manager.filter(mentions).values_list("pk", field_name):
                relinked = _relink(html, renames)
                if relinked != html:
                    model._base_manager.filter(pk=pk).update(**{field_name: relinked})


def _snapshots(apps):
    """(item, model, data) for every revision and trashed item of a model still installed."""
    models_by_type = {}
    for snapshot_label in SNAPSHOT_MODELS:
        items = apps.get_model(snapshot_label).objects.select_related("content_type")
        for item in items.order_by("pk"):
            key = (item.content_type.app_label, item.content_type.model)
            if key not in models_by_type:
                try:
                    models_by_type[key] = apps.get_model(*key)
                except LookupError:
                    models_by_type[key] = None
            if models_by_type[key] is not None and isinstance(item.data, dict):
                yield item, models_by_type[key], item.data


def _snapshot_files(model, data):
    """(name, (model label, field name)) for every image file a snapshot of `model` names."""
    fields = data.get("fields") or {}
    for field in model._meta.concrete_fields:
        if isinstance(field, models.ImageField) and fields.get(field.name):
            yield fields[field.name], (model._meta.label, field.name)
    for image in _body_images(model, data):
        yield image["image"], BODY_IMAGE


def _body_images(model, data):
    if model._meta.label_lower != ARTICLE:
        return []
    images = data.get(SNAPSHOT_IMAGES)
    if not isinstance(images, list):
        return []
    return [image for image in images if isinstance(image, dict) and image.get("image")]


def _update_snapshots(apps, changes):
    """What `rename_everywhere` leaves: renditions records, images in the text and the links
    to them. Return the renditions records of dropped images in the text.

    A dropped image stays named in the snapshot's fields: restoring that version or item
    then tells the editor its image is no longer stored (revisions/snapshots.py). An image
    in the text is restored as a row without that check, so a dropped one leaves the
    snapshot, as its row left the article.
    """
    records = []
    if not changes:
        return records
    renames = _renames(changes)
    for item, model, data in _snapshots(apps):
        if _rewrite_snapshot(model, data, changes, renames, records):
            item.save(update_fields=["data"])
    return records


def _rewrite_snapshot(model, data, changes, renames, records):
    """Change `data` in place; return whether anything changed."""
    before = repr(data)
    fields = data.get("fields") or {}
    for field in model._meta.concrete_fields:
        record = fields.get(f"{field.name}_renditions")
        if isinstance(field, models.ImageField) and isinstance(record, dict):
            if changes.get(record.get("source")):  # renamed: the same pixels, a new name
                fields[f"{field.name}_renditions"] = _follow(record, changes)
    for field_name in RICH_TEXT.get(model._meta.label_lower, ()):
        if isinstance(fields.get(field_name), str):
            fields[field_name] = _relink(fields[field_name], renames)
    for image in _body_images(model, data):
        new = changes.get(image["image"])
        if new is None:
            continue
        record = image.get("image_renditions")
        if new == DROPPED:
            data[SNAPSHOT_IMAGES].remove(image)
            if isinstance(record, dict) and record.get("source") == image["image"]:
                records.append(record)
            continue
        if isinstance(record, dict):
            image["image_renditions"] = _follow(record, changes)
        image["image"] = new
    return repr(data) != before


def _follow(record, changes):
    """A renditions record made from a renamed image, naming the new file: renditions are
    made from the pixels, which the re-encode keeps."""
    new = changes.get(record.get("source"))
    return {**record, "source": new} if new else record


def _unnamed_files(storage, fields, named_by):
    """Files in the images' folders that nothing names and whose extension is not an
    image's: they would still be served by name, so they go."""
    folders = {_top_folder(field.upload_to) for _model, field in fields}
    unnamed = []
    for folder in sorted(filter(None, folders)):
        for name in stored_files(storage, folder):
            if name not in named_by and not has_image_extension(name):
                logger.warning("Removed %s: no image names it, and it is not named as one", name)
                unnamed.append(name)
    return unnamed


def _top_folder(upload_to):
    prefix = getattr(upload_to, "prefix", upload_to)
    return prefix.split("/", 1)[0] if isinstance(prefix, str) else ""


def stored_files(storage, folder):
    """Every file name under `folder` in `storage`."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(folder, name)
    for name in sorted(folders):
        yield from stored_files(storage, posixpath.join(folder, name))


def check_stored_reports(apps, schema_editor):
    """Log every article whose stored report PDF fails today's checks.

    The file is kept and stays attached (it is the editors' and is served only as a
    sandboxed download); the log names the article so an editor exports it again.
    """
    storage = storages["documents"]
    Article = apps.get_model("articles", "Article")
    for pk, slug, name in Article._base_manager.exclude(pdf="").values_list("pk", "slug", "pdf"):
        if not storage.exists(name):
            continue
        with storage.open(name, "rb") as file:
            try:
                validate_pdf(file)
            except ValidationError as error:
                logger.warning(
                    "Article %s (%s): its report PDF %s fails today's checks: %s Ask an "
                    "editor to upload it again.",
                    pk,
                    slug,
                    name,
                    " ".join(error.messages),
                )
