"""The browser tests' site: static files, database, demo content and test accounts.

Run by the `site` fixture (conftest.py) in one subprocess with the server's settings, as a
deploy would: collectstatic, migrate, load_demo; then the accounts, made with the suite's
factories, and what editors add in the admin that the demo lacks: a correction, a preview
link, and items published "now" (times with microseconds, as the admin and the update form
write them). Prints, as JSON, the accounts and the address of one item of each page type.
"""

import io
import json
from datetime import timedelta

import django
from django.core.management import call_command


def main():
    django.setup()
    quiet = {"verbosity": 0, "stdout": io.StringIO()}
    call_command("collectstatic", interactive=False, **quiet)
    call_command("migrate", interactive=False, **quiet)
    call_command("load_demo", **quiet)

    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from articles.models import Article, Correction, Series
    from publishing.models import PreviewLink
    from tests.helpers.factories import (
        PASSWORD,
        ArticleFactory,
        PersonFactory,
        UpdateFactory,
        UserFactory,
    )

    editor = UserFactory(username="e2e-editor", is_staff=True, groups=["Editors"])
    staff = UserFactory(username="e2e-staff", is_staff=True, groups=["Staff"])
    staffer = PersonFactory(name="Sam Staffer", slug="sam-staffer", user=staff, kind="staff")
    # Editors with two-factor sign-in, one for each log-in page (a code is good only once).
    two_factor = {}
    for door in ("site", "admin"):
        user = UserFactory(username=f"e2e-2fa-{door}", is_staff=True, groups=["Editors"])
        two_factor[door] = {
            "username": user.username,
            "key": TOTPDevice.objects.create(user=user, name="Phone", confirmed=True).key,
        }

    # The demo's real analysis: two authors, hero image, headings and a table of contents;
    # and, as an editor leaves it, a correction and a preview link for an outside reviewer.
    article = Article.objects.get(slug="pakistan-libya-defence-ties")
    Correction.objects.create(
        article=article, text="An earlier version misstated the date of the visit."
    )
    PreviewLink.objects.create(
        item=article,
        note="Co-author, Dr Ahmed",
        expires_at=timezone.now() + timedelta(days=7),
        created_by=editor,
    )
    topic = article.topics.order_by("name").first()
    region = article.regions.order_by("name").first()
    person = article.byline_people[0]

    # Published just now, to the microsecond, as from the admin and the update form.
    now = (timezone.now() - timedelta(seconds=1)).replace(microsecond=568788)
    ArticleFactory(
        title="Published from the admin a moment ago",
        slug="published-a-moment-ago",
        published_at=now,
        authors=[person],
        topics=[topic],
        regions=[region],
    )
    update = UpdateFactory(author=staffer, published_at=now, topics=[topic])
    print(
        json.dumps(
            {
                "password": PASSWORD,
                "editor": editor.username,
                "staff": staff.username,
                "two_factor": two_factor,
                "article": article.get_absolute_url(),
                "article_admin": f"/admin/articles/article/{article.pk}/change/",
                "topic": topic.get_absolute_url(),
                "topic_slug": topic.slug,
                "topic_name": topic.name,
                "region": region.get_absolute_url(),
                "region_slug": region.slug,
                "person": person.get_absolute_url(),
                "update": update.get_absolute_url(),
                "series": Series.objects.order_by("pk").first().get_absolute_url(),
                # The demo's events: a hybrid launch ahead, a recorded panel behind.
                "event": "/events/maritime-security-outlook-launch/",
                "event_past": "/events/pakistan-libya-defence-ties-panel/",
            }
        )
    )


if __name__ == "__main__":
    main()
