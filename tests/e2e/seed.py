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
    from publishing.models import EditorialNote, PreviewLink
    from tests.helpers.factories import (
        PASSWORD,
        ArticleFactory,
        EventFactory,
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
    EditorialNote.objects.create(
        item=article, author=editor, text="Check the date of the visit against the communiqué."
    )
    # Editors who hear of work submitted for review (tests/e2e/test_desk.py); one of them
    # turns the emails off in the test.
    notified = {
        name: UserFactory(
            username=f"e2e-{name}", email=f"{name}@example.org", is_staff=True, groups=["Editors"]
        ).username
        for name in ("reviewer", "quiet-editor")
    }
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
    extra = _more_page_types(editor, person, topic, region)
    # An event with seats and a stream, for registration (tests/e2e/test_event_registration.py).
    event = EventFactory(
        title="Registration test panel",
        slug="e2e-registration-panel",
        attendance_mode="hybrid",
        capacity=50,
        stream_url="https://stream.example.org/e2e",
    )
    print(
        json.dumps(
            {
                "password": PASSWORD,
                "editor": editor.username,
                "staff": staff.username,
                "two_factor": two_factor,
                "notified": notified,
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
                **extra,
                "event_for_registration": event.get_absolute_url(),
                # The demo's events: a hybrid launch ahead, a recorded panel behind.
                "event": "/events/maritime-security-outlook-launch/",
                "event_past": "/events/pakistan-libya-defence-ties-panel/",
            }
        )
    )


def _more_page_types(editor, person, topic, region):
    """The other page types the checks visit: a report with its PDF, an article with
    pictures in its text, a draft for the browser test to publish in the admin, and the
    newsletter's confirmation and unsubscribe pages (their links, as the emails give them)."""
    from django.urls import reverse

    from articles.models import Article, ArticleImage
    from newsletter.tokens import confirmation_token
    from tests.helpers.factories import ArticleFactory, SubscriberFactory, image_file

    report = Article.objects.published().filter(kind=Article.Kind.REPORT).exclude(pdf="").first()
    pictured = ArticleFactory(
        title="Ports of the Makran coast, in charts",
        slug="ports-of-the-makran-coast-in-charts",
        summary="Two charts of cargo through Gwadar and Pasni, 2020 to 2025.",
        authors=[person],
        topics=[topic],
        regions=[region],
    )
    figures = []
    for number, colour in enumerate([(30, 80, 140), (150, 60, 40)], start=1):
        image = ArticleImage.objects.create(
            article=pictured,
            image=image_file(f"chart-{number}.png", size=(1200, 675), fmt="PNG", colour=colour),
            alt=f"Chart {number}: cargo handled each year, rising from 2020 to 2025.",
        )
        figures.append(
            f'<figure><img src="{image.image.url}" alt="{image.alt}">'
            f"<figcaption>Chart {number}. Cargo handled, in thousand tonnes.</figcaption></figure>"
        )
    pictured.body = (
        "<h2>Cargo</h2><p>Traffic grew every year.</p>"
        + figures[0]
        + "<h2>Outlook</h2><p>The second terminal doubles the capacity.</p>"
        + figures[1]
    )
    pictured.save()
    draft = ArticleFactory(
        title="Drafted for an editor to publish in the admin",
        slug="drafted-for-the-admin",
        draft=True,
        authors=[person],
        topics=[topic],
    )
    pending = SubscriberFactory(email="e2e-pending@example.org", pending=True)
    subscribed = SubscriberFactory(email="e2e-subscribed@example.org")
    token = confirmation_token(pending, [topic])
    return {
        "report": report.get_absolute_url(),
        "article_images": pictured.get_absolute_url(),
        "draft_admin": f"/admin/articles/article/{draft.pk}/change/",
        "draft_url": draft.get_absolute_url(),
        "newsletter_confirm": reverse("newsletter:confirm", kwargs={"token": token}),
        "newsletter_unsubscribe": reverse(
            "newsletter:unsubscribe", kwargs={"token": subscribed.token}
        ),
    }


if __name__ == "__main__":
    main()
