"""Archives made before a model moved to another app restore under its new label.

A move that changed no table (Django's state only, the content types renamed) leaves an
older archive's rows loadable as they are, once their labels, and the content type and
permission natural keys that name the model, say where it lives now. Only moves of that
kind are listed here; an archive at any other migration state is refused as before
(`restore.check_migrations`).
"""

import json

from django.apps import apps

from .archive import MADE_BY_MIGRATE

# (the migrations that made the move, {old label: new label})
MOVES = [
    (  # topics and regions left articles for taxonomy (issue 11)
        {
            "taxonomy": ["0001_initial", "0002_content_types"],
            "articles": ["0021_topics_and_regions_move_to_taxonomy"],
            "people": ["0005_topics_live_in_taxonomy"],
            "newsletter": ["0003_topics_live_in_taxonomy"],
        },
        {"articles.topic": "taxonomy.topic", "articles.region": "taxonomy.region"},
    ),
]


def bring_forward(manifest, here):
    """(manifest, renames): `manifest` as if made after the moves `here` has and it lacks.

    `renames` ({old label: new}) is what its rows need; empty, and the manifest as it was,
    when the archive has every move (or only part of one, which check_migrations refuses).
    """
    there = {app: set(names) for app, names in manifest["migrations"].items()}
    renames = {}
    for migrations, labels in MOVES:
        ours = all(set(names) <= set(here.get(app, [])) for app, names in migrations.items())
        theirs = any(set(names) & there.get(app, set()) for app, names in migrations.items())
        if ours and not theirs:
            for app, names in migrations.items():
                there[app] = there.get(app, set()) | set(names)
            renames |= labels
    if not renames:
        return manifest, {}
    data = [
        entry | {"model": renames.get(entry["model"], entry["model"])} for entry in manifest["data"]
    ]
    migrations = {app: sorted(names) for app, names in sorted(there.items())}
    return manifest | {"migrations": migrations, "data": data}, renames


def renamed_row(line, renames):
    """One archived row (a JSON line) with the moved models' old labels replaced."""
    row = json.loads(line)
    row["model"] = renames.get(row["model"], row["model"])
    model = apps.get_model(row["model"])
    for field in [*model._meta.fields, *model._meta.many_to_many]:
        target = field.related_model._meta.label_lower if field.related_model else None
        value = row["fields"].get(field.name)
        if target not in MADE_BY_MIGRATE or value is None:
            continue
        keys = [_renamed_key(key, renames) for key in (value if field.many_to_many else [value])]
        row["fields"][field.name] = keys if field.many_to_many else keys[0]
    return json.dumps(row)


def _renamed_key(key, renames):
    """A content type's natural key ([app, model]) or a permission's ([codename, app, model])."""
    old = ".".join(key[-2:])
    return [*key[:-2], *renames[old].split(".")] if old in renames else key
