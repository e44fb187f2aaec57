from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db import transaction
from django.urls import include, path, re_path, reverse

from articles import feeds
from articles import sitemaps as article_sitemaps
from assets import media_views
from core.cache import cacheable
from events.feeds import EventFeed
from events.sitemaps import EventSitemap
from pages.sitemaps import PageSitemap as InstitutionSitemap
from people.sitemaps import PersonSitemap
from taxonomy.sitemaps import RegionSitemap, TopicSitemap

from . import views

admin.site.site_header = f"{settings.SITE_NAME} editorial"
admin.site.site_title = f"{settings.SITE_NAME} admin"
admin.site.index_title = "Publishing"


class PageSitemap(Sitemap):
    """The site's own index pages (of several apps, so named here, where they meet)."""

    def items(self):
        return [
            "home",
            "articles:list",
            "events:list",
            "people:list",
            "taxonomy:topic-list",
            "taxonomy:region-list",
            "articles:series-list",
            "articles:update-list",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "articles": article_sitemaps.ArticleSitemap,
    "people": PersonSitemap,
    "topics": TopicSitemap,
    "regions": RegionSitemap,
    "series": article_sitemaps.SeriesSitemap,
    "updates": article_sitemaps.UpdateSitemap,
    "institution": InstitutionSitemap,
    "events": EventSitemap,
}
# A sitemap names thousands of rows: it carries the lists it shows instead of a tag per row,
# so it changes as items come and go; an edit's new lastmod shows within PAGE_CACHE_SECONDS.
SITEMAP_TAGS = [f"list:{name}" for name in ("articles", "pages", "people", "topics")] + [
    f"list:{name}" for name in ("regions", "series", "updates", "events")
]
sitemap_cacheable = cacheable(*SITEMAP_TAGS, rows=False)


def feed_routes(prefix, feed_class, name):
    """The RSS and Atom forms of one feed, at prefix.rss and prefix.atom."""
    tags = getattr(feed_class, "cache_tags", ())
    rss, atom = (cacheable(*tags)(view) for view in (feed_class(), feeds.atom(feed_class)()))
    return [
        path(f"{prefix}.rss", transaction.non_atomic_requests(rss), name=name),
        path(f"{prefix}.atom", transaction.non_atomic_requests(atom), name=f"{name}-atom"),
    ]


urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("search/", views.search_page, name="search"),
    path("robots.txt", views.robots_txt, name="robots"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's).
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "sitemap.xml",
        transaction.non_atomic_requests(sitemap_cacheable(sitemap_views.index)),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        transaction.non_atomic_requests(sitemap_cacheable(sitemap_views.sitemap)),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    *feed_routes("feeds/articles", feeds.ArticleFeed, "feed-articles"),
    *feed_routes("feeds/updates", feeds.UpdateFeed, "feed-updates"),
    *feed_routes("feeds/events", EventFeed, "feed-events"),
    *feed_routes("feeds/topics/<str:slug>", feeds.TopicFeed, "feed-topic"),
    *feed_routes("feeds/regions/<slug:slug>", feeds.RegionFeed, "feed-region"),
    *feed_routes("feeds/people/<slug:slug>", feeds.AuthorFeed, "feed-person"),
    path("", include("articles.urls")),
    path("", include("events.urls")),
    path("", include("publishing.urls")),
    path("", include("taxonomy.urls")),
    path("people/", include("people.urls")),
    path("newsletter/", include("newsletter.urls")),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    # Report PDFs for whoever holds a current signed link (editors, from the admin).
    path("private-media/<path:name>", media_views.private_file, name="private-media"),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            rf"^{urlsplit(settings.MEDIA_URL).path.strip('/')}/(?P<path>.*)$",
            media_views.serve_media,
            name="media",
        )
    ]

# Last of all: the institution's pages answer any root address nothing above took
# (/about/, /about/governance/), and raise Http404 for the rest.
urlpatterns += [path("", include("pages.urls"))]
