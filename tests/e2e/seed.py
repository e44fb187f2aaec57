"""The browser tests' site: static files, database, demo content and two accounts.

Run by the `site` fixture (conftest.py) in one subprocess with the server's settings, as a
deploy would: collectstatic, migrate, load_demo; then the accounts, made with the suite's
factories. Prints, as JSON, the accounts and the address of one item of each page type.
"""

import io
import json

import django
from django.core.management import call_command


def main():
    django.setup()
    quiet = {"verbosity": 0, "stdout": io.StringIO()}
    call_command("collectstatic", interactive=False, **quiet)
    call_command("migrate", interactive=False, **quiet)
    call_command("load_demo", **quiet)

    from articles.models import Article, Update
    from tests.factories import PASSWORD, PersonFactory, UserFactory

    editor = UserFactory(username="e2e-editor", is_staff=True, groups=["Editors"])
    staff = UserFactory(username="e2e-staff", is_staff=True, groups=["Staff"])
    PersonFactory(name="Sam Staffer", slug="sam-staffer", user=staff, kind="staff")

    # The demo's real analysis: authors, hero image, headings and a table of contents.
    article = Article.objects.get(slug="pakistan-libya-defence-ties")
    topic = article.topics.order_by("name").first()
    region = article.regions.order_by("name").first()
    person = article.byline_people[0]
    update = Update.objects.published().first()
    print(
        json.dumps(
            {
                "password": PASSWORD,
                "editor": editor.username,
                "staff": staff.username,
                "article": article.get_absolute_url(),
                "article_admin": f"/admin/articles/article/{article.pk}/change/",
                "topic": topic.get_absolute_url(),
                "topic_slug": topic.slug,
                "topic_name": topic.name,
                "region": region.get_absolute_url(),
                "region_slug": region.slug,
                "person": person.get_absolute_url(),
                "update": update.get_absolute_url(),
            }
        )
    )


if __name__ == "__main__":
    main()
