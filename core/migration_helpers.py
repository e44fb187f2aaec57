"""Code the data migrations share. Kept small and stable: old migrations run it too."""

from django.contrib.auth.management import create_permissions


def group_permissions(apps, app_label, *, models=None, codenames=None):
    """`app_label`'s permissions, limited to `models` or `codenames` when given.

    Permissions are normally created after all migrations have run; they are
    created here first, or a group given them on a fresh database gets none.
    """
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    permissions = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label=app_label
    )
    if models is not None:
        permissions = permissions.filter(content_type__model__in=models)
    if codenames is not None:
        permissions = permissions.filter(codename__in=codenames)
    return permissions


def granting(group_name, app_label, **which):
    """A RunPython pair giving `group_name` those permissions, and taking them back."""

    def grant(apps, schema_editor):
        group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=group_name)
        group.permissions.add(*group_permissions(apps, app_label, **which))

    def revoke(apps, schema_editor):
        for group in apps.get_model("auth", "Group").objects.filter(name=group_name):
            group.permissions.remove(*group_permissions(apps, app_label, **which))

    return grant, revoke
