"""The admin side of Word import: the upload page, and images in an article's text."""

import re

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from .models import Article, ArticleImage
from .word_import import check_docx, count, import_docx
from .word_import.conversion import (
    SUMMARY_COPIED,
    SUMMARY_FROM_TEXT,
    SUMMARY_MOVED,
    SUMMARY_TOO_LONG,
)

DOCX_TYPES = ".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class WordImportForm(forms.Form):
    file = forms.FileField(
        label="Word document",
        help_text="A .docx file. Its title (Word's Title style, or the first Heading 1) "
        "becomes the article title; headings, lists, links, notes and pictures come along.",
        widget=forms.ClearableFileInput(attrs={"accept": DOCX_TYPES}),
    )
    kind = forms.ChoiceField(choices=Article.Kind.choices, initial=Article.Kind.ANALYSIS)

    def clean_file(self):
        file = self.cleaned_data["file"]
        check_docx(file)
        return file


class WordImportMixin:
    """Adds "Import from Word" to an article admin: a page that makes a draft from a .docx."""

    import_template = "admin/articles/article/import_word.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_word_view)
        return [
            path("import-word/", view, name="articles_article_import_word"),
            *super().get_urls(),
        ]

    def import_word_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = WordImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = import_docx(
                    upload, user=request.user, kind=form.cleaned_data["kind"], filename=upload.name
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                self._report(request, result)
                return redirect(reverse("admin:articles_article_change", args=[result.article.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": "Import an article from Word",
            "opts": self.model._meta,
            "form": form,
            "limit": filesizeformat(settings.MAX_WORD_UPLOAD_BYTES),
        }
        return TemplateResponse(request, self.import_template, context)

    def get_inline_instances(self, request, obj=None):
        # Images in the text show only on articles that have some, so other forms
        # (and whatever posts them) are unchanged.
        inlines = super().get_inline_instances(request, obj)
        if obj is None or not obj.images.exists():
            inlines = [i for i in inlines if not isinstance(i, ArticleImageInline)]
        return inlines

    def _report(self, request, result):
        """A few messages: what was made and kept, what was left out, and what to do."""
        for level, text in report_lines(result):
            self.message_user(request, text, level)


SUMMARY_LINES = {
    SUMMARY_MOVED: "The summary is the document’s first paragraph, which was taken out of "
    "the text so it is not there twice. Shorten or rewrite it if needed.",
    SUMMARY_COPIED: "The summary is a plain-text copy of the first paragraph, which also "
    "stays in the text because it has a link, note or picture. Rewrite the summary so the "
    "article does not open with the same words twice.",
    SUMMARY_TOO_LONG: "The first paragraph is longer than a summary may be ({limit} "
    "characters), so it stays in the text and the summary holds its beginning. Write a "
    "shorter summary.",
    SUMMARY_FROM_TEXT: "The document has no ordinary paragraph to make the summary from, so "
    "it holds the start of the text. Write a summary of one to three sentences.",
}


def report_lines(result):
    """(message level, text) for each thing the editor should know about an import."""
    article = result.article
    kept = ["the text"]
    sections = len(re.findall(r"<h2[ >]", article.body)) - (1 if result.notes else 0)
    for n, noun in ((sections, "section"), (len(result.images), "image")):
        if n:
            kept.append(count(n, noun))
    if result.notes:
        kept.append(f"{count(result.notes, 'note')} (now at the end, under “Notes”)")
    listed = ", ".join(kept[:-1]) + f" and {kept[-1]}" if len(kept) > 1 else kept[0]
    lines = [
        (
            messages.SUCCESS,
            format_html(
                "“{}” is now a draft article, made from the Word document. Kept: {}. "
                "Next: check it against the document, add authors, topics and regions, "
                "then publish it.",
                article.title,
                listed,
            ),
        )
    ]
    if summary := SUMMARY_LINES.get(result.summary_from):
        limit = Article._meta.get_field("summary").max_length
        lines.append((messages.WARNING, summary.format(limit=limit)))
    if numbers := result.images_without_alt:
        listed = ", ".join(str(n) for n in numbers[:-1])
        which = f"Images {listed} and {numbers[-1]} have" if listed else f"Image {numbers[0]} has"
        lines.append(
            (
                messages.WARNING,
                f"{which} no alt text. Describe each for readers who cannot see it, under "
                "“Images in the text” below.",
            )
        )
    lines += [(messages.WARNING, line) for line in result.skipped_images[:3]]
    if len(result.skipped_images) > 3:
        more = len(result.skipped_images) - 3
        lines.append((messages.WARNING, f"{more} more images were left out for the same reasons."))
    lines += [(messages.WARNING, line) for line in result.warnings]
    return lines


class ArticleImageInline(admin.TabularInline):
    """The pictures in an article's text; new ones come from Word imports."""

    model = ArticleImage
    fields = ["preview", "alt", "address"]
    readonly_fields = ["preview", "address"]
    extra = 0
    can_delete = True
    verbose_name = "image in the text"
    verbose_name_plural = "images in the text (from Word imports)"

    def has_add_permission(self, request, obj=None):
        # Images arrive with their place in the text; a bare upload would show nowhere.
        return False

    @admin.display(description="image")
    def preview(self, image):
        entries = (image.image_renditions or {}).get("sizes", {}).get("body") or []
        if entries:
            fallback = "png" if "png" in entries[0] else "jpeg"
            url = image.image.storage.url(entries[0][fallback])
        else:
            url = image.image.url if image.image else ""
        if not url:
            return "—"
        return format_html('<img src="{}" alt="{}" width="120">', url, image.alt)

    @admin.display(description="address (to place it in the text again)")
    def address(self, image):
        return image.image.url if image.image else "—"
