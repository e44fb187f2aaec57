"""Snapshots: an article or a profile as plain JSON data, and back again.

Each content app describes its models in its own `snapshots.py` (a `Snapshot`
subclass naming the model and its relations, built from `relations.py`) and
registers it in its AppConfig.ready() with `register()`; revisions, the trash
and the admin pages find it with `for_model()`. Nothing here names a content
model.

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

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import models

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
    # What an editor must do about each kind of row that stops a deletion (rows of
    # another app may be explained by that app: `explain_protection`).
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


# The registry ---------------------------------------------------------------------

# Filled by the content apps in their AppConfig.ready(), so revisions imports none of them.
_snapshots = {}  # concrete model: its snapshot, in the order they were registered
_restore_after = {}  # concrete model: the models whose items the trash restores first
_protection_hints = {}  # (deleted model, blocking model): what the editor must do


def _concrete(model):
    return model._meta.concrete_model


def register(snapshot, *, restore_after=()):
    """Keep revisions of `snapshot.model`, and let deleting one move it to the trash.

    `restore_after`: models whose items, restored from the trash together with
    this model's, must come back first (the people an article's byline names).
    They need not be registered yet.
    """
    model = _concrete(snapshot.model)
    if model in _snapshots:
        raise ImproperlyConfigured(f"{model._meta.label} already has a snapshot.")
    _snapshots[model] = snapshot
    _restore_after[model] = tuple(_concrete(earlier) for earlier in restore_after)


def explain_protection(model, blocking_model, hint):
    """What an editor must do when rows of `blocking_model` stop deleting a `model`.

    Lets the app that owns the blocking rows explain them: articles, for the
    bylines that stop a person being deleted.
    """
    _protection_hints[_concrete(model), blocking_model] = hint


def protection_hint(model, blocking_model):
    """The hint for rows of `blocking_model` stopping a deletion of a `model`, or ''."""
    own = for_model(model).protected_hints.get(blocking_model)
    return own or _protection_hints.get((_concrete(model), blocking_model), "")


def is_registered(model):
    return model is not None and _concrete(model) in _snapshots


def for_model(model):
    try:
        return _snapshots[_concrete(model)]
    except KeyError:
        raise LookupError(f"{model._meta.label} keeps no revisions.") from None


def restore_order():
    """The registered models, each after the models it is restored after."""
    order, visiting = [], set()

    def visit(model):
        if model in order:
            return
        if model in visiting:
            raise ImproperlyConfigured(f"{model._meta.label} is restored after itself.")
        visiting.add(model)
        for earlier in _restore_after[model]:
            if earlier in _snapshots:
                visit(earlier)
        order.append(model)

    for model in _snapshots:
        visit(model)
    return order


def file_in_use(name):
    """Whether any row, item in the trash or revision still refers to the stored file `name`."""
    from .models import Revision, TrashedItem

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                if model._base_manager.filter(**{field.attname: name}).exists():
                    return True
    for snapshot in _snapshots.values():
        content_type = ContentType.objects.get_for_model(snapshot.model, for_concrete_model=False)
        for field in snapshot.file_fields():
            refers = {"content_type": content_type, f"data__fields__{field.name}": name}
            if (
                Revision.objects.filter(**refers).exists()
                or TrashedItem.objects.filter(**refers).exists()
            ):
                return True
    return False
