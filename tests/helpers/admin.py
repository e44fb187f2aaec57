"""The admin as the tests drive it: its addresses, a complete article form, actions, lists."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from articles.models import Article
from tests.helpers.forms import management_form

ARTICLES = "/admin/articles/article/"
TOPICS = "/admin/taxonomy/topic/"
REGIONS = "/admin/taxonomy/region/"
UPDATES = "/admin/articles/update/"
PEOPLE = "/admin/people/person/"
AUTOCOMPLETE = "/admin/autocomplete/"


def article_form(**fields):
    """A complete, valid article add form with no authors; `fields` override it."""
    return {
        "title": "Pakistan and Libya: new defence ties",
        "slug": "pakistan-libya-defence-ties",
        "kind": Article.Kind.ANALYSIS,
        "summary": "What the agreement covers and why it matters.",
        "body": "<p>Analysis.</p>",
        "hero_alt": "",
        "hero_caption": "",
        "hero_credit": "",
        "hero_focal_x": "50",
        "hero_focal_y": "50",
        **management_form("bylines", 0),
        **management_form("corrections", 0),
        **management_form("preview_links", 0),
        **management_form("notes", 0),
        "_save": "Save",
        **fields,
    }


def run_action(client, action, articles, url=ARTICLES):
    """Run the changelist action `action` on `articles`, as ticking them and pressing Go does."""
    return client.post(
        url,
        {"action": action, "index": "0", ACTION_CHECKBOX_NAME: [a.pk for a in articles]},
        follow=True,
    )


def results(response):
    """The rows a changelist shows."""
    return list(response.context["cl"].result_list)


def autocomplete(client, model_name, field_name, term, app_label="articles"):
    """What the admin's autocomplete box offers for `term` in `model_name.field_name`."""
    return client.get(
        AUTOCOMPLETE,
        {
            "app_label": app_label,
            "model_name": model_name,
            "field_name": field_name,
            "term": term,
        },
    )
