"""The institution's own pages (About, Contact, Privacy…): a small tree at the site's root."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from assets.hero import (
    ALT_HELP,
    hero_alt_field,
    hero_image_field,
    hero_size_field,
    renditions_field,
)
from assets.renditions import RenditionsMixin, Spec, focal_field
from core.cache import ChangeTrackingQuerySet
from core.richtext import RichTextField
from publishing.models import Publishable, PublishableQuerySet

from .reserved import reserved_reason

# Deep trees get lost in menus and breadcrumbs: /about/governance/board/ is as deep as it goes.
MAX_DEPTH = 3
HERO_RENDITIONS = (Spec("hero", (480, 960, 1600)),)


class PageQuerySet(PublishableQuerySet, ChangeTrackingQuerySet):
    def in_header(self):
        return self.published().filter(show_in_header=True).order_by("menu_order", "title")

    def in_footer(self):
        return self.published().filter(show_in_footer=True).order_by("menu_order", "title")


class Page(RenditionsMixin, Publishable):
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100,
        help_text="The last part of the page’s address: /this-slug/, or /parent/this-slug/ "
        "under a parent page. Avoid changing it once published: readers may have bookmarked it.",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="Leave empty for a page at the top level (/about/). With a parent, the "
        "page lives under it (/about/governance/).",
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    summary = models.TextField(
        max_length=300,
        blank=True,
        help_text="Plain text, one or two sentences: shown under the title, in search "
        "results and to search engines.",
    )
    body = RichTextField(blank=True, help_text="Use Heading 2 for sections.")
    hero_image = hero_image_field(
        "pages", "Optional, shown at the top of the page, ideally 1600 × 900 pixels."
    )
    hero_width = hero_size_field()
    hero_height = hero_size_field()
    hero_alt = hero_alt_field(ALT_HELP)
    hero_focal_x = focal_field("x")
    hero_focal_y = focal_field("y")
    hero_image_renditions = renditions_field()
    show_in_header = models.BooleanField(
        "in the header menu", default=False, help_text="List it in the menu at the top."
    )
    show_in_footer = models.BooleanField(
        "in the footer menu", default=False, help_text="List it in the footer of every page."
    )
    menu_order = models.PositiveSmallIntegerField(
        default=0, help_text="Menus list lower numbers first; equal numbers by title."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PageQuerySet.as_manager()

    RENDITIONS = {"hero_image": (HERO_RENDITIONS, "hero")}

    class Meta(Publishable.Meta):
        ordering = ["path"]
        indexes = [
            models.Index(fields=["show_in_header", "status", "menu_order"], name="page_header_idx"),
            models.Index(fields=["show_in_footer", "status", "menu_order"], name="page_footer_idx"),
        ]
        permissions = [("publish_page", "Can publish, schedule, unpublish and archive pages")]

    # Menus and the tree show a page's title and place: changing one changes every page.
    CACHE_LISTED_BY = (
        *Publishable.CACHE_LISTED_BY,
        *("title", "path", "parent_id", "show_in_header", "show_in_footer", "menu_order"),
    )

    def __str__(self):
        return self.title

    def cache_tags(self):
        """Its page, its parent's, and the menus and page addresses every page shows."""
        tags = {*super().cache_tags(), "menus"}
        if self.parent_id:
            tags.add(f"page:{self.parent_id}")
        return tags

    def save(self, *args, **kwargs):
        old_path = self.path
        self.path = self.build_path()
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            self._move_descendants(old_path)

    def get_absolute_url(self):
        return reverse("pages:detail", kwargs={"path": self.path})

    def clean(self):
        super().clean()  # publish and expiry dates
        if self.hero_image and not self.hero_alt.strip():
            raise ValidationError({"hero_alt": "Describe the image for readers who cannot see it."})
        if not self.slug:
            return  # the field's own error says so
        self._check_parent()
        path = self.build_path()
        if reason := reserved_reason(path):
            raise ValidationError({"slug": reason})
        taken = Page.objects.filter(path=path).exclude(pk=self.pk)
        if taken.exists():
            raise ValidationError(
                {"slug": f"Another page already lives at /{path}/. Choose another slug."}
            )

    def _check_parent(self):
        ancestors = self.ancestors()
        if self.pk and self._is_above(self.parent):
            raise ValidationError({"parent": "A page cannot sit under itself or its sub-pages."})
        if len(ancestors) + 1 > MAX_DEPTH:
            raise ValidationError(
                {"parent": f"Pages go at most {MAX_DEPTH} levels deep. Choose a higher parent."}
            )

    def build_path(self):
        """The page's address below the root: the parent's, then its own slug."""
        return f"{self.parent.path}/{self.slug}" if self.parent_id else self.slug

    def ancestors(self):
        """The pages above this one, the top one first (stops at a loop)."""
        chain, seen, page = [], {self.pk}, self.parent
        while page is not None and page.pk not in seen and len(chain) <= MAX_DEPTH:
            chain.insert(0, page)
            seen.add(page.pk)
            page = page.parent
        return chain

    def _is_above(self, page):
        """Whether this page is `page` or one of the pages above it (a loop if made parent)."""
        for _step in range(MAX_DEPTH + 2):
            if page is None:
                return False
            if page.pk == self.pk:
                return True
            page = page.parent
        return True

    def _move_descendants(self, old_path):
        """A new slug or parent moves the pages below: their addresses follow.

        A row at a time through `update()`, which skips the state and retires cached pages.
        """
        for child in Page.objects.filter(path__startswith=f"{old_path}/").order_by("path"):
            new = self.path + child.path.removeprefix(old_path)
            Page.objects.filter(pk=child.pk).update(path=new)

    @property
    def depth(self):
        return self.path.count("/")

    def is_authored_by(self, user):
        """The page's creator: a contributor edits their own draft until it is published."""
        return user.is_authenticated and self.created_by_id == user.pk
