"""The Django side of `make bench-launch`: run inside `manage.py shell` by bench/launch.py.

    manage.py shell -c "import launch_site; launch_site.prepare('var/…/paths.txt')"

(bench/ on sys.path). Each function prints one JSON object for the caller.
"""

import hashlib
import json
from datetime import UTC, datetime, timedelta

from django.urls import reverse
from django.utils import timezone

DRAFT_SLUG = "launch-draft"
CORRECTED_RANKS = 10  # the editor corrects the most read articles, in turn


def prepare(paths_file):
    """The readers' addresses (hot pages, then articles by popularity) and the fixtures."""
    from articles.models import Article
    from taxonomy.models import Topic

    report = Article.objects.published().filter(kind="report").order_by("-published_at").first()
    topic = report.topics.order_by("pk").first() or Topic.objects.order_by("pk").first()
    live = Article.objects.published().values_list("pk", "slug")
    # A fixed shuffle: popularity has nothing to do with age or id, so the hot articles
    # are not also the ones every list shows.
    ranked = sorted(live, key=lambda row: hashlib.md5(str(row[0]).encode()).digest())
    prefix = reverse("articles:detail", kwargs={"slug": "x"})[:-2]
    hot = ["/", report.get_absolute_url(), topic.get_absolute_url()]
    with open(paths_file, "w") as out:
        out.writelines(f"hot {path}\n" for path in hot)
        out.writelines(f"{prefix}{slug}/\n" for _pk, slug in ranked)
    print(
        json.dumps(
            {
                "hot": hot,
                "articles": len(ranked),
                "corrected": [
                    {"pk": pk, "path": f"{prefix}{slug}/"} for pk, slug in ranked[:CORRECTED_RANKS]
                ],
                "draft_pk": _draft().pk,
                "topic_pk": topic.pk,
                "topic_path": topic.get_absolute_url(),
                "counts": _counts(),
            }
        )
    )


def _draft():
    from articles.models import Article
    from publishing import workflow

    draft = Article.objects.filter(slug=DRAFT_SLUG).first()
    if draft is None:
        draft = Article(
            title="Launch draft", slug=DRAFT_SLUG, summary="A draft.", body="<p>Text.</p>"
        )
        workflow.save(draft, workflow.system_user())
    return draft


def _counts():
    from articles.models import Article, Update
    from people.models import Person

    return {
        "articles": Article.objects.count(),
        "live": Article.objects.published().count(),
        "people": Person.objects.count(),
        "updates": Update.objects.count(),
    }


def schedule(run_id, at_timestamp, topic_pk):
    """A new article, scheduled by the workflow to go live at `at_timestamp`."""
    from articles.models import Article, ArticleAuthor
    from people.models import Person
    from publishing import workflow
    from taxonomy.models import Topic

    marker = f"Zqs{run_id}"
    user = workflow.system_user()
    article = Article(
        title=f"{marker}: the launch-day report",
        slug=f"launch-{run_id}",
        kind="analysis",
        summary="Scheduled before the run.",
        body="<p>Scheduled before the run.</p>",
    )
    workflow.save(article, user)
    article.topics.set([Topic.objects.get(pk=topic_pk)])
    ArticleAuthor.objects.create(article=article, person=Person.objects.active().first(), order=0)
    at = datetime.fromtimestamp(at_timestamp, tz=UTC)
    if at <= timezone.now() + timedelta(seconds=1):
        raise SystemExit("The scheduled time has already passed.")
    workflow.schedule(article, user, at)
    topic = Topic.objects.get(pk=topic_pk)
    print(
        json.dumps(
            {
                "marker": marker,
                "pages": [article.get_absolute_url(), "/articles/", "/", topic.get_absolute_url()],
            }
        )
    )
