"""The home page's running order: which stories lead, chosen by editors in the admin."""

from django.db import models

from .articles import Article

# The lead story and up to four beside it.
FRONT_PAGE_SLOTS = 5


class FrontPage(models.Model):
    """The one "Home page" settings screen; its slots name the stories at the top, in order."""

    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "home page"
        verbose_name_plural = "home page"

    def __str__(self):
        return "Home page"

    @classmethod
    def load(cls):
        return cls.objects.get_or_create(pk=1)[0]


class FrontPageSlot(models.Model):
    front_page = models.ForeignKey(FrontPage, on_delete=models.CASCADE, related_name="slots")
    position = models.PositiveSmallIntegerField(
        choices=[(n, "Lead story" if n == 1 else f"Story {n}") for n in range(1, 6)],
        help_text="1 is the lead story; 2 to 5 sit beside it, in this order.",
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A slot whose article is not published is filled as if it were empty: "
        "with the newest featured article, then the newest.",
    )

    class Meta:
        ordering = ["position"]
        verbose_name = "story"
        constraints = [
            models.UniqueConstraint(
                fields=["front_page", "position"], name="unique_front_page_position"
            ),
            models.UniqueConstraint(
                fields=["front_page", "article"], name="unique_front_page_article"
            ),
        ]

    def __str__(self):
        return f"{self.get_position_display()}: {self.article}"


def front_page_stories(count=FRONT_PAGE_SLOTS):
    """The stories at the top of the home page, lead first, in three queries (and the
    listing's prefetches): the editors' slots, then for empty slots the newest featured
    articles, then the newest."""
    chosen = dict(FrontPageSlot.objects.filter(front_page_id=1).values_list("position", "article"))
    published = Article.objects.published()
    # Featured first, newest first within each: exactly the order empty slots are filled in.
    fallback = list(
        published.exclude(pk__in=chosen.values())
        .order_by("-featured", "-published_at", "-pk")
        .values_list("pk", flat=True)[:count]
    )
    shown = published.for_listing().in_bulk([*chosen.values(), *fallback])
    stories, queue = [], [pk for pk in fallback if pk in shown]
    for position in range(1, count + 1):
        pk = chosen.get(position)
        if pk in shown:
            stories.append(shown[pk])
        elif queue:
            stories.append(shown[queue.pop(0)])
    return stories
