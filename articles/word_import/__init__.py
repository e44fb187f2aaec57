"""Word import: a .docx file becomes a draft article.

Authors write in Word; editors upload the file and get a draft to check and
publish. `import_docx` is the whole of it, for the admin and the `import_docx`
management command alike:

1. `check_docx` (checks.py) proves the upload is a Word document of a sensible size before
   anything is decompressed (a renamed PDF, an old .doc, a macro-enabled .docm
   or a zip bomb each gets a message saying what to do instead).
2. mammoth converts it to HTML through a style map (conversion.py). The first Title (or a
   Heading 1 before any text) becomes the article's title; the remaining heading
   levels become h2 and h3, the site's sections and subsections. Footnotes and
   endnotes become a "Notes" section at the end, with links both ways (notes.py).
   Images are checked like any upload and kept as `ArticleImage`s (images.py).
3. One transaction (the workflow's save) creates the draft, its images, its first
   revision and the audit event; if any step fails, the stored image files are removed
   too. Without a user (the command run without --user) it acts as the system user.

Nothing in the document is trusted: the body is sanitised by the article's
`RichTextField` like any other input, so a `javascript:` link or `<script>` text
comes out inert.
"""

from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils.text import slugify

from audit.models import AuditEvent
from publishing import workflow

from ..models import Article, ArticleAuthor, ArticleImage
from .checks import check_docx
from .conversion import convert
from .images import delete_image_files
from .messages import count


@dataclass
class ImportResult:
    article: Article
    images: list[ArticleImage]
    images_without_alt: list[int]
    skipped_images: list[str]
    notes: int
    warnings: list[str]
    summary_from: str = ""


def import_docx(file, *, user=None, kind=Article.Kind.ANALYSIS, filename=None):
    """Create a draft article from the Word document `file`; return what was done.

    Raises ValidationError (with a message for the editor) for anything that
    is not a readable Word document. Nothing is saved in that case.
    """
    filename = filename or getattr(file, "name", "") or "document.docx"
    check_docx(file)
    conversion = convert(file, filename=filename)
    user = user or workflow.system_user()
    article = Article(
        title=conversion.title,
        slug=unique_slug(conversion.title),
        kind=kind,
        summary=conversion.summary,
    )
    stored = []
    relations = partial(_add_images_and_byline, article, conversion, user, stored)
    try:
        with transaction.atomic():
            workflow.save(
                article,
                user,
                description=f"Imported from “{filename}”",
                relations=relations,
                event=lambda: (
                    AuditEvent.Action.IMPORT,
                    f"From “{filename}”: {count(len(stored), 'image')}, "
                    f"{count(conversion.notes, 'note')}.",
                ),
            )
    except BaseException:
        for image in stored:
            delete_image_files(image)
        raise
    return ImportResult(
        article=article,
        images=stored,
        images_without_alt=[e.number for e in conversion.images if not e.alt],
        skipped_images=conversion.skipped_images,
        notes=conversion.notes,
        warnings=conversion.warnings,
        summary_from=conversion.summary_from,
    )


def _add_images_and_byline(article, conversion, user, stored):
    """Keep the document's images (`stored` lists them) and point the body at them."""
    body = conversion.body
    for extracted in conversion.images:
        image = ArticleImage(article=article, alt=extracted.alt)
        image.image = extracted.file
        stored.append(image)
        image.save()
        body = body.replace(
            f'src="{extracted.token}"',
            f'src="{image.image.url}" width="{image.width}" height="{image.height}"',
        )
    article.body = body
    article.save(update_fields=["body", "updated_at"])
    person = getattr(user, "person", None)
    if person is not None and not user.has_perm("articles.publish_article"):
        # A contributor's import is theirs, or it would vanish from their list.
        ArticleAuthor.objects.create(article=article, person=person, order=0)


def unique_slug(title):
    """A slug from `title` no article has yet: "title", then "title-2", "title-3"…"""
    max_length = Article._meta.get_field("slug").max_length
    base = slugify(title)[: max_length - 6].strip("-") or "imported-article"
    taken = set(Article.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


__all__ = ["ImportResult", "check_docx", "convert", "count", "import_docx", "unique_slug"]
