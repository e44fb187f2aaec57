"""The admin side of Word import: the upload page, and images in an article's text."""

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
from .word_import import check_docx, import_docx

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
        """A few messages: what was made, and what the editor should check."""
        article = result.article
        self.message_user(
            request,
            format_html(
                "“{}” was imported from Word as a draft. Check it before publishing: "
                "the summary is the first paragraph, shorten or rewrite it.",
                article.title,
            ),
            messages.SUCCESS,
        )
        if result.images_without_alt:
            numbers = result.images_without_alt
            listed = ", ".join(str(n) for n in numbers[:-1])
            which = (
                f"Images {listed} and {numbers[-1]} have" if listed else f"Image {numbers[0]} has"
            )
            self.message_user(
                request,
                f"{which} no alt text. Describe each for readers who cannot see it, under "
                "“Images in the text” below.",
                messages.WARNING,
            )
        for line in result.skipped_images[:3]:
            self.message_user(request, line, messages.WARNING)
        if len(result.skipped_images) > 3:
            self.message_user(
                request,
                f"{len(result.skipped_images) - 3} more images were left out for the same reasons.",
                messages.WARNING,
            )
        for line in result.warnings:
            self.message_user(request, line, messages.INFO)


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
