"""generate_content: the synthetic archive the benchmarks measure."""

import io

import pytest
from django.core.management import call_command

from articles.models import Article, Update
from people.models import Person
from taxonomy.models import Topic

pytestmark = pytest.mark.django_db


def test_generate_content_makes_what_it_is_asked_for_and_readers_see_it(client):
    call_command(
        "generate_content",
        "--articles=12",
        "--people=5",
        "--updates=7",
        "--topics=4",
        "--regions=2",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert (Article.objects.count(), Person.objects.count(), Update.objects.count()) == (12, 5, 7)
    assert Topic.objects.count() == 4
    live = Article.objects.published().first()
    assert client.get(live.get_absolute_url()).status_code == 200
