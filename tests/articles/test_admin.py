"""Editors run the site from /admin/; staff use it for their own updates only.

Every test goes through the admin's real pages and real form posts, as a browser
would submit them.
"""

import json
from datetime import datetime, timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Update
from people.models import Person
from taxonomy.models import Region, Topic
from tests.helpers.admin import (
    ARTICLES,
    PEOPLE,
    REGIONS,
    TOPICS,
    UPDATES,
    article_form,
    autocomplete,
    results,
    run_action,
)
from tests.helpers.factories import (
    ArticleFactory,
    PersonFactory,
    RegionFactory,
    TopicFactory,
    UpdateFactory,
    UserFactory,
    image_file,
)
from tests.helpers.files import not_an_image, stored_files
from tests.helpers.forms import form_data, management_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    """An anonymous visitor: no session, so the public page cache applies to them."""
    return Client()


def populate(n):
    """`n` more of everything the changelists show, each with all its relations filled.

    Every row also shares one topic, region and author, so a changelist filtered on
    them still lists every row.
    """
    topic = TopicFactory(name="Shared topic", slug="shared-topic")
    region = RegionFactory(name="Shared region", slug="shared-region")
    author = Person.objects.filter(slug="shared-author").first() or PersonFactory(
        name="Shared author", slug="shared-author"
    )
    for _ in range(n):
        colleague = PersonFactory(user=UserFactory())
        colleague.expertise.add(topic, TopicFactory())
        ArticleFactory(
            authors=[author, colleague],
            topics=[topic, TopicFactory()],
            regions=[region, RegionFactory()],
            hero_image=image_file(),
            hero_alt="A picture",
        )
        UpdateFactory(
            author=author, topics=[topic, TopicFactory()], image=image_file(), image_alt="A picture"
        )


# 1. Every page opens, filters work, queries are bounded -------------------------


@pytest.mark.parametrize(
    "url",
    [ARTICLES, TOPICS, REGIONS, UPDATES, PEOPLE]
    + [f"{changelist}add/" for changelist in (ARTICLES, TOPICS, REGIONS, UPDATES, PEOPLE)],
)
def test_editor_opens_every_changelist_and_add_form(editor_client, url):
    populate(2)
    response = editor_client.get(url)
    assert response.status_code == 200
    if not url.endswith("add/"):
        assert response.context["cl"].result_count >= 2


def test_editor_opens_the_change_page_of_every_kind_of_object(editor_client):
    populate(1)
    article = Article.objects.get()
    for url in [
        f"{ARTICLES}{article.pk}/change/",
        f"{TOPICS}{article.topics.first().pk}/change/",
        f"{REGIONS}{article.regions.first().pk}/change/",
        f"{UPDATES}{Update.objects.get().pk}/change/",
        f"{PEOPLE}{article.authors.first().pk}/change/",
    ]:
        assert editor_client.get(url).status_code == 200, url


@pytest.fixture
def filterable():
    """Two articles that differ in everything the changelist filters on."""
    topic, region, author = TopicFactory(), RegionFactory(), PersonFactory()
    match = ArticleFactory(
        title="Maritime security in the Gulf",
        draft=True,
        kind=Article.Kind.REPORT,
        featured=True,
        topics=[topic],
        regions=[region],
        authors=[author],
    )
    other = ArticleFactory(
        title="Sahel outlook",
        kind=Article.Kind.COMMENTARY,
        topics=[TopicFactory()],
        regions=[RegionFactory()],
        authors=[PersonFactory()],
    )
    return match, other


@pytest.mark.parametrize(
    "query",
    [
        lambda a: {"status__exact": "draft"},
        lambda a: {"kind__exact": "report"},
        lambda a: {"featured__exact": "1"},
        lambda a: {"topic": a.topics.get().slug},
        lambda a: {"regions__id__exact": str(a.regions.get().pk)},
        lambda a: {"author": a.authors.get().slug},
        lambda a: {"q": "maritime"},
        lambda a: {"q": a.authors.get().name},
    ],
    ids=["status", "kind", "featured", "topic", "regions", "author", "search", "author-search"],
)
def test_article_changelist_filters_and_search_find_just_the_matching_article(
    editor_client, filterable, query
):
    match, _other = filterable
    response = editor_client.get(ARTICLES, query(match))
    assert response.status_code == 200
    assert results(response) == [match]


@pytest.mark.parametrize(
    "query",
    [
        lambda u: {"author": u.author.slug},
        lambda u: {"topic": u.topics.get().slug},
        lambda u: {"q": "testified"},
        lambda u: {"q": u.author.name},
    ],
    ids=["author", "topic", "search", "author-search"],
)
def test_update_changelist_filters_and_search_find_just_the_matching_update(editor_client, query):
    match = UpdateFactory(body="Our fellow testified in Parliament.", topics=[TopicFactory()])
    UpdateFactory(body="Our new report is out.", topics=[TopicFactory()])
    response = editor_client.get(UPDATES, query(match))
    assert response.status_code == 200
    assert results(response) == [match]


def test_searching_by_author_lists_a_co_written_article_once(editor_client):
    article = ArticleFactory(
        authors=[PersonFactory(name="Sara Malik"), PersonFactory(name="Omar Malik")]
    )
    assert results(editor_client.get(ARTICLES, {"q": "malik"})) == [article]


@pytest.mark.parametrize(
    "url",
    [
        ARTICLES,
        f"{ARTICLES}?status__exact=published&kind__exact=analysis&featured__exact=0"
        "&topic=shared-topic&regions__id__exact={region}&author=shared-author&q=article",
        TOPICS,
        f"{TOPICS}?q=topic",
        REGIONS,
        f"{REGIONS}?q=region",
        UPDATES,
        f"{UPDATES}?author=shared-author&topic=shared-topic&q=update",
        PEOPLE,
        f"{PEOPLE}?kind__exact=fellow&is_active__exact=1&expertise=shared-topic&q=expert",
    ],
    ids=[
        "articles",
        "articles-filtered",
        "topics",
        "topics-searched",
        "regions",
        "regions-searched",
        "updates",
        "updates-filtered",
        "people",
        "people-filtered",
    ],
)
def test_changelist_queries_do_not_grow_with_the_number_of_rows(
    editor_client, django_assert_max_num_queries, url
):
    populate(3)
    url = url.format(region=Region.objects.get(slug="shared-region").pk)
    with CaptureQueriesContext(connection) as few_rows:
        response = editor_client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1

    populate(27)
    with django_assert_max_num_queries(len(few_rows)):
        response = editor_client.get(url)
    assert response.context["cl"].result_count >= 30


# 2. Creating an article ----------------------------------------------------------


def test_editor_creates_tags_and_publishes_an_article_with_an_image(
    editor_client, reader, settings
):
    assert "Pakistan and Libya" not in reader.get("/articles/").content.decode()  # cached

    response = editor_client.post(
        f"{TOPICS}add/",
        {"name": "Defence cooperation", "slug": "defence-cooperation", "description": ""},
    )
    assert response.status_code == 302
    response = editor_client.post(
        f"{REGIONS}add/", {"name": "North Africa", "slug": "north-africa", "description": ""}
    )
    assert response.status_code == 302
    topic = Topic.objects.get(slug="defence-cooperation")
    other_topic = TopicFactory(name="Arms trade")
    region = Region.objects.get(slug="north-africa")
    lead, second = PersonFactory(name="Amina Rahman"), PersonFactory(name="Bilal Khan")

    response = editor_client.post(
        f"{ARTICLES}add/",
        article_form(
            kind=Article.Kind.REPORT,
            body=(
                "<h2>Background</h2><p>The agreement.</p>"
                "<script>alert('owned')</script><h2>What next</h2><p>More.</p>"
            ),
            hero_image=image_file("hero.jpg", size=(160, 90)),
            hero_alt="Officers at the signing ceremony",
            hero_credit="Photo: ISPR",
            topics=[topic.pk, other_topic.pk],
            regions=[region.pk],
            _publish="Publish now",
            # Listed out of order on purpose: the order field decides the byline.
            **management_form("bylines", 3),
            **{"bylines-0-person": str(second.pk), "bylines-0-order": "2"},
            **{"bylines-1-person": str(lead.pk), "bylines-1-order": "1"},
            **{"bylines-2-person": "", "bylines-2-order": "0"},
        ),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert response["Location"] == f"{ARTICLES}{article.pk}/change/"
    assert article.title == "Pakistan and Libya: new defence ties"
    assert article.kind == Article.Kind.REPORT
    assert "<script" not in article.body
    assert "alert" not in article.body
    assert '<h2 id="background">Background</h2>' in article.body
    assert '<h2 id="what-next">What next</h2>' in article.body
    assert article.byline_people == [lead, second]
    assert set(article.topics.all()) == {topic, other_topic}
    assert list(article.regions.all()) == [region]
    assert article.hero_image.name.startswith("articles/")
    assert article.hero_image.storage.exists(article.hero_image.name)
    assert (article.hero_width, article.hero_height) == (160, 90)
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at is not None and article.published_at <= timezone.now()
    # The original plus its renditions (WebP and JPEG for the hero and the card crop).
    rendition_names = {
        name
        for entries in article.hero_image_renditions["sizes"].values()
        for entry in entries
        for key, name in entry.items()
        if key not in ("w", "h", "bytes")
    }
    assert len(rendition_names) == 4
    assert {p.relative_to(settings.MEDIA_ROOT).as_posix() for p in stored_files(settings)} == {
        article.hero_image.name,
        *rendition_names,
    }

    assert "Pakistan and Libya: new defence ties" in reader.get("/articles/").content.decode()
    page = reader.get("/articles/pakistan-libya-defence-ties/")
    assert page.status_code == 200
    html = page.content.decode()
    # Readers get the resized renditions, never the uploaded original.
    hero = article.hero_image_renditions["sizes"]["hero"][0]
    assert article.hero_image.storage.url(hero["webp"]) in html
    assert article.hero_image.url not in html
    assert 'alt="Officers at the signing ceremony"' in html
    assert html.index("Amina Rahman") < html.index("Bilal Khan")


def test_the_add_form_renders_the_inline_and_fields_the_posts_rely_on(editor_client):
    html = editor_client.get(f"{ARTICLES}add/").content.decode()
    for name in [
        "bylines-TOTAL_FORMS",
        "bylines-INITIAL_FORMS",
        "bylines-0-person",
        "bylines-0-order",
        "hero_image",
        "hero_alt",
        "topics",
        "regions",
        "go_live_at",
        "expire_at",
    ]:
        assert f'name="{name}"' in html, name
    assert 'enctype="multipart/form-data"' in html


@pytest.mark.parametrize("url", [f"{ARTICLES}add/", f"{UPDATES}add/", f"{PEOPLE}add/"])
def test_image_inputs_and_inline_inputs_have_labels_screen_readers_announce(editor_client, url):
    html = editor_client.get(url).content.decode()
    image = {ARTICLES: "hero_image", UPDATES: "image", PEOPLE: "photo"}[url.removesuffix("add/")]
    assert f'for="id_{image}"' in html
    if url.startswith(ARTICLES):
        for field in ("person", "order"):
            assert f'for="id_bylines-0-{field}"' in html


def test_admin_pages_load_the_script_that_names_the_editor_and_autocompletes(editor_client):
    html = editor_client.get(f"{ARTICLES}add/").content.decode()
    assert "/static/js/admin.js" in html


def test_a_draft_saved_in_the_admin_stays_off_the_public_site(editor_client):
    editor_client.post(f"{ARTICLES}add/", article_form())
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None
    assert editor_client.get(article.get_absolute_url()).status_code == 404


# 3. Image mistakes are form errors ------------------------------------------------


def test_a_hero_image_without_alt_text_is_refused_and_nothing_is_saved(editor_client, settings):
    response = editor_client.post(
        f"{ARTICLES}add/", article_form(hero_image=image_file(), hero_alt="  ")
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["hero_alt"]
    assert "Describe the image" in errors["hero_alt"][0]
    assert not Article.objects.exists()
    assert stored_files(settings) == []


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_saved(editor_client, settings):
    response = editor_client.post(
        f"{ARTICLES}add/", article_form(hero_image=not_an_image(), hero_alt="A photo")
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["hero_image"]
    assert "not a JPEG, PNG, WebP or GIF image" in errors["hero_image"][0]
    assert not Article.objects.exists()
    assert stored_files(settings) == []


def test_an_image_in_a_format_the_site_does_not_serve_is_refused(editor_client):
    response = editor_client.post(
        f"{ARTICLES}add/",
        article_form(hero_image=image_file("scan.tiff", fmt="TIFF"), hero_alt="A scan"),
    )
    assert response.status_code == 200
    assert (
        "not a JPEG, PNG, WebP or GIF image"
        in response.context["adminform"].form.errors["hero_image"][0]
    )
    assert not Article.objects.exists()


def test_the_same_author_twice_is_a_form_error_not_a_crash(editor_client):
    person = PersonFactory()
    response = editor_client.post(
        f"{ARTICLES}add/",
        article_form(
            **management_form("bylines", 2),
            **{"bylines-0-person": str(person.pk), "bylines-0-order": "0"},
            **{"bylines-1-person": str(person.pk), "bylines-1-order": "1"},
        ),
    )
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.prefix == "bylines"
    assert "duplicate" in str(formset.non_form_errors())
    assert not Article.objects.exists()


def test_editing_an_article_keeps_its_image_unless_it_is_cleared(editor_client):
    article = ArticleFactory(hero_image=image_file(size=(120, 60)), hero_alt="A port")
    name = article.hero_image.name
    url = f"{ARTICLES}{article.pk}/change/"

    response = editor_client.post(url, form_data(editor_client.get(url), title="Renamed"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.hero_image.name) == ("Renamed", name)
    assert (article.hero_width, article.hero_height) == (120, 60)

    response = editor_client.post(
        url, form_data(editor_client.get(url), **{"hero_image-clear": "on", "hero_alt": ""})
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert not article.hero_image
    assert (article.hero_width, article.hero_height) == (None, None)
    assert editor_client.get(article.get_absolute_url()).status_code == 200


def test_editing_an_image_article_still_requires_alt_text(editor_client):
    article = ArticleFactory(hero_image=image_file(), hero_alt="A port")
    url = f"{ARTICLES}{article.pk}/change/"
    response = editor_client.post(url, form_data(editor_client.get(url), hero_alt=""))
    assert response.status_code == 200
    assert "hero_alt" in response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.hero_alt == "A port"


# 4. Publish and unpublish actions ----------------------------------------------


def test_publish_action_puts_drafts_live_and_stamps_an_empty_publish_date(editor_client, reader):
    never = ArticleFactory(draft=True, title="Never published")
    dated = ArticleFactory(draft=True, published_at=timezone.now() - timedelta(days=3))
    kept_date = dated.published_at
    assert reader.get(never.get_absolute_url()).status_code == 404
    assert "Never published" not in reader.get("/articles/").content.decode()  # cached

    before = timezone.now()
    response = run_action(editor_client, "publish", [never, dated])

    assert "2 articles published" in response.content.decode()
    never.refresh_from_db()
    dated.refresh_from_db()
    assert never.status == dated.status == Article.Status.PUBLISHED
    assert before <= never.published_at <= timezone.now()
    assert dated.published_at == kept_date
    assert reader.get(never.get_absolute_url()).status_code == 200
    assert reader.get(dated.get_absolute_url()).status_code == 200
    assert "Never published" in reader.get("/articles/").content.decode()


def test_publishing_a_future_dated_draft_schedules_it(editor_client, reader):
    later = timezone.now() + timedelta(days=2)
    article = ArticleFactory(draft=True, published_at=later)
    run_action(editor_client, "publish", [article])
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == later
    assert reader.get(article.get_absolute_url()).status_code == 404
    assert "Scheduled for" in editor_client.get(ARTICLES).content.decode()


def test_publish_action_leaves_unselected_articles_alone(editor_client):
    chosen, untouched = ArticleFactory(draft=True), ArticleFactory(draft=True)
    run_action(editor_client, "publish", [chosen])
    untouched.refresh_from_db()
    assert untouched.status == Article.Status.DRAFT
    assert untouched.published_at is None


def test_publish_action_works_on_a_filtered_and_searched_changelist(editor_client):
    topic = TopicFactory(slug="sahel")
    article = ArticleFactory(title="Sahel outlook", draft=True, topics=[topic])
    run_action(editor_client, "publish", [article], url=f"{ARTICLES}?topic=sahel&q=sahel")
    article.refresh_from_db()
    assert article.is_live


def test_unpublish_action_takes_live_articles_off_the_site(editor_client, reader):
    article, kept = ArticleFactory(), ArticleFactory()
    published_at = article.published_at
    # Readers have the pages cached before the editor acts.
    assert reader.get(article.get_absolute_url()).status_code == 200
    assert article.get_absolute_url() in reader.get("/articles/").content.decode()

    response = run_action(editor_client, "unpublish", [article])

    assert "1 article moved back to draft" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.published_at == published_at
    assert reader.get(article.get_absolute_url()).status_code == 404
    assert article.get_absolute_url() not in reader.get("/articles/").content.decode()
    assert reader.get(kept.get_absolute_url()).status_code == 200


def test_an_edit_saved_in_the_admin_reaches_readers_at_once(editor_client, reader):
    article = ArticleFactory(title="Old headline")
    assert "Old headline" in reader.get(article.get_absolute_url()).content.decode()
    url = f"{ARTICLES}{article.pk}/change/"
    response = editor_client.post(url, form_data(editor_client.get(url), title="New headline"))
    assert response.status_code == 302
    html = reader.get(article.get_absolute_url()).content.decode()
    assert "New headline" in html
    assert "Old headline" not in html


def test_an_article_deleted_in_the_admin_leaves_the_site(editor_client, reader):
    article = ArticleFactory(authors=[PersonFactory()], topics=[TopicFactory()])
    assert reader.get(article.get_absolute_url()).status_code == 200
    response = editor_client.post(f"{ARTICLES}{article.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    assert reader.get(article.get_absolute_url()).status_code == 404


def test_staff_cannot_run_editors_article_actions(staff_client, staff_user):
    article = ArticleFactory(authors=[staff_user.person])
    response = staff_client.post(
        ARTICLES, {"action": "unpublish", "index": "0", ACTION_CHECKBOX_NAME: [article.pk]}
    )
    assert response.status_code == 302  # back to the list: no such action for them
    article.refresh_from_db()
    assert article.is_live


# 5. and 6. What the changelist and change page show ------------------------------


def test_status_column_tells_draft_published_and_scheduled_apart(editor_client):
    ArticleFactory(draft=True)
    ArticleFactory()
    ArticleFactory(published_at=timezone.make_aware(datetime(2031, 3, 4, 9, 30)))
    html = editor_client.get(ARTICLES).content.decode()
    badge = '<td class="field-state"><span class="status-badge status-badge--{}">{}'
    assert badge.format("draft", "Draft</span></td>") in html
    assert badge.format("live", "Live</span></td>") in html
    assert badge.format("scheduled", "Scheduled for 4 Mar 2031, 09:30 (in 4") in html


def test_view_on_site_link_shows_only_for_an_article_readers_can_see(editor_client):
    live = ArticleFactory()
    html = editor_client.get(f"{ARTICLES}{live.pk}/change/").content.decode()
    assert f'<a href="{live.get_absolute_url()}" class="viewsitelink">' in html

    for hidden in [ArticleFactory(draft=True), ArticleFactory(future=True)]:
        html = editor_client.get(f"{ARTICLES}{hidden.pk}/change/").content.decode()
        assert "viewsitelink" not in html
        assert hidden.get_absolute_url() not in html


def test_changelist_shows_a_thumbnail_of_the_hero_image(editor_client):
    article = ArticleFactory(hero_image=image_file(), hero_alt="Officers & ministers")
    html = editor_client.get(ARTICLES).content.decode()
    assert f'<img src="{article.hero_image.url}" alt="Officers &amp; ministers"' in html


def test_view_on_site_link_is_absent_for_a_scheduled_update(editor_client):
    update = UpdateFactory(future=True)
    html = editor_client.get(f"{UPDATES}{update.pk}/change/").content.decode()
    assert "viewsitelink" not in html


def test_view_on_site_link_shows_for_a_live_update(editor_client):
    update = UpdateFactory()
    html = editor_client.get(f"{UPDATES}{update.pk}/change/").content.decode()
    assert "viewsitelink" in html


# 7. Topics are picked with the autocomplete ---------------------------------------


def test_topic_autocomplete_finds_matching_topics_for_editors(editor_client):
    wanted = TopicFactory(name="Counter-terrorism")
    TopicFactory(name="Maritime security")
    response = autocomplete(editor_client, "article", "topics", "count")
    assert response.status_code == 200
    assert json.loads(response.content)["results"] == [
        {"id": str(wanted.pk), "text": "Counter-terrorism"}
    ]


def test_region_autocomplete_finds_matching_regions_for_editors(editor_client):
    wanted = RegionFactory(name="North Africa")
    RegionFactory(name="South Asia")
    response = autocomplete(editor_client, "article", "regions", "north")
    assert response.status_code == 200
    assert json.loads(response.content)["results"] == [
        {"id": str(wanted.pk), "text": "North Africa"}
    ]


# The topic and region admins annotate article counts, and aggregation drops
# Meta.ordering: unless the queryset is ordered again, the autocomplete pages an
# unordered list (Django's UnorderedObjectListWarning, an error in this suite).
@pytest.mark.parametrize(
    "factory, app_label, model_name, field_name",
    [
        (TopicFactory, "articles", "article", "topics"),
        (TopicFactory, "articles", "update", "topics"),
        (TopicFactory, "people", "person", "expertise"),
        (RegionFactory, "articles", "article", "regions"),
    ],
    ids=["article-topics", "update-topics", "person-expertise", "article-regions"],
)
def test_autocomplete_lists_choices_alphabetically_without_warnings(
    editor_client, factory, app_label, model_name, field_name
):
    for name in ["Zeta security", "Alpha security", "Mid security"]:
        factory(name=name)
    response = autocomplete(editor_client, model_name, field_name, "security", app_label)
    assert response.status_code == 200
    assert [r["text"] for r in json.loads(response.content)["results"]] == [
        "Alpha security",
        "Mid security",
        "Zeta security",
    ]


def test_the_article_form_shows_its_current_topics_selected(editor_client):
    chosen, other = TopicFactory(name="Counter-terrorism"), TopicFactory(name="Maritime")
    article = ArticleFactory(topics=[chosen])
    response = editor_client.get(f"{ARTICLES}{article.pk}/change/")
    html = response.content.decode()
    assert f'<option value="{chosen.pk}" selected>Counter-terrorism</option>' in html
    # The autocomplete renders only the selected options, not the whole taxonomy.
    assert f'value="{other.pk}"' not in html.split('name="topics"')[1].split("</select>")[0]
    assert 'data-ajax--url="/admin/autocomplete/"' in html


def test_editor_changes_an_articles_topics_and_keeps_everything_else(editor_client):
    old, new = TopicFactory(name="Old"), TopicFactory(name="New")
    author = PersonFactory()
    article = ArticleFactory(topics=[old], authors=[author], regions=[RegionFactory()])
    url = f"{ARTICLES}{article.pk}/change/"
    response = editor_client.post(url, form_data(editor_client.get(url), topics=[new.pk]))
    assert response.status_code == 302
    article.refresh_from_db()
    assert list(article.topics.all()) == [new]
    assert article.byline_people == [author]
    assert article.regions.count() == 1
    assert article.is_live


def test_editor_reorders_and_removes_authors_on_the_change_form(editor_client):
    first, second, third = (PersonFactory(name=name) for name in ["Ali", "Bina", "Chen"])
    article = ArticleFactory(authors=[first, second, third])
    url = f"{ARTICLES}{article.pk}/change/"
    data = form_data(editor_client.get(url))
    shown = [data[f"bylines-{index}-person"] for index in range(3)]
    assert shown == [str(first.pk), str(second.pk), str(third.pk)]

    data |= {"bylines-0-order": "9", "bylines-1-DELETE": "on"}
    response = editor_client.post(url, data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.byline_people == [third, first]


def test_editors_may_name_new_topics_on_the_article_form_but_staff_not_on_updates(
    editor_client, staff_user
):
    new_topics = 'name="new_topics"'
    for url in (f"{ARTICLES}add/", f"{UPDATES}add/"):
        page = editor_client.get(url).content.decode()
        assert new_topics in page
        assert 'id="add_id_topics"' not in page  # no popup window
    assert 'id="add_id_regions"' not in editor_client.get(f"{ARTICLES}add/").content.decode()
    editor_client.force_login(staff_user)
    assert new_topics not in editor_client.get(f"{UPDATES}add/").content.decode()


# 8. Staff: their own updates only ----------------------------------------------


class TestStaffInTheAdmin:
    def test_staff_see_only_their_own_updates(self, staff_client, staff_user):
        mine = UpdateFactory(author=staff_user.person, body="Mine")
        UpdateFactory(body="Someone else's")
        response = staff_client.get(UPDATES)
        assert response.status_code == 200
        assert results(response) == [mine]
        assert "Someone else" not in response.content.decode()

    def test_staff_cannot_open_or_change_someone_elses_update(self, staff_client):
        other = UpdateFactory(body="Not yours")
        url = f"{UPDATES}{other.pk}/change/"
        assert staff_client.get(url).status_code != 200
        response = staff_client.post(url, {"body": "Hijacked", "published_at_0": "", "link": ""})
        assert response.status_code != 200
        other.refresh_from_db()
        assert other.body == "Not yours"

    def test_staff_cannot_delete_someone_elses_update(self, staff_client):
        other = UpdateFactory()
        staff_client.post(f"{UPDATES}{other.pk}/delete/", {"post": "yes"})
        assert Update.objects.filter(pk=other.pk).exists()

    def test_staff_add_an_update_without_an_author_field_and_it_is_theirs(
        self, staff_client, staff_user
    ):
        someone = PersonFactory()
        topic = TopicFactory()
        form = staff_client.get(f"{UPDATES}add/")
        assert form.status_code == 200
        assert "author" not in form.context["adminform"].form.fields
        now = timezone.localtime()
        response = staff_client.post(
            f"{UPDATES}add/",
            {
                "body": "Our fellow testified today.",
                "link": "",
                "topics": [topic.pk],
                "published_at_0": now.strftime("%d/%m/%Y"),
                "published_at_1": now.strftime("%H:%M:%S"),
                "image": image_file(size=(40, 30)),
                "image_alt": "The committee room",
                "author": someone.pk,  # not on the form, so it must be ignored
            },
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        update = Update.objects.get()
        assert update.author == staff_user.person
        assert list(update.topics.all()) == [topic]
        assert (update.image_width, update.image_height) == (40, 30)
        assert results(staff_client.get(UPDATES)) == [update]

    def test_staff_edit_their_own_update_in_the_admin(self, staff_client, staff_user):
        mine = UpdateFactory(author=staff_user.person, body="Before")
        url = f"{UPDATES}{mine.pk}/change/"
        response = staff_client.post(url, form_data(staff_client.get(url), body="After"))
        assert response.status_code == 302
        mine.refresh_from_db()
        assert mine.body == "After"
        assert mine.author == staff_user.person

    def test_staff_can_use_the_topic_autocomplete_on_updates(self, staff_client):
        topic = TopicFactory(name="Counter-terrorism")
        response = autocomplete(staff_client, "update", "topics", "counter")
        assert response.status_code == 200
        assert [r["id"] for r in json.loads(response.content)["results"]] == [str(topic.pk)]

    def test_staff_delete_their_own_update_in_the_admin(self, staff_client, staff_user):
        mine = UpdateFactory(author=staff_user.person)
        response = staff_client.post(f"{UPDATES}{mine.pk}/delete/", {"post": "yes"})
        assert response.status_code == 302
        assert not Update.objects.filter(pk=mine.pk).exists()

    def test_staff_without_a_profile_cannot_add_updates(self, client):
        client.force_login(UserFactory(username="unlinked", is_staff=True, groups=["Staff"]))
        assert client.get(f"{UPDATES}add/").status_code == 403
        assert results(client.get(UPDATES)) == []

    def test_staff_cannot_open_someone_elses_article(self, staff_client):
        article = ArticleFactory()
        assert staff_client.get(f"{ARTICLES}{article.pk}/change/").status_code == 302


# 9. Editors manage everyone's updates --------------------------------------------


def test_editor_edits_anyones_update_including_its_author(editor_client, staff_user):
    update = UpdateFactory(author=staff_user.person, body="Typo here")
    other = PersonFactory()
    url = f"{UPDATES}{update.pk}/change/"
    response = editor_client.get(url)
    assert response.status_code == 200
    assert "author" in response.context["adminform"].form.fields
    response = editor_client.post(url, form_data(response, body="Fixed", author=str(other.pk)))
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.body == "Fixed"
    assert update.author == other


def test_editor_sees_everyones_updates(editor_client, staff_user):
    UpdateFactory(author=staff_user.person)
    UpdateFactory()
    assert len(results(editor_client.get(UPDATES))) == 2


def test_help_texts_read_whole_in_the_admin(editor_client):
    # Admin help texts are HTML: anything in angle brackets would vanish.
    assert "/articles/this-slug/" in editor_client.get(f"{ARTICLES}add/").content.decode()
    assert "/people/this-slug/" in editor_client.get("/admin/people/person/add/").content.decode()
