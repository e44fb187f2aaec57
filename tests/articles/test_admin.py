import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _plain_http(settings):
    settings.SECURE_SSL_REDIRECT = False


def test_scratch(editor_client):
    from tests.factories import ArticleFactory, PersonFactory, TopicFactory
    p = PersonFactory()
    t = TopicFactory()
    a = ArticleFactory(authors=[p], topics=[t])
    r = editor_client.get("/admin/articles/article/add/")
    open("/tmp/scratch/add.html", "w").write(r.content.decode())
    r = editor_client.get(f"/admin/articles/article/{a.pk}/change/")
    open("/tmp/scratch/change.html", "w").write(r.content.decode())
    r = editor_client.get(f"/admin/people/person/{p.pk}/change/")
    open("/tmp/scratch/person.html", "w").write(r.content.decode())
    r = editor_client.get("/admin/articles/article/")
    open("/tmp/scratch/cl.html", "w").write(r.content.decode())
