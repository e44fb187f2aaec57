"""What an article page tells search engines (schema.org JSON-LD), registered with seo."""

from seo.metadata import image_url, iso_datetime, organization

from .models import Article

SCHEMA_TYPES = {
    Article.Kind.NEWS: "NewsArticle",
    Article.Kind.REPORT: "Report",
    Article.Kind.POLICY_BRIEF: "Report",
    Article.Kind.ANALYSIS: "ScholarlyArticle",
    Article.Kind.COMMENTARY: "ScholarlyArticle",
}


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
