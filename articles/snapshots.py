"""What a revision of an article holds, and how its relations come back.

Registered with revisions in ArticlesConfig.ready(); see revisions/snapshots.py.
"""

from people.models import Person
from revisions.relations import ManyToMany, OwnedRows, Relation, Tags
from revisions.snapshots import Snapshot

from .models import (
    Article,
    ArticleAuthor,
    ArticleImage,
    ArticleTopic,
    Correction,
    Series,
    SeriesEntry,
    Update,
    UpdateTopic,
)


class Byline(Relation):
    key, label, model, target = "authors", "authors", ArticleAuthor, Person

    def dump(self, article):
        rows = ArticleAuthor.objects.filter(article=article).select_related("person")
        return [
            {"id": row.person_id, "name": row.person.name, "order": row.order}
            for row in rows.only("person_id", "order", "person__name")
        ]

    def load(self, article, items):
        items, warnings = self.present(items)
        wanted = [(item["id"], item["order"]) for item in items]
        rows = ArticleAuthor.objects.filter(article=article)
        if list(rows.values_list("person_id", "order")) != wanted:
            rows.delete()
            for person_id, order in wanted:
                # One by one, not in bulk: each save retires cached pages.
                ArticleAuthor.objects.create(article=article, person_id=person_id, order=order)
        return warnings


class SeriesPlace(Relation):
    """An article's place in a series, edited on the series: kept for the trash only."""

    key, label, model, target = "series", "series", SeriesEntry, Series
    with_revisions = False

    def dump(self, article):
        entries = SeriesEntry.objects.filter(article=article).select_related("series")
        return [
            {"id": entry.series_id, "name": entry.series.title, "position": entry.position}
            for entry in entries
        ]

    def load(self, article, items):
        items, warnings = self.present(items)
        for item in items:
            SeriesEntry.objects.update_or_create(
                article=article, defaults={"series_id": item["id"], "position": item["position"]}
            )
        return warnings

    def display(self, item):
        return f"{item['name']} (part {item['position']})"


class Corrections(OwnedRows):
    key, label, model, owner_field = "corrections", "corrections", Correction, "article"
    fields = ("date", "text", "created_at")

    def display(self, item):
        return f"Correction, {item['date']}: {item['text'][:60]}"


class BodyImages(OwnedRows):
    key, label, model, owner_field = "images", "images in the text", ArticleImage, "article"
    fields = ("image", "width", "height", "image_renditions", "alt", "created_at")

    def display(self, item):
        return item["alt"] or item["image"]


class ArticleSnapshot(Snapshot):
    model = Article
    relations = (
        Byline(),
        Tags("topics", "topics", ArticleTopic),
        ManyToMany(Article, "regions", "regions"),
        SeriesPlace(),
        Corrections(),
        BodyImages(),
    )
    state_fields = ("status", "published_at", "expires_at", "featured")
    text_fields = ("title", "summary")
    html_fields = ("body",)
    file_details = {"pdf": ("pdf_size", "pdf_pages")}


class UpdateSnapshot(Snapshot):
    model = Update
    relations = (Tags("topics", "topics", UpdateTopic),)
    state_fields = ("published_at",)
    text_fields = ("body", "link", "image_alt")
