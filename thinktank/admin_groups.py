"""The admin's sections grouped by task, in the order editors use them.

Django lists apps alphabetically, so "Publishing" came last. Models are named by label;
a label whose model is not installed or registered yet (pages, events, redirects) is
skipped, and a registered model named nowhere falls into "Other", so nothing disappears.
"""

GROUPS = [
    (
        "Publishing",
        [
            "articles.Article",
            "articles.Update",
            "articles.Series",
            "pages.Page",
            "events.Event",
            "taxonomy.Topic",
            "taxonomy.Region",
            "people.Person",
            "redirects.Redirect",
        ],
    ),
    ("Newsletter", ["newsletter.Subscriber", "newsletter.Mailing"]),
    (
        "History",
        ["revisions.TrashedItem", "audit.AuditEvent", "tasks.BackgroundTask", "tasks.ScheduledJob"],
    ),
    (
        "Accounts",
        [
            "auth.User",
            "auth.Group",
            "accounts.NotificationPreference",
            "axes.AccessAttempt",
            "axes.AccessLog",
            "axes.AccessFailureLog",
            "otp_totp.TOTPDevice",
        ],
    ),
]
OTHER = "Other"


def grouped(app_list):
    """Django's app list (apps holding model dicts) regrouped into the task groups."""
    models = {
        model["model"]._meta.label_lower: model for app in app_list for model in app["models"]
    }
    groups = []
    for name, labels in [*GROUPS, (OTHER, None)]:
        if labels is None:
            members = sorted(models.values(), key=lambda model: model["name"])
        else:
            members = [models.pop(label.lower()) for label in labels if label.lower() in models]
        if members:
            slug = name.lower()
            groups.append(
                {
                    "name": name,
                    "app_label": f"desk-{slug}",
                    # No page of its own: the group is a heading, its models the links.
                    "app_url": "",
                    "has_module_perms": True,
                    "models": members,
                }
            )
    return groups
