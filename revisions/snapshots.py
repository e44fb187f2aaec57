"""Snapshots: an article or a profile as plain JSON data, and back again.

A snapshot holds every stored field of the object (so fields added later are
kept without changes here) and the related rows editors edit with it: the
byline, topics, regions, expertise, links. Related objects are named by id
*and* by name, so an old revision still reads well after a topic is renamed or
a person deleted. Three things are done with a snapshot:

- `apply()` puts a revision's content back on the live object (restoring a
  revision). Publishing decisions (`state_fields`) and what the editor may not
  edit stay as they are; references to objects that no longer exist are
  skipped, and the editor is told which.
- `recreate()` builds a deleted object again, with its id, from the complete
  snapshot kept in the trash.
- `describe()`/`compare()` (in `diff.py`) show it to editors.

Derived data is not kept in revisions: image renditions are remade from the
image when a restored revision changes it, and `updated_at` is the revision's
own time. The trash keeps renditions, so a restored item needs no resizing.
"""

import datetime
import decimal
import uuid
from functools import cached_property

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models

from articles.models import (
    Article,
    ArticleAuthor,
    ArticleImage,
    ArticleTopic,
    Correction,
    Series,
    SeriesEntry,
    Topic,
    Update,
)
from people.models import Person, PersonExpertise, PersonLink

FORMAT = 1  # the shape of snapshot data; raise it when that shape changes


class RestoreConflict(Exception):
    """An item cannot be restored as it was; the message tells the editor why."""


def plain(value):
    """`value` as JSON data, exactly as it will read back from the database."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def quoted(names):
    return ", ".join(f"“{name}”" for name in names)


# Related rows ---------------------------------------------------------------------


class Relation:
    """Rows kept with an object in its snapshot, stored under `key`.

    `model` is the model of the rows (an admin inline edits it, or the m2m's
    through model). `with_revisions` False: edited elsewhere, so only restoring
    from the trash brings it back, never restoring a revision.
    """

    key = ""
    label = ""
    model = None
    target = None  # the model the rows point to, when items carry its ids
    with_revisions = True

    def dump(self, obj):
        raise NotImplementedError

    def load(self, obj, items):
        """Make `obj`'s rows those of `items`; return warnings for the editor."""
        raise NotImplementedError

    def identity(self, item):
        """What makes two items the same one when versions are compared."""
        return item["id"]

    def display(self, item):
        return item["name"]

    def present(self, items):
        """The items whose target still exists, and a warning naming the others."""
        ids = {item["id"] for item in items}
        existing = set(self.target._base_manager.filter(pk__in=ids).values_list("pk", flat=True))
        kept = [item for item in items if item["id"] in existing]
        missing = [self.display(item) for item in items if item["id"] not in existing]
        warnings = []
        if missing:
            warnings.append(
                f"Not restored, as they no longer exist: {self.label} {quoted(missing)}."
            )
        return kept, warnings


class Byline(Relation):
    key, label, model, target = "authors", "authors", ArticleAuthor, Person

    def dump(self, article):
        rows = ArticleAuthor.objects.filter(article=article).select_related("person")
        return [
            {"id": row.person_id, "name": row.person.name, "order": row.order}
            for row in rows.only("person_id", "order", "person__name")
        ]

    def load(self, article, items):
        items, warnings = self.present(items)
        wanted = [(item["id"], item["order"]) for item in items]
        rows = ArticleAuthor.objects.filter(article=article)
        if list(rows.values_list("person_id", "order")) != wanted:
            rows.delete()
            for person_id, order in wanted:
                # One by one, not in bulk: each save retires cached pages.
                ArticleAuthor.objects.create(article=article, person_id=person_id, order=order)
        return warnings


class Tags(Relation):
    """Topics attached through a taggit manager (article topics, expertise)."""

    target = Topic

    def __init__(self, key, label, through):
        self.key, self.label, self.model = key, label, through

    def dump(self, obj):
        rows = self.model.objects.filter(content_object=obj).select_related("tag")
        return [{"id": row.tag_id, "name": row.tag.name} for row in rows.order_by("tag__name")]

    def load(self, obj, items):
        items, warnings = self.present(items)
        getattr(obj, self.key).set(list(Topic.objects.filter(pk__in=[i["id"] for i in items])))
        return warnings


class ManyToMany(Relation):
    """A plain many-to-many field (article regions)."""

    def __init__(self, owner, key, label):
        self.owner, self.key, self.label = owner, key, label

    @cached_property
    def field(self):
        return self.owner._meta.get_field(self.key)

    @property
    def model(self):
        return self.field.remote_field.through

    @property
    def target(self):
        return self.field.related_model

    def dump(self, obj):
        related = self.target._default_manager.filter(**{self.field.related_query_name(): obj})
        return [{"id": item.pk, "name": str(item)} for item in related]

    def load(self, obj, items):
        items, warnings = self.present(items)
        getattr(obj, self.key).set([item["id"] for item in items])
        return warnings


class Links(Relation):
    """A profile's external links: owned by the profile, so copied whole."""

    key, label, model = "links", "links", PersonLink
    FIELDS = ("label", "url", "order")

    def dump(self, person):
        rows = PersonLink.objects.filter(person=person).values_list(*self.FIELDS)
        return [dict(zip(self.FIELDS, row, strict=True)) for row in rows]

    def load(self, person, items):
        wanted = [tuple(item[name] for name in self.FIELDS) for item in items]
        rows = PersonLink.objects.filter(person=person)
        if list(rows.values_list(*self.FIELDS)) != wanted:
            rows.delete()
            for label, url, order in wanted:
                PersonLink.objects.create(person=person, label=label, url=url, order=order)
        return []

    def identity(self, item):
        return (item["label"], item["url"])

    def display(self, item):
        return f"{item['label']}: {item['url']}"


class SeriesPlace(Relation):
    """An article's place in a series, edited on the series: kept for the trash only."""

    key, label, model, target = "series", "series", SeriesEntry, Series
    with_revisions = False

    def dump(self, article):
        entries = SeriesEntry.objects.filter(article=article).select_related("series")
        return [
            {"id": entry.series_id, "name": entry.series.title, "position": entry.position}
            for entry in entries
        ]

    def load(self, article, items):
        items, warnings = self.present(items)
        for item in items:
            SeriesEntry.objects.update_or_create(
                article=article, defaults={"series_id": item["id"], "position": item["position"]}
            )
        return warnings

    def display(self, item):
        return f"{item['name']} (part {item['position']})"


class OwnedRows(Relation):
    """Rows that belong to the article alone (a cascade would delete them with it):
    kept for the trash only, and recreated as they were."""

    with_revisions = False
    fields = ()

    def dump(self, article):
        return [
            {"id": row.pk, **{name: self.value(row, name) for name in self.fields}}
            for row in self.model._base_manager.filter(article=article).order_by("pk")
        ]

    def value(self, row, name):
        value = getattr(row, name)
        return (
            value.name
            if hasattr(value, "name") and hasattr(value, "storage")
            else (value.isoformat() if hasattr(value, "isoformat") else value)
        )

    def load(self, article, items):
        for item in items:
            fields = {name: item[name] for name in self.fields}
            row = self.model(pk=item["id"], article=article, **fields)
            # Bypass save(): the files already exist and must not be re-encoded.
            self.model._base_manager.bulk_create([row], ignore_conflicts=True)
            # bulk_create stamps auto_now_add fields with the time of the restore.
            self.model._base_manager.filter(pk=row.pk).update(created_at=item["created_at"])
        return []

    def identity(self, item):
        return item["id"]


class Corrections(OwnedRows):
    key, label, model = "corrections", "corrections", Correction
    fields = ("date", "text", "created_at")

    def display(self, item):
        return f"Correction, {item['date']}: {item['text'][:60]}"


class BodyImages(OwnedRows):
    key, label, model = "images", "images in the text", ArticleImage
    fields = ("image", "width", "height", "image_renditions", "alt", "created_at")

    def display(self, item):
        return item["alt"] or item["image"]


# Snapshots of whole objects -------------------------------------------------------


class Snapshot:
    model = None
    relations = ()
    # Publishing decisions, not content: shown when comparing, but restoring a
    # revision leaves them as they are (the trash restores them).
    state_fields = ()
    text_fields = ()  # compared word by word
    html_fields = ()  # rich text, compared paragraph by paragraph
    # Fields describing a file (besides an image's width and height), restored with it.
    file_details = {}
    # What an editor must do about each kind of row that stops a deletion.
    protected_hints = {}

    def stored_fields(self, complete=False):
        """The fields a snapshot holds; `complete` adds derived data (for the trash)."""
        derived = {f"{name}_renditions" for name in getattr(self.model, "RENDITIONS", {})}
        for field in self.model._meta.concrete_fields:
            if field.primary_key or getattr(field, "auto_now", False):
                continue
            if field.name in derived and not complete:
                continue
            yield field

    def present(self, names):
        """Those of `names` the model still has, so a renamed field never breaks a page."""
        have = {field.name for field in self.model._meta.get_fields()}
        return [name for name in names if name in have]

    def file_fields(self):
        return [f for f in self.stored_fields() if isinstance(f, models.FileField)]

    def serialize(self, obj, complete=False):
        """`obj` as it is in the database now (fields, relations), as JSON data."""
        fields, names = {}, {}
        for field in self.stored_fields(complete):
            value = field.value_from_object(obj)
            if isinstance(field, models.FileField):
                value = value.name or ""
            elif field.is_relation and value is not None:
                names[field.name] = str(getattr(obj, field.name))
            fields[field.name] = value
        data = {"format": FORMAT, "fields": fields}
        if names:
            data["names"] = names
        for relation in self.relations:
            data[relation.key] = relation.dump(obj)
        return plain(data)

    def value(self, field, raw):
        """A stored value as the model field holds it."""
        if isinstance(field, models.FileField):
            return raw or ""
        return None if raw is None else field.to_python(raw)

    def apply(self, obj, data, fields=None):
        """Restore a revision: put `data`'s content on `obj`, save it; return warnings.

        `fields`: the field names and relation keys the editor may change (None:
        all). Publishing state, timestamps and derived fields stay as they are.
        """
        stored, meta = data.get("fields", {}), self.model._meta
        warnings = []

        def allowed(name):
            return name not in self.state_fields and (fields is None or name in fields)

        for field in self.stored_fields():
            if field.name not in stored or not field.editable or not allowed(field.name):
                continue
            value = self.value(field, stored[field.name])
            current = field.value_from_object(obj)
            if isinstance(field, models.FileField):
                if value == (current.name or ""):
                    continue
                if value and not field.storage.exists(value):
                    warnings.append(
                        f"The {field.verbose_name} of that version is no longer stored, "
                        "so the current one was kept."
                    )
                    continue
                setattr(obj, field.attname, value)
                for name in self.details_of(field):
                    if name in stored:
                        setattr(obj, name, self.value(meta.get_field(name), stored[name]))
            elif value != current:
                problem = self._reference_problem(obj, field, value, data)
                if problem:
                    warnings.append(problem)
                else:
                    setattr(obj, field.attname, value)
        obj.save()
        for relation in self.relations:
            if relation.with_revisions and relation.key in data and allowed(relation.key):
                warnings += relation.load(obj, data[relation.key])
        return warnings

    def _reference_problem(self, obj, field, value, data):
        """Why `value` cannot go back into `field` (gone, or now someone else's), or ''."""
        if value is None:
            return ""
        if field.is_relation:
            if not field.related_model._base_manager.filter(pk=value).exists():
                name = data.get("names", {}).get(field.name, value)
                return (
                    f"The {field.verbose_name} “{name}” no longer exists, so it was left as it is."
                )
        if field.unique:
            other = self.model._base_manager.filter(**{field.attname: value}).exclude(pk=obj.pk)
            if other.exists():
                return (
                    f"The {field.verbose_name} “{value}” is now used by “{other.first()}”, so "
                    f"the current {field.verbose_name} was kept."
                )
        return ""

    def details_of(self, field):
        details = [getattr(field, "width_field", None), getattr(field, "height_field", None)]
        return [name for name in details if name] + list(self.file_details.get(field.name, ()))

    def recreate(self, data, pk):
        """Build a deleted object again from its complete snapshot; return (obj, warnings).

        Raises RestoreConflict when another object now holds its id or one of its
        unique values (an address), and changes nothing then.
        """
        manager, meta = self.model._base_manager, self.model._meta
        pk = meta.pk.to_python(pk)
        name = meta.verbose_name
        if manager.filter(pk=pk).exists():
            raise RestoreConflict(f"Another {name} now has the id {pk}.")
        stored, warnings, values, missing_files = data.get("fields", {}), [], {}, []
        for field in self.stored_fields(complete=True):
            if field.name not in stored:
                continue
            value = self.value(field, stored[field.name])
            if isinstance(field, models.FileField):
                if value and not field.storage.exists(value):
                    warnings.append(f"Its {field.verbose_name} is no longer stored.")
                    missing_files.append(field)
                    value = ""
            elif field.is_relation:
                if value is not None and (
                    not field.related_model._base_manager.filter(pk=value).exists()
                    or (field.unique and manager.filter(**{field.attname: value}).exists())
                ):
                    shown = data.get("names", {}).get(field.name, value)
                    warnings.append(
                        f"Its {field.verbose_name} “{shown}” no longer exists or now belongs "
                        "to someone else, so it was left empty."
                    )
                    value = None
            elif field.unique and value and manager.filter(**{field.attname: value}).exists():
                other = manager.filter(**{field.attname: value}).first()
                raise RestoreConflict(
                    f"“{other}” now uses the {field.verbose_name} “{value}”. Give one of the "
                    f"two another {field.verbose_name} first, then restore this {name} again."
                )
            values[field.attname] = value
        for field in missing_files:
            for detail in self.details_of(field):
                values[detail] = None
            values.pop(f"{field.name}_renditions", None)
        obj = self.model(pk=pk, **values)
        obj.save(force_insert=True)
        # Saving stamps a new creation time; the item keeps its first one.
        created = {
            f.attname: values[f.attname]
            for f in meta.concrete_fields
            if getattr(f, "auto_now_add", False) and values.get(f.attname)
        }
        if created:
            manager.filter(pk=pk).update(**created)
            for attname, value in created.items():
                setattr(obj, attname, value)
        for relation in self.relations:
            if relation.key in data:
                warnings += relation.load(obj, data[relation.key])
        return obj, warnings

    def instance(self, data, pk):
        """An unsaved stand-in carrying the snapshot's text, e.g. to name it in the audit log."""
        obj = self.model(pk=self.model._meta.pk.to_python(pk))
        stored = data.get("fields", {})
        for field in self.stored_fields():
            if isinstance(field, models.CharField | models.TextField) and field.name in stored:
                setattr(obj, field.attname, stored[field.name] or "")
        return obj

    def files(self, data):
        """(field name, file name) of every file the snapshot refers to."""
        stored = data.get("fields", {})
        return {(f.name, stored[f.name]) for f in self.file_fields() if stored.get(f.name)}


class ArticleSnapshot(Snapshot):
    model = Article
    relations = (
        Byline(),
        Tags("topics", "topics", ArticleTopic),
        ManyToMany(Article, "regions", "regions"),
        SeriesPlace(),
        Corrections(),
        BodyImages(),
    )
    state_fields = ("status", "published_at", "featured")
    text_fields = ("title", "summary")
    html_fields = ("body",)
    file_details = {"pdf": ("pdf_size", "pdf_pages")}


class PersonSnapshot(Snapshot):
    model = Person
    relations = (Tags("expertise", "expertise", PersonExpertise), Links())
    # Who may log in as the profile is access, not content; visibility is the
    # directory's publishing decision.
    state_fields = ("is_active", "user")
    text_fields = ("name", "role", "short_bio")
    html_fields = ("bio",)
    protected_hints = {
        ArticleAuthor: "Take them off these bylines first.",
        Update: "Give these updates another author, or delete them, first.",
    }


# People come first: restoring them first lets their articles' bylines come back whole.
SNAPSHOTS = {Person: PersonSnapshot(), Article: ArticleSnapshot()}


def for_model(model):
    try:
        return SNAPSHOTS[model._meta.concrete_model]
    except KeyError:
        raise LookupError(f"{model._meta.label} keeps no revisions.") from None


def file_in_use(name):
    """Whether any row, item in the trash or revision still refers to the stored file `name`."""
    from .models import Revision, TrashedItem

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                if model._base_manager.filter(**{field.attname: name}).exists():
                    return True
    for snapshot in SNAPSHOTS.values():
        content_type = ContentType.objects.get_for_model(snapshot.model, for_concrete_model=False)
        for field in snapshot.file_fields():
            refers = {"content_type": content_type, f"data__fields__{field.name}": name}
            if (
                Revision.objects.filter(**refers).exists()
                or TrashedItem.objects.filter(**refers).exists()
            ):
                return True
    return False
