"""People in the admin: editors manage every profile, staff edit only their own."""

import json

import pytest

from articles.models import ArticleAuthor
from people.admin import EDITOR_ONLY_FIELDS
from people.models import Person, PersonLink
from tests.helpers.admin import autocomplete, results
from tests.helpers.factories import (
    ArticleFactory,
    PersonFactory,
    TopicFactory,
    UpdateFactory,
    UserFactory,
    image_file,
)
from tests.helpers.files import not_an_image
from tests.helpers.forms import form_data, management_form
from tests.helpers.people import PEOPLE, change_url, delete_url, person_form

pytestmark = pytest.mark.django_db

# Editors ---------------------------------------------------------------------


class TestEditors:
    def test_editor_adds_a_person_with_a_portrait_expertise_and_links(self, editor_client):
        topic = TopicFactory(name="Defence cooperation")
        response = editor_client.post(
            f"{PEOPLE}add/",
            person_form(
                photo=image_file("portrait.png", size=(80, 80), fmt="PNG"),
                expertise=[topic.pk],
                **management_form("links", 3),
                **{"links-0-label": "Bluesky", "links-0-url": "https://bsky.app/x"},
                **{"links-0-order": "2"},
                **{"links-1-label": "Google Scholar", "links-1-url": "https://scholar.example"},
                **{"links-1-order": "1"},
                **{"links-2-label": "", "links-2-url": "", "links-2-order": "0"},
            ),
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        person = Person.objects.get()
        assert person.slug == "amina-rahman"
        assert (person.photo_width, person.photo_height) == (80, 80)
        assert person.photo.storage.exists(person.photo.name)
        assert list(person.expertise.all()) == [topic]
        assert [link.label for link in person.links.all()] == ["Google Scholar", "Bluesky"]
        assert editor_client.get(person.get_absolute_url()).status_code == 200

    def test_the_person_form_renders_the_links_inline_the_posts_rely_on(self, editor_client):
        html = editor_client.get(f"{PEOPLE}add/").content.decode()
        for name in ["links-TOTAL_FORMS", "links-0-label", "links-0-url", "links-0-order"]:
            assert f'name="{name}"' in html, name

    def test_a_portrait_that_is_not_an_image_is_refused(self, editor_client):
        response = editor_client.post(f"{PEOPLE}add/", person_form(photo=not_an_image()))
        assert response.status_code == 200
        assert list(response.context["adminform"].form.errors) == ["photo"]
        assert not Person.objects.exists()

    def test_editor_edits_anyone_and_links_their_login(self, editor_client, staff_user):
        person = PersonFactory(name="Bilal Khan", is_active=True, sort_order=100)
        PersonLink.objects.create(person=person, label="Old site", url="https://old.example")
        account = UserFactory(username="bilal")
        response = editor_client.get(change_url(person))
        assert response.status_code == 200
        data = form_data(
            response,
            role="Director of Research",
            kind=Person.Kind.BOARD,
            sort_order="5",
            user=str(account.pk),
            **{"links-0-label": "New site", "links-0-url": "https://new.example"},
        )
        del data["is_active"]  # unticked
        response = editor_client.post(change_url(person), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        person.refresh_from_db()
        assert person.role == "Director of Research"
        assert person.kind == Person.Kind.BOARD
        assert person.sort_order == 5
        assert person.is_active is False
        assert person.user == account
        assert [(link.label, link.url) for link in person.links.all()] == [
            ("New site", "https://new.example")
        ]

    def test_editor_edits_a_staff_members_profile(self, editor_client, staff_user):
        person = staff_user.person
        response = editor_client.post(
            change_url(person),
            form_data(editor_client.get(change_url(person)), short_bio="Edited by an editor."),
        )
        assert response.status_code == 302
        person.refresh_from_db()
        assert person.short_bio == "Edited by an editor."
        assert person.user == staff_user

    def test_editor_sees_everyone_in_the_people_list(self, editor_client, staff_user):
        PersonFactory.create_batch(2)
        assert len(results(editor_client.get(PEOPLE))) == 3

    def test_people_list_filters_by_kind_and_searches_by_name(self, editor_client):
        board = PersonFactory(name="Zainab Board", kind=Person.Kind.BOARD)
        PersonFactory(name="Other Fellow", kind=Person.Kind.FELLOW)
        assert results(editor_client.get(PEOPLE, {"kind__exact": "board"})) == [board]
        assert results(editor_client.get(PEOPLE, {"q": "zainab"})) == [board]

    def test_people_list_filters_by_active_and_hidden(self, editor_client):
        active = PersonFactory(is_active=True)
        hidden = PersonFactory(is_active=False)
        assert results(editor_client.get(PEOPLE, {"is_active__exact": "1"})) == [active]
        assert results(editor_client.get(PEOPLE, {"is_active__exact": "0"})) == [hidden]

    def test_people_list_filters_by_expertise(self, editor_client):
        topic = TopicFactory(slug="maritime")
        sailor = PersonFactory(name="Sailor")
        sailor.expertise.add(topic)
        PersonFactory(name="Landlubber").expertise.add(TopicFactory())
        assert results(editor_client.get(PEOPLE, {"expertise": "maritime"})) == [sailor]

    def test_view_on_site_link_shows_for_an_active_profile(self, editor_client):
        html = editor_client.get(change_url(PersonFactory(is_active=True))).content.decode()
        assert "viewsitelink" in html

    def test_view_on_site_link_is_absent_for_a_hidden_profile(self, editor_client):
        html = editor_client.get(change_url(PersonFactory(is_active=False))).content.decode()
        assert "viewsitelink" not in html


class TestDeletingPeople:
    def test_deleting_an_author_is_refused_and_the_bylines_are_listed(self, editor_client):
        author = PersonFactory(name="Amina Rahman")
        ArticleFactory(title="Pakistan and Libya", authors=[author])

        response = editor_client.get(delete_url(author))
        assert response.status_code == 200
        html = response.content.decode()
        assert "protected related objects" in html
        protected = html.split('<ul id="deleted-objects">')[1].split("</ul>")[0]
        assert "Amina Rahman" in protected
        assert "Pakistan and Libya" in protected  # which article holds the byline
        assert 'name="post"' not in html  # no confirm button

        response = editor_client.post(delete_url(author), {"post": "yes"})
        assert response.status_code == 200
        assert "protected related objects" in response.content.decode()
        assert Person.objects.filter(pk=author.pk).exists()
        assert ArticleAuthor.objects.filter(person=author).exists()

    def test_deleting_someone_with_updates_is_refused(self, editor_client):
        update = UpdateFactory(body="Our fellow testified.")
        response = editor_client.post(delete_url(update.author), {"post": "yes"})
        assert "protected related objects" in response.content.decode()
        assert Person.objects.filter(pk=update.author.pk).exists()

    def test_a_person_with_no_bylines_or_updates_can_be_deleted(self, editor_client):
        person = PersonFactory()
        PersonLink.objects.create(person=person, label="Site", url="https://example.org")
        assert "Are you sure" in editor_client.get(delete_url(person)).content.decode()
        response = editor_client.post(delete_url(person), {"post": "yes"})
        assert response.status_code == 302
        assert not Person.objects.filter(pk=person.pk).exists()
        assert not PersonLink.objects.exists()


# Rich text -------------------------------------------------------------------


def test_a_biography_posted_through_the_admin_is_sanitised(editor_client):
    person = PersonFactory(slug="amina-rahman", is_active=True)
    bio = (
        '<h2 id="evil">Career</h2>'
        '<p onclick="steal()">Worked at <a href="javascript:alert(1)">the ministry</a> and '
        '<a href="https://example.org/cv" onmouseover="steal()">elsewhere</a>.</p>'
        '<img src="x" onerror="alert(1)">'
        "<script>alert(2)</script>"
    )
    response = editor_client.post(
        change_url(person), form_data(editor_client.get(change_url(person)), bio=bio)
    )
    assert response.status_code == 302
    person.refresh_from_db()
    for dangerous in [
        "onerror",
        "onclick",
        "onmouseover",
        "javascript:",
        "<img",
        "<script",
        "alert",
    ]:
        assert dangerous not in person.bio, dangerous
    assert '<h2 id="career">Career</h2>' in person.bio
    assert "the ministry</a>" in person.bio
    assert 'href="https://example.org/cv"' in person.bio
    page = editor_client.get(person.get_absolute_url()).content.decode()
    assert "javascript:alert" not in page
    assert "onerror" not in page


# Staff -----------------------------------------------------------------------


class TestStaffEditTheirOwnProfile:
    def test_staff_see_only_their_own_profile(self, staff_client, staff_user):
        PersonFactory(name="Someone Else")
        response = staff_client.get(PEOPLE)
        assert response.status_code == 200
        assert results(response) == [staff_user.person]
        assert "Someone Else" not in response.content.decode()

    def test_staff_change_their_own_bio_and_short_bio(self, staff_client, staff_user):
        person = staff_user.person
        response = staff_client.get(change_url(person))
        assert response.status_code == 200
        response = staff_client.post(
            change_url(person),
            form_data(
                response,
                short_bio="I work on arms control.",
                bio="<p>Fifteen years on <em>arms control</em>.</p>",
            ),
        )
        assert response.status_code == 302
        person.refresh_from_db()
        assert person.short_bio == "I work on arms control."
        assert person.bio == "<p>Fifteen years on <em>arms control</em>.</p>"
        page = staff_client.get(person.get_absolute_url()).content.decode()
        assert "Fifteen years on <em>arms control</em>." in page

    def test_staff_add_and_edit_the_links_on_their_own_profile(self, staff_client, staff_user):
        person = staff_user.person
        link = person.links.create(label="Old site", url="https://old.example", order=1)
        data = form_data(staff_client.get(change_url(person)))
        assert data["links-0-id"] == str(link.pk)
        data |= {
            "links-0-label": "Bluesky",
            "links-0-url": "https://bsky.example/me",
            "links-1-label": "Google Scholar",
            "links-1-url": "https://scholar.example/me",
            "links-1-order": "0",
        }
        response = staff_client.post(change_url(person), data)
        assert response.status_code == 302
        assert [(link.label, link.url) for link in person.links.all()] == [
            ("Google Scholar", "https://scholar.example/me"),
            ("Bluesky", "https://bsky.example/me"),
        ]

    def test_staff_cannot_take_over_someone_elses_link_through_their_inline(
        self, staff_client, staff_user
    ):
        other = PersonFactory()
        theirs = other.links.create(label="Theirs", url="https://theirs.example")
        data = form_data(staff_client.get(change_url(staff_user.person)))
        data |= {
            **management_form("links", 1, initial=1),
            "links-0-id": str(theirs.pk),
            "links-0-person": str(staff_user.person.pk),
            "links-0-label": "Hijacked",
            "links-0-url": "https://evil.example",
        }
        staff_client.post(change_url(staff_user.person), data)
        theirs.refresh_from_db()
        assert (theirs.person, theirs.label, theirs.url) == (
            other,
            "Theirs",
            "https://theirs.example",
        )
        assert not staff_user.person.links.exists()

    def test_staff_pick_their_expertise_with_the_topic_autocomplete(self, staff_client):
        topic = TopicFactory(name="Arms control")
        TopicFactory(name="Energy")
        response = autocomplete(staff_client, "person", "expertise", "arms", app_label="people")
        assert response.status_code == 200
        assert json.loads(response.content)["results"] == [
            {"id": str(topic.pk), "text": "Arms control"}
        ]

    def test_staff_bio_is_sanitised_too(self, staff_client, staff_user):
        person = staff_user.person
        staff_client.post(
            change_url(person),
            form_data(
                staff_client.get(change_url(person)),
                bio='<p>Me</p><a href="javascript:alert(1)" onclick="x()">link</a>',
            ),
        )
        person.refresh_from_db()
        assert person.bio.startswith("<p>Me</p>")
        assert "javascript:" not in person.bio
        assert "onclick" not in person.bio

    def test_staff_see_their_login_as_text_not_a_link_they_cannot_open(
        self, staff_client, staff_user
    ):
        html = staff_client.get(change_url(staff_user.person)).content.decode()
        assert "staffer" in html
        assert f"/admin/auth/user/{staff_user.pk}/" not in html

    def test_editor_only_fields_are_read_only_for_staff(self, staff_client, staff_user):
        person = staff_user.person
        person.is_active = False  # an editor has hidden the profile
        person.save()
        response = staff_client.get(change_url(person))
        form = response.context["adminform"].form
        for name in EDITOR_ONLY_FIELDS:
            assert name not in form.fields, name
        assert set(EDITOR_ONLY_FIELDS) <= set(response.context["adminform"].readonly_fields)

        other_account = UserFactory(username="other")
        response = staff_client.post(
            change_url(person),
            form_data(
                response,
                short_bio="Changed",
                slug="hijacked",
                kind=Person.Kind.BOARD,
                user=str(other_account.pk),
                is_active="on",
                sort_order="1",
            ),
        )
        assert response.status_code == 302
        person.refresh_from_db()
        assert person.short_bio == "Changed"
        assert person.slug == "staff-member"
        assert person.kind == Person.Kind.STAFF
        assert person.user == staff_user
        assert person.is_active is False
        assert person.sort_order == 100

    def test_staff_cannot_see_or_change_someone_elses_profile(self, staff_client):
        other = PersonFactory(name="Someone Else", short_bio="Original.")
        assert staff_client.get(change_url(other)).status_code != 200
        response = staff_client.post(
            change_url(other),
            {"name": "Hacked", "role": "", "short_bio": "Defaced.", "bio": "", "media_email": ""},
        )
        assert response.status_code != 200
        other.refresh_from_db()
        assert (other.name, other.short_bio) == ("Someone Else", "Original.")

    def test_staff_cannot_add_or_delete_people(self, staff_client, staff_user):
        assert staff_client.get(f"{PEOPLE}add/").status_code == 403
        assert staff_client.post(f"{PEOPLE}add/", person_form()).status_code == 403
        assert not Person.objects.filter(slug="amina-rahman").exists()
        response = staff_client.post(delete_url(staff_user.person), {"post": "yes"})
        assert response.status_code == 403
        assert Person.objects.filter(pk=staff_user.person.pk).exists()

    def test_an_admin_account_outside_the_staff_group_cannot_edit_its_profile(self, client):
        user = UserFactory(username="intern", is_staff=True)
        person = PersonFactory(user=user, short_bio="Original.")
        client.force_login(user)
        assert client.get(change_url(person)).status_code == 403
        person.refresh_from_db()
        assert person.short_bio == "Original."
