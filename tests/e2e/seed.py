"""Accounts for the browser tests, made with the suite's factories on the site's database.

Run by the `site` fixture (conftest.py) in a subprocess with the server's settings, after
`load_demo`: prints, as JSON, the accounts and the addresses of one item of each page type.
"""

import json

import django


def main():
    django.setup()

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
