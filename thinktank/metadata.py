"""Structured data (schema.org JSON-LD) for articles, people and the site."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

SCHEMA_TYPES = {
    Article.Kind.NEWS: "NewsArticle",
    Article.Kind.REPORT: "Report",
    Article.Kind.POLICY_BRIEF: "Report",
    Article.Kind.ANALYSIS: "ScholarlyArticle",
    Article.Kind.COMMENTARY: "ScholarlyArticle",
}


def iso_datetime(value):
    """A time for machines (HTML's datetime attribute, meta tags, JSON-LD), to the second.

    ISO 8601 in the site's time zone. Times saved "now" carry microseconds, but HTML allows
    at most three digits of a fraction and no reader needs any.
    """
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()


def organization(request):
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": request.build_absolute_uri("/"),
    }


def site(request):
    return [
        {"@context": "https://schema.org", **organization(request)},
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": settings.SITE_NAME,
            "url": request.build_absolute_uri("/"),
            "potentialAction": {
                "@type": "SearchAction",
                "target": request.build_absolute_uri(reverse("search")) + "?q={search_term_string}",
                "query-input": "required name=search_term_string",
            },
        },
    ]


def person(request, person):
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.name,
        "url": request.build_absolute_uri(person.get_absolute_url()),
        "jobTitle": person.role,
        "description": person.short_bio,
        "worksFor": organization(request),
        "sameAs": [link.url for link in person.links.all()],
    }
    if image := image_url(request, person.photo, person.photo_renditions, "square"):
        data["image"] = image
    return data


def article(request, article):
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES[article.kind],
        "headline": article.title,
        "description": article.summary,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        # A preview of a draft has no publication date yet.
        "datePublished": iso_datetime(article.published_at or article.updated_at),
        "dateModified": iso_datetime(article.modified_at or article.updated_at),
        "author": [
            {
                "@type": "Person",
                "name": author.name,
                "jobTitle": author.role,
                "affiliation": organization(request),
                **(
                    {"url": request.build_absolute_uri(author.get_absolute_url())}
                    if author.is_active
                    else {}
                ),
            }
            for author in article.byline_people
        ],
        "publisher": organization(request),
        "keywords": [topic.name for topic in article.topics.all()],
        "isAccessibleForFree": True,
    }
    if image := image_url(request, article.hero_image, article.hero_image_renditions, "hero"):
        data["image"] = image
    if article.has_document:
        data["encoding"] = {
            "@type": "MediaObject",
            "encodingFormat": "application/pdf",
            "contentUrl": request.build_absolute_uri(article.get_document_url()),
            **({"contentSize": f"{article.pdf_size} B"} if article.pdf_size else {}),
        }
    return data


def image_url(request, image, renditions, spec):
    """The absolute URL of the largest rendition (JPEG/PNG, as crawlers prefer)."""
    entries = (renditions or {}).get("sizes", {}).get(spec) or []
    if not image or not entries:
        return None
    entry = entries[-1]
    fmt = "png" if "png" in entry else "jpeg"
    return request.build_absolute_uri(image.storage.url(entry[fmt]))
