"""Load the demo content: the Pakistan–Libya article plus sample material.

Everything is created only if it is missing, so running the loader again
changes nothing and never overwrites what editors have changed since.
"""

import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.html import escape

from articles.models import Article, ArticleAuthor, Series, SeriesEntry, Update
from pages.models import Page
from people.models import Person, PersonLink
from publishing import workflow
from taxonomy.models import Region, Topic

from . import content, events, institution, placeholders

DEMO_ARTICLE_TEXT = Path(__file__).with_name("pakistan-libya-defence-ties.txt")
DEMO_PASSWORD = "thinktank-demo"
HEADING_MAX_WORDS = 10


def text_to_html(text):
    """Plain text to HTML: short lines with no closing full stop become h2 headings."""
    blocks = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        is_heading = len(line.split()) <= HEADING_MAX_WORDS and not line.endswith(
            (".", "?", "!", ":", "…")
        )
        tag = "h2" if is_heading else "p"
        blocks.append(f"<{tag}>{escape(line)}</{tag}>")
    return "\n".join(blocks)


class DemoLoader:
    def __init__(self, log=print):
        self.log = log
        self.created = 0

    @transaction.atomic
    def load(self, with_accounts=False):
        regions = {slug: self._region(name, slug, text) for name, slug, text in content.REGIONS}
        topics = {slug: self._topic(name, slug, text) for name, slug, text in content.TOPICS}
        people = {data["slug"]: self._person(data, topics, regions) for data in content.PEOPLE}

        demo = dict(content.DEMO_ARTICLE, body=text_to_html(DEMO_ARTICLE_TEXT.read_text()))
        self._article(demo, people, topics, regions, hero=True)
        for data in content.SAMPLE_ARTICLES:
            self._article(data, people, topics, regions, hero=data["hero"])
        self._article(content.DRAFT_ARTICLE, people, topics, regions, hero=False, publish=False)
        self._series(content.SERIES)
        for data in content.UPDATES:
            self._update(data, people, topics)
        for data in institution.PAGES:
            self._page(*data)
        events.load(self, people, topics, regions)
        if with_accounts:
            self._accounts(people)
        return self.created

    def _created(self, obj, created):
        if created:
            self.created += 1
            self.log(f"  created {obj._meta.verbose_name}: {obj}")
        return obj

    def _region(self, name, slug, description):
        return self._created(
            *Region.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description}
            )
        )

    def _topic(self, name, slug, description):
        return self._created(
            *Topic.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description}
            )
        )

    def _person(self, data, topics, regions):
        if person := Person.objects.filter(slug=data["slug"]).first():
            return person
        person = Person(
            slug=data["slug"],
            name=data["name"],
            role=data["role"],
            kind=data["kind"],
            sort_order=data["sort_order"],
            short_bio=data["short_bio"],
            bio=data["bio"],
            media_email=data["media_email"],
            phone=data["phone"],
            languages=data["languages"],
        )
        person.photo.save(f"{data['slug']}.jpg", placeholders.portrait(data["name"]), save=False)
        person.save()
        person.expertise.set([topics[slug] for slug in data["expertise"]])
        person.regions.set([regions[slug] for slug in data["regions"]])
        for order, (label, url) in enumerate(data["links"]):
            PersonLink.objects.create(person=person, label=label, url=url, order=order)
        return self._created(person, True)

    def _article(self, data, people, topics, regions, hero, publish=True):
        if article := Article.objects.filter(slug=data["slug"]).first():
            return article
        article = Article(
            slug=data["slug"],
            title=data["title"],
            kind=data["kind"],
            summary=data["summary"],
            body=data["body"],
            featured=data.get("featured", False),
        )
        if hero:
            article.hero_alt = data.get(
                "hero_alt", "Abstract placeholder banner of coloured diagonal bands."
            )
            article.hero_caption = data.get("hero_caption", "")
            article.hero_credit = data.get("hero_credit", "Thinktank demo")
            article.hero_image.save(
                f"{data['slug']}.jpg", placeholders.hero_image(data["title"]), save=False
            )
        if data.get("pdf"):
            sections = re.findall(r"<h2>(.*?)</h2>", data["body"])
            article.pdf.save(
                "report.pdf", placeholders.report_pdf(data["title"], sections), save=False
            )

        def relations():
            for order, slug in enumerate(data["authors"]):
                ArticleAuthor.objects.create(article=article, person=people[slug], order=order)
            article.topics.set([topics[slug] for slug in data["topics"]])
            article.regions.set([regions[slug] for slug in data["regions"]])

        # As an editor would: written, then published on its date, each step in its history.
        system = workflow.system_user()
        workflow.save(article, system, description="Loaded with the demo", relations=relations)
        if publish:
            workflow.publish(article, system, at=data.get("published_at"))
        return self._created(article, True)

    def _page(self, slug, parent, title, summary, body, header, footer, order):
        parent = Page.objects.get(path=parent) if parent else None
        path = f"{parent.path}/{slug}" if parent else slug
        if page := Page.objects.filter(path=path).first():
            return page
        page = Page(
            slug=slug,
            parent=parent,
            title=title,
            summary=summary,
            body=body,
            show_in_header=header,
            show_in_footer=footer,
            menu_order=order,
        )
        system = workflow.system_user()
        workflow.save(page, system, description="Loaded with the demo")
        workflow.publish(page, system)
        return self._created(page, True)

    def _series(self, data):
        if Series.objects.filter(slug=data["slug"]).exists():
            return
        series = Series.objects.create(
            slug=data["slug"], title=data["title"], description=data["description"]
        )
        articles = Article.objects.in_bulk(data["articles"], field_name="slug")
        for position, slug in enumerate(data["articles"], start=1):
            if slug in articles and not hasattr(articles[slug], "series_entry"):
                SeriesEntry.objects.create(series=series, article=articles[slug], position=position)
        self._created(series, True)

    def _update(self, data, people, topics):
        author = people[data["author"]]
        update, created = Update.objects.get_or_create(
            author=author,
            published_at=data["published_at"],
            defaults={"body": data["body"], "link": data["link"]},
        )
        if created:
            update.topics.set([topics[slug] for slug in data["topics"]])
        return self._created(update, created)

    def _accounts(self, people):
        User = get_user_model()
        accounts = [
            ("editor", "Editors", None),
            ("staff", "Staff", people["tariq-mehmood"]),
        ]
        for username, group_name, person in accounts:
            if User.objects.filter(username=username).exists():
                continue
            user = User.objects.create_user(username, password=DEMO_PASSWORD, is_staff=True)
            user.groups.add(Group.objects.get(name=group_name))
            if person is not None and person.user_id is None:
                person.user = user
                person.save(update_fields=["user"])
            self._created(user, True)
