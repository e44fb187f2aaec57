"""Factories for the test suite: valid, published-by-default objects."""

import io
from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, ArticleAuthor, Series, SeriesEntry, Update
from events.models import Event, EventSpeaker, Registration
from newsletter.models import Mailing, Subscriber
from pages.models import Page
from people.models import Person
from taxonomy.models import Region, Topic

PASSWORD = "correct-horse-battery"


def image_file(name="photo.jpg", size=(64, 48), fmt="JPEG", colour=(120, 30, 30)):
    """A real, small image upload made with Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png"}.get(fmt, "image/octet-stream")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def pdf_file(name="report.pdf", pages=3):
    """A real PDF upload of `pages` pages, made with Pillow."""
    buffer = io.BytesIO()
    first, *rest = [Image.new("RGB", (200, 280), (255, 255, 255)) for _ in range(pages)]
    first.save(buffer, "PDF", save_all=True, append_images=rest)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def groups(self, create, names):
        if create and names:
            self.groups.add(*(Group.objects.get(name=name) for name in names))
            self.save()


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    description = "What this topic covers."


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Expert Person {n}")
    slug = factory.Sequence(lambda n: f"expert-{n}")
    role = "Senior Fellow"
    kind = Person.Kind.FELLOW
    short_bio = "Works on security."


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article number {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "A short summary of the argument."
    body = "<h2>Background</h2><p>Some analysis.</p><h2>Conclusion</h2><p>More.</p>"
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT, published_at=None)
        future = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
        )
        expired = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=2)),
            expires_at=factory.LazyFunction(lambda: timezone.now() - timedelta(seconds=1)),
        )

    @factory.post_generation
    def authors(self, create, people):
        for order, person in enumerate(people or []):
            ArticleAuthor.objects.create(article=self, person=person, order=order)

    @factory.post_generation
    def topics(self, create, topics):
        if topics:
            self.topics.set(list(topics))

    @factory.post_generation
    def regions(self, create, regions):
        if regions:
            self.regions.set(list(regions))


class PageFactory(factory.django.DjangoModelFactory):
    """A live institutional page at the root (pass `parent` for a sub-page)."""

    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Page number {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    parent = None
    # Saving works it out; set here too for rows written without save() (bulk_create).
    path = factory.LazyAttribute(
        lambda page: f"{page.parent.path}/{page.slug}" if page.parent else page.slug
    )
    summary = "What this page is about."
    body = "<h2>Who we are</h2><p>An independent institute.</p>"
    status = Page.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))

    class Params:
        draft = factory.Trait(status=Page.Status.DRAFT, published_at=None)


class UpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Update
        skip_postgeneration_save = True

    body = factory.Sequence(lambda n: f"Update number {n}: our fellow testified today.")
    author = factory.SubFactory(PersonFactory)
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    class Params:
        future = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
        )

    @factory.post_generation
    def topics(self, create, topics):
        if topics:
            self.topics.set(list(topics))


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Series number {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")
    description = "A study in several parts."

    @factory.post_generation
    def articles(self, create, articles):
        for position, article in enumerate(articles or [], start=1):
            SeriesEntry.objects.create(series=self, article=article, position=position)


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed subscriber by default; `pending=True` or `unsubscribed=True` for the others."""

    class Meta:
        model = Subscriber
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    confirmed_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))

    class Params:
        pending = factory.Trait(confirmed_at=None)
        unsubscribed = factory.Trait(unsubscribed_at=factory.LazyFunction(timezone.now))

    @factory.post_generation
    def topics(self, create, topics):
        if topics:
            self.topics.set(list(topics))


class MailingFactory(factory.django.DjangoModelFactory):
    """A draft mailing with no articles (tests/helpers/mailings.py adds them)."""

    class Meta:
        model = Mailing

    subject = factory.Sequence(lambda n: f"Mailing number {n}")
    introduction = "<p>A few words first.</p>"


class EventFactory(factory.django.DjangoModelFactory):
    """A published panel in Islamabad, a week from now, 09:30–11:00 local time."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Event number {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    summary = "A panel on the region's security."
    description = "<p>Speakers discuss the outlook.</p>"
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=7)).replace(minute=30, second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(minutes=90))
    time_zone = "Asia/Karachi"
    venue_name = "Islamabad Club"
    status = Event.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))

    @factory.post_generation
    def speakers(self, create, people):
        for order, person in enumerate(people or []):
            EventSpeaker.objects.create(event=self, person=person, order=order)

    @factory.post_generation
    def topics(self, create, topics):
        if topics:
            self.topics.set(list(topics))

    @factory.post_generation
    def regions(self, create, regions):
        if regions:
            self.regions.set(list(regions))


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Reader {n}")
    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    status = Registration.Status.CONFIRMED
