import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from articles.models import Article, Update
from people.models import Person
from taxonomy.models import Region, Topic

pytestmark = pytest.mark.django_db

SEED_HEADINGS = [
    "A Warm Welcome at GHQ",
    "Strategic Dialogue on Defense Collaboration",
    "Historical Ties and Contemporary Relevance",
    "Regional Security and Counterterrorism",
    "Future Prospects and Defense Industrial Collaboration",
    "Symbolism and Strategic Outreach",
    "Conclusion",
]


@pytest.fixture
def demo(db):
    call_command("load_demo", "--accounts", verbosity=0)


def test_the_seed_article_is_a_published_analysis_dated_18_july_2025(demo):
    article = Article.objects.published().get(slug="pakistan-libya-defence-ties")
    assert article.kind == Article.Kind.ANALYSIS
    assert article.published_at.date().isoformat() == "2025-07-18"
    assert {t.slug for t in article.topics.all()} >= {
        "defence-cooperation",
        "counter-terrorism",
        "military-diplomacy",
    }
    assert {r.slug for r in article.regions.all()} == {"north-africa", "south-asia"}


def test_seed_headings_are_h2s_with_a_working_table_of_contents(demo, client):
    response = client.get("/articles/pakistan-libya-defence-ties/")
    html = response.content.decode()
    article = response.context["article"]
    assert [h.text for h in article.table_of_contents] == SEED_HEADINGS
    for heading in article.table_of_contents:
        assert f'<h2 id="{heading.id}">{heading.text}</h2>' in html
        assert f'<a href="#{heading.id}">{heading.text}</a>' in html
    body = html.split('<div class="prose">', 1)[1].split("</div>", 1)[0]
    assert body.count("<h2") == 7
    assert "Lieutenant General Saddam Khalifa Haftar" in html


def test_loading_twice_changes_nothing(demo):
    def snapshot():
        return [
            list(model.objects.order_by("pk").values())
            for model in (Article, Person, Topic, Region, Update)
        ]

    before = snapshot()
    call_command("load_demo", "--accounts", verbosity=0)
    assert snapshot() == before


def test_loading_again_keeps_an_editors_changes(demo):
    Article.objects.filter(slug="pakistan-libya-defence-ties").update(title="Edited title")
    call_command("load_demo", verbosity=0)
    assert Article.objects.get(slug="pakistan-libya-defence-ties").title == "Edited title"


def test_sample_profiles_are_plainly_marked(demo):
    assert Person.objects.count() >= 4
    for person in Person.objects.all():
        assert person.short_bio.startswith("Sample profile")


def test_demo_accounts_can_log_in_with_their_roles(demo, rf):
    editor = authenticate(rf.post("/accounts/login/"), username="editor", password="thinktank-demo")
    staff = authenticate(rf.post("/accounts/login/"), username="staff", password="thinktank-demo")
    assert editor.has_perm("articles.publish_article")
    assert staff.has_perm("articles.add_update")
    assert staff.has_perm("articles.change_article")  # their own drafts, as contributors
    assert not staff.has_perm("articles.publish_article")
    assert staff.person.slug == "tariq-mehmood"


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles/",
        "/people/",
        "/people/amina-rahman/",
        "/topics/",
        "/topics/defence-cooperation/",
        "/regions/",
        "/regions/north-africa/",
        "/updates/",
        "/series/",
        "/series/new-security-partnerships/",
    ],
)
def test_every_public_page_shows_real_demo_content(demo, client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "yet." not in response.content.decode()  # no empty-state messages


def test_the_draft_sample_stays_hidden(demo, client):
    assert client.get("/articles/gulf-mediation-draft/").status_code == 404
    assert "Gulf Mediation" not in client.get("/articles/").content.decode()


def test_the_demo_report_offers_its_pdf_and_the_seed_article_opens_a_series(demo, client):
    report = client.get("/articles/sahel-after-the-withdrawals/").content.decode()
    assert "Download the report (PDF, " in report
    assert "4 pages)" in report  # a cover and one page per section
    assert client.get("/articles/sahel-after-the-withdrawals/pdf/").status_code == 200
    seed = client.get("/articles/pakistan-libya-defence-ties/").content.decode()
    assert "Part 1 of 3 in the series" in seed
