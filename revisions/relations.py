"""Related rows kept in a snapshot: the generic kinds a content app's adapter is built from.

A content app describes its own relations (a byline, a place in a series) in
its `snapshots.py`, using these bases; revisions never names a content model.
"""

from functools import cached_property


def quoted(names):
    return ", ".join(f"“{name}”" for name in names)


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


class Tags(Relation):
    """Tags attached through a taggit manager (article topics, expertise).

    `through` is the taggit through model; the tags are what its `tag` points to.
    """

    def __init__(self, key, label, through):
        self.key, self.label, self.model = key, label, through

    @property
    def target(self):
        return self.model._meta.get_field("tag").related_model

    def dump(self, obj):
        rows = self.model.objects.filter(content_object=obj).select_related("tag")
        return [{"id": row.tag_id, "name": row.tag.name} for row in rows.order_by("tag__name")]

    def load(self, obj, items):
        items, warnings = self.present(items)
        tags = self.target._default_manager.filter(pk__in=[item["id"] for item in items])
        getattr(obj, self.key).set(list(tags))
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


class OwnedRows(Relation):
    """Rows that belong to the object alone (a cascade would delete them with it):
    kept for the trash only, and recreated as they were.

    `owner_field` names the rows' foreign key to the object; `fields` what is kept
    of each row besides its id.
    """

    with_revisions = False
    owner_field = ""
    fields = ()

    def dump(self, obj):
        rows = self.model._base_manager.filter(**{self.owner_field: obj}).order_by("pk")
        return [
            {"id": row.pk, **{name: self.value(row, name) for name in self.fields}} for row in rows
        ]

    def value(self, row, name):
        value = getattr(row, name)
        return (
            value.name
            if hasattr(value, "name") and hasattr(value, "storage")
            else (value.isoformat() if hasattr(value, "isoformat") else value)
        )

    def load(self, obj, items):
        stamped = [
            name
            for name in self.fields
            if getattr(self.model._meta.get_field(name), "auto_now_add", False)
        ]
        for item in items:
            fields = {name: item[name] for name in self.fields}
            row = self.model(pk=item["id"], **{self.owner_field: obj}, **fields)
            # Bypass save(): the files already exist and must not be re-encoded.
            self.model._base_manager.bulk_create([row], ignore_conflicts=True)
            if stamped:
                # bulk_create stamps auto_now_add fields with the time of the restore.
                self.model._base_manager.filter(pk=row.pk).update(
                    **{name: item[name] for name in stamped}
                )
        return []

    def identity(self, item):
        return item["id"]
