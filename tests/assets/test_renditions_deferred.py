"""Renditions are made by a worker after the upload; until then pages show the original
(its clean re-encode), never a broken image or the renditions of an earlier one."""

import pytest
from django.core.cache import cache
from django_tasks_db.models import DBTaskResult

from articles.models import Article
from tests.helpers.factories import ArticleFactory, image_file

pytestmark = pytest.mark.usefixtures("task_queue")


def queued_renditions():
    return DBTaskResult.objects.filter(task_path="assets.tasks.make_renditions", status="READY")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_page_shows_the_original_until_a_worker_has_made_the_renditions(client, processes):
    article = ArticleFactory(hero_image=image_file(size=(2000, 1000)), hero_alt="A meeting")
    assert article.hero_image_renditions == {}
    assert queued_renditions().count() == 1

    html = client.get(article.get_absolute_url()).content.decode()
    assert f'src="{article.hero_image.url}"' in html
    assert "srcset" not in html.split('alt="A meeting"')[0].rsplit("<picture", 1)[-1]

    worker = processes("run_worker", "--batch", "--no-startup-delay", "--interval", "0")
    assert worker.popen.wait(60) == 0, worker.output()

    # The worker retired cached pages in its own cache; in production the cache is shared.
    cache.clear()
    article.refresh_from_db()
    assert article.hero_image_renditions["source"] == article.hero_image.name
    html = client.get(article.get_absolute_url()).content.decode()
    hero = article.hero_image_renditions["sizes"]["hero"]
    assert article.hero_image.storage.url(hero[-1]["webp"]) in html
    assert f'src="{article.hero_image.url}"' not in html


@pytest.mark.django_db
def test_a_replaced_image_shows_as_itself_while_its_renditions_are_made(client, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": []}
    }
    article = ArticleFactory(hero_image=image_file(size=(1200, 600)), hero_alt="Old")
    old_renditions = article.hero_image_renditions
    assert old_renditions["sizes"]["hero"]

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    article = Article.objects.get(pk=article.pk)
    article.hero_image = image_file(size=(1300, 650), name="new.png")
    article.hero_alt = "New"
    article.save()
    assert queued_renditions().count() == 1

    html = client.get(article.get_absolute_url()).content.decode()
    assert f'src="{article.hero_image.url}"' in html
    old_file = old_renditions["sizes"]["hero"][0]["webp"]
    assert old_file not in html
